import { describe, expect, it } from 'vitest';
import { describeCorpus } from '../../test-support/corpus';
import { contextFor, corpusModel, expectWellFormed, fixtureModel, linesOf } from './context-for';
import { installWithoutCacheMount as rule } from './install-without-cache-mount';

describe('install-without-cache-mount', () => {
  it('fires on engine-pip/pip-nomount-cold.plain.log: both pip installs download with no mount', () => {
    const ctx = contextFor(fixtureModel('pip-nomount-cold.plain.log'));
    const found = rule.check(ctx);
    expect(found.map((f) => ctx.build.steps[f.steps[0]].name.slice(0, 22))).toEqual([
      '[5/8] RUN pip install ',
      '[6/8] RUN pip install ',
    ]);
    const [f] = found;
    expectWellFormed(f, ctx, rule.id);
    expect(f.title).toContain('No cache mount for pip');
    expect(f.title).toContain('6 packages (5.7 MB)');
    // The proof is the step header and its six `Downloading …` lines.
    const lines = linesOf(f, ctx);
    expect(lines[0]).toMatch(/^#9 \[5\/8\] RUN pip install /);
    expect(lines.slice(1)).toHaveLength(6);
    for (const l of lines.slice(1))
      expect(l).toMatch(/^#9 \d+\.\d+ {3}Downloading http:\/\/127\.0\.0\.1/);
    // The packages module's download time: a local index, so well under a second.
    expect(f.timeAtStakeMs).toBeGreaterThan(0);
    expect(f.timeAtStakeMs).toBeLessThan(1000);
    expect(f.snippet).toBe(
      'RUN --mount=type=cache,target=/root/.cache/pip \\\n    pip install --index-url http://127.0.0.1:8631/simple --trusted-host 127.0.0.1 -r requirements.txt',
    );
  });

  it('stays silent on engine-pip/pip-cache-cold.plain.log: the same installs with a pip cache mount', () => {
    const ctx = contextFor(fixtureModel('pip-cache-cold.plain.log'));
    expect(ctx.mounts.map((m) => m.target)).toEqual(['/root/.cache/pip', '/root/.cache/pip']);
    expect(rule.check(ctx)).toEqual([]);
  });

  it('leaves a cache mount on the install target to cache-mount-on-install-target (pip-target-mount-run1)', () => {
    const ctx = contextFor(fixtureModel('pip-target-mount-run1.plain.log'));
    expect(rule.check(ctx)).toEqual([]);
  });
});

describeCorpus('install-without-cache-mount on the corpus', () => {
  it('fires on real/plain-python-pip-nltk-ml-app.log: 42 packages, 390 MB, no mount', () => {
    const ctx = contextFor(corpusModel('real/plain-python-pip-nltk-ml-app.log'));
    const [f, ...rest] = rule.check(ctx);
    expect(rest).toEqual([]);
    expectWellFormed(f, ctx, rule.id);
    expect(f.title).toContain('42 packages (390 MB)');
    expect(f.severity).toBe('medium');
    expect(f.timeAtStakeMs).toBeGreaterThan(10_000);
    // `--no-cache-dir` is pointless once the cache lives in a mount: the snippet drops it.
    expect(f.snippet).toContain('--mount=type=cache,target=/root/.cache/pip');
    expect(f.snippet).not.toContain('--no-cache-dir');
  });

  it('groups one install run by two services into one finding (real/plain-compose-bake-3-services-…-pip-nextjs.log)', () => {
    const ctx = contextFor(
      corpusModel('real/plain-compose-bake-3-services-arm64-containerd-unpacking-pip-nextjs.log'),
    );
    const found = rule.check(ctx);
    const upgrade = found.filter((f) => f.snippet?.includes('--upgrade pip setuptools wheel'));
    expect(upgrade).toHaveLength(1);
    const [f] = upgrade;
    expectWellFormed(f, ctx, rule.id);
    // #23 [backend builder 5/7] and #25 [mcp builder 5/9]: three wheels each.
    expect(f.steps.map((i) => ctx.build.steps[i].ref)).toEqual([23, 25]);
    expect(f.title).toBe(
      'No cache mount for pip: 2 steps run `RUN python -m pip install --upgrade pip setuptools wheel` and download 6 packages (6.1 MB) each time they run',
    );
    const lines = linesOf(f, ctx);
    expect(lines.filter((l) => /^#2[35] \d+\.\d+ Downloading \S+\.whl \(/.test(l))).toHaveLength(6);
    expect(lines.filter((l) => / RUN python -m pip install --upgrade/.test(l))).toHaveLength(2);
    // Every other finding of the rule is one step's: the other installs differ.
    for (const g of found) if (g !== f) expect(g.steps).toHaveLength(1);
  });

  it('stays silent on engine/d26-08-apt-cache-warm.plain.log: apt with its cache mounts', () => {
    const ctx = contextFor(corpusModel('engine/d26-08-apt-cache-warm.plain.log'));
    expect(rule.check(ctx)).toEqual([]);
  });

  it('asks apt to keep its .debs in the snippet (real/plain-lean-lake-padded-steps-crlf.log)', () => {
    const ctx = contextFor(corpusModel('real/plain-lean-lake-padded-steps-crlf.log'));
    const apt = rule.check(ctx).find((f) => f.title.includes('for apt'));
    expect(apt?.snippet).toMatch(/^RUN rm -f \/etc\/apt\/apt\.conf\.d\/docker-clean;/);
    expect(apt?.snippet).toContain('--mount=type=cache,target=/var/lib/apt,sharing=locked');
  });
});
