/**
 * What the rules know about package managers inside RUN: which commands are
 * dependency installs, where each tool keeps its download cache, and where it
 * installs. The log-line side (what a tool printed) is src/analysis/packages/.
 */
import type { CacheMount, PackageTool, StepPackages } from '../../model/analysis';
import type { Step } from '../../model/types';
import { CACHE_TARGETS, installTargetOf } from '../mounts';
import { packageTallies } from '../packages/index';
import { runCommand } from './step-text';

/** The `--mount=type=cache,…` options for a tool, one per line of a RUN. */
export function cacheMountFlags(tool: PackageTool): string[] {
  // apt needs exclusive access to its lists and archives (optimize.md: `sharing=locked`).
  const sharing = tool === 'apt' ? ',sharing=locked' : '';
  return CACHE_TARGETS[tool].map((t) => `--mount=type=cache,target=${t}${sharing}`);
}

/** `RUN --mount=… \` lines followed by the command. */
export function runWithMounts(flags: string[], command: string): string {
  return ['RUN ' + flags.join(' \\\n    '), `    ${command}`].join(' \\\n');
}

/** Debian/Ubuntu images delete downloaded .debs after each install unless this file goes (BuildKit docs, `RUN --mount` apt example). */
export const APT_KEEP_CACHE =
  'RUN rm -f /etc/apt/apt.conf.d/docker-clean; echo \'Binary::apt::APT::Keep-Downloaded-Packages "true";\' > /etc/apt/apt.conf.d/keep-cache';

/** The command with options that turn the tool's cache off removed (for a fix snippet). */
export function withoutCacheOff(command: string): string {
  return (
    command
      .replace(/\s--no-cache-dir\b/g, '')
      .replace(/\b(apk\s+(?:add|update)[^&;|]*?)\s--no-cache\b/g, '$1')
      .replace(/\bPIP_NO_CACHE_DIR=\S+\s*/g, '')
      .replace(/\s*&&\s*npm cache clean --force/g, '')
      .replace(/\s*&&\s*(?:yarn|pnpm) cache clean\b[^&;|]*/g, '')
      // With the lists and archives in cache mounts, these would empty the mounts.
      .replace(/\s*(?:&&|;)\s*rm -rf \/var\/lib\/apt\/lists\/?\*?/g, '')
      .replace(/\s*(?:&&|;)\s*apt(?:-get)? clean\b/g, '')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

/** Something in the command that tells the tool not to use its cache; returns the words that say so. */
export function cacheTurnedOff(tool: PackageTool, command: string): string | null {
  // Group 1 is the evidence quoted back to the user.
  const checks: [PackageTool, RegExp][] = [
    ['pip', /(--no-cache-dir)\b/],
    ['pip', /\b(PIP_NO_CACHE_DIR=\S*)/],
    ['uv', /\buv\b[^&;|]*\s(--no-cache)\b/],
    ['uv', /\b(UV_NO_CACHE=\S*)/],
    ['poetry', /\bpoetry\b[^&;|]*\s(--no-cache)\b/],
    ['apk', /\bapk\s+add\b[^&;|]*\s(--no-cache)\b/],
    ['npm', /\b(npm cache clean(?: --force)?)/],
    ['yarn', /\b(yarn cache clean)\b/],
    ['pnpm', /\b(pnpm store prune)\b/],
    // Run inside the RUN that mounts them, these empty apt's cache mounts again.
    ['apt', /\b(apt(?:-get)? clean)\b/],
    ['apt', /(rm -rf \/var\/cache\/apt\S*)/],
    ['apt', /(rm -rf \/var\/lib\/apt\/lists\S*)/],
  ];
  for (const [t, re] of checks) {
    if (t !== tool) continue;
    const m = re.exec(command);
    if (m) return m[1];
  }
  return null;
}

/** Tools whose packages the step downloaded (per-package lines or a summary that counts downloads). */
export function toolsThatDownloaded(p: StepPackages): PackageTool[] {
  const out = new Set<PackageTool>();
  for (const t of packageTallies(p).downloading) out.add(t.tool);
  for (const s of p.summaries) if ((s.downloaded ?? 0) > 0) out.add(s.tool);
  return [...out];
}

/**
 * Downloaded / reused / built counts for one tool. When the step printed only
 * this tool, the packages module's step totals are the authority (they fold in
 * summaries such as apt's `Need to get 0 B/4632 kB`); otherwise per-package
 * lines, then the tool's summaries.
 */
export function toolCounts(
  p: StepPackages,
  tool: PackageTool,
): { downloaded: number; reused: number; built: number; bytes: number; lines: number[] } {
  const c = packageTallies(p).byTool.get(tool);
  const lines = c ? c.downloadLines.slice() : [];
  let downloaded = c ? c.downloaded : 0;
  let reused = c ? c.reused : 0;
  const built = c ? c.built : 0;
  let bytes = c ? c.bytes : 0;
  for (const s of p.summaries) {
    if (s.tool !== tool) continue;
    if ((s.downloaded ?? 0) > 0) lines.push(s.line);
    if (downloaded === 0) downloaded = Math.max(downloaded, s.downloaded ?? 0);
    if (reused === 0) reused = Math.max(reused, s.reused ?? 0);
    if (bytes === 0) bytes = Math.max(bytes, s.bytes ?? 0);
  }
  if (p.tools.length === 1 && p.tools[0] === tool)
    return {
      downloaded: p.downloaded,
      reused: p.reused,
      built: p.builtFromSource,
      bytes: p.bytesDownloaded,
      lines,
    };
  return { downloaded, reused, built, bytes, lines };
}

/** apt's index files (`Get:1 … bookworm InRelease`), as opposed to .deb packages. */
export function isAptIndex(name: string): boolean {
  return /\b(?:InRelease|Release(?:\.gpg)?|Packages|Translation-\w+|Sources|Contents-\w+)\b/.test(
    name,
  );
}

/** Simple commands of a shell line (split at `&&`, `||`, `;`, `|`). */
export function simpleCommands(command: string): string[][] {
  return command
    .split(/&&|\|\||;|\||\n/)
    .map((c) => c.trim().split(/\s+/).filter(Boolean))
    .map((tokens) => {
      let k = 0;
      // Leading `VAR=value`, `sudo`, `exec`, `set -eux` are not the program.
      while (
        k < tokens.length &&
        (/^[A-Za-z_][A-Za-z0-9_]*=/.test(tokens[k]) ||
          /^(sudo|exec|time|then|do|else)$/.test(tokens[k]))
      )
        k++;
      return tokens.slice(k);
    })
    .filter((t) => t.length > 0);
}

const base = (p: string) => p.replace(/^.*\//, '');

/** Non-option arguments after index `from` (options with `=` carry their value). */
function positionals(tokens: string[], from: number): string[] {
  return tokens.slice(from).filter((t) => !t.startsWith('-'));
}

export interface InstallCommand {
  tool: PackageTool;
  /** The simple command as written. */
  text: string;
  /** Manifest files the install reads (`requirements.txt`, `package.json package-lock.json`). */
  manifests: string[];
}

/**
 * Dependency installs driven by manifest files: the commands that re-run
 * needlessly when the whole context is copied before them. Installs of named
 * packages (`npm install -g pnpm`, `pip install gunicorn`) read no manifest.
 */
export function installCommands(command: string): InstallCommand[] {
  const out: InstallCommand[] = [];
  for (const t of simpleCommands(command)) {
    let prog = base(t[0]);
    let args = t.slice(1);
    if (/^python[\d.]*$/.test(prog) && args[0] === '-m' && args[1]) {
      prog = args[1];
      args = args.slice(2);
    }
    if (/^(\.\/)?mvnw$/.test(t[0])) prog = 'mvn';
    const text = t.join(' ');
    const sub = args[0];
    const add = (tool: PackageTool, manifests: string[]) => out.push({ tool, text, manifests });
    if (prog === 'npm' && sub === 'ci') add('npm', ['package.json', 'package-lock.json']);
    else if (prog === 'npm' && (sub === 'install' || sub === 'i')) {
      if (!args.includes('-g') && !args.includes('--global') && positionals(args, 1).length === 0)
        add('npm', ['package.json', 'package-lock.json']);
    } else if (prog === 'yarn' && (sub === undefined || sub === 'install' || sub.startsWith('--')))
      add('yarn', ['package.json', 'yarn.lock']);
    else if (prog === 'pnpm' && (sub === 'install' || sub === 'i')) {
      if (positionals(args, 1).length === 0) add('pnpm', ['package.json', 'pnpm-lock.yaml']);
    } else if (/^pip[\d.]*$/.test(prog) && sub === 'install') {
      const files: string[] = [];
      args.forEach((a, k) => {
        if ((a === '-r' || a === '--requirement') && args[k + 1]) files.push(args[k + 1]);
        else if (a.startsWith('--requirement=')) files.push(a.slice('--requirement='.length));
        else if (/^-r\S/.test(a)) files.push(a.slice(2));
      });
      if (files.length) add('pip', files);
    } else if (
      prog === 'pipenv' &&
      (sub === 'sync' || (sub === 'install' && positionals(args, 1).length === 0))
    )
      add('pip', ['Pipfile', 'Pipfile.lock']);
    else if (prog === 'poetry' && sub === 'install')
      add('poetry', ['pyproject.toml', 'poetry.lock']);
    else if (prog === 'uv' && sub === 'sync') add('uv', ['pyproject.toml', 'uv.lock']);
    else if (
      prog === 'uv' &&
      sub === 'pip' &&
      args[1] === 'install' &&
      args.some((a) => a === '-r' || a.startsWith('--requirement'))
    )
      add('uv', [args[args.indexOf('-r') + 1] ?? 'requirements.txt']);
    else if (prog === 'bundle' && (sub === undefined || sub === 'install'))
      add('bundler', ['Gemfile', 'Gemfile.lock']);
    else if (prog === 'go' && sub === 'mod' && args[1] === 'download')
      add('go', ['go.mod', 'go.sum']);
    else if (prog === 'cargo' && (sub === 'build' || sub === 'fetch'))
      add('cargo', ['Cargo.toml', 'Cargo.lock']);
    else if (prog === 'mvn' && args.some((a) => a.startsWith('dependency:')))
      add('maven', ['pom.xml']);
    else if (prog === 'composer' && sub === 'install')
      add('composer', ['composer.json', 'composer.lock']);
  }
  return out;
}

const mountsByStep = new WeakMap<readonly CacheMount[], Map<number, CacheMount[]>>();

/** The cache mounts of one step (grouped once per build, not filtered per step and rule). */
export function mountsOf(mounts: readonly CacheMount[], step: number): CacheMount[] {
  let map = mountsByStep.get(mounts);
  if (!map) {
    map = new Map();
    for (const m of mounts) {
      const list = map.get(m.step);
      if (list) list.push(m);
      else map.set(m.step, [m]);
    }
    mountsByStep.set(mounts, map);
  }
  return map.get(step) ?? [];
}

/** The mount is one of the tool's cache directories (`toolForCacheTarget`, src/analysis/mounts.ts). */
export function mountServesTool(m: CacheMount, tool: PackageTool): boolean {
  return m.tool === tool;
}

/** `/a/b/` → `/a/b`; relative targets stay relative. */
export function normalizePath(p: string): string {
  return p.length > 1 ? p.replace(/\/+$/, '').replace(/\/\.$/, '') : p;
}

export interface InstallTargetMatch {
  mount: CacheMount;
  /** What the command installs there, in words: `pip install --target=/pip-packages`. */
  how: string;
}

/**
 * Cache mounts over the directory the step installs INTO: a cache mount is
 * not part of the image (BuildKit keeps it beside the layer), so what was
 * installed there is missing from the image (engine-pip/README.md: the
 * `--target` anti-pattern).
 */
export function installTargetMounts(mounts: CacheMount[], step: Step): InstallTargetMatch[] {
  const out: InstallTargetMatch[] = [];
  // Most steps have no mount: nothing to read from the name then.
  if (!mounts.length) return out;
  const command = runCommand(step) ?? '';
  const pip = installTargetOf(step.name);
  const targets = pip
    ? [
        {
          dir: pip.dir,
          how: `${pip.tool === 'uv' ? 'uv pip' : 'pip'} install ${pip.flag} ${pip.dir}`,
        },
      ]
    : [];
  for (const m of mounts) {
    const target = normalizePath(m.target);
    const hit = targets.find((t) => {
      const dir = normalizePath(t.dir);
      return dir === target || dir.startsWith(`${target}/`);
    });
    if (hit) {
      out.push({ mount: m, how: hit.how });
      continue;
    }
    // npm/yarn/pnpm install into node_modules; `node_modules/.cache` is a real cache.
    if (/(^|\/)node_modules$/.test(target) && /\b(npm|yarn|pnpm)\b/.test(command))
      out.push({ mount: m, how: 'the package manager installs into node_modules' });
    // A virtual environment is the install target of uv sync / poetry / pip in a venv.
    else if (/(^|\/)\.?venv$/.test(target) && /\b(uv|poetry|pip[\d.]*)\b/.test(command))
      out.push({ mount: m, how: 'the packages are installed into this virtual environment' });
    else if (/(^|\/)site-packages$/.test(target))
      out.push({ mount: m, how: 'pip installs into site-packages' });
    // The ruby images install gems into /usr/local/bundle (BUNDLE_PATH); composer into vendor/.
    else if (target === '/usr/local/bundle' && /\bbundle\b/.test(command))
      out.push({ mount: m, how: 'bundler installs gems into /usr/local/bundle' });
    else if (/(^|\/)vendor$/.test(target) && /\bcomposer\b/.test(command))
      out.push({ mount: m, how: 'composer installs into vendor/' });
  }
  return out;
}
