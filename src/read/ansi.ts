// ANSI escape sequences: CSI (`ESC[…m`, cursor moves), OSC (`ESC]…BEL`), APC/DCS/PM
// strings (`ESC_…BEL`, Buildkite's `_bk;t=`), and two-byte escapes. The CI layer
// reads what it needs from them before this runs (FORMAT.md §4, §6).
const ANSI =
  // eslint-disable-next-line no-control-regex
  /\x1b(?:\[[0-?]*[ -/]*[@-~]|[\]_P^][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_]|[()#][0-9A-Za-z])|\x9b[0-?]*[ -/]*[@-~]/g;

/** Removes ANSI escape sequences; returns the same string when there are none. */
export function stripAnsi(line: string): string {
  if (line.indexOf('\x1b') < 0 && line.indexOf('\x9b') < 0) return line;
  return line.replace(ANSI, '');
}
