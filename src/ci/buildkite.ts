/**
 * Buildkite job logs (FORMAT.md §6; buildkite/agent `process/timestamper.go`):
 * the agent writes an APC marker `\x1b_bk;t=<epoch ms>\x07` at line starts,
 * after erase-line codes (`\x1b[K`, `\x1b[1K`, `\x1b[2K`) and inside lines that
 * were written slowly. Every marker is removed (the erase codes stay for the
 * ANSI layer); the line's stamp is its first marker's time.
 *
 * Copies that dropped control characters leave `_bk;t=1700000000000` with no
 * ESC and no BEL; then exactly 13 digits are taken, so text that follows the
 * marker and starts with a digit is not swallowed.
 */
import type { CiWrapper, LineStripper, Stamp } from './types';

const MARK = '_bk;t=';
const ESC = 0x1b;
const BEL = 0x07;
/** Epoch milliseconds have 13 digits from 2001 to 2286. */
const BARE_DIGITS = 13;

/** Extent of the last marker `readMarker` accepted (module-level: no per-line object). */
const found = { start: 0, end: 0 };

/**
 * Reads the marker whose `_bk;t=` is at `at`; returns its time and sets
 * `found.start`/`found.end` to the marker's extent, or NaN when it is not one.
 */
function readMarker(line: string, at: number): number {
  const withEsc = at > 0 && line.charCodeAt(at - 1) === ESC;
  let i = at + MARK.length;
  let ms = 0;
  let n = 0;
  for (; i < line.length; i++, n++) {
    const c = line.charCodeAt(i) - 48;
    if (c < 0 || c > 9 || (!withEsc && n === BARE_DIGITS)) break;
    ms = ms * 10 + c;
  }
  if (n === 0) return NaN;
  const bel = line.charCodeAt(i) === BEL;
  if (!withEsc && !bel && n !== BARE_DIGITS) return NaN;
  found.start = withEsc ? at - 1 : at;
  found.end = bel ? i + 1 : i;
  return ms;
}

const stripper: LineStripper = {
  strip(line: string, stamp: Stamp): string {
    let at = line.indexOf(MARK);
    stamp.epochMs = NaN;
    if (at < 0) return line;
    let out = '';
    let from = 0;
    while (at >= 0) {
      const ms = readMarker(line, at);
      if (!Number.isNaN(ms)) {
        if (Number.isNaN(stamp.epochMs)) stamp.epochMs = ms;
        out += line.slice(from, found.start);
        from = found.end;
        at = line.indexOf(MARK, from);
      } else {
        at = line.indexOf(MARK, at + MARK.length);
      }
    }
    return from === 0 ? line : out + line.slice(from);
  },
};

export const buildkite: CiWrapper = {
  id: 'buildkite',
  sniff(sample) {
    let nonEmpty = 0;
    let marked = 0;
    const probe: Stamp = { epochMs: NaN };
    for (const line of sample) {
      if (line.length === 0) continue;
      nonEmpty++;
      if (line.indexOf(MARK) >= 0) {
        stripper.strip(line, probe);
        if (!Number.isNaN(probe.epochMs)) marked++;
      }
    }
    return nonEmpty ? marked / nonEmpty : 0;
  },
  createStripper: () => stripper,
};
