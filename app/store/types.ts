import type { StepStatus } from '../../src/index';
import type { ParseClient } from '../worker/client';
import type { LoadSource, ViewDoc } from '../worker/protocol';

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
  /** The worker that holds the loaded log, for the line queries of the step and log views. */
  client: ParseClient;
}

export type SortKey = 'start' | 'duration' | 'name' | 'status' | 'stage' | 'ref';

/** What a shared link carries: which build and step, the zoom, the filters (see the share issue). */
export interface ViewState {
  build: number;
  step: number | null;
  /** Visible time range of the timeline (ms from the build's start); null = all of it. */
  zoom: [number, number] | null;
  filters: { statuses: StepStatus[]; stage: string | null; text: string };
  sort: { key: SortKey; dir: 'asc' | 'desc' };
  /** The input line (0-based) the log view should bring into view and mark; null = none. */
  line: number | null;
}

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
