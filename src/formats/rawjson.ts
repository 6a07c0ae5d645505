/**
 * `--progress=rawjson` (FORMAT.md §5): BuildKit's SolveStatus events as JSON,
 * one compact object per line (BK ≥ v0.14) or indented over several lines
 * (BK v0.13), then plain failure text (§1.6) when the build failed.
 *
 * Every JSON object's input lines are attributed to the step of the first
 * vertex it mentions; the decoded tool output goes to `Step.logText` because
 * the input lines hold JSON, not one tool line each.
 */
import type { Build, IntervalEpoch, StatusEntry, Step } from '../model/types';
import type { ModelBuilder } from './model-builder';
import { describeStepName } from './step-name';
import { readTrailerLine, TrailerState } from './trailer';
import type { FormatInput, LogFormat } from './types';

// ---------------------------------------------------------------------------
// Small decoders shared with the tests (and usable by other formats).

const RFC3339 =
  /^(\d{4})-(\d\d)-(\d\d)[Tt](\d\d):(\d\d):(\d\d)(?:\.(\d+))?(?:[Zz]|([+-])(\d\d):(\d\d))$/;

/**
 * RFC 3339 with nanoseconds (`client/status.go` marshals `time.Time` as
 * RFC3339Nano, trailing zeros trimmed) → epoch ms, fraction kept. Date.parse
 * would drop everything below the millisecond.
 */
export function parseRfc3339Ms(s: unknown): number | null {
  if (typeof s !== 'string' || s.length > 40) return null;
  const m = RFC3339.exec(s);
  if (!m) return null;
  let ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  if (m[7]) ms += Number('0.' + m[7]) * 1000;
  if (m[8]) {
    const off = (+m[9] * 60 + +m[10]) * 60_000;
    ms += m[8] === '+' ? -off : off;
  }
  return Number.isFinite(ms) ? ms : null;
}

const B64 = new Int8Array(128).fill(-1);
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
  .split('')
  .forEach((c, i) => (B64[c.charCodeAt(0)] = i));
B64['-'.charCodeAt(0)] = 62;
B64['_'.charCodeAt(0)] = 63;

/**
 * Go's encoding/json writes `[]byte` as standard base64 (§5: `data`, `short`).
 * A tiny decoder instead of `Buffer` (Node only) or `atob` (not in the core's
 * type lib): the core also runs in a browser worker. Invalid characters are
 * skipped, so hostile input decodes to something rather than throwing.
 */
export function decodeBase64(s: string): Uint8Array {
  const out = new Uint8Array((s.length * 3) >> 2);
  let acc = 0;
  let bits = 0;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const v = c < 128 ? B64[c] : -1;
    if (v < 0) continue;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, n);
}

// Tool bytes are raw (§1.3: may be non-UTF-8): replace invalid sequences, keep a BOM.
const utf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/** `… did not complete successfully: exit code: 127` (BK@a27d7c3d8, §1.6.4): the last one wins. */
export function exitCodeOf(text: string): number | null {
  let code: number | null = null;
  const re = /exit code: (\d+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) code = Number(m[1]);
  return code;
}

/** CANCELED = an error ending in `context canceled` (BK printer.go, §1.1). */
export function isCanceledError(text: string): boolean {
  return /context canceled\s*$/.test(text);
}

/** Sum of the union of closed intervals: BuildKit's "sum of merged intervals" (§1.2). */
export function mergedDurationMs(intervals: readonly IntervalEpoch[]): number | null {
  const closed = intervals
    .filter((iv) => iv.endEpochMs !== null && Number.isFinite(iv.startEpochMs))
    .map((iv) => [iv.startEpochMs, Math.max(iv.startEpochMs, iv.endEpochMs as number)] as const)
    .sort((a, b) => a[0] - b[0]);
  if (!closed.length) return null;
  let total = 0;
  let [s, e] = closed[0];
  for (let k = 1; k < closed.length; k++) {
    const [s2, e2] = closed[k];
    if (s2 > e) {
      total += e - s;
      s = s2;
      e = e2;
    } else if (e2 > e) e = e2;
  }
  return total + (e - s);
}

export interface TextLine {
  i: number;
  text: string;
}

/**
 * Reads the failure trailer (§1.6: `------` error block, source excerpt,
 * `ERROR: …`) with the reader the plain and TTY parsers share; every line is
 * attributed to the build trailer. Lines right after the error line that the
 * reader does not recognise continue the message (a raw error may span
 * lines, §1.1). Returns the error line, if one was found.
 */
export function readTrailerLines(
  lines: readonly TextLine[],
  build: Build,
  out: ModelBuilder,
): number | null {
  const state = new TrailerState();
  let errorAt: number | null = null;
  let continuing = false;
  for (const { i, text } of lines) {
    out.buildLine(i, build, 'build-trailer');
    const kind = readTrailerLine(state, text, i, build);
    if (kind === 'error') {
      errorAt = i;
      continuing = true;
    } else if (kind === 'none' && continuing && text.trim() && build.error) {
      build.error.message += '\n' + text;
      build.errorLines.push(i);
    } else continuing = false;
  }
  if (build.error && errorAt !== null) build.error.exitCode = exitCodeOf(build.error.message);
  return errorAt;
}

// ---------------------------------------------------------------------------
// Sniffing

const SOLVE_KEY = /"(?:vertexes|statuses|logs|warnings)"\s*:\s*\[/;

function sniffRawjson(head: readonly string[]): number {
  let before = 0;
  let inObject = false;
  const n = Math.min(head.length, 50);
  for (let i = 0; i < n; i++) {
    const line = head[i];
    if (!inObject) {
      if (!line.trim()) continue;
      if (line.startsWith('{')) {
        inObject = true;
        if (SOLVE_KEY.test(line)) return before ? 0.9 : 0.95;
        continue;
      }
      // A command line (`docker buildx build . --progress=rawjson`) may come first.
      if (++before > 3) return 0;
      continue;
    }
    if (SOLVE_KEY.test(line)) return before ? 0.9 : 0.95;
  }
  return 0;
}

// ---------------------------------------------------------------------------
// Parsing

interface PartialLine {
  chunks: Uint8Array[];
  elapsedMs: number | null;
  /** First input line of the JSON object the line began in. */
  line: number;
}

interface VertexState {
  step: Step;
  named: boolean;
  /** The latest state of the vertex carried `completed` (a vertex is re-sent whole on every change, §5). */
  completed: boolean;
  cached: boolean;
  error: string | null;
  errorLine: number;
  statusIndex: Map<string, number>;
  intervalByStart: Map<number, IntervalEpoch>;
  /** Unfinished tool line per stream (1 stdout, 2 stderr): `data` chunks are arbitrary fragments (§5). */
  partials: Map<number, PartialLine>;
  logText: string[];
  logElapsedMs: (number | null)[];
}

type Json = Record<string, unknown>;

function isRecord(x: unknown): x is Json {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function records(x: unknown): Json[] {
  return Array.isArray(x) ? x.filter(isRecord) : [];
}

function finiteOrNull(x: unknown): number | null {
  return typeof x === 'number' && Number.isFinite(x) ? x : null;
}

const DIGEST_IN_TEXT = /"(?:digest|vertex)"\s*:\s*"([^"\\]{1,200})"/;
/** More problems than this are summarised in one diagnostic (hostile input must not flood the list). */
const MAX_WARNINGS = 50;

class RawjsonParser {
  private readonly out: ModelBuilder;
  private readonly lines: readonly string[];
  private build: Build | null = null;
  private readonly byDigest = new Map<string, VertexState>();
  private readonly states: VertexState[] = [];
  /** Highest input line already attributed: two objects glued on one line share it. */
  private attributedUpTo = -1;
  /** Non-JSON lines after the build began: the failure trailer, or text between objects. */
  private trailer: TextLine[] = [];
  /** Non-JSON, non-empty lines that turned out to sit between objects; read with the trailer. */
  private interleaved: TextLine[] = [];
  private lastTarget: VertexState | null = null;
  private warned = 0;
  private saidInterleaved = false;
  private saidNoDigest = false;
  // Brace scanner state (string-aware: braces inside JSON strings do not count).
  private depth = 0;
  private inString = false;

  constructor(input: FormatInput) {
    this.out = input.out;
    this.lines = input.text;
  }

  run(): void {
    const lines = this.lines;
    let objFirst = -1;
    let parts: string[] = [];
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      let from = 0;
      if (objFirst < 0) {
        if (line.charCodeAt(0) !== 123 /* { */) {
          this.textLine(i, line);
          continue;
        }
        // Fast path for BK ≥ v0.14: one whole object per line.
        if (line.charCodeAt(line.length - 1) === 125 /* } */) {
          const value = tryParse(line);
          if (value !== undefined) {
            this.object(i, i, value);
            continue;
          }
        }
        objFirst = i;
        parts = [];
        this.resetScanner();
      } else {
        // Go's encoder (compact, and json.Indent in v0.13) puts nothing but the
        // closing brace of a top-level object at column 0, and a JSON string
        // cannot hold a raw newline: any other column-0 text means the open
        // object was cut off. Close it as broken and read this line afresh.
        const c = line.charCodeAt(0);
        if (!(c === 32 || c === 9 || c === 125 || c === 93)) {
          this.broken(objFirst, i - 1, parts.join('\n'), 'it ends before its closing brace');
          objFirst = -1;
          i--;
          continue;
        }
      }
      for (;;) {
        const end = this.scan(line, from);
        if (end < 0) {
          parts.push(from ? line.slice(from) : line);
          if (this.inString) {
            this.broken(objFirst, i, parts.join('\n'), 'a string runs past the end of a line');
            objFirst = -1;
          }
          break;
        }
        parts.push(line.slice(from, end + 1));
        const text = parts.join('\n');
        const value = tryParse(text);
        if (value === undefined) this.broken(objFirst, i, text, 'it is not valid JSON');
        else this.object(objFirst, i, value);
        objFirst = -1;
        let next = end + 1;
        while (next < line.length && (line.charCodeAt(next) === 32 || line.charCodeAt(next) === 9))
          next++;
        if (next >= line.length) break;
        if (line.charCodeAt(next) === 123) {
          // Two objects glued on one line: read the second one too.
          objFirst = i;
          parts = [];
          from = next;
          this.resetScanner();
          continue;
        }
        this.warn('text after a JSON object on the same line was ignored', i + 1);
        break;
      }
    }
    if (objFirst >= 0)
      this.broken(objFirst, lines.length - 1, parts.join('\n'), 'the log ends inside it');
    this.finish();
  }

  // -- scanning -------------------------------------------------------------

  private resetScanner(): void {
    this.depth = 0;
    this.inString = false;
  }

  /**
   * Scans `line` from `from`; returns the index of the brace that closes the
   * object, or -1. Strings are skipped with indexOf (base64 `data` makes up
   * most of the bytes): a quote preceded by an odd run of backslashes is escaped.
   */
  private scan(line: string, from: number): number {
    let depth = this.depth;
    let end = -1;
    for (let k = from; k < line.length; k++) {
      const c = line.charCodeAt(k);
      if (c === 34 /* " */) {
        let q = line.indexOf('"', k + 1);
        while (q !== -1) {
          let b = q - 1;
          while (b > k && line.charCodeAt(b) === 92 /* \ */) b--;
          if ((q - 1 - b) % 2 === 0) break;
          q = line.indexOf('"', q + 1);
        }
        if (q === -1) {
          // JSON strings cannot hold a raw newline: the object is broken.
          this.inString = true;
          break;
        }
        k = q;
      } else if (c === 123 || c === 91) depth++;
      else if (c === 125 || c === 93) {
        depth--;
        if (depth <= 0) {
          end = k;
          break;
        }
      }
    }
    this.depth = depth;
    return end;
  }

  // -- lines that are not JSON ------------------------------------------------

  private textLine(i: number, line: string): void {
    // Before the first object: a command line or other text, outside any build.
    if (!this.build) return;
    this.trailer.push({ i, text: line });
  }

  /** A JSON object follows non-JSON lines: those were not the final trailer. */
  private flushInterleaved(): void {
    if (!this.trailer.length || !this.build) return;
    const keep: TextLine[] = [];
    for (const t of this.trailer) {
      if (!t.text.trim()) {
        // An empty line between objects belongs to the object before it.
        if (this.lastTarget)
          this.out.stepLine(t.i, this.build, this.lastTarget.step, 'step-status');
        else this.out.buildLine(t.i, this.build, 'build-header');
      } else keep.push(t);
    }
    if (keep.length && !this.saidInterleaved) {
      this.saidInterleaved = true;
      this.out.diagnose('info', 'text that is not JSON sits between JSON objects', keep[0].i + 1);
    }
    // Kept for the trailer reader, which runs once at the end.
    this.trailer = [];
    this.interleaved.push(...keep);
  }

  // -- objects ----------------------------------------------------------------

  private ensureBuild(first: number): Build {
    if (!this.build) this.build = this.out.newBuild(first, 'exact');
    return this.build;
  }

  private state(digest: string): VertexState {
    let st = this.byDigest.get(digest);
    if (!st) {
      const build = this.ensureBuild(0);
      // Named by its digest until a vertex entry gives the name.
      const step = this.out.newStep(build, digest, digest, 'unfinished');
      step.digest = digest;
      step.logText = [];
      step.logElapsedMs = [];
      step.logLines = [];
      st = {
        step,
        named: false,
        completed: false,
        cached: false,
        error: null,
        errorLine: -1,
        statusIndex: new Map(),
        intervalByStart: new Map(),
        partials: new Map(),
        logText: step.logText,
        logElapsedMs: step.logElapsedMs,
      };
      this.byDigest.set(digest, st);
      this.states.push(st);
    }
    return st;
  }

  private object(first: number, last: number, value: unknown): void {
    this.ensureBuild(first);
    this.flushInterleaved();
    const build = this.build as Build;
    if (!isRecord(value)) {
      this.broken(first, last, '', 'it is not a JSON object');
      return;
    }
    const vertexes = records(value.vertexes);
    const statuses = records(value.statuses);
    const logs = records(value.logs);
    const warnings = records(value.warnings);
    let target: VertexState | null = null;
    let output = false;
    let elapsedMs: number | null = null;

    for (const v of vertexes) {
      const st = this.vertex(v, first);
      if (st && !target) target = st;
    }
    for (const s of statuses) {
      const st = this.status(s, first);
      if (st && !target) target = st;
    }
    for (const l of logs) {
      if (typeof l.vertex !== 'string') continue;
      const st = this.state(l.vertex);
      const el = this.elapsedMs(st, parseRfc3339Ms(l.timestamp));
      if (!target) {
        target = st;
        output = !vertexes.length && !statuses.length;
        elapsedMs = el;
      }
      const data = typeof l.data === 'string' ? decodeBase64(l.data) : new Uint8Array(0);
      const stream = typeof l.stream === 'number' ? l.stream : 0;
      this.appendLog(st, stream, data, el, first);
    }
    for (const w of warnings) {
      const message = typeof w.short === 'string' ? utf8.decode(decodeBase64(w.short)) : '';
      if (typeof w.vertex === 'string') {
        const st = this.state(w.vertex);
        st.step.warnings.push({ line: first, message });
        if (!target) target = st;
      }
      if (message && !build.warnings.includes(message)) build.warnings.push(message);
    }
    if (
      !vertexes.length &&
      !statuses.length &&
      !logs.length &&
      !warnings.length &&
      Object.keys(value).length &&
      !['vertexes', 'statuses', 'logs', 'warnings'].some((k) => k in value)
    )
      this.warn('a JSON object that is not a SolveStatus was ignored', first + 1);

    for (let k = Math.max(first, this.attributedUpTo + 1); k <= last; k++) {
      if (!target) this.out.buildLine(k, build, 'build-header');
      else if (output) {
        this.out.stepLine(k, build, target.step, 'step-output');
        target.step.outputLines.push(k);
        target.step.outputElapsedMs.push(elapsedMs);
      } else this.out.stepLine(k, build, target.step, 'step-status');
    }
    if (last > this.attributedUpTo) this.attributedUpTo = last;
    if (target) this.lastTarget = target;
  }

  private vertex(v: Json, line: number): VertexState | null {
    if (typeof v.digest !== 'string' || !v.digest) {
      if (!this.saidNoDigest) {
        this.saidNoDigest = true;
        this.warn('a vertex without a digest was ignored', line + 1);
      }
      return null;
    }
    const st = this.state(v.digest);
    const step = st.step;
    if (typeof v.name === 'string' && (!st.named || v.name !== step.name)) {
      step.name = v.name;
      Object.assign(step, describeStepName(v.name));
      st.named = true;
    }
    const started = parseRfc3339Ms(v.started);
    const completed = parseRfc3339Ms(v.completed);
    const iv = step.intervals;
    if (started !== null) {
      // Full state on every change; a different `started` is a new interval (§5).
      const known = st.intervalByStart.get(started);
      if (!known) {
        const fresh: IntervalEpoch = { startEpochMs: started, endEpochMs: completed };
        iv.push(fresh);
        st.intervalByStart.set(started, fresh);
      } else if (completed !== null) known.endEpochMs = completed;
    } else if (completed !== null && iv.length && iv[iv.length - 1].endEpochMs === null) {
      iv[iv.length - 1].endEpochMs = completed;
    }
    const wasCompleted = st.completed;
    st.completed = completed !== null;
    st.cached = v.cached === true;
    const error = typeof v.error === 'string' && v.error ? v.error : null;
    if (error !== null && st.error !== error) st.errorLine = line;
    st.error = error;
    // A finished interval ends its tool lines; the next interval starts fresh ones.
    if (st.completed && !wasCompleted) this.flushPartials(st);
    return st;
  }

  private status(s: Json, line: number): VertexState | null {
    if (typeof s.vertex !== 'string') return null;
    const st = this.state(s.vertex);
    const id = typeof s.id === 'string' ? s.id : String(s.id ?? '');
    const started = parseRfc3339Ms(s.started);
    const completed = parseRfc3339Ms(s.completed);
    const end = completed ?? parseRfc3339Ms(s.timestamp);
    const entry: StatusEntry = {
      line,
      id,
      currentBytes: finiteOrNull(s.current),
      totalBytes: finiteOrNull(s.total),
      // Plain prints completed-or-last-update − started (§1.4); here it is exact.
      seconds: started !== null && end !== null ? (end - started) / 1000 : null,
      done: completed !== null,
    };
    const k = st.statusIndex.get(id);
    if (k === undefined) {
      st.statusIndex.set(id, st.step.statuses.length);
      st.step.statuses.push(entry);
    } else st.step.statuses[k] = entry;
    return st;
  }

  /** Elapsed since the start of the vertex's most recent interval, as plain mode prints it (§1.3). */
  private elapsedMs(st: VertexState, ts: number | null): number | null {
    const iv = st.step.intervals;
    if (ts === null || !iv.length) return null;
    return ts - iv[iv.length - 1].startEpochMs;
  }

  private appendLog(
    st: VertexState,
    stream: number,
    data: Uint8Array,
    elapsedMs: number | null,
    line: number,
  ): void {
    let start = 0;
    // Split on \n only; \r repaints stay inside a line (§1.3).
    for (let nl = data.indexOf(10); nl !== -1; nl = data.indexOf(10, start)) {
      const seg = data.subarray(start, nl);
      const partial = st.partials.get(stream);
      if (partial) {
        partial.chunks.push(seg);
        this.pushLine(st, concat(partial.chunks), partial.elapsedMs, partial.line);
        st.partials.delete(stream);
      } else this.pushLine(st, seg, elapsedMs, line);
      start = nl + 1;
    }
    if (start < data.length) {
      const rest = data.subarray(start);
      const partial = st.partials.get(stream);
      if (partial) partial.chunks.push(rest);
      else st.partials.set(stream, { chunks: [rest], elapsedMs, line });
    }
  }

  /** A tool line, with the input line of the JSON object it came in (for tracing figures back). */
  private pushLine(
    st: VertexState,
    bytes: Uint8Array,
    elapsedMs: number | null,
    line: number,
  ): void {
    st.logText.push(utf8.decode(bytes));
    st.logElapsedMs.push(elapsedMs);
    st.step.logLines!.push(line);
  }

  private flushPartials(st: VertexState): void {
    for (const p of st.partials.values()) this.pushLine(st, concat(p.chunks), p.elapsedMs, p.line);
    st.partials.clear();
  }

  private broken(first: number, last: number, text: string, why: string): void {
    const build = this.ensureBuild(first);
    this.flushInterleaved();
    this.warn(`JSON object at lines ${first + 1}–${last + 1} could not be read: ${why}`, first + 1);
    // Keep its lines with the step it names, if it names a known one.
    const m = DIGEST_IN_TEXT.exec(text.length > 4096 ? text.slice(0, 4096) : text);
    const st = m ? this.byDigest.get(m[1]) : undefined;
    for (let k = Math.max(first, this.attributedUpTo + 1); k <= last; k++) {
      if (st) this.out.stepLine(k, build, st.step, 'step-status');
      else this.out.buildLine(k, build, 'build-trailer');
    }
    if (last > this.attributedUpTo) this.attributedUpTo = last;
  }

  private warn(message: string, line: number): void {
    if (++this.warned <= MAX_WARNINGS) this.out.diagnose('warning', message, line);
  }

  // -- the end ----------------------------------------------------------------

  private finish(): void {
    const build = this.build;
    if (!build) {
      if (this.lines.some((l) => l.trim()))
        this.out.diagnose('warning', 'no rawjson (SolveStatus) objects found', 0);
      return;
    }
    if (this.warned > MAX_WARNINGS)
      this.out.diagnose(
        'warning',
        `${this.warned - MAX_WARNINGS} more problems were not listed`,
        0,
      );

    // Empty lines at the very end are outside the build; the rest is the trailer.
    const tail = this.trailer;
    let end = tail.length;
    while (end > 0 && !tail[end - 1].text.trim()) end--;
    const trailerLines = [...this.interleaved, ...tail.slice(0, end)];
    const errorAt = readTrailerLines(trailerLines, build, this.out);

    let buildStart = Infinity;
    let buildEnd = -Infinity;
    for (const st of this.states) {
      this.flushPartials(st);
      const step = st.step;
      for (const iv of step.intervals) {
        if (iv.startEpochMs < buildStart) buildStart = iv.startEpochMs;
        if (iv.endEpochMs !== null && iv.endEpochMs > buildEnd) buildEnd = iv.endEpochMs;
      }
      // Finish precedence as BK printer.go: error (CANCELED if context canceled), then CACHED, then DONE.
      if (st.error !== null) {
        step.error = st.error;
        step.exitCode = exitCodeOf(st.error);
        step.status = isCanceledError(st.error) ? 'canceled' : 'error';
      } else if (st.cached) step.status = 'cached';
      else if (st.completed) step.status = 'done';
      else step.status = 'unfinished';
      step.durationMs = mergedDurationMs(step.intervals);
    }
    if (buildStart !== Infinity) {
      build.startEpochMs = buildStart;
      build.wallMs = buildEnd >= buildStart ? buildEnd - buildStart : null;
      for (const { step } of this.states) placeStep(step, buildStart);
    }

    // The failing vertex: the errored (not canceled) one whose error the trailer repeats, else the first to start.
    const failed = this.states
      .filter((st) => st.step.status === 'error')
      .sort((a, b) => (a.step.startMs ?? Infinity) - (b.step.startMs ?? Infinity));
    if (errorAt !== null && build.error) {
      const message = build.error.message;
      const hit = failed.find((st) => st.error && message.includes(st.error)) ?? failed[0];
      build.error.step = hit ? hit.step.ref : null;
    } else if (failed.length) {
      const st = failed[0];
      build.error = {
        step: st.step.ref,
        message: st.error ?? '',
        exitCode: st.step.exitCode,
        line: st.errorLine,
      };
    }
  }
}

/**
 * Step start/end relative to the build start: first interval start, last
 * interval end (null while the last interval is open).
 */
export function placeStep(step: Step, buildStartEpochMs: number): void {
  const iv = step.intervals;
  if (!iv.length) return;
  let start = Infinity;
  let end = -Infinity;
  for (const x of iv) {
    if (x.startEpochMs < start) start = x.startEpochMs;
    if (x.endEpochMs !== null && x.endEpochMs > end) end = x.endEpochMs;
  }
  step.startMs = start - buildStartEpochMs;
  step.endMs = iv[iv.length - 1].endEpochMs === null ? null : end - buildStartEpochMs;
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function concat(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  let n = 0;
  for (const c of chunks) n += c.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

function parseRawjson(input: FormatInput): void {
  try {
    new RawjsonParser(input).run();
    // compose/bake names carry the target (`[web 2/5] RUN …`, §1.5), as in plain and TTY.
    input.out.finishTargets();
  } catch (e) {
    // Never throw (STYLE.md): report what went wrong and keep what was read.
    input.out.diagnose(
      'error',
      `rawjson parser failed: ${e instanceof Error ? e.message : String(e)}`,
      0,
    );
  }
}

export const rawjsonFormat: LogFormat = {
  id: 'rawjson',
  sniff: sniffRawjson,
  parse: parseRawjson,
};
