/**
 * Test helpers for the package-manager parsers: read a log (fixture or corpus
 * file) the way the app does and look its steps up by `#N`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PackageEvent, PackageEventKind, StepPackages } from '../../model/analysis';
import type { LogModel, Step } from '../../model/types';
import { readLog } from '../../read/read-log';
import { readCorpus } from '../../test-support/corpus';
import { analyzePackages } from './index';

export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

const cache = new Map<string, LogModel>();

function cached(key: string, read: () => Uint8Array): LogModel {
  let m = cache.get(key);
  if (!m) {
    m = readLog(read());
    cache.set(key, m);
  }
  return m;
}

/** A fixture of src/analysis/packages/fixtures. */
export const fixture = (name: string): LogModel =>
  cached(`fixture:${name}`, () => readFileSync(path.join(FIXTURES, name)));

/** A corpus file (`engine/…`, `real/…`); only inside describeCorpus. */
export const corpus = (rel: string): LogModel => cached(`corpus:${rel}`, () => readCorpus(rel));

/** Every step of every build. */
export function allSteps(model: LogModel): Step[] {
  return model.builds.flatMap((b) => b.steps);
}

/** The step printed as `#ref` (plain mode); fails the test when absent or ambiguous. */
export function step(model: LogModel, ref: number | string): Step {
  const found = allSteps(model).filter((s) => s.ref === ref);
  if (found.length !== 1) throw new Error(`expected one step #${ref}, found ${found.length}`);
  return found[0];
}

export function packagesOf(model: LogModel, ref: number | string): StepPackages | null {
  return analyzePackages(step(model, ref), model.text);
}

/** `#ref` → analysis, for the steps where a tool printed something. */
export function analyzedSteps(model: LogModel): Map<string, StepPackages> {
  const out = new Map<string, StepPackages>();
  for (const s of allSteps(model)) {
    const p = analyzePackages(s, model.text);
    if (p) out.set(`#${s.ref}`, p);
  }
  return out;
}

export function names(p: StepPackages | null, event: PackageEventKind): string[] {
  return (p?.items ?? []).filter((e) => e.event === event).map((e) => e.name);
}

export function events(p: StepPackages | null, event: PackageEventKind): PackageEvent[] {
  return (p?.items ?? []).filter((e) => e.event === event);
}

/** The counts of a result, for compact assertions. */
export function counts(p: StepPackages | null) {
  if (!p) return null;
  const { tools, downloaded, reused, builtFromSource, bytesDownloaded, bytesReused } = p;
  return { tools, downloaded, reused, builtFromSource, bytesDownloaded, bytesReused };
}
