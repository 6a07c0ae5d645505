/**
 * Jenkins console logs (FORMAT.md §6):
 *
 * - Timestamper plugin in the raw Pipeline log (timestamper-plugin
 *   `pipeline/GlobalDecorator.java` writes `'[' + yyyy-MM-dd'T'HH:mm:ss.SSS'Z' + "] "`):
 *   `[2019-02-07T15:08:27.123Z] `.
 * - the same times as the web UI shows them, copied from the page: `15:08:27  `
 *   (time of day, two spaces). The date is gone, so the stamp is that time on
 *   day 0 (1970-01-01 UTC): good for durations, not for calendar dates. A time
 *   going backwards by more than 12 h is taken as midnight having passed.
 * - ConsoleNotes `\x1b[8mha:<base64>\x1b[0m` (Jenkins `ConsoleNote`: serialized
 *   annotations hidden by the "conceal" SGR) anywhere in a line: removed.
 */
import type { CiWrapper, LineStripper, Stamp } from './types';
import { readJenkinsIsoStamp, readJenkinsTimeOfDay, scan } from './timestamp';

const NOTE_START = '\x1b[8mha:';
const NOTE_END = '\x1b[0m';

function isBase64(c: number): boolean {
  return (
    (c >= 65 && c <= 90) ||
    (c >= 97 && c <= 122) ||
    (c >= 48 && c <= 57) ||
    c === 43 ||
    c === 47 ||
    c === 61
  );
}

/** Removes every `ESC[8mha:<base64>ESC[0m`; `at` is the first NOTE_START. */
function removeNotes(line: string, at: number): string {
  let out = '';
  let from = 0;
  while (at >= 0) {
    let i = at + NOTE_START.length;
    while (i < line.length && isBase64(line.charCodeAt(i))) i++;
    if (line.startsWith(NOTE_END, i)) {
      out += line.slice(from, at);
      from = i + NOTE_END.length;
    }
    at = line.indexOf(NOTE_START, i);
  }
  return from === 0 ? line : out + line.slice(from);
}

const MS_PER_DAY = 86_400_000;
/** A backwards jump larger than this is a new day, a smaller one is clock noise or reordering. */
const MIDNIGHT_WRAP_MS = 12 * 3_600_000;

class JenkinsStripper implements LineStripper {
  /** Day offset added to UI time-of-day stamps after midnight wraps. */
  private dayMs = 0;
  private lastTodMs = -1;

  strip(line: string, stamp: Stamp): string {
    let text = line;
    let ms = NaN;
    const c = line.charCodeAt(0);
    if (c === 91) {
      // '['
      ms = readJenkinsIsoStamp(line, 0);
      if (!Number.isNaN(ms)) text = line.slice(scan.end);
    } else if (c >= 48 && c <= 50) {
      // '0'..'2': an hour digit
      const tod = readJenkinsTimeOfDay(line, 0);
      if (tod >= 0) {
        if (this.lastTodMs >= 0 && tod < this.lastTodMs - MIDNIGHT_WRAP_MS)
          this.dayMs += MS_PER_DAY;
        this.lastTodMs = tod;
        ms = this.dayMs + tod;
        text = line.slice(scan.end);
      }
    }
    const note = text.indexOf(NOTE_START);
    if (note >= 0) text = removeNotes(text, note);
    stamp.epochMs = ms;
    return text;
  }
}

/** Notes sit on `[Pipeline]` lines only, a small share of a log, but nothing else writes them. */
const NOTES_SCORE = 0.9;

export const jenkins: CiWrapper = {
  id: 'jenkins',
  sniff(sample) {
    let nonEmpty = 0;
    let stamped = 0;
    let notes = 0;
    for (const line of sample) {
      if (line.length === 0) continue;
      nonEmpty++;
      if (!Number.isNaN(readJenkinsIsoStamp(line, 0)) || readJenkinsTimeOfDay(line, 0) >= 0) {
        stamped++;
      }
      if (line.indexOf(NOTE_START) >= 0) notes++;
    }
    const share = nonEmpty ? stamped / nonEmpty : 0;
    return Math.max(share, notes >= 2 ? NOTES_SCORE : 0);
  },
  createStripper: () => new JenkinsStripper(),
};
