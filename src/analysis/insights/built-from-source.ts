/**
 * Dependencies compiled from source in a step where nothing keeps the result
 * for the next run. pip stores the wheels it builds in its cache
 * (`Stored in directory: /root/.cache/pip/wheels/…`), so with a cache mount
 * the next run says `Using cached x.whl` and builds nothing (engine-pip
 * pip-cache-warm); without one (pip-nomount-changed) or with `--no-cache-dir`
 * every re-run compiles them again. Cargo keeps compiled crates in `target/`,
 * node-gyp keeps nothing.
 */
import type {
  CacheMount,
  Finding,
  PackageEvent,
  PackageTool,
  StepPackages,
} from '../../model/analysis';
import type { Build, Step } from '../../model/types';
import { formatDuration, listWords, plural } from './format';
import {
  headerLine,
  lineSet,
  isCut,
  runCommand,
  stepLabel,
  stepOutput,
  stepShort,
  type OutputLine,
} from './step-text';
import {
  cacheMountFlags,
  cacheTurnedOff,
  mountServesTool,
  runWithMounts,
  withoutCacheOff,
  mountsOf,
} from './tools';
import type { InsightContext, InsightRule } from './types';

const ID = 'built-from-source';

/** Above this much build time the finding is worth more than a note. */
const MEDIUM_MS = 10_000;

/** pip/uv package names compare lower-case with `-`, `_`, `.` alike (PEP 503). */
const canon = (name: string) => name.toLowerCase().replace(/[-_.]+/g, '-');

/**
 * The built events that are dependencies, not the project itself: pip builds
 * that follow a downloaded or cached sdist of the same name (the project shows
 * `Processing /app` instead), uv builds not from `file://`, cargo crates not
 * from a local path (`Compiling app v0.1.0 (/app)`).
 */
function dependencyBuilds(
  p: StepPackages,
  tool: PackageTool,
  text: readonly string[],
): PackageEvent[] {
  const built = p.items.filter((e) => e.tool === tool && e.event === 'built');
  if (tool === 'pip') {
    const fetched = p.items
      .filter((e) => e.tool === 'pip' && e.event !== 'built')
      .map((e) => canon(e.name.replace(/^.*\//, '')));
    return built.filter((b) => {
      const n = canon(b.name);
      return fetched.some((f) => f.startsWith(`${n}-`));
    });
  }
  if (tool === 'uv' || tool === 'cargo')
    return built.filter((b) => !/\(\/|file:\/\//.test(text[b.line] ?? ''));
  return built;
}

/** Time between paired lines (`…: started` → `…: finished with status`) of the step's output. */
function pairedMs(out: OutputLine[], start: RegExp, end: RegExp): number | null {
  let total = 0;
  let found = false;
  const open = new Map<string, number>();
  for (const o of out) {
    const s = start.exec(o.text);
    if (s && o.elapsedMs !== null) {
      open.set(s[1], o.elapsedMs);
      continue;
    }
    const e = end.exec(o.text);
    if (e && o.elapsedMs !== null && open.has(e[1])) {
      total += o.elapsedMs - open.get(e[1])!;
      open.delete(e[1]);
      found = true;
    }
  }
  return found ? total : null;
}

/**
 * How long the building took, from the elapsed times of the tool's own lines:
 * pip's `started`/`finished` pairs (build dependencies, metadata, the wheel:
 * all part of building an sdist), uv's `Building`/`Built`, cargo's first
 * `Compiling` to its `Finished`. Null where the tool prints no such lines.
 */
function buildMs(step: Step, tool: PackageTool, text: readonly string[]): number | null {
  const out = stepOutput(step, text);
  if (tool === 'pip')
    return pairedMs(out, /^\s*(.+?): started$/, /^\s*(.+?): finished with status/);
  if (tool === 'uv') return pairedMs(out, /^\s*Building (\S+)/, /^\s*Built (\S+)/);
  if (tool === 'cargo') {
    const first = out.find((o) => /^\s*Compiling /.test(o.text) && o.elapsedMs !== null);
    const fin = out.find((o) => /^\s*Finished /.test(o.text) && o.elapsedMs !== null);
    return first && fin ? fin.elapsedMs! - first.elapsedMs! : null;
  }
  return null;
}

/** Something keeps the built result for the next run. */
function keptFor(tool: PackageTool, mounts: CacheMount[], command: string): boolean {
  if (tool === 'pip' || tool === 'uv' || tool === 'poetry')
    return mounts.some((m) => mountServesTool(m, tool)) && cacheTurnedOff(tool, command) === null;
  if (tool === 'cargo')
    return (
      mounts.some((m) => /(^|\/)target\/?$/.test(m.target)) ||
      /\bcargo[- ]chef\b|\bsccache\b/.test(command)
    );
  return false;
}

function isAlpine(build: Build): boolean {
  return build.steps.some((s) => s.kind === 'base' && /alpine/i.test(s.name));
}

function advice(
  tool: PackageTool,
  build: Build,
  command: string,
  mounts: CacheMount[],
): { fix: string; snippet: string | null } {
  if (tool === 'pip' || tool === 'uv' || tool === 'poetry') {
    const musl =
      tool !== 'poetry' && isAlpine(build)
        ? ' On Alpine (musl) many packages publish no prebuilt wheels: a Debian `-slim` base installs them without compiling.'
        : '';
    const own = mounts.filter((m) => mountServesTool(m, tool)).map((m) => m.text);
    return {
      fix: `Let ${tool}'s cache keep the wheels it builds: a cache mount on its cache directory${cacheTurnedOff(tool, command) ? `, without \`${cacheTurnedOff(tool, command)}\`` : ''}. The next run then reuses them (\`Using cached …whl\`) instead of compiling. Or build the wheels once in a builder stage (\`pip wheel -w /wheels -r requirements.txt\`) and install from /wheels, or pin versions that ship wheels for this platform.${musl}`,
      snippet: runWithMounts(own.length ? own : cacheMountFlags(tool), withoutCacheOff(command)),
    };
  }
  if (tool === 'cargo')
    return {
      fix: 'Keep compiled dependencies between builds: cache-mount the target directory (and copy the binary out in the same RUN), or build the dependencies in their own cached layer with cargo-chef (`cargo chef cook` before `COPY . .`).',
      snippet: runWithMounts(
        ['--mount=type=cache,target=/app/target', ...cacheMountFlags('cargo')],
        `${command} && cp target/release/<binary> /usr/local/bin/`,
      ),
    };
  if (tool === 'npm' || tool === 'yarn' || tool === 'pnpm')
    return {
      fix: 'Native addons compile with node-gyp on every install; no package cache keeps the result. Install in a stage whose layer stays cached (manifests copied first), prefer versions that ship prebuilt binaries for this platform (most do for glibc linux-x64/arm64), or use a Debian base instead of Alpine where prebuilds are missing.',
      snippet: null,
    };
  return {
    fix: 'Install this step in a layer that stays cached (copy only its manifests before it), or use prebuilt packages for this platform.',
    snippet: null,
  };
}

function check(ctx: InsightContext): Finding[] {
  const findings: Finding[] = [];
  for (const step of ctx.build.steps) {
    const p = ctx.packages[step.index];
    if (!p || step.status !== 'done' || p.builtFromSource === 0) continue;
    const command = runCommand(step) ?? '';
    const mounts = mountsOf(ctx.mounts, step.index);
    const tools = [...new Set(p.items.filter((e) => e.event === 'built').map((e) => e.tool))];
    for (const tool of tools) {
      const deps = dependencyBuilds(p, tool, ctx.text);
      if (!deps.length || keptFor(tool, mounts, command)) continue;
      const timeMs = buildMs(step, tool, ctx.text);
      const names = deps.slice(0, 8).map((d) => `\`${d.name}\``);
      const more = deps.length > 8 ? ` and ${deps.length - 8} more` : '';
      const took =
        timeMs !== null ? ` Building took about ${formatDuration(timeMs)} of this step.` : '';
      const why =
        mounts.some((m) => mountServesTool(m, tool)) && cacheTurnedOff(tool, command)
          ? ` The step has a ${tool} cache mount, but \`${cacheTurnedOff(tool, command)}\` keeps ${tool} from storing the built wheels in it.`
          : ` Nothing keeps the result: the step has no cache mount that would hold it, so every re-run of this step compiles ${deps.length === 1 ? 'it' : 'them'} again.`;
      const { fix, snippet } = advice(tool, ctx.build, command, mounts);
      findings.push({
        rule: ID,
        severity: (timeMs ?? 0) >= MEDIUM_MS ? 'medium' : 'low',
        title: `${stepShort(step)} compiles ${plural(deps.length, 'package')} from source on every run`,
        detail: `\`${stepLabel(step, 100)}\` built ${listWords([...names.slice(0, -1), names[names.length - 1] + more])} from source.${took}${why}`,
        steps: [step.index],
        lines: lineSet(
          [headerLine(step)],
          deps.map((d) => d.line),
        ),
        timeAtStakeMs: timeMs,
        fix,
        snippet: isCut(command) ? null : snippet,
      });
    }
  }
  return findings;
}

export const builtFromSource: InsightRule = { id: ID, check };
