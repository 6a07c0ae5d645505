import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { fromText } from '../loading/sources';
import { createAppStore, StoreContext, type AppStore } from '../store/create-store';
import { createCoreClient } from '../test-support/core-client';
import { repoFile } from '../test-support/repo-file';
import { FailureView } from './Failure/FailureView';
import { StartPage } from './Start/StartPage';
import { StepsView } from './Steps/StepsView';
import { SummaryView } from './Summary/SummaryView';

afterEach(cleanup);

const PARALLEL = repoFile('e2e/fixtures/multistage-parallel.log');
// `#7 [4/5] RUN … make -C build all` exits 127 (make: not found).
const FAILED = repoFile('src/formats/fixtures/plain/d26-10-fail-run.plain.log');

async function loaded(text: string): Promise<AppStore> {
  const store = createAppStore(createCoreClient());
  await store.getState().load(fromText(text));
  return store;
}

const withStore = (store: AppStore, ui: React.ReactNode) =>
  render(<StoreContext.Provider value={store}>{ui}</StoreContext.Provider>);

describe('SummaryView', () => {
  it('shows the build totals in a region named "Build summary"', async () => {
    const store = await loaded(PARALLEL);
    withStore(store, <SummaryView />);
    const region = screen.getByRole('region', { name: 'Build summary' });
    expect(within(region).getByTestId('summary-steps').textContent).toBe('13');
    expect(region.textContent).toContain('0 cached · 13 executed');
    expect(region.textContent).toContain('Estimated');
  });
});

describe('SummaryView of a failed build', () => {
  it('says the failed step is not in the summed time: the log gives it none', async () => {
    const store = await loaded(FAILED);
    withStore(store, <SummaryView />);
    const region = screen.getByRole('region', { name: 'Build summary' });
    // #7 ends in `ERROR: process … did not complete successfully`, with no DONE time.
    expect(region.textContent).toContain(
      'not counting 1 failed or canceled step, which the log gives no time',
    );
  });
});

describe('StepsView', () => {
  it('moves through the rows with the keyboard and selects with Enter', async () => {
    const store = await loaded(PARALLEL);
    withStore(store, <StepsView />);
    const grid = screen.getByRole('grid', { name: 'Steps' });
    expect(grid.getAttribute('aria-rowcount')).toBe('14');
    // Sorted by start: #1 first.
    expect(grid.getAttribute('aria-activedescendant')).toBe('step-row-0');
    fireEvent.keyDown(grid, { key: 'ArrowDown' });
    expect(grid.getAttribute('aria-activedescendant')).toBe('step-row-1');
    fireEvent.keyDown(grid, { key: 'End' });
    const last = grid.getAttribute('aria-activedescendant');
    fireEvent.keyDown(grid, { key: 'Enter' });
    expect(`step-row-${store.getState().view.step}`).toBe(last);
  });

  it('filters by the search box', async () => {
    const store = await loaded(PARALLEL);
    withStore(store, <StepsView />);
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search steps' }), {
      target: { value: 'final' },
    });
    expect(screen.getByTestId('steps-shown').textContent).toBe('3 of 13 steps');
  });
});

describe('FailureView', () => {
  it('leads with the failing step, its exit code and the cause', async () => {
    const store = await loaded(FAILED);
    withStore(store, <FailureView />);
    const region = screen.getByRole('region', { name: 'The build failed' });
    expect(within(region).getByTestId('exit-code').textContent).toBe('127');
    expect(region.textContent).toContain('make -C build all');
    expect(region.textContent).toMatch(/make.*not installed|not found/);
    expect(document.activeElement?.textContent).toBe('The build failed');
  });

  it('is absent for a build that succeeded', async () => {
    const store = await loaded(PARALLEL);
    withStore(store, <FailureView />);
    expect(screen.queryByRole('region', { name: 'The build failed' })).toBeNull();
  });
});

describe('StartPage', () => {
  it('reads a paste into the empty box at once', async () => {
    const store = createAppStore(createCoreClient());
    withStore(store, <StartPage onOpen={() => {}} />);
    const box = screen.getByLabelText('Build log');
    await act(async () => {
      fireEvent.paste(box, { clipboardData: { getData: () => PARALLEL } });
    });
    expect(store.getState().loading.status).toBe('done');
    expect(store.getState().doc?.label).toBe('pasted text');
  });
});
