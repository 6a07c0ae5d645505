import type { ShareView, SortKey } from '../../src/index';
import type { ParseClient } from '../worker/client';
import type { LoadSource, ViewDoc } from '../worker/protocol';
import type { DocOrigin } from '../worker/share-protocol';

export type { SortKey };

export type LoadStatus = 'idle' | 'loading' | 'done' | 'error' | 'canceled';

export interface LoadingSlice {
  loading: {
    status: LoadStatus;
    /** What is being (or was last) loaded. */
    label: string | null;
    bytes: number;
    total: number | null;
    error: string | null;
    /** How long the last load took, from the request to the view document (ms). */
    elapsedMs: number | null;
  };
  /** The one way in: paste, drop, picker, `#url=` and samples all call it. */
  load(source: LoadSource): Promise<void>;
  cancelLoad(): void;
  /** Back to the start page. */
  reset(): void;
}

export interface DocSlice {
  doc: ViewDoc | null;
  /** Read from a log, or opened from a share link (a compact one carries no log lines). */
  origin: DocOrigin;
  /** The worker that holds the loaded log, for the line queries of the step and log views. */
  client: ParseClient;
}

/** What a shared link carries: which build and step, the zoom, the filters, the sort, the line in view. */
export type ViewState = ShareView;

export interface ViewSlice {
  view: ViewState;
  selectBuild(index: number): void;
  selectStep(index: number | null): void;
  setZoom(range: [number, number] | null): void;
  setFilters(filters: Partial<ViewState['filters']>): void;
  setSort(key: SortKey): void;
  /** Brings an input line into the log view (a finding's evidence, a step's first line). */
  showLine(line: number | null): void;
}

export type Theme = 'system' | 'light' | 'dark';

export interface UiSlice {
  theme: Theme;
  setTheme(theme: Theme): void;
}

export type AppState = LoadingSlice & DocSlice & ViewSlice & UiSlice;
