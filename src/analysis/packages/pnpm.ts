/**
 * pnpm (FORMAT.md §7; pnpm `cli/default-reporter/src/reportProgress.ts`).
 *
 * Outside a terminal pnpm repeats `Progress: resolved 109, reused 53,
 * downloaded 1, added 1` about once a second with running totals, and ends a
 * run with `…, done`: only each run's last line counts. `reused` = found in the
 * content-addressable store, `downloaded` = fetched. CI logs may mask digits
 * (`downloaded 1***9`): such a count is unknown.
 */
import type { PackageAccumulator, PackageParser } from './types';
import { countOf } from './types';

const PROGRESS =
  /^Progress: resolved ([\d*]+), reused ([\d*]+), downloaded ([\d*]+), added ([\d*]+)(, done)?$/;

interface Progress {
  line: number;
  text: string;
  resolved: number | null;
  reused: number | null;
  downloaded: number | null;
}

interface PnpmState {
  current: Progress | null;
}

const newState = (): PnpmState => ({ current: null });

function commit(acc: PackageAccumulator, st: PnpmState): void {
  const p = st.current;
  if (!p) return;
  st.current = null;
  acc.summary('pnpm', p.line, p.text, p.downloaded, p.reused, null);
  acc.extraDownloaded += p.downloaded ?? 0;
  acc.extraReused += p.reused ?? 0;
}

export const pnpmParser: PackageParser = {
  tool: 'pnpm',
  starts: ['Progress: resolved '],
  line(text, at, line, acc) {
    const t = text.slice(at).trimEnd();
    const m = PROGRESS.exec(t);
    if (!m) return;
    acc.seen('pnpm');
    const st = acc.state('pnpm', newState);
    const p: Progress = {
      line,
      text: t,
      resolved: countOf(m[1]),
      reused: countOf(m[2]),
      downloaded: countOf(m[3]),
    };
    const prev = st.current;
    // Running totals only grow within a run: a smaller one starts a new run (the last one failed).
    if (prev && p.resolved !== null && prev.resolved !== null && p.resolved < prev.resolved)
      commit(acc, st);
    const before = st.current?.downloaded ?? 0;
    if (p.downloaded !== null && p.downloaded > before) acc.downloading = true;
    st.current = p;
    if (m[5]) commit(acc, st);
  },
  finish(acc) {
    // A run cut short (failure, cancel) has no `done` line: its last line is what is known.
    commit(acc, acc.state('pnpm', newState));
  },
};
