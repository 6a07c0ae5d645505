/**
 * What the Cache view lays out, worked out apart from React so it is tested on
 * real logs: the Dockerfile steps of each stage with the cache break placed
 * before the step where it happened, and the downloads ledger in display order.
 */
import type {
  CacheBreak,
  CacheBreakReason,
  Download,
  DownloadKind,
  DownloadsLedger,
} from '../../../src/index';
import type { ViewBuild, ViewStep } from '../../worker/protocol';

/** The break reasons in a few words; the break's own explanation says why it was chosen. */
export const REASON_WORDS: Record<CacheBreakReason, string> = {
  'context-copy': 'files copied from the build context changed',
  'run-changed': 'the command changed',
  'build-arg': 'a build argument changed',
  'base-image': 'the base image changed or was pulled',
  'no-cache': 'built without the cache (--no-cache) or for the first time',
  'cache-import-failed': 'the cache import failed',
  'first-build': 'first build on this builder',
  unknown: 'the log does not say why',
};

export type StageRow =
  | { kind: 'break'; brk: CacheBreak }
  | {
      kind: 'step';
      step: ViewStep;
      /** The break this step is the first step of, if any. */
      breaking: CacheBreak | null;
      /** The break that made this step re-run, if any. */
      rerunBy: CacheBreak | null;
    };

export interface StageGroup {
  key: string;
  /** `linux/arm64 · web · builder`: platform and bake target when the log names them. */
  label: string;
  rows: StageRow[];
  /** Hits and misses of the stage, counted the way the build's summary counts them. */
  cached: number;
  executed: number;
}

/** A step's place in its stage as BuildKit prints it (`3/7`). */
export const positionLabel = (s: ViewStep): string =>
  s.position ? `${s.position[0]}/${s.position[1]}` : '—';

// Same chain as the timeline's groups (view-doc.ts), so a stage reads the same everywhere.
const stageParts = (s: ViewStep): string[] =>
  [s.platform, s.target, s.stage].filter((p): p is string => !!p);

/**
 * The stages of the build in the order the log first shows them, each with its
 * steps in Dockerfile position order and a break row just before the step the
 * cache broke at. Only steps with a stage are Dockerfile steps: internal, export
 * and cache steps are counted apart by the layer cache (LayerCache.other).
 */
export function groupStages(build: ViewBuild): StageGroup[] {
  const byKey = new Map<string, { label: string; steps: ViewStep[] }>();
  for (const s of build.steps) {
    if (s.stage === null) continue;
    const parts = stageParts(s);
    const key = parts.join('\u0000');
    let g = byKey.get(key);
    if (!g) byKey.set(key, (g = { label: parts.join(' · '), steps: [] }));
    g.steps.push(s);
  }
  const breakAt = new Map<number, CacheBreak>();
  const rerunBy = new Map<number, CacheBreak>();
  for (const b of build.cache.breaks) {
    breakAt.set(b.step, b);
    for (const r of b.rerun) rerunBy.set(r, b);
  }
  const placed = new Set<CacheBreak>();
  const groups: StageGroup[] = [];
  for (const [key, g] of byKey) {
    const steps = [...g.steps].sort(
      (x, y) => (x.position?.[0] ?? Infinity) - (y.position?.[0] ?? Infinity) || x.index - y.index,
    );
    const rows: StageRow[] = [];
    let cached = 0;
    let executed = 0;
    for (const s of steps) {
      const brk = breakAt.get(s.index) ?? null;
      if (brk) {
        rows.push({ kind: 'break', brk });
        placed.add(brk);
      }
      rows.push({ kind: 'step', step: s, breaking: brk, rerunBy: rerunBy.get(s.index) ?? null });
      // FROM steps are left out of hits and misses (LayerCache.cached, buildctl's count).
      if (s.kind !== 'step') continue;
      if (s.status === 'cached') cached++;
      else if (s.status === 'done' || s.status === 'error') executed++;
    }
    groups.push({ key, label: g.label, rows, cached, executed });
  }
  // A break whose step has no stage cannot be placed in a stage: show it on its own, never drop it.
  for (const b of build.cache.breaks) {
    if (placed.has(b)) continue;
    groups.push({
      key: `break\u0000${b.step}`,
      label: b.stage ?? `step ${b.step}`,
      rows: [{ kind: 'break', brk: b }],
      cached: 0,
      executed: 0,
    });
  }
  return groups;
}

/** The steps a break's time (CacheBreak.costMs) is the sum of: the breaking one and the re-run ones. */
export const breakSteps = (b: CacheBreak): number[] => [b.step, ...b.rerun];

export const KIND_LABEL: Record<DownloadKind, string> = {
  'base-layer': 'base image layers',
  context: 'build context',
  package: 'packages',
  'cache-import': 'cache import',
  'cache-export': 'cache export',
  'image-export': 'image export',
  push: 'push',
};

// Roughly the order they happen in a build: pull, context, install, export, push.
const KIND_ORDER: DownloadKind[] = [
  'base-layer',
  'context',
  'cache-import',
  'package',
  'image-export',
  'cache-export',
  'push',
];

/**
 * The ledger's totals that have anything in them, in build order. A total's
 * bytes or time is null when no item of its kind printed one: the ledger sums
 * what was printed, so its 0 there would read as "free", not "unknown".
 */
export function downloadTotals(ledger: DownloadsLedger): {
  kind: DownloadKind;
  count: number;
  bytes: number | null;
  durationMs: number | null;
}[] {
  return KIND_ORDER.filter((k) => ledger.totals[k].count > 0).map((k) => {
    const items = ledger.items.filter((d) => d.kind === k);
    const t = ledger.totals[k];
    return {
      kind: k,
      count: t.count,
      bytes: items.some((d) => d.bytes !== null) ? t.bytes : null,
      // Package items carry no time; their total is the steps' download time (downloads.ts).
      durationMs: k === 'package' || items.some((d) => d.durationMs !== null) ? t.durationMs : null,
    };
  });
}

/** Ledger rows shown at most: enough to read, few enough to render at once. */
export const DOWNLOAD_ROWS_MAX = 50;

export function capItems(
  items: Download[],
  max = DOWNLOAD_ROWS_MAX,
): { shown: Download[]; more: number } {
  return { shown: items.slice(0, max), more: Math.max(0, items.length - max) };
}
