import { useId, useMemo } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  LabelList,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
  type BarShapeProps,
  type TooltipContentProps,
} from 'recharts';
import { duration, percentOf } from '../../format';
import { useApp } from '../../store/create-store';
import { selectBuild } from '../../store/selectors';
import { AXIS_TICK, LABEL_TICK, VALUE_LABEL_FILL } from './chart-theme';
import { ChartTooltipBox } from './ChartTooltipBox';
import { valueAxis } from './time-axis';
import { kindRows, type KindRow } from './time-per-kind';

/** Bar pitch and the room the axis and margins take, in px. */
const BAR_PX = 32;
const CHROME_PX = 46;

function KindTooltip({ active, payload }: TooltipContentProps) {
  const row = payload?.[0]?.payload as KindRow | undefined;
  if (!active || !row) return null;
  return (
    <ChartTooltipBox title={row.label}>
      <div>{duration(row.ms)}</div>
      <div className="muted">{percentOf(row.share)} of the time of all kinds</div>
    </ChartTooltipBox>
  );
}

// One colour for all kinds: the bars differ by length and label, not by hue.
const kindBar = (p: BarShapeProps) => (
  <rect
    x={p.x}
    y={p.y}
    width={Math.max(2, p.width)}
    height={p.height}
    className="chart-bar chart-bar-kind"
  />
);

/**
 * "Time per kind of work": the build's step time summed by what the work was
 * (pulls, RUN, COPY, export…), largest first, with kinds that took no time left out.
 */
export function TimePerKindView() {
  const build = useApp(selectBuild);
  const headingId = useId();
  const rows = useMemo(() => (build ? kindRows(build.byKind) : []), [build]);
  const axis = useMemo(() => valueAxis(Math.max(0, ...rows.map((r) => r.ms))), [rows]);
  if (!build) return null;
  const height = rows.length * BAR_PX + CHROME_PX;

  return (
    <section className="panel chart-panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Time per kind of work</h2>
      {rows.length === 0 ? (
        <p className="muted">No kind of work took measurable time.</p>
      ) : (
        <div className="chart-frame" style={{ height }}>
          <ResponsiveContainer width="100%" height={height}>
            <BarChart
              layout="vertical"
              data={rows}
              margin={{ top: 4, right: 56, bottom: 4, left: 4 }}
              title="Time per kind of work"
            >
              <CartesianGrid horizontal={false} />
              <XAxis
                type="number"
                domain={axis.domain}
                ticks={axis.ticks}
                tick={AXIS_TICK}
                tickFormatter={(v: number) => duration(v)}
              />
              <YAxis type="category" dataKey="label" width={130} interval={0} tick={LABEL_TICK} />
              <Tooltip content={KindTooltip} cursor={{ className: 'chart-cursor' }} />
              <Bar dataKey="ms" shape={kindBar} isAnimationActive={false}>
                <LabelList
                  dataKey="ms"
                  position="right"
                  fill={VALUE_LABEL_FILL}
                  fontSize={12}
                  formatter={(v) => duration(Number(v))}
                />
              </Bar>
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
      <details className="chart-table">
        <summary>Time per kind of work as a table</summary>
        <table className="data">
          <caption>Time per kind of work</caption>
          <thead>
            <tr>
              <th scope="col">Kind of work</th>
              <th scope="col" className="num">
                Time
              </th>
              <th scope="col" className="num">
                Share
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.kind}>
                <td>{r.label}</td>
                <td className="num">{duration(r.ms)}</td>
                <td className="num">{percentOf(r.share)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
