/**
 * Poetry. Not in FORMAT.md §7; from the source: python-poetry/poetry
 * `src/poetry/installation/executor.py`. Outside a terminal (`supports_fancy_output()`
 * is false, as in every BuildKit build) `_execute_operation` writes one line per
 * operation, `  - Installing certifi (2023.7.22)` (`Updating x (1.0 -> 1.1)`,
 * `Removing x (1.0)`), and `_write` — which carries `Downloading...`,
 * `Preparing...`, `Installing...` — prints nothing. `_display_summary`
 * writes `Package operations: 25 installs, 0 updates, 0 removals` (or
 * `No dependencies to install or update`). Poetry 1.1 used `•` as the bullet.
 *
 * So a BuildKit log shows what Poetry installed but never whether it came from
 * its cache: a summary and a note, no download or reuse events. Composer prints
 * the same `Package operations:` line; Poetry's package names have no `/`.
 */
import type { PackageParser } from './types';

const OPERATION =
  /^[-•] (?:Installing|Updating|Downgrading|Removing) [A-Za-z0-9][\w.-]* \([^)]*\)$/;
const SUMMARY = /^Package operations: (\d+) installs?, (\d+) updates?, (\d+) removals?/;

interface PoetryState {
  operations: { line: number; text: string }[];
}

const newState = (): PoetryState => ({ operations: [] });

export const poetryParser: PackageParser = {
  tool: 'poetry',
  starts: [
    '- ',
    '• ',
    'Package operations: ',
    'No dependencies to install or update',
    'Installing the current project: ',
  ],
  line(text, at, line, acc) {
    const c = text.charCodeAt(at);
    if (c === 45 /* - */ || c === 8226 /* • */) {
      if (OPERATION.test(text.slice(at).trimEnd())) acc.seen('poetry');
      return;
    }
    if (c === 80 /* P */) {
      // Composer prints the same line: keep it, and report it only if Poetry's own lines follow.
      const t = text.slice(at).trimEnd();
      if (SUMMARY.test(t)) acc.state('poetry', newState).operations.push({ line, text: t });
      return;
    }
    acc.seen('poetry');
  },
  finish(acc) {
    for (const o of acc.state('poetry', newState).operations)
      acc.summary('poetry', o.line, o.text, null, null, null);
    acc.note(
      'Poetry prints no download or cache lines outside a terminal: what it installed is known, not where it came from.',
    );
  },
};
