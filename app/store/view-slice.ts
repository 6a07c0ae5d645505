import type { StateCreator } from 'zustand';
import { initialShareView } from '../../src/index';
import type { ViewDoc } from '../worker/protocol';
import type { AppState, ViewSlice, ViewState } from './types';

export const initialView = (): ViewState => initialShareView();

/**
 * Where a freshly loaded document opens: the first failed build on its failing
 * step (PRODUCT.md: "what failed" first), else the first build with nothing selected.
 */
export function openingView(doc: ViewDoc): ViewState {
  const view = initialView();
  const failed = doc.builds.find((b) => b.error !== null || b.counts.failed > 0);
  if (failed) {
    view.build = failed.index;
    view.step = failed.error?.step ?? failed.steps.find((s) => s.status === 'error')?.index ?? null;
  }
  return view;
}

/**
 * The view a share link carried, held to the document it opened: a build, step
 * or line that is not there falls back to none (the link was valid; its view
 * may have been edited by hand).
 */
export function linkedView(doc: ViewDoc, view: ViewState): ViewState {
  const b = doc.builds[view.build];
  // A build that is not there takes the whole view with it: its step and stage were that build's.
  if (!b)
    return {
      ...initialView(),
      line: view.line !== null && view.line < doc.lines.total ? view.line : null,
    };
  const stage = view.filters.stage;
  return {
    ...view,
    step: view.step !== null && view.step < b.steps.length ? view.step : null,
    filters: {
      ...view.filters,
      stage: stage !== null && b.steps.some((s) => s.stage === stage) ? stage : null,
    },
    line: view.line !== null && view.line < doc.lines.total ? view.line : null,
  };
}

export const createViewSlice: StateCreator<AppState, [], [], ViewSlice> = (set) => ({
  view: initialView(),
  selectBuild: (index) =>
    set((s) => {
      if (!s.doc || index < 0 || index >= s.doc.builds.length) return {};
      return { view: { ...initialView(), build: index } };
    }),
  selectStep: (index) => set((s) => ({ view: { ...s.view, step: index } })),
  setZoom: (range) =>
    set((s) => ({
      view: { ...s.view, zoom: range && range[1] > range[0] ? [range[0], range[1]] : null },
    })),
  showLine: (line) => set((s) => ({ view: { ...s.view, line } })),
  setFilters: (filters) =>
    set((s) => ({ view: { ...s.view, filters: { ...s.view.filters, ...filters } } })),
  setSort: (key) =>
    set((s) => ({
      view: {
        ...s.view,
        sort: {
          key,
          dir: s.view.sort.key === key && s.view.sort.dir === 'asc' ? 'desc' : 'asc',
        },
      },
    })),
});
