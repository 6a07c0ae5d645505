import { expect, test } from '@playwright/test';
import { fixturePath, loadingState, readText, summarySteps, waitForLoad } from './helpers';

const NAME = 'multistage-parallel.log';
const LOG = readText(fixturePath(NAME));
// `grep -oE '^#[0-9]+ ' e2e/fixtures/multistage-parallel.log | sort -u | grep -vc '^#0 '` → 13
// (#0 is the builder banner, not a step).
const STEPS = 13;

test('a file dropped anywhere on the page is read', async ({ page }) => {
  await page.goto('/');
  const overlay = page.getByRole('status').filter({ hasText: 'Drop the log file' });
  await expect(overlay).toHaveCount(0);

  // A real DataTransfer holding a real File, made in the page, as a drag from the desktop brings.
  const dataTransfer = await page.evaluateHandle(
    ({ text, name }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], name, { type: 'text/plain' }));
      return dt;
    },
    { text: LOG, name: NAME },
  );

  // Whether the page accepts the drop: its dragover handler cancels the event. This
  // listener is added after the app's, on the same target, so it runs after it.
  await page.evaluate(() => {
    const w = window as Window & { dragoverCanceled?: boolean };
    window.addEventListener('dragover', (e) => (w.dragoverCanceled = e.defaultPrevented), {
      once: true,
    });
  });
  await page.dispatchEvent('body', 'dragenter', { dataTransfer });
  await page.dispatchEvent('body', 'dragover', { dataTransfer });
  await expect(overlay).toBeVisible();
  expect(
    await page.evaluate(() => (window as Window & { dragoverCanceled?: boolean }).dragoverCanceled),
  ).toBe(true);

  await page.dispatchEvent('body', 'drop', { dataTransfer });
  await expect(overlay).toHaveCount(0);
  await waitForLoad(page);
  await expect(page.getByTestId('loaded-label')).toHaveText(NAME);
  await expect(summarySteps(page)).toHaveText(String(STEPS));
});

test('a drag that leaves the page hides the overlay and loads nothing', async ({ page }) => {
  await page.goto('/');
  const overlay = page.getByRole('status').filter({ hasText: 'Drop the log file' });
  const dataTransfer = await page.evaluateHandle((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'x.log', { type: 'text/plain' }));
    return dt;
  }, LOG);
  await page.dispatchEvent('body', 'dragenter', { dataTransfer });
  await expect(overlay).toBeVisible();
  await page.dispatchEvent('body', 'dragleave', { dataTransfer });
  await expect(overlay).toHaveCount(0);
  await expect(page.getByLabel('Build log')).toBeVisible();
  expect((await loadingState(page))?.status).toBe('idle');
});
