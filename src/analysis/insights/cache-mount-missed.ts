/**
 * The step has a cache mount, yet the tool downloaded (nearly) everything: the
 * mount did nothing this time. The rule reads the likely reason from the log
 * (engine-pip/README.md and engine/index.tsv show each one for real):
 * `--no-cache-dir` (pip-no-cache-dir-run2), a `sharing=private` mount another
 * build held (pip-private-concurrent-b), apt's docker-clean, a mount on a
 * directory the tool does not use, or simply an empty cache: a first build, or
 * `--no-cache`, which gives cache mounts empty too (engine/d26-09-apt-nocache).
 */
import { CACHE_TARGETS } from '../mounts';
import type {
  CacheMount,
  Finding,
  PackageTool,
  Severity,
  StepPackages,
} from '../../model/analysis';
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
  cacheTurnedOff,
  installTargetMounts,
  isAptIndex,
  mountServesTool,
  normalizePath,
  runWithMounts,
  toolCounts,
  toolsThatDownloaded,
  withoutCacheOff,
  mountsOf,
} from './tools';
import type { InsightContext, InsightRule } from './types';

const ID = 'cache-mount-missed';

/** "Nearly everything": at most this share of the packages came from the cache. */
const MAX_REUSED_SHARE = 0.1;

interface Reason {
  /** A reason found in the log (medium) rather than a guess about the builder (info). */
  concrete: boolean;
  words: string;
  fix: string;
  snippet: string | null;
  lines: (number | null)[];
  /** The "empty cache on this builder" guess, which several steps share. */
  builder?: true;
}

function reasonsFor(
  ctx: InsightContext,
  p: StepPackages,
  step: Step,
  tool: PackageTool,
  own: CacheMount[],
  other: CacheMount[],
  command: string,
): Reason[] {
  const reasons: Reason[] = [];
  const header = headerLine(step);
  const ownFlags = own.map((m) => m.text);
  if (!own.length) {
    const targets = listWords(other.map((m) => `\`${m.target}\``));
    reasons.push({
      concrete: true,
      words: `the cache mount is on ${targets}, which is not where ${tool} keeps its cache (${CACHE_TARGETS[tool].join(', ')} for root)`,
      fix: `Mount ${tool}'s own cache directory. If the RUN runs as another USER or with another HOME, mount that user's cache directory instead.`,
      snippet: runWithMounts(cacheMountFlags(tool), command),
      lines: [header],
    });
  }
  const off = cacheTurnedOff(tool, command);
  // A clean-up empties a mount only when it deletes a mounted directory: `rm -rf
  // /var/lib/apt/lists/*` with only /var/cache/apt mounted leaves the mount alone.
  const deletes =
    off !== null && tool === 'apt'
      ? own.some((m) =>
          /lists/.test(off)
            ? normalizePath(m.target).startsWith('/var/lib/apt')
            : normalizePath(m.target).startsWith('/var/cache/apt'),
        )
      : false;
  if (off && (tool !== 'apt' || deletes))
    reasons.push({
      concrete: true,
      words:
        tool === 'apt'
          ? `the command runs \`${off}\`, which deletes what the cache mount holds before the next build can use it`
          : `the command says \`${off}\`, so ${tool} neither reads nor writes its cache and the mount stays empty`,
      fix:
        tool === 'apt'
          ? `Drop \`${off}\`: a cache mount is not part of the image, so there is nothing to clean up.`
          : `Drop \`${off}\`: with a cache mount the cache is not in the image anyway, which is what ${off} was for.`,
      snippet: runWithMounts(
        ownFlags.length ? ownFlags : cacheMountFlags(tool),
        withoutCacheOff(command),
      ),
      lines: [header],
    });
  const dockerClean =
    tool === 'apt' && !ctx.build.steps.some((s) => s.name.includes('docker-clean'));
  if (dockerClean) {
    // docker-clean's signature: the lists mount was warm (`Hit:` lines) while every .deb
    // was fetched. When the lists were fetched too, the whole mount was simply empty.
    const items = p.items.filter((e) => e.tool === 'apt');
    const listsReused = items.some((e) => e.event === 'reused' && isAptIndex(e.name));
    const debsReused = items.some((e) => e.event === 'reused' && !isAptIndex(e.name));
    reasons.push({
      concrete: listsReused && !debsReused,
      words:
        'no step removes /etc/apt/apt.conf.d/docker-clean, which Debian and Ubuntu images ship to delete the downloaded .debs after every install, so /var/cache/apt stays empty',
      fix: 'Remove docker-clean and tell apt to keep the packages, in a step before the install.',
      snippet: `${APT_KEEP_CACHE}\n${runWithMounts(cacheMountFlags('apt'), command)}`,
      lines: [header],
    });
  }
  const priv = own.filter((m) => m.sharing === 'private');
  if (priv.length)
    reasons.push({
      // With nothing in the layer cache either, a first build explains the empty mount
      // as well (engine-pip pip-private-warmup); with a warm layer cache it is the
      // concurrent build (pip-private-concurrent-b).
      concrete: ctx.cache.cached > 0,
      words:
        '`sharing=private` gives a build its own new, empty cache whenever another build is using the mount at the same moment: a concurrent build on this builder may have held it',
      fix: `Use the default \`sharing=shared\` (${tool === 'apt' ? 'apt needs `sharing=locked`: concurrent builds then wait for each other' : `${tool}'s cache is safe to share`}), or avoid building variants at the same time.`,
      snippet: runWithMounts(
        own.map((m) =>
          m.text.replace(/,sharing=private\b/, tool === 'apt' ? ',sharing=locked' : ''),
        ),
        command,
      ),
      lines: [header],
    });
  const withId = own.filter((m) => m.id !== null && m.id !== m.target);
  if (withId.length && !reasons.some((r) => r.concrete))
    reasons.push({
      concrete: false,
      words: `the mount is keyed by \`id=${withId[0].id}\`: only mounts with that same id share its contents, so a cache filled under another id (or none) is a different one`,
      fix: 'Use the same id (or none) everywhere this cache is meant to be shared.',
      snippet: null,
      lines: [header],
    });
  let builder: Reason | null = null;
  if (!reasons.some((r) => r.concrete)) {
    const anyCached = ctx.cache.cached > 0;
    builder = {
      builder: true,
      concrete: false,
      words: anyCached
        ? `the mount was empty although ${plural(ctx.cache.cached, 'step')} came from the layer cache: the cache mount was pruned (\`docker builder prune\`, garbage collection), or this is the first build since the mount was added or changed`
        : 'no step of this build came from the layer cache either: a first build on this builder, or a `--no-cache` build (BuildKit gives `--no-cache` builds empty cache mounts too)',
      fix: 'Nothing to change if this was a first build: the next run on this builder reuses the cache. On CI, cache mounts live only on the builder: `--cache-to` does not export them, so a fresh runner starts empty. Keep the builder between jobs (a persistent or remote builder), or save and restore the mount directory yourself (for GitHub Actions: reproducible-containers/buildkit-cache-dance).',
      snippet: null,
      lines: [header],
    };
  }
  // What the log shows first; when it shows nothing, the builder's empty cache, then the other guesses.
  return [
    ...reasons.filter((r) => r.concrete),
    ...(builder ? [builder] : []),
    ...reasons.filter((r) => !r.concrete),
  ];
}

interface Miss {
  step: Step;
  tool: PackageTool;
  downloaded: number;
  reused: number;
  bytes: number;
  timeMs: number | null;
  lines: number[];
  mounts: CacheMount[];
  reasons: Reason[];
}

function check(ctx: InsightContext): Finding[] {
  const misses: Miss[] = [];
  for (const step of ctx.build.steps) {
    const p = ctx.packages[step.index];
    if (!p || step.status !== 'done') continue;
    const command = runCommand(step);
    if (command === null) continue;
    const mounts = mountsOf(ctx.mounts, step.index);
    if (!mounts.length || installTargetMounts(mounts, step).length) continue;
    const tools = toolsThatDownloaded(p);
    for (const tool of tools) {
      const own = mounts.filter((m) => mountServesTool(m, tool));
      const other = mounts.filter((m) => m.tool === null && !mountServesTool(m, tool));
      if (!own.length && !other.length) continue; // no mount for it: install-without-cache-mount
      const c = toolCounts(p, tool);
      const total = c.downloaded + c.reused;
      if (c.downloaded === 0 || c.reused > MAX_REUSED_SHARE * total) continue;
      misses.push({
        step,
        tool,
        downloaded: c.downloaded,
        reused: c.reused,
        bytes: c.bytes,
        // The step's download time is not split by tool: only claim it when one tool downloaded.
        timeMs: tools.length === 1 && p.downloadMs > 0 ? p.downloadMs : null,
        lines: c.lines,
        mounts: own.length ? own : other,
        reasons: reasonsFor(ctx, p, step, tool, own, other, command),
      });
    }
  }
  const specific = misses.filter((m) => !m.reasons[0].builder);
  const empty = misses.filter((m) => m.reasons[0].builder);
  const findings = specific.map(describe);
  // An empty cache on this builder is one fact about the build, however many mounts show it.
  if (empty.length === 1) findings.push(describe(empty[0]));
  else if (empty.length > 1) findings.push(describeEmpty(empty));
  return findings;
}

function amount(downloaded: number, bytes: number): string {
  return `${plural(downloaded, 'package')}${bytes > 0 ? `, ${formatBytes(bytes)}` : ''}`;
}

function describe(m: Miss): Finding {
  const main = m.reasons[0];
  const spent = m.timeMs !== null ? ` in ${formatDuration(m.timeMs)}` : '';
  const reused = m.reused ? ` and reused only ${m.reused}` : ' and reused none';
  const more = m.reasons.slice(1).map((r) => ` Also possible: ${r.words}.`);
  const severity: Severity = main.concrete ? 'medium' : 'info';
  return {
    rule: ID,
    severity,
    title: `The ${m.tool} cache mount missed: ${stepShort(m.step)} downloaded ${plural(m.downloaded, 'package')}`,
    detail:
      `\`${stepLabel(m.step, 100)}\` has ${listWords(m.mounts.map((x) => `\`${x.text}\``))}, yet ${m.tool} downloaded ${amount(m.downloaded, m.bytes)}${spent},${reused}. ` +
      `Most likely ${main.words}.${more.join('')}`,
    steps: [m.step.index],
    lines: lineSet(
      [headerLine(m.step)],
      m.lines,
      m.reasons.flatMap((r) => r.lines),
    ),
    timeAtStakeMs: m.timeMs,
    fix: main.fix,
    snippet: isCut(runCommand(m.step) ?? '') ? null : main.snippet,
  };
}

function describeEmpty(misses: Miss[]): Finding {
  const main = misses[0].reasons[0];
  const known = misses.filter((m) => m.timeMs !== null);
  const timeMs = known.length ? known.reduce((a, m) => a + m.timeMs!, 0) : null;
  const parts = misses.map(
    (m) => `\`${stepTitle(m.step, 70)}\` (${m.tool}: ${amount(m.downloaded, m.bytes)})`,
  );
  const downloaded = misses.reduce((a, m) => a + m.downloaded, 0);
  return {
    rule: ID,
    severity: 'info',
    title: `The cache mounts were empty: ${plural(misses.length, 'step')} downloaded ${plural(downloaded, 'package')}`,
    detail: `Every step with a cache mount downloaded (nearly) everything: ${listWords(parts)}. Most likely ${main.words}.`,
    steps: misses.map((m) => m.step.index),
    lines: lineSet(
      misses.map((m) => headerLine(m.step)),
      misses.flatMap((m) => m.lines),
    ),
    timeAtStakeMs: timeMs,
    fix: main.fix,
    snippet: null,
  };
}

export const cacheMountMissed: InsightRule = { id: ID, check };
