/**
 * A dependency install that downloaded packages with no cache mount for the
 * tool: every time the step re-runs, everything is fetched again. A
 * `--mount=type=cache` directory survives between builds on the same builder
 * and is not part of the image (docker/docs `build/cache/optimize.md`, "Use
 * cache mounts"; engine-pip: pip-nomount-cold → -changed downloads it all again,
 * pip-cache-cold → -warm reuses 6 of 7).
 */
import { CACHE_TARGETS } from '../mounts';
import type { Finding, PackageTool } from '../../model/analysis';
import type { Step } from '../../model/types';
import { formatBytes, formatDuration, listWords, plural } from './format';
import {
  headerLine,
  isCut,
  lineSet,
  runCommand,
  stepLabel,
  stepShort,
  stepTitle,
} from './step-text';
import {
  APT_KEEP_CACHE,
  cacheMountFlags,
  installTargetMounts,
  mountServesTool,
  runWithMounts,
  toolCounts,
  toolsThatDownloaded,
  withoutCacheOff,
  mountsOf,
} from './tools';
import type { InsightContext, InsightRule } from './types';

const ID = 'install-without-cache-mount';

/** Above this much download time (or size) a missing mount is worth more than a note. */
const MEDIUM_MS = 10_000;
const MEDIUM_BYTES = 50e6;

interface ToolMiss {
  tool: PackageTool;
  downloaded: number;
  bytes: number;
  lines: number[];
}

/** One step that downloaded with no mount for some of its tools. */
interface Miss {
  step: Step;
  command: string;
  missing: ToolMiss[];
  /** The step's download time, when every tool that downloaded lacks a mount. */
  timeMs: number | null;
}

function missOf(ctx: InsightContext, step: Step): Miss | null {
  const p = ctx.packages[step.index];
  if (!p || step.status !== 'done') return null;
  const command = runCommand(step);
  if (command === null) return null;
  const mounts = mountsOf(ctx.mounts, step.index);
  // A mount over the install target is cache-mount-on-install-target's finding;
  // a cache mount on some other directory is cache-mount-missed's.
  if (installTargetMounts(mounts, step).length) return null;
  const tools = toolsThatDownloaded(p);
  const missing = tools
    .filter((tool) => !mounts.some((m) => mountServesTool(m, tool) || m.tool === null))
    .map((tool) => ({ tool, ...toolCounts(p, tool) }))
    .filter((c) => c.downloaded > 0);
  if (!missing.length) return null;
  // The step's download time is not split by tool: claim it only when every tool that
  // downloaded is one without a mount.
  const timeMs = missing.length === tools.length && p.downloadMs > 0 ? p.downloadMs : null;
  return { step, command, missing, timeMs };
}

/**
 * One finding per distinct install: steps that run the same command and miss
 * the same tools' mounts (the same `RUN npm ci` in every service of a bake
 * file) are one fix, so they are one finding listing each step.
 */
function check(ctx: InsightContext): Finding[] {
  const groups = new Map<string, Miss[]>();
  for (const step of ctx.build.steps) {
    const miss = missOf(ctx, step);
    if (!miss) continue;
    const key = `${miss.missing.map((c) => c.tool).join(' ')}\u0000${miss.command}`;
    const group = groups.get(key);
    if (group) group.push(miss);
    else groups.set(key, [miss]);
  }
  return [...groups.values()].map(finding);
}

/** A step name's `[stage i/n]` prefix. */
const STAGE = /^\[[^\]]*\]/;
const withoutStage = (label: string) => label.replace(STAGE, '').trimStart();

function finding(group: Miss[]): Finding {
  const [first] = group;
  const { step, command } = first;
  const names = first.missing.map((c) => c.tool);
  const perTool = names.map((tool) => {
    let downloaded = 0;
    let bytes = 0;
    for (const m of group)
      for (const c of m.missing)
        if (c.tool === tool) {
          downloaded += c.downloaded;
          bytes += c.bytes;
        }
    return { tool, downloaded, bytes };
  });
  // Summed over the steps (they may have overlapped): known only when known for each.
  const timeMs = group.every((m) => m.timeMs !== null)
    ? group.reduce((a, m) => a + m.timeMs!, 0)
    : null;
  const downloaded = perTool.reduce((a, c) => a + c.downloaded, 0);
  const bytes = perTool.reduce((a, c) => a + c.bytes, 0);
  const size = bytes > 0 ? ` (${formatBytes(bytes)})` : '';
  const toolWords = perTool.map(
    (c) =>
      `${c.tool} ${plural(c.downloaded, 'package')}${c.bytes > 0 ? ` (${formatBytes(c.bytes)})` : ''}`,
  );
  const spent = timeMs !== null ? `, ${formatDuration(timeMs)} of downloading` : '';
  const dirs = names.map((tool) => `${tool}: ${CACHE_TARGETS[tool].join(', ')}`);
  const run = runWithMounts(
    ([] as string[]).concat(...names.map(cacheMountFlags)),
    withoutCacheOff(command),
  );
  const apt = names.includes('apt');
  const many = group.length > 1;
  const who = many
    ? `${group.length} steps run \`${withoutStage(stepTitle(step, 80))}\` and download`
    : `${stepShort(step)} downloads`;
  const where = group.slice(0, 5).map((m) => STAGE.exec(m.step.name)?.[0] ?? `#${m.step.ref}`);
  const ran = many
    ? `${group.length} steps ran \`${withoutStage(stepLabel(step, 100))}\` (${listWords(where)}${group.length > 5 ? ', …' : ''}) and downloaded`
    : `\`${stepLabel(step, 100)}\` ran and downloaded`;
  return {
    rule: ID,
    severity: (timeMs ?? 0) >= MEDIUM_MS || bytes >= MEDIUM_BYTES ? 'medium' : 'low',
    title: `No cache mount for ${listWords(names)}: ${who} ${plural(downloaded, 'package')}${size} each time ${many ? 'they run' : 'it runs'}`,
    detail:
      `${ran} ${listWords(toolWords)}${spent}, with no cache mount for ${names.length > 1 ? 'their caches' : 'its cache'} (${dirs.join('; ')}). ` +
      `Whenever ${many ? 'such a step' : 'this step'} re-runs (its command or any layer before it changed), it starts from an empty cache and downloads everything again. ` +
      'A cache mount keeps the cache on the builder between builds, outside the image, so a re-run downloads only what changed.',
    steps: group.map((m) => m.step.index),
    lines: lineSet(
      group.map((m) => headerLine(m.step)),
      ...([] as number[][]).concat(...group.map((m) => m.missing.map((c) => c.lines))),
    ),
    timeAtStakeMs: timeMs,
    fix: `Add a cache mount for ${names.length > 1 ? "each tool's" : `${names[0]}'s`} cache directory to ${many ? 'these RUNs' : 'this RUN'}${apt ? ', keep apt from deleting the downloaded .debs, and drop the `rm -rf /var/lib/apt/lists/*` (the lists then live in the mount, not in the image)' : ''}. It helps when the step re-runs on the same builder; on CI runners that start empty, keep the builder between jobs.`,
    snippet: isCut(command) ? null : apt ? `${APT_KEEP_CACHE}\n${run}` : run,
  };
}

export const installWithoutCacheMount: InsightRule = { id: ID, check };
