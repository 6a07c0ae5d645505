import { expect, test } from '@playwright/test';
import {
  loadingState,
  removeDir,
  summarySteps,
  tempDir,
  waitForLoad,
  writeBigLog,
} from './helpers';

/** What the init script and the store subscription below record in the page. */
type Probe = {
  longTasks: { startMs: number; durationMs: number }[];
  progressSeen: string | null;
  loadStartMs: number | null;
  loadEndMs: number | null;
  themeChange: { theme: string; status: string; atMs: number } | null;
};
type ProbeWindow = Window & { probe?: Probe };

// The generated log's folder, removed after the test (the browser reads the file
// from its path while it loads, so not before).
let dir: string | null = null;
test.afterEach(() => {
  if (dir) removeDir(dir);
  dir = null;
});

/**
 * Speed is reported, not asserted (STYLE.md: performance is measured by the
 * benchmark script). What is asserted: the log is read, the progress bar was
 * shown, and the page kept answering input while the worker read the log.
 */
test('a 20 MB log loads through the file chooser while the page stays responsive', async ({
  page,
}) => {
  test.setTimeout(120_000);
  // ~20 MB: 6 stages × 4 RUN steps of pip, npm and compiler output, interleaved.
  dir = tempDir();
  const log = writeBigLog(dir, { targetBytes: 19 * 1024 * 1024 });
  expect(log.bytes).toBeGreaterThan(18_000_000);

  // Before any of the app's code runs: long main-thread tasks, and whether a
  // <progress> ever appeared (a MutationObserver, so even a brief one is seen).
  await page.addInitScript(() => {
    const probe: Probe = {
      longTasks: [],
      progressSeen: null,
      loadStartMs: null,
      loadEndMs: null,
      themeChange: null,
    };
    (window as ProbeWindow).probe = probe;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        probe.longTasks.push({ startMs: e.startTime, durationMs: e.duration });
    }).observe({ type: 'longtask', buffered: true });
    new MutationObserver(() => {
      if (probe.progressSeen !== null) return;
      const bar = document.querySelector('progress');
      // Shown, not only inserted: rendered, not hidden or transparent by CSS.
      if (bar && bar.checkVisibility({ visibilityProperty: true, opacityProperty: true }))
        probe.progressSeen = bar.labels?.[0]?.textContent ?? '';
    }).observe(document, { subtree: true, childList: true });
  });

  await page.goto('/');
  await expect(page.getByRole('combobox', { name: 'Theme' })).toHaveValue('system');
  // The store's own transitions, timed in the page: when the load starts and ends,
  // and in which loading state the theme change was applied.
  await page.evaluate(() => {
    type S = { loading: { status: string }; theme: string };
    const w = window as ProbeWindow & {
      __plainsight?: { subscribe(f: (s: S, prev: S) => void): void };
    };
    const probe = w.probe!;
    w.__plainsight!.subscribe((s, prev) => {
      const now = performance.now();
      if (s.loading.status === 'loading' && prev.loading.status !== 'loading')
        probe.loadStartMs = now;
      if (s.loading.status !== 'loading' && prev.loading.status === 'loading')
        probe.loadEndMs = now;
      if (s.theme !== prev.theme)
        probe.themeChange = { theme: s.theme, status: s.loading.status, atMs: now };
    });
  });

  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('main').getByRole('button', { name: 'Open a log file' }).click();
  await (await chooser).setFiles(log.path);

  // The file input's change event has run: the store is loading. At once, while
  // the worker reads, the Theme select is used; it must answer before the load ends.
  expect((await loadingState(page))?.status).toBe('loading');
  const askedAtMs = await page.evaluate(() => performance.now());
  await page.getByRole('combobox', { name: 'Theme' }).selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');

  const state = await waitForLoad(page, { timeout: 60_000 });
  await expect(summarySteps(page)).toHaveText(String(log.steps), { timeout: 60_000 });

  const probe = (await page.evaluate(() => (window as ProbeWindow).probe))!;
  // The progress bar ("Reading <file>", a <progress> with its label) was on screen.
  expect(probe.progressSeen).toBe('Reading big-generated.log');
  // And it is gone with the load.
  await expect(page.getByRole('progressbar')).toHaveCount(0);
  expect(probe.themeChange, 'the theme change was applied').not.toBeNull();
  expect(probe.themeChange!.theme).toBe('dark');
  // Handled before the load finished: the store was still loading when it took the change.
  expect(probe.themeChange!.status).toBe('loading');
  expect(probe.themeChange!.atMs).toBeLessThan(probe.loadEndMs!);

  // Long tasks in three parts: while the worker read (the page only took progress
  // messages), the hand-over (the task in which the store took the parsed document,
  // and React rendered it: it spans the moment the status became done), and after.
  const end = (t: Probe['longTasks'][number]) => t.startMs + t.durationMs;
  const reading = probe.longTasks.filter(
    (t) => t.startMs >= probe.loadStartMs! && end(t) < probe.loadEndMs!,
  );
  const handOver = probe.longTasks.filter(
    (t) => t.startMs <= probe.loadEndMs! && end(t) >= probe.loadEndMs!,
  );
  const after = probe.longTasks.filter((t) => t.startMs > probe.loadEndMs!);
  const longest = (ts: Probe['longTasks']) =>
    Math.round(Math.max(0, ...ts.map((t) => t.durationMs)));
  const docChars = await page.evaluate(
    () =>
      JSON.stringify(
        (
          window as unknown as { __plainsight: { getState(): { doc: unknown } } }
        ).__plainsight.getState().doc,
      ).length,
  );
  const mb = (log.bytes / 1e6).toFixed(1);
  console.log(
    [
      `big log: ${mb} MB, ${log.lines} lines, ${log.steps} steps`,
      `  load time (store loading.elapsedMs): ${Math.round(state.elapsedMs!)} ms` +
        ` (${(log.bytes / 1e6 / (state.elapsedMs! / 1000)).toFixed(1)} MB/s)`,
      `  longest main-thread task: ${longest(probe.longTasks)} ms`,
      `  long tasks (>50 ms) while the worker read: ${reading.length}, longest ${longest(reading)} ms`,
      `  the hand-over task (document in, build view rendered): ${longest(handOver)} ms` +
        ` (the document the worker sent: ${(docChars / 1e6).toFixed(1)} M characters as JSON)`,
      `  long tasks after it: ${after.length}, longest ${longest(after)} ms`,
      `  theme change during the load applied ${Math.round(probe.themeChange!.atMs - askedAtMs)} ms` +
        ` after it was asked, ${Math.round(probe.loadEndMs! - probe.themeChange!.atMs)} ms before the load ended`,
    ].join('\n'),
  );
});
