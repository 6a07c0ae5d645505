/**
 * Version 1 of the share-link payload, as a schema every decoded link is
 * validated against before anything of it reaches a view: every field typed and
 * bounded, and the cross-references the views follow (step indices, lanes,
 * groups) checked, so a hand-made link can neither crash the page nor smuggle
 * markup (the views render text only; this keeps the shapes honest too).
 *
 * The `z.ZodType<…>` annotations make the compiler hold the schema to the
 * model's types: a field added to the view document without its schema fails
 * the typecheck. Frozen: a change of shape is version 2 with an upgrader.
 */
import { z } from 'zod';
import type {
  CacheMount,
  DownloadsLedger,
  Finding,
  LayerCache,
  PackageEvent,
} from '../model/analysis';
import type { ViewBuild, ViewDoc, ViewStep } from '../model/view';

/** Longest text field: a step name with a long RUN line, an error message. */
export const TEXT_MAX = 100_000;
/** The most items of any list (steps, findings, downloads, package events). */
const LIST_MAX = 1_000_000;
/** Steps of one build, and builds of one log, at most: far over real ones (2,001-step builds exist), and few enough for the views to lay out. */
const STEPS_MAX = 50_000;
const BUILDS_MAX = 1_000;
/**
 * Times (ms) and sizes at most, either sign: 10^12 ms is 31 years, 10^12 bytes a terabyte.
 * Unbounded, a time of 10^20 would pass and then stall the axis, whose ticks stop
 * advancing where a float has no room left for them.
 */
const MAGNITUDE_MAX = 1e12;
/** A full link's log, in characters: the inflation cap (link.ts) bounds it too. */
export const LOG_CHARS_MAX = 64 * 1024 * 1024;

const text = z.string().max(TEXT_MAX);
const list = <T extends z.ZodType>(item: T) => z.array(item).max(LIST_MAX);
const num = z.number().min(-MAGNITUDE_MAX).max(MAGNITUDE_MAX);
const count = z.number().int().nonnegative();
const ms = num.nullable();

// The schema's own copies of the model's lists, not imports: version 1 stays what it was
// when the model grows (a new kind is a new version, and an upgrader for the old links).
const formatId = z.enum(['plain', 'legacy', 'tty', 'rawjson', 'unknown']);
const ciId = z
  .enum(['github-actions', 'azure-pipelines', 'gitlab', 'jenkins', 'buildkite', 'prefixed'])
  .nullable();
const timing = z.enum(['exact', 'timestamped', 'estimated']);
const stepKind = z.enum([
  'internal',
  'base',
  'step',
  'export',
  'cache-import',
  'cache-export',
  'other',
]);
const stepStatus = z.enum(['done', 'cached', 'error', 'canceled', 'unfinished']);
const packageTool = z.enum([
  'pip',
  'uv',
  'poetry',
  'npm',
  'pnpm',
  'yarn',
  'apt',
  'apk',
  'go',
  'cargo',
  'maven',
  'gradle',
  'bundler',
  'composer',
]);
const packageEvent = z.enum(['downloaded', 'reused', 'built']);
const workKinds = [
  'base-pull',
  'context',
  'run',
  'copy',
  'export',
  'push',
  'cache-import',
  'cache-export',
  'internal',
  'other',
] as const;
const downloadKinds = [
  'base-layer',
  'context',
  'package',
  'cache-import',
  'cache-export',
  'image-export',
  'push',
] as const;

const packageTotals = {
  tools: z.array(packageTool).max(packageTool.options.length),
  downloaded: count,
  reused: count,
  builtFromSource: count,
  bytesDownloaded: z.number().nonnegative().finite(),
  bytesReused: z.number().nonnegative().finite(),
  downloadMs: z.number().nonnegative().finite(),
};

const step: z.ZodType<ViewStep> = z.object({
  index: count,
  ref: z.union([count, text]),
  name: text,
  stage: text.nullable(),
  platform: text.nullable(),
  target: text.nullable(),
  position: z.tuple([count, count]).nullable(),
  instruction: text.nullable(),
  kind: stepKind,
  status: stepStatus,
  durationMs: ms,
  startMs: ms,
  endMs: ms,
  error: text.nullable(),
  exitCode: z.number().int().nullable(),
  warnings: list(z.object({ line: count, message: text })),
  lineCount: count,
  firstLine: count.nullable(),
  lastLine: count.nullable(),
  outputLineCount: count,
  packages: z.object(packageTotals).nullable(),
  onCriticalPath: z.boolean(),
  slackMs: num,
  lane: count,
  group: text,
});

const layerCache: z.ZodType<LayerCache> = z.object({
  steps: count,
  cached: count,
  executed: count,
  ratio: z.number().min(0).max(1).nullable(),
  executedMs: num,
  other: z.object({
    internal: count,
    base: count,
    export: count,
    cacheImport: count,
    cacheExport: count,
    other: count,
  }),
  breaks: list(
    z.object({
      step: count,
      stage: text.nullable(),
      reason: z.enum([
        'context-copy',
        'run-changed',
        'build-arg',
        'base-image',
        'no-cache',
        'cache-import-failed',
        'first-build',
        'unknown',
      ]),
      explanation: text,
      rerun: list(count),
      costMs: num,
    }),
  ),
});

const finding: z.ZodType<Finding> = z.object({
  rule: z.string().regex(/^[a-z0-9-]{1,80}$/),
  severity: z.enum(['high', 'medium', 'low', 'info']),
  title: text,
  detail: text,
  steps: list(count),
  lines: list(count),
  timeAtStakeMs: ms,
  fix: text,
  snippet: text.nullable(),
});

const downloads: z.ZodType<DownloadsLedger> = z.object({
  items: list(
    z.object({
      kind: z.enum(downloadKinds),
      step: count,
      name: text,
      bytes: z.number().nonnegative().finite().nullable(),
      durationMs: ms,
      line: count,
      count: count,
    }),
  ),
  totals: z.object(
    Object.fromEntries(
      downloadKinds.map((k) => [k, z.object({ count, bytes: num, durationMs: num })]),
    ) as Record<
      (typeof downloadKinds)[number],
      z.ZodObject<{ count: typeof count; bytes: typeof num; durationMs: typeof num }>
    >,
  ),
});

const mount: z.ZodType<CacheMount> = z.object({
  step: count,
  target: text,
  id: text.nullable(),
  sharing: z.enum(['shared', 'private', 'locked']).nullable(),
  mode: text.nullable(),
  from: text.nullable(),
  source: text.nullable(),
  tool: packageTool.nullable(),
  text,
});

const build: z.ZodType<ViewBuild> = z.object({
  index: count,
  label: text,
  timing,
  timingNote: text,
  wallMs: ms,
  summedMs: num,
  parallelism: num.nullable(),
  builder: text.nullable(),
  error: z
    .object({
      step: count.nullable(),
      message: text,
      exitCode: z.number().int().nullable(),
      line: count,
    })
    .nullable(),
  excerpt: z
    .object({
      file: text,
      line: count,
      rows: list(z.object({ number: count, text, marked: z.boolean() })),
      firstLine: count,
    })
    .nullable(),
  firstLine: count,
  lastLine: count,
  steps: z.array(step).max(STEPS_MAX),
  counts: z.object({
    steps: count,
    cached: count,
    executed: count,
    failed: count,
    canceled: count,
    unfinished: count,
  }),
  cache: layerCache,
  packages: z.object({ ...packageTotals, steps: count }),
  criticalPath: list(count),
  byKind: z.object(
    Object.fromEntries(workKinds.map((k) => [k, num])) as Record<
      (typeof workKinds)[number],
      typeof num
    >,
  ),
  findings: list(finding),
  downloads,
  mounts: list(mount),
  groups: list(z.object({ key: text, label: text, lanes: z.number().int().positive() })),
});

/** The references the views follow must land: a bad index would be a crash, not a typo. */
function checkBuild(b: ViewBuild, at: number, ctx: z.RefinementCtx): void {
  const n = b.steps.length;
  const bad = (message: string) =>
    ctx.addIssue({ code: 'custom', message: `build ${at}: ${message}` });
  if (b.index !== at) bad('index out of place');
  const lanes = new Map(b.groups.map((g) => [g.key, g.lanes]));
  if (lanes.size !== b.groups.length) bad('two timeline groups have one key');
  // A group has at most a lane per step: the timeline draws a row per lane.
  const members = new Map<string, number>();
  for (const s of b.steps) members.set(s.group, (members.get(s.group) ?? 0) + 1);
  if (b.groups.some((g) => g.lanes > Math.max(1, members.get(g.key) ?? 0)))
    bad('a timeline group has more lanes than steps');
  b.steps.forEach((s, i) => {
    if (s.index !== i) bad(`step ${i} has index ${s.index}`);
    const groupLanes = lanes.get(s.group);
    if (groupLanes === undefined || s.lane >= groupLanes)
      bad(`step ${i} is in no lane of its group`);
  });
  const inRange = (xs: number[]) => xs.every((x) => x < n);
  if (!inRange(b.criticalPath)) bad('critical path names a step that does not exist');
  if (b.error?.step != null && b.error.step >= n) bad('the failing step does not exist');
  if (!b.findings.every((f) => inRange(f.steps))) bad('a finding names a step that does not exist');
  if (!b.cache.breaks.every((c) => c.step < n && inRange(c.rerun)))
    bad('a cache break names a step that does not exist');
  if (!b.mounts.every((m) => m.step < n)) bad('a mount names a step that does not exist');
  if (!b.downloads.items.every((d) => d.step < n))
    bad('a download names a step that does not exist');
}

export const viewDocSchema: z.ZodType<ViewDoc> = z
  .object({
    label: text,
    bytes: count,
    encoding: text,
    format: formatId,
    ci: ciId,
    lines: z.object({ total: count, attributed: count, outside: count }),
    diagnostics: list(
      z.object({ level: z.enum(['info', 'warning', 'error']), message: text, line: count }),
    ),
    builds: z.array(build).max(BUILDS_MAX),
  })
  .superRefine((doc, ctx) => doc.builds.forEach((b, i) => checkBuild(b, i, ctx)));

const packageItem: z.ZodType<PackageEvent> = z.object({
  tool: packageTool,
  event: packageEvent,
  name: text,
  bytes: z.number().nonnegative().finite().nullable(),
  line: count,
});

/** A step's package evidence in a compact link (the lines it was read from are not in the link). */
export const stepPackagesSchema = z
  .object({ items: list(packageItem), notes: list(text) })
  .nullable();

export const payloadV1Schema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('full'), label: text, log: z.string().max(LOG_CHARS_MAX) }),
  z
    .object({
      kind: z.literal('compact'),
      doc: viewDocSchema,
      /** Per build, per step. */
      packages: list(list(stepPackagesSchema)),
    })
    .superRefine((p, ctx) => {
      const fits =
        p.packages.length === p.doc.builds.length &&
        p.packages.every((steps, b) => steps.length === p.doc.builds[b].steps.length);
      if (!fits)
        ctx.addIssue({ code: 'custom', message: 'package evidence does not match the steps' });
    }),
]);

export type PayloadV1 = z.infer<typeof payloadV1Schema>;
