/**
 * npm (FORMAT.md §7; npm/cli `lib/utils/reify-output.js`, npm-registry-fetch
 * `lib/check-response.js`).
 *
 * - `added 57 packages, and audited 58 packages in 3s` (npm 6: `added 57
 *   packages from 42 contributors and audited 58 packages in 2.345s`; also
 *   `up to date, audited …`, `removed …`, `changed …`) — a summary that does not
 *   say how many packages came from the cache: it counts as neither.
 * - Only with `--loglevel=http`: `npm http fetch GET 200 <url> 12ms (cache hit)`
 *   (`revalidated`, `stale`: from the cache too; `miss`: downloaded). Tarballs
 *   (`.tgz`) are packages; packument fetches are only download time.
 * - Native builds, when install scripts print (npm 6, `--foreground-scripts`):
 *   `> node-gyp rebuild` and node-gyp's first line `gyp info it worked if it
 *   ends with ok`, named by the lifecycle banner `> bcrypt@5.1.0 install …`.
 */
import type { PackageParser } from './types';

const SUMMARY =
  /^(?:(?:added|removed|changed) \d+ packages?\b|up to date\b).* in \d+(?:\.\d+)?(?:ms|s|m|h)$/;
const HTTP_PREFIX = 'npm http fetch ';
const BANNER = /^> (\S+@\S+) (?:preinstall|install|postinstall)\b/;

/** The URL ending at `end` ends in `.tgz`. */
function isTarball(t: string, end: number): boolean {
  return (
    t.charCodeAt(end - 4) === 46 &&
    t.charCodeAt(end - 3) === 116 &&
    t.charCodeAt(end - 2) === 103 &&
    t.charCodeAt(end - 1) === 122
  );
}

function isDigits(t: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    const c = t.charCodeAt(k);
    if (c < 48 || c > 57) return false;
  }
  return to > from;
}

interface NpmState {
  http: boolean;
  summary: boolean;
  banner: string | null;
  /** A build was counted since the last banner: node-gyp's own first line is the same build. */
  building: boolean;
  builds: number;
}

const newState = (): NpmState => ({
  http: false,
  summary: false,
  banner: null,
  building: false,
  builds: 0,
});

export const npmParser: PackageParser = {
  tool: 'npm',
  starts: ['added ', 'removed ', 'changed ', 'up to date', 'npm http fetch ', 'gyp info ', '> '],
  line(text, at, line, acc) {
    const c = text.charCodeAt(at);
    if (c === 110 /* n */) {
      // `npm http fetch GET 200 <url> 12ms (cache hit)`, read by hand and without
      // copies: with --loglevel=http every package prints one.
      const method = at + HTTP_PREFIX.length;
      const status = text.indexOf(' ', method) + 1;
      // A three-digit status and a space: the URL starts after it.
      if (status === 0 || text.charCodeAt(status + 3) !== 32 || !isDigits(text, status, status + 3))
        return;
      const url = status + 4;
      const urlEnd = text.indexOf(' ', url);
      if (urlEnd < 0) return;
      acc.state('npm', newState).http = true;
      // After the URL: ` 12ms (cache hit)`. Only `miss` starts with `m`; `hit`,
      // `revalidated`, `stale`, `updated` were served from the cache; none: fetched.
      const ms = text.indexOf(' ', urlEnd + 1);
      const cached =
        ms > 0 &&
        text.charCodeAt(ms + 1) === 40 /* ( */ &&
        text.charCodeAt(ms + 7) === 32 &&
        text.charCodeAt(ms + 8) !== 109; /* m */
      // Char codes rather than endsWith/lastIndexOf: V8 runs these calls with a position slowly.
      if (!isTarball(text, urlEnd)) {
        acc.seen('npm');
        if (!cached) acc.downloading = true;
        return;
      }
      const slash = Math.max(url - 1, text.lastIndexOf('/', urlEnd - 1));
      acc.add('npm', cached ? 'reused' : 'downloaded', text.slice(slash + 1, urlEnd), null, line);
      return;
    }
    const t = text.slice(at).trimEnd();
    if (c === 62 /* > */) {
      const st = acc.state('npm', newState);
      if (t === '> node-gyp rebuild') {
        st.building = true;
        acc.add('npm', 'built', st.banner ?? `node-gyp build ${++st.builds}`, null, line);
        return;
      }
      const b = BANNER.exec(t);
      if (b) {
        st.banner = b[1];
        st.building = false;
      }
      return;
    }
    if (c === 103 /* g */) {
      if (t !== 'gyp info it worked if it ends with ok') return;
      const st = acc.state('npm', newState);
      if (st.building) {
        st.building = false;
        return;
      }
      acc.add('npm', 'built', st.banner ?? `node-gyp build ${++st.builds}`, null, line);
      return;
    }
    if (!SUMMARY.test(t)) return;
    acc.state('npm', newState).summary = true;
    acc.summary('npm', line, t, null, null, null);
  },
  finish(acc) {
    const st = acc.state('npm', newState);
    if (st.summary && !st.http)
      acc.note('npm prints no per-package cache information without --loglevel=http.');
  },
};
