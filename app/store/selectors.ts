/**
 * Selectors, defined once and outside components (STYLE.md). The derived lists
 * are memoised on their inputs, so a component re-renders only when they change.
 */
import type { ViewBuild, ViewStep } from '../worker/protocol';
import type { AppState, ViewState } from './types';

export const selectDoc = (s: AppState) => s.doc;
export const selectOrigin = (s: AppState) => s.origin;
export const selectLoading = (s: AppState) => s.loading;
export const selectView = (s: AppState) => s.view;
// Parts of the view state: a component that shows the filters does not re-render on a zoom.
export const selectBuildIndex = (s: AppState) => s.view.build;
export const selectStepIndex = (s: AppState) => s.view.step;
export const selectFilters = (s: AppState) => s.view.filters;
export const selectSort = (s: AppState) => s.view.sort;
export const selectZoom = (s: AppState) => s.view.zoom;
export const selectTheme = (s: AppState) => s.theme;
export const selectClient = (s: AppState) => s.client;

export const selectBuild = (s: AppState): ViewBuild | null =>
  s.doc?.builds[s.view.build] ?? s.doc?.builds[0] ?? null;

export const selectStep = (s: AppState): ViewStep | null => {
  const b = selectBuild(s);
  return b && s.view.step !== null ? (b.steps[s.view.step] ?? null) : null;
};

/** Stage names of the build, in first-seen order, for the stage filter. */
export const selectStages = memo((b: ViewBuild | null) => {
  const out: string[] = [];
  for (const s of b?.steps ?? []) if (s.stage !== null && !out.includes(s.stage)) out.push(s.stage);
  return out;
}, selectBuild);

export function matchesFilters(s: ViewStep, f: ViewState['filters']): boolean {
  if (f.statuses.length && !f.statuses.includes(s.status)) return false;
  if (f.stage !== null && s.stage !== f.stage) return false;
  if (f.text) {
    const q = f.text.toLowerCase();
    if (!s.name.toLowerCase().includes(q) && !String(s.ref).toLowerCase().includes(q)) return false;
  }
  return true;
}

const STATUS_ORDER = { error: 0, canceled: 1, unfinished: 2, done: 3, cached: 4 } as const;

export function compareSteps(a: ViewStep, b: ViewStep, key: ViewState['sort']['key']): number {
  switch (key) {
    case 'duration':
      return (a.durationMs ?? -1) - (b.durationMs ?? -1);
    case 'name':
      return a.name.localeCompare(b.name);
    case 'status':
      return STATUS_ORDER[a.status] - STATUS_ORDER[b.status];
    case 'stage':
      return (a.stage ?? '').localeCompare(b.stage ?? '');
    case 'ref':
      return a.index - b.index;
    default:
      return (a.startMs ?? Infinity) - (b.startMs ?? Infinity) || a.index - b.index;
  }
}

/** The Steps table's rows: the build's steps through the filters, in the chosen order. */
export const selectVisibleSteps = memo(
  (b: ViewBuild | null, filters: ViewState['filters'], sort: ViewState['sort']) => {
    if (!b) return [];
    const rows = b.steps.filter((s) => matchesFilters(s, filters));
    const dir = sort.dir === 'asc' ? 1 : -1;
    // Ties keep the build's order, whichever way the sort goes.
    return rows.sort((x, y) => dir * compareSteps(x, y, sort.key) || x.index - y.index);
  },
  selectBuild,
  (s) => s.view.filters,
  (s) => s.view.sort,
);

/** The slowest steps first, for "time per step". */
export const selectSlowestSteps = memo(
  (b: ViewBuild | null) =>
    (b?.steps ?? [])
      .filter((s) => (s.durationMs ?? 0) > 0)
      .sort((x, y) => (y.durationMs ?? 0) - (x.durationMs ?? 0) || x.index - y.index),
  selectBuild,
);

/** A selector over other selectors' results, recomputed only when one of them changes. */
function memo<A extends unknown[], R>(
  compute: (...args: A) => R,
  ...inputs: { [K in keyof A]: (s: AppState) => A[K] }
): (s: AppState) => R {
  let last: A | null = null;
  let result: R;
  return (s) => {
    const args = inputs.map((f) => f(s)) as A;
    if (!last || args.some((v, i) => v !== last![i])) {
      last = args;
      result = compute(...args);
    }
    return result;
  };
}
