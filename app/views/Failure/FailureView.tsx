import { useEffect, useRef } from 'react';
import { useApp } from '../../store/create-store';
import { selectBuild } from '../../store/selectors';
import { InlineCode } from '../../components/InlineCode';
import { refLabel } from '../../format';

/**
 * A failed build opens here: the failing step, the exit code, the reading of
 * the cause, the Dockerfile excerpt and what was canceled (the failure finding).
 */
export function FailureView() {
  const b = useApp(selectBuild);
  const selectStep = useApp((s) => s.selectStep);
  const heading = useRef<HTMLHeadingElement>(null);
  const failed = b && (b.error || b.counts.failed > 0);
  useEffect(() => {
    if (failed) heading.current?.focus();
  }, [failed, b?.index]);
  if (!b || !failed) return null;
  const finding = b.findings.find((f) => f.rule === 'failure');
  const step = b.error?.step !== null && b.error?.step !== undefined ? b.steps[b.error.step] : null;
  const canceled = b.steps.filter((s) => s.status === 'canceled');
  return (
    <section className="panel failure" role="region" aria-labelledby="failure-heading">
      <h2 id="failure-heading" ref={heading} tabIndex={-1}>
        The build failed
      </h2>
      {finding && (
        <p className="failure-title">
          <InlineCode text={finding.title} />
        </p>
      )}
      <dl className="failure-facts">
        {step && (
          <>
            <dt>Failing step</dt>
            <dd>
              <button type="button" className="link" onClick={() => selectStep(step.index)}>
                {refLabel(step.ref)} {step.name}
              </button>
            </dd>
          </>
        )}
        {b.error?.exitCode !== null && b.error?.exitCode !== undefined && (
          <>
            <dt>Exit code</dt>
            <dd data-testid="exit-code">{b.error.exitCode}</dd>
          </>
        )}
        {b.error && (
          <>
            <dt>Error</dt>
            <dd className="mono error-text">{b.error.message}</dd>
          </>
        )}
        {canceled.length > 0 && (
          <>
            <dt>Canceled because of it</dt>
            <dd>
              {canceled.map((s) => (
                <button
                  key={s.index}
                  type="button"
                  className="link"
                  onClick={() => selectStep(s.index)}
                >
                  {refLabel(s.ref)} {s.name}
                </button>
              ))}
            </dd>
          </>
        )}
      </dl>
      {finding && (
        <p>
          <InlineCode text={finding.fix} />
        </p>
      )}
      {b.excerpt && (
        <figure className="excerpt">
          <figcaption>
            {b.excerpt.file} line {b.excerpt.line}
          </figcaption>
          <pre className="mono">
            {b.excerpt.rows.map((r) => (
              <div key={r.number} className={r.marked ? 'mark-error' : undefined}>
                {String(r.number).padStart(4)} {r.marked ? '>>>' : '   '} {r.text}
              </div>
            ))}
          </pre>
        </figure>
      )}
    </section>
  );
}
