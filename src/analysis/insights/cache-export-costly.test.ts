import { describe, expect, it } from 'vitest';
import type { Build } from '../../model/types';
import { cacheExportCostly as rule } from './cache-export-costly';
import { contextFor, expectWellFormed, fixtureModel, linesOf } from './context-for';

// No log in the corpus has a costly cache export (the largest, real/ci-render-…, takes
// 0.5 s of 68 s): the positive is that log with the export's DONE made 30 s longer,
// a two-line edit described in fixtures/README.md.
const EDITED = 'edited-render-cache-export-30s.log';
const REAL = 'ci-render-deploy-nanosecond-ts-local-cache-import-lazy-pull.log';

describe('cache-export-costly', () => {
  it('fires on the edited Render log: export 30.5 s, import 6.7 s, over a quarter of the build', () => {
    const ctx = contextFor(fixtureModel(EDITED));
    const [f, ...rest] = rule.check(ctx);
    expect(rest).toEqual([]);
    expectWellFormed(f, ctx, rule.id);
    expect(f.title).toMatch(/^Cache import\/export took 5\d% of the build \(37 s\)$/);
    // Honest about what one log cannot say.
    expect(f.detail).toContain('What the cache saves is not in this log');
    // At stake: the export itself, which exporting less (or less often) saves.
    expect(f.timeAtStakeMs).toBe(30_500);
    expect(linesOf(f, ctx)).toContain('#19 DONE 30.5s');
    expect(linesOf(f, ctx)).toContain(
      '#6 importing cache manifest from local:17224394181499194003',
    );
  });

  it('stays silent on the real Render log (real/ci-render-…-lazy-pull.log): a 0.5 s export', () => {
    const ctx = contextFor(fixtureModel(REAL));
    expect(ctx.downloads.items.some((d) => d.kind === 'cache-export')).toBe(true);
    expect(rule.check(ctx)).toEqual([]);
  });

  it('with the previous build, compares the cost with the time of the steps the cache skipped', () => {
    const model = fixtureModel(EDITED);
    // The same build as "previous": its CACHED steps were CACHED there too, so the cache
    // is priced at nothing it can be shown to save.
    const same = contextFor(model, 0, model.builds[0]);
    const [f] = rule.check(same);
    expect(f.title).toMatch(/^The layer cache costs more than it saves/);
    expect(f.timeAtStakeMs).toBeGreaterThan(36_000);
    // Near-miss made in memory: a previous build in which the three steps this build
    // found CACHED ran for 60 s each. The cache then saves 180 s for 37 s of cost.
    const before: Build = {
      ...model.builds[0],
      steps: model.builds[0].steps.map((s) =>
        s.status === 'cached' && s.kind === 'step'
          ? { ...s, status: 'done', durationMs: 60_000 }
          : s,
      ),
    };
    expect(rule.check(contextFor(model, 0, before))).toEqual([]);
  });
});
