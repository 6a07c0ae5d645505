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
import { parseSize, SIZE, sizeBefore } from './sizes';
import type { PackageAccumulator, PackageParser } from './types';

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

/** Bracket contents apt prints as a size: `[\d.,]+ ?[kKMGT]?i?B` (`1792 kB`, `6924 B`). */
/** What `trimEnd` removes at a line's end, in practice. */
const isBlank = (c: number) => c === 32 || c === 9 || c === 13 || c === 10;

function isSizeText(t: string, from: number, to: number): boolean {
  let i = from;
  while (i < to) {
    const c = t.charCodeAt(i);
    if ((c >= 48 && c <= 57) || c === 46 || c === 44) i++;
    else break;
  }
  if (i === from) return false;
  if (t.charCodeAt(i) === 32) i++;
  const u = t.charCodeAt(i);
  if (u === 107 || u === 75 || u === 77 || u === 71 || u === 84) i++; // k K M G T
  if (t.charCodeAt(i) === 105 /* i */) i++;
  return i === to - 1 && t.charCodeAt(i) === 66; /* B */
}

/**
 * `Get:<n> <url> <what> [<size>]`, read by hand (one per package; a regular
 * expression with a lazy middle cost ~1 µs a line). `what` is
 * `suite/component arch package arch version` for a package, fewer words for an
 * index file; the size is optional.
 */
function onGet(acc: PackageAccumulator, t: string, at: number, end: number, line: number): void {
  let i = at + 4;
  const digits = i;
  while (i < end && t.charCodeAt(i) >= 48 && t.charCodeAt(i) <= 57) i++;
  if (i === digits || t.charCodeAt(i) !== 32) return;
  const url = i + 1;
  const urlEnd = t.indexOf(' ', url);
  if (urlEnd <= url || urlEnd >= end - 1) return;
  const what = urlEnd + 1;
  let whatEnd = end;
  let bytes: number | null = null;
  if (t.charCodeAt(end - 1) === 93 /* ] */) {
    // The common ` [316 kB]` read backwards (`sizeBefore`); anything else the general way.
    const quick = sizeBefore(t, end);
    if (quick >= 0) {
      if (quick > what) {
        whatEnd = quick;
        bytes = SIZE.bytes;
      }
    } else {
      const open = t.lastIndexOf(' [', end);
      if (open > what && isSizeText(t, open + 2, end - 1)) {
        whatEnd = open;
        bytes = parseSize(t, open + 2, end - 1);
      }
    }
  }
  // The words of `what` as `split(' ')` gives them: a package has five or more
  // (`suite/component arch package arch version`), named `package version`.
  const s1 = nextSpace(t, what, whatEnd);
  const s2 = nextSpace(t, s1 + 1, whatEnd);
  const s3 = nextSpace(t, s2 + 1, whatEnd);
  const s4 = nextSpace(t, s3 + 1, whatEnd);
  const isPackage = s4 < whatEnd;
  const name = isPackage
    ? `${t.slice(s2 + 1, s3)} ${t.slice(s4 + 1, nextSpace(t, s4 + 1, whatEnd))}`
    : t.slice(what, whatEnd);
  acc.add('apt', 'downloaded', name, bytes, line);
  if (isPackage) {
    const st = acc.state('apt', newState);
    const g = st.groups[st.groups.length - 1];
    if (g?.need) g.fetched++;
  }
}

/** The next space from `from`, or `end` when there is none before it. */
function nextSpace(t: string, from: number, end: number): number {
  if (from >= end) return end;
  const k = t.indexOf(' ', from);
  return k < 0 || k > end ? end : k;
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
    if (text.charCodeAt(at) === 71 /* G */) {
      let end = text.length;
      while (end > at && isBlank(text.charCodeAt(end - 1))) end--;
      onGet(acc, text, at, end, line);
      return;
    }
    const t = text.slice(at).trimEnd();
    switch (t.charCodeAt(0)) {
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
