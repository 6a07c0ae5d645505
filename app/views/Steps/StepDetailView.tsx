import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import { LineButton } from '../../components/EvidenceLinks';
import { MARK_LABEL } from '../Log/log-lines';
import { useApp } from '../../store/create-store';
import { selectBuild, selectClient, selectOrigin, selectStep } from '../../store/selectors';
import { bytes, duration, refLabel, STATUS_LABEL } from '../../format';
import type { StepDetail, ViewLine } from '../../worker/protocol';

const LINE_HEIGHT = 20;
/** Package events listed for a step of a compact link (npm builds print thousands). */
const COMPACT_ITEMS_SHOWN = 200;

/** Lines of a step or of the whole log, virtualized, with their marks. */
export function LineList({ lines, label }: { lines: ViewLine[]; label: string }) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: lines.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => LINE_HEIGHT,
    overscan: 20,
  });
  return (
    <div ref={scroller} className="line-list mono" role="log" aria-label={label} tabIndex={0}>
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((v) => {
          const l = lines[v.index];
          return (
            <div
              key={l.n}
              className={`line${l.mark ? ` mark-${l.mark}` : ''}${l.role === 'step-status' ? ' line-status' : ''}`}
              style={{
                position: 'absolute',
                top: 0,
                left: 0,
                right: 0,
                height: LINE_HEIGHT,
                transform: `translateY(${v.start}px)`,
              }}
              data-line={l.n + 1}
            >
              <span className="line-no" aria-label={`line ${l.n + 1}`}>
                {l.n + 1}
              </span>
              <span className="line-time">
                {l.elapsedMs !== null ? `${(l.elapsedMs / 1000).toFixed(1)}s` : ''}
              </span>
              <span className="line-text">{l.text}</span>
              {l.mark && <span className="line-mark">{MARK_LABEL[l.mark]}</span>}
            </div>
          );
        })}
      </div>
    </div>
  );
}

/** A step opened from a compact link: no lines, but the package evidence read from them. */
function CompactEvidence({ detail }: { detail: StepDetail }) {
  const items = detail.packages?.items ?? [];
  return (
    <>
      <p className="muted">
        This compact link carries no log lines
        {items.length ? '; the package evidence read from them:' : '.'}
      </p>
      {items.length > 0 && (
        <ul className="compact-evidence" aria-label="Package evidence">
          {items.slice(0, COMPACT_ITEMS_SHOWN).map((e, i) => (
            <li key={i}>
              <span className={`mark-${e.event}`}>{MARK_LABEL[e.event]}</span> {e.tool}:{' '}
              <span className="mono">{e.name}</span>
              {e.bytes !== null && ` (${bytes(e.bytes)})`} · line {e.line + 1}
            </li>
          ))}
          {items.length > COMPACT_ITEMS_SHOWN && (
            <li className="muted">and {items.length - COMPACT_ITEMS_SHOWN} more</li>
          )}
        </ul>
      )}
    </>
  );
}

/** The selected step: its facts, package evidence and lines. */
export function StepDetailView() {
  const build = useApp(selectBuild);
  const step = useApp(selectStep);
  const client = useApp(selectClient);
  const origin = useApp(selectOrigin);
  // The answer for one step, kept with its key: a stale one (another step) is not shown.
  const [answer, setAnswer] = useState<{
    key: string;
    detail: StepDetail | null;
    error: string | null;
  } | null>(null);
  const key = build && step ? `${build.index}:${step.index}` : '';

  useEffect(() => {
    if (!build || !step) return;
    let live = true;
    const k = `${build.index}:${step.index}`;
    client
      .step(build.index, step.index)
      .then((d) => live && setAnswer({ key: k, detail: d, error: null }))
      .catch(
        (e: unknown) =>
          live &&
          setAnswer({ key: k, detail: null, error: e instanceof Error ? e.message : String(e) }),
      );
    return () => {
      live = false;
    };
  }, [client, build, step]);
  const detail = answer?.key === key ? answer.detail : null;
  const error = answer?.key === key ? answer.error : null;

  if (!build) return null;
  if (!step)
    return (
      <section className="panel step-detail" aria-labelledby="step-detail-heading">
        <h2 id="step-detail-heading">Step</h2>
        <p className="muted">
          Select a step in the timeline or the table to see its lines, with the download and cache
          lines marked.
        </p>
      </section>
    );
  const p = step.packages;
  return (
    <section className="panel step-detail" aria-labelledby="step-detail-heading">
      <h2 id="step-detail-heading">
        Step {refLabel(step.ref)}: <span className="mono">{step.name}</span>
      </h2>
      <dl className="facts">
        <dt>Status</dt>
        <dd>
          <span className={`status status-${step.status}`}>{STATUS_LABEL[step.status]}</span>
        </dd>
        <dt>Start</dt>
        <dd>{duration(step.startMs)}</dd>
        <dt>Duration</dt>
        <dd>{duration(step.durationMs)}</dd>
        <dt>Critical path</dt>
        <dd>
          {step.onCriticalPath
            ? 'on it'
            : `could take ${duration(step.slackMs)} longer without delaying the build`}
        </dd>
        {step.exitCode !== null && (
          <>
            <dt>Exit code</dt>
            <dd>{step.exitCode}</dd>
          </>
        )}
        {step.error && (
          <>
            <dt>Error</dt>
            <dd className="error-text mono">{step.error}</dd>
          </>
        )}
        {p && (
          <>
            <dt>Packages</dt>
            <dd>
              {p.tools.join(', ')}: {p.downloaded} downloaded ({bytes(p.bytesDownloaded)}),{' '}
              {p.reused} reused ({bytes(p.bytesReused)}), {p.builtFromSource} built from source ·{' '}
              {duration(p.downloadMs)} downloading
            </dd>
          </>
        )}
      </dl>
      {origin !== 'compact-link' && (
        <p>
          <LineButton line={step.firstLine} of={`step ${refLabel(step.ref)}`}>
            Show this step in the whole log
          </LineButton>{' '}
          <span className="muted">(with the lines around it, as they came in)</span>
        </p>
      )}
      {step.warnings.length > 0 && (
        <ul className="warnings">
          {step.warnings.map((w) => (
            <li key={w.line} className="mark-warning">
              line {w.line + 1}: {w.message}
            </li>
          ))}
        </ul>
      )}
      {error && <p className="error-text">{error}</p>}
      {detail && detail.packages && detail.packages.notes.length > 0 && (
        <ul className="muted">
          {detail.packages.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      {detail && origin === 'compact-link' && <CompactEvidence detail={detail} />}
      {detail && origin !== 'compact-link' && (
        <>
          <LineList lines={detail.lines} label={`Lines of step ${refLabel(step.ref)}`} />
          {detail.truncated && (
            <p className="muted">
              The first {detail.lines.length} lines are shown; the log view has all of them.
            </p>
          )}
          {detail.logText && (
            <details>
              <summary>Tool output ({detail.logText.length} lines)</summary>
              <pre className="mono tool-output">{detail.logText.join('\n')}</pre>
            </details>
          )}
        </>
      )}
    </section>
  );
}
