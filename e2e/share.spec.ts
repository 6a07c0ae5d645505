import { deflateRawSync } from 'node:zlib';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { summary, waitForLoad } from './helpers';

/**
 * Share links: made in the Share panel, copied with its button, opened in a
 * fresh browser context (no storage, nothing shared with the sender's page but
 * the address), where the same build, step, zoom and filters must show.
 *
 * public/samples/multistage-parallel.log: 13 steps; #8 is
 * `[build-b 1/1] RUN for i in 1 2 3 4; do echo "[b] generating asset $i/4"; …`
 * (`grep -n '^#8 \[' …`), one of the two stages built at once, the eighth step
 * (index 7); searching "generating asset" leaves it alone in the Steps grid.
 */

const zoomText = (page: Page) =>
  page.getByRole('group', { name: 'Zoom' }).locator('[aria-live="polite"]');

/** Selects #8 through the grid, zooms in twice; returns what the sender sees. */
async function arrangeView(page: Page) {
  await page.goto('/#sample=multistage-parallel.log');
  await waitForLoad(page);
  await page.getByRole('searchbox', { name: 'Search steps' }).fill('generating asset');
  const grid = page.getByRole('grid', { name: 'Steps' });
  await expect(grid).toHaveAttribute('aria-rowcount', '2');
  await grid.getByRole('row', { name: /#8/ }).click();
  const heading = page.getByRole('heading', { name: /^Step #8: / });
  await expect(heading).toBeVisible();
  await page.getByRole('button', { name: 'Zoom in' }).click();
  await page.getByRole('button', { name: 'Zoom in' }).click();
  await expect(zoomText(page)).toContainText('Showing');
  return {
    summary: (await summary(page).textContent())!,
    heading: (await heading.textContent())!,
    zoom: (await zoomText(page).textContent())!,
  };
}

/** Opens the Share panel, picks a kind, makes the link and copies it; returns the copied text. */
async function copyLink(page: Page, kind: 'Full' | 'Compact'): Promise<string> {
  await page.getByRole('button', { name: 'Share' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share this build' });
  await expect(dialog).toBeVisible();
  const radio = dialog.getByRole('radio', { name: new RegExp(`^${kind}`) });
  await radio.check();
  await expect(radio).toBeChecked();
  // What the link carries and what was removed are shown before the link exists.
  await expect(dialog.getByRole('heading', { name: 'Removed before sharing' })).toBeVisible();
  await expect(dialog.getByRole('textbox', { name: 'Share link' })).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Create link' }).click();
  const field = dialog.getByRole('textbox', { name: 'Share link' });
  await expect(field).toHaveValue(/#share=1\./);
  await dialog.getByRole('button', { name: 'Copy link' }).click();
  await expect(dialog.getByText('Copied to the clipboard.')).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(await field.inputValue());
  return copied;
}

async function openFresh(browser: Browser, link: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(link);
  await waitForLoad(page);
  return { context, page };
}

test.beforeEach(async ({ context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
});

test('a full link opens the same summary, step, zoom and filter in a fresh browser', async ({
  page,
  browser,
}) => {
  const seen = await arrangeView(page);
  const link = await copyLink(page, 'Full');
  expect(link).toContain('step=7');
  const { context, page: other } = await openFresh(browser, link);
  await expect(summary(other)).toHaveText(seen.summary);
  await expect(other.getByRole('heading', { name: /^Step #8: / })).toHaveText(seen.heading);
  await expect(zoomText(other)).toHaveText(seen.zoom);
  await expect(other.getByRole('searchbox', { name: 'Search steps' })).toHaveValue(
    'generating asset',
  );
  // A full link carries the log: the step's lines are there.
  await expect(other.getByRole('log', { name: 'Lines of step #8' })).toContainText('[b]');
  await context.close();
});

test('a compact link opens the same summary, step and zoom, and says it has no log lines', async ({
  page,
  browser,
}) => {
  const seen = await arrangeView(page);
  const link = await copyLink(page, 'Compact');
  const { context, page: other } = await openFresh(browser, link);
  await expect(summary(other)).toHaveText(seen.summary);
  await expect(other.getByRole('heading', { name: /^Step #8: / })).toHaveText(seen.heading);
  await expect(zoomText(other)).toHaveText(seen.zoom);
  await expect(other.getByText(/compact link carries no log lines/).first()).toBeVisible();
  await context.close();
});

test('a damaged link says so', async ({ page }) => {
  const good = await (async () => {
    await page.goto('/#sample=failed-build.log');
    await waitForLoad(page);
    return copyLink(page, 'Full');
  })();
  const cut = good.slice(0, Math.floor(good.length * 0.6));
  await page.goto('about:blank');
  await page.goto(cut);
  await waitForLoad(page, { expected: 'error' });
  await expect(page.getByRole('alert')).toContainText('This share link is damaged');
});

test('a link that unpacks to more than the cap says it is too large', async ({ page }) => {
  // 80 MB of spaces in a log: about 80 kB of DEFLATE, over the 64 MB a link may unpack to.
  const json = `{"kind":"full","label":"big","log":"${' '.repeat(80 * 1024 * 1024)}"}`;
  const data = deflateRawSync(json, { level: 9 }).toString('base64url');
  await page.goto(`/#share=1.${data}`);
  await waitForLoad(page, { expected: 'error' });
  await expect(page.getByRole('alert')).toContainText('unpacks to more than 64 MB');
});

test('a link from a newer plainsight says so', async ({ page }) => {
  await page.goto('/#share=9.AAAA');
  await waitForLoad(page, { expected: 'error' });
  await expect(page.getByRole('alert')).toContainText('made by a newer plainsight');
});
