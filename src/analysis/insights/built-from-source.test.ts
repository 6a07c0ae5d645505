import { describe, expect, it } from 'vitest';
import { describeCorpus } from '../../test-support/corpus';
import { builtFromSource as rule } from './built-from-source';
import { contextFor, corpusModel, expectWellFormed, fixtureModel, linesOf } from './context-for';

describe('built-from-source', () => {
  it('fires on engine-pip/pip-nomount-changed.plain.log: gamma and epsilon built again, no cache', () => {
    const ctx = contextFor(fixtureModel('pip-nomount-changed.plain.log'));
    const [f, ...rest] = rule.check(ctx);
    expect(rest).toEqual([]);
    expectWellFormed(f, ctx, rule.id);
    expect(f.title).toBe('[5/8] RUN pip install … compiles 2 packages from source on every run');
    expect(f.detail).toContain('`plainsight-demo-gamma` and `plainsight-demo-epsilon`');
    // pip's `…: started` → `…: finished` pairs of the two sdists: 0.761 s → 7.818 s less the gaps.
    expect(f.timeAtStakeMs).toBe(6821);
    expect(linesOf(f, ctx).slice(1)).toEqual([
      '#9 6.825   Building wheel for plainsight-demo-gamma (pyproject.toml): started',
      '#9 7.335   Building wheel for plainsight-demo-epsilon (pyproject.toml): started',
    ]);
    expect(f.snippet).toContain('--mount=type=cache,target=/root/.cache/pip');
  });

  it('stays silent on engine-pip/pip-cache-warm.plain.log: the built wheels came from the cache mount', () => {
    const ctx = contextFor(fixtureModel('pip-cache-warm.plain.log'));
    expect(rule.check(ctx)).toEqual([]);
  });

  it('stays silent on engine-pip/pip-cache-cold.plain.log: built, but the cache mount keeps the wheels', () => {
    const ctx = contextFor(fixtureModel('pip-cache-cold.plain.log'));
    expect(ctx.packages.some((p) => (p?.builtFromSource ?? 0) > 0)).toBe(true);
    expect(rule.check(ctx)).toEqual([]);
  });

  it('blames --no-cache-dir when the mount is there (engine-pip/pip-no-cache-dir-run2.plain.log)', () => {
    const ctx = contextFor(fixtureModel('pip-no-cache-dir-run2.plain.log'));
    const [f] = rule.check(ctx);
    expect(f.detail).toContain('`--no-cache-dir` keeps pip from storing the built wheels');
    expect(f.snippet).not.toContain('--no-cache-dir');
  });
});

describeCorpus('built-from-source on the corpus', () => {
  it('does not count the project itself (engine/d26-21-python-app.plain.log: `Processing /app`)', () => {
    const ctx = contextFor(corpusModel('engine/d26-21-python-app.plain.log'));
    expect(ctx.packages.some((p) => (p?.builtFromSource ?? 0) > 0)).toBe(true);
    expect(rule.check(ctx)).toEqual([]);
  });
});
