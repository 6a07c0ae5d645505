/**
 * GitLab CI raw job traces (FORMAT.md §6; gitlab-runner
 * `common/buildlogger/internal/timestamper/timestamper.go`):
 *
 * - collapsible-section markers `section_start:<unix>:<name>[collapsed=true]\r\x1b[0K<title>`
 *   and `section_end:<unix>:<name>\r\x1b[0K`, anywhere in a line and several per
 *   line (only a `\r` separates them; the line splitter keeps a bare CR inside
 *   the line, and a copy may have turned it into a line break). The markers go,
 *   the title after a section_start stays; the marker's unix time stamps the line
 *   when nothing better does.
 * - `\x1b[0K` (erase to end of line) that the runner writes around them.
 * - with `FF_TIMESTAMPS` (Runner ≥ 17.0) a `2024-05-14T11:19:20.123456Z 00O ` prefix:
 *   UTC µs stamp, 2-hex stream id, `O`/`E`, then ` ` or `+`. `+` means "continues
 *   the previous line" (an 8 KiB split or a write containing `\r`); the prefix is
 *   removed either way and the text kept as its own line.
 *
 * SGR colour codes (`\x1b[32;1m`, `\x1b[0;m`) stay: the pipeline strips ANSI later.
 */
import type { CiWrapper, LineStripper, Stamp } from './types';
import { readGitlabStamp, scan } from './timestamp';

/** Section names are letters, digits, `_`, `.`, `-` (GitLab docs, "Custom collapsible sections"). */
const MARKER = /section_(?:start|end):(\d+):[A-Za-z0-9_.-]+(?:\[[^\]\r]*\])?\r?/g;
const MARKER_TEST = /section_(?:start|end):\d+:[A-Za-z0-9_.-]/;
const ERASE_LINE = '\x1b[0K';

/** First marker time of the line being stripped; module-level so the replace callback allocates nothing. */
let firstMarkerSec = NaN;
function dropMarker(_m: string, unix: string): string {
  if (Number.isNaN(firstMarkerSec)) firstMarkerSec = Number(unix);
  return '';
}

function stripLine(line: string, stamp: Stamp): string {
  let text = line;
  let ms = NaN;
  const c = line.charCodeAt(0);
  if (c >= 48 && c <= 57) {
    ms = readGitlabStamp(line, 0);
    if (!Number.isNaN(ms)) text = line.slice(scan.end);
  }
  if (text.indexOf('section_') >= 0) {
    firstMarkerSec = NaN;
    text = text.replace(MARKER, dropMarker);
    if (Number.isNaN(ms) && !Number.isNaN(firstMarkerSec)) ms = firstMarkerSec * 1000;
  }
  if (text.indexOf(ERASE_LINE) >= 0) text = text.replaceAll(ERASE_LINE, '');
  stamp.epochMs = ms;
  return text;
}

const stripper: LineStripper = { strip: stripLine };

/** Markers are a strong signal even though few lines carry them (one pair per job phase). */
const ONE_MARKER_SCORE = 0.6;
const MARKERS_SCORE = 0.9;

export const gitlab: CiWrapper = {
  id: 'gitlab',
  sniff(sample) {
    let nonEmpty = 0;
    let stamped = 0;
    let markers = 0;
    for (const line of sample) {
      if (line.length === 0) continue;
      nonEmpty++;
      if (!Number.isNaN(readGitlabStamp(line, 0))) stamped++;
      if (line.indexOf('section_') >= 0 && MARKER_TEST.test(line)) markers++;
    }
    const share = nonEmpty ? stamped / nonEmpty : 0;
    const markerScore = markers >= 2 ? MARKERS_SCORE : markers === 1 ? ONE_MARKER_SCORE : 0;
    return Math.max(share, markerScore);
  },
  createStripper: () => stripper,
};
