import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { setTheme, summarySteps, waitForLoad } from './helpers';

/**
 * The build view's "Export" panel, with real downloads. The sample
 * public/samples/multistage-parallel.log has 13 steps
 * (`grep -oE '^#[0-9]+ ' … | sort -u | grep -vc '^#0 '` → 13), every one
 * timed (`grep -cE '^#[0-9]+ DONE ' …` → 13), so the timeline draws 13 bars.
 * Four of them took time (`grep -E '^#[0-9]+ DONE ' … | grep -vc ' 0.0s$'` → 4:
 * #6, #8, #9, #12): those are the trace's complete ("X") events, and the nine
 * that took 0.0 s are instants on their lane (src/export/trace.ts).
 */
const SAMPLE = 'multistage-parallel.log';
const STEPS = 13;
const TOOK_TIME = [6, 8, 9, 12];
const BASE = 'multistage-parallel';
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

async function openBuild(page: Page): Promise<void> {
  await page.goto(`/#sample=${SAMPLE}`);
  await waitForLoad(page);
  await expect(summarySteps(page)).toHaveText(String(STEPS));
}

async function openExport(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  const panel = page.getByRole('region', { name: 'Export' });
  await expect(panel).toBeVisible();
  return panel;
}

/** Clicks a download button of the panel; the file's suggested name and bytes. */
async function download(panel: Locator, name: string): Promise<{ file: string; body: Buffer }> {
  const [dl] = await Promise.all([
    panel.page().waitForEvent('download'),
    panel.getByRole('button', { name, exact: true }).click(),
  ]);
  const path = await dl.path();
  return { file: dl.suggestedFilename(), body: readFileSync(path) };
}

/** The timeline's bars, as a person (or a screen reader) finds them. */
const timelineBars = (page: Page) =>
  page.getByRole('group', { name: 'Steps on the timeline' }).getByRole('button');

/** An SVG file read by the browser's own XML parser: no parse error, its size and bars. */
const readSvg = (page: Page, text: string) =>
  page.evaluate((t) => {
    const doc = new DOMParser().parseFromString(t, 'image/svg+xml');
    const root = doc.documentElement;
    return {
      error: doc.getElementsByTagName('parsererror').length > 0,
      root: root.localName,
      width: Number(root.getAttribute('width')),
      height: Number(root.getAttribute('height')),
      bars: root.querySelectorAll('rect.timeline-bar-box').length,
      patterns: root.querySelectorAll('pattern').length,
      background: root.querySelector('rect.export-background')?.getAttribute('style') ?? '',
    };
  }, text);

test('the Export panel opens and closes with the keyboard', async ({ page }) => {
  await openBuild(page);
  const toggle = page.getByRole('button', { name: 'Export', exact: true });
  await toggle.focus();
  await page.keyboard.press('Enter');
  const panel = page.getByRole('region', { name: 'Export' });
  await expect(panel).toBeVisible();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(panel.getByRole('button', { name: 'JSON', exact: true })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(panel.getByRole('button', { name: 'CSV', exact: true })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  await expect(toggle).toBeFocused();
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
});

test('JSON, CSV, Chrome trace and Markdown download with the log’s name', async ({ page }) => {
  await openBuild(page);
  const panel = await openExport(page);
  await expect(panel).toContainText('Opens in Perfetto or speedscope');

  const json = await download(panel, 'JSON');
  expect(json.file).toBe(`${BASE}.plainsight.json`);
  const parsed = JSON.parse(json.body.toString('utf8')) as {
    builds: { steps: { ref: number; durationMs: number | null }[] }[];
  };
  expect(parsed.builds).toHaveLength(1);
  expect(parsed.builds[0].steps).toHaveLength(STEPS);
  const timed = parsed.builds[0].steps.filter((s) => (s.durationMs ?? 0) > 0).map((s) => s.ref);
  expect(timed).toEqual(TOOK_TIME);
  await expect(panel.getByRole('status')).toHaveText(`Saved ${BASE}.plainsight.json.`);

  const csv = await download(panel, 'CSV');
  expect(csv.file).toBe(`${BASE}.csv`);
  const rows = csv.body.toString('utf8').trimEnd().split(/\r?\n/);
  expect(rows).toHaveLength(STEPS + 1);

  const trace = await download(panel, 'Chrome trace');
  expect(trace.file).toBe(`${BASE}.trace.json`);
  type Event = { ph: string; args?: { ref?: number } };
  const events = (JSON.parse(trace.body.toString('utf8')) as { traceEvents: Event[] }).traceEvents;
  const refs = (ph: string) =>
    events.filter((e) => e.ph === ph && e.args?.ref !== undefined).map((e) => e.args!.ref!);
  // One complete event per step that took time, an instant for each of the others.
  expect(refs('X').sort((a, b) => a - b)).toEqual(TOOK_TIME);
  expect(refs('X').length + refs('i').length).toBe(STEPS);

  const md = await download(panel, 'Markdown');
  expect(md.file).toBe(`${BASE}.md`);
  expect(md.body.toString('utf8')).toMatch(/^## plainsight build report\n/);
  expect(md.body.toString('utf8')).toContain(`${STEPS} steps`);
});

test('"Copy Markdown" puts the report on the clipboard', async ({ page, context, baseURL }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
  await openBuild(page);
  const panel = await openExport(page);
  await panel.getByRole('button', { name: 'Copy Markdown', exact: true }).click();
  await expect(panel.getByRole('status')).toHaveText('Copied the Markdown to the clipboard.');
  const text = await page.evaluate(() => navigator.clipboard.readText());
  expect(text).toMatch(/^## plainsight build report\n/);
});

for (const theme of ['light', 'dark'] as const) {
  test(`the timeline downloads as SVG and PNG (${theme})`, async ({ page }) => {
    await openBuild(page);
    await setTheme(page, theme);
    await expect(timelineBars(page)).toHaveCount(STEPS);
    const panel = await openExport(page);

    const svg = await download(panel, 'Timeline SVG');
    expect(svg.file).toBe(`${BASE}-timeline.svg`);
    const text = svg.body.toString('utf8');
    expect(text.startsWith('<?xml')).toBe(true);
    const read = await readSvg(page, text);
    expect(read.error).toBe(false);
    expect(read.root).toBe('svg');
    expect(read.bars).toBe(STEPS);
    // The status patterns go with the file (StatusPatterns.tsx: five statuses).
    expect(read.patterns).toBeGreaterThanOrEqual(5);
    expect(read.width).toBeGreaterThan(300);
    expect(read.height).toBeGreaterThan(100);
    // The theme's background, from app.css: --bg is #ffffff in light, #0d1117 in dark.
    expect(read.background).toContain(theme === 'light' ? 'rgb(255, 255, 255)' : 'rgb(13, 17, 23)');
    // No var() left: the file has no stylesheet to resolve it with.
    expect(text).not.toContain('var(--');

    const png = await download(panel, 'Timeline PNG');
    expect(png.file).toBe(`${BASE}-timeline.png`);
    expect([...png.body.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(png.body.length).toBeGreaterThan(10_000);
    // IHDR, right after the signature: width and height, drawn at devicePixelRatio 2.
    expect(png.body.readUInt32BE(16)).toBe(read.width * 2);
    expect(png.body.readUInt32BE(20)).toBe(read.height * 2);
  });
}

test('the two charts download as pictures too', async ({ page }) => {
  await openBuild(page);
  const stepChart = page
    .getByRole('region', { name: 'Time per step' })
    .locator('.chart-frame svg.recharts-surface');
  await expect(stepChart).toBeVisible();
  await expect(
    page.getByRole('region', { name: 'Time per kind of work' }).locator('.chart-frame svg'),
  ).toBeVisible();
  const panel = await openExport(page);

  const steps = await download(panel, 'Time per step SVG');
  expect(steps.file).toBe(`${BASE}-time-per-step.svg`);
  const drawn = await stepChart.locator('rect.chart-bar').count();
  const text = steps.body.toString('utf8');
  expect(drawn).toBeGreaterThan(0);
  expect(text.match(/<rect [^>]*class="chart-bar[ "]/g) ?? []).toHaveLength(drawn);

  const kinds = await download(panel, 'Time per kind of work PNG');
  expect(kinds.file).toBe(`${BASE}-time-per-kind.png`);
  expect([...kinds.body.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
});

for (const theme of ['light', 'dark'] as const) {
  test(`the open Export panel has no serious accessibility problems (${theme})`, async ({
    page,
  }) => {
    await openBuild(page);
    await setTheme(page, theme);
    await openExport(page);
    const results = await new AxeBuilder({ page }).include('.export').analyze();
    const serious = results.violations.filter(
      (v) => v.impact === 'serious' || v.impact === 'critical',
    );
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
  });
}
