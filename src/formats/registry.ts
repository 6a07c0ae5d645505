import { legacyFormat } from './legacy';
import { plainFormat } from './plain';
import { rawjsonFormat } from './rawjson';
import { ttyFormat } from './tty';
import type { LogFormat } from './types';

/**
 * Every log format, one entry each (STYLE.md: a new format is one file plus a
 * line here). Order breaks ties: the more specific formats first.
 */
export const FORMATS: readonly LogFormat[] = [rawjsonFormat, legacyFormat, ttyFormat, plainFormat];

/** How many lines `sniff` sees. */
export const SNIFF_LINES = 400;

/** Picks the format the head of the log looks most like; null when none claims it. */
export function detectFormat(head: readonly string[]): LogFormat | null {
  let best: LogFormat | null = null;
  let score = 0;
  for (const f of FORMATS) {
    const s = f.sniff(head);
    if (s > score) {
      best = f;
      score = s;
    }
  }
  return best;
}
