import { memo } from 'react';
import { duration, refLabel, STATUS_LABEL } from '../../format';
import type { ViewBuild } from '../../worker/protocol';
import type { TimelineLayout } from './timeline-layout';

interface Props {
  build: ViewBuild;
  layout: TimelineLayout;
  onSelect(step: number): void;
}

/**
 * The timeline as a table, for screen readers and keyboards: every step in
 * timeline order (steps without times last), with a button that selects it.
 * Plain rows: 2,000 of them render in well under a frame's budget of work
 * that happens once per build, and memo keeps zoom and hover from redoing it.
 */
export const TimelineTable = memo(function TimelineTable({ build, layout, onSelect }: Props) {
  const order = [...layout.bars.map((b) => b.step), ...layout.untimed];
  return (
    <table className="data timeline-table">
      <caption>Timeline data</caption>
      <thead>
        <tr>
          <th scope="col">Step</th>
          <th scope="col">Name</th>
          <th scope="col">Group</th>
          <th scope="col" className="num">
            Start
          </th>
          <th scope="col" className="num">
            End
          </th>
          <th scope="col" className="num">
            Duration
          </th>
          <th scope="col">Status</th>
          <th scope="col">Critical path</th>
        </tr>
      </thead>
      <tbody>
        {order.map((i) => {
          const s = build.steps[i];
          return (
            <tr key={i}>
              <td className="mono">
                <button
                  type="button"
                  className="link"
                  aria-label={`Select step ${refLabel(s.ref)}`}
                  onClick={() => onSelect(i)}
                >
                  {refLabel(s.ref)}
                </button>
              </td>
              <td>{s.name}</td>
              <td>{layout.groupLabels.get(s.group) ?? ''}</td>
              <td className="num">{duration(s.startMs)}</td>
              <td className="num">{duration(s.endMs)}</td>
              <td className="num">{duration(s.durationMs)}</td>
              <td>
                <span className={`status status-${s.status}`}>{STATUS_LABEL[s.status]}</span>
              </td>
              <td>{s.onCriticalPath ? 'yes' : 'no'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
});
