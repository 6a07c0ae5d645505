/**
 * What the analysis derives from a build (issue "why was this build slow?").
 * Times in ms from the build's start, sizes in bytes. Every figure keeps the
 * input lines (0-based) it came from, so the UI can show the text behind it.
 */

/** A package manager whose lines were recognised inside a RUN step. */
export type PackageTool =
  | 'pip'
  | 'uv'
  | 'poetry'
  | 'npm'
  | 'pnpm'
  | 'yarn'
  | 'apt'
  | 'apk'
  | 'go'
  | 'cargo'
  | 'maven'
  | 'gradle'
  | 'bundler'
  | 'composer';

export type PackageEventKind = 'downloaded' | 'reused' | 'built';

/** One package-level fact a tool printed. */
export interface PackageEvent {
  tool: PackageTool;
  event: PackageEventKind;
  /** Package (or file) name as printed. */
  name: string;
  /** Size when the line printed one, in bytes (pip `(62 kB)`, apt `[1792 kB]`, maven `(6.1 kB at …)`). */
  bytes: number | null;
  /** Input line (0-based). */
  line: number;
}

/**
 * A tool's own summary line (`Fetched 40.2 MB in 2s`, `added 57 packages`,
 * `Progress: resolved 109, reused 53, downloaded 1`), kept where the tool
 * prints no per-package lines; `downloaded`/`reused`/`bytes` are what it says.
 */
export interface PackageSummary {
  tool: PackageTool;
  line: number;
  text: string;
  downloaded: number | null;
  reused: number | null;
  bytes: number | null;
}

export interface StepPackages {
  tools: PackageTool[];
  downloaded: number;
  reused: number;
  builtFromSource: number;
  bytesDownloaded: number;
  bytesReused: number;
  /** Time spent downloading, from the elapsed times of the lines around each download. */
  downloadMs: number;
  items: PackageEvent[];
  summaries: PackageSummary[];
  /** What cannot be known from this tool's output (npm without `--loglevel=http`, apk, go mod download). */
  notes: string[];
}

/** A `--mount=type=cache,...` of a RUN step. */
export interface CacheMount {
  /** Index of the step in its build. */
  step: number;
  target: string;
  id: string | null;
  sharing: 'shared' | 'private' | 'locked' | null;
  mode: string | null;
  from: string | null;
  source: string | null;
  /** The tool whose cache directory this is, when it is one (`/root/.cache/pip` → pip). */
  tool: PackageTool | null;
  /** The mount as written in the step name. */
  text: string;
}

/** Why the layer cache broke at a step. */
export type CacheBreakReason =
  | 'context-copy'
  | 'run-changed'
  | 'build-arg'
  | 'base-image'
  | 'no-cache'
  | 'cache-import-failed'
  | 'first-build'
  | 'unknown';

export interface CacheBreak {
  /** The first step of its stage that ran after cached ones (or the stage's first step). */
  step: number;
  stage: string | null;
  reason: CacheBreakReason;
  /** Plain words: why this reason was chosen, from what the log shows. */
  explanation: string;
  /** Steps after it in the stage that re-ran because of it. */
  rerun: number[];
  /** Time of the breaking step and the re-run ones. */
  costMs: number;
}

export interface LayerCache {
  /** Dockerfile steps (kind `step` or `base`); internal steps etc. are counted apart. */
  steps: number;
  /**
   * Hits and misses, as buildctl counts them (`cmd/buildctl/cachemetrics.go`): over
   * Dockerfile steps other than FROM, whose CACHED/DONE says nothing about the cache.
   */
  cached: number;
  executed: number;
  /** cached / (steps − FROM steps), null when that is 0. */
  ratio: number | null;
  /** Time the executed Dockerfile steps took. */
  executedMs: number;
  /** Steps left out of the hit/miss count, by kind (`base` = the FROM steps). */
  other: {
    internal: number;
    base: number;
    export: number;
    cacheImport: number;
    cacheExport: number;
    other: number;
  };
  breaks: CacheBreak[];
}

export type DownloadKind =
  'base-layer' | 'context' | 'package' | 'cache-import' | 'cache-export' | 'image-export' | 'push';

/** One thing the build pulled or pushed. */
export interface Download {
  kind: DownloadKind;
  step: number;
  name: string;
  bytes: number | null;
  durationMs: number | null;
  /** The first line behind the item. */
  line: number;
  /** Transfers the item stands for: 1, or the packages one tool downloaded in one step. */
  count: number;
}

export interface DownloadsLedger {
  items: Download[];
  totals: Record<DownloadKind, { count: number; bytes: number; durationMs: number }>;
}

/** Kinds of work for "time per kind of work". */
export type WorkKind =
  | 'base-pull'
  | 'context'
  | 'run'
  | 'copy'
  | 'export'
  | 'push'
  | 'cache-import'
  | 'cache-export'
  | 'internal'
  | 'other';

export interface CriticalPath {
  /** Step indices of the chain that set the wall time, first to last. */
  steps: number[];
  /** Per step index: how much longer it could take without making the build longer (ms). */
  slackMs: number[];
  wallMs: number;
  summedMs: number;
  /** summed / wall: 1 = serial, 2 = two things at a time on average. */
  parallelism: number | null;
  /** Busy time per kind of work (ms). */
  byKind: Record<WorkKind, number>;
}

export type Severity = 'high' | 'medium' | 'low' | 'info';

export interface Finding {
  rule: string;
  severity: Severity;
  title: string;
  /** Plain-language explanation of what the log shows. */
  detail: string;
  /** Step indices the finding is about. */
  steps: number[];
  /** The exact input lines (0-based) that prove it. */
  lines: number[];
  /** Time at stake, where an estimate can be made. */
  timeAtStakeMs: number | null;
  /** A concrete fix, with a Dockerfile snippet where one helps. */
  fix: string;
  snippet: string | null;
}

export interface BuildAnalysis {
  cache: LayerCache;
  /** Per step index; null where the step printed no package output. */
  packages: (StepPackages | null)[];
  mounts: CacheMount[];
  downloads: DownloadsLedger;
  criticalPath: CriticalPath;
  findings: Finding[];
}
