/**
 * Legacy plain progress, BuildKit < v0.5 (Docker 18.09, buildctl v0.3/v0.4),
 * FORMAT.md §3: per vertex a `#N <name>` header, vertex events as fields
 * (`#N       digest: …`, `name:`, `started:`, `completed:`, `duration:`,
 * `cached:`, `error:`), status lines (§1.4) and log lines `#N 0.105 text`.
 * No DONE/CACHED lines: the status comes from the fields. The only text format
 * with absolute (daemon-clock) times, so the timing is exact.
 *
 * Two kinds of damage seen in real pastes are repaired first: hard-wrapped
 * lines (a field value continued on the next line) and line breaks lost in a
 * web paste (everything on one line).
 */
import type { Build, IntervalEpoch, Step } from '../model/types';
import type { ModelBuilder } from './model-builder';
import { isCanceledError, mergedDurationMs, placeStep } from './rawjson';
import { parseGoDurationMs, parseStatus } from './status-line';
import { describeStepName } from './step-name';
import { readTrailerLine, TrailerState } from './trailer';
import type { FormatInput, LogFormat } from './types';

// `#<n> ` + label right-aligned in 13 chars (CLI v18.09.9 progressui `%13s`, §3).
const FIELD = /^#(\d+) +(digest|name|started|completed|duration|cached|error):(?: (.*))?$/;
const FIELD_MARK = /#\d+ +(?:digest|name|started|completed|duration|cached|error): /g;
const HASH = /^#(\d+)(?: (.*))?$/;
// Log prefix `%#.4g` of the seconds since the vertex started, cut to 5 chars (§3):
// `0.105`, `12.35`, `1235.`, and `1.234` for 12345 s.
const LOG_TOKEN = /^-?\d*\.\d*$/;
const GO_TIME =
  /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d+))? ([+-])(\d\d)(\d\d)(?: (?!m=)\S+)?(?: m=[+-]\d+(?:\.\d+)?)?$/;
const LOGRUS = /^time="[^"]*" level=/;
// Shell prompts (`$ `, `root@host:~# `, `PS C:\`); classes without `@`/`:` keep the match linear.
const PROMPT = /^(?:\$ |[\w.-]+@[\w.-]+:[^\s#$]*[#$] |PS [A-Z]:\\)/;
const TRAILER_START = /^(?:ERROR|error|Error)\b|failed to solve|rpc error|executor failed/;
/**
 * A line shorter than this was not hard-wrapped (the real wrapped paste,
 * `legacy-buildctl-k8s-push-wrapped.log`, wraps at 108 columns; terminals are ≥ 80).
 */
const WRAP_MIN = 60;

/** Go `time.Time.String()`: `2019-04-08 08:04:01.72257637 +0000 UTC` → epoch ms, nanoseconds kept as fraction. */
export function parseGoTimeMs(s: string): number | null {
  const m = GO_TIME.exec(s.trim());
  if (!m) return null;
  let ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  if (m[7]) ms += Number('0.' + m[7]) * 1000;
  const off = (+m[9] * 60 + +m[10]) * 60_000;
  ms += m[8] === '+' ? -off : off;
  return Number.isFinite(ms) ? ms : null;
}

/** Go `%q` (the `name:` and `error:` fields): strips the quotes and resolves escapes. */
export function unquoteGo(s: string): string {
  const t = s.trim();
  if (t.length < 2 || t[0] !== '"' || t[t.length - 1] !== '"') return t;
  const out: string[] = [];
  for (let i = 1; i < t.length - 1; i++) {
    const c = t[i];
    if (c !== '\\') {
      out.push(c);
      continue;
    }
    const n = t[++i] ?? '';
    const hex = (len: number): number => {
      const h = t.slice(i + 1, i + 1 + len);
      i += len;
      return /^[0-9a-fA-F]+$/.test(h) && h.length === len ? parseInt(h, 16) : 0xfffd;
    };
    switch (n) {
      case 'n':
        out.push('\n');
        break;
      case 't':
        out.push('\t');
        break;
      case 'r':
        out.push('\r');
        break;
      case 'a':
        out.push('\x07');
        break;
      case 'b':
        out.push('\b');
        break;
      case 'f':
        out.push('\f');
        break;
      case 'v':
        out.push('\v');
        break;
      case 'x': {
        // A byte of invalid UTF-8: shown as the replacement character unless ASCII.
        const b = hex(2);
        out.push(b < 0x80 ? String.fromCharCode(b) : '\ufffd');
        break;
      }
      case 'u':
      case 'U': {
        const cp = hex(n === 'u' ? 4 : 8);
        out.push(cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd');
        break;
      }
      default:
        if (n >= '0' && n <= '7' && /^[0-7]{3}$/.test(t.slice(i, i + 3))) {
          const b = parseInt(t.slice(i, i + 3), 8);
          i += 2;
          out.push(b < 0x80 ? String.fromCharCode(b) : '\ufffd');
        } else out.push(n);
    }
  }
  return out.join('');
}

function exitCodeOfLegacy(text: string): number | null {
  // `exit code: 1` (BK), older runc wording `exit status 1`.
  let code: number | null = null;
  const re = /exit (?:code:|status) (\d+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) code = Number(m[1]);
  return code;
}

// ---------------------------------------------------------------------------
// Sniffing

function sniffLegacy(head: readonly string[]): number {
  const n = Math.min(head.length, 50);
  let flat = false;
  for (let i = 0; i < n; i++) {
    const l = head[i];
    if (/^#\d+ +(?:digest|started|completed|duration): /.test(l)) return 0.95;
    if (!flat && l.length > 40 && isFlattened(l)) flat = true;
  }
  return flat ? 0.92 : 0;
}

/** A line holding several vertex events that a web paste glued together (§3, damaged paste). */
function isFlattened(line: string): boolean {
  FIELD_MARK.lastIndex = 0;
  let marks = 0;
  for (let m = FIELD_MARK.exec(line); m; m = FIELD_MARK.exec(line)) {
    if (m.index > 0) return true;
    if (++marks > 1) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------
// Pieces: one per printed line, after repairing wraps and re-splitting flattened lines.

interface Piece {
  text: string;
  /** Input lines (0-based) the piece came from; continuation lines follow the first. */
  lines: number[];
  /** Cut out of a flattened line: the input line is attributed once, to the build header. */
  flat: boolean;
  /** The printer put an empty line before it (a header follows one, §3). */
  prevEmpty: boolean;
}

function splitFlattened(line: string, i: number): Piece[] {
  const pieces: Piece[] = [];
  // Split before every `#N ` that follows white space; the white space run is
  // the joint: single spaces joined adjacent lines, longer runs held empty
  // lines. One white space character in the pattern and a walk back over the
  // run keep this linear on hostile input.
  const re = /\s#\d+(?= |$)/g;
  let last = 0;
  let ws = 0;
  const push = (end: number): void => {
    const text = line.slice(last, end);
    if (HASH.test(text)) pieces.push({ text, lines: [i], flat: true, prevEmpty: ws >= 2 });
  };
  for (let m = re.exec(line); m; m = re.exec(line)) {
    const hash = m.index + 1;
    if (hash <= last) continue;
    let runStart = m.index;
    while (runStart > last && /\s/.test(line[runStart - 1])) runStart--;
    push(runStart);
    ws = hash - runStart;
    last = hash;
  }
  push(line.length);
  return pieces;
}

function makePieces(lines: readonly string[], out: ModelBuilder): Piece[] {
  const pieces: Piece[] = [];
  let prevKind: 'hash' | 'logrus' | 'other' | 'empty' = 'empty';
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i];
    if (text.length > 40 && isFlattened(text)) {
      const cut = splitFlattened(text, i);
      out.diagnose('info', `line breaks were lost; re-split ${cut.length} fields`, i + 1);
      pieces.push(...cut);
      prevKind = 'other';
      continue;
    }
    const isHash = text.charCodeAt(0) === 35 /* # */ && HASH.test(text);
    const prev = pieces[pieces.length - 1];
    if (
      !isHash &&
      text.trim() &&
      prev &&
      !prev.flat &&
      (prevKind === 'hash' || prevKind === 'logrus') &&
      lines[i - 1].length >= WRAP_MIN &&
      !TRAILER_START.test(text) &&
      !LOGRUS.test(text)
    ) {
      // A hard-wrapped line (real: `name:` split mid-digest): continues the previous one.
      prev.text += text;
      prev.lines.push(i);
      continue;
    }
    pieces.push({ text, lines: [i], flat: false, prevEmpty: i > 0 && !lines[i - 1].trim() });
    prevKind = !text.trim() ? 'empty' : isHash ? 'hash' : LOGRUS.test(text) ? 'logrus' : 'other';
  }
  return pieces;
}

// ---------------------------------------------------------------------------
// Parsing

interface Vertex {
  step: Step;
  /** The header text as printed (name cut to 72 characters). */
  header: string;
  /** The last event was `started:` without its `completed:`. */
  open: boolean;
  completed: boolean;
  cached: boolean;
  error: string | null;
  errorLine: number;
  /** Printed `duration:` values (ms). */
  durations: number[];
  /** `completed:` fields that had no `started:` to pair with (cut or damaged log). */
  orphanCompleted: number;
  statusIndex: Map<string, number>;
}

interface BuildState {
  build: Build;
  vertices: Map<number, Vertex>;
  order: Vertex[];
  trailer: TrailerState;
}

class LegacyParser {
  private readonly out: ModelBuilder;
  private readonly pieces: Piece[];
  private readonly builds: BuildState[] = [];
  private cur: BuildState | null = null;
  private current: Vertex | null = null;
  private last: Vertex | null = null;
  private pendingEmpty: number[] = [];
  /** Flattened input lines and the build they belong to (attributed once at the end). */
  private readonly flatLines = new Map<number, Build>();

  constructor(input: FormatInput) {
    this.out = input.out;
    this.pieces = makePieces(input.text, input.out);
  }

  run(): void {
    const pieces = this.pieces;
    for (let p = 0; p < pieces.length; p++) {
      const piece = pieces[p];
      const first = piece.lines[0];
      const text = piece.text;
      if (!piece.flat && !text.trim()) {
        this.pendingEmpty.push(first);
        continue;
      }
      const h = HASH.exec(text);
      if (h) {
        this.hashPiece(piece, Number(h[1]), h[2] ?? '', pieces[p + 1]);
        continue;
      }
      if (!this.cur || LOGRUS.test(text) || PROMPT.test(text)) {
        // Command lines, logrus warnings (`time="…" level=warning`): outside any build.
        this.flushEmpty(null);
        continue;
      }
      this.trailerPiece(piece);
    }
    // Empty lines at the very end: outside.
    this.pendingEmpty = [];
    this.finish();
  }

  private ensureBuild(first: number): BuildState {
    if (!this.cur) {
      const build = this.out.newBuild(first, 'exact');
      this.cur = { build, vertices: new Map(), order: [], trailer: new TrailerState() };
      this.builds.push(this.cur);
      this.current = null;
      this.last = null;
    }
    return this.cur;
  }

  /** Empty lines are printed after a vertex completes and before a header: they go with the vertex before them. */
  private flushEmpty(to: 'step' | 'trailer' | null): void {
    const bs = this.cur;
    for (const i of this.pendingEmpty) {
      if (!bs) continue;
      if (to === 'step' && this.last) this.out.stepLine(i, bs.build, this.last.step, 'step-status');
      else if (to === 'trailer') this.out.buildLine(i, bs.build, 'build-trailer');
      else if (to === 'step') this.out.buildLine(i, bs.build, 'build-header');
    }
    this.pendingEmpty = [];
  }

  private vertexFor(n: number, first: number, header: string): Vertex {
    const bs = this.ensureBuild(first);
    let v = bs.vertices.get(n);
    if (!v) {
      const step = this.out.newStep(bs.build, n, header, 'unfinished');
      v = {
        step,
        header,
        open: false,
        completed: false,
        cached: false,
        error: null,
        errorLine: -1,
        durations: [],
        orphanCompleted: 0,
        statusIndex: new Map(),
      };
      bs.vertices.set(n, v);
      bs.order.push(v);
    }
    return v;
  }

  private attribute(
    piece: Piece,
    v: Vertex,
    role: 'step-output' | 'step-status',
    elapsedMs: number | null = null,
  ): void {
    const build = (this.cur as BuildState).build;
    if (piece.flat) {
      if (!this.flatLines.has(piece.lines[0])) this.flatLines.set(piece.lines[0], build);
      return;
    }
    for (const i of piece.lines) {
      this.out.stepLine(i, build, v.step, role);
      if (role === 'step-output') {
        v.step.outputLines.push(i);
        v.step.outputElapsedMs.push(elapsedMs);
      }
    }
  }

  private hashPiece(piece: Piece, n: number, rest: string, next: Piece | undefined): void {
    const first = piece.lines[0];
    this.ensureBuild(first);
    this.flushEmpty('step');
    const bs = this.cur as BuildState;

    if (rest === '...') {
      // Switch-away; the number is the NEXT vertex's (CLI v18.09 printer, §3).
      const v = this.current ?? bs.vertices.get(n) ?? this.vertexFor(n, first, '');
      this.attribute(piece, v, 'step-status');
      this.current = null;
      this.last = v;
      return;
    }

    const field = FIELD.exec(piece.text);
    if (field) {
      this.field(piece, n, field[2], field[3] ?? '');
      return;
    }

    const token = rest.slice(0, 5);
    if (
      token.length === 5 &&
      LOG_TOKEN.test(token) &&
      (rest.length === 5 || rest.charCodeAt(5) === 32)
    ) {
      const v = this.switchTo(n, first);
      const elapsedMs = Number(token) * 1000;
      const line = rest.slice(6);
      if (piece.flat) {
        (v.step.logText ??= []).push(line);
        (v.step.logElapsedMs ??= []).push(Number.isFinite(elapsedMs) ? elapsedMs : null);
      }
      this.attribute(piece, v, 'step-output', Number.isFinite(elapsedMs) ? elapsedMs : null);
      return;
    }

    // Header or status: they look alike (§1.1). A header follows an empty line,
    // repeats the header text, or is the first sight of its number.
    const known = bs.vertices.get(n);
    const nextDigest = next ? FIELD.exec(next.text) : null;
    const digestNext =
      nextDigest && Number(nextDigest[1]) === n && nextDigest[2] === 'digest'
        ? (nextDigest[3] ?? '').trim()
        : null;
    const isHeader =
      !known ||
      piece.prevEmpty ||
      rest === known.header ||
      rest === known.step.name ||
      digestNext !== null;
    if (isHeader) {
      if (known && digestNext && known.step.digest && known.step.digest !== digestNext) {
        // The same number for another vertex: a second build in the same log.
        this.cur = null;
        this.ensureBuild(first);
      }
      const v = this.vertexFor(n, first, rest);
      this.attribute(piece, v, 'step-status');
      this.current = v;
      this.last = v;
      return;
    }
    const v = this.switchTo(n, first);
    const status = parseStatus(rest, first);
    const k = v.statusIndex.get(status.id);
    if (k === undefined) {
      v.statusIndex.set(status.id, v.step.statuses.length);
      v.step.statuses.push(status);
    } else v.step.statuses[k] = status;
    this.attribute(piece, v, 'step-status');
  }

  /** A line of vertex `n` without its header (damaged logs): switch to it. */
  private switchTo(n: number, first: number): Vertex {
    const v = this.current?.step.ref === n ? this.current : this.vertexFor(n, first, '');
    this.current = v;
    this.last = v;
    return v;
  }

  private field(piece: Piece, n: number, label: string, value: string): void {
    const first = piece.lines[0];
    let v = this.switchTo(n, first);
    const step = v.step;
    switch (label) {
      case 'digest': {
        const d = value.trim();
        if (step.digest && step.digest !== d) {
          // Another vertex under a known number: a new build.
          this.cur = null;
          this.ensureBuild(first);
          v = this.switchTo(n, first);
        }
        v.step.digest = d;
        break;
      }
      case 'name': {
        // The field holds the full name; the header may be cut to 72 characters (§3).
        const name = unquoteGo(value);
        if (name && name !== step.name) {
          step.name = name;
          Object.assign(step, describeStepName(name));
        }
        break;
      }
      case 'started': {
        const t = parseGoTimeMs(value);
        if (t === null)
          this.out.diagnose('warning', `unreadable time "${value.slice(0, 60)}"`, first + 1);
        else {
          step.intervals.push({ startEpochMs: t, endEpochMs: null });
          v.open = true;
        }
        break;
      }
      case 'completed': {
        const t = parseGoTimeMs(value);
        if (t === null)
          this.out.diagnose('warning', `unreadable time "${value.slice(0, 60)}"`, first + 1);
        else {
          const lastIv: IntervalEpoch | undefined = step.intervals[step.intervals.length - 1];
          if (lastIv && lastIv.endEpochMs === null)
            lastIv.endEpochMs = Math.max(t, lastIv.startEpochMs);
          else v.orphanCompleted++;
          v.open = false;
          v.completed = true;
        }
        break;
      }
      case 'duration': {
        const d = parseGoDurationMs(value.trim());
        if (d !== null) v.durations.push(d);
        break;
      }
      case 'cached':
        v.cached = value.trim() === 'true';
        break;
      case 'error': {
        const e = unquoteGo(value);
        v.error = e || null;
        v.errorLine = first;
        break;
      }
    }
    this.attribute(piece, v, 'step-status');
  }

  private trailerPiece(piece: Piece): void {
    const bs = this.cur as BuildState;
    this.flushEmpty('trailer');
    if (piece.flat) return;
    for (const i of piece.lines) {
      this.out.buildLine(i, bs.build, 'build-trailer');
    }
    readTrailerLine(bs.trailer, piece.text, piece.lines[0], bs.build);
  }

  private finish(): void {
    for (const [i, build] of this.flatLines) this.out.buildLine(i, build, 'build-header');
    for (const bs of this.builds) this.finishBuild(bs);
  }

  private finishBuild(bs: BuildState): void {
    const build = bs.build;
    let start = Infinity;
    let end = -Infinity;
    for (const v of bs.order) {
      const step = v.step;
      if (!step.name) step.name = `#${step.ref}`;
      for (const iv of step.intervals) {
        if (iv.startEpochMs < start) start = iv.startEpochMs;
        if (iv.endEpochMs !== null && iv.endEpochMs > end) end = iv.endEpochMs;
      }
      if (v.error !== null) {
        step.error = v.error;
        step.exitCode = exitCodeOfLegacy(v.error);
        step.status = isCanceledError(v.error) ? 'canceled' : 'error';
      } else if (v.cached) step.status = 'cached';
      else if (v.completed && !v.open) step.status = 'done';
      else step.status = 'unfinished';
      const closed = step.intervals.filter((iv) => iv.endEpochMs !== null).length;
      // Intervals are exact; the printed durations are the fallback when a
      // `completed:` lost its `started:` (cut or damaged paste).
      step.durationMs =
        v.orphanCompleted && v.durations.length > closed
          ? v.durations.reduce((a, b) => a + b, 0)
          : mergedDurationMs(step.intervals);
    }
    if (start !== Infinity) {
      build.startEpochMs = start;
      build.wallMs = end >= start ? end - start : null;
      for (const { step } of bs.order) placeStep(step, start);
    }
    const failed = bs.order
      .filter((v) => v.step.status === 'error')
      .sort((a, b) => (a.step.startMs ?? Infinity) - (b.step.startMs ?? Infinity));
    if (build.error) {
      const message = build.error.message;
      build.error.exitCode ??= exitCodeOfLegacy(message);
      const hit = failed.find((v) => v.error && message.includes(v.error)) ?? failed[0];
      if (hit) build.error.step = hit.step.ref;
    } else if (failed.length) {
      const v = failed[0];
      build.error = {
        step: v.step.ref,
        message: v.error ?? '',
        exitCode: v.step.exitCode,
        line: v.errorLine,
      };
    }
  }
}

function parseLegacy(input: FormatInput): void {
  try {
    new LegacyParser(input).run();
    input.out.finishTargets();
  } catch (e) {
    // Never throw (STYLE.md): report and keep what was read.
    input.out.diagnose(
      'error',
      `legacy parser failed: ${e instanceof Error ? e.message : String(e)}`,
      0,
    );
  }
}

export const legacyFormat: LogFormat = {
  id: 'legacy',
  sniff: sniffLegacy,
  parse: parseLegacy,
};
