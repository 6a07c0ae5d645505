import type { ModelBuilder } from './model-builder';

/**
 * The lines the plain parser reads. Usually the input lines themselves; for a
 * damaged paste (FORMAT.md §0 "damaged pastes"), pieces re-split from glued or
 * flattened lines and lines re-joined after a hard wrap. `first[u]`/`last[u]`
 * give the input lines a unit came from; `shared` means several units can come
 * from one input line (that line is attributed once, to the first).
 */
export interface Units {
  text: string[];
  first: Int32Array | null;
  last: Int32Array | null;
  shared: boolean;
}

// A step line glued after other text: ` #12 [stage 1/3] …`, ` #12 DONE 0.1s`, ` #12 0.512 …`.
const GLUE =
  /\s+(?=#[\d*]+ (?:\[|DONE \d|CACHED$|CACHED\s|ERROR:|CANCELED|\.\.\.(?:\s|$)|\d+\.\d+(?:\s|$)|sha256:|transferring |resolve |extracting |WARN: |exporting |naming to |writing image ))/g;

// Where a flattened trailer line began: the `------` rules, ` > [name]:`, the
// excerpt head, its dashes and rows, and the final error line.
const TRAILER_GLUE =
  /(?<!#[\d*]+)\s+(?=------(?:\s|$)|> \[|[\w.-]*Dockerfile[\w.-]*:\d+(?:\s|$)|-{20}(?:\s|$)|ERROR: |\d+ \| )/;

export function repairPlainLines(text: readonly string[], out: ModelBuilder): Units {
  const width = wrapWidth(text);
  let glued = 0;
  for (let i = 0; i < text.length; i++) {
    const t = text[i];
    if (t.length > 8 && t.indexOf(' #', 1) > 0) {
      if (gluedAt(t)) glued++;
    }
  }
  if (!glued && !width) {
    return { text: text as string[], first: null, last: null, shared: false };
  }
  const units: string[] = [];
  const first: number[] = [];
  const last: number[] = [];
  let splitLines = 0;
  let joined = 0;
  for (let i = 0; i < text.length; i++) {
    let t = text[i];
    let end = i;
    if (width) {
      // Re-join a line cut at the wrap width with the lines that continue it.
      while (t.length >= width && end + 1 < text.length && continues(text[end + 1])) {
        t += text[++end];
        joined++;
        if (text[end].length < width) break;
      }
    }
    let pieces = t.indexOf(' #', 1) > 0 && gluedAt(t) ? t.split(GLUE) : [t];
    // A flattened paste also glued the failure trailer's lines (§1.6) together.
    if (pieces.length > 2) pieces = pieces.flatMap((p) => p.split(TRAILER_GLUE));
    if (pieces.length > 1) splitLines++;
    for (const p of pieces) {
      units.push(p);
      first.push(i);
      last.push(end);
    }
    i = end;
  }
  if (splitLines)
    out.diagnose(
      'info',
      `${splitLines} line(s) held several BuildKit lines glued together (a damaged paste); they were re-split`,
    );
  if (joined)
    out.diagnose(
      'info',
      `the log looks hard-wrapped at ${width} columns; ${joined} wrapped line(s) were re-joined`,
    );
  return {
    text: units,
    first: Int32Array.from(first),
    last: Int32Array.from(last),
    shared: splitLines > 0,
  };
}

/** A line that holds a glued step line: it starts with one, or holds two or more. */
function gluedAt(t: string): boolean {
  const n = t.match(GLUE)?.length ?? 0;
  return n >= 2 || (n === 1 && t.charCodeAt(0) === 35);
}

function continues(next: string): boolean {
  return next.length > 0 && next.charCodeAt(0) !== 35;
}

/**
 * A wrap width: many lines of exactly one length and (almost) none longer
 * (PowerShell's 80-column redirection, FORMAT.md §6 / corpus `mangled-powershell-*`).
 */
function wrapWidth(text: readonly string[]): number {
  if (text.length < 20) return 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) if (text[i].length > max) max = text[i].length;
  if (max < 40 || max > 400) return 0;
  let atMax = 0;
  for (let i = 0; i < text.length; i++) if (text[i].length === max) atMax++;
  return atMax >= Math.max(5, text.length * 0.03) ? max : 0;
}
