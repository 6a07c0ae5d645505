/**
 * apk (FORMAT.md §7; alpinelinux/apk-tools v2.14 `src/database.c`,
 * `src/commit.c`; apk 3 from 4c776eb).
 *
 * - `fetch https://dl-cdn.alpinelinux.org/alpine/v3.19/main/x86_64/APKINDEX.tar.gz` —
 *   an index download (apk 2; apk 3 shows it only as terminal progress).
 * - `(1/5) Installing ca-certificates (20230506-r0)` (apk 3: `( 1/12)`) — the
 *   same whether the package came from /etc/apk/cache or the network: apk
 *   prints no cache signal, so these make a summary, not events.
 */
import type { PackageParser } from './types';

const FETCH = /^fetch ((?:https?|ftp):\/\/\S+|\/\S+)$/;
const STEP =
  /^\(\s*(\d+)\/(\d+)\) (?:Installing|Upgrading|Downgrading|Reinstalling|Replacing) \S+ \([^)]*\)/;

interface ApkState {
  installs: number;
}

export const apkParser: PackageParser = {
  tool: 'apk',
  starts: ['fetch ', '(', 'OK: '],
  line(text, at, line, acc) {
    // `(` starts many lines; apk's are `(1/5) Installing …` or `( 1/12) Installing …`.
    if (text.charCodeAt(at) === 40 && text.indexOf(') Installing ', at) < 0) return;
    const t = text.slice(at).trimEnd();
    const c = t.charCodeAt(0);
    if (c === 102 /* f */) {
      const m = FETCH.exec(t);
      if (m) acc.add('apk', 'downloaded', m[1], null, line);
      return;
    }
    if (c === 40 /* ( */) {
      const m = STEP.exec(t);
      if (!m) return;
      acc.seen('apk');
      acc.state<ApkState>('apk', () => ({ installs: 0 })).installs++;
      // The last step of a run (`(5/5) …`) stands for the run.
      if (m[1] === m[2]) acc.summary('apk', line, t, null, null, null);
      return;
    }
    if (/^OK: \S+ MiB in \d+ packages/.test(t)) acc.seen('apk');
  },
  finish(acc) {
    if (acc.state<ApkState>('apk', () => ({ installs: 0 })).installs)
      acc.note(
        'apk prints no cache signal: `(i/N) Installing` reads the same whether the package came from /etc/apk/cache or the network.',
      );
  },
};
