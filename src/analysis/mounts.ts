import type { CacheMount, PackageTool } from '../model/analysis';
import type { Build, Step } from '../model/types';

/**
 * Cache directories each tool uses by default, as home-relative paths (`~/…`)
 * or absolute ones. One row per directory, with where the default comes from.
 * A mount target matches a row when it is the directory or lies inside it
 * (`/var/cache/apt/archives` is apt's); `~` stands for `/root`, `/home/<user>`,
 * `$HOME` and `${HOME}`.
 */
const CACHE_DIRS: readonly { dir: string; tool: PackageTool; source: string }[] = [
  // pip docs, "Caching": the cache lives in ~/.cache/pip on Linux ($XDG_CACHE_HOME/pip).
  { dir: '~/.cache/pip', tool: 'pip', source: 'pip.pypa.io topics/caching' },
  // uv docs, "Caching": $XDG_CACHE_HOME/uv or ~/.cache/uv on Linux.
  { dir: '~/.cache/uv', tool: 'uv', source: 'docs.astral.sh/uv concepts/cache' },
  // Poetry docs, configuration `cache-dir`: ~/.cache/pypoetry on Linux.
  { dir: '~/.cache/pypoetry', tool: 'poetry', source: 'python-poetry.org docs/configuration' },
  // npm docs, config `cache`: default ~/.npm on Posix.
  { dir: '~/.npm', tool: 'npm', source: 'docs.npmjs.com cli/using-npm/config#cache' },
  // Yarn 1 `yarn cache dir`: /usr/local/share/.cache/yarn when run as root
  // (yarn src/constants.js getPreferredCacheDirectories), else ~/.cache/yarn.
  // The parent /usr/local/share/.cache holds nothing but yarn's cache in the node images.
  { dir: '/usr/local/share/.cache/yarn', tool: 'yarn', source: 'yarn v1 src/constants.js' },
  { dir: '/usr/local/share/.cache', tool: 'yarn', source: 'yarn v1 src/constants.js' },
  { dir: '~/.cache/yarn', tool: 'yarn', source: 'classic.yarnpkg.com docs/cli/cache' },
  // Yarn 2+ (berry): global cache ~/.yarn/berry/cache, project cache .yarn/cache
  // (yarnpkg.com configuration/yarnrc `globalFolder`, `cacheFolder`).
  { dir: '~/.yarn', tool: 'yarn', source: 'yarnpkg.com configuration/yarnrc#globalFolder' },
  { dir: '.yarn/cache', tool: 'yarn', source: 'yarnpkg.com configuration/yarnrc#cacheFolder' },
  // pnpm docs, settings `storeDir`: $PNPM_HOME/store, else ~/.local/share/pnpm/store on Linux;
  // pnpm's Docker guide sets PNPM_HOME=/pnpm and mounts /pnpm/store. pnpm < 7: ~/.pnpm-store.
  { dir: '~/.local/share/pnpm/store', tool: 'pnpm', source: 'pnpm.io settings#storedir' },
  { dir: '/pnpm/store', tool: 'pnpm', source: 'pnpm.io docker' },
  { dir: '~/.pnpm-store', tool: 'pnpm', source: 'pnpm v6 docs, store-dir' },
  // Debian apt: downloaded .debs in /var/cache/apt/archives, indexes in /var/lib/apt/lists
  // (apt.conf Dir::Cache, Dir::State); the Dockerfile reference's RUN --mount example mounts both.
  { dir: '/var/cache/apt', tool: 'apt', source: 'apt.conf(5) Dir::Cache' },
  { dir: '/var/lib/apt', tool: 'apt', source: 'apt.conf(5) Dir::State' },
  // Alpine apk: /etc/apk/cache, a link to /var/cache/apk (wiki.alpinelinux.org Local APK cache).
  { dir: '/var/cache/apk', tool: 'apk', source: 'wiki.alpinelinux.org Alpine_Package_Keeper' },
  { dir: '/etc/apk/cache', tool: 'apk', source: 'wiki.alpinelinux.org Alpine_Package_Keeper' },
  // `go help environment`: GOMODCACHE defaults to $GOPATH/pkg/mod (GOPATH=/go in the golang
  // images, ~/go otherwise); GOCACHE to ~/.cache/go-build.
  { dir: '/go/pkg/mod', tool: 'go', source: 'go help environment (GOMODCACHE)' },
  { dir: '~/go/pkg/mod', tool: 'go', source: 'go help environment (GOMODCACHE)' },
  { dir: '~/.cache/go-build', tool: 'go', source: 'go help environment (GOCACHE)' },
  // The Cargo Book, "Cargo Home": $CARGO_HOME/registry and /git (~/.cargo by default,
  // /usr/local/cargo in the rust images).
  {
    dir: '/usr/local/cargo/registry',
    tool: 'cargo',
    source: 'doc.rust-lang.org cargo/guide/cargo-home',
  },
  {
    dir: '/usr/local/cargo/git',
    tool: 'cargo',
    source: 'doc.rust-lang.org cargo/guide/cargo-home',
  },
  { dir: '~/.cargo/registry', tool: 'cargo', source: 'doc.rust-lang.org cargo/guide/cargo-home' },
  { dir: '~/.cargo/git', tool: 'cargo', source: 'doc.rust-lang.org cargo/guide/cargo-home' },
  // Maven settings reference: localRepository defaults to ~/.m2/repository.
  { dir: '~/.m2', tool: 'maven', source: 'maven.apache.org settings.html' },
  // Gradle docs, "Gradle User Home": GRADLE_USER_HOME defaults to ~/.gradle (the gradle
  // images run as user gradle: /home/gradle/.gradle, covered by `~`).
  { dir: '~/.gradle', tool: 'gradle', source: 'docs.gradle.org directory_layout' },
  // The ruby images set GEM_HOME/BUNDLE_PATH=/usr/local/bundle; gems are cached in its cache/.
  { dir: '/usr/local/bundle/cache', tool: 'bundler', source: 'docker-library ruby Dockerfile' },
  { dir: '~/.bundle/cache', tool: 'bundler', source: 'bundler.io man/bundle-config' },
  { dir: '~/.gem', tool: 'bundler', source: 'guides.rubygems.org' },
  // Composer docs, COMPOSER_CACHE_DIR: $COMPOSER_HOME/cache (~/.composer/cache in composer 1,
  // ~/.cache/composer on Linux in 2); the composer image sets COMPOSER_HOME=/tmp.
  { dir: '~/.composer/cache', tool: 'composer', source: 'getcomposer.org doc/03-cli.md' },
  { dir: '~/.cache/composer', tool: 'composer', source: 'getcomposer.org doc/03-cli.md' },
  {
    dir: '/tmp/cache',
    tool: 'composer',
    source: 'docker-library composer image (COMPOSER_HOME=/tmp)',
  },
];

/** `~/x` for a target under a home directory, the target itself otherwise. */
function homeRelative(target: string): string {
  let t = target.trim().replace(/\/+$/, '');
  t = t.replace(/^(?:\$HOME|\$\{HOME\}|\/root|\/home\/[^/]+)(?=\/|$)/, '~');
  return t;
}

function under(path: string, dir: string): boolean {
  // `.yarn/cache` is relative to the project: match it at the end of any path.
  if (!dir.startsWith('/') && !dir.startsWith('~')) return path === dir || path.endsWith(`/${dir}`);
  return path === dir || path.startsWith(`${dir}/`);
}

/**
 * The directories a fix snippet mounts, per tool, for root in the official
 * images: one place with the table above, and each one recognised by it
 * (mounts.test.ts checks).
 * Go, apt, pip, Ruby, Rust, PHP: docker/docs `content/manuals/build/cache/optimize.md`
 * ("Use cache mounts"); npm `/root/.npm` (same page); uv `UV_CACHE_DIR` default
 * (`~/.cache/uv`); poetry `~/.cache/pypoetry`; yarn 1 `yarn cache dir` in the
 * node images; pnpm's default store on Linux (`$XDG_DATA_HOME/pnpm/store`);
 * apk's cache is `/etc/apk/cache` (apk-tools `--cache-dir` default); maven
 * `~/.m2`; gradle `~/.gradle`.
 */
export const CACHE_TARGETS: Record<PackageTool, string[]> = {
  pip: ['/root/.cache/pip'],
  uv: ['/root/.cache/uv'],
  poetry: ['/root/.cache/pypoetry'],
  npm: ['/root/.npm'],
  yarn: ['/usr/local/share/.cache/yarn'],
  pnpm: ['/root/.local/share/pnpm/store'],
  apt: ['/var/cache/apt', '/var/lib/apt'],
  apk: ['/etc/apk/cache'],
  go: ['/go/pkg/mod', '/root/.cache/go-build'],
  cargo: ['/usr/local/cargo/registry', '/usr/local/cargo/git/db'],
  maven: ['/root/.m2'],
  gradle: ['/root/.gradle'],
  bundler: ['/root/.gem'],
  composer: ['/tmp/cache'],
};

/**
 * The tool whose default cache directory `target` is, or null (a project's own
 * directory, `/root/.cache` shared by several tools, a tool without a row here).
 * A target cut off by a truncated step name ends in `...`: it matches when the
 * visible part leads to exactly one tool.
 */
export function toolForCacheTarget(target: string): PackageTool | null {
  if (target.endsWith('...')) {
    const visible = homeRelative(target.slice(0, -3));
    if (!visible) return null;
    const tools = new Set(
      CACHE_DIRS.filter((r) => r.dir.startsWith(visible) || under(visible, r.dir)).map(
        (r) => r.tool,
      ),
    );
    return tools.size === 1 ? [...tools][0] : null;
  }
  const path = homeRelative(target);
  // The longest matching row wins (/usr/local/share/.cache/yarn before /usr/local/share/.cache).
  let best: { dir: string; tool: PackageTool } | null = null;
  for (const r of CACHE_DIRS)
    if (under(path, r.dir) && (!best || r.dir.length > best.dir.length)) best = r;
  return best ? best.tool : null;
}

/** Every option of one `--mount=` flag, as written (`ro` → `readonly: ''`). */
export interface MountOptions {
  options: Record<string, string>;
  /** The step name was cut inside this flag: its last option is partial or missing. */
  truncated: boolean;
}

const ALIASES: Record<string, string> = {
  dst: 'target',
  destination: 'target',
  src: 'source',
  ro: 'readonly',
  rw: 'readwrite',
};

/** Parses the value of one `--mount=` flag (`type=cache,target=/x,sharing=locked`). */
export function parseMountOptions(value: string, truncated = false): MountOptions {
  const options: Record<string, string> = {};
  const parts = value.replace(/^["']|["']$/g, '').split(',');
  for (const part of parts) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const rawKey = (eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase();
    const key = ALIASES[rawKey] ?? rawKey;
    options[key] = eq < 0 ? '' : part.slice(eq + 1).trim();
  }
  return { options, truncated };
}

/** The instruction text of a step: its name without the `[stage i/n] ` prefix. */
export function instructionText(name: string): string {
  const m = /^\[[^\]]*\]\s?(.*)$/s.exec(name);
  return m ? m[1] : name;
}

// A name cut at 72 bytes by BuildKit < v0.8 ends in `...` (FORMAT.md §1.1, §1.9).
const CUT = /\.\.\.$/;

/**
 * The leading `--flag` tokens of a RUN (`RUN --mount=… --network=none cmd`),
 * each with whether the name ended inside it. Flags stop at the first token
 * that is not one, so a `--mount=` inside the command itself is not read.
 */
function runFlags(step: Step): { token: string; truncated: boolean }[] {
  let text = instructionText(step.name);
  const m = /^(?:ONBUILD\s+)?RUN\s+/.exec(text);
  if (!m) return [];
  const cut = CUT.test(text);
  if (cut) text = text.slice(0, -3);
  const flags: { token: string; truncated: boolean }[] = [];
  const re = /\S+/g;
  re.lastIndex = m[0].length;
  for (let t = re.exec(text); t; t = re.exec(text)) {
    if (!t[0].startsWith('--')) break;
    // A RUN always has a command after its flags: a flag that ends the name was cut,
    // with `...` (plain, old BuildKit) or silently (TTY rows cut to the terminal width, §4).
    const atEnd = t.index + t[0].length >= text.length;
    flags.push({ token: t[0], truncated: atEnd });
  }
  return flags;
}

const SHARING = new Set(['shared', 'private', 'locked']);

/**
 * Every `--mount=type=cache,…` of the build's RUN steps, in step order. Options
 * may come in any order and under their aliases (`dst`, `destination`, `src`).
 * A mount cut off by a truncated step name keeps what is visible, with `...`
 * appended to the cut value (or a target of `...` when the target itself was not
 * reached), so that no finding mistakes `/root/.ca` for a real directory.
 */
export function parseCacheMounts(build: Build): CacheMount[] {
  const mounts: CacheMount[] = [];
  for (const step of build.steps) {
    if (step.kind !== 'step') continue;
    for (const { token, truncated } of runFlags(step)) {
      if (!token.startsWith('--mount=')) continue;
      const value = token.slice('--mount='.length);
      const { options } = parseMountOptions(value, truncated);
      const keys = Object.keys(options);
      const last = keys[keys.length - 1];
      // The cut fell inside the last option (after a `,` nothing of the next one is visible).
      if (truncated && last && !value.endsWith(',')) options[last] += '...';
      const type = options.type;
      const isCache = truncated
        ? type !== undefined && type !== '...' && 'cache...'.startsWith(type)
        : type === 'cache';
      if (!isCache) continue;
      const target = options.target ?? (truncated ? '...' : undefined);
      if (target === undefined || target === '') continue;
      const sharing = options.sharing;
      mounts.push({
        step: step.index,
        target,
        id: options.id ?? null,
        sharing: sharing && SHARING.has(sharing) ? (sharing as CacheMount['sharing']) : null,
        mode: options.mode ?? null,
        from: options.from ?? null,
        source: options.source ?? null,
        tool: toolForCacheTarget(target),
        text: `--mount=${value}${truncated && CUT.test(step.name) ? '...' : ''}`,
      });
    }
  }
  return mounts;
}

/** Where a pip-style install puts its packages instead of site-packages. */
export interface InstallTarget {
  tool: 'pip' | 'uv';
  /** The flag as written: `--target`, `-t`, `--prefix`, `--root`. */
  flag: string;
  dir: string;
}

/**
 * The `--target`/`-t`/`--prefix`/`--root` directory of a `pip install` or
 * `uv pip install` in a RUN step's name, or null. A cache mount on that
 * directory hides the installed packages from the image (PRODUCT.md, the
 * `--target=/pip-packages` anti-pattern); findings compare it with the mounts.
 */
export function installTargetOf(stepName: string): InstallTarget | null {
  const text = instructionText(stepName);
  const install = /\b(uv\s+pip|pip3?(?:\.\d+)?|python3?(?:\.\d+)?\s+-m\s+pip)\s+install\b/.exec(
    text,
  );
  if (!install) return null;
  const tool = install[1].startsWith('uv') ? 'uv' : 'pip';
  // The install's own arguments: up to the next shell separator.
  const rest = text.slice(install.index + install[0].length).split(/&&|\|\||;|\|/)[0];
  const flag = /(?:^|\s)(--target|--prefix|--root|-t)(?:=|\s+)(["']?)([^\s"']+)\2/.exec(rest);
  if (!flag) return null;
  return { tool, flag: flag[1], dir: flag[3] };
}
