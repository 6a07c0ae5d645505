/**
 * Test helpers for format parsers: run one format over a text the way the
 * registry would (lines split on CRLF/LF, no CI stamps) and check the
 * invariants every parser keeps (STYLE.md "Keep what came in").
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Attribution, Build, Diagnostic } from '../model/types';
import { ROLES } from '../model/types';
import { ModelBuilder } from './model-builder';
import type { LogFormat } from './types';

export interface FormatRun {
  lines: string[];
  builds: Build[];
  diagnostics: Diagnostic[];
  attribution: Attribution;
  doubleAttributed: number;
}

export function runFormat(format: LogFormat, text: string): FormatRun {
  const lines = text.split(/\r?\n/);
  const out = new ModelBuilder(lines.length, format.id);
  format.parse({
    text: lines,
    raw: lines,
    stampEpochMs: new Float64Array(lines.length).fill(NaN),
    out,
  });
  return {
    lines,
    builds: out.builds,
    diagnostics: out.diagnostics,
    attribution: out.attribution,
    doubleAttributed: out.doubleAttributed,
  };
}

/** The role name of line `i`. */
export function roleAt(run: FormatRun, i: number): string {
  return ROLES[run.attribution.role[i]];
}

/**
 * Problems with a run, as readable strings (empty = fine): double attribution,
 * output/status line lists that disagree with the attribution, negative or
 * inconsistent times.
 */
export function invariantProblems(run: FormatRun): string[] {
  const p: string[] = [];
  const a = run.attribution;
  if (run.doubleAttributed) p.push(`${run.doubleAttributed} lines attributed twice`);
  for (const b of run.builds) {
    for (const s of b.steps) {
      const where = `build ${b.index} step ${s.index} (${s.name.slice(0, 40)})`;
      for (const i of s.outputLines)
        if (ROLES[a.role[i]] !== 'step-output' || a.step[i] !== s.index || a.build[i] !== b.index)
          p.push(`${where}: output line ${i + 1} not attributed to it as output`);
      for (const i of s.statusLineNumbers)
        if (ROLES[a.role[i]] !== 'step-status' || a.step[i] !== s.index || a.build[i] !== b.index)
          p.push(`${where}: status line ${i + 1} not attributed to it as status`);
      if (s.outputElapsedMs.length !== s.outputLines.length)
        p.push(`${where}: outputElapsedMs and outputLines differ in length`);
      if (s.logText && s.logElapsedMs && s.logText.length !== s.logElapsedMs.length)
        p.push(`${where}: logText and logElapsedMs differ in length`);
      if (s.durationMs !== null && !(s.durationMs >= 0))
        p.push(`${where}: duration ${s.durationMs}`);
      if (s.startMs !== null && s.endMs !== null && s.endMs < s.startMs)
        p.push(`${where}: ends before it starts`);
      for (const iv of s.intervals)
        if (iv.endEpochMs !== null && iv.endEpochMs < iv.startEpochMs)
          p.push(`${where}: interval ends before it starts`);
    }
    if (b.wallMs !== null && !(b.wallMs >= 0)) p.push(`build ${b.index}: wall ${b.wallMs}`);
  }
  for (let i = 0; i < run.lines.length; i++) {
    const r = ROLES[a.role[i]];
    if (r !== 'outside' && (a.build[i] < 0 || a.build[i] >= run.builds.length))
      p.push(`line ${i + 1}: role ${r} without a build`);
    if ((r === 'step-output' || r === 'step-status') && a.step[i] < 0)
      p.push(`line ${i + 1}: role ${r} without a step`);
  }
  return p;
}

/** The shared corpus, `../shared/corpus` from the project root; tests skip themselves when it is absent. */
export const CORPUS_DIR = path.resolve(__dirname, '../../../shared/corpus');

export function readFixture(dir: string, name: string): string {
  return readFileSync(path.join(__dirname, 'fixtures', dir, name), 'utf8');
}

/** A small seeded PRNG (mulberry32) so random cuts are the same on every run. */
export function seededRandom(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}
