/**
 * The types every layer shares. Times inside a build are milliseconds from the
 * build's start unless the name says otherwise (`…EpochMs` = absolute, UTC).
 */

export type FormatId = 'plain' | 'legacy' | 'tty' | 'rawjson' | 'unknown';

export type CiId =
  'github-actions' | 'azure-pipelines' | 'gitlab' | 'jenkins' | 'buildkite' | 'prefixed' | null;

/** How a build's times were obtained. */
export type Timing = 'exact' | 'timestamped' | 'estimated';

export type StepKind =
  'internal' | 'base' | 'step' | 'export' | 'cache-import' | 'cache-export' | 'other';

export type StepStatus = 'done' | 'cached' | 'error' | 'canceled' | 'unfinished';

/** Where an input line ended up; every line has exactly one. */
export type LineRole = 'step-output' | 'step-status' | 'build-header' | 'build-trailer' | 'outside';

/** A progress/status line of a step (§1.4): transfers, layer pulls, exports. */
export interface StatusEntry {
  line: number;
  id: string;
  currentBytes: number | null;
  totalBytes: number | null;
  seconds: number | null;
  done: boolean;
}

export interface StepWarning {
  line: number;
  message: string;
}

/**
 * One appearance of a step in the log: a block from its header (or switch-in)
 * to its finish or switch-away. Plain mode re-opens steps; the estimator needs
 * each block in order.
 */
export interface Segment {
  /** First and last input line of the block. */
  firstLine: number;
  lastLine: number;
  /** Elapsed times (ms) of the first and last log line printed in the block. */
  firstElapsedMs: number | null;
  lastElapsedMs: number | null;
  /** The block ended with DONE/CACHED/ERROR/CANCELED (not a switch-away). */
  finished: boolean;
  /** The busy time its DONE line reported: the sum of the intervals so far (§1.2). */
  doneMs?: number | null;
}

/** An execution interval with absolute times (rawjson, legacy). */
export interface IntervalEpoch {
  startEpochMs: number;
  endEpochMs: number | null;
}

export interface Step {
  /** Index of this step in its build's `steps`. */
  index: number;
  /** `#N`; the vertex digest for rawjson; the row number of the final frame for TTY. */
  ref: number | string;
  /** The vertex digest where the log printed one. */
  digest: string | null;
  name: string;
  stage: string | null;
  platform: string | null;
  target: string | null;
  position: [number, number] | null;
  instruction: string | null;
  kind: StepKind;
  status: StepStatus;
  /** Busy time as reported (DONE = sum of merged intervals), or exact. */
  durationMs: number | null;
  startMs: number | null;
  endMs: number | null;
  /** Output lines (input line numbers) with their elapsed time when printed. */
  outputLines: number[];
  outputElapsedMs: (number | null)[];
  /**
   * Where the tool's text starts in each output line (after plain mode's
   * `#N 1.234 ` prefix), as the reader found it; -1 where it did not note it.
   * Parallel to `outputLines` where filled; empty for the formats that do not fill it.
   */
  outputTextAt: number[];
  /**
   * Tool output text where the input lines do not hold it one line each: rawjson
   * (base64 inside JSON, §5) and legacy pastes whose line breaks were lost (§3).
   * `logElapsedMs[k]` is line k's elapsed ms since the start of the step's most
   * recent interval, like plain mode's prefix (§1.3); null when not known.
   */
  logText?: string[];
  logElapsedMs?: (number | null)[];
  /**
   * `logLines[k]`: the input line (0-based) that carried the start of
   * `logText[k]` (rawjson: the first line of its JSON object), so facts read
   * from the tool text can point at the raw text. Absent when not recorded.
   */
  logLines?: number[];
  /** Lines that belong to the step but are not tool output (header, status, finish). */
  statusLineNumbers: number[];
  statuses: StatusEntry[];
  warnings: StepWarning[];
  error: string | null;
  exitCode: number | null;
  segments: Segment[];
  intervals: IntervalEpoch[];
  /** CI timestamps (epoch ms) of the step's lines where the log carries them. */
  firstStampEpochMs: number | null;
  lastStampEpochMs: number | null;
  /** Stamp of the finish line (DONE/ERROR/...) where timestamped. */
  finishStampEpochMs: number | null;
}

export interface BuildError {
  /** Ref of the failing step, when known. */
  step: number | string | null;
  message: string;
  exitCode: number | null;
  line: number;
}

export interface SourceExcerpt {
  file: string;
  line: number;
  /** The excerpt as printed, one entry per excerpt line, `>>>` lines marked. */
  rows: { number: number; text: string; marked: boolean }[];
  firstLine: number;
}

export interface Build {
  index: number;
  format: FormatId;
  timing: Timing;
  /** Wall time of the build; null when nothing can be said. */
  wallMs: number | null;
  /** Absolute start where known (exact or timestamped). */
  startEpochMs: number | null;
  builder: string | null;
  steps: Step[];
  error: BuildError | null;
  /** Every error line of the trailer, in order (multi-line messages joined). */
  errorLines: number[];
  warnings: string[];
  excerpt: SourceExcerpt | null;
  firstLine: number;
  lastLine: number;
}

export interface Diagnostic {
  level: 'info' | 'warning' | 'error';
  message: string;
  /** 1-based input line, 0 when not tied to a line. */
  line: number;
}

/** Attribution of every input line. */
export interface Attribution {
  role: Uint8Array;
  build: Int32Array;
  step: Int32Array;
}

export const ROLES: readonly LineRole[] = [
  'outside',
  'step-output',
  'step-status',
  'build-header',
  'build-trailer',
];

export interface LogModel {
  format: FormatId;
  ci: CiId;
  /** Input lines as received (CI prefix and ANSI kept), one per line. */
  raw: string[];
  /** Input lines as parsed (CI prefix and ANSI removed). */
  text: string[];
  builds: Build[];
  attribution: Attribution;
  diagnostics: Diagnostic[];
  bytes: number;
  encoding: string;
}
