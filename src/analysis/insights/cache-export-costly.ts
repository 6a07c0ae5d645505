/**
 * Exporting (and importing) the layer cache costs time on every build; it pays
 * back only in the steps a later build finds CACHED. With the previous build at
 * hand, the steps this build skipped thanks to the cache are priced at what
 * they took there; without it, what the cache saves cannot be read from one
 * log, so the rule only speaks up when export and import take a large share of
 * the wall time (docker/docs#22755: "It takes more time to import/export the
 * cache on ci than it takes to just build our tiny Dockerfile").
 */
import type { Finding } from '../../model/analysis';
import type { Build, Step } from '../../model/types';
import { formatDuration, listWords, percent, plural } from './format';
import { lineSet, stepLabel } from './step-text';
import type { InsightContext, InsightRule } from './types';

const ID = 'cache-export-costly';

/** Without a previous build: speak up only above this share of the wall time… */
const MIN_SHARE = 0.25;
/** …and this much time, so a 2 s build with a 1 s export is left alone. */
const MIN_MS = 5_000;

/** Dockerfile steps this build found CACHED, priced at what each took in the previous build. */
function savedByCache(build: Build, previous: Build): { ms: number; steps: number } {
  const before = new Map<string, Step>();
  for (const s of previous.steps) if (s.status === 'done') before.set(s.name, s);
  let ms = 0;
  let steps = 0;
  for (const s of build.steps) {
    if (s.status !== 'cached' || (s.kind !== 'step' && s.kind !== 'base')) continue;
    const was = before.get(s.name);
    if (!was || was.durationMs === null) continue;
    ms += was.durationMs;
    steps++;
  }
  return { ms, steps };
}

function check(ctx: InsightContext): Finding[] {
  const { build, downloads } = ctx;
  const items = downloads.items.filter(
    (d) => d.kind === 'cache-export' || d.kind === 'cache-import',
  );
  if (!items.length) return [];
  const exportMs = downloads.totals['cache-export']?.durationMs ?? 0;
  const importMs = downloads.totals['cache-import']?.durationMs ?? 0;
  const costMs = exportMs + importMs;
  const wall = build.wallMs;
  if (costMs <= 0 || !wall) return [];
  const stepIdx = [...new Set(items.map((d) => d.step))];
  const steps = stepIdx.map((i) => build.steps[i]);
  const own = steps.filter((s) => s.kind === 'cache-export' || s.kind === 'cache-import');
  // Layers a CACHED step pulls lazily from an imported cache count as import (downloads.ts).
  const lazy = steps.filter((s) => !own.includes(s));
  const names =
    listWords(own.map((s) => `\`${stepLabel(s, 70)}\``)) +
    (lazy.length
      ? `${own.length ? ', ' : ''}and the layers of ${listWords(lazy.map((s) => `\`${stepLabel(s, 50)}\``))} (CACHED), pulled from the imported cache`
      : '');
  const parts = [
    exportMs > 0 ? `exporting ${formatDuration(exportMs)}` : null,
    importMs > 0 ? `importing ${formatDuration(importMs)}` : null,
  ].filter((p): p is string => p !== null);
  const cost = `The layer cache cost ${formatDuration(costMs)} (${parts.join(', ')}; ${names}), ${percent(costMs, wall)} of the ${formatDuration(wall)} build.`;
  const cached = build.steps.filter(
    (s) => s.status === 'cached' && (s.kind === 'step' || s.kind === 'base'),
  );
  const lines = lineSet(
    own.flatMap((s) => s.statusLineNumbers),
    items.map((d) => d.line),
  ).filter((l) => (ctx.text[l] ?? '').trim() !== '');
  const fix =
    "Export less, or less often: `mode=min` exports only the final stage's layers (`mode=max` also exports every intermediate stage); export only from the main branch and import everywhere; drop `--cache-to` when the build is small enough that rebuilding is faster; a builder that keeps its local cache between runs needs no export at all.";
  const snippet = [
    '# docker/build-push-action: export only on main, import everywhere',
    'cache-from: type=gha',
    "cache-to: ${{ github.ref == 'refs/heads/main' && 'type=gha,mode=min' || '' }}",
  ].join('\n');

  if (ctx.previous) {
    const saved = savedByCache(build, ctx.previous);
    if (costMs <= saved.ms) return [];
    return [
      {
        rule: ID,
        severity: 'medium',
        title: `The layer cache costs more than it saves: ${formatDuration(costMs)} of import/export against ${formatDuration(saved.ms)} of skipped steps`,
        detail: `${cost} It let this build skip ${plural(saved.steps, 'step')} that took ${formatDuration(saved.ms)} in the previous build, so it costs ${formatDuration(costMs - saved.ms)} more than it saves.`,
        steps: stepIdx,
        lines,
        timeAtStakeMs: costMs - saved.ms,
        fix,
        snippet,
      },
    ];
  }
  if (costMs < MIN_SHARE * wall || costMs < MIN_MS) return [];
  const executed = ctx.cache.executedMs;
  return [
    {
      rule: ID,
      severity: 'medium',
      title: `Cache import/export took ${percent(costMs, wall)} of the build (${formatDuration(costMs)})`,
      detail:
        `${cost} What the cache saves is not in this log: only the time of the steps a later build finds CACHED, which takes the previous build (or the next) to measure. ` +
        `This build found ${plural(cached.length, 'Dockerfile step')} CACHED and ran steps for ${formatDuration(executed)}; if the builds that import this cache re-run most steps anyway, the export does not pay back.`,
      steps: stepIdx,
      lines,
      timeAtStakeMs: exportMs > 0 ? exportMs : costMs,
      fix,
      snippet,
    },
  ];
}

export const cacheExportCostly: InsightRule = { id: ID, check };
