import { describe, expect, it } from 'vitest';
import { describeCorpus } from '../../test-support/corpus';
import { cacheMountOnInstallTarget as rule } from './cache-mount-on-install-target';
import { contextFor, corpusModel, expectWellFormed, fixtureModel, linesOf } from './context-for';

describe('cache-mount-on-install-target', () => {
  it('fires on engine-pip/pip-target-mount-run1.plain.log: pip --target=/pip-packages on a cache mount', () => {
    const ctx = contextFor(fixtureModel('pip-target-mount-run1.plain.log'));
    const [f, ...rest] = rule.check(ctx);
    expect(rest).toEqual([]);
    expectWellFormed(f, ctx, rule.id);
    expect(f.severity).toBe('high');
    expect(f.timeAtStakeMs).toBeNull();
    expect(f.title).toContain('The cache mount on /pip-packages hides what');
    expect(f.title).toContain('missing from the image');
    // The step itself and the later `RUN ls -la /pip-packages` that cannot find it.
    expect(linesOf(f, ctx)).toEqual([
      expect.stringMatching(/^#8 \[stage-0 4\/5\] RUN --mount=type=cache,target=\/pip-packages /),
      "#9 0.107 ls: cannot access '/pip-packages': No such file or directory",
    ]);
    expect(f.snippet).toBe(
      'RUN --mount=type=cache,target=/root/.cache/pip \\\n    pip install --index-url http://127.0.0.1:8631/simple --trusted-host 127.0.0.1 --target=/pip-packages -r requirements.txt',
    );
  });

  it('stays silent on engine-pip/pip-cache-cold.plain.log: the mount is pip’s download cache', () => {
    const ctx = contextFor(fixtureModel('pip-cache-cold.plain.log'));
    expect(rule.check(ctx)).toEqual([]);
  });
});

describeCorpus('cache-mount-on-install-target on the corpus', () => {
  it('fires on engine-pip/pip-target-mount-mkdir-run1.plain.log: the image keeps an empty directory', () => {
    const ctx = contextFor(corpusModel('engine-pip/pip-target-mount-mkdir-run1.plain.log'));
    const [f, ...rest] = rule.check(ctx);
    expect(rest).toEqual([]);
    expectWellFormed(f, ctx, rule.id);
    expect(f.detail).toContain('`[stage-0 6/6] RUN ls -la /pip-packages` lists an empty directory');
    expect(linesOf(f, ctx).slice(1)).toEqual([
      '#10 [stage-0 6/6] RUN ls -la /pip-packages',
      '#10 0.101 total 8',
      '#10 0.101 drwxr-xr-x 2 root root 4096 Nov 23 19:49 .',
      '#10 0.101 drwxr-xr-x 1 root root 4096 Nov 23 19:49 ..',
    ]);
  });

  it('fires on engine-pip/pip-target-mount-mkdir-run2.plain.log, quoting pip’s "already exists"', () => {
    const ctx = contextFor(corpusModel('engine-pip/pip-target-mount-mkdir-run2.plain.log'));
    const [f] = rule.check(ctx);
    expect(f.detail).toContain('this step prints `WARNING: Target directory /pip-packages/');
  });

  it('stays silent on node_modules/.cache, a real cache (real/plain-easypanel-nixpacks-cache-mount-truncated.log)', () => {
    const ctx = contextFor(corpusModel('real/plain-easypanel-nixpacks-cache-mount-truncated.log'));
    expect(ctx.mounts.some((m) => m.target === '/app/node_modules/.cache')).toBe(true);
    expect(rule.check(ctx)).toEqual([]);
  });
});
