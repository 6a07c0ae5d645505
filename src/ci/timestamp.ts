/**
 * Allocation-free readers for the per-line time prefixes of FORMAT.md §6. They
 * run on every line of logs up to ~100 MB, so they look at char codes instead of
 * running a regular expression, and report where the prefix ended through the
 * module-level `scan` slot instead of returning an object.
 *
 * Times are epoch milliseconds, UTC. Digits below the millisecond (GitHub's 7,
 * Render's 9, GitLab's 6 fraction digits) are dropped: everything downstream
 * works in whole milliseconds.
 */

/** Where the last successful read ended (index of the first character after the prefix). */
export const scan = { end: 0 };

const MS_PER_DAY = 86_400_000;

/** Days from 1970-01-01 to y-m-d, proleptic Gregorian (H. Hinnant's `days_from_civil`). */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The digit at `i`, or -1. */
function digit(line: string, i: number): number {
  const c = line.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

/** Two digits at `i` as a number, or -1. */
function two(line: string, i: number): number {
  const a = digit(line, i);
  const b = digit(line, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

/** Milliseconds of a `HH:MM:SS` at `i` (no fraction), or -1. */
export function readTimeOfDay(line: string, i: number): number {
  if (line.charCodeAt(i + 2) !== 58 || line.charCodeAt(i + 5) !== 58) return -1;
  const h = two(line, i);
  const mi = two(line, i + 3);
  const s = two(line, i + 6);
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 60) return -1;
  return ((h * 60 + mi) * 60 + s) * 1000;
}

/** The last date `readDateTime` converted, and its epoch ms at midnight. */
let lastYmd = -1;
let lastDayMs = 0;

/**
 * Reads `YYYY-MM-DD<sep>HH:MM:SS[.fraction]` at `pos`, where `<sep>` is `T`, or
 * also a space when `allowSpace` (Codespaces' `2025-03-09 15:44:12.269Z`).
 * The fraction may have 1–9 digits (RFC3339Nano trims trailing zeros, so Render
 * prints `.1147142` next to `.265069451`, and may drop the fraction entirely).
 * Returns epoch ms (the text carries no zone yet: callers check the `Z`) or NaN;
 * on success `scan.end` is the index after the last digit.
 */
export function readDateTime(line: string, pos: number, allowSpace: boolean): number {
  if (line.length < pos + 19) return NaN;
  if (line.charCodeAt(pos + 4) !== 45 || line.charCodeAt(pos + 7) !== 45) return NaN;
  const sep = line.charCodeAt(pos + 10);
  if (sep !== 84 && !(allowSpace && sep === 32)) return NaN;
  const y1 = two(line, pos);
  const y2 = two(line, pos + 2);
  const mo = two(line, pos + 5);
  const d = two(line, pos + 8);
  if (y1 < 0 || y2 < 0 || mo < 1 || mo > 12 || d < 1 || d > 31) return NaN;
  const tod = readTimeOfDay(line, pos + 11);
  if (tod < 0) return NaN;
  let i = pos + 19;
  let ms = 0;
  if (line.charCodeAt(i) === 46) {
    let n = 0;
    for (i++; n < 9; i++, n++) {
      const c = digit(line, i);
      if (c < 0) break;
      if (n < 3) ms += c * (n === 0 ? 100 : n === 1 ? 10 : 1);
    }
    if (n === 0) return NaN;
  }
  scan.end = i;
  // Consecutive lines almost always share the date: skip the calendar arithmetic.
  const ymd = ((y1 * 100 + y2) * 100 + mo) * 100 + d;
  if (ymd !== lastYmd) {
    lastYmd = ymd;
    lastDayMs = daysFromCivil(y1 * 100 + y2, mo, d) * MS_PER_DAY;
  }
  return lastDayMs + tod + ms;
}

/**
 * GitHub Actions / Azure Pipelines / Gitea act_runner / Render stamp at `pos`:
 * `2025-02-13T05:44:35.4327392Z` then one space, or the end of the line (an empty
 * line is the bare stamp, its trailing space often trimmed in copies), §6.
 * `scan.end` is where the text starts.
 */
export function readIsoZStamp(line: string, pos: number): number {
  const ms = readDateTime(line, pos, false);
  if (Number.isNaN(ms)) return NaN;
  let i = scan.end;
  if (line.charCodeAt(i) !== 90) return NaN; // 'Z'
  i++;
  if (i < line.length) {
    if (line.charCodeAt(i) !== 32) return NaN;
    i++;
  }
  scan.end = i;
  return ms;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102);
}

/**
 * GitLab `FF_TIMESTAMPS` prefix (§6; gitlab-runner `timestamper.go`):
 * `2024-05-14T11:19:20.123456Z 00O ` — stamp, space, stream id as 2 lower-case
 * hex digits, `O`/`E`, then ` ` (new line) or `+` (continues the previous one).
 */
export function readGitlabStamp(line: string, pos: number): number {
  const ms = readDateTime(line, pos, false);
  if (Number.isNaN(ms)) return NaN;
  const i = scan.end;
  if (line.charCodeAt(i) !== 90 || line.charCodeAt(i + 1) !== 32) return NaN;
  if (!isHex(line.charCodeAt(i + 2)) || !isHex(line.charCodeAt(i + 3))) return NaN;
  const stream = line.charCodeAt(i + 4);
  if (stream !== 79 && stream !== 69) return NaN; // 'O' | 'E'
  const flag = line.charCodeAt(i + 5);
  if (flag !== 32 && flag !== 43) return NaN; // ' ' | '+'
  scan.end = i + 6;
  return ms;
}

/** Jenkins Timestamper in the raw log (§6; `GlobalDecorator.java`): `[2019-02-07T15:08:27.123Z] `. */
export function readJenkinsIsoStamp(line: string, pos: number): number {
  if (line.charCodeAt(pos) !== 91) return NaN; // '['
  const ms = readDateTime(line, pos + 1, false);
  if (Number.isNaN(ms)) return NaN;
  const i = scan.end;
  if (line.charCodeAt(i) !== 90 || line.charCodeAt(i + 1) !== 93) return NaN; // 'Z]'
  if (i + 2 < line.length && line.charCodeAt(i + 2) !== 32) return NaN;
  scan.end = Math.min(i + 3, line.length);
  return ms;
}

/**
 * Jenkins Timestamper as the web UI shows it (§6): `15:08:27  ` (two spaces).
 * Returns the time of day in ms, or -1. An empty line may keep one space or none.
 */
export function readJenkinsTimeOfDay(line: string, pos: number): number {
  const tod = readTimeOfDay(line, pos);
  if (tod < 0) return -1;
  const i = pos + 8;
  const n = line.length;
  if (i === n) {
    scan.end = n;
    return tod;
  }
  if (line.charCodeAt(i) !== 32) return -1;
  if (i + 1 === n) {
    scan.end = n;
    return tod;
  }
  if (line.charCodeAt(i + 1) !== 32) return -1;
  scan.end = i + 2;
  return tod;
}
