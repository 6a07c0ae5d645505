import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { openDetails } from '../../test-support/open-details';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { fromText } from '../../loading/sources';
import { createAppStore, StoreContext, type AppStore } from '../../store/create-store';
import { createCoreClient } from '../../test-support/core-client';
import { repoFile } from '../../test-support/repo-file';
import { TimePerKindView } from './TimePerKindView';
import { TimePerStepView } from './TimePerStepView';

// 75 steps of four compose services built with bake.
const BAKE = repoFile(
  'src/analysis/packages/fixtures/plain-easypanel-compose-bake-4-services-uv-pnpm-nextjs.log',
);
const PARALLEL = repoFile('e2e/fixtures/multistage-parallel.log');

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
  HTMLElement.prototype.getBoundingClientRect = () => new DOMRect(0, 0, 640, 440);
});
afterAll(() => {
  vi.unstubAllGlobals();
  HTMLElement.prototype.getBoundingClientRect = realRect;
});
afterEach(cleanup);

async function shown(text: string, ui: React.ReactNode): Promise<AppStore> {
  const store = createAppStore(createCoreClient());
  await store.getState().load(fromText(text));
  render(<StoreContext.Provider value={store}>{ui}</StoreContext.Provider>);
  return store;
}

const section = (name: string) =>
  screen.getByRole('heading', { level: 2, name }).closest('section')!;

describe('TimePerStepView', () => {
  it('draws the twelve slowest steps and one bar for all the others', async () => {
    await shown(BAKE, <TimePerStepView />);
    const chart = section('Time per step');
    expect(chart.querySelectorAll('rect.chart-bar')).toHaveLength(13);
    expect(chart.querySelectorAll('rect.chart-bar-step')).toHaveLength(12);
    expect(chart.textContent).toMatch(/all others \(\d+ steps\)/);
    // Status colours fill the step bars; the folded bar is plain.
    const fills = [...chart.querySelectorAll<SVGRectElement>('rect.chart-bar')].map(
      (r) => r.style.fill,
    );
    // (these steps all ran: "done" is the one solid status)
    expect(fills.slice(0, 12).every((f) => f === 'var(--status-done)')).toBe(true);
    expect(fills[12]).toBe('var(--muted)');
  });

  it('selects a step from its bar, and from the table of all steps, slowest first', async () => {
    const store = await shown(BAKE, <TimePerStepView />);
    const chart = section('Time per step');
    fireEvent.click(chart.querySelector('rect.chart-bar-step')!);
    const slowest = store
      .getState()
      .doc!.builds[0].steps.reduce((a, b) => ((b.durationMs ?? 0) > (a.durationMs ?? 0) ? b : a));
    expect(store.getState().view.step).toBe(slowest.index);

    openDetails('Time per step as a table');
    const table = within(chart).getByRole('table', { name: 'Time per step' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(75);
    expect(rows[0].textContent).toContain(slowest.name);
    fireEvent.click(within(rows[1]).getByRole('button'));
    expect(store.getState().view.step).not.toBe(slowest.index);
  });
});

describe('TimePerKindView', () => {
  it('shows the kinds of work that took time, in plain words, as bars and as a table', async () => {
    await shown(PARALLEL, <TimePerKindView />);
    const chart = section('Time per kind of work');
    expect(chart.querySelectorAll('rect.chart-bar')).toHaveLength(2);
    const table = within(chart).getByRole('table', { name: 'Time per kind of work' });
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((r) => [...r.querySelectorAll('td')].map((c) => c.textContent));
    expect(rows).toEqual([
      ['RUN', '6.9 s', '99%'],
      ['other', '100 ms', '1%'],
    ]);
  });
});
