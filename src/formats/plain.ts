import type { Build, Segment, Step } from '../model/types';
import type { ModelBuilder } from './model-builder';
import { parseStatus } from './status-line';
import { describeStepName } from './step-name';
import { matchFailedStep, readTrailerLine, TrailerState } from './trailer';
import type { FormatInput, LogFormat } from './types';
import { repairPlainLines, type Units } from './plain-repair';

/**
 * Modern plain progress (`--progress=plain`, BuildKit 0.5 to today), FORMAT.md §1.
 *
 * A state machine over lines. The printer writes blocks: a header `#N <name>`,
 * then the vertex's statuses, warnings and log lines, then a finish line or a
 * switch-away `#N ...`; a vertex comes back with its header re-printed (§1.2).
 */

// `#N rest`; CI masking can turn digits into `***` (observed, gitea corpus log).
const STEP_LINE = /^#([0-9*]+)(?: (.*))?$/s;
const FINISH_DONE = /^DONE (\d+(?:\.\d+)?)s$/;
const DIGEST_LINE = /^sha256:[0-9a-f]{64}$/;
const BUILDING_WITH = /^building with "([^"]*)" instance using (\S+) driver/;
// Before v0.11 a missing final newline glued the finish line to the last log line (§1.3).
const GLUED_FINISH = /#([\d*]+) (DONE \d+(?:\.\d+)?s|CACHED|CANCELED|ERROR: .*)$/;
const EXIT_CODE = /exit code: (-?\d+)/;

/**
 * Length of the elapsed prefix of a log line (`12.48`, `-0.001`, `1235.`), or 0
 * when `rest` does not start with one followed by a space or the line end (§1.3).
 */
function elapsedEnd(rest: string, from = 0): number {
  const n = rest.length;
  let k = rest.charCodeAt(from) === 45 ? from + 1 : from;
  const digits = k;
  while (k < n && isDigit(rest.charCodeAt(k))) k++;
  if (k === digits || k >= n || rest.charCodeAt(k) !== 46) return 0;
  k++;
  while (k < n && isDigit(rest.charCodeAt(k))) k++;
  return k === n || rest.charCodeAt(k) === 32 ? k : 0;
}

/** The elapsed prefix `t[from, end)` in milliseconds, read without making a substring. */
function elapsedMsAt(t: string, from: number, end: number): number {
  let sign = 1;
  let k = from;
  if (t.charCodeAt(k) === 45) {
    sign = -1;
    k++;
  }
  let whole = 0;
  for (; t.charCodeAt(k) !== 46; k++) whole = whole * 10 + t.charCodeAt(k) - 48;
  let frac = 0;
  let scale = 1000;
  for (k++; k < end && scale >= 1; k++) {
    scale /= 10;
    frac += (t.charCodeAt(k) - 48) * scale;
  }
  return sign * Math.round(whole * 1000 + frac);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

type Shape = 'finish' | 'switch' | 'warn' | 'log' | 'digest' | 'text';

interface BuildState {
  build: Build;
  byRef: Map<string, Step>;
  /** The step whose block is open, and its current segment. */
  current: Step | null;
  /** `current.ref` as printed after `#`, for the fast path. */
  currentRef: string;
  segment: Segment | null;
  /** The last line of the current block was a log line (a partial line may continue). */
  inLog: boolean;
  /** A finish `ERROR:` message may continue on lines without prefix. */
  errorStep: Step | null;
  trailer: TrailerState;
  ended: boolean;
  /** The step the last step line belonged to: a blank line after its finish is its separator. */
  lastStep: Step | null;
  /** The step whose header was the last line, while its name may go on (a wrapped paste). */
  headerOpen: Step | null;
  /** The final error line may go on on the next lines (a wrapped paste). */
  errorOpen: boolean;
  /** The open block is `#1` come back after its finish: maybe a new build's `#1` (see `restart`). */
  reopened: ReopenSnapshot | null;
  maxRef: number;
  /** Elapsed (ms) of the last log line of each step's current interval. */
}

function shapeOf(rest: string): Shape {
  const c = rest.charCodeAt(0);
  if ((isDigit(c) || c === 45) && elapsedEnd(rest) > 0) return 'log';
  if (rest === '...') return 'switch';
  if (c === 68 /* D */ && FINISH_DONE.test(rest)) return 'finish';
  if (rest === 'CACHED' || rest === 'CANCELED') return 'finish';
  if (c === 69 /* E */ && rest.startsWith('ERROR:')) return 'finish';
  if (c === 87 /* W */ && rest.startsWith('WARN: ')) return 'warn';
  if (c === 115 /* s */ && DIGEST_LINE.test(rest)) return 'digest';
  return 'text';
}

/**
 * Two headers name the same vertex: bake and compose print a vertex shared by
 * several targets with each target's prefix (`[web internal] load metadata …`
 * and `[api internal] load metadata …`, §1.5).
 */
function sameVertex(known: string | undefined, name: string): boolean {
  if (known === undefined) return false;
  if (known === name) return true;
  // The first piece of a header that a word-wrapping console cut (see `line`).
  if (/\s$/.test(name) && name.length >= 20 && known.startsWith(name)) return true;
  // A step first seen without its header (`#5 ...` at the start of a paste) takes the name it gets later.
  if (known.charCodeAt(0) === 35) return looksLikeVertexName(name);
  const a = /^\[([^\]]*)\] (.*)$/s.exec(known);
  const b = /^\[([^\]]*)\] (.*)$/s.exec(name);
  if (!a || !b || a[2] !== b[2]) return false;
  const last = (x: string) => x.trim().split(/\s+/).slice(-1)[0];
  return last(a[1]) === last(b[1]);
}

/**
 * Gives a step first seen without its header the name its header carries, or
 * (`extend`) the longer name a wrapped header adds up to.
 */
function adoptName(step: Step, name: string, extend = false): void {
  if (!extend && step.name.charCodeAt(0) !== 35) return;
  step.name = name;
  Object.assign(step, describeStepName(name));
}

/** Among concurrent builds, the one whose stages fit a new vertex `[stage i/n]`. */
function bestFit(states: BuildState[], ref: string, name: string): BuildState | null {
  const m = /^\[(?:.* )?(\S+) +\d+\/(\d+)\]/.exec(name);
  if (m) {
    const fit = states.filter((s) =>
      s.build.steps.some((x) => x.stage === m[1] && x.position?.[1] === Number(m[2])),
    );
    if (fit.length === 1) return fit[0];
  }
  const n = Number(ref);
  const next = states.filter((s) => s.maxRef + 1 === n);
  return next.length === 1 ? next[0] : null;
}

/** A name that starts a vertex (used to tell a numbering restart from a status line). */
function looksLikeVertexName(rest: string): boolean {
  return rest.charCodeAt(0) === 91 /* [ */ && !/ done$/.test(rest);
}

export const plainFormat: LogFormat = {
  id: 'plain',
  sniff(head) {
    let steps = 0;
    let finishes = 0;
    for (const l of head) {
      const m = STEP_LINE.exec(l);
      if (!m) continue;
      steps++;
      const rest = m[2] ?? '';
      if (FINISH_DONE.test(rest) || rest === 'CACHED' || rest.startsWith('ERROR') || rest === '...')
        finishes++;
    }
    if (!steps) return 0;
    return finishes ? 0.9 : 0.6;
  },
  parse(input) {
    new PlainParser(input).run();
  },
};

class PlainParser {
  private readonly out: ModelBuilder;
  private readonly units: Units;
  private states: BuildState[] = [];
  /** Builds not yet over, in the order they were opened (kept short: ended ones are dropped). */
  private openList: BuildState[] = [];
  private active: BuildState | null = null;
  private prevEmpty = true;
  private reportedOrphans = new Set<string>();

  constructor(private readonly input: FormatInput) {
    this.out = input.out;
    this.units = repairPlainLines(input.text, input.out);
  }

  run(): void {
    const { text } = this.units;
    for (let u = 0; u < text.length; u++) this.line(u, text[u]);
    for (const s of this.states) this.finishBuild(s);
    this.out.finishTargets();
  }

  // ---- attribution of a unit (one input line, or a piece of a repaired one)

  /**
   * Attributes a unit's input lines to a step. Output lines also go to the
   * step's `outputLines`, the first with the unit's elapsed time and, when the
   * unit is its input line as read, where the tool's text starts in it.
   */
  private attrStep(
    u: number,
    st: BuildState,
    step: Step,
    role: 'step-output' | 'step-status',
    elapsedMs: number | null = null,
    textAt = -1,
  ) {
    const { first, last } = this.units;
    const a = first ? first[u] : u;
    const b = last ? last[u] : u;
    st.lastStep = step;
    for (let i = a; i <= b; i++) {
      if (this.units.shared && this.out.attribution.role[i] !== 0) continue;
      this.out.stepLine(i, st.build, step, role);
      if (role === 'step-output') {
        step.outputLines.push(i);
        step.outputElapsedMs.push(i === a ? elapsedMs : null);
        step.outputTextAt.push(i === a && !first ? textAt : -1);
      }
    }
  }

  private attrBuild(u: number, st: BuildState, role: 'build-header' | 'build-trailer') {
    const { first, last } = this.units;
    const a = first ? first[u] : u;
    const b = last ? last[u] : u;
    for (let i = a; i <= b; i++) {
      if (this.units.shared && this.out.attribution.role[i] !== 0) continue;
      this.out.buildLine(i, st.build, role);
    }
  }

  private inputLine(u: number): number {
    return this.units.first ? this.units.first[u] : u;
  }

  // ---- builds

  /** `restart`: the numbering restarted without a `#0` line, so the previous build is over. */
  private openBuild(u: number, restart: boolean): BuildState {
    if (restart && this.active) this.active.ended = true;
    const build = this.out.newBuild(this.inputLine(u));
    const st: BuildState = {
      build,
      byRef: new Map(),
      current: null,
      currentRef: '',
      segment: null,
      inLog: false,
      errorStep: null,
      trailer: new TrailerState(),
      ended: false,
      lastStep: null,
      headerOpen: null,
      errorOpen: false,
      reopened: null,
      maxRef: 0,
    };
    this.states.push(st);
    this.openList.push(st);
    this.active = st;
    return st;
  }

  private finishBuild(st: BuildState): void {
    this.closeSegment(st, false);
    const b = st.build;
    if (!b.error) {
      const failed = b.steps.find((s) => s.status === 'error');
      if (failed && failed.error) {
        b.error = {
          step: failed.ref,
          message: failed.error,
          exitCode: failed.exitCode,
          line: failed.statusLineNumbers[failed.statusLineNumbers.length - 1] ?? b.lastLine,
        };
      }
    }
    if (b.error && b.error.step === null) {
      const failed =
        matchFailedStep(b.steps, st.trailer.failedNames) ??
        b.steps.find((s) => s.status === 'error');
      if (failed) b.error.step = failed.ref;
    }
    if (b.error && b.error.exitCode === null) {
      const m = EXIT_CODE.exec(b.error.message);
      if (m) b.error.exitCode = Number(m[1]);
    }
  }

  // ---- segments

  private openSegment(st: BuildState, step: Step, u: number): void {
    this.closeSegment(st, false);
    const line = this.inputLine(u);
    const seg: Segment = {
      firstLine: line,
      lastLine: line,
      firstElapsedMs: null,
      lastElapsedMs: null,
      finished: false,
    };
    const prev = step.segments[step.segments.length - 1];
    st.reopened = step.ref === 1 && prev?.finished ? snapshot(step, u) : null;
    step.segments.push(seg);
    st.current = step;
    st.currentRef = typeof step.ref === 'number' ? String(step.ref) : step.ref.slice(1);
    st.segment = seg;
    st.inLog = false;
  }

  private closeSegment(st: BuildState, finished: boolean): void {
    if (st.segment) st.segment.finished = finished;
    st.current = null;
    st.currentRef = '';
    st.segment = null;
    st.inLog = false;
  }

  private touch(st: BuildState, u: number): void {
    if (st.segment) st.segment.lastLine = this.units.last ? this.units.last[u] : u;
  }

  // ---- lines

  private line(u: number, t: string): void {
    const n = t.length;
    if (n === 0 || (t.charCodeAt(0) === 32 && t.trim() === '')) {
      const st = this.active;
      if (n > 0 && st && st.current && st.inLog && !st.ended) {
        // A line of blanks inside a tool's output (Maven erases its progress line
        // with spaces, observed) continues that output; a separator is empty.
        this.attrStep(u, st, st.current, 'step-output');
        this.touch(st, u);
        return;
      }
      this.empty(u);
      this.prevEmpty = true;
      return;
    }
    const wasEmpty = this.prevEmpty;
    this.prevEmpty = false;
    const header = this.active?.headerOpen ?? null;
    if (this.active) this.active.headerOpen = null;
    if (header && t.charCodeAt(0) !== 35 && /\s$/.test(header.name) && !looksLikeTrailerStart(t)) {
      // A header cut at a space by a word-wrapping console (PowerShell, observed):
      // the next line goes on with the name.
      const st = this.active!;
      adoptName(header, header.name + t, true);
      this.attrStep(u, st, header, 'step-status');
      st.headerOpen = header;
      return;
    }
    if (t.charCodeAt(0) === 35 /* # */) {
      // `#N rest` by hand: this runs for every line of a 100 MB log.
      let k = 1;
      for (; k < n; k++) {
        const c = t.charCodeAt(k);
        if (!((c >= 48 && c <= 57) || c === 42)) break;
      }
      if (k > 1 && (k === n || t.charCodeAt(k) === 32)) {
        // The common case, without making substrings: one more log line of the open block.
        const st = this.active;
        const cur = st?.current;
        if (
          st &&
          cur &&
          !st.ended &&
          k - 1 === st.currentRef.length &&
          t.startsWith(st.currentRef, 1)
        ) {
          const end = elapsedEnd(t, k + 1);
          if (end > 0) {
            st.errorStep = null;
            this.touch(st, u);
            const textAt = end < n ? end + 1 : end;
            this.logLine(u, st, cur, elapsedMsAt(t, k + 1, end), t, end, textAt);
            return;
          }
        }
        this.stepLine(u, t.slice(1, k), k < n ? t.slice(k + 1) : '', wasEmpty);
        return;
      }
    }
    this.otherLine(u, t);
  }

  private empty(u: number): void {
    const st = this.active;
    if (st) st.errorOpen = false;
    if (!st || st.ended) return; // outside any build
    if (st.trailer.active) {
      this.attrBuild(u, st, 'build-trailer');
      return;
    }
    const step = st.current ?? st.lastStep;
    if (step) this.attrStep(u, st, step, 'step-status');
    else this.attrBuild(u, st, 'build-header');
    st.inLog = false;
    st.errorStep = null;
  }

  private stepLine(u: number, ref: string, rest: string, afterEmpty: boolean): void {
    if (ref === '0') {
      const b = BUILDING_WITH.exec(rest);
      if (b) {
        // `#0 building with …` opens a build (buildx ≥ 0.11, §1.1).
        const prev = this.active;
        // A build whose every step has finished is over: the next one follows it
        // rather than running beside it (concurrent builds leave steps open).
        if (prev && prev.build.steps.length && prev.build.steps.every(finishedNow))
          prev.ended = true;
        const st =
          prev && !prev.build.steps.length && !prev.ended ? prev : this.openBuild(u, false);
        st.build.builder = b[1];
        this.attrBuild(u, st, 'build-header');
        this.prevEmpty = true; // the next header follows the #0 line (§1.1)
        return;
      }
      // v0.10–0.11 printed early log lines as `#0` (§1.3): they belong to the open block.
      const st = this.active;
      if (st && st.current && !st.ended) {
        this.logOrStatus(u, st, st.current, rest);
        return;
      }
    }
    const shape = shapeOf(rest);
    const st = this.route(u, ref, rest, shape, afterEmpty);
    let step = st.byRef.get(ref);
    if (!step) {
      const named = shape === 'text';
      step = this.out.newStep(st.build, refValue(ref), named ? rest : `#${ref}`);
      st.byRef.set(ref, step);
      const n = Number(ref);
      if (n > st.maxRef) st.maxRef = n;
      this.openSegment(st, step, u);
      if (named) {
        this.attrStep(u, st, step, 'step-status');
        st.headerOpen = step;
        return;
      }
      if (!this.reportedOrphans.has(ref)) {
        this.reportedOrphans.add(ref);
        this.out.diagnose(
          'warning',
          `step #${ref} appears without its header line (the log may start mid-build)`,
          this.inputLine(u) + 1,
        );
      }
    } else if (st.current !== step) {
      // The vertex comes back: a new block, with or without its header re-printed.
      this.openSegment(st, step, u);
      if (shape === 'text' && sameVertex(step.name, rest)) {
        adoptName(step, rest);
        this.attrStep(u, st, step, 'step-status');
        return;
      }
    } else if (afterEmpty && shape === 'text' && sameVertex(step.name, rest)) {
      adoptName(step, rest);
      this.openSegment(st, step, u);
      this.attrStep(u, st, step, 'step-status');
      return;
    }
    this.blockLine(u, st, step, rest, shape);
  }

  /**
   * Which build a `#N` line belongs to: the active one, unless the line starts a
   * numbering restart (a new build in the same log, §1.2) or continues another
   * build that interleaves with it (concurrent builds writing to one log, observed).
   */
  private route(
    u: number,
    ref: string,
    rest: string,
    shape: Shape,
    afterEmpty: boolean,
  ): BuildState {
    const active = this.active;
    if (!active) return this.openBuild(u, false);
    // BuildKit prints no step line after a build's trailer began (§1.6).
    const open = this.liveBuilds();
    if (open.length === 1 && open[0] === active) {
      // One build under way (the common case): only a numbering restart leaves it.
      if (shape !== 'text' || !afterEmpty || !looksLikeVertexName(rest)) return active;
      const known = active.byRef.get(ref);
      if (!known || sameVertex(known.name, rest)) return active;
      return this.restart(u);
    }
    if (!open.length) return this.openBuild(u, true);
    const pick = (list: BuildState[]) =>
      this.use(list.includes(active) ? active : list[list.length - 1]);
    if (shape === 'text' && looksLikeVertexName(rest)) {
      // A build that is missing exactly this number takes it, even when another
      // build has a vertex of that number and name: concurrent builds of similar
      // Dockerfiles print the same first vertices (observed).
      const n = Number(ref);
      const next = open.filter((s) => !s.byRef.has(ref) && s.maxRef + 1 === n);
      if (next.length) return this.use(next[next.length - 1]);
    }
    if (shape === 'text') {
      // A vertex coming back, in whichever build knows it by this name.
      const reopen = open.filter((s) => sameVertex(s.byRef.get(ref)?.name, rest));
      if (reopen.length) return pick(reopen);
    }
    const inBlock = open.filter((s) => s.current !== null && String(s.current.ref) === ref);
    if (inBlock.length && !(shape === 'text' && afterEmpty && looksLikeVertexName(rest)))
      return pick(inBlock);
    if (shape === 'text' && looksLikeVertexName(rest)) {
      // A new vertex: a build that has no vertex with this number yet.
      const free = open.filter((s) => !s.byRef.has(ref));
      if (free.length === 1) return this.use(free[0]);
      if (free.length > 1) return this.use(bestFit(free, ref, rest) ?? pick(free));
      if (!afterEmpty && open.length) return pick(open);
      if (open.length > 1) return this.use(bestFit(open, ref, rest) ?? active);
      // Same number, another vertex, and no other build to take it: numbering restarted.
      return this.restart(u);
    }
    const knows = open.filter((s) => s.byRef.has(ref));
    if (knows.length) return pick(knows);
    return pick(open);
  }

  /** Open builds whose trailer has not begun; drops ended ones for good. */
  private liveBuilds(): BuildState[] {
    let k = 0;
    for (const s of this.openList) if (!s.ended) this.openList[k++] = s;
    this.openList.length = k;
    return this.openList.filter((s) => !s.trailer.active);
  }

  /**
   * The numbering restarted without a `#0` line: a new build. If the block just
   * before was `#1` coming back with its old name, it was the new build's `#1`
   * (the first vertex is the same in most builds): move it there.
   */
  private restart(u: number): BuildState {
    const old = this.active!;
    const snap = old.reopened;
    const next = this.openBuild(snap ? snap.unit : u, true);
    if (snap) moveReopenedBlock(this.out, snap, old, next);
    return next;
  }

  private use(s: BuildState): BuildState {
    this.active = s;
    return s;
  }

  private blockLine(u: number, st: BuildState, step: Step, rest: string, shape: Shape): void {
    this.touch(st, u);
    st.errorStep = null;
    switch (shape) {
      case 'finish':
        this.finish(u, st, step, rest);
        return;
      case 'switch':
        this.attrStep(u, st, step, 'step-status');
        this.closeSegment(st, false);
        return;
      case 'warn': {
        const message = rest.slice(6);
        step.warnings.push({ line: this.inputLine(u), message });
        if (!st.build.warnings.includes(message)) st.build.warnings.push(message);
        this.attrStep(u, st, step, 'step-status');
        st.inLog = false;
        return;
      }
      case 'digest':
        if (!step.digest) step.digest = rest;
        this.attrStep(u, st, step, 'step-status');
        return;
      default:
        this.logOrStatus(u, st, step, rest);
    }
  }

  private logOrStatus(u: number, st: BuildState, step: Step, rest: string): void {
    const end = elapsedEnd(rest);
    if (end > 0) {
      this.logLine(u, st, step, elapsedMsAt(rest, 0, end), rest, end);
      return;
    }
    step.statuses.push(parseStatus(rest, this.inputLine(u)));
    this.attrStep(u, st, step, 'step-status');
    st.inLog = false;
  }

  /**
   * A log line; `text` from `end` on is the tool's output (after the elapsed
   * prefix), which starts at `textAt` of the unit's text when known (-1 if not).
   */
  private logLine(
    u: number,
    st: BuildState,
    step: Step,
    elapsedMs: number,
    text: string,
    end: number,
    textAt = -1,
  ) {
    this.attrStep(u, st, step, 'step-output', elapsedMs, textAt);
    const seg = st.segment;
    if (seg) {
      if (seg.firstElapsedMs === null) seg.firstElapsedMs = elapsedMs;
      seg.lastElapsedMs = elapsedMs;
    }
    st.inLog = true;
    if (text.indexOf('#', end) > 0) {
      const glued = GLUED_FINISH.exec(text);
      if (glued && st.currentRef === glued[1]) this.applyFinish(st, step, glued[2], u);
    }
  }

  private finish(u: number, st: BuildState, step: Step, rest: string): void {
    this.attrStep(u, st, step, 'step-status');
    this.applyFinish(st, step, rest, u);
  }

  private applyFinish(st: BuildState, step: Step, rest: string, u: number): void {
    const line = this.inputLine(u);
    const stamp = this.input.stampEpochMs[line];
    if (stamp === stamp) step.finishStampEpochMs = stamp;
    const done = FINISH_DONE.exec(rest);
    if (done) {
      // DONE is the sum of all merged intervals, not an increment (§1.2).
      step.durationMs = Math.round(Number(done[1]) * 1000);
      if (st.segment) st.segment.doneMs = step.durationMs;
      if (step.status !== 'error' && step.status !== 'canceled') step.status = 'done';
    } else if (rest === 'CACHED') {
      step.status = 'cached';
      if (step.durationMs === null) step.durationMs = 0;
    } else if (rest === 'CANCELED') {
      step.status = 'canceled';
    } else {
      const message = rest.slice(6).trim();
      step.error = message;
      // CANCELED is an error ending in `context canceled` (§1.1).
      step.status = /context canceled$/.test(message) ? 'canceled' : 'error';
      const ec = EXIT_CODE.exec(message);
      if (ec) step.exitCode = Number(ec[1]);
      st.errorStep = step;
    }
    this.closeSegment(st, true);
  }

  private otherLine(u: number, t: string): void {
    let st = this.active;
    if (!st) return; // before any build: outside
    if (this.openList.length > 1 && looksLikeTrailerStart(t) && !hasFailed(st)) {
      // Concurrent builds: the trailer belongs to the build that failed.
      const failed = this.openList.find((s) => !s.ended && hasFailed(s));
      if (failed) st = this.use(failed);
    }
    if (st.errorStep && !st.trailer.active && !st.ended && !looksLikeTrailerStart(t)) {
      // An `ERROR:` finish message may span lines (§1.1).
      const step = st.errorStep;
      step.error = `${step.error}\n${t}`;
      if (step.exitCode === null) {
        const ec = EXIT_CODE.exec(t);
        if (ec) step.exitCode = Number(ec[1]);
      }
      this.attrStep(u, st, step, 'step-status');
      return;
    }
    if (!st.ended && st.current && st.inLog && !looksLikeTrailerStart(t)) {
      // A partial line continued without prefix (Maven progress, §1.3).
      this.attrStep(u, st, st.current, 'step-output');
      this.touch(st, u);
      return;
    }
    const error = st.build.error;
    if (st.errorOpen && error && t.charCodeAt(0) !== 35 && looksCut(error.message)) {
      // The final error line, wrapped by the console that captured it (observed).
      error.message += t;
      const ec = EXIT_CODE.exec(error.message);
      if (ec) error.exitCode = Number(ec[1]);
      this.attrBuild(u, st, 'build-trailer');
      return;
    }
    st.errorOpen = false;
    const line = this.inputLine(u);
    const kind = readTrailerLine(st.trailer, t, line, st.build);
    if (kind === 'none') return; // outside any build
    this.attrBuild(u, st, 'build-trailer');
    if (kind === 'error') {
      st.ended = true;
      st.errorOpen = true;
    }
    st.current = null;
    st.currentRef = '';
    st.segment = null;
    st.inLog = false;
  }
}

interface ReopenSnapshot {
  unit: number;
  step: Step;
  durationMs: number | null;
  status: Step['status'];
  error: string | null;
  exitCode: number | null;
  finishStampEpochMs: number | null;
  segments: number;
  statusLines: number;
  outputLines: number;
  statuses: number;
  warnings: number;
}

function snapshot(step: Step, unit: number): ReopenSnapshot {
  return {
    unit,
    step,
    durationMs: step.durationMs,
    status: step.status,
    error: step.error,
    exitCode: step.exitCode,
    finishStampEpochMs: step.finishStampEpochMs,
    segments: step.segments.length,
    statusLines: step.statusLineNumbers.length,
    outputLines: step.outputLines.length,
    statuses: step.statuses.length,
    warnings: step.warnings.length,
  };
}

/** Gives the block after `snap` to a new step `#1` of `next`, and puts the old step back as it was. */
function moveReopenedBlock(
  out: ModelBuilder,
  snap: ReopenSnapshot,
  old: BuildState,
  next: BuildState,
): void {
  const from = snap.step;
  const to = out.newStep(next.build, 1, from.name, from.status);
  to.durationMs = from.durationMs;
  to.error = from.error;
  to.exitCode = from.exitCode;
  to.finishStampEpochMs = from.finishStampEpochMs;
  to.segments = from.segments.splice(snap.segments);
  to.statusLineNumbers = from.statusLineNumbers.splice(snap.statusLines);
  to.outputLines = from.outputLines.splice(snap.outputLines);
  to.outputElapsedMs = from.outputElapsedMs.splice(snap.outputLines);
  to.outputTextAt = from.outputTextAt.splice(snap.outputLines);
  to.statuses = from.statuses.splice(snap.statuses);
  to.warnings = from.warnings.splice(snap.warnings);
  for (const i of to.statusLineNumbers) out.reassign(i, next.build, to, 'step-status');
  for (const i of to.outputLines) out.reassign(i, next.build, to, 'step-output');
  from.durationMs = snap.durationMs;
  from.status = snap.status;
  from.error = snap.error;
  from.exitCode = snap.exitCode;
  from.finishStampEpochMs = snap.finishStampEpochMs;
  if (to.segments.length)
    old.build.lastLine = Math.max(old.build.firstLine, to.segments[0].firstLine - 1);
  next.byRef.set('1', to);
  next.maxRef = 1;
  next.lastStep = to;
  old.reopened = null;
}

/** An error message that stops mid-way: an open quote, or a trailing space or colon. */
function looksCut(message: string): boolean {
  let quotes = 0;
  for (let i = message.indexOf('"'); i >= 0; i = message.indexOf('"', i + 1)) quotes++;
  return quotes % 2 === 1 || /[\s:]$/.test(message);
}

function finishedNow(s: Step): boolean {
  const last = s.segments[s.segments.length - 1];
  return !last || last.finished;
}

function hasFailed(st: BuildState): boolean {
  return st.build.steps.some((s) => s.status === 'error');
}

function looksLikeTrailerStart(t: string): boolean {
  return t === '------' || t.startsWith('ERROR: ') || t.startsWith(' > [');
}

function refValue(ref: string): number | string {
  return /^\d+$/.test(ref) ? Number(ref) : `#${ref}`;
}
