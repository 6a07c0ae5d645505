import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StoreContext, type AppStore } from '../../store/create-store';
import { BuildView } from '../Build/BuildView';
import { LogView } from './LogView';
import { realDoc, storeWith, type RealDoc } from '../../test-support/real-doc';
import { repoFile } from '../../test-support/repo-file';

const RENDER = repoFile(
  'src/analysis/fixtures/ci-render-deploy-nanosecond-ts-local-cache-import-lazy-pull.log',
);
const LAMBDA = repoFile('src/analysis/fixtures/plain-python-pip-multistage-parallel-lambda.log');
const CANCELED = repoFile('src/analysis/fixtures/plain-short-canceled-context-canceled.log');

// jsdom lays nothing out: give the scroller a size and a working scrollTo, so
// the virtualizer renders the rows a 600 px window would show.
const proto = HTMLElement.prototype;
const saved = ['clientHeight', 'clientWidth', 'scrollHeight'].map(
  (k) => [k, Object.getOwnPropertyDescriptor(Element.prototype, k)] as const,
);
let scrolledIntoView: ReturnType<typeof vi.fn>;

beforeEach(() => {
  Object.defineProperty(proto, 'clientHeight', { configurable: true, get: () => 600 });
  Object.defineProperty(proto, 'clientWidth', { configurable: true, get: () => 1000 });
  Object.defineProperty(proto, 'scrollHeight', { configurable: true, get: () => 1e7 });
  proto.scrollTo = function (this: HTMLElement, opts?: ScrollToOptions | number) {
    if (typeof opts === 'object' && opts.top !== undefined) this.scrollTop = opts.top;
    this.dispatchEvent(new Event('scroll'));
  } as HTMLElement['scrollTo'];
  scrolledIntoView = vi.fn();
  proto.scrollIntoView = scrolledIntoView as unknown as HTMLElement['scrollIntoView'];
});

afterEach(() => {
  cleanup();
  for (const k of ['clientHeight', 'clientWidth', 'scrollHeight']) delete (proto as never)[k];
  for (const [k, d] of saved) if (d) Object.defineProperty(Element.prototype, k, d);
  delete (proto as Partial<HTMLElement>).scrollTo;
  delete (proto as Partial<HTMLElement>).scrollIntoView;
});

const show = (store: AppStore, ui: React.ReactNode = <LogView />) =>
  render(<StoreContext.Provider value={store}>{ui}</StoreContext.Provider>);

const row = (n: number) => document.querySelector<HTMLElement>(`[data-line="${n}"]`);
const cells = (el: HTMLElement) =>
  within(el)
    .getAllByRole('cell')
    .map((c) => c.textContent);

/**
 * The client's line answers held until `release()`, to see the rows before
 * their page arrives; `asked` has the requests as they are made.
 */
function gated(real: RealDoc) {
  const waiting: (() => void)[] = [];
  const asked: { from: number; count: number }[] = [];
  const answer = real.client.lines;
  real.client.lines = (from, count) => {
    asked.push({ from, count });
    return new Promise((resolve) => waiting.push(() => resolve(answer(from, count))));
  };
  const release = async () => {
    await act(async () => {
      while (waiting.length) waiting.shift()!();
    });
  };
  return { asked, release };
}

describe('LogView', () => {
  it('shows every line with where it went, the one outside any build too', async () => {
    const real = realDoc(CANCELED);
    show(storeWith(real));
    expect(screen.getByRole('heading', { level: 2, name: 'Whole log' })).toBeTruthy();
    const table = screen.getByRole('table', { name: 'Lines of the log' });
    expect(table.getAttribute('aria-rowcount')).toBe('30');
    await waitFor(() => expect(row(29)).toBeTruthy());
    const all = real.lines.lines(0, 29);
    expect(table.querySelectorAll('[data-line]')).toHaveLength(29);
    const out = all.find((l) => l.role === 'outside')!;
    expect(cells(row(out.n + 1)!)).toEqual([`${out.n + 1}`, 'outside any build', '', out.text]);
    const step = real.doc.builds[0].steps[3];
    expect(cells(row(step.firstLine! + 1)!).slice(0, 3)).toEqual([
      `${step.firstLine! + 1}`,
      'step status',
      '#4',
    ]);
    // The rows' box is as tall as all 29 rows, so the last one can be scrolled to.
    expect(within(table).getAllByRole('rowgroup')[1].style.height).toBe(`${29 * 20}px`);
    expect(real.calls).toEqual([{ from: 0, count: 29 }]);
  });

  it('fetches pages as the log scrolls, with placeholder rows until they arrive', async () => {
    const real = realDoc(LAMBDA);
    const { asked, release } = gated(real);
    show(storeWith(real));
    expect(screen.getAllByText('loading…').length).toBeGreaterThan(0);
    expect(row(1)).toBeNull();
    await release();
    expect(row(1)).toBeTruthy();
    expect(asked).toEqual([{ from: 0, count: 500 }]);
    // Scroll to line 561: its page (500–633) is asked for, and shown once it comes.
    const scroller = screen.getByRole('table', { name: 'Lines of the log' });
    act(() => scroller.scrollTo({ top: 24 + 560 * 20 }));
    await waitFor(() => expect(asked).toContainEqual({ from: 500, count: 134 }));
    expect(row(561)).toBeNull();
    expect(screen.getAllByText('loading…').length).toBeGreaterThan(0);
    await release();
    expect(cells(row(561)!)[3]).toBe(real.lines.line(560).text);
  });

  it('brings a line asked for into view and marks it, again when asked again', async () => {
    const real = realDoc(LAMBDA);
    const store = storeWith(real);
    show(store);
    await waitFor(() => expect(row(1)).toBeTruthy());
    act(() => store.getState().showLine(600));
    await waitFor(() => expect(row(601)?.getAttribute('aria-current')).toBe('true'));
    expect(row(601)!.className).toContain('log-current');
    expect(document.querySelectorAll('[aria-current]')).toHaveLength(1);
    expect(scrolledIntoView).toHaveBeenCalledTimes(1);
    expect(scrolledIntoView.mock.contexts[0]).toBe(
      screen.getByRole('region', { name: 'Whole log' }),
    );
    // The user scrolls away; asking for the same line (through null) scrolls back.
    const scroller = screen.getByRole('table', { name: 'Lines of the log' });
    act(() => scroller.scrollTo({ top: 0 }));
    await waitFor(() => expect(row(601)).toBeNull());
    act(() => {
      store.getState().showLine(null);
      store.getState().showLine(600);
    });
    await waitFor(() => expect(row(601)).toBeTruthy());
    expect(scrolledIntoView).toHaveBeenCalledTimes(2);
  });

  it('filters to the lines outside any build, and drops the filter for a line it hides', async () => {
    const real = realDoc(RENDER);
    const store = storeWith(real);
    show(store);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Only lines outside any build' }));
    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toBe('53 lines outside any build.'),
    );
    const shown = [...document.querySelectorAll<HTMLElement>('[data-line]')];
    expect(shown.length).toBeGreaterThan(20);
    expect(shown.every((r) => cells(r)[1] === 'outside any build')).toBe(true);
    const inBuild = real.doc.builds[0].steps[0].firstLine!;
    act(() => store.getState().showLine(inBuild));
    const box = screen.getByRole<HTMLInputElement>('checkbox', {
      name: 'Only lines outside any build',
    });
    await waitFor(() => expect(box.checked).toBe(false));
    await waitFor(() => expect(row(inBuild + 1)?.getAttribute('aria-current')).toBe('true'));
  });

  it('goes to a line typed in, and says when there is no such line', async () => {
    const store = storeWith(realDoc(LAMBDA));
    show(store);
    const input = screen.getByRole('spinbutton', { name: 'Go to line' });
    fireEvent.change(input, { target: { value: '999' } });
    fireEvent.click(screen.getByRole('button', { name: 'Go' }));
    expect(screen.getByText('Enter a line from 1 to 634.')).toBeTruthy();
    expect(store.getState().view.line).toBeNull();
    fireEvent.change(input, { target: { value: '320' } });
    fireEvent.click(screen.getByRole('button', { name: 'Go' }));
    expect(store.getState().view.line).toBe(319);
    await waitFor(() => expect(row(320)?.getAttribute('aria-current')).toBe('true'));
  });

  it('is the whole view of a log with no build in it', async () => {
    const real = realDoc('Run ./deploy.sh\nuploading artifacts\ndone in 3s\n');
    expect(real.doc.builds).toHaveLength(0);
    show(storeWith(real), <BuildView />);
    expect(screen.getByRole('heading', { name: 'Whole log' })).toBeTruthy();
    await waitFor(() => expect(row(3)).toBeTruthy());
    expect(cells(row(2)!)).toEqual(['2', 'outside any build', '', 'uploading artifacts']);
    expect(screen.getByTestId('log-counts').textContent).toBe(
      '3 lines: 0 attributed to a build, 3 outside any build.',
    );
  });
});
