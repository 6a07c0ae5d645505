/**
 * Composer (FORMAT.md §7, *observed*).
 *
 * - Composer 2 downloads first, then installs: `  - Downloading x/y (1.0)`,
 *   then `  - Installing x/y (1.0): Extracting archive`. An `Installing` without
 *   a `Downloading` of the same package came from Composer's cache.
 * - Composer 1: `  - Installing x/y (1.0): Loading from cache` (reused) or
 *   `…: Downloading (100%)` (downloaded); `Cloning <ref>` fetches from the VCS.
 * - `Package operations: 5 installs, 0 updates, 0 removals` — a summary
 *   (Poetry prints the same line; Composer's package names have a `/`).
 */
import type { PackageParser } from './types';

const DOWNLOADING = /^- Downloading ([\w.-]+\/[\w.-]+) \(([^)]*)\)$/;
const OPERATION =
  /^- (?:Installing|Upgrading|Updating|Downgrading) ([\w.-]+\/[\w.-]+) \(([^)]*)\)(?:: (.*))?$/;
const SUMMARY = /^Package operations: (\d+) installs?, (\d+) updates?, (\d+) removals?/;

interface ComposerState {
  downloaded: Set<string>;
  operations: { line: number; text: string }[];
}

const newState = (): ComposerState => ({ downloaded: new Set(), operations: [] });

export const composerParser: PackageParser = {
  tool: 'composer',
  starts: ['- ', 'Package operations: '],
  line(text, at, line, acc) {
    const t = text.slice(at).trimEnd();
    if (text.charCodeAt(at) === 80 /* P */) {
      if (SUMMARY.test(t)) acc.state('composer', newState).operations.push({ line, text: t });
      return;
    }
    const d = DOWNLOADING.exec(t);
    if (d) {
      acc.state('composer', newState).downloaded.add(d[1]);
      acc.add('composer', 'downloaded', d[1], null, line);
      return;
    }
    const m = OPERATION.exec(t);
    if (!m) return;
    const st = acc.state('composer', newState);
    const how = m[3] ?? '';
    if (st.downloaded.has(m[1])) {
      acc.seen('composer');
      return;
    }
    if (how.startsWith('Downloading') || (how.startsWith('Cloning') && !how.endsWith('from cache')))
      acc.add('composer', 'downloaded', m[1], null, line);
    else acc.add('composer', 'reused', m[1], null, line);
  },
  finish(acc) {
    for (const o of acc.state('composer', newState).operations)
      acc.summary('composer', o.line, o.text, null, null, null);
  },
};
