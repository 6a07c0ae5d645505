/**
 * A dependency install that downloaded packages with no cache mount for the
 * tool: every time the step re-runs, everything is fetched again. A
 * `--mount=type=cache` directory survives between builds on the same builder
 * and is not part of the image (docker/docs `build/cache/optimize.md`, "Use
 * cache mounts"; engine-pip: pip-nomount-cold → -changed downloads it all again,
 * pip-cache-cold → -warm reuses 6 of 7).
 */
import { CACHE_TARGETS } from '../mounts';
import type { Finding } from '../../model/analysis';
import { formatBytes, formatDuration, listWords, plural } from './format';
import { headerLine, isCut, lineSet, runCommand, stepLabel, stepShort } from './step-text';
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

function check(ctx: InsightContext): Finding[] {
  const findings: Finding[] = [];
  for (const step of ctx.build.steps) {
    const p = ctx.packages[step.index];
    if (!p || step.status !== 'done') continue;
    const command = runCommand(step);
    if (command === null) continue;
    const mounts = mountsOf(ctx.mounts, step.index);
    // A mount over the install target is cache-mount-on-install-target's finding;
    // a cache mount on some other directory is cache-mount-missed's.
    if (installTargetMounts(mounts, step).length) continue;
    const tools = toolsThatDownloaded(p);
    const missing = tools
      .filter((tool) => !mounts.some((m) => mountServesTool(m, tool) || m.tool === null))
      .map((tool) => ({ tool, ...toolCounts(p, tool) }))
      .filter((c) => c.downloaded > 0);
    if (!missing.length) continue;
    // The step's download time is not split by tool: claim it only when every tool that
    // downloaded is one without a mount.
    const timeMs = missing.length === tools.length && p.downloadMs > 0 ? p.downloadMs : null;
    const names = missing.map((c) => c.tool);
    const downloaded = missing.reduce((a, c) => a + c.downloaded, 0);
    const bytes = missing.reduce((a, c) => a + c.bytes, 0);
    const size = bytes > 0 ? ` (${formatBytes(bytes)})` : '';
    const perTool = missing.map(
      (c) =>
        `${c.tool} ${plural(c.downloaded, 'package')}${c.bytes > 0 ? ` (${formatBytes(c.bytes)})` : ''}`,
    );
    const spent = timeMs !== null ? `, ${formatDuration(timeMs)} of downloading` : '';
    const dirs = missing.map((c) => `${c.tool}: ${CACHE_TARGETS[c.tool].join(', ')}`);
    const cut = isCut(command);
    const run = runWithMounts(
      missing.flatMap((c) => cacheMountFlags(c.tool)),
      withoutCacheOff(command),
    );
    const apt = names.includes('apt');
    findings.push({
      rule: ID,
      severity: (timeMs ?? 0) >= MEDIUM_MS || bytes >= MEDIUM_BYTES ? 'medium' : 'low',
      title: `No cache mount for ${listWords(names)}: ${stepShort(step)} downloads ${plural(downloaded, 'package')}${size} each time it runs`,
      detail:
        `\`${stepLabel(step, 100)}\` ran and downloaded ${listWords(perTool)}${spent}, with no cache mount for ${names.length > 1 ? 'their caches' : 'its cache'} (${dirs.join('; ')}). ` +
        `Whenever this step re-runs (its command or any layer before it changed), it starts from an empty cache and downloads everything again. ` +
        'A cache mount keeps the cache on the builder between builds, outside the image, so a re-run downloads only what changed.',
      steps: [step.index],
      lines: lineSet(
        [headerLine(step)],
        missing.flatMap((c) => c.lines),
      ),
      timeAtStakeMs: timeMs,
      fix: `Add a cache mount for ${names.length > 1 ? "each tool's" : `${names[0]}'s`} cache directory to this RUN${apt ? ', keep apt from deleting the downloaded .debs, and drop the `rm -rf /var/lib/apt/lists/*` (the lists then live in the mount, not in the image)' : ''}. It helps when the step re-runs on the same builder; on CI runners that start empty, keep the builder between jobs.`,
      snippet: cut ? null : apt ? `${APT_KEEP_CACHE}\n${run}` : run,
    });
  }
  return findings;
}

export const installWithoutCacheMount: InsightRule = { id: ID, check };
