/**
 * uv (FORMAT.md §7; astral-sh/uv `commands/pip/loggers.rs`, and the real
 * log real/plain-easypanel-compose-bake-4-services-uv-pnpm-nextjs.log).
 *
 * uv right-aligns its progress verbs to 11 columns (`Downloading`,
 * ` Downloaded`, `   Building`, `      Built`), which tells them apart from
 * pip's, cargo's (12 columns) and maven's lines of the same words; its sizes
 * have no space (`(2.0MiB)`).
 *
 * - `Downloading pydantic-core (2.0MiB)` / ` Downloaded pydantic-core` — one
 *   download; uv prints these only for large packages.
 * - `   Building foo @ file:///app` / `      Built foo @ file:///app` — one build.
 * - `Prepared 48 packages in 4.52s` counts what was fetched or built (not
 *   taken from uv's cache); `Installed 48 packages in 4.06s` what went into the
 *   environment. So downloads ≈ Prepared − built, and reused ≈ Installed − Prepared.
 */
import { parseSize } from './sizes';
import type { PackageParser } from './types';

const ALIGN = 11;
const DOWNLOADING = /^Downloading (.+) \((\d+(?:\.\d+)?[KMGT]?i?B)\)$/;
const DOWNLOADED = /^Downloaded (\S+)$/;
const BUILDING = /^(?:Building|Built) ([A-Za-z0-9][\w.-]*)(?:==\S+)?(?: @ \S+)?$/;
const COUNTED = /^(Prepared|Installed|Resolved|Audited) (\d+) packages? in /;

interface UvState {
  downloading: Set<string>;
  built: Set<string>;
  prepared: number;
  /** Prepared count not yet matched by an `Installed` line. */
  openPrepared: number;
}

const newState = (): UvState => ({
  downloading: new Set(),
  built: new Set(),
  prepared: 0,
  openPrepared: 0,
});

/** The verb ends in column 11, as uv right-aligns it. */
function aligned(indent: number, verb: number): boolean {
  return indent + verb === ALIGN;
}

export const uvParser: PackageParser = {
  tool: 'uv',
  starts: [
    'Downloading ',
    'Downloaded ',
    'Building ',
    'Built ',
    'Prepared ',
    'Installed ',
    'Resolved ',
    'Audited ',
  ],
  // Right-aligned to 11 columns; the counted summaries are not indented.
  indents: {
    'Downloading ': 0,
    'Downloaded ': 1,
    'Building ': 3,
    'Built ': 6,
    'Prepared ': 0,
    'Installed ': 0,
    'Resolved ': 0,
    'Audited ': 0,
  },
  line(text, at, line, acc) {
    const c = text.charCodeAt(at);
    if (c === 68 /* D */) {
      // `Download(i)ng` or `Download(e)d`: told by one character (startsWith is slow in V8).
      const downloading = text.charCodeAt(at + 8) === 105; /* i */
      if (!aligned(acc.indent, downloading ? 11 : 10)) return;
      const rest = text.slice(at).trimEnd();
      // Cheap shape tests first: `Downloading x (2.0MiB)` ends in `)`; ` Downloaded x` has one word.
      if (downloading ? rest.charCodeAt(rest.length - 1) !== 41 : rest.indexOf(' ', 11) >= 0)
        return;
      if (downloading) {
        const m = DOWNLOADING.exec(rest);
        if (!m) return;
        const st = acc.state('uv', newState);
        // uv downloads in parallel: the download lasts until its ` Downloaded` line.
        if (!st.downloading.has(m[1])) {
          st.downloading.add(m[1]);
          acc.inFlight++;
        }
        acc.add('uv', 'downloaded', m[1], parseSize(m[2]), line);
        return;
      }
      const m = DOWNLOADED.exec(rest);
      if (!m) return;
      const st = acc.state('uv', newState);
      if (st.downloading.delete(m[1])) {
        // The end of a download already counted.
        acc.seen('uv');
        acc.inFlight = Math.max(0, acc.inFlight - 1);
      } else acc.add('uv', 'downloaded', m[1], null, line);
      return;
    }
    if (c === 66 /* B */) {
      const isBuilt = text.charCodeAt(at + 4) === 116; /* t: Buil(t) */
      if (!aligned(acc.indent, isBuilt ? 5 : 8)) return;
      const m = BUILDING.exec(text.slice(at).trimEnd());
      if (!m) return;
      const st = acc.state('uv', newState);
      if (st.built.has(m[1])) return;
      st.built.add(m[1]);
      acc.add('uv', 'built', m[1], null, line);
      return;
    }
    if (acc.indent !== 0) return;
    const t = text.slice(at).trimEnd();
    const m = COUNTED.exec(t);
    if (!m) return;
    const n = Number(m[2]);
    const st = acc.state('uv', newState);
    if (m[1] === 'Prepared') {
      st.prepared += n;
      st.openPrepared += n;
      acc.summary('uv', line, t, null, null, null);
    } else if (m[1] === 'Installed') {
      acc.summary('uv', line, t, null, Math.max(0, n - st.openPrepared), null);
      st.openPrepared = 0;
    } else acc.seen('uv');
  },
  finish(acc) {
    const st = acc.state('uv', newState);
    const events = acc.count('uv', 'downloaded');
    const fromPrepared = Math.max(0, st.prepared - st.built.size);
    acc.extraDownloaded += Math.max(0, fromPrepared - events);
    for (const s of acc.summaries) if (s.tool === 'uv' && s.reused) acc.extraReused += s.reused;
    if (st.prepared)
      acc.note(
        'uv prints a line only for large downloads: the download count is `Prepared` minus the packages built, and `Installed` minus `Prepared` came from uv’s cache.',
      );
  },
};
