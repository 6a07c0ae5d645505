import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../model/analysis';
import { corpusFiles, describeCorpus } from '../../test-support/corpus';
import { contextFor, corpusModel, expectWellFormed, fixtureModel } from './context-for';
import { compareFindings, INSIGHT_RULES, runInsights } from './index';

const here = path.dirname(fileURLToPath(import.meta.url));

describe('INSIGHT_RULES', () => {
  it('lists each rule once, named after its file, with its own test file', () => {
    const ids = INSIGHT_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(existsSync(path.join(here, `${id}.ts`)), `${id}.ts`).toBe(true);
      expect(existsSync(path.join(here, `${id}.test.ts`)), `${id}.test.ts`).toBe(true);
    }
  });
});

describe('runInsights', () => {
  const finding = (rule: string, severity: Finding['severity'], timeAtStakeMs: number | null) =>
    ({ rule, severity, timeAtStakeMs }) as Finding;

  it('puts the failure first, then the most time at stake, findings without an estimate last, then severity', () => {
    const sorted = [
      finding('a', 'low', 1000),
      finding('b', 'high', null),
      finding('failure', 'high', null),
      finding('c', 'medium', 60_000),
      finding('d', 'info', null),
      finding('e', 'medium', 1000),
    ].sort(compareFindings);
    expect(sorted.map((f) => f.rule)).toEqual(['failure', 'c', 'e', 'a', 'b', 'd']);
  });

  it('orders the findings of engine-pip/pip-target-mount-run1.plain.log', () => {
    const ctx = contextFor(fixtureModel('pip-target-mount-run1.plain.log'));
    const found = runInsights(ctx);
    // The next RUN fails because the packages are missing: the failure, then what costs
    // time (gamma built from source), then the mount finding, which has no time estimate.
    expect(found.map((f) => f.rule)).toEqual([
      'failure',
      'built-from-source',
      'cache-mount-on-install-target',
    ]);
    for (const f of found) expectWellFormed(f, ctx, f.rule);
  });

  it('keeps the other rules’ findings when one rule throws', () => {
    const ctx = contextFor(fixtureModel('pip-nomount-cold.plain.log'));
    const broken = {
      id: 'broken',
      check: () => {
        throw new Error('bug');
      },
    };
    const found = runInsights(ctx, [broken, ...INSIGHT_RULES]);
    expect(found.map((f) => f.rule)).toEqual(runInsights(ctx).map((f) => f.rule));
    expect(found.length).toBeGreaterThan(0);
  });
});

describeCorpus('every rule on every corpus log', () => {
  const files = [...corpusFiles('real'), ...corpusFiles('engine'), ...corpusFiles('engine-pip')];

  it.each(files)('%s: no rule throws, every finding is well formed', (rel) => {
    const model = corpusModel(rel);
    for (let b = 0; b < model.builds.length; b++) {
      const ctx = contextFor(model, b);
      for (const rule of INSIGHT_RULES)
        for (const f of rule.check(ctx)) expectWellFormed(f, ctx, rule.id);
    }
  });
});
