import { describe, expect, it } from 'vitest';
import { describeCorpus } from '../../test-support/corpus';
import { cacheMountMissed as rule } from './cache-mount-missed';
import { contextFor, corpusModel, expectWellFormed, fixtureModel, linesOf } from './context-for';

describe('cache-mount-missed', () => {
  it('fires on engine-pip/pip-no-cache-dir-run2.plain.log: the mount is there, --no-cache-dir empties it', () => {
    const ctx = contextFor(fixtureModel('pip-no-cache-dir-run2.plain.log'));
    const [f, ...rest] = rule.check(ctx);
    expect(rest).toEqual([]);
    expectWellFormed(f, ctx, rule.id);
    expect(f.severity).toBe('medium');
    expect(f.title).toContain('pip cache mount missed');
    expect(f.detail).toContain('downloaded 7 packages');
    expect(f.detail).toContain('Most likely the command says `--no-cache-dir`');
    expect(linesOf(f, ctx)[0]).toMatch(
      /^#9 \[stage-0 5\/7\] RUN --mount=type=cache,target=\/root\/.cache\/pip +pip install --no-cache-dir/,
    );
    expect(
      linesOf(f, ctx)
        .slice(1)
        .every((l) => l.includes('Downloading ')),
    ).toBe(true);
    expect(f.snippet).toContain('--mount=type=cache,target=/root/.cache/pip');
    expect(f.snippet).not.toContain('--no-cache-dir');
  });

  it('fires on engine-pip/pip-private-concurrent-b.plain.log: sharing=private while another build held the mount', () => {
    const ctx = contextFor(fixtureModel('pip-private-concurrent-b.plain.log'));
    const [f, ...rest] = rule.check(ctx);
    expect(rest).toEqual([]);
    expectWellFormed(f, ctx, rule.id);
    expect(f.severity).toBe('medium');
    expect(f.detail).toContain('Most likely `sharing=private`');
    expect(f.detail).toContain('reused none');
    expect(f.snippet).not.toContain('sharing=private');
  });

  it('stays silent on engine-pip/pip-cache-warm.plain.log: 6 of 7 packages came from the mount', () => {
    const ctx = contextFor(fixtureModel('pip-cache-warm.plain.log'));
    expect(rule.check(ctx)).toEqual([]);
  });

  it('says "empty cache" once, as info, for a first build (engine-pip/pip-cache-cold.plain.log)', () => {
    const ctx = contextFor(fixtureModel('pip-cache-cold.plain.log'));
    const [f, ...rest] = rule.check(ctx);
    expect(rest).toEqual([]);
    expectWellFormed(f, ctx, rule.id);
    expect(f.severity).toBe('info');
    expect(f.steps).toHaveLength(2);
    expect(f.title).toBe('The cache mounts were empty: 2 steps downloaded 7 packages');
    expect(f.detail).toContain('first build on this builder');
  });
});

describeCorpus('cache-mount-missed on the corpus', () => {
  it('reads engine/d26-09-apt-nocache.plain.log as a --no-cache build: empty mounts', () => {
    const ctx = contextFor(corpusModel('engine/d26-09-apt-nocache.plain.log'));
    const [f, ...rest] = rule.check(ctx);
    expect(rest).toEqual([]);
    expectWellFormed(f, ctx, rule.id);
    expect(f.detail).toContain('`--no-cache` build');
    // The lists were downloaded too: the whole mount was empty, not docker-clean at work.
    expect(f.detail).toContain('Also possible: no step removes /etc/apt/apt.conf.d/docker-clean');
  });

  it('stays silent on engine/d26-08-apt-cache-warm.plain.log: the .debs came from the mount', () => {
    const ctx = contextFor(corpusModel('engine/d26-08-apt-cache-warm.plain.log'));
    expect(rule.check(ctx)).toEqual([]);
  });

  it('does not blame sharing=private for the warm-up build (engine-pip/pip-private-warmup.plain.log)', () => {
    const ctx = contextFor(corpusModel('engine-pip/pip-private-warmup.plain.log'));
    const [f] = rule.check(ctx);
    expect(f.severity).toBe('info');
    expect(f.detail).toContain('Most likely no step of this build came from the layer cache');
  });
});
