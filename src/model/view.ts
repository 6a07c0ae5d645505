/**
 * The view document: the analyzed model without its per-line arrays. It is what
 * the app's views show (built in the worker, so a 50 MB log costs the page a
 * small structured clone) and what a compact share link carries.
 */
import type {
  CacheMount,
  DownloadsLedger,
  Finding,
  LayerCache,
  StepPackages,
  WorkKind,
} from './analysis';
import type { CiId, Diagnostic, FormatId, SourceExcerpt, Step, Timing } from './types';

/** A step's package totals; the items stay in the worker (`StepDetail.packages`). */
export type StepPackagesView = Omit<StepPackages, 'items' | 'summaries' | 'notes'>;

/**
 * A step as the views see it: the core's facts about it (`index` is what every
 * view links by) without its per-line arrays, plus what the analysis says of it.
 */
export interface ViewStep extends Pick<
  Step,
  | 'index'
  | 'ref'
  | 'name'
  | 'stage'
  | 'platform'
  | 'target'
  | 'position'
  | 'instruction'
  | 'kind'
  | 'status'
  | 'durationMs'
  | 'startMs'
  | 'endMs'
  | 'error'
  | 'exitCode'
  | 'warnings'
> {
  /** Input lines of the step (output and status), and the first and last of them (0-based). */
  lineCount: number;
  firstLine: number | null;
  lastLine: number | null;
  outputLineCount: number;
  packages: StepPackagesView | null;
  onCriticalPath: boolean;
  /** How much longer the step could take without making the build longer (ms). */
  slackMs: number;
  /** The lane (row) of the timeline in its group: steps of one group that overlap get different lanes. */
  lane: number;
  /** The timeline group: platform, bake target and stage, or the kind for internal steps. */
  group: string;
}

export interface ViewBuild {
  index: number;
  /** For the build picker: `Build 2 · 14 steps · failed`. */
  label: string;
  timing: Timing;
  /** One line on how the times were obtained. */
  timingNote: string;
  wallMs: number | null;
  summedMs: number;
  parallelism: number | null;
  builder: string | null;
  error: { step: number | null; message: string; exitCode: number | null; line: number } | null;
  excerpt: SourceExcerpt | null;
  firstLine: number;
  lastLine: number;
  steps: ViewStep[];
  counts: {
    steps: number;
    cached: number;
    executed: number;
    failed: number;
    canceled: number;
    unfinished: number;
  };
  cache: LayerCache;
  packages: StepPackagesView & { steps: number };
  criticalPath: number[];
  byKind: Record<WorkKind, number>;
  findings: Finding[];
  downloads: DownloadsLedger;
  mounts: CacheMount[];
  /** Timeline groups in display order, each with its number of lanes. */
  groups: { key: string; label: string; lanes: number }[];
}

export interface ViewDoc {
  /** What the user loaded: a file name, `pasted text`, an address. */
  label: string;
  bytes: number;
  encoding: string;
  format: FormatId;
  ci: CiId;
  lines: { total: number; attributed: number; outside: number };
  diagnostics: Diagnostic[];
  builds: ViewBuild[];
}
