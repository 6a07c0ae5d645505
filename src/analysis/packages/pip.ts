/**
 * pip (FORMAT.md §7; pypa/pip `network/download.py`, `operations/prepare.py`,
 * `cli/spinners.py`; engine-pip/README.md for what pip 23 prints in BuildKit).
 *
 * - `  Downloading <url or file> (62 kB)` — a download; newer pip first prints
 *   `…whl.metadata (4.6 kB)`, a metadata fetch that is not a package.
 * - `  Using cached <url or file> (62 kB)`, or without a size for a wheel pip
 *   built earlier (≥ 20.3); older pip `Processing /root/.cache/pip/wheels/…` — reused.
 * - `  Building wheel for x (pyproject.toml): started` + `…: finished with status
 *   'done'` (the non-TTY spinner), `  Created wheel for x: …`, `  Running
 *   setup.py install for x` — ONE build from source per package name.
 * - `Requirement already satisfied: …` — installed already: neither.
 * - `Collecting x` alone says nothing.
 *
 * pip indents these lines by two (`indent_log`), except that pip ≥ 23.3
 * resolves from metadata first and then prints the real downloads unindented
 * (`Downloading torch-2.4.1-….whl (89.7 MB)`, real/plain-compose-bake-3-services-…
 * log; not in FORMAT.md §7). Told apart from uv's `Downloading numpy (15.9MiB)`
 * by the file name, from the Gradle wrapper's `Downloading https://…-bin.zip`
 * by the size.
 */
import { baseName, splitTrailingSize } from './sizes';
import type { PackageAccumulator, PackageParser } from './types';

/**
 * What pip can download: wheels, sdists, eggs, and their PEP 658 metadata
 * (`.whl`, `.tar.gz`, `.tgz`, `.tar.bz2`, `.tar.xz`, `.zip`, `.egg`,
 * `.metadata`), told by the last character first: a few character reads cost
 * V8 less than a regex call, once per package line.
 */
function isPipFile(name: string): boolean {
  switch (name.charCodeAt(name.length - 1)) {
    case 108 /* l */:
      return endsWith(name, '.whl');
    case 122 /* z */:
      return endsWith(name, '.tar.gz') || endsWith(name, '.tgz') || endsWith(name, '.tar.xz');
    case 112 /* p */:
      return endsWith(name, '.zip');
    case 103 /* g */:
      return endsWith(name, '.egg');
    case 50 /* 2 */:
      return endsWith(name, '.tar.bz2');
    case 97 /* a */:
      return endsWith(name, '.metadata');
  }
  return false;
}

/** `text` ends with `suffix`, compared from the end (the last character is known to match). */
function endsWith(text: string, suffix: string): boolean {
  const d = text.length - suffix.length;
  if (d < 0) return false;
  for (let k = suffix.length - 2; k >= 0; k--)
    if (text.charCodeAt(d + k) !== suffix.charCodeAt(k)) return false;
  return true;
}

/** A pip file (`isPipFile`) that is metadata: the only one ending in `a`. */
const isMetadata = (name: string) => name.charCodeAt(name.length - 1) === 97; /* a */

interface PipState {
  built: Set<string>;
}

const newState = (): PipState => ({ built: new Set() });

function built(acc: PackageAccumulator, name: string, line: number): void {
  const st = acc.state('pip', newState);
  if (!name || st.built.has(name)) return;
  st.built.add(name);
  acc.add('pip', 'built', name, null, line);
}

/** `x (setup.py): started`, `x (pyproject.toml) ... done` → `x`. */
function buildName(rest: string): string {
  const paren = rest.indexOf(' (');
  const colon = rest.indexOf(':');
  let end = rest.length;
  if (paren >= 0) end = paren;
  else if (colon >= 0) end = colon;
  return rest.slice(0, end).trim();
}

export const pipParser: PackageParser = {
  tool: 'pip',
  starts: [
    'Downloading ',
    'Using cached ',
    'Processing ',
    'Building wheel for ',
    'Created wheel for ',
    'Running setup.py install for ',
    'Requirement already satisfied: ',
    'Successfully installed ',
    'Installing build dependencies',
  ],
  line(text, at, line, acc) {
    switch (text.charCodeAt(at)) {
      case 68 /* D */: {
        const { target, bytes } = splitTrailingSize(text, at + 12);
        if (target.includes(' ')) return; // `Downloading from central: …` (maven) and prose
        const name = baseName(target);
        if (!isPipFile(name)) return;
        // Unindented, only with a size: the Gradle wrapper's `Downloading https://…/gradle-8.5-bin.zip` has none.
        if (acc.indent < 2 && bytes === null) return;
        if (isMetadata(name)) {
          // A metadata fetch (pip ≥ 23.x, PEP 658): network time, not a package.
          acc.seen('pip');
          acc.downloading = true;
          return;
        }
        acc.add('pip', 'downloaded', name, bytes, line);
        return;
      }
      case 85 /* U */: {
        if (acc.indent < 1) return;
        const { target, bytes } = splitTrailingSize(text, at + 13);
        if (target.includes(' ')) return;
        const name = baseName(target);
        if (!isPipFile(name)) return;
        if (isMetadata(name)) {
          acc.seen('pip');
          return;
        }
        acc.add('pip', 'reused', name, bytes, line);
        return;
      }
      case 80 /* P */: {
        // Older pip's cached local wheel; `Processing /app` (a local project) is neither.
        const target = text.slice(at + 11).trim();
        if (target.includes('/.cache/pip/') && target.endsWith('.whl'))
          acc.add('pip', 'reused', baseName(target), null, line);
        return;
      }
      case 66 /* B */:
        built(acc, buildName(text.slice(at + 19)), line);
        return;
      case 67 /* C */:
        built(acc, buildName(text.slice(at + 18)), line);
        return;
      case 82 /* R */:
        if (text.startsWith('Running setup.py install for ', at))
          built(acc, buildName(text.slice(at + 29)), line);
        else acc.seen('pip');
        return;
      case 83 /* S */:
        acc.seen('pip');
        return;
      case 73 /* I */:
        acc.state('pip', newState);
        acc.seen('pip');
        acc.note(
          'pip installs build dependencies (setuptools, wheel, …) without printing what it downloads.',
        );
        return;
    }
  },
};
