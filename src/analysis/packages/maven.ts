/**
 * Maven (FORMAT.md §7, *observed*; and the 3.7 MB real log
 * real/plain-compose-bake-7-java-services-maven-unprefixed-progress-3.7mb.log).
 *
 * - `Downloading from central: <url>` then `Downloaded from central: <url> (6.1 kB
 *   at 10 kB/s)`: one artifact (pom, jar, …) per `Downloaded` line; `-B` adds
 *   `[INFO] `; Maven < 3.5 printed `Downloading: <url>` / `Downloaded: <url> (3 KB
 *   at 10.5 KB/sec)`.
 * - Maven's `Progress (1): 13 kB` lines end in a bare CR, so BuildKit shows the
 *   `Downloaded` line without its `#N 1.234` prefix: it still belongs to the step.
 * An artifact already in ~/.m2/repository prints nothing; `-ntp` hides all of them.
 */
import { baseName, parseSize } from './sizes';
import type { PackageParser } from './types';

const DOWNLOADED = /^Downloaded(?: from [^\s:]+)?: (\S+) \(([\d.,]+ ?[kKMGT]?i?B) at [^)]*\)$/;
const DOWNLOADING = /^Downloading(?: from [^\s:]+)?: \S+$/;
const INFO = '[INFO] ';

export const mavenParser: PackageParser = {
  tool: 'maven',
  starts: ['Downloading', 'Downloaded', INFO],
  line(text, at, line, acc) {
    let from = at;
    if (text.charCodeAt(at) === 91 /* [ */) {
      from += INFO.length;
      if (!text.startsWith('Download', from)) return;
    }
    // `Downloading` / `Downloaded` go on with `: ` or ` from `: pip's and uv's
    // `Downloading x.whl (…)` lines, which come here too, are refused without a copy.
    const verb = text.charCodeAt(from + 8) === 105 /* i: Download(i)ng */ ? 11 : 10;
    const after = text.charCodeAt(from + verb);
    if (after !== 58 /* : */ && !(after === 32 && text.charCodeAt(from + verb + 1) === 102)) return;
    const t = text.slice(from).trimEnd();
    if (t.charCodeAt(8) === 105 /* i: Download(i)ng */) {
      if (DOWNLOADING.test(t)) {
        acc.seen('maven');
        acc.downloading = true;
      }
      return;
    }
    const m = DOWNLOADED.exec(t);
    if (m) acc.add('maven', 'downloaded', baseName(m[1]), parseSize(m[2]), line);
  },
  finish(acc) {
    acc.note(
      'maven prints nothing for artifacts already in ~/.m2/repository (and nothing at all with -ntp).',
    );
  },
};
