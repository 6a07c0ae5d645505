import { useId } from 'react';
import type { StepStatus } from '../../../src/index';
import { STATUS_LABEL } from '../../format';
import { PATTERN_WORDS, STATUS_COLOR, STATUS_ORDER, patternFill, patternId } from './status-style';

/** One tile of a status pattern is TILE × TILE px; small enough to show on a 6 px tall bar. */
const TILE = 6;

/** The marks drawn over the status colour; `done` stays solid. */
function PatternMarks({ status }: { status: StepStatus }) {
  switch (status) {
    case 'cached':
      return <path d={`M-1,1 l2,-2 M0,${TILE} l${TILE},-${TILE} M${TILE - 1},${TILE + 1} l2,-2`} />;
    case 'error':
      return (
        <path
          d={`M0,0 L${TILE},${TILE} M${TILE},0 L0,${TILE} M-1,1 l2,-2 M${TILE - 1},${TILE + 1} l2,-2 M-1,${TILE - 1} l2,2 M${TILE - 1},-1 l2,2`}
        />
      );
    case 'canceled':
      return <circle cx={TILE / 2} cy={TILE / 2} r={1.2} className="chart-hatch-dot" />;
    case 'unfinished':
      return <rect x={0} y={0} width={TILE} height={2} className="chart-hatch-dot" />;
    default:
      return null;
  }
}

export function StatusPattern({ id, status }: { id: string; status: StepStatus }) {
  return (
    <pattern id={id} patternUnits="userSpaceOnUse" width={TILE} height={TILE}>
      <rect width={TILE} height={TILE} style={{ fill: STATUS_COLOR[status] }} />
      <g className="chart-hatch">
        <PatternMarks status={status} />
      </g>
    </pattern>
  );
}

/** The five status patterns, for use inside a chart's <svg> (as `fill: url(#…)`). */
export function StatusPatternDefs({ prefix }: { prefix: string }) {
  return (
    <defs>
      {STATUS_ORDER.map((s) => (
        <StatusPattern key={s} id={patternId(prefix, s)} status={s} />
      ))}
    </defs>
  );
}

/** A small sample of a status's colour and pattern, with its own defs so it works anywhere. */
export function StatusSwatch({ status }: { status: StepStatus }) {
  const prefix = useId();
  return (
    <svg className="chart-swatch" width={22} height={14} aria-hidden="true" focusable="false">
      <defs>
        <StatusPattern id={patternId(prefix, status)} status={status} />
      </defs>
      <rect
        x={0.5}
        y={0.5}
        width={21}
        height={13}
        rx={2}
        className="chart-swatch-box"
        style={{ fill: patternFill(prefix, status) }}
      />
    </svg>
  );
}

/** The statuses a chart shows, each as colour + pattern + word. */
export function StatusLegendItems({ statuses }: { statuses: StepStatus[] }) {
  return (
    <>
      {STATUS_ORDER.filter((s) => statuses.includes(s)).map((s) => (
        <li key={s}>
          <StatusSwatch status={s} />
          <span>
            {STATUS_LABEL[s]}
            <span className="visually-hidden"> ({PATTERN_WORDS[s]})</span>
          </span>
        </li>
      ))}
    </>
  );
}
