import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { setTheme, summarySteps, waitForLoad } from './helpers';

/**
 * Full-page pictures of the start page and two build views, in both themes, for
 * a person to look at (test-results/ is git-ignored). Nothing is compared: the
 * test only checks that each picture was written.
 */
const DIR = fileURLToPath(new URL('../test-results/screenshots/', import.meta.url));

const PAGES = [
  { name: 'start', hash: '', steps: null },
  // Steps counted with `grep -oE '^#[0-9]+ ' public/samples/FILE | sort -u | grep -vc '^#0 '`.
  { name: 'multistage-parallel', hash: '#sample=multistage-parallel.log', steps: 13 },
  { name: 'failed-build', hash: '#sample=failed-build.log', steps: 6 },
] as const;

for (const p of PAGES) {
  for (const theme of ['light', 'dark'] as const) {
    test(`screenshot: ${p.name} (${theme})`, async ({ page }) => {
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(`/${p.hash}`);
      if (p.steps === null) await expect(page.getByLabel('Build log')).toBeVisible();
      else {
        await waitForLoad(page);
        await expect(summarySteps(page)).toHaveText(String(p.steps));
      }
      await setTheme(page, theme);
      const path = `${DIR}${p.name}-${theme}.png`;
      await page.screenshot({ path, fullPage: true, animations: 'disabled' });
      expect(statSync(path).size).toBeGreaterThan(1000);
    });
  }
}
