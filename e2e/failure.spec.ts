import { expect, test } from '@playwright/test';
import { summarySteps, waitForLoad } from './helpers';

// public/samples/failed-build.log (corpus engine/d26-14-fail-parallel-cancel.plain.log):
//   `grep -n 'ERROR\|CANCELED' public/samples/failed-build.log` →
//   #5 CANCELED, #6 ERROR: process "…ls -l /does/not/exist" … exit code: 2, and the
//   final "ERROR: failed to solve: … exit code: 2".
const FAILING =
  '#6 [broken 1/1] RUN echo "starting broken stage" && sleep 1 && ls -l /does/not/exist';
const CANCELED =
  '#5 [slow 1/1] RUN for i in $(seq 1 10); do echo "slow stage step $i/10"; sleep 0.5; done';

test('a failed build opens on the failure', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'A failed build', exact: true }).click();
  await waitForLoad(page);

  const failure = page.getByRole('region', { name: 'The build failed' });
  await expect(failure).toBeVisible();
  // Focus goes to the failure's heading, so a screen reader starts there.
  await expect(failure.getByRole('heading', { name: 'The build failed' })).toBeFocused();
  await expect(failure.getByTestId('exit-code')).toHaveText('2');
  await expect(failure).toContainText('did not complete successfully: exit code: 2');
  // The Dockerfile excerpt BuildKit printed: `grep -n 'Dockerfile:\|>>>' …` → Dockerfile:7,
  // `   7 | >>> RUN echo "starting broken stage" …`.
  const excerpt = failure.getByRole('figure');
  await expect(excerpt).toContainText('Dockerfile line 7');
  await expect(excerpt).toContainText('7 >>> RUN echo "starting broken stage"');

  const failing = failure.getByRole('button', { name: FAILING, exact: true });
  await expect(failing).toBeVisible();
  await expect(failure.getByRole('button', { name: CANCELED, exact: true })).toBeVisible();

  // The failure comes before the summary, and the failing step is the one selected.
  await expect(summarySteps(page)).toHaveText('6');
  const detail = page.getByRole('heading', { name: /^Step #6: / });
  await expect(detail).toBeVisible();
  await expect(page.getByRole('row', { selected: true })).toContainText('[broken 1/1]');

  // The canceled step's link opens that step.
  await failure.getByRole('button', { name: CANCELED, exact: true }).click();
  await expect(page.getByRole('heading', { name: /^Step #5: / })).toBeVisible();
  await expect(page.getByRole('row', { selected: true })).toContainText('[slow 1/1]');
});

test('a build that succeeded shows no failure', async ({ page }) => {
  await page.goto('/#sample=multistage-parallel.log');
  await waitForLoad(page);
  await expect(summarySteps(page)).toHaveText('13');
  await expect(page.getByRole('region', { name: 'The build failed' })).toHaveCount(0);
});
