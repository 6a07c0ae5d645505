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

export const cargoParser: PackageParser = {
  tool: 'cargo',
  starts: ['Downloaded ', 'Downloading ', 'Compiling ', 'Fresh ', 'Updating ', 'Finished '],
  line(text, at, line, acc) {
    // The verb ends in column 12 of the tool's text.
    if (text.indexOf(' ', at) - at + acc.indent !== WIDTH) return;
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
