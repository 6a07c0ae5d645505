import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StoreContext, type AppStore } from '../../store/create-store';
import { realDoc, storeWith } from '../../test-support/real-doc';
import { InsightsView } from './InsightsView';
import { repoFile } from '../../test-support/repo-file';

const NPM_CHANGED = repoFile('src/analysis/fixtures/d26-05-npm-pkgjson-changed.plain.log');
const LAMBDA = repoFile('src/analysis/fixtures/plain-python-pip-multistage-parallel-lambda.log');
const TARGET_MOUNT = repoFile('src/analysis/fixtures/pip-target-mount-run1.plain.log');

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const show = (store: AppStore) =>
  render(
    <StoreContext.Provider value={store}>
      <InsightsView />
    </StoreContext.Provider>,
  );

describe('InsightsView', () => {
  it('lists the findings by time at stake, each with its severity in words', () => {
    show(storeWith(realDoc(LAMBDA)));
    expect(screen.getByRole('heading', { level: 2, name: 'Findings' })).toBeTruthy();
    const titles = screen.getAllByRole('heading', { level: 3 }).map((h) => h.textContent);
    expect(titles).toHaveLength(4);
    expect(titles[0]).toMatch(/^Medium: No cache mount for apt and pip/);
    expect(titles[1]).toMatch(/^Low: No cache mount for apt:/);
    const first = screen.getAllByRole('article')[0];
    expect(first.textContent).toContain('Time at stake: 5.1 s');
    expect(within(first).getByText(/^Add a cache mount for each tool/)).toBeTruthy();
  });

  it('links a finding to its step and to its lines, ten at first', () => {
    const real = realDoc(LAMBDA);
    const store = storeWith(real);
    show(store);
    const first = screen.getAllByRole('article')[0];
    fireEvent.click(within(first).getByRole('button', { name: /\[builder 4\/4\] RUN apt-get/ }));
    expect(store.getState().view.step).toBe(7);
    const lines = () => within(first).getAllByRole('button', { name: /^line \d+$/ });
    expect(lines().map((b) => b.textContent)).toEqual(
      real.doc.builds[0].findings[0].lines.slice(0, 10).map((n) => `line ${n + 1}`),
    );
    fireEvent.click(within(first).getByRole('button', { name: 'line 48' }));
    expect(store.getState().view.line).toBe(47);
    const more = within(first).getByRole('button', { name: '+72 more' });
    expect(more.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(more);
    expect(lines()).toHaveLength(82);
    expect(
      within(first).getByRole('button', { name: 'fewer lines' }).getAttribute('aria-expanded'),
    ).toBe('true');
  });

  it('keeps the line breaks of the detail and copies the Dockerfile snippet', async () => {
    const writeText = vi.fn(async () => {});
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    show(storeWith(realDoc(TARGET_MOUNT)));
    const failure = screen.getAllByRole('article')[0];
    const detail = failure.querySelector('.insight-detail')!;
    expect(detail.textContent).toContain('Its last 1 line:\n    ls: cannot access');
    const snippet = failure.querySelector('pre')!.textContent!;
    await act(async () => {
      fireEvent.click(within(failure).getByRole('button', { name: 'Copy the Dockerfile snippet' }));
    });
    expect(writeText).toHaveBeenCalledWith(snippet);
    expect(within(failure).getByRole('status').textContent).toBe('Copied.');
  });

  it('says so when the clipboard refuses', async () => {
    vi.stubGlobal('navigator', {
      ...navigator,
      clipboard: { writeText: async () => Promise.reject(new Error('denied')) },
    });
    show(storeWith(realDoc(TARGET_MOUNT)));
    const failure = screen.getAllByRole('article')[0];
    await act(async () => {
      fireEvent.click(within(failure).getByRole('button', { name: 'Copy the Dockerfile snippet' }));
    });
    expect(within(failure).getByRole('status').textContent).toMatch(/^Could not copy/);
  });

  it('has an empty state', () => {
    show(storeWith(realDoc(NPM_CHANGED)));
    expect(screen.getByText('No findings for this build.')).toBeTruthy();
    expect(screen.queryAllByRole('article')).toHaveLength(0);
  });
});
