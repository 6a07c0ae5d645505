import type { Virtualizer } from '@tanstack/react-virtual';
import type { ViewDoc, ViewLine } from '../../worker/protocol';
import { MARK_LABEL, ROLE_LABEL, whereOf } from './log-lines';

export const ROW_HEIGHT = 20;
/** The sticky column header's height; the virtual rows start below it (the virtualizer's scrollMargin). */
export const HEAD_HEIGHT = 24;

/** Row `index` of the list: its line when loaded, else only its number (known while unfiltered). */
export type RowAt = (index: number) => { line: ViewLine | undefined; n: number | null };

/**
 * The virtual rows of the log as an ARIA table (aria-rowcount, aria-rowindex),
 * so a screen reader knows where in the whole log a row is, though only the
 * rows on screen exist. The scroller itself is the table: it is focusable, so
 * the keyboard scrolls it.
 */
export function LogTable({
  doc,
  virtualizer,
  scroller,
  count,
  rowAt,
  current,
}: {
  doc: ViewDoc;
  virtualizer: Virtualizer<HTMLDivElement, Element>;
  scroller: React.RefObject<HTMLDivElement | null>;
  count: number;
  rowAt: RowAt;
  current: number | null;
}) {
  return (
    <div
      ref={scroller}
      className="log-scroller mono"
      role="table"
      aria-label="Lines of the log"
      aria-rowcount={count + 1}
      tabIndex={0}
    >
      <div role="rowgroup" className="log-head" style={{ height: HEAD_HEIGHT }}>
        <div role="row" aria-rowindex={1} className="log-row">
          <span role="columnheader" className="log-no">
            Line
          </span>
          <span role="columnheader" className="log-role">
            Attributed to
          </span>
          <span role="columnheader" className="log-step">
            Step
          </span>
          <span role="columnheader" className="log-text">
            Text
          </span>
        </div>
      </div>
      <div
        role="rowgroup"
        // The list's own height: getTotalSize() does not count the scrollMargin above it.
        style={{ height: virtualizer.getTotalSize(), position: 'relative' }}
      >
        {virtualizer.getVirtualItems().map((v) => {
          const { line, n } = rowAt(v.index);
          const style = {
            height: ROW_HEIGHT,
            transform: `translateY(${v.start - HEAD_HEIGHT}px)`,
          };
          if (!line)
            return (
              <div
                key={`p${v.index}`}
                role="row"
                aria-rowindex={v.index + 2}
                aria-busy="true"
                className="log-row log-line log-pending"
                style={style}
              >
                <span role="cell" className="log-no">
                  {n !== null ? n + 1 : ''}
                </span>
                <span role="cell" className="log-role" />
                <span role="cell" className="log-step" />
                <span role="cell" className="log-text">
                  loading…
                </span>
              </div>
            );
          const where = whereOf(doc, line);
          const isCurrent = line.n === current;
          return (
            <div
              key={line.n}
              role="row"
              aria-rowindex={v.index + 2}
              aria-current={isCurrent ? 'true' : undefined}
              data-line={line.n + 1}
              className={[
                'log-row log-line',
                `log-role-${line.role}`,
                line.mark ? `mark-${line.mark}` : '',
                isCurrent ? 'log-current' : '',
              ]
                .filter(Boolean)
                .join(' ')}
              style={style}
            >
              <span role="cell" className="log-no">
                {line.n + 1}
              </span>
              <span role="cell" className="log-role">
                {ROLE_LABEL[line.role]}
              </span>
              <span role="cell" className="log-step" title={where.title || undefined}>
                {where.label}
              </span>
              <span role="cell" className="log-text">
                {line.text}
                {line.mark && <span className="log-mark">{MARK_LABEL[line.mark]}</span>}
              </span>
            </div>
          );
        })}
      </div>
    </div>
  );
}
