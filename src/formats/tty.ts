import type { Build, Step } from '../model/types';
import { stripAnsi } from '../read/ansi';
import type { ModelBuilder } from './model-builder';
import { parseStatus } from './status-line';
import { matchFailedStep, readTrailerLine, TrailerState } from './trailer';
import type { FormatInput, LogFormat } from './types';

/**
 * TTY progress (`--progress=tty`, the default on a console), FORMAT.md §4.
 *
 * BuildKit's `ttyDisplay.print` redraws the whole list every ~100–150 ms: a
 * header `[+] Building 14.6s (7/7) FINISHED   docker:default`, then one row per
 * vertex in order of first start (` => [2/5] RUN …   1.6s`), its status rows
 * (` => => transferring …`), warning rows and, while it runs, its last log rows
 * (` => => # …`). A paste from a terminal keeps only the last frame; a raw
 * capture (PTY CI, `script`, PowerShell redirection) keeps every frame, each
 * one preceded by cursor moves (`ESC[<n>A ESC[0G ESC[?25l`) that the reader has
 * already removed from `text`. Either way the last frame of a build is the
 * truth: earlier frames are superseded redraws and only count as build header.
 *
 * After the last frame comes the failure trailer of §1.6 / §4 (error blocks with
 * all log lines of the failed step, warnings summary, Dockerfile excerpt, the
 * `ERROR: …` line), read with the trailer reader shared with plain mode.
 *
 * Timing is `estimated`: TTY rows carry each step's busy time (the right column)
 * but no start time; the header carries the build's wall time.
 */

// `[+] <phase> %.1fs (<done>/<total>)[ FINISHED]` + right-aligned `<driver>:<builder>`
// since buildx v0.11 (§4). The unit may come translated (`0.0초`, observed).
const HEADER =
  /^\[\+\] ([A-Za-z][A-Za-z ]*?) (\d+(?:\.\d+)?)(s|\P{ASCII}{1,3}) \((\d+)\/(\d+)\)(?: (FINISHED))?(?:\s+(\S+))?\s*$/u;
// docker compose prints its own summary after the build: `[+] Building 2/2` and
// ` ✔ backend  Built` rows (CO `pkg/progress`); no seconds, so never a BuildKit frame.
const COMPOSE_SUMMARY = /^\[\+\] [A-Za-z]+ \d+\/\d+\s*$/;
const COMPOSE_ROW = /^[\u2714\u2718\u2713\u2717\u2800-\u28ff] \S/;
// ` => …`; the whole log may be indented (a paste inside a Markdown list, observed).
const ROW = /^\s*=>(?: (.*))?$/;
const MARK = /^(CACHED|ERROR|CANCELED) (.*)$/;
// The right column ` %3.1fs` (§4); a translated copy turns `s` into another word (`초`).
const TIME = /^(.*?)\s+(\d+\.\d+)(s|\P{ASCII}{1,3})$/u;
// Log lines of an error block: `0.488 …` (≥ v0.12), `#0 1.425 …` / `#13 0.433 …` (older).
const ELAPSED_PREFIX = /^(?:#\d+ )?-?\d+\.\d+ ?/;
const ERRORISH = /^(?:ERROR|error): |failed to solve|failed to build: |^executor failed running /;
const TARGET_PREFIX = /^(?:ERROR: )?target ([^:\s]+): /;
const TRAILERISH =
  /^(?:-{6}|-{20}|> .*:|\S[^:]*:\d+|\d+ warnings? found .*|View build details: .*|(?:ERROR|error): .*)$/;
// SGR sequences before the row's `=>`: BuildKit colours finished rows (blue, cyan on
// Windows), errors red, cancels and warnings yellow, and leaves running rows plain;
// log rows are faint (BK display.go `colorDone`, `colorError`, …; observed in engine/).
// eslint-disable-next-line no-control-regex
const SGR = /\x1b\[([\d;]*)m/g;

type Row =
  | { kind: 'step'; mark: string | null; name: string; seconds: number | null; unit: string | null }
  | { kind: 'status'; body: string; seconds: number | null; unit: string | null }
  | { kind: 'warn'; message: string; seconds: number | null; unit: string | null }
  | { kind: 'log'; text: string };

interface Header {
  seconds: number;
  unit: string;
  done: number;
  total: number;
  finished: boolean;
  builder: string | null;
}

// Line kinds, computed once per logical line.
const BLANK = 1; // nothing but spaces
const ESC_ONLY = 2; // nothing visible, but escape codes: part of a redraw
const HEADER_LINE = 3;
const ROW_LINE = 4;
const SUMMARY = 5; // compose `[+] Building 2/2` and its `✔ … Built` rows
const OTHER = 6;

interface Frame {
  /** Logical line of the `[+]` header, -1 for rows pasted without one. */
  headerLine: number;
  header: Header | null;
  start: number;
  /** Exclusive. */
  end: number;
}

/** The lines the parser walks: the input's own, or logical lines decoded from quoted-printable. */
interface View {
  text: readonly string[];
  raw: readonly string[];
  /** Input lines that form each logical line; null when they are the input lines themselves. */
  src: readonly (readonly number[])[] | null;
}

const SNIFF_LINES = 200;
// A frame header with seconds: compose's `[+] Building 2/2` has none (§4, CO).
const SNIFF_HEADER = /^\[\+\] [A-Za-z]+ \d+(?:\.\d+)?\S* \(\d+\/\d+\)/;

export const ttyFormat: LogFormat = {
  id: 'tty',
  sniff(head) {
    // Cheap: prefix tests on the first lines. 200, not 50: PTY CI jobs (Buildkite,
    // CircleCI, §6) print their own preamble before docker's first frame.
    let rows = 0;
    const n = Math.min(head.length, SNIFF_LINES);
    for (let i = 0; i < n; i++) {
      const t = stripAnsi(head[i]).trimStart();
      if (t.startsWith('[+] ') && SNIFF_HEADER.test(t)) return 0.95;
      // `=3D>`: the same rows inside a quoted-printable e-mail body.
      if (t.startsWith('=> ') || t.startsWith('=3D> ')) rows++;
    }
    return rows >= 3 ? 0.85 : rows >= 1 ? 0.4 : 0;
  },
  parse(input) {
    try {
      new TtyParser(input).run();
    } catch (e) {
      // Never throw (STYLE.md): report what broke, keep what was read.
      input.out.diagnose('error', `TTY parser stopped: ${(e as Error)?.message ?? String(e)}`);
    }
  },
};

class TtyParser {
  private readonly out: ModelBuilder;
  private readonly v: View;
  private readonly kinds: Uint8Array;
  private readonly rows: (Row | null)[];
  private readonly headers: (Header | null)[];
  private unitReported = false;

  constructor(input: FormatInput) {
    this.out = input.out;
    const qp = decodeQuotedPrintable(input.text);
    if (qp) {
      this.v = { text: qp.lines, raw: qp.lines, src: qp.sources };
      this.out.diagnose(
        'info',
        'The log is quoted-printable (an e-mail body): decoded before reading, soft line breaks joined.',
        1,
      );
    } else {
      // The reader hands `text` without ANSI; callers that pass raw lines for both
      // (tests) get the same reading. stripAnsi returns a line without ESC as is.
      const text = input.text.some((l) => l.includes('\x1b'))
        ? input.text.map(stripAnsi)
        : input.text;
      this.v = { text, raw: input.raw, src: null };
    }
    const n = this.v.text.length;
    this.kinds = new Uint8Array(n);
    this.rows = new Array<Row | null>(n).fill(null);
    this.headers = new Array<Header | null>(n).fill(null);
    for (let i = 0; i < n; i++) this.classify(i);
  }

  // ---- line shapes

  private classify(i: number): void {
    const t = this.v.text[i] ?? '';
    const raw = this.v.raw[i] ?? t;
    const s = t.trim();
    if (!s) {
      this.kinds[i] = raw.includes('\x1b') ? ESC_ONLY : BLANK;
      return;
    }
    let at = s.startsWith('[+] ') ? 0 : -1;
    // In a raw capture a redraw may start in the middle of a line (after a row that
    // ended without a newline): the cursor moves in `raw` say so.
    if (at < 0 && raw.includes('\x1b')) at = s.indexOf('[+] ');
    if (at >= 0) {
      const h = parseHeader(s.slice(at));
      if (h) {
        this.kinds[i] = HEADER_LINE;
        this.headers[i] = h;
        return;
      }
      if (at === 0 && COMPOSE_SUMMARY.test(s)) {
        this.kinds[i] = SUMMARY;
        return;
      }
    }
    const row = parseRow(t);
    if (row) {
      this.kinds[i] = ROW_LINE;
      this.rows[i] = row;
      return;
    }
    this.kinds[i] = COMPOSE_ROW.test(s) ? SUMMARY : OTHER;
  }

  private isRunLine(i: number): boolean {
    const k = this.kinds[i];
    return k === HEADER_LINE || k === ROW_LINE || k === ESC_ONLY;
  }

  // ---- attribution (every logical line maps to one or more input lines)

  private header(i: number, b: Build): void {
    const src = this.v.src;
    if (!src) this.out.buildLine(i, b, 'build-header');
    else for (const k of src[i]) this.out.buildLine(k, b, 'build-header');
  }

  private trailer(i: number, b: Build): void {
    const src = this.v.src;
    if (!src) this.out.buildLine(i, b, 'build-trailer');
    else for (const k of src[i]) this.out.buildLine(k, b, 'build-trailer');
  }

  private status(i: number, b: Build, s: Step): void {
    const src = this.v.src;
    if (!src) this.out.stepLine(i, b, s, 'step-status');
    else for (const k of src[i]) this.out.stepLine(k, b, s, 'step-status');
  }

  private output(i: number, b: Build, s: Step): void {
    const src = this.v.src;
    const lines = src ? src[i] : [i];
    for (const k of lines) this.out.stepLine(k, b, s, 'step-output');
    // TTY log rows carry no elapsed time (§4).
    s.outputLines.push(lines[0]);
    s.outputElapsedMs.push(null);
  }

  private input(i: number): number {
    return this.v.src ? this.v.src[i][0] : i;
  }

  // ---- the walk

  run(): void {
    const n = this.v.text.length;
    let i = 0;
    let floor = 0; // lines before this were handled
    while (i < n) {
      const k = this.kinds[i];
      if (k !== HEADER_LINE && k !== ROW_LINE) {
        i++;
        continue;
      }
      const end = this.scanRun(i);
      if (k === ROW_LINE && !this.enoughRows(i, end)) {
        // A lone ` => ` line in other text is not a frame.
        i = end;
        continue;
      }
      // Escape-only lines just before the first header are the redraw's opening
      // cursor moves (`ESC[1A ESC[1B ESC[0G ESC[?25l`, observed): they belong to it.
      let start = i;
      while (start > floor && this.kinds[start - 1] === ESC_ONLY) start--;
      i = this.readRun(start, i, end);
      floor = i;
    }
    this.out.finishTargets();
  }

  /** End (exclusive) of the frames that start at `i`: rows, headers, redraw debris. */
  private scanRun(i: number): number {
    const n = this.v.text.length;
    let last = i;
    let j = i + 1;
    while (j < n) {
      if (this.isRunLine(j)) {
        // Two builds back to back: a new header after FINISHED is read as a new build
        // by readRun; it still continues the run.
        last = j++;
        continue;
      }
      const k = this.kinds[j];
      if (k !== BLANK && k !== OTHER) break;
      // Blank lines, and up to two foreign lines (a paster's `...` elision, observed),
      // stay in the frame only when more rows follow; a header after them starts a new run.
      let m = j;
      let foreign = 0;
      while (m < n && (this.kinds[m] === BLANK || this.kinds[m] === OTHER)) {
        if (this.kinds[m] === OTHER) {
          if (++foreign > 2 || TRAILERISH.test(this.v.text[m].trim())) break;
        }
        m++;
      }
      if (m < n && foreign <= 2 && this.kinds[m] === ROW_LINE) {
        if (foreign > 0 && TRAILERISH.test(this.v.text[m - 1].trim())) break;
        j = m;
        continue;
      }
      // A frame shorter than the one before is padded with cleared lines (bare
      // spaces), then the next redraw moves the cursor up over them (observed in
      // engine/*.tty.log): with escapes on the header, the blanks are the redraw's.
      if (m < n && !foreign && this.kinds[m] === HEADER_LINE && this.v.raw[m].includes('\x1b')) {
        j = m;
        continue;
      }
      break;
    }
    return last + 1;
  }

  /** A run without a header needs two step rows to be a frame; one with a header is one. */
  private enoughRows(i: number, end: number): boolean {
    let steps = 0;
    for (let j = i; j < end; j++) {
      if (this.kinds[j] === HEADER_LINE) return true;
      const r = this.rows[j];
      if (r && r.kind === 'step' && ++steps >= 2) return true;
    }
    return false;
  }

  /**
   * Reads the run [first, end): frames grouped into builds, then the trailer after
   * the last one. Returns the first line not consumed.
   */
  private readRun(start: number, first: number, end: number): number {
    const frames: Frame[] = [];
    for (let j = first; j < end; j++) {
      if (this.kinds[j] === HEADER_LINE) {
        if (frames.length) frames[frames.length - 1].end = j;
        frames.push({ headerLine: j, header: this.headers[j], start: j, end });
      } else if (!frames.length) {
        frames.push({ headerLine: -1, header: null, start: first, end });
      }
    }
    frames[0].start = start;
    // A new build starts after a FINISHED frame (printed once, at the end: BK
    // display.go prints FINISHED only with `all`) or when the clock goes back.
    const groups: Frame[][] = [];
    for (const f of frames) {
      const g = groups[groups.length - 1];
      const prev = g?.[g.length - 1];
      const restart =
        !prev ||
        !!prev.header?.finished ||
        (!!prev.header && !!f.header && f.header.seconds + 0.05 < prev.header.seconds);
      if (restart) groups.push([f]);
      else g.push(f);
    }
    let next = end;
    groups.forEach((g, gi) => {
      const build = this.readBuild(g);
      if (gi === groups.length - 1) next = this.readTrailer(build, end);
      this.finishBuild(build);
    });
    return next;
  }

  private readBuild(frames: Frame[]): Build {
    const out = this.out;
    const build = out.newBuild(this.input(frames[0].start), 'estimated');
    const last = frames[frames.length - 1];
    // Superseded redraws: the build's, but not its steps (§4: keep the last frame).
    for (let f = 0; f < frames.length - 1; f++)
      for (let j = frames[f].start; j < frames[f].end; j++) this.header(j, build);
    const h = last.header;
    if (h) {
      build.wallMs = Math.round(h.seconds * 1000);
      build.builder = h.builder;
      this.noteUnit(h.unit, last.headerLine);
    } else {
      out.diagnose(
        'info',
        'TTY rows without their `[+] Building` header: the wall time is unknown.',
        this.input(last.start) + 1,
      );
    }
    // Colour is evidence where the capture kept it: finished rows are coloured,
    // running rows are not (see SGR above). Without colour the row order decides.
    let coloured = false;
    for (const f of frames) {
      for (let j = f.start; j < f.end && !coloured; j++)
        if (this.rows[j] && this.rows[j]!.kind !== 'log' && rowColour(this.v.raw[j]) !== null)
          coloured = true;
      if (coloured) break;
    }
    let current: Step | null = null;
    let ref = 0;
    let foreign = 0;
    let cutAtTop = false;
    const rowColours: (string | null)[] = [];
    const statusColours = new Map<Step, (string | null)[]>();
    const warnRows: { line: number; message: string }[] = [];
    for (let j = last.start; j < last.end; j++) {
      const row = this.rows[j];
      if (!row) {
        if (this.kinds[j] === OTHER) foreign++;
        this.header(j, build);
        continue;
      }
      if (row.kind === 'step') {
        const status =
          row.mark === 'CACHED'
            ? 'cached'
            : row.mark === 'ERROR'
              ? 'error'
              : row.mark === 'CANCELED'
                ? 'canceled'
                : 'unfinished';
        // ref = the row number among the frame's step rows (model/types.ts Step.ref).
        current = out.newStep(build, ++ref, row.name, status);
        current.durationMs = row.seconds === null ? null : Math.round(row.seconds * 1000);
        if (row.unit) this.noteUnit(row.unit, j);
        current.segments.push({
          firstLine: this.input(j),
          lastLine: this.input(j),
          firstElapsedMs: null,
          lastElapsedMs: null,
          finished: false,
        });
        rowColours.push(coloured ? rowColour(this.v.raw[j]) : null);
        this.status(j, build, current);
        continue;
      }
      if (!current) {
        // Status or log rows above the first step row: the frame was cut to the
        // terminal height (BK display.go `wrapHeight`), its top scrolled away.
        cutAtTop = true;
        this.header(j, build);
        continue;
      }
      if (row.kind === 'status') {
        const e = parseStatus(row.body, this.input(j));
        e.seconds = row.seconds;
        if (row.unit) this.noteUnit(row.unit, j);
        current.statuses.push(e);
        const list = statusColours.get(current) ?? [];
        list.push(rowColour(this.v.raw[j]));
        statusColours.set(current, list);
        this.status(j, build, current);
      } else if (row.kind === 'warn') {
        current.warnings.push({ line: this.input(j), message: row.message });
        warnRows.push({ line: this.input(j), message: row.message });
        this.status(j, build, current);
      } else {
        this.output(j, build, current);
      }
      const seg = current.segments[0];
      seg.lastLine = this.v.src ? this.v.src[j][this.v.src[j].length - 1] : j;
    }
    // Status of rows without a mark (documented choice, §4): BuildKit prints a time
    // for running and finished rows alike. With colours, the colour decides. Without,
    // a row is done when its frame says FINISHED or a row started after it follows
    // (rows are in start order, so it ran before a later one began); the last rows of
    // an unfinished frame stay `unfinished`. In a frame of parallel stages this calls
    // done what may still run: only colour or FINISHED can tell.
    const steps = build.steps;
    const finished = !!h?.finished;
    steps.forEach((s, k) => {
      if (s.status === 'unfinished') {
        if (coloured) s.status = rowColours[k] !== null ? 'done' : 'unfinished';
        else if (finished || k < steps.length - 1) s.status = 'done';
      }
      s.segments[0].finished = s.status !== 'unfinished';
      const colours = statusColours.get(s);
      s.statuses.forEach((e, m) => {
        e.done = coloured ? (colours?.[m] ?? null) !== null : s.status !== 'unfinished';
      });
    });
    for (const w of warnRows) build.warnings.push(w.message);
    if (foreign)
      out.diagnose(
        'info',
        `${foreign} line(s) inside the TTY frame are not rows (elisions or notes in a paste); kept as build header.`,
        this.input(last.start) + 1,
      );
    if (cutAtTop)
      out.diagnose(
        'warning',
        'The last TTY frame starts mid-list (cut to the terminal height): steps that scrolled off are missing.',
        this.input(last.start) + 1,
      );
    if (h && !finished && !steps.some((s) => s.status === 'error'))
      out.diagnose(
        'info',
        `The last TTY frame is not FINISHED (${h.done}/${h.total}): the copy was taken mid-build.`,
        this.input(last.headerLine) + 1,
      );
    return build;
  }

  /**
   * The failure trailer after the last frame (§1.6 items 1–5, §4), and compose's
   * own summary. Blank lines belong to it only when more of it follows.
   */
  private readTrailer(build: Build, from: number): number {
    const n = this.v.text.length;
    const st = new TrailerState();
    const pending: number[] = [];
    let blockHasName = false;
    let lastBlockLog = -1;
    let j = from;
    for (; j < n; j++) {
      const k = this.kinds[j];
      if (k === BLANK || k === ESC_ONLY) {
        pending.push(j);
        continue;
      }
      // A next build; inside an error block rows cannot occur (its lines carry an
      // elapsed prefix), so only a header ends a block that was never closed.
      if (k === HEADER_LINE || (k === ROW_LINE && !st.inErrorBlock)) break;
      const t = this.v.text[j].trim();
      const line = this.input(j);
      let kind: 'trailer' | 'error' | 'none';
      if (!st.inErrorBlock && k === SUMMARY) {
        kind = 'trailer';
      } else {
        const wasInBlock = st.inErrorBlock;
        kind = readTrailerLine(st, t, line, build);
        if (wasInBlock && st.inErrorBlock) {
          if (/^ ?> .*:$/.test(t) && !blockHasName) blockHasName = true;
          else lastBlockLog = j;
        }
        if (!st.inErrorBlock) blockHasName = false;
        if (kind === 'none' && ERRORISH.test(t)) {
          // A second error line (bake with several failing targets): trailer.ts
          // keeps the first as build.error; the rest are still error lines.
          kind = 'error';
          build.errorLines.push(line);
        } else if (kind === 'none' && /^> .*:$/.test(t)) {
          // A recap header whose `------` got lost in a copy (observed in web-UI copies).
          st.failedNames.push(t.slice(2, -1));
          kind = 'trailer';
        }
      }
      if (kind === 'none') break;
      for (const p of pending) this.trailer(p, build);
      pending.length = 0;
      this.trailer(j, build);
    }
    // Trailing blank lines after the trailer: escape-only ones are the display's
    // last `ESC[?25h` and stay with the build; plain blanks are outside.
    while (pending.length && this.kinds[pending[0]] === ESC_ONLY)
      this.trailer(pending.shift()!, build);
    this.settleError(build, st, lastBlockLog);
    return pending.length ? pending[0] : j;
  }

  private settleError(build: Build, st: TrailerState, lastBlockLog: number): void {
    const steps = build.steps;
    const failedRow = (s: Step) => s.status === 'error';
    if (!build.error && (st.failedNames.length || lastBlockLog >= 0)) {
      // The log ends inside or right after the error report, without the final
      // `ERROR:` line (a capture cut short, observed): the block's last line is the
      // best message there is.
      const at = lastBlockLog >= 0 ? lastBlockLog : -1;
      const message =
        at >= 0
          ? this.v.text[at].trim().replace(ELAPSED_PREFIX, '')
          : `${st.failedNames[0]} failed`;
      build.error = {
        step: null,
        message,
        exitCode: null,
        line: at >= 0 ? this.input(at) : build.lastLine,
      };
      this.out.diagnose(
        'warning',
        'The log ends without the final error line (cut short?): the error is the last line of the failed step.',
        (at >= 0 ? this.input(at) : build.lastLine) + 1,
      );
    }
    const err = build.error;
    if (!err) return;
    let failing: Step | null = null;
    // bake names the failing target: `target frontend: failed to solve: …` (§1.6.4).
    const target = TARGET_PREFIX.exec(err.message)?.[1];
    if (target) {
      const names = st.failedNames.filter((name) => {
        const s = matchFailedStep(steps, [name]);
        return (
          s?.target === target || name.startsWith(`[${target} `) || name.startsWith(`[${target}]`)
        );
      });
      failing = matchFailedStep(steps, names);
      if (!failing) failing = steps.find((s) => failedRow(s) && s.target === target) ?? null;
    }
    if (!failing) {
      const errorRows = steps.filter(failedRow);
      failing =
        matchFailedStep(errorRows, st.failedNames) ??
        matchFailedStep(steps, st.failedNames) ??
        (errorRows.length === 1 ? errorRows[0] : null);
    }
    if (err.exitCode === null) {
      const m = /exit code: (-?\d+)/.exec(err.message);
      if (m) err.exitCode = Number(m[1]);
    }
    if (failing) {
      err.step = failing.ref;
      failing.error = err.message;
      failing.exitCode = err.exitCode;
    }
  }

  private finishBuild(build: Build): void {
    // Warning rows are cut to the terminal width; the summary is authoritative
    // (§1.7): drop a row that is the start of a summary item, keep the others once.
    const seen = new Set<string>();
    const items = build.warnings;
    build.warnings = items.filter((w) => {
      if (seen.has(w)) return false;
      seen.add(w);
      return !items.some((o) => o !== w && o.length > w.length && o.startsWith(w));
    });
  }

  private noteUnit(unit: string, i: number): void {
    if (unit === 's' || this.unitReported) return;
    this.unitReported = true;
    this.out.diagnose(
      'warning',
      `Durations carry the unit '${unit}' instead of 's' (a translated copy); read as seconds.`,
      this.input(i) + 1,
    );
  }
}

function parseHeader(s: string): Header | null {
  const m = HEADER.exec(s);
  if (!m) return null;
  // `docker:default` = `<driver>:<builder>`; like plain's `#0 building with "default"
  // instance`, the builder is the instance name.
  const tag = m[7] ?? null;
  return {
    seconds: Number(m[2]),
    unit: m[3],
    done: Number(m[4]),
    total: Number(m[5]),
    finished: !!m[6],
    builder: tag ? tag.slice(tag.indexOf(':') + 1) || tag : null,
  };
}

function splitTime(s: string): { body: string; seconds: number | null; unit: string | null } {
  const t = s.trimEnd();
  const m = TIME.exec(t);
  if (!m) return { body: t, seconds: null, unit: null };
  return { body: m[1].trimEnd(), seconds: Number(m[2]), unit: m[3] };
}

/** One row of a frame (§4), or null when the line is not one. */
function parseRow(t: string): Row | null {
  const m = ROW.exec(t);
  if (!m) return null;
  const body = m[1] ?? '';
  if (body.startsWith('=> #') || body === '=> #' || body.startsWith('=>#')) {
    // ` => => # <log>`: only while the step runs (§4); no time column.
    return { kind: 'log', text: body.replace(/^=>\s?#\s?/, '') };
  }
  if (body.startsWith('=> ') || body === '=>') {
    const { body: b, seconds, unit } = splitTime(body.slice(3));
    return { kind: 'status', body: b, seconds, unit };
  }
  if (body.startsWith('WARN: ')) {
    const { body: b, seconds, unit } = splitTime(body.slice(6));
    return { kind: 'warn', message: b, seconds, unit };
  }
  const { body: b, seconds, unit } = splitTime(body);
  // Names are cut to the terminal width by bytes, with no `...` (§4): a cut in the
  // middle of a UTF-8 sequence decodes to U+FFFD.
  const named = b.replace(/\uFFFD+$/, '').trim();
  const mk = MARK.exec(named);
  if (!named) return null;
  return {
    kind: 'step',
    mark: mk ? mk[1] : null,
    name: mk ? mk[2].trim() : named,
    seconds,
    unit,
  };
}

/** The SGR colour set before a row's `=>`, null when none (reset and faint do not count). */
function rowColour(raw: string | undefined): string | null {
  if (!raw || raw.indexOf('\x1b') < 0) return null;
  const at = raw.indexOf('=>');
  const head = at < 0 ? raw : raw.slice(0, at);
  let colour: string | null = null;
  SGR.lastIndex = 0;
  for (let m = SGR.exec(head); m; m = SGR.exec(head)) {
    const params = m[1].split(';').filter((p) => p !== '' && p !== '0' && p !== '2' && p !== '22');
    colour = params.length ? params.join(';') : null;
  }
  return colour;
}

// ---- quoted-printable (RFC 2045 §6.7): a TTY frame pasted into an e-mail body

/**
 * Returns the decoded lines when the input looks quoted-printable — every `=` is
 * `=XX` (upper-case hex) or a soft break at the end of a line, with several soft
 * breaks and escapes — else null. Observed: a qemu-devel message carrying a
 * 190-column TTY frame (corpus `mangled-qemu-devel-…`).
 */
export function decodeQuotedPrintableLines(lines: readonly string[]): string[] | null {
  return decodeQuotedPrintable(lines)?.lines ?? null;
}

function decodeQuotedPrintable(
  lines: readonly string[],
): { lines: string[]; sources: number[][] } | null {
  let soft = 0;
  let escapes = 0;
  for (const l of lines) {
    const s = l.replace(/[ \t]+$/, '');
    for (let k = s.indexOf('='); k >= 0; k = s.indexOf('=', k + 1)) {
      if (k === s.length - 1) {
        soft++;
        break;
      }
      if (!isHex(s.charCodeAt(k + 1)) || !isHex(s.charCodeAt(k + 2))) return null;
      escapes++;
      k += 2;
    }
  }
  if (soft < 2 || escapes < 2) return null;
  const enc = new TextEncoder();
  const dec = new TextDecoder('utf-8');
  const out: string[] = [];
  const sources: number[][] = [];
  let bytes: number[] = [];
  let src: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    // Transport may add trailing white space; encoded spaces are `=20` (RFC 2045 rule 3).
    let s = lines[i].replace(/[ \t]+$/, '');
    const softBreak = s.endsWith('=');
    if (softBreak) s = s.slice(0, -1);
    let plainFrom = 0;
    for (let k = s.indexOf('='); k >= 0; k = s.indexOf('=', k + 3)) {
      if (k > plainFrom) for (const b of enc.encode(s.slice(plainFrom, k))) bytes.push(b);
      bytes.push(parseInt(s.substr(k + 1, 2), 16));
      plainFrom = k + 3;
    }
    if (plainFrom < s.length) for (const b of enc.encode(s.slice(plainFrom))) bytes.push(b);
    src.push(i);
    if (!softBreak || i === lines.length - 1) {
      out.push(dec.decode(new Uint8Array(bytes)));
      sources.push(src);
      bytes = [];
      src = [];
    }
  }
  return { lines: out, sources };
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70);
}
