import type { StatusEntry } from '../model/types';

/** Multipliers of tonistiigi/units' SI output (`123B`, `1.23kB`, `29.54MB`), §1.4. */
const UNIT: Record<string, number> = {
  B: 1,
  kB: 1e3,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  TB: 1e12,
  KiB: 1024,
  MiB: 1024 ** 2,
  GiB: 1024 ** 3,
};

const BYTES = /^(\d+(?:\.\d+)?)(B|kB|KB|MB|GB|TB|KiB|MiB|GiB)$/;

export function parseBytes(s: string): number | null {
  const m = BYTES.exec(s);
  return m ? Math.round(Number(m[1]) * UNIT[m[2]]) : null;
}

// `<id>[ <cur>[ / <total>]][ <secs>s][ done]` (BK printer.go, §1.4).
const TAIL =
  /^(.*?)(?: (\d+(?:\.\d+)?[kKMGT]?i?B)(?: \/ (\d+(?:\.\d+)?[kKMGT]?i?B))?)?(?: (\d+(?:\.\d+)?)s)?( done)?$/;

/** Parses the text after `#N ` of a status line; `line` is the 0-based input line. */
export function parseStatus(text: string, line: number): StatusEntry {
  const m = TAIL.exec(text);
  if (!m)
    return { line, id: text, currentBytes: null, totalBytes: null, seconds: null, done: false };
  return {
    line,
    id: m[1],
    currentBytes: m[2] ? parseBytes(m[2]) : null,
    totalBytes: m[3] ? parseBytes(m[3]) : null,
    seconds: m[4] ? Number(m[4]) : null,
    done: !!m[5],
  };
}

/** Go `time.Duration` strings as legacy plain prints them: `405.348228ms`, `1m2.5s`, `1h0m0.1s`, `850µs`. */
export function parseGoDurationMs(s: string): number | null {
  const re = /(\d+(?:\.\d+)?)(h|m(?!s)|s|ms|µs|us|ns)/g;
  let total = 0;
  let matched = '';
  for (let m = re.exec(s); m; m = re.exec(s)) {
    const v = Number(m[1]);
    matched += m[0];
    switch (m[2]) {
      case 'h':
        total += v * 3600e3;
        break;
      case 'm':
        total += v * 60e3;
        break;
      case 's':
        total += v * 1e3;
        break;
      case 'ms':
        total += v;
        break;
      case 'µs':
      case 'us':
        total += v / 1e3;
        break;
      case 'ns':
        total += v / 1e6;
        break;
    }
  }
  return matched.length && matched === s.trim() ? total : null;
}
