/**
 * Test support: the InsightContext of one build, made with the real analysis
 * modules, the same way src/analysis/analyze.ts makes it.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readLog } from '../../read/read-log';
import type { Finding } from '../../model/analysis';
import type { Build, LogModel } from '../../model/types';
import { readCorpus } from '../../test-support/corpus';
import { analyzeLayerCache } from '../cache';
import { computeCriticalPath } from '../critical-path';
import { buildDownloads } from '../downloads';
import { parseCacheMounts } from '../mounts';
import { analyzePackages } from '../packages/index';
import type { InsightContext } from './types';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

export function contextFor(model: LogModel, buildIndex = 0, previous?: Build): InsightContext {
  const build = model.builds[buildIndex];
  if (!build) throw new Error(`no build ${buildIndex} (the log has ${model.builds.length})`);
  const packages = build.steps.map((s) => analyzePackages(s, model.text));
  return {
    build,
    text: model.text,
    packages,
    mounts: parseCacheMounts(build),
    cache: analyzeLayerCache(build, previous),
    downloads: buildDownloads(build, packages),
    criticalPath: computeCriticalPath(build),
    ...(previous ? { previous } : {}),
  };
}

/** A log of this folder's fixtures/. */
export function fixtureModel(name: string): LogModel {
  return readLog(readFileSync(path.join(FIXTURES, name)));
}

/** A log of the shared corpus (`engine-pip/pip-cache-cold.plain.log`); use inside describeCorpus. */
export function corpusModel(rel: string): LogModel {
  return readLog(readCorpus(rel));
}

/** What every finding must satisfy, whatever the rule. */
export function expectWellFormed(f: Finding, ctx: InsightContext, rule: string): void {
  expect(f.rule).toBe(rule);
  expect(['high', 'medium', 'low', 'info']).toContain(f.severity);
  expect(f.title.trim()).not.toBe('');
  expect(f.detail.trim()).not.toBe('');
  expect(f.fix.trim()).not.toBe('');
  for (const s of f.steps) expect(ctx.build.steps[s]).toBeDefined();
  expect(f.lines.length).toBeGreaterThan(0);
  expect([...f.lines].sort((a, b) => a - b)).toEqual(f.lines);
  expect(new Set(f.lines).size).toBe(f.lines.length);
  for (const l of f.lines) {
    expect(l).toBeGreaterThanOrEqual(0);
    expect(l).toBeLessThan(ctx.text.length);
  }
  if (f.timeAtStakeMs !== null) expect(f.timeAtStakeMs).toBeGreaterThanOrEqual(0);
}

/** The text of a finding's lines, for assertions that read like the log. */
export function linesOf(f: Finding, ctx: InsightContext): string[] {
  return f.lines.map((l) => ctx.text[l]);
}
