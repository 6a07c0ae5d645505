/**
 * cargo (FORMAT.md §7, *observed*). Cargo right-aligns its status verbs to 12
 * columns (`  Downloaded`, `   Compiling`, `    Updating`), which tells its
 * lines apart from uv's (11 columns) and maven's.
 *
 * - `  Downloaded serde v1.0.190` — one crate fetched (very old cargo printed
 *   ` Downloading serde v1.0.80` per crate instead).
 * - `  Downloaded 2 crates (47.9KiB) in 1.21s` (older `(10.0 KB)`) — the run's
 *   summary, the only place with a size.
 * - `   Compiling serde v1.0.190` — a crate built from source.
 * - `       Fresh serde v1.0.190` — up to date, only with `-v`: reused.
 * A crate already in ~/.cargo/registry prints no line at all.
 */
import { parseSize } from './sizes';
import type { PackageParser } from './types';

const WIDTH = 12;
const CRATE =
  /^(?:Downloaded|Downloading|Compiling|Fresh) ([A-Za-z0-9][\w-]*) (v\d\S*)(?: \(.*\))?$/;
const TOTAL = /^Downloaded (\d+) crates? \(([\d.]+ ?[kKMGT]?i?B)\) in /;

interface CargoState {
  downloaded: Set<string>;
  built: Set<string>;
}

const newState = (): CargoState => ({ downloaded: new Set(), built: new Set() });

/** Length of the verb of a line that begins with one of cargo's starts (each `<verb> `). */
function verbLength(text: string, at: number): number {
  switch (text.charCodeAt(at)) {
    case 68 /* D */:
      return text.charCodeAt(at + 8) === 105 /* Download(i)ng */ ? 11 : 10;
    case 67 /* C */:
      return 9; // Compiling
    case 70 /* F */:
      return text.charCodeAt(at + 1) === 114 /* F(r)esh */ ? 5 : 8; // Finished
    default:
      return 8; // Updating
  }
}

export const cargoParser: PackageParser = {
  tool: 'cargo',
  starts: ['Downloaded ', 'Downloading ', 'Compiling ', 'Fresh ', 'Updating ', 'Finished '],
  // Right-aligned to 12 columns.
  indents: {
    'Downloaded ': 2,
    'Downloading ': 1,
    'Compiling ': 3,
    'Fresh ': 7,
    'Updating ': 4,
    'Finished ': 4,
  },
  line(text, at, line, acc) {
    // The verb ends in column 12 of the tool's text. Each start is a verb and a
    // space, so the verb's length follows from a character or two.
    if (verbLength(text, at) + acc.indent !== WIDTH) return;
    const t = text.slice(at).trimEnd();
    const m = CRATE.exec(t);
    if (m) {
      const name = `${m[1]} ${m[2]}`;
      const st = acc.state('cargo', newState);
      const verb = t.charCodeAt(0);
      if (verb === 68 /* D */) {
        if (st.downloaded.has(name)) return;
        st.downloaded.add(name);
        acc.add('cargo', 'downloaded', name, null, line);
      } else if (verb === 67 /* C */) {
        if (st.built.has(name)) return;
        st.built.add(name);
        acc.add('cargo', 'built', name, null, line);
      } else acc.add('cargo', 'reused', name, null, line);
      return;
    }
    const total = TOTAL.exec(t);
    if (total) {
      acc.summary('cargo', line, t, Number(total[1]), null, parseSize(total[2]));
      return;
    }
    if (t.startsWith('Updating ') && / index$| repository `/.test(t)) {
      acc.seen('cargo');
      acc.downloading = true;
    } else if (t.startsWith('Downloading crates')) {
      acc.seen('cargo');
      acc.downloading = true;
    } else if (t.startsWith('Finished ') && / in [\dm. ]+s$/.test(t)) acc.seen('cargo');
  },
  finish(acc) {
    let crates = 0;
    let bytes = 0;
    for (const s of acc.summaries) {
      if (s.tool !== 'cargo') continue;
      crates += s.downloaded ?? 0;
      bytes += s.bytes ?? 0;
    }
    // The per-crate lines carry no size; the summary's count can exceed them (a clipped log).
    acc.extraDownloaded += Math.max(0, crates - acc.count('cargo', 'downloaded'));
    acc.extraBytesDownloaded += bytes;
    acc.note(
      'cargo prints nothing for crates already in ~/.cargo/registry, and `Fresh` (up to date) only with -v.',
    );
  },
};
