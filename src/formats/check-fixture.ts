/**
 * Test helper: the one check every fixture goes through (STYLE.md "Tests, by
 * layer"). A fixture file is read the way the app reads it (`readLog`: bytes,
 * encodings, gzip, CI wrappers, format detection), then
 *
 * 1. the model's invariants are checked (`invariantProblems`): every input line
 *    has exactly one place (computed from the attribution and from every step's
 *    line lists), steps are ordered by first appearance, no time is negative, a
 *    `#N DONE 1.2s` line and the step's duration agree;
 * 2. a compact text dump of the model (`dumpModel`) is compared with the stored
 *    `<fixture>.dump.txt` beside it. `UPDATE_DUMPS=1` writes the dumps instead;
 *    a written dump must be read against the log by hand before it is kept;
 * 3. for a log behind a CI wrapper, the text without the wrapper is read again
 *    and must give the same steps (proves that detection, not luck, found them).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { Build, LogModel, Step } from '../model/types';
import { ROLES } from '../model/types';
import { readLog } from '../read/read-log';

/** Files of a fixture folder that are not fixtures: notes, generator scripts, stored dumps. */
const NOT_A_FIXTURE = /(?:^README\.md$|\.dump\.txt$|\.sh$|\.mjs$|\.ts$|\.json$)/;

/** `#N 1.234 ` or `#N 1.234` at the end of a line: what a noted text offset must follow. */
const PLAIN_LOG_PREFIX = /^#[\d*]+ -?\d+\.\d+ ?$/;

/** The fixture files of one folder, sorted. */
export function fixtureFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && !NOT_A_FIXTURE.test(e.name))
    .map((e) => path.join(dir, e.name))
    .sort();
}

/** The sub-folders of a fixtures folder (one per format), sorted. */
export function fixtureFolders(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => path.join(dir, e.name))
    .sort();
}

export function readFixtureModel(file: string): LogModel {
  return readLog(new Uint8Array(readFileSync(file)));
}

const FINISH_DONE = (ref: string) =>
  new RegExp(`#${escapeRe(ref)} DONE (\\d+(?:\\.\\d+)?)s(?:$|\\s)`);

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `#12` for plain refs, the ref itself otherwise (digests, `#***`). */
export function refLabel(ref: number | string): string {
  return typeof ref === 'number' ? `#${ref}` : ref;
}

/**
 * Every broken invariant of a model, as readable strings (empty = fine): the
 * attribution ones (`attributionProblems`), then steps in order of first
 * appearance, no negative or inverted time, and DONE lines that agree with the
 * durations. Line numbers in messages are 1-based.
 */
export function invariantProblems(model: LogModel): string[] {
  const p = attributionProblems(model);
  for (const b of model.builds) {
    let prevFirst = -1;
    let prevLabel = '';
    for (const s of b.steps) {
      const where = stepWhere(b, s);
      if (b.steps[s.index] !== s) p.push(`${where}: index ${s.index} is not its position`);

      // Steps in order of first appearance. A rawjson vertex appears first where its
      // digest does, which may be another vertex's `inputs` (FORMAT.md §5).
      const first = firstLine(s, model.format === 'rawjson' ? model.text : null);
      if (first !== null) {
        if (first < prevFirst)
          p.push(
            `${where}: first appears on line ${first + 1}, before ${prevLabel} (line ${prevFirst + 1})`,
          );
        prevFirst = first;
        prevLabel = refLabel(s.ref);
      }

      // No negative or inverted times.
      for (const [k, v] of [
        ['durationMs', s.durationMs],
        ['startMs', s.startMs],
        ['endMs', s.endMs],
      ] as const)
        if (v !== null && !(v >= 0)) p.push(`${where}: ${k} ${v}`);
      if (s.startMs !== null && s.endMs !== null && s.endMs < s.startMs)
        p.push(`${where}: ends (${s.endMs}) before it starts (${s.startMs})`);

      // A DONE line and the duration agree (DONE is the sum of merged intervals, FORMAT.md §1.2).
      if (model.format === 'plain') {
        const done = lastDone(model, s);
        if (done !== null && s.durationMs !== Math.round(done * 1000))
          p.push(`${where}: DONE ${done}s printed, durationMs ${s.durationMs}`);
      }
    }
    if (b.wallMs !== null && !(b.wallMs >= 0)) p.push(`build ${b.index + 1}: wallMs ${b.wallMs}`);
  }
  return p;
}

function stepWhere(b: Build, s: Step): string {
  return `build ${b.index + 1} step ${refLabel(s.ref)} (${s.name.slice(0, 40)})`;
}

/**
 * Where each line went, checked both ways: every line has exactly one valid role
 * (its build and step exist), no line is listed by two steps or twice by one, a
 * listed line is attributed to the step that lists it, and a step's line is in
 * that step's lists (or continues a re-joined unit, see below).
 */
export function attributionProblems(model: LogModel): string[] {
  const p: string[] = [];
  const { role, build, step } = model.attribution;
  const n = model.raw.length;
  if (model.text.length !== n) p.push(`text has ${model.text.length} lines, raw ${n}`);
  if (role.length !== n || build.length !== n || step.length !== n)
    p.push(`attribution covers ${role.length} lines, the input has ${n}`);

  // Who claims each line: every step's outputLines and statusLineNumbers, once each.
  const claims = new Map<number, string[]>();
  const claim = (i: number, who: string) => {
    const list = claims.get(i);
    if (list) list.push(who);
    else claims.set(i, [who]);
  };
  const agrees = (i: number, r: string, b: Build, s: Step) =>
    ROLES[role[i]] === r && build[i] === b.index && step[i] === s.index;

  for (const b of model.builds) {
    for (const s of b.steps) {
      const where = stepWhere(b, s);
      for (const i of s.outputLines) {
        claim(i, `${where} output`);
        if (!agrees(i, 'step-output', b, s))
          p.push(`${where}: output line ${i + 1} is attributed as ${describeLine(model, i)}`);
      }
      for (const i of s.statusLineNumbers) {
        claim(i, `${where} status`);
        if (!agrees(i, 'step-status', b, s))
          p.push(`${where}: status line ${i + 1} is attributed as ${describeLine(model, i)}`);
      }
      if (s.outputElapsedMs.length !== s.outputLines.length)
        p.push(
          `${where}: ${s.outputElapsedMs.length} elapsed times for ${s.outputLines.length} output lines`,
        );
      if (s.outputTextAt.length && s.outputTextAt.length !== s.outputLines.length)
        p.push(
          `${where}: ${s.outputTextAt.length} text offsets for ${s.outputLines.length} output lines`,
        );
      // A noted offset is right after the line's `#N 1.234 ` prefix (FORMAT.md §1.3).
      s.outputTextAt.forEach((at, k) => {
        const t = model.text[s.outputLines[k]] ?? '';
        if (at >= 0 && !PLAIN_LOG_PREFIX.test(t.slice(0, at)))
          p.push(
            `${where}: output line ${s.outputLines[k] + 1}: text offset ${at} in ${JSON.stringify(t.slice(0, 40))}`,
          );
      });
    }
  }

  for (const [i, who] of claims)
    if (who.length > 1) p.push(`line ${i + 1} is claimed ${who.length} times: ${who.join('; ')}`);

  for (let i = 0; i < n; i++) {
    const r = ROLES[role[i]];
    if (r === undefined) {
      p.push(`line ${i + 1}: role code ${role[i]}`);
      continue;
    }
    if (r === 'outside') {
      if (build[i] !== -1 || step[i] !== -1)
        p.push(`line ${i + 1}: outside but tied to build ${build[i] + 1}`);
      continue;
    }
    const b: Build | undefined = model.builds[build[i]];
    if (!b) {
      p.push(`line ${i + 1}: ${r} of a build that does not exist (${build[i]})`);
      continue;
    }
    if (r === 'build-header' || r === 'build-trailer') {
      if (step[i] !== -1) p.push(`line ${i + 1}: ${r} but tied to step ${step[i]}`);
      continue;
    }
    const s: Step | undefined = b.steps[step[i]];
    if (!s) {
      p.push(`line ${i + 1}: ${r} of a step that does not exist (${step[i]})`);
      continue;
    }
    if (claims.has(i)) continue;
    // A unit re-joined from several input lines (a hard wrap, FORMAT.md §0) lists
    // its first line only; the lines it continues onto belong to the same step.
    const continues =
      i > 0 && role[i - 1] === role[i] && build[i - 1] === build[i] && step[i - 1] === step[i];
    if (!continues)
      p.push(`line ${i + 1}: ${r} of ${refLabel(s.ref)}, but not in that step's line lists`);
  }
  return p;
}

function describeLine(model: LogModel, i: number): string {
  const { role, build, step } = model.attribution;
  const b = model.builds[build[i]];
  const s = b?.steps[step[i]];
  return `${ROLES[role[i]]}${b ? ` of build ${b.index + 1}` : ''}${s ? ` step ${refLabel(s.ref)}` : ''}`;
}

function firstLine(s: Step, text: readonly string[] | null): number | null {
  let m = Infinity;
  for (const i of s.outputLines) if (i < m) m = i;
  for (const i of s.statusLineNumbers) if (i < m) m = i;
  // A block can open inside a line another step owns (a glued paste, re-split).
  for (const g of s.segments) if (g.firstLine < m) m = g.firstLine;
  if (text && s.digest) {
    const quoted = `"${s.digest}"`;
    for (let i = 0; i < m && i < text.length; i++)
      if (text[i].includes(quoted)) {
        // Steps met in one object are in no particular order: count from the object's
        // first line (a top-level object starts in column 0; BK v0.13 pretty-prints).
        let j = i;
        while (j > 0 && !text[j].startsWith('{')) j--;
        m = Math.min(m, j);
        break;
      }
  }
  return m === Infinity ? null : m;
}

/** Seconds of the last `#N DONE x.xs` among the lines a step owns (glued finishes included). */
function lastDone(model: LogModel, s: Step): number | null {
  const re = FINISH_DONE(String(s.ref).replace(/^#/, ''));
  const lines = [...s.statusLineNumbers, ...s.outputLines].sort((a, b) => a - b);
  let found: number | null = null;
  for (const i of lines) {
    const t = model.text[i];
    // A glued line may hold several finishes (`… #5 DONE 0.3s`); the last one counts.
    const all = [...t.matchAll(new RegExp(re.source, 'g'))];
    if (all.length) found = Number(all[all.length - 1][1]);
  }
  return found;
}

// ---- the dump

const sec = (ms: number | null): string => (ms === null ? '-' : `${(ms / 1000).toFixed(3)}s`);

function oneLine(s: string, max: number): string {
  const t = s.replace(/\r?\n/g, ' ⏎ ');
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/**
 * Status lines that are not empty. Which block an empty separator line joins is a
 * convention (the one before it), so the dump leaves those out of its counts.
 */
function nonEmpty(model: LogModel, lines: readonly number[]): number {
  let n = 0;
  for (const i of lines) if (model.text[i].trim()) n++;
  return n;
}

/** `54-119` for runs of consecutive numbers, `-` for none. */
function ranges(ns: readonly number[]): string {
  if (!ns.length) return '-';
  const out: string[] = [];
  let a = ns[0];
  let b = ns[0];
  for (const n of [...ns.slice(1), NaN]) {
    if (n === b + 1) b = n;
    else {
      out.push(a === b ? `${a}` : `${a}-${b}`);
      a = b = n;
    }
  }
  return out.join(',');
}

/**
 * A compact, reviewable text form of a model: a header with the format and line
 * roles, one line per step, the failure, excerpt and warnings of each build,
 * then the diagnostics.
 */
export function dumpModel(model: LogModel): string {
  const out: string[] = [];
  const counts = new Map<string, number>(ROLES.map((r) => [r, 0]));
  for (const r of model.attribution.role) counts.set(ROLES[r], (counts.get(ROLES[r]) ?? 0) + 1);
  out.push(
    `format ${model.format}, ci ${model.ci ?? '-'}, ${model.encoding}, ${model.raw.length} lines: ` +
      ROLES.map((r) => `${counts.get(r)} ${r}`).join(', '),
  );
  for (const b of model.builds) {
    out.push(
      `build ${b.index + 1}: ${b.format} ${b.timing}, wall ${sec(b.wallMs)}, lines ${b.firstLine + 1}-${b.lastLine + 1}` +
        `, builder ${b.builder ?? '-'}, ${b.steps.length} steps`,
    );
    for (const s of b.steps) {
      const where = [
        s.platform ? `platform=${s.platform}` : '',
        s.target ? `target=${s.target}` : '',
        s.stage ? `stage=${s.stage}` : '',
        s.position ? `pos=${s.position[0]}/${s.position[1]}` : '',
        s.instruction ?? '',
      ]
        .filter(Boolean)
        .join(' ');
      const ref =
        typeof s.ref === 'string' && s.ref.startsWith('sha256:')
          ? s.ref.slice(0, 15)
          : refLabel(s.ref);
      out.push(
        `  ${ref.padEnd(5)} ${s.status.padEnd(10)} ${sec(s.durationMs).padStart(8)} ` +
          `${sec(s.startMs).padStart(8)}..${sec(s.endMs).padEnd(8)} ${s.kind.padEnd(8)} ` +
          `${where ? `${where} ` : ''}| ${oneLine(s.name, 70)} ` +
          `| out ${s.outputLines.length}${s.logText ? ` text ${s.logText.length}` : ''} status ${nonEmpty(model, s.statusLineNumbers)}` +
          ` segs ${s.segments.length}${s.warnings.length ? ` warn ${s.warnings.length}` : ''}` +
          `${s.exitCode !== null ? ` exit ${s.exitCode}` : ''}`,
      );
    }
    if (b.error) {
      const at = b.error.step === null ? '-' : refLabel(b.error.step);
      out.push(
        `  error: step ${at}, exit ${b.error.exitCode ?? '-'}, line ${b.error.line + 1}: ${oneLine(b.error.message, 200)}`,
      );
    }
    if (b.excerpt) {
      const e = b.excerpt;
      const marked = e.rows.filter((r) => r.marked).map((r) => r.number);
      out.push(
        `  excerpt: ${e.file}:${e.line} at line ${e.firstLine + 1}, rows ${ranges(e.rows.map((r) => r.number))}, marked ${ranges(marked)}`,
      );
    }
    for (const w of b.warnings) out.push(`  warning: ${oneLine(w, 160)}`);
  }
  for (const d of model.diagnostics)
    out.push(`diagnostic ${d.level}${d.line ? ` line ${d.line}` : ''}: ${oneLine(d.message, 200)}`);
  return out.join('\n') + '\n';
}

// ---- CI wrapper round trip

/** What must not change when the CI wrapper is removed: which steps, named how, ending how. */
export function stepFacts(model: LogModel): string[][] {
  return model.builds.map((b) =>
    b.steps.map((s) => `${refLabel(s.ref)} ${s.status} ${s.durationMs ?? '-'} ${s.name}`),
  );
}

/** The log again without its CI wrapper (and ANSI): the lines the format parser saw. */
export function unwrapped(model: LogModel): LogModel {
  return readLog(model.text.join('\n'));
}

// ---- the whole check

export interface FixtureReport {
  file: string;
  model: LogModel;
  problems: string[];
  dump: string;
  /** The stored dump, null when there is none yet. */
  stored: string | null;
  dumpFile: string;
  /** For a CI-wrapped log: the steps read with and without the wrapper. */
  ci: { wrapped: string[][]; unwrapped: string[][]; unwrappedCi: string | null } | null;
}

export const UPDATE_DUMPS = !!process.env.UPDATE_DUMPS;

/** First line of a stored dump that was corrected by hand to the truth (see checkFixture). */
export const HAND_CORRECTED = '# hand-corrected';

function withoutNotes(dump: string): string {
  return dump
    .split('\n')
    .filter((l) => !l.startsWith('# '))
    .join('\n');
}

/**
 * Reads one fixture and checks it; with `UPDATE_DUMPS=1` (re)writes its dump
 * first, so the comparison passes and the new dump can be reviewed in the diff.
 */
export function checkFixture(file: string): FixtureReport {
  const model = readFixtureModel(file);
  const dump = dumpModel(model);
  const dumpFile = `${file}.dump.txt`;
  let stored = existsSync(dumpFile) ? readFileSync(dumpFile, 'utf8') : null;
  // A hand-corrected dump records what the log says where the parser is wrong
  // (a known gap); it is never overwritten, and its `# ` note lines are not compared.
  const corrected = stored !== null && stored.startsWith(HAND_CORRECTED);
  if (UPDATE_DUMPS && !corrected) {
    writeFileSync(dumpFile, dump);
    stored = dump;
  }
  if (stored !== null && corrected) stored = withoutNotes(stored);
  let ci: FixtureReport['ci'] = null;
  if (model.ci) {
    const again = unwrapped(model);
    ci = { wrapped: stepFacts(model), unwrapped: stepFacts(again), unwrappedCi: again.ci };
  }
  return { file, model, problems: invariantProblems(model), dump, stored, dumpFile, ci };
}

/**
 * The check as assertions, for a test per fixture: invariants hold, the dump
 * equals the stored one, and a CI-wrapped log gives the same steps without its wrapper.
 */
export function expectFixture(file: string): FixtureReport {
  const r = checkFixture(file);
  expect(r.problems, `invariants of ${path.basename(file)}`).toEqual([]);
  expect(
    r.stored,
    `${path.basename(r.dumpFile)} is missing: run UPDATE_DUMPS=1 npx vitest run <this test>, then read the dump against the log`,
  ).not.toBeNull();
  expect(r.dump, `dump of ${path.basename(file)}`).toBe(r.stored);
  if (r.ci) {
    expect(r.ci.unwrappedCi, 'the unwrapped text still looks wrapped').toBeNull();
    expect(r.ci.unwrapped, 'steps read without the CI wrapper').toEqual(r.ci.wrapped);
  }
  return r;
}
