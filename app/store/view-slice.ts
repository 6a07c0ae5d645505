import type { StateCreator } from 'zustand';
import type { ViewDoc } from '../worker/protocol';
import type { AppState, ViewSlice, ViewState } from './types';

export const initialView = (): ViewState => ({
  build: 0,
  step: null,
  zoom: null,
  filters: { statuses: [], stage: null, text: '' },
  sort: { key: 'start', dir: 'asc' },
  line: null,
});

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
