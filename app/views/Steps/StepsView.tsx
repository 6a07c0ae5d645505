import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { StepStatus } from '../../../src/index';
import { useApp } from '../../store/create-store';
import {
  selectBuild,
  selectFilters,
  selectSort,
  selectStages,
  selectStepIndex,
  selectVisibleSteps,
} from '../../store/selectors';
import type { SortKey } from '../../store/types';
import { bytes, duration, refLabel, STATUS_LABEL } from '../../format';
import type { ViewStep } from '../../worker/protocol';

const ROW_HEIGHT = 30;
const STATUSES: StepStatus[] = ['error', 'canceled', 'done', 'cached', 'unfinished'];
const COLUMNS: { key: SortKey | null; label: string; className?: string }[] = [
  { key: 'ref', label: 'Step' },
  { key: 'name', label: 'Name' },
  { key: 'stage', label: 'Stage' },
  { key: 'status', label: 'Status' },
  { key: 'start', label: 'Start', className: 'num' },
  { key: 'duration', label: 'Duration', className: 'num' },
  { key: null, label: 'Packages' },
];

function packagesCell(s: ViewStep): string {
  const p = s.packages;
  if (!p) return '';
  const parts = [`${p.downloaded} downloaded`, `${p.reused} reused`];
  if (p.builtFromSource) parts.push(`${p.builtFromSource} built`);
  if (p.bytesDownloaded) parts.push(bytes(p.bytesDownloaded));
  return parts.join(' · ');
}

/**
 * The build's steps as a grid named "Steps": sortable by each column header,
 * filtered by status, stage and text, virtualized so 10,000 rows scroll
 * smoothly. Arrow keys, Page Up/Down, Home and End move through the rows;
 * Enter or a click selects one.
 */
export function StepsView() {
  const build = useApp(selectBuild);
  const rows = useApp(selectVisibleSteps);
  const stages = useApp(selectStages);
  const filters = useApp(selectFilters);
  const sort = useApp(selectSort);
  const selected = useApp(selectStepIndex);
  const setFilters = useApp((s) => s.setFilters);
  const setSort = useApp((s) => s.setSort);
  const selectStep = useApp((s) => s.selectStep);
  const scroller = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    // The body's CSS height (24rem): rows show before the first measurement.
    initialRect: { width: 800, height: 384 },
  });

  // The selected step (from the timeline, a finding, a link) becomes the active row.
  useEffect(() => {
    if (selected === null) return;
    const at = rows.findIndex((r) => r.index === selected);
    if (at >= 0) {
      setActive(at);
      virtualizer.scrollToIndex(at, { align: 'auto' });
    }
  }, [selected, rows, virtualizer]);

  if (!build) return null;
  const activeRow = rows[Math.min(active, rows.length - 1)];

  const move = (to: number) => {
    if (!rows.length) return;
    const next = Math.max(0, Math.min(rows.length - 1, to));
    setActive(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 300) / ROW_HEIGHT) - 1);
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(active + 1),
      ArrowUp: () => move(active - 1),
      PageDown: () => move(active + page),
      PageUp: () => move(active - page),
      Home: () => move(0),
      End: () => move(rows.length - 1),
      Enter: () => activeRow && selectStep(activeRow.index),
      ' ': () => activeRow && selectStep(activeRow.index),
    };
    const f = keys[e.key];
    if (f) {
      e.preventDefault();
      f();
    }
  };

  const toggleStatus = (st: StepStatus) =>
    setFilters({
      statuses: filters.statuses.includes(st)
        ? filters.statuses.filter((x) => x !== st)
        : [...filters.statuses, st],
    });

  return (
    <section className="panel steps" aria-labelledby="steps-heading">
      <h2 id="steps-heading">Steps</h2>
      <div className="steps-filters" role="group" aria-label="Filter steps">
        <input
          type="search"
          aria-label="Search steps"
          placeholder="Search steps"
          value={filters.text}
          onChange={(e) => setFilters({ text: e.target.value })}
        />
        <fieldset className="status-filter">
          <legend className="visually-hidden">Status</legend>
          {STATUSES.map((st) => (
            <label key={st} className={`status status-${st}`}>
              <input
                type="checkbox"
                checked={filters.statuses.includes(st)}
                onChange={() => toggleStatus(st)}
              />
              {STATUS_LABEL[st]}
            </label>
          ))}
        </fieldset>
        {stages.length > 0 && (
          <select
            aria-label="Stage"
            value={filters.stage ?? ''}
            onChange={(e) => setFilters({ stage: e.target.value || null })}
          >
            <option value="">all stages</option>
            {stages.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        )}
        <span className="muted" aria-live="polite" data-testid="steps-shown">
          {rows.length} of {build.steps.length} steps
        </span>
      </div>
      <div
        className="grid"
        role="grid"
        aria-label="Steps"
        aria-rowcount={rows.length + 1}
        aria-colcount={COLUMNS.length}
        tabIndex={0}
        aria-activedescendant={activeRow ? `step-row-${activeRow.index}` : undefined}
        onKeyDown={onKeyDown}
      >
        <div className="grid-row grid-head" role="row" aria-rowindex={1}>
          {COLUMNS.map((c) => (
            <div
              key={c.label}
              role="columnheader"
              className={`grid-cell col-${c.label.toLowerCase()} ${c.className ?? ''}`}
              aria-sort={
                c.key && sort.key === c.key
                  ? sort.dir === 'asc'
                    ? 'ascending'
                    : 'descending'
                  : undefined
              }
            >
              {c.key ? (
                <button type="button" tabIndex={-1} onClick={() => setSort(c.key!)}>
                  {c.label}
                  {sort.key === c.key ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}
                </button>
              ) : (
                c.label
              )}
            </div>
          ))}
        </div>
        <div ref={scroller} className="grid-body" role="rowgroup">
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((v) => {
              const s = rows[v.index];
              const isSelected = selected === s.index;
              return (
                <div
                  key={s.index}
                  id={`step-row-${s.index}`}
                  role="row"
                  aria-rowindex={v.index + 2}
                  aria-selected={isSelected}
                  className={`grid-row${isSelected ? ' selected' : ''}${v.index === active ? ' active' : ''}`}
                  style={{
                    position: 'absolute',
                    top: 0,
                    left: 0,
                    right: 0,
                    height: ROW_HEIGHT,
                    transform: `translateY(${v.start}px)`,
                  }}
                  onClick={() => {
                    setActive(v.index);
                    selectStep(s.index);
                  }}
                >
                  <div role="gridcell" className="grid-cell col-step mono">
                    {refLabel(s.ref)}
                  </div>
                  <div role="gridcell" className="grid-cell col-name" title={s.name}>
                    {s.name}
                    {s.onCriticalPath && (
                      <span className="critical-badge" title="On the critical path">
                        {' '}
                        ◆
                      </span>
                    )}
                  </div>
                  <div role="gridcell" className="grid-cell col-stage">
                    {s.stage ?? ''}
                  </div>
                  <div role="gridcell" className="grid-cell col-status">
                    <span className={`status status-${s.status}`}>{STATUS_LABEL[s.status]}</span>
                  </div>
                  <div role="gridcell" className="grid-cell col-start num">
                    {duration(s.startMs)}
                  </div>
                  <div role="gridcell" className="grid-cell col-duration num">
                    {duration(s.durationMs)}
                  </div>
                  <div role="gridcell" className="grid-cell col-packages">
                    {packagesCell(s)}
                  </div>
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </section>
  );
}
