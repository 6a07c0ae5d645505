import { expect, test } from '@playwright/test';
import { readText, samplePath, summary, summarySteps, waitForLoad } from './helpers';

/**
 * The "Try a sample" buttons (app/loading/sources.ts SAMPLES) and what each
 * file holds. Steps counted in each file with
 *   grep -oE '^([0-9T:.Z-]+ )?#[0-9]+ ' public/samples/FILE | sed -E 's/^[0-9T:.Z-]+ //' | sort -u | grep -vc '^#0 '
 * (the distinct `#N` step ids, after the GitHub Actions timestamp if there is one,
 * without #0, the builder banner). Each file's ids run from #1 to that number.
 */
const SAMPLES = [
  {
    file: 'multistage-parallel.log',
    title: 'Parallel multi-stage build',
    steps: 13,
    // `grep -E '^#[0-9]+ (CACHED|DONE)' … | cut -d' ' -f2 | sort | uniq -c`: 13 DONE, no CACHED.
    counts: '13 executed',
  },
  {
    file: 'pip-cache-cold.log',
    title: 'pip with a cache mount, cold',
    steps: 13,
    counts: '13 executed',
    // `grep -c 'Downloading' …` → 7, `grep -c 'Using cached' …` → 0
    packages: '7 downloaded · 0 reused',
  },
  {
    file: 'pip-cache-warm.log',
    title: 'pip with a cache mount, warm',
    steps: 13,
    // `grep -c '^#[0-9]* CACHED' pip-cache-warm.log` → 2 (#6 venv, #7 WORKDIR)
    counts: '2 cached · 11 executed',
    // 7 `Using cached` lines (6 in #9, 1 in #10), 1 `Downloading` (theta):
    // `grep -c 'Using cached' …` → 7, `grep -c 'Downloading' …` → 1.
    packages: '1 downloaded · 7 reused',
  },
  {
    file: 'failed-build.log',
    title: 'A failed build',
    steps: 6,
    // #4 CACHED, #1-#3 DONE, #5 CANCELED, #6 ERROR
    counts: '1 cached · 3 executed · 1 failed · 1 canceled',
  },
  {
    file: 'github-actions.log',
    title: 'A log with GitHub Actions timestamps',
    // engine-pip/pip-nomount-cold.gha.log: #1-#13 all DONE, no cache mount, 6 + 1 downloads.
    steps: 13,
    counts: '0 cached · 13 executed',
  },
] as const;

test('every sample file is listed under "Try a sample"', async ({ page }) => {
  await page.goto('/');
  const section = page.getByRole('region', { name: 'Try a sample' });
  await expect(section.getByRole('button')).toHaveText(SAMPLES.map((s) => s.title));
});

for (const s of SAMPLES) {
  test(`the sample "${s.title}" loads ${s.file} with its ${s.steps} steps`, async ({ page }) => {
    // The count above still describes the file that is served.
    const ids = new Set(
      readText(samplePath(s.file))
        .split('\n')
        .map((l) => /^(?:\d{4}-\d\d-\d\dT[\d:.]+Z )?#(\d+) /.exec(l)?.[1])
        .filter((id) => id !== undefined && id !== '0'),
    );
    expect(ids.size).toBe(s.steps);

    await page.goto('/');
    await page
      .getByRole('region', { name: 'Try a sample' })
      .getByRole('button', { name: s.title, exact: true })
      .click();
    await waitForLoad(page);
    await expect(page.getByTestId('loaded-label')).toHaveText(`sample: ${s.file}`);
    await expect(summarySteps(page)).toHaveText(String(s.steps));
    await expect(summary(page)).toContainText(s.counts);
    if ('packages' in s)
      await expect(summary(page).getByTestId('summary-packages')).toHaveText(s.packages);
    await expect(page.getByRole('grid', { name: 'Steps' })).toHaveAttribute(
      'aria-rowcount',
      String(s.steps + 1),
    );
  });
}

test('#sample= opens a sample from the page address', async ({ page }) => {
  await page.goto('/#sample=pip-cache-warm.log');
  await waitForLoad(page);
  await expect(page.getByTestId('loaded-label')).toHaveText('sample: pip-cache-warm.log');
  await expect(summarySteps(page)).toHaveText('13');
  await expect(page.getByRole('heading', { name: 'Build summary' })).toBeVisible();
});

test('the GitHub Actions sample is timed from the runner’s timestamps', async ({ page }) => {
  await page.goto('/#sample=github-actions.log');
  await waitForLoad(page);
  await expect(summary(page).getByTestId('summary-timing')).toHaveText('from CI timestamps');
});
