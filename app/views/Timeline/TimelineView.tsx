import { useCallback, useId, useMemo, useState } from 'react';
import { TableDetails } from '../../components/TableDetails';
import { CartesianGrid, ComposedChart, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { duration, plural, refLabel } from '../../format';
import { useApp } from '../../store/create-store';
import { selectBuild } from '../../store/selectors';
import { StatusLegendItems, StatusPatternDefs } from '../Charts/StatusPatterns';
import { AXIS_TICK } from '../Charts/chart-theme';
import { singleLineTick } from '../Charts/single-line-tick';
import { STATUS_ORDER } from '../Charts/status-style';
import { tickLabel, timeTicks } from '../Charts/time-axis';
import { barLabel } from './step-facts';
import { layoutTimeline, type Range } from './timeline-layout';
import { TimelineBars } from './TimelineBars';
import { TimelineTable } from './TimelineTable';
import { TimelineTooltip } from './TimelineTooltip';
import { createTipChannel } from './tip-channel';
import {
  MIN_SPAN_MS,
  ZOOM_STEP,
  barsInRange,
  clampRange,
  sameZoom,
  toStoredZoom,
  viewRange,
  zoomRange,
} from './zoom';

/** Row height for a handful of rows; many rows shrink to fit about 780 px, down to 12 px each. */
const ROW_PX = 26;
const ROWS_AT_FULL_HEIGHT = 30;
const FIT_PX = 780;
const MIN_ROW_PX = 12;
/** The time axis on top and the margins, px. */
const AXIS_PX = 30;
/** Right margin leaves room for half of a tick label at the very end of the axis. */
const MARGIN = { top: 4, right: 28, bottom: 8, left: 4 };
/** About one tick per 120 px of a 1,000 px wide plot. */
const TICKS = 8;
/** Room for group labels such as `linux/amd64 · web · build`. */
const LABEL_PX = 170;
const LABEL_CHARS = 26;
const NO_RANGE: Range = [0, 1];

function rowHeight(rows: number): number {
  if (rows <= ROWS_AT_FULL_HEIGHT) return ROW_PX;
  return Math.max(MIN_ROW_PX, Math.floor(FIT_PX / rows));
}

const cut = (text: string) =>
  text.length > LABEL_CHARS ? `${text.slice(0, LABEL_CHARS - 1)}…` : text;

/**
 * The build's steps on a shared time axis, one row per (group, lane): which
 * stages ran in parallel, what waited, and the critical path. Status shows as
 * colour and pattern; zoom and pan are kept in the store (view.zoom) so a
 * shared link opens on the same window.
 */
export function TimelineView() {
  const build = useApp(selectBuild);
  const zoom = useApp((s) => s.view.zoom);
  const selected = useApp((s) => s.view.step);
  const setZoom = useApp((s) => s.setZoom);
  const selectStep = useApp((s) => s.selectStep);
  const headingId = useId();
  const hintId = useId();
  const prefix = useId();
  const [channel] = useState(createTipChannel);

  const layout = useMemo(() => (build ? layoutTimeline(build) : null), [build]);
  const labels = useMemo(() => {
    if (!build || !layout) return [];
    const estimated = build.timing === 'estimated';
    return build.steps.map((s) => barLabel(s, layout.groupLabels.get(s.group) ?? '', estimated));
  }, [build, layout]);
  const full = layout?.extent ?? NO_RANGE;
  const view = useMemo(() => viewRange(zoom, full), [zoom, full]);
  const visible = useMemo(() => (layout ? barsInRange(layout.bars, view) : []), [layout, view]);
  const xTicks = useMemo(() => timeTicks(view[0], view[1], TICKS), [view]);
  // A drag on an unzoomed chart, or a pan against an end, asks for the window it
  // already has: storing it again would re-render every view that reads the view state.
  const onView = useCallback(
    (range: Range) => {
      const next = toStoredZoom(clampRange(range, full), full);
      if (!sameZoom(next, zoom)) setZoom(next);
    },
    [setZoom, full, zoom],
  );
  // One y tick per group, at the middle of its first lane.
  const axis = useMemo(() => {
    const ticks: number[] = [];
    const names = new Map<number, string>();
    layout?.rows.forEach((r, i) => {
      if (r.label === null) return;
      ticks.push(i + 0.5);
      names.set(i + 0.5, r.label);
    });
    const tick = singleLineTick((v) => {
      const name = names.get(v as number) ?? '';
      return [cut(name), name];
    });
    return { ticks, tick };
  }, [layout]);

  if (!build || !layout) return null;
  const estimated = build.timing === 'estimated';
  const rows = layout.rows.length;
  const height = rows * rowHeight(rows) + AXIS_PX + MARGIN.top + MARGIN.bottom;
  const span = view[1] - view[0];
  const zoomed = zoom !== null;

  return (
    <section className="panel timeline">
      <figure className="timeline-figure" aria-labelledby={headingId}>
        <h2 id={headingId}>Timeline</h2>
        <div className="timeline-toolbar" role="group" aria-label="Zoom">
          <button
            type="button"
            onClick={() => onView(zoomRange(view, full, 1 / ZOOM_STEP))}
            disabled={span <= Math.min(MIN_SPAN_MS, full[1] - full[0])}
          >
            Zoom in
          </button>
          <button
            type="button"
            onClick={() => onView(zoomRange(view, full, ZOOM_STEP))}
            disabled={!zoomed}
          >
            Zoom out
          </button>
          <button type="button" onClick={() => setZoom(null)} disabled={!zoomed}>
            Reset zoom
          </button>
          <span className="muted" aria-live="polite">
            {zoomed
              ? `Showing ${tickLabel(view[0], span)} to ${tickLabel(view[1], span)} of ${duration(full[1])}`
              : `All of ${duration(full[1])}`}
          </span>
        </div>
        <ul className="chart-legend" aria-label="Legend">
          <StatusLegendItems statuses={STATUS_ORDER} />
          <li>
            <svg className="chart-swatch" width={22} height={14} aria-hidden="true">
              <rect
                x={1.5}
                y={1.5}
                width={19}
                height={11}
                rx={2}
                className="timeline-swatch-critical"
              />
            </svg>
            <span>critical path</span>
          </li>
          {estimated && (
            <li>
              <svg className="chart-swatch" width={22} height={14} aria-hidden="true">
                <rect
                  x={1}
                  y={1}
                  width={20}
                  height={12}
                  rx={2}
                  className="timeline-swatch-estimated"
                />
              </svg>
              <span>estimated time</span>
            </li>
          )}
        </ul>
        <p id={hintId} className="timeline-hint muted">
          Ctrl or ⌘ + wheel zooms, drag pans. Keys: ← → steps in time order, ↑ ↓ other rows, Shift +
          ← → pan, + − zoom, 0 shows all, Enter selects.
        </p>
        {layout.bars.length === 0 ? (
          <p className="muted">No step has times to draw.</p>
        ) : (
          <div className="timeline-body">
            <div className="timeline-scroll">
              <div className="chart-frame timeline-frame" style={{ height }}>
                <ResponsiveContainer width="100%" height={height}>
                  <ComposedChart accessibilityLayer={false} margin={MARGIN}>
                    <StatusPatternDefs prefix={prefix} />
                    <CartesianGrid horizontal={false} />
                    <XAxis
                      type="number"
                      dataKey="x"
                      orientation="top"
                      domain={view}
                      allowDataOverflow
                      ticks={xTicks}
                      interval={0}
                      tick={AXIS_TICK}
                      height={AXIS_PX}
                      tickFormatter={(ms: number) => tickLabel(ms, span)}
                    />
                    <YAxis
                      type="number"
                      dataKey="y"
                      domain={[0, rows]}
                      reversed
                      allowDataOverflow
                      ticks={axis.ticks}
                      interval={0}
                      width={LABEL_PX}
                      tick={axis.tick}
                      tickLine={false}
                    />
                    <TimelineBars
                      build={build}
                      layout={layout}
                      visible={visible}
                      view={view}
                      labels={labels}
                      selected={selected}
                      prefix={prefix}
                      channel={channel}
                      hintId={hintId}
                      onSelect={selectStep}
                      onView={onView}
                    />
                  </ComposedChart>
                </ResponsiveContainer>
              </div>
            </div>
            <TimelineTooltip channel={channel} build={build} groupLabels={layout.groupLabels} />
          </div>
        )}
        <figcaption className={estimated ? 'timeline-caption-estimated' : 'muted'}>
          {/* The note starts with its own "Estimated:", which the caption's lead already says. */}
          {estimated && <strong>Estimated times: </strong>}
          {estimated ? build.timingNote.replace(/^Estimated:\s*/, '') : build.timingNote}
        </figcaption>
        {layout.untimed.length > 0 && (
          <div className="timeline-untimed">
            <p>
              {plural(layout.untimed.length, 'step')} {layout.untimed.length === 1 ? 'has' : 'have'}{' '}
              no times:
            </p>
            <ul>
              {layout.untimed.map((i) => (
                <li key={i}>
                  <button type="button" className="link" onClick={() => selectStep(i)}>
                    {refLabel(build.steps[i].ref)} {build.steps[i].name}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        )}
      </figure>
      <TableDetails summary="Timeline as a table">
        {() => <TimelineTable build={build} layout={layout} onSelect={selectStep} />}
      </TableDetails>
    </section>
  );
}
