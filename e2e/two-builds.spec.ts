import { expect, test } from '@playwright/test';
import { fixturePath, summarySteps, waitForLoad } from './helpers';

/**
 * e2e/fixtures/two-builds.log is corpus real/ci-github-build-push-git-context-gradle-push.log,
 * a real GitHub Actions job log: docker/setup-buildx-action boots its builder
 * (a first, one-step BuildKit session: `#1 [internal] booting buildkit`, line 429),
 * then docker/build-push-action builds the image (the second, from
 * `#0 building with "builder-…" instance`, line 718). Counted with
 *   sed -n '718,$p' e2e/fixtures/two-builds.log | grep -oE 'Z #[0-9]+ ' | sort -u | grep -vc ' #0 '   → 18
 *   sed -n '1,717p' e2e/fixtures/two-builds.log | grep -oE 'Z #[0-9]+ ' | sort -u | wc -l             → 1
 */
const FIRST = 1;
const SECOND = 18;

test('a log with two builds offers a Build choice, and each build has its own summary', async ({
  page,
}) => {
  await page.goto('/');
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('main').getByRole('button', { name: 'Open a log file' }).click();
  await (await chooser).setFiles(fixturePath('two-builds.log'));
  await waitForLoad(page);

  const build = page.getByRole('combobox', { name: 'Build' });
  await expect(build).toBeVisible();
  const options = build.getByRole('option');
  await expect(options).toHaveCount(2);
  await expect(options.nth(0)).toHaveText(`Build 1 · ${FIRST} step · done`);
  await expect(options.nth(1)).toHaveText(`Build 2 · ${SECOND} steps · done`);

  // Neither failed, so the log opens on its first build.
  await expect(build).toHaveValue('0');
  await expect(summarySteps(page)).toHaveText(String(FIRST));
  await expect(page.getByRole('grid', { name: 'Steps' })).toContainText('booting buildkit');

  await build.selectOption({ index: 1 });
  await expect(summarySteps(page)).toHaveText(String(SECOND));
  const grid = page.getByRole('grid', { name: 'Steps' });
  await expect(grid).toHaveAttribute('aria-rowcount', String(SECOND + 1));
  await expect(grid).toContainText('[builder 6/6] RUN chmod +x gradlew');

  await build.selectOption({ index: 0 });
  await expect(summarySteps(page)).toHaveText(String(FIRST));
});
