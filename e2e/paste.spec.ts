import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';

const LOG = readFileSync(new URL('./fixtures/multistage-parallel.log', import.meta.url), 'utf8');

// The log's steps are #1..#13: `grep -oE '^#[0-9]+ ' multistage-parallel.log | sort -u`
// lists #0..#13, and #0 ("building with ... instance") is the builder banner, not a step.
const STEPS = 13;

test('a log pasted from the clipboard is analyzed', async ({ page, context, baseURL }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
  await page.goto('/');

  const log = page.getByLabel('Build log');
  await expect(log).toBeEmpty();

  // A real paste: the text goes onto the system clipboard, Ctrl+V puts it in the textarea.
  await page.evaluate((text) => navigator.clipboard.writeText(text), LOG);
  await log.focus();
  await page.keyboard.press('ControlOrMeta+V');
  await expect(log).toHaveValue(LOG);

  // A paste analyzes by itself; Analyze then reads the textarea again.
  const summary = page.getByRole('region', { name: 'Build summary' });
  await expect(summary.getByTestId('step-count')).toHaveText(String(STEPS));
  await page.getByRole('button', { name: 'Analyze' }).click();
  await expect(summary.getByTestId('step-count')).toHaveText(String(STEPS));
  await expect(summary).toContainText(`1 build · ${STEPS} steps`);
  const steps = summary.getByRole('table', { name: 'Steps' });
  // One header row plus one row per step.
  await expect(steps.getByRole('row')).toHaveCount(STEPS + 1);
  await expect(steps).toContainText('ls -l /out');
});

test('#sample= loads a sample log from the app', async ({ page }) => {
  await page.goto('/#sample=multistage-parallel.log');

  await expect(page.getByLabel('Build log')).toHaveValue(LOG);
  const summary = page.getByRole('region', { name: 'Build summary' });
  await expect(summary.getByTestId('step-count')).toHaveText(String(STEPS));
});
