import { expect, test } from '@playwright/test';
import { waitForLoad } from './helpers';

/**
 * public/samples/multistage-parallel.log has 13 steps
 * (`grep -oE '^#[0-9]+ ' … | sort -u | grep -vc '^#0 '` → 13). The grid is sorted
 * by start time; the exporter `#13 exporting to image` is the last to start, and
 * #1 `[internal] load build definition from Dockerfile` the first.
 */
test('the Steps grid is used with the keyboard', async ({ page }) => {
  await page.goto('/#sample=multistage-parallel.log');
  await waitForLoad(page);
  const grid = page.getByRole('grid', { name: 'Steps' });
  await expect(grid).toHaveAttribute('aria-rowcount', '14');

  // Tab from the last control before the grid, as a keyboard user gets there.
  await page.getByRole('searchbox', { name: 'Search steps' }).focus();
  for (let i = 0; i < 12 && !(await grid.evaluate((el) => el === document.activeElement)); i++)
    await page.keyboard.press('Tab');
  await expect(grid).toBeFocused();

  const active = () => grid.getAttribute('aria-activedescendant');
  const first = await active();
  expect(first).toMatch(/^step-row-\d+$/);
  await expect(page.locator(`#${first}`)).toContainText('#1');
  await expect(page.locator(`#${first}`)).toContainText('load build definition from Dockerfile');

  await page.keyboard.press('ArrowDown');
  await expect(grid).not.toHaveAttribute('aria-activedescendant', first!);
  const second = await active();
  await expect(page.locator(`#${second}`)).toHaveAttribute('aria-rowindex', '3');

  await page.keyboard.press('ArrowUp');
  await expect(grid).toHaveAttribute('aria-activedescendant', first!);

  await page.keyboard.press('End');
  const last = await active();
  await expect(page.locator(`#${last}`)).toHaveAttribute('aria-rowindex', '14');
  await expect(page.locator(`#${last}`)).toContainText('exporting to image');

  await page.keyboard.press('Home');
  await expect(grid).toHaveAttribute('aria-activedescendant', first!);
  await page.keyboard.press('End');
  await expect(grid).toHaveAttribute('aria-activedescendant', last!);

  // Nothing is selected until Enter.
  await expect(page.getByRole('heading', { name: /^Step #\d+: / })).toHaveCount(0);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Step #13: exporting to image' })).toBeVisible();
  await expect(page.locator(`#${last}`)).toHaveAttribute('aria-selected', 'true');
  // The grid keeps the focus: the user can go on moving.
  await expect(grid).toBeFocused();
});
