import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { openDetails } from '../../test-support/open-details';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { fromText } from '../../loading/sources';
import { createAppStore, StoreContext, type AppStore } from '../../store/create-store';
import { createCoreClient } from '../../test-support/core-client';
import { repoFile } from '../../test-support/repo-file';
import { TimelineView } from './TimelineView';

const PARALLEL = repoFile('e2e/fixtures/multistage-parallel.log');
const FAIL_CANCEL = repoFile(
  'src/formats/fixtures/rawjson/d26-14-fail-parallel-cancel.rawjson.log',
);

// recharts' ResponsiveContainer measures its box; jsdom lays nothing out, so it is given one.
const realRect = HTMLElement.prototype.getBoundingClientRect;
beforeAll(() => {
  vi.stubGlobal(
    'ResizeObserver',
    class {
      observe() {}
      unobserve() {}
      disconnect() {}
    },
  );
  HTMLElement.prototype.getBoundingClientRect = () => new DOMRect(0, 0, 1000, 240);
});
afterAll(() => {
  vi.unstubAllGlobals();
  HTMLElement.prototype.getBoundingClientRect = realRect;
});
afterEach(cleanup);

async function shown(text: string): Promise<AppStore> {
  const store = createAppStore(createCoreClient());
  await store.getState().load(fromText(text));
  render(
    <StoreContext.Provider value={store}>
      <TimelineView />
    </StoreContext.Provider>,
  );
  return store;
}

const figure = () => screen.getByRole('figure', { name: 'Timeline' });
const bars = () => within(figure()).getAllByRole('button', { name: /^#\d+ / });

describe('TimelineView', () => {
  it('draws a bar for every step, with one tab stop among them', async () => {
    await shown(PARALLEL);
    expect(bars()).toHaveLength(13);
    const stops = bars().filter((b) => b.getAttribute('tabindex') === '0');
    expect(stops).toHaveLength(1);
    expect(
      bars()
        .find((b) => b.getAttribute('aria-label')!.startsWith('#9 '))!
        .getAttribute('aria-label'),
    ).toContain('Group: build-a, Start: about 100 ms');
    expect(figure().textContent).toContain('Estimated times:');
  });

  it('selects the step of a clicked bar and marks it', async () => {
    const store = await shown(PARALLEL);
    const b9 = bars().find((b) => b.getAttribute('aria-label')!.startsWith('#9 '))!;
    fireEvent.click(b9.querySelector('rect')!);
    expect(store.getState().view.step).toBe(8);
    const selected = bars().filter((b) => b.getAttribute('aria-current') === 'true');
    expect(selected.map((b) => b.getAttribute('data-step'))).toEqual(['8']);
  });

  it('moves between bars with the arrow keys and selects with Enter', async () => {
    const store = await shown(PARALLEL);
    const first = bars().find((b) => b.getAttribute('tabindex') === '0')!;
    act(() => first.focus());
    fireEvent.keyDown(first, { key: 'End' });
    const last = document.activeElement as Element;
    expect(last.getAttribute('aria-label')).toMatch(/^#13 exporting to image/);
    expect(last.getAttribute('tabindex')).toBe('0');
    fireEvent.keyDown(last, { key: 'ArrowLeft' });
    expect(document.activeElement!.getAttribute('aria-label')).toMatch(/^#12 /);
    fireEvent.keyDown(document.activeElement!, { key: 'Enter' });
    expect(store.getState().view.step).toBe(11);
  });

  it('zooms with the buttons and the keys, and draws only the bars in the window', async () => {
    const store = await shown(PARALLEL);
    fireEvent.click(screen.getByRole('button', { name: 'Zoom in' }));
    const wall = store.getState().doc!.builds[0].wallMs!;
    expect(store.getState().view.zoom).toEqual([wall / 4, (wall * 3) / 4]);
    // Only build-a and build-b run through the middle half of the build.
    expect(
      bars()
        .map((b) => b.getAttribute('aria-label')!.split(' ')[0])
        .sort(),
    ).toEqual(['#8', '#9']);
    fireEvent.click(screen.getByRole('button', { name: 'Reset zoom' }));
    expect(store.getState().view.zoom).toBeNull();
    expect(bars()).toHaveLength(13);

    const stop = bars().find((b) => b.getAttribute('tabindex') === '0')!;
    act(() => stop.focus());
    fireEvent.keyDown(stop, { key: '+' });
    const zoom = store.getState().view.zoom!;
    expect(zoom[1] - zoom[0]).toBeCloseTo(wall / 2);
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowRight', shiftKey: true });
    expect(store.getState().view.zoom![0]).toBeCloseTo(zoom[0] + (wall / 2) * 0.1);
    fireEvent.keyDown(document.activeElement!, { key: '0' });
    expect(store.getState().view.zoom).toBeNull();
  });

  it('lists the steps without times and offers the whole timeline as a table', async () => {
    await shown(FAIL_CANCEL);
    expect(figure().textContent).toContain('2 steps have no times:');
    // The rows are made when the table is opened.
    expect(screen.queryByRole('table', { name: 'Timeline data' })).toBeNull();
    openDetails('Timeline as a table');
    const table = screen.getByRole('table', { name: 'Timeline data' });
    const headers = within(table)
      .getAllByRole('columnheader')
      .map((h) => h.textContent);
    expect(headers).toEqual([
      'Step',
      'Name',
      'Group',
      'Start',
      'End',
      'Duration',
      'Status',
      'Critical path',
    ]);
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(8);
    // Steps without times come last, with dashes for the times.
    expect(rows.at(-1)!.textContent).toContain('COPY --from=slow');
    expect(rows.at(-1)!.textContent).toContain('—');
    expect(rows.some((r) => r.textContent!.includes('failed'))).toBe(true);
  });
});
