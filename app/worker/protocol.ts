/**
 * What the parse worker and the page say to each other, and the view document
 * the worker builds: everything the views show, without the per-line arrays
 * (those stay in the worker and are fetched a page at a time), so a 50 MB log
 * costs the page a small structured clone, not the whole model.
 */
import type {
  CacheMount,
  CiId,
  Diagnostic,
  DownloadsLedger,
  Finding,
  FormatId,
  LayerCache,
  LineRole,
  PackageEventKind,
  PackageTool,
  SourceExcerpt,
  Step,
  StepPackages,
  Timing,
  WorkKind,
} from '../../src/index';

/** Where a log comes from. Every way in (paste, drop, picker, `#url=`, sample) builds one. */
export type LoadSource =
  | { kind: 'text'; text: string; label: string }
  | { kind: 'file'; file: File }
  | { kind: 'url'; url: string; label: string };

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

/** One input line for the log and step views. */
export interface ViewLine {
  /** 0-based input line. */
  n: number;
  text: string;
  role: LineRole;
  build: number | null;
  step: number | null;
  /** Plain mode's elapsed time of an output line (ms since the step's interval began). */
  elapsedMs: number | null;
  /** What the analysis read on this line, for highlighting. */
  mark: PackageEventKind | 'warning' | 'error' | null;
}

export interface StepDetail {
  build: number;
  step: number;
  /** The step's input lines (status and output) in order; capped, see `truncated`. */
  lines: ViewLine[];
  truncated: boolean;
  /** Tool output that is not one input line each (rawjson, flattened legacy). */
  logText: string[] | null;
  packages: {
    items: {
      tool: PackageTool;
      event: PackageEventKind;
      name: string;
      bytes: number | null;
      line: number;
    }[];
    notes: string[];
  } | null;
}

export type ToWorker =
  | { type: 'load'; id: number; source: LoadSource }
  | { type: 'lines'; id: number; from: number; count: number }
  | { type: 'outside'; id: number }
  | { type: 'step'; id: number; build: number; step: number };

export type FromWorker =
  | { type: 'progress'; id: number; bytes: number; total: number | null }
  | { type: 'loaded'; id: number; doc: ViewDoc }
  | { type: 'lines'; id: number; lines: ViewLine[] }
  | { type: 'step'; id: number; detail: StepDetail }
  | { type: 'error'; id: number; message: string };
