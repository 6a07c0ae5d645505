/**
 * Package-manager evidence of one RUN step (PRODUCT.md §2, FORMAT.md §7): what
 * pip, npm, apt, … printed about downloading, reusing from a cache, and
 * building from source. One parser per tool (README.md has the checklist).
 */
import type { PackageEvent, PackageTool, StepPackages } from '../../model/analysis';
import type { Step } from '../../model/types';
import { stripAnsi } from '../../read/ansi';
import { apkParser } from './apk';
import { aptParser } from './apt';
import { bundlerParser } from './bundler';
import { cargoParser } from './cargo';
import { composerParser } from './composer';
import { goParser } from './go';
import { gradleParser } from './gradle';
import { mavenParser } from './maven';
import { npmParser } from './npm';
import { pipParser } from './pip';
import { pnpmParser } from './pnpm';
import { poetryParser } from './poetry';
import { PackageAccumulator, type PackageParser } from './types';
import { uvParser } from './uv';
import { yarnParser } from './yarn';

export type { PackageParser } from './types';
export { PackageAccumulator } from './types';
export { parseSize } from './sizes';

/** The one list of package managers. */
export const PACKAGE_PARSERS: readonly PackageParser[] = [
  pipParser,
  uvParser,
  poetryParser,
  npmParser,
  pnpmParser,
  yarnParser,
  aptParser,
  apkParser,
  goParser,
  cargoParser,
  mavenParser,
  gradleParser,
  bundlerParser,
  composerParser,
];

// ---------------------------------------------------------------------------
// Dispatch: first character → one sticky regular expression of every start that
// begins with it, longest first, so a match is the longest start the line begins
// with (buckets of starts no longer than `SHORT` compare characters instead).
// Every start a line begins with is a prefix of that longest one, so the
// parsers to call follow from it alone: no parser tests its own starts again.
// Before any of it, two table lookups on the first two characters (`FIRST`,
// `PAIRS`) pass over the lines no start can match, most of a build's output.

interface Entry {
  start: string;
  /** Parsers with a start that is a prefix of `start`, in PACKAGE_PARSERS order. */
  parsers: PackageParser[];
  /** `parsers` less those whose `indents` rule the indent out, by indent (below `INDENTS`). */
  byIndent: PackageParser[][];
}

/** Indents the entries keep a parser list for; a line indented more gets `parsers`. */
const INDENTS = 16;

/** The parsers of `parsers` that may want a line beginning with `start` at `indent`. */
function parsersAt(parsers: PackageParser[], start: string, indent: number): PackageParser[] {
  return parsers.filter((p) =>
    p.starts.some((own) => start.startsWith(own) && (p.indents?.[own] ?? indent) === indent),
  );
}

interface Bucket {
  /**
   * The bucket's starts as literal alternatives, run at the line's first
   * non-blank character: measured on the benchmark's logs, V8 runs this three to
   * four times faster than `String#startsWith(s, at)` over the starts.
   */
  any: RegExp;
  /**
   * The second characters (ASCII) the starts allow, or null when some start is one
   * character long or goes on outside ASCII: a table lookup rejects most lines
   * before the regex runs (`[webpack] …` never reaches yarn's `[1/4]`).
   */
  second: Uint8Array | null;
  /** Entries by the length of their start; a length shared by two starts is told apart by text. */
  byLength: (Entry[] | undefined)[];
  /**
   * When every start is at most `SHORT` characters (`Get:`, `Hit:`, `- `, the
   * digits): the entries, longest first, compared character by character
   * instead of by the regex, which costs more than these few reads. Null otherwise.
   */
  short: Entry[] | null;
}

const SHORT = 4;

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

type Table = { ascii: (Bucket | undefined)[]; other: Map<number, Bucket> };

function buildTable(parsers: readonly PackageParser[]): Table {
  const byChar = new Map<number, Set<string>>();
  for (const parser of parsers)
    for (const st of parser.starts) {
      const c = st.charCodeAt(0);
      let set = byChar.get(c);
      if (!set) byChar.set(c, (set = new Set()));
      set.add(st);
    }
  const table: Table = { ascii: new Array<Bucket | undefined>(128), other: new Map() };
  for (const [c, set] of byChar) {
    const starts = [...set].sort((x, y) => y.length - x.length);
    let second: Uint8Array | null = new Uint8Array(128);
    const byLength: (Entry[] | undefined)[] = [];
    for (const st of starts) {
      const d = st.charCodeAt(1);
      if (st.length < 2 || d >= 128) second = null;
      else if (second) second[d] = 1;
      const own = parsers.filter((p) => p.starts.some((x) => st.startsWith(x)));
      const byIndent: PackageParser[][] = [];
      for (let i = 0; i < INDENTS; i++) byIndent.push(parsersAt(own, st, i));
      const entry = { start: st, parsers: own, byIndent };
      (byLength[st.length] ??= []).push(entry);
    }
    const bucket: Bucket = {
      any: new RegExp(starts.map(escapeRe).join('|'), 'y'),
      second,
      byLength,
      short: starts[0].length <= SHORT ? byLength.flatMap((e) => e ?? []).reverse() : null,
    };
    if (c < 128) table.ascii[c] = bucket;
    else table.other.set(c, bucket);
  }
  return table;
}

const TABLE = buildTable(PACKAGE_PARSERS);

// ---------------------------------------------------------------------------
// BuildKit's log prefix (FORMAT.md §1.3): `#<n> <elapsed> `, `<elapsed>` `%.3f` /
// `%.2f` / `%.1f`, `1235.` (v0.5–v0.7), digits masked by a CI (`#1***`, `***.69`).

function isDigitOrMask(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 42; /* * */
}

const TTY_LOG = ' => => # ';
const BLANKS = /[ \t]*/y;

/** Length of the `#N 1.234 ` prefix of a plain log line (or the TTY ` => => # `), 0 when none. */
export function logPrefixLength(s: string): number {
  const c0 = s.charCodeAt(0);
  if (c0 !== 35 /* # */)
    return c0 === 32 && s.charCodeAt(1) === 61 /* = */ && s.startsWith(TTY_LOG)
      ? TTY_LOG.length
      : 0;
  let k = 1;
  while (k < s.length && isDigitOrMask(s.charCodeAt(k))) k++;
  if (k === 1 || s.charCodeAt(k) !== 32) return 0;
  let j = k + 1;
  if (s.charCodeAt(j) === 45 /* - */) j++;
  const digits = j;
  while (j < s.length && isDigitOrMask(s.charCodeAt(j))) j++;
  if (j === digits || s.charCodeAt(j) !== 46 /* . */) return 0;
  j++;
  while (j < s.length && isDigitOrMask(s.charCodeAt(j))) j++;
  if (j === s.length) return j;
  return s.charCodeAt(j) === 32 ? j + 1 : 0;
}

/**
 * `logPrefixLength` for a line the format reader already read an elapsed time
 * from (FORMAT.md §1.3: `#N <elapsed> <text>`): the two spaces are enough.
 */
function knownPrefixLength(s: string): number {
  const s1 = s.indexOf(' ', 1);
  if (
    s1 < 0 ||
    !isDigitOrMask(s.charCodeAt(s1 + 1) === 45 ? s.charCodeAt(s1 + 2) : s.charCodeAt(s1 + 1))
  )
    return logPrefixLength(s);
  const s2 = s.indexOf(' ', s1 + 2);
  return s2 < 0 ? s.length : s2 + 1;
}

/** The tool's text of a log line: `#9 0.562   Downloading x` → `  Downloading x`. */
export function stripLogPrefix(text: string): string {
  const n = logPrefixLength(text);
  return n ? text.slice(n) : text;
}

// ---------------------------------------------------------------------------
// The step loop

/**
 * Download time from the elapsed times (§1.3): the gap from each line of
 * download activity to the next line with an elapsed time, and every gap
 * while a tool has downloads in flight.
 */
class DownloadClock {
  ms = 0;
  private openedAt: number | null = null;
  private last: number | null = null;

  /** Before the parsers: a line with an elapsed time ends the open gap. */
  tick(elapsedMs: number | null): void {
    if (elapsedMs === null) return;
    // A smaller elapsed time starts a new interval (it restarts near 0, §1.3): no gap to count.
    if (this.openedAt !== null && elapsedMs >= this.openedAt) this.ms += elapsedMs - this.openedAt;
    this.openedAt = null;
    this.last = elapsedMs;
  }

  /** After the parsers: the time from this line to the next timed one counts. */
  open(elapsedMs: number | null): void {
    if (elapsedMs !== null) this.openedAt = elapsedMs;
    else if (this.openedAt === null) this.openedAt = this.last;
  }

  /** Between two sources of lines (input lines, then `logText`) nothing carries over. */
  reset(): void {
    this.openedAt = null;
    this.last = null;
  }
}

/** The entry of the longest start the line begins with, `length` long (the regex found it). */
function entryOf(bucket: Bucket, length: number, raw: string, at: number): Entry | undefined {
  const entries = bucket.byLength[length];
  if (!entries) return undefined;
  let entry = entries[0];
  for (let k = 1; k < entries.length && !raw.startsWith(entry.start, at); k++) entry = entries[k];
  return entry;
}

/** `short` entries: the first (longest) whose start the line has at `at`; `d` is its second character. */
function shortEntry(list: Entry[], raw: string, at: number, d: number): Entry | undefined {
  for (let k = 0; k < list.length; k++) {
    const st = list[k].start;
    let j = 1;
    while (j < st.length && (j === 1 ? d : raw.charCodeAt(at + j)) === st.charCodeAt(j)) j++;
    if (j === st.length) return list[k];
  }
  return undefined;
}

/** Hands the line to each parser of the start it begins with. */
function dispatch(
  entry: Entry,
  raw: string,
  at: number,
  indent: number,
  line: number,
  acc: PackageAccumulator,
): void {
  acc.indent = indent;
  const list = indent < INDENTS ? entry.byIndent[indent] : entry.parsers;
  for (let k = 0; k < list.length; k++) {
    try {
      list[k].line(raw, at, line, acc);
    } catch {
      // A parser must not throw (STYLE.md); a line it chokes on is a line it did not recognise.
    }
  }
}

/**
 * The first two characters (ASCII) that may begin a start, as one flat table for
 * the loop's quick test: `FIRST[c]` is 0 when no start begins with `c`, 2 when
 * one is a single `c` (any second character will do), 1 when `PAIRS[c << 7 | d]` tells.
 */
const FIRST = new Uint8Array(128);
const PAIRS = new Uint8Array(128 * 128);
for (let c = 0; c < 128; c++) {
  const bucket = TABLE.ascii[c];
  if (!bucket) continue;
  FIRST[c] = bucket.second === null ? 2 : 1;
  if (bucket.second) PAIRS.set(bucket.second, c << 7);
}

/**
 * No start can match the tool text at `at`, told by its first two characters
 * (false for a blank there, or a character outside ASCII: `feed` decides those).
 * Past the end `c` is NaN, which no start has.
 */
function cannotStart(raw: string, at: number): boolean {
  const c = raw.charCodeAt(at);
  if (c < 128) {
    if (c === 32 || c === 9) return false;
    const first = FIRST[c];
    if (first !== 1) return first === 0;
    const d = raw.charCodeAt(at + 1);
    return !(d < 128 && PAIRS[(c << 7) | d] === 1);
  }
  return c !== c;
}

/**
 * One line: `textAt` is where the tool's text starts when the reader noted it
 * (`Step.outputTextAt`), -1 to find the log prefix here, 0 for text without one.
 */
function feed(
  raw: string,
  textAt: number,
  line: number,
  elapsedMs: number | null,
  acc: PackageAccumulator,
  clock: DownloadClock,
): void {
  clock.tick(elapsedMs);
  const prefix =
    textAt >= 0
      ? textAt
      : elapsedMs !== null && raw.charCodeAt(0) === 35 /* # */
        ? knownPrefixLength(raw)
        : logPrefixLength(raw);
  let at = prefix;
  const n = raw.length;
  let c = raw.charCodeAt(at);
  if (c === 32 || c === 9) {
    // Blanks: a few by hand, a long run (Maven's progress erasers) by the regex engine.
    while (at < n && (c === 32 || c === 9) && at - prefix < 8) c = raw.charCodeAt(++at);
    if (c === 32 || c === 9) {
      BLANKS.lastIndex = at;
      BLANKS.test(raw);
      at = BLANKS.lastIndex;
      c = raw.charCodeAt(at);
    }
  }
  const bucket = at >= n ? undefined : c < 128 ? TABLE.ascii[c] : TABLE.other.get(c);
  if (bucket) {
    const d = raw.charCodeAt(at + 1);
    if (bucket.second === null || (d < 128 && bucket.second[d] === 1)) {
      let entry: Entry | undefined;
      if (bucket.short !== null) entry = shortEntry(bucket.short, raw, at, d);
      else {
        const any = bucket.any;
        any.lastIndex = at;
        if (any.test(raw)) entry = entryOf(bucket, any.lastIndex - at, raw, at);
      }
      if (entry !== undefined) dispatch(entry, raw, at, at - prefix, line, acc);
    }
  }
  if (acc.downloading || acc.inFlight > 0) clock.open(elapsedMs);
  acc.downloading = false;
}

/**
 * The step's input lines, through `feed`. Its own function, small, so V8
 * optimises this loop, the hottest of the analysis, apart from the rest.
 */
function scanOutput(
  step: Step,
  text: readonly string[],
  acc: PackageAccumulator,
  clock: DownloadClock,
): void {
  const lines = step.outputLines;
  const elapsed = step.outputElapsedMs;
  const textAt = step.outputTextAt;
  for (let k = 0; k < lines.length; k++) {
    const i = lines[k];
    const raw = text[i];
    if (raw === undefined) continue;
    const at = textAt[k] ?? -1;
    const elapsedMs = elapsed[k] ?? null;
    if (at >= 0 && cannotStart(raw, at)) {
      // `feed` for a line no parser wants, kept small and in the loop: most lines are these.
      clock.tick(elapsedMs);
      if (acc.inFlight > 0) clock.open(elapsedMs);
      continue;
    }
    feed(raw, at, i, elapsedMs, acc, clock);
  }
}

const RAWJSON_NOTE =
  'The input line of each package line is not known here (rawjson carries tool output inside JSON): items point at the step’s first line.';

/**
 * What the package managers printed in one step; null when no parser
 * recognised any line. `text` is the model's input text (`LogModel.text`).
 */
export function analyzePackages(step: Step, text: readonly string[]): StepPackages | null {
  const logText = step.logText;
  if (!step.outputLines.length && !logText?.length) return null;
  const acc = new PackageAccumulator();
  const clock = new DownloadClock();
  scanOutput(step, text, acc, clock);

  if (logText?.length) {
    // Tool output held apart from the input lines (rawjson §5, flattened legacy §3).
    clock.reset();
    acc.inFlight = 0;
    const before = acc.items.length + acc.summaries.length + acc.tools.length;
    const logLines = step.logLines;
    const fallback = step.outputLines[0] ?? step.statusLineNumbers[0] ?? 0;
    const logElapsed = step.logElapsedMs;
    for (let k = 0; k < logText.length; k++)
      // Raw tool bytes keep the tool's colours (§1.3); the input text had them removed already.
      feed(
        stripAnsi(logText[k]),
        0,
        logLines?.[k] ?? fallback,
        logElapsed?.[k] ?? null,
        acc,
        clock,
      );
    if (!logLines && acc.items.length + acc.summaries.length + acc.tools.length > before)
      acc.note(RAWJSON_NOTE);
  }

  if (!acc.tools.length) return null;
  for (const p of PACKAGE_PARSERS)
    if (p.finish && acc.tools.includes(p.tool))
      try {
        p.finish(acc);
      } catch {
        // As above: what was collected stays.
      }

  let downloaded = acc.extraDownloaded;
  let reused = acc.extraReused;
  let builtFromSource = 0;
  let bytesDownloaded = acc.extraBytesDownloaded;
  let bytesReused = acc.extraBytesReused;
  for (let k = 0; k < acc.items.length; k++) {
    const e = acc.items[k];
    if (e.event === 'downloaded') {
      downloaded++;
      bytesDownloaded += e.bytes ?? 0;
    } else if (e.event === 'reused') {
      reused++;
      bytesReused += e.bytes ?? 0;
    } else builtFromSource++;
  }
  const cap = step.durationMs ?? Infinity;
  // Tools in the order of PACKAGE_PARSERS would hide which one printed first; keep first sight.
  const tools: PackageTool[] = acc.tools.slice();
  return {
    tools,
    downloaded,
    reused,
    builtFromSource,
    bytesDownloaded,
    bytesReused,
    downloadMs: Math.round(Math.min(clock.ms, cap)),
    items: acc.items,
    // Summaries made at the end (apt, poetry, composer) go back in line order.
    summaries: acc.summaries.slice().sort((a, b) => a.line - b.line),
    notes: acc.notes,
  };
}

// ---------------------------------------------------------------------------
// Per-tool sums of a step's items, for the downloads ledger and the findings.

/** What one tool's items in a step add up to. */
export interface ToolTally {
  tool: PackageTool;
  downloaded: number;
  reused: number;
  built: number;
  /** Sum of the known sizes of the downloaded items (0 when none is known). */
  bytes: number;
  /** Some downloaded item had a size. */
  sized: boolean;
  /** Line of the first downloaded item; -1 when there is none. */
  firstDownloadLine: number;
  /** Lines of the downloaded items, in item order (the findings' evidence). */
  downloadLines: number[];
}

export interface Tallies {
  /** The tools with a downloaded item, in the order of their first one. */
  downloading: ToolTally[];
  byTool: Map<PackageTool, ToolTally>;
  /** The items summed, and how many: a StepPackages whose items changed since is summed again. */
  items: readonly PackageEvent[];
  count: number;
}

/**
 * Made on first use, keyed by the StepPackages (each analysis makes its own, so
 * nothing outlives it): one pass over the items for every reader.
 */
const TALLIES = new WeakMap<StepPackages, Tallies>();

/** The per-tool sums of `p.items` (computed here for a StepPackages made elsewhere). */
export function packageTallies(p: StepPackages): Tallies {
  let tallies = TALLIES.get(p);
  if (tallies === undefined || tallies.items !== p.items || tallies.count !== p.items.length) {
    tallies = { downloading: [], byTool: new Map(), items: p.items, count: p.items.length };
    let t: ToolTally | undefined;
    for (let k = 0; k < p.items.length; k++) {
      const e = p.items[k];
      if (t === undefined || t.tool !== e.tool) t = tallyOf(tallies, e.tool);
      if (e.event === 'downloaded') countDownload(tallies, t, e);
      else if (e.event === 'reused') t.reused++;
      else t.built++;
    }
    TALLIES.set(p, tallies);
  }
  return tallies;
}

function tallyOf(tallies: Tallies, tool: PackageTool): ToolTally {
  let t = tallies.byTool.get(tool);
  if (t === undefined) {
    t = {
      tool,
      downloaded: 0,
      reused: 0,
      built: 0,
      bytes: 0,
      sized: false,
      firstDownloadLine: -1,
      downloadLines: [],
    };
    tallies.byTool.set(tool, t);
  }
  return t;
}

function countDownload(tallies: Tallies, t: ToolTally, e: PackageEvent): void {
  if (t.downloaded++ === 0) {
    t.firstDownloadLine = e.line;
    tallies.downloading.push(t);
  }
  t.downloadLines.push(e.line);
  if (e.bytes !== null) {
    t.bytes += e.bytes;
    t.sized = true;
  }
}
