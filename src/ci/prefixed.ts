/**
 * A generic per-line prefix that some tool put in front of every BuildKit line
 * (FORMAT.md §6, and the "Timestamp prefixes" list in the corpus SOURCES.md):
 *
 *   ` DEBUG [7f29153d]       #1 [internal] load …`   Kamal / SSHKit (blank lines: ` DEBUG [7f29153d]`)
 *   `build  > #1 …`                                  gitlab-ci-local job name
 *   `    12\t#1 …`                                   `cat -n` / agent transcript line numbers
 *   `2025-03-09 15:44:12.269Z: #3 …`                 Codespaces creation log (its time becomes the stamp)
 *   `web-1  | #1 …`                                  compose / job-name prefixes
 *
 * There is no list of such tools, so the prefix is learnt from the log: take the
 * text before the first `#N ` (a BuildKit plain line, §1.1) on every line that
 * has one, turn each into a shape (digit runs → `\d+`, hex runs → `[0-9a-f]+`,
 * leading padding → `[ \t]*`), and keep the shape that covers most of them. If that
 * fails, job names are generalised too (`[\w.-]+`, padding `[ \t]+`). The wrapper
 * claims the log only when the shape covers ≥ 60 % of the `#N` lines, is not
 * empty, and is not a stamp another wrapper owns (GitHub, GitLab, Jenkins,
 * Buildkite): those are stripped first and this runs again on their output.
 */
import type { CiWrapper, LineStripper, Stamp } from './types';
import {
  readDateTime,
  readGitlabStamp,
  readIsoZStamp,
  readJenkinsIsoStamp,
  readJenkinsTimeOfDay,
  scan,
} from './timestamp';

/** A BuildKit plain-mode line: `#N ` (§1.1). */
const STEP = /#\d+ /;
/** Share of `#N` lines the prefix must cover (set by the brief; plain logs score ~0). */
const MIN_SHARE = 0.6;
/** Fewer `#N` lines than this is not enough to learn a prefix from. */
const MIN_STEP_LINES = 3;
/** How many of the most frequent exact shapes are tried as the dominant one. */
const CANDIDATES = 8;

interface Shape {
  /** Regular-expression source matching the prefix. */
  src: string;
  /** What the first character of a prefixed line can be (fast path of `strip`). */
  first: FirstChar[];
}

/** 'd' digit, 'x' lower-case hex, 'w' word char, 's' space/tab, or one literal character. */
type FirstChar = 'd' | 'x' | 'w' | 's' | { ch: string };

interface Analysis {
  score: number;
  shape: Shape | null;
  /** Shape of the prefix without its trailing blanks: an empty BuildKit line keeps only that. */
  blankSrc: string;
  /** The prefix contains a date-time: it stamps the line. */
  hasDate: boolean;
}

const NONE: Analysis = { score: 0, shape: null, blankSrc: '', hasDate: false };

const REGEX_SPECIAL = /[.*+?^${}()|[\]\\/-]/;

function escapeChar(ch: string): string {
  if (ch === '\t') return '\\t';
  return REGEX_SPECIAL.test(ch) ? '\\' + ch : ch;
}

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
function isWordish(c: number): boolean {
  return isAlnum(c) || c === 95 || c === 46 || c === 45; // _ . -
}
function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

/** Shape of one alphanumeric run (level 1). */
function runShape(run: string): { src: string; first: FirstChar } {
  if (/^\d+$/.test(run)) return { src: '\\d+', first: 'd' };
  // SSHKit command ids, digests: lower-case hex with both digits and letters.
  if (/^[0-9a-f]+$/.test(run) && /\d/.test(run) && /[a-f]/.test(run)) {
    return { src: '[0-9a-f]+', first: 'x' };
  }
  // Mixed like `269Z`, `09T15`: digits vary, letters stay.
  const first: FirstChar = /\d/.test(run[0]) ? 'd' : { ch: run[0] };
  return { src: run.replace(/\d+/g, '\\d+'), first };
}

/**
 * The shape of a prefix. Level 1 keeps words and inner spacing literal; level 2
 * also generalises words (job and service names) and padding runs.
 */
function shapeOf(prefix: string, level: 1 | 2): Shape {
  const n = prefix.length;
  let i = 0;
  while (i < n && isBlank(prefix.charCodeAt(i))) i++;
  // A prefix that is only indentation stays literal: ` *` would also match "no prefix".
  if (i === n) return { src: [...prefix].map(escapeChar).join(''), first: n ? ['s'] : [] };
  let src = '';
  const first: FirstChar[] = [];
  if (i > 0) {
    // Leading padding varies with the width of what follows (`cat -n`, SSHKit levels).
    src = '[ \\t]*';
    first.push('s');
  }
  let firstDone = false;
  while (i < n) {
    const c = prefix.charCodeAt(i);
    let j = i + 1;
    let piece: string;
    let pieceFirst: FirstChar;
    if (level === 2 && isWordish(c)) {
      while (j < n && isWordish(prefix.charCodeAt(j))) j++;
      piece = '[\\w.-]+';
      pieceFirst = 'w';
    } else if (isAlnum(c)) {
      while (j < n && isAlnum(prefix.charCodeAt(j))) j++;
      const r = runShape(prefix.slice(i, j));
      piece = r.src;
      pieceFirst = r.first;
    } else if (level === 2 && isBlank(c)) {
      while (j < n && isBlank(prefix.charCodeAt(j))) j++;
      // Padding varies with the name's length; the separator's own trailing space
      // does not, and a wider match would eat the text's indentation.
      piece = j < n ? '[ \\t]+' : [...prefix.slice(i, j)].map(escapeChar).join('');
      pieceFirst = 's';
    } else {
      piece = escapeChar(prefix[i]);
      pieceFirst = { ch: prefix[i] };
    }
    if (!firstDone) {
      first.push(pieceFirst);
      firstDone = true;
    }
    src += piece;
    i = j;
  }
  return { src, first };
}

/** Another wrapper owns this prefix (its stamp or marker); prefixed must not claim it. */
function ownedByOtherWrapper(prefix: string): boolean {
  const pos = prefix.charCodeAt(0) === 0xfeff ? 1 : 0;
  return (
    !Number.isNaN(readIsoZStamp(prefix, pos)) ||
    !Number.isNaN(readGitlabStamp(prefix, pos)) ||
    !Number.isNaN(readJenkinsIsoStamp(prefix, pos)) ||
    readJenkinsTimeOfDay(prefix, pos) >= 0 ||
    prefix.includes('_bk;t=') ||
    prefix.includes('section_start:') ||
    prefix.includes('section_end:')
  );
}

/** Level 2 shapes must keep a delimiter (`>`, `|`, `]`, `:`) or they would match any word. */
function hasDelimiter(prefix: string): boolean {
  for (let i = 0; i < prefix.length; i++) {
    const c = prefix.charCodeAt(i);
    if (!isWordish(c) && !isBlank(c)) return true;
  }
  return false;
}

/** Index where a `YYYY-` date starts inside the first `len` characters, or -1. */
function dateOffset(line: string, len: number): number {
  for (let i = 0; i + 4 < len; i++) {
    const c = line.charCodeAt(i);
    if (c < 48 || c > 57) continue;
    if (i > 0) {
      const b = line.charCodeAt(i - 1);
      if (b >= 48 && b <= 57) continue;
    }
    if (line.charCodeAt(i + 4) === 45 && !Number.isNaN(readDateTime(line, i, true))) return i;
  }
  return -1;
}

/**
 * The date-time inside a prefix, in epoch ms. `Z`, no zone (taken as UTC) or a
 * `±hh:mm` / `±hhmm` offset after it.
 */
function readPrefixDate(line: string, len: number): number {
  const at = dateOffset(line, len);
  if (at < 0) return NaN;
  const ms = readDateTime(line, at, true);
  const i = scan.end;
  const sign = line.charCodeAt(i);
  if (sign === 43 || sign === 45) {
    const h = Number(line.slice(i + 1, i + 3));
    const colon = line.charCodeAt(i + 3) === 58 ? 1 : 0;
    const m = Number(line.slice(i + 3 + colon, i + 5 + colon));
    if (Number.isInteger(h) && Number.isInteger(m)) {
      return ms - (sign === 43 ? 1 : -1) * (h * 60 + m) * 60_000;
    }
  }
  return ms;
}

function analyse(sample: readonly string[]): Analysis {
  const prefixes: string[] = [];
  for (const line of sample) {
    const m = STEP.exec(line);
    if (m) prefixes.push(line.slice(0, m.index));
  }
  if (prefixes.length < MIN_STEP_LINES) return NONE;
  for (const level of [1, 2] as const) {
    const counts = new Map<string, { n: number; example: string; shape: Shape }>();
    for (const p of prefixes) {
      const shape = shapeOf(p, level);
      const entry = counts.get(shape.src);
      if (entry) entry.n++;
      else counts.set(shape.src, { n: 1, example: p, shape });
    }
    const candidates = [...counts.values()]
      .filter((c) => c.shape.src !== '')
      .sort((a, b) => b.n - a.n)
      .slice(0, CANDIDATES);
    let best: (typeof candidates)[number] | null = null;
    let bestCovered = 0;
    for (const c of candidates) {
      const re = new RegExp(`^(?:${c.shape.src})$`);
      let covered = 0;
      for (const p of prefixes) if (re.test(p)) covered++;
      if (covered > bestCovered) {
        best = c;
        bestCovered = covered;
      }
    }
    if (!best || bestCovered < MIN_STEP_LINES) continue;
    const share = bestCovered / prefixes.length;
    if (share < MIN_SHARE || ownedByOtherWrapper(best.example)) continue;
    if (level === 2 && !hasDelimiter(best.example)) continue;
    const trimmed = best.example.trimEnd();
    return {
      score: share,
      shape: best.shape,
      blankSrc: trimmed ? shapeOf(trimmed, level).src : '',
      hasDate: dateOffset(best.example, best.example.length) >= 0,
    };
  }
  return NONE;
}

/** sniff and createStripper get the same sample from stripCi: analyse it once. */
const analyses = new WeakMap<readonly string[], Analysis>();
function analysisOf(sample: readonly string[]): Analysis {
  let a = analyses.get(sample);
  if (!a) {
    a = analyse(sample);
    analyses.set(sample, a);
  }
  return a;
}

/** Table of characters a prefixed line can start with: lines that cannot skip the regex. */
function firstCharTable(first: FirstChar[]): Uint8Array {
  const t = new Uint8Array(65536);
  for (const f of first) {
    if (f === 'd' || f === 'x' || f === 'w') {
      for (let c = 48; c <= 57; c++) t[c] = 1;
      if (f === 'x') for (let c = 97; c <= 102; c++) t[c] = 1;
      if (f === 'w') {
        for (let c = 65; c <= 90; c++) t[c] = 1;
        for (let c = 97; c <= 122; c++) t[c] = 1;
        t[95] = t[46] = t[45] = 1;
      }
    } else if (f === 's') {
      t[32] = t[9] = 1;
    } else {
      t[f.ch.charCodeAt(0)] = 1;
    }
  }
  return t;
}

class PrefixStripper implements LineStripper {
  private readonly re: RegExp;
  private readonly mayStart: Uint8Array;

  constructor(
    shape: Shape,
    blankSrc: string,
    private readonly hasDate: boolean,
  ) {
    // The full prefix, or the whole line when it is the prefix minus its trailing
    // blanks (Kamal prints an empty BuildKit line as ` DEBUG [7f29153d]`).
    this.re = new RegExp(`^(?:${shape.src}|${blankSrc}[ \\t]*$)`);
    this.mayStart = firstCharTable(blankSrc ? shape.first : [...shape.first, 's']);
  }

  strip(line: string, stamp: Stamp): string {
    stamp.epochMs = NaN;
    if (line.length === 0 || this.mayStart[line.charCodeAt(0)] === 0) return line;
    // `replace` with a string replacement builds no match object, and returns the
    // line itself when nothing matched.
    const out = line.replace(this.re, '');
    if (out.length === line.length) return line;
    if (this.hasDate) stamp.epochMs = readPrefixDate(line, line.length - out.length);
    return out;
  }
}

const PASS_THROUGH: LineStripper = {
  strip(line, stamp) {
    stamp.epochMs = NaN;
    return line;
  },
};

export const prefixed: CiWrapper = {
  id: 'prefixed',
  sniff: (sample) => analysisOf(sample).score,
  createStripper(sample) {
    const a = analysisOf(sample);
    return a.shape ? new PrefixStripper(a.shape, a.blankSrc, a.hasDate) : PASS_THROUGH;
  },
};
