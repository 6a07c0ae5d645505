/**
 * The view a share link carries (which build and step, the timeline's zoom, the
 * steps table's filters and sort, the log line in view), and its form in the
 * link: readable parameters beside the payload (`&build=0&step=4&zoom=1200-5600`),
 * in the spirit of the Firefox Profiler's URL state. Kept outside the compressed
 * payload so that following the user's clicks costs no re-encoding of a log.
 */
import type { StepStatus } from '../model/types';

export type SortKey = 'start' | 'duration' | 'name' | 'status' | 'stage' | 'ref';

export interface ShareView {
  build: number;
  step: number | null;
  /** Visible time range of the timeline (ms from the build's start); null = all of it. */
  zoom: [number, number] | null;
  filters: { statuses: StepStatus[]; stage: string | null; text: string };
  sort: { key: SortKey; dir: 'asc' | 'desc' };
  /** The input line (0-based) the log view brings into view; null = none. */
  line: number | null;
}

export const initialShareView = (): ShareView => ({
  build: 0,
  step: null,
  zoom: null,
  filters: { statuses: [], stage: null, text: '' },
  sort: { key: 'start', dir: 'asc' },
  line: null,
});

const STATUSES: readonly StepStatus[] = ['done', 'cached', 'error', 'canceled', 'unfinished'];
const SORT_KEYS: readonly SortKey[] = ['start', 'duration', 'name', 'status', 'stage', 'ref'];

/** Filter texts longer than this are cut: a filter is a few words, not a payload. */
const TEXT_MAX = 200;
/** Indices and times above this are not a build's (2^31: a step index, ~24 days in ms). */
const INT_MAX = 2 ** 31 - 1;

/** Writes the parts of `view` that differ from the initial view. */
export function viewParams(view: ShareView): [string, string][] {
  const out: [string, string][] = [];
  if (view.build) out.push(['build', String(view.build)]);
  if (view.step !== null) out.push(['step', String(view.step)]);
  if (view.zoom) out.push(['zoom', `${Math.round(view.zoom[0])}-${Math.round(view.zoom[1])}`]);
  if (view.filters.statuses.length) out.push(['status', view.filters.statuses.join(',')]);
  if (view.filters.stage !== null) out.push(['stage', view.filters.stage]);
  if (view.filters.text) out.push(['q', view.filters.text]);
  if (view.sort.key !== 'start' || view.sort.dir !== 'asc')
    out.push(['sort', `${view.sort.key}-${view.sort.dir}`]);
  if (view.line !== null) out.push(['line', String(view.line)]);
  return out;
}

const int = (s: string | null): number | null =>
  s !== null && /^\d{1,10}$/.test(s) && Number(s) <= INT_MAX ? Number(s) : null;

/**
 * Reads the view back; anything malformed falls back to the initial value of
 * that part (a hand-edited `step=abc` must not cost the receiver the build).
 * Whether the indices exist in the document is checked where the document is known.
 */
export function readViewParams(params: URLSearchParams): ShareView {
  const view = initialShareView();
  view.build = int(params.get('build')) ?? 0;
  view.step = int(params.get('step'));
  const zoom = /^(\d{1,10})-(\d{1,10})$/.exec(params.get('zoom') ?? '');
  if (zoom) {
    const [from, to] = [Number(zoom[1]), Number(zoom[2])];
    if (to > from && to <= INT_MAX) view.zoom = [from, to];
  }
  const statuses = (params.get('status') ?? '').split(',');
  view.filters.statuses = STATUSES.filter((s) => statuses.includes(s));
  const stage = params.get('stage');
  if (stage !== null) view.filters.stage = stage.slice(0, TEXT_MAX);
  view.filters.text = (params.get('q') ?? '').slice(0, TEXT_MAX);
  const sort = /^([a-z]+)-(asc|desc)$/.exec(params.get('sort') ?? '');
  if (sort && (SORT_KEYS as string[]).includes(sort[1]))
    view.sort = { key: sort[1] as SortKey, dir: sort[2] as 'asc' | 'desc' };
  view.line = int(params.get('line'));
  return view;
}
