import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import {
  fixturePath,
  readText,
  removeDir,
  samplePath,
  summarySteps,
  tempDir,
  waitForLoad,
} from './helpers';

// `grep -oE '^#[0-9]+ ' e2e/fixtures/multistage-parallel.log | sort -u | grep -vc '^#0 '` → 13
const PARALLEL = { path: fixturePath('multistage-parallel.log'), steps: 13 };
// `grep -oE '^#[0-9]+ ' public/samples/pip-cache-warm.log | sort -u | grep -vc '^#0 '` → 13
const PIP_WARM = { path: samplePath('pip-cache-warm.log'), steps: 13 };
// `grep -oE '^#[0-9]+ ' public/samples/failed-build.log | sort -u | grep -vc '^#0 '` → 6
const FAILED = { path: samplePath('failed-build.log'), steps: 6 };

test('"Open a log file" on the start page opens the file chooser, and the chosen file is read', async ({
  page,
}) => {
  await page.goto('/');
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('main').getByRole('button', { name: 'Open a log file' }).click();
  const fileChooser = await chooser;
  expect(fileChooser.isMultiple()).toBe(false);
  await fileChooser.setFiles(PARALLEL.path);
  await waitForLoad(page);
  await expect(page.getByTestId('loaded-label')).toHaveText('multistage-parallel.log');
  await expect(summarySteps(page)).toHaveText(String(PARALLEL.steps));

  // The header's button opens another log over the one shown.
  const again = page.waitForEvent('filechooser');
  await page.getByRole('banner').getByRole('button', { name: 'Open a log file' }).click();
  await (await again).setFiles(FAILED.path);
  await waitForLoad(page);
  await expect(page.getByTestId('loaded-label')).toHaveText('failed-build.log');
  await expect(summarySteps(page)).toHaveText(String(FAILED.steps));
});

test('Ctrl+O opens the file chooser', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Try a sample' })).toBeVisible();
  const chooser = page.waitForEvent('filechooser');
  await page.keyboard.press('ControlOrMeta+O');
  await (await chooser).setFiles(PIP_WARM.path);
  await waitForLoad(page);
  await expect(page.getByTestId('loaded-label')).toHaveText('pip-cache-warm.log');
  await expect(summarySteps(page)).toHaveText(String(PIP_WARM.steps));
});

test('a gzip-compressed log is read', async ({ page }) => {
  const dir = tempDir();
  try {
    const gz = join(dir, 'multistage-parallel.log.gz');
    writeFileSync(gz, gzipSync(readText(PARALLEL.path)));

    await page.goto('/');
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('main').getByRole('button', { name: 'Open a log file' }).click();
    await (await chooser).setFiles(gz);
    await waitForLoad(page);
    await expect(page.getByTestId('loaded-label')).toHaveText('multistage-parallel.log.gz');
    await expect(summarySteps(page)).toHaveText(String(PARALLEL.steps));
    await expect(page.getByRole('grid', { name: 'Steps' })).toContainText(
      '[final 3/3] RUN ls -l /out',
    );
  } finally {
    removeDir(dir);
  }
});
