/**
 * Yarn (FORMAT.md §7; yarnpkg/berry fetchers; yarn 1 and 4 *observed*).
 *
 * - Yarn 1: `[2/4] Fetching packages...` and nothing per package.
 * - Yarn 2–3: `➤ YN0013: │ lodash@npm:4.17.21 can't be found in the cache and
 *   will be fetched from the remote registry` — one download per line; a
 *   `┌ Fetch step` without YN0013 found everything in the cache.
 * - Yarn 4: `➤ YN0013: │ 94 packages were added to the project (+ 89.9 MiB).` —
 *   the change to the project, not the cache misses: a summary only.
 */
import type { PackageParser } from './types';

const MISS = /^➤ YN0013: │ (.+) can't be found in the cache and will be fetched from /;
const ADDED = /^➤ YN0013: │ (?:(\d+) packages were|A package was) added to the project\b/;
const BERRY = /^➤ YN\d{4}: /;
const CLASSIC =
  /^\[\d\/\d\] (?:Resolving packages|Fetching packages|Linking dependencies|Building fresh packages)\.\.\.$/;

interface YarnState {
  classic: boolean;
  fetchStep: boolean;
  misses: number;
  added: boolean;
}

const newState = (): YarnState => ({ classic: false, fetchStep: false, misses: 0, added: false });

export const yarnParser: PackageParser = {
  tool: 'yarn',
  starts: ['➤ ', '[1/', '[2/', '[3/', '[4/', '[5/'],
  line(text, at, line, acc) {
    // `[` starts many lines; yarn 1's step lines are `[1/4] …`.
    const d = text.charCodeAt(at + 1);
    if (text.charCodeAt(at) === 91 && !(d >= 48 && d <= 57)) return;
    const t = text.slice(at).trimEnd();
    if (t.charCodeAt(0) === 91 /* [ */) {
      if (!CLASSIC.test(t)) return;
      acc.seen('yarn');
      acc.state('yarn', newState).classic = true;
      if (t.startsWith('[2/4] Fetching')) acc.downloading = true;
      return;
    }
    if (!BERRY.test(t)) return;
    acc.seen('yarn');
    const st = acc.state('yarn', newState);
    if (t.startsWith('➤ YN0013: ')) {
      const miss = MISS.exec(t);
      if (miss) {
        st.misses++;
        acc.add('yarn', 'downloaded', miss[1], null, line);
        return;
      }
      if (ADDED.test(t)) {
        st.added = true;
        acc.summary('yarn', line, t, null, null, null);
      }
      return;
    }
    if (t.startsWith('➤ YN0000: ┌ Fetch step')) st.fetchStep = true;
  },
  finish(acc) {
    const st = acc.state('yarn', newState);
    if (st.classic) acc.note('Yarn 1 prints no per-package download or cache information.');
    if (st.added)
      acc.note(
        'Yarn 4 reports the packages added to the project, not how many came from its cache.',
      );
    else if (st.fetchStep && !st.misses)
      acc.note(
        'No YN0013 line in the fetch step: Yarn 2–3 found every package in its cache (Yarn 4 would print a summary instead).',
      );
  },
};
