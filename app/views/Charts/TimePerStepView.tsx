import { useId, useMemo } from 'react';
import { TableDetails } from '../../components/TableDetails';
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
import { duration, refLabel, STATUS_LABEL } from '../../format';
import { useApp } from '../../store/create-store';
import { selectBuild, selectSlowestSteps } from '../../store/selectors';
import { AXIS_TICK, VALUE_LABEL_FILL } from './chart-theme';
import { ChartTooltipBox } from './ChartTooltipBox';
import { singleLineTick } from './single-line-tick';
import { StatusLegendItems, StatusPatternDefs } from './StatusPatterns';
import { STATUS_ORDER, patternFill } from './status-style';
import { valueAxis } from './time-axis';
import { foldSlowest, stepsByDuration, type StepBar } from './time-per-step';

/** Bar pitch and the room the axis and margins take, in px: thirteen bars fit in about 440 px. */
const BAR_PX = 30;
const CHROME_PX = 46;
const LABEL_PX = 232;

function StepTooltip({ active, payload }: TooltipContentProps) {
  const bar = payload?.[0]?.payload as StepBar | undefined;
  if (!active || !bar) return null;
  return (
    <ChartTooltipBox title={bar.name}>
      <div>{duration(bar.ms)}</div>
      <div className="muted">
        {bar.status ? STATUS_LABEL[bar.status] : `summed over ${bar.steps} steps`}
      </div>
    </ChartTooltipBox>
  );
}

/**
 * "Time per step": the slowest steps as horizontal bars, coloured and patterned
 * by status, the rest folded into one bar. A click on a step's bar selects it;
 * the table below is the keyboard and screen-reader way to the same numbers.
 */
export function TimePerStepView() {
  const build = useApp(selectBuild);
  const slowest = useApp(selectSlowestSteps);
  const selected = useApp((s) => s.view.step);
  const selectStep = useApp((s) => s.selectStep);
  const headingId = useId();
  const prefix = useId();
  const bars = useMemo(() => foldSlowest(slowest), [slowest]);
  const axis = useMemo(() => valueAxis(Math.max(0, ...bars.map((b) => b.ms))), [bars]);
  const rows = useMemo(() => stepsByDuration(build?.steps ?? []), [build]);
  if (!build) return null;

  const height = bars.length * BAR_PX + CHROME_PX;
  const shape = (p: BarShapeProps) => {
    const bar = p.payload as StepBar;
    const isSelected = bar.step !== null && bar.step === selected;
    return (
      <rect
        x={p.x}
        y={p.y}
        // A 0 ms bar still gets a sliver, so it can be seen and clicked.
        width={Math.max(2, p.width)}
        height={p.height}
        className={`chart-bar${bar.step !== null ? ' chart-bar-step' : ''}${isSelected ? ' chart-bar-selected' : ''}`}
        style={{ fill: bar.status ? patternFill(prefix, bar.status) : 'var(--muted)' }}
      />
    );
  };

  const tick = singleLineTick((v, i) => [String(v), bars[i]?.name ?? String(v)]);

  return (
    <section className="panel chart-panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Time per step</h2>
      {bars.length === 0 ? (
        <p className="muted">No step took measurable time.</p>
      ) : (
        <>
          <ul className="chart-legend" aria-label="Colours and patterns">
            <StatusLegendItems statuses={STATUS_ORDER} />
            {bars.some((b) => b.status === null) && (
              <li>
                <span className="chart-swatch chart-swatch-others" aria-hidden="true" />
                <span>other steps, summed</span>
              </li>
            )}
          </ul>
          <div className="chart-frame" style={{ height }}>
            <ResponsiveContainer width="100%" height={height}>
              <BarChart
                layout="vertical"
                data={bars}
                margin={{ top: 4, right: 56, bottom: 4, left: 4 }}
                title="Time per step"
              >
                <StatusPatternDefs prefix={prefix} />
                <CartesianGrid horizontal={false} />
                <XAxis
                  type="number"
                  domain={axis.domain}
                  ticks={axis.ticks}
                  tick={AXIS_TICK}
                  tickFormatter={(v: number) => duration(v)}
                />
                <YAxis type="category" dataKey="label" width={LABEL_PX} interval={0} tick={tick} />
                <Tooltip content={StepTooltip} cursor={{ className: 'chart-cursor' }} />
                <Bar
                  dataKey="ms"
                  shape={shape}
                  isAnimationActive={false}
                  onClick={(d) => {
                    const bar = d.payload as StepBar;
                    if (bar.step !== null) selectStep(bar.step);
                  }}
                >
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
        </>
      )}
      <TableDetails summary="Time per step as a table">
        {() => (
          <table className="data">
            <caption>Time per step</caption>
            <thead>
              <tr>
                <th scope="col">Step</th>
                <th scope="col">Name</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Duration
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((s) => (
                <tr key={s.index}>
                  <td className="mono">
                    <button
                      type="button"
                      className="link"
                      aria-label={`Select step ${refLabel(s.ref)}`}
                      onClick={() => selectStep(s.index)}
                    >
                      {refLabel(s.ref)}
                    </button>
                  </td>
                  <td>{s.name}</td>
                  <td>
                    <span className={`status status-${s.status}`}>{STATUS_LABEL[s.status]}</span>
                  </td>
                  <td className="num">{duration(s.durationMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </TableDetails>
    </section>
  );
}
