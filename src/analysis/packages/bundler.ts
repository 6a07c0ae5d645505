/**
 * Bundler (FORMAT.md §7; rubygems `bundler/lib/bundler/source/rubygems.rb`).
 *
 * - `Fetching rake 13.1.0` — the .gem is downloaded (`fetch_gem_if_possible`
 *   prints it only when the gem is not in a cache directory).
 * - `Installing rake 13.1.0` — installed; after its `Fetching` line a fresh
 *   download, without one from a cached .gem: reused.
 *   `… with native extensions` also compiles C code: built from source.
 * - `Using rake 13.1.0` — already installed: reused.
 * - `Fetching gem metadata from https://rubygems.org/…` — index download time.
 */
import type { PackageParser } from './types';

const GEM =
  /^(Fetching|Installing|Using) ([A-Za-z0-9][\w.-]*) (\d[\w.]*)(?: \([^)]*\))?( with native extensions)?(?: from .*)?$/;
const SUMMARY = /^Bundle complete! /;

interface BundlerState {
  fetched: Set<string>;
}

const newState = (): BundlerState => ({ fetched: new Set() });

export const bundlerParser: PackageParser = {
  tool: 'bundler',
  starts: ['Fetching ', 'Installing ', 'Using ', 'Bundle complete! '],
  line(text, at, line, acc) {
    const t = text.slice(at).trimEnd();
    const m = GEM.exec(t);
    if (!m) {
      if (
        t.startsWith('Fetching gem metadata from ') ||
        t.startsWith('Fetching source index from ')
      ) {
        acc.seen('bundler');
        acc.downloading = true;
      } else if (SUMMARY.test(t)) acc.summary('bundler', line, t, null, null, null);
      return;
    }
    const name = `${m[2]} ${m[3]}`;
    if (m[1] === 'Using') {
      acc.add('bundler', 'reused', name, null, line);
      return;
    }
    const st = acc.state('bundler', newState);
    if (m[1] === 'Fetching') {
      st.fetched.add(name);
      acc.add('bundler', 'downloaded', name, null, line);
      return;
    }
    if (!st.fetched.has(name)) acc.add('bundler', 'reused', name, null, line);
    if (m[4]) acc.add('bundler', 'built', name, null, line);
    else acc.seen('bundler');
  },
};
