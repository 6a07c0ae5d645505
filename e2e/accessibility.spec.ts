import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { setTheme, summarySteps, waitForLoad } from './helpers';

type Violation = Awaited<ReturnType<AxeBuilder['analyze']>>['violations'][number];

/** One line per finding: rule, impact, what it is about, the elements. */
const describe = (v: Violation) =>
  `${v.id} (${v.impact}): ${v.help} — ${v.nodes
    .map((n) => n.target.join(' '))
    .slice(0, 8)
    .join(', ')}${v.nodes.length > 8 ? `, … ${v.nodes.length} in all` : ''}`;

/**
 * axe's serious and critical findings, which fail the test; the moderate and
 * minor ones are printed, to be seen in the test output.
 */
async function seriousViolations(page: Page, where: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  // axe did look at the page: colour contrast, names, roles … were checked and passed.
  expect(results.passes.map((p) => p.id)).toEqual(
    expect.arrayContaining(['color-contrast', 'aria-allowed-attr', 'label']),
  );
  const serious = (v: Violation) => v.impact === 'serious' || v.impact === 'critical';
  const minor = results.violations.filter((v) => !serious(v));
  if (minor.length)
    console.log(`axe, ${where}, not failing:\n  ${minor.map(describe).join('\n  ')}`);
  return results.violations.filter(serious).map(describe);
}

for (const theme of ['light', 'dark'] as const) {
  test(`the start page has no serious accessibility problems (${theme})`, async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'Try a sample' })).toBeVisible();
    await setTheme(page, theme);
    expect(await seriousViolations(page, `start page, ${theme}`)).toEqual([]);
  });

  test(`a loaded build has no serious accessibility problems (${theme})`, async ({ page }) => {
    await page.goto('/#sample=multistage-parallel.log');
    await waitForLoad(page);
    // `grep -oE '^#[0-9]+ ' public/samples/multistage-parallel.log | sort -u | grep -vc '^#0 '` → 13
    await expect(summarySteps(page)).toHaveText('13');
    await setTheme(page, theme);
    expect(await seriousViolations(page, `build view, ${theme}`)).toEqual([]);
  });

  test(`the open Share panel has no serious accessibility problems (${theme})`, async ({
    page,
  }) => {
    await page.goto('/#sample=failed-build.log');
    await waitForLoad(page);
    await setTheme(page, theme);
    await page.getByRole('button', { name: 'Share' }).click();
    const dialog = page.getByRole('dialog', { name: 'Share this build' });
    await expect(dialog.getByRole('heading', { name: 'Removed before sharing' })).toBeVisible();
    await dialog.getByRole('button', { name: 'Create link' }).click();
    await expect(dialog.getByRole('textbox', { name: 'Share link' })).toBeVisible();
    expect(await seriousViolations(page, `share panel, ${theme}`)).toEqual([]);
    // Escape closes it, as a dialog does.
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
  });
}
