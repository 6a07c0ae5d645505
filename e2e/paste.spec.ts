import { expect, test } from '@playwright/test';
import { fixturePath, readText, summary, summarySteps, waitForLoad } from './helpers';

const LOG = readText(fixturePath('multistage-parallel.log'));

// The log's steps are #1..#13: `grep -oE '^#[0-9]+ ' e2e/fixtures/multistage-parallel.log | sort -u`
// lists #0..#13, and #0 ("building with ... instance") is the builder banner, not a step.
const STEPS = 13;

test.beforeEach(async ({ context, baseURL }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
});

test('a log pasted from the clipboard into the Build log box is analyzed', async ({ page }) => {
  await page.goto('/');
  const log = page.getByLabel('Build log');
  await expect(log).toBeEmpty();

  // A real paste: the text goes onto the system clipboard, Ctrl+V puts it in the textarea.
  await page.evaluate((text) => navigator.clipboard.writeText(text), LOG);
  await log.focus();
  await page.keyboard.press('ControlOrMeta+V');

  // A paste into the empty box is read at once, without pressing Analyze.
  await waitForLoad(page);
  await expect(summary(page)).toBeVisible();
  await expect(summarySteps(page)).toHaveText(String(STEPS));
  await expect(page.getByTestId('loaded-label')).toHaveText('pasted text');
  await expect(page.getByRole('grid', { name: 'Steps' })).toHaveAttribute(
    'aria-rowcount',
    String(STEPS + 1), // the header row and one row per step
  );
});

test('text typed into the box waits for Analyze', async ({ page }) => {
  await page.goto('/');
  const log = page.getByLabel('Build log');
  const analyze = page.getByRole('button', { name: 'Analyze' });
  await expect(analyze).toBeDisabled();
  await log.fill(LOG);
  await expect(summary(page)).toHaveCount(0);
  await analyze.click();
  await waitForLoad(page);
  await expect(summarySteps(page)).toHaveText(String(STEPS));
});

test('a paste anywhere on the page, with no field focused, is analyzed', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Try a sample' })).toBeVisible();
  await page.evaluate((text) => navigator.clipboard.writeText(text), LOG);
  // Nothing editable has focus: the page's own paste handler reads the clipboard.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);

  await page.keyboard.press('ControlOrMeta+V');
  await waitForLoad(page);
  await expect(summarySteps(page)).toHaveText(String(STEPS));
  // It did not go through the box: the start page (and its box) is gone, the build is shown.
  await expect(page.getByLabel('Build log')).toHaveCount(0);
  await expect(page.getByTestId('loaded-label')).toHaveText('pasted text');
});
