/**
 * The steps as CSV: one row per step of every build, for a spreadsheet or a
 * script. Built from the view document, so a compact share link (which carries
 * only a ViewDoc) can be exported the same way as a freshly read log.
 *
 * Dialect: RFC 4180. Records end in CRLF (§2 rule 1: "delimited by a line break
 * (CRLF)"; it is also what Excel, LibreOffice and Python's csv module write and
 * expect); a field is quoted when it holds a quote, a comma, CR or LF, and a
 * quote inside is doubled (§2 rules 5–7). A header row comes first (§2 rule 3).
 * No byte-order mark: the CLI's output goes to other programs, which would read
 * it as part of the first column's name.
 */
import type { ViewDoc, ViewStep } from '../model/view';

type Cell = string | number | boolean | null;

/** Column name, and whether the cell is free text (the only cells that can carry a formula). */
const COLUMNS: [
  name: string,
  text: boolean,
  value: (s: ViewStep, build: number, timing: string) => Cell,
][] = [
  ['build', false, (_s, b) => b],
  ['ref', true, (s) => s.ref],
  ['name', true, (s) => s.name],
  ['stage', true, (s) => s.stage],
  ['platform', true, (s) => s.platform],
  ['target', true, (s) => s.target],
  ['kind', true, (s) => s.kind],
  ['status', true, (s) => s.status],
  ['start_ms', false, (s) => s.startMs],
  ['end_ms', false, (s) => s.endMs],
  ['duration_ms', false, (s) => s.durationMs],
  ['timing', true, (_s, _b, t) => t],
  ['on_critical_path', false, (s) => s.onCriticalPath],
  ['slack_ms', false, (s) => s.slackMs],
  ['packages_downloaded', false, (s) => s.packages?.downloaded ?? null],
  ['packages_reused', false, (s) => s.packages?.reused ?? null],
  ['built_from_source', false, (s) => s.packages?.builtFromSource ?? null],
  ['bytes_downloaded', false, (s) => s.packages?.bytesDownloaded ?? null],
  ['bytes_reused', false, (s) => s.packages?.bytesReused ?? null],
  ['exit_code', false, (s) => s.exitCode],
  ['error', true, (s) => s.error],
];

export const CSV_COLUMNS: readonly string[] = COLUMNS.map((c) => c[0]);

/**
 * OWASP "CSV Injection": a spreadsheet runs a cell that starts with = + - @,
 * tab or CR as a formula (`=HYPERLINK(...)`, `-2+3+cmd|...`). A leading
 * apostrophe makes it text. Only text columns get it: a negative number such
 * as a slack of -5 must stay a number. No step name, error, stage or target in
 * the shared corpus of real logs starts with one, but all are text from the log
 * (a RUN command, a tool's error line), so a crafted log could.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Milliseconds with at most 3 decimals (whole microseconds, like the trace), never in exponent form. */
function number(n: number): string {
  return Number.isFinite(n) ? String(Math.round(n * 1000) / 1000) : '';
}

function field(v: Cell, text: boolean): string {
  if (v === null) return '';
  if (typeof v === 'number' && !text) return number(v);
  let s = String(v);
  if (text && FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One row per step of every build, after a header row; `build` is 1-based like "Build 1". */
export function toCsv(doc: ViewDoc): string {
  const rows = [CSV_COLUMNS.join(',')];
  for (const b of doc.builds)
    for (const s of b.steps)
      rows.push(
        COLUMNS.map(([, text, value]) => field(value(s, b.index + 1, b.timing), text)).join(','),
      );
  return rows.join('\r\n') + '\r\n';
}
