/**
 * apt-get (FORMAT.md §7; Debian apt `apt-private/acqprogress.cc`,
 * `apt-private/private-install.cc`).
 *
 * - `Get:5 http://… jammy/main amd64 Packages [1792 kB]` — one download, an
 *   index file (`apt-get update`) or a package
 *   (`Get:1 http://… bookworm/main amd64 curl amd64 7.88.1-10 [316 kB]`).
 * - `Hit:1 http://… jammy InRelease` — an index that had not changed: reused.
 * - `Fetched 40.2 MB in 2s (17.6 MB/s)` — what one acquire run downloaded.
 * - `Need to get 12.3 MB of archives.` — nothing in /var/cache/apt/archives;
 *   `Need to get 0 B/12.3 MB of archives.` — to get / total: the difference
 *   was in the cache. The install plan line before it
 *   (`0 upgraded, 19 newly installed, 0 to remove and 6 not upgraded.`) says how
 *   many packages there were, so those not fetched by a `Get:` line were reused.
 */
import { parseSize } from './sizes';
import type { PackageAccumulator, PackageParser } from './types';

const GET = /^Get:(\d+) (\S+) (.+?)(?: \[([\d.,]+ ?[kKMGT]?i?B)\])?$/;
const HIT = /^Hit:(\d+) (\S+) (.+)$/;
const FETCHED = /^Fetched ([\d.,]+ ?[kKMGT]?i?B) in /;
const NEED = /^Need to get ([\d.,]+ ?[kKMGT]?i?B)(?:\/([\d.,]+ ?[kKMGT]?i?B))? of archives/;
const PLAN = /^(\d+) upgraded, (\d+) newly installed, (?:(\d+) reinstalled, )?\d+ to remove/;

interface Group {
  /** Packages the plan line announced. */
  packages: number;
  /** The `Need to get` summary and its sizes. */
  need: { line: number; text: string; toGet: number | null; total: number | null } | null;
  /** Package `Get:` lines after `Need to get`. */
  fetched: number;
}

interface AptState {
  groups: Group[];
  fetchedBytes: number;
}

const newState = (): AptState => ({ groups: [], fetchedBytes: 0 });

function current(st: AptState): Group {
  let g = st.groups[st.groups.length - 1];
  if (!g) {
    g = { packages: 0, need: null, fetched: 0 };
    st.groups.push(g);
  }
  return g;
}

function onGet(acc: PackageAccumulator, t: string, line: number): void {
  const m = GET.exec(t);
  if (!m) return;
  const words = m[3].split(' ');
  // `suite/component arch package arch version` is a package; fewer words name an index file.
  const isPackage = words.length >= 5;
  const name = isPackage ? `${words[2]} ${words[4]}` : m[3];
  const bytes = m[4] === undefined ? null : parseSize(m[4]);
  acc.add('apt', 'downloaded', name, bytes, line);
  if (isPackage) {
    const st = acc.state('apt', newState);
    const g = st.groups[st.groups.length - 1];
    if (g?.need) g.fetched++;
  }
}

export const aptParser: PackageParser = {
  tool: 'apt',
  starts: [
    'Get:',
    'Hit:',
    'Fetched ',
    'Need to get ',
    '0',
    '1',
    '2',
    '3',
    '4',
    '5',
    '6',
    '7',
    '8',
    '9',
  ],
  line(text, at, line, acc) {
    const t = text.slice(at).trimEnd();
    switch (t.charCodeAt(0)) {
      case 71 /* G */:
        onGet(acc, t, line);
        return;
      case 72 /* H */: {
        const m = HIT.exec(t);
        if (m) acc.add('apt', 'reused', m[3], null, line);
        return;
      }
      case 70 /* F */: {
        const m = FETCHED.exec(t);
        if (!m) return;
        const bytes = parseSize(m[1]);
        acc.state('apt', newState).fetchedBytes += bytes ?? 0;
        acc.summary('apt', line, t, null, null, bytes);
        return;
      }
      case 78 /* N */: {
        const m = NEED.exec(t);
        if (!m) return;
        const st = acc.state('apt', newState);
        const g = current(st);
        const toGet = parseSize(m[1]);
        const total = m[2] === undefined ? toGet : parseSize(m[2]);
        g.need = { line, text: t, toGet, total };
        acc.seen('apt');
        return;
      }
      default: {
        const m = PLAN.exec(t);
        if (!m) return;
        const st = acc.state('apt', newState);
        st.groups.push({
          packages: Number(m[1]) + Number(m[2]) + Number(m[3] ?? 0),
          need: null,
          fetched: 0,
        });
        acc.seen('apt');
      }
    }
  },
  finish(acc) {
    const st = acc.state('apt', newState);
    for (const g of st.groups) {
      if (!g.need) continue;
      const { toGet, total } = g.need;
      // Apt prints `x/y` only when part of the archives were already in its cache.
      const reused =
        toGet !== null && total !== null && total > toGet ? Math.max(0, g.packages - g.fetched) : 0;
      acc.summary('apt', g.need.line, g.need.text, null, reused, toGet);
      acc.extraReused += reused;
      if (toGet !== null && total !== null && total > toGet) acc.extraBytesReused += total - toGet;
    }
    // `Get:` lines carry the sizes; with `-q` they may be gone while `Fetched` stays.
    if (acc.bytes('apt', 'downloaded') === 0) acc.extraBytesDownloaded += st.fetchedBytes;
  },
};
