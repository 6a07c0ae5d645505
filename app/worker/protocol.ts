/**
 * What the parse worker and the page say to each other, and the view document
 * the worker builds: everything the views show, without the per-line arrays
 * (those stay in the worker and are fetched a page at a time), so a 50 MB log
 * costs the page a small structured clone, not the whole model.
 */
import type { LineRole, PackageEventKind, PackageTool, ViewDoc } from '../../src/index';

import type { LoadedInfo, ShareOptions, SharePreview } from './share-protocol';

export type { StepPackagesView, ViewBuild, ViewDoc, ViewStep } from '../../src/index';

/** Where a log comes from. Every way in (paste, drop, picker, `#url=`, sample) builds one. */
export type LoadSource =
  | { kind: 'text'; text: string; label: string }
  | { kind: 'file'; file: File }
  | { kind: 'url'; url: string; label: string }
  | { kind: 'link'; hash: string; label: string };

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

/**
 * What the Export panel can ask the worker for. `json` and `markdown` need the
 * whole model (toJson, formatMarkdown); `csv` and `trace` only the view
 * document, so they also work for a document that arrived without its log.
 */
export type ExportFormat = 'json' | 'csv' | 'trace' | 'markdown';

/** One export, ready to save: its text, its media type and a file name made from the log's. */
export interface ExportFile {
  text: string;
  mime: string;
  fileName: string;
}

/** A loaded document, how it came and, from a link, the view it carried. */
export type LoadedDoc = { doc: ViewDoc } & LoadedInfo;

export type ToWorker =
  | { type: 'load'; id: number; source: LoadSource }
  | { type: 'lines'; id: number; from: number; count: number }
  | { type: 'outside'; id: number }
  | { type: 'step'; id: number; build: number; step: number }
  | { type: 'export'; id: number; format: ExportFormat }
  | { type: 'share'; id: number; options: ShareOptions };

export type FromWorker =
  | { type: 'progress'; id: number; bytes: number; total: number | null }
  | ({ type: 'loaded'; id: number } & LoadedDoc)
  | { type: 'lines'; id: number; lines: ViewLine[] }
  | { type: 'step'; id: number; detail: StepDetail }
  | ({ type: 'export'; id: number } & ExportFile)
  | { type: 'share'; id: number; preview: SharePreview }
  | { type: 'error'; id: number; message: string };
