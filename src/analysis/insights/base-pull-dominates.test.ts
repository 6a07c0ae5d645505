import { describe, expect, it } from 'vitest';
import { describeCorpus } from '../../test-support/corpus';
import { basePullDominates as rule } from './base-pull-dominates';
import { contextFor, corpusModel, expectWellFormed, fixtureModel, linesOf } from './context-for';

describe('base-pull-dominates', () => {
  it('fires on real/plain-buildctl-v0.21.1-same-dockerfile.log: ubuntu pulled for 11.9 s of 18.8 s', () => {
    const ctx = contextFor(fixtureModel('plain-buildctl-v0.21.1-same-dockerfile.log'));
    const [f, ...rest] = rule.check(ctx);
    expect(rest).toEqual([]);
    expectWellFormed(f, ctx, rule.id);
    expect(f.title).toBe('Pulling the base image took 63% of the build (12 s of 19 s)');
    expect(f.timeAtStakeMs).toBe(11_900);
    expect(f.detail).toContain('`ubuntu:latest` (2 blobs, 42 MB');
    const lines = linesOf(f, ctx);
    expect(lines[0]).toMatch(/^#\d+ \[1\/2\] FROM docker\.io\/library\/ubuntu:latest/);
    expect(lines.slice(1).every((l) => /sha256:[0-9a-f]{64} .* done$/.test(l))).toBe(true);
    // No smaller variant of ubuntu to suggest.
    expect(f.snippet).toBeNull();
  });

  it('stays silent on real/plain-nestjs-prisma-error-cp437-mojibake.log: the base is CACHED', () => {
    const ctx = contextFor(fixtureModel('plain-nestjs-prisma-error-cp437-mojibake.log'));
    expect(ctx.build.steps.find((s) => s.kind === 'base')?.status).toBe('cached');
    expect(rule.check(ctx)).toEqual([]);
  });

  it('stays silent on real/ci-github-docker-build-then-docker-push.log: 61% of a 1.1 s build is 0.7 s', () => {
    const ctx = contextFor(fixtureModel('ci-github-docker-build-then-docker-push.log'));
    expect(rule.check(ctx)).toEqual([]);
  });
});

describeCorpus('base-pull-dominates on the corpus', () => {
  it('fires on real/plain-compose-node-python-npm-ci-error-canceled.log: two bases pulled in parallel', () => {
    const ctx = contextFor(corpusModel('real/plain-compose-node-python-npm-ci-error-canceled.log'));
    const [f] = rule.check(ctx);
    expectWellFormed(f, ctx, rule.id);
    // node:20-alpine (71.1 s) and python:3.11-slim (38.5 s) overlap: the union, not the sum.
    expect(f.timeAtStakeMs).toBeLessThan(ctx.build.wallMs!);
    expect(f.title).toMatch(/^Pulling the base images took 7\d% of the build/);
    // python:3.11-slim is slim already; node:20-alpine too: nothing smaller to offer.
    expect(f.snippet).toBeNull();
  });

  it('stays silent on real/plain-python-pip-multistage-parallel-lambda.log: pulls are 8% of the build', () => {
    const ctx = contextFor(corpusModel('real/plain-python-pip-multistage-parallel-lambda.log'));
    expect(rule.check(ctx)).toEqual([]);
  });
});
