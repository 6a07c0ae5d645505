import { useId, useState } from 'react';
import type { Finding } from '../../../src/index';
import { duration } from '../../format';
import type { ViewBuild } from '../../worker/protocol';
import { InlineCode } from '../../components/InlineCode';
import { StepLink, useAskLine } from '../../components/EvidenceLinks';
import { CopyButton } from './CopyButton';
import { evidenceLines, lineLabel, SEVERITY_LABEL } from './evidence';

/** One finding: what the log shows, what it costs, the fix, and the steps and lines that prove it. */
export function FindingItem({ finding: f, build }: { finding: Finding; build: ViewBuild }) {
  const askLine = useAskLine();
  const [expanded, setExpanded] = useState(false);
  const { shown, hidden } = evidenceLines(f.lines, expanded);
  const id = useId();
  const steps = f.steps.map((i) => build.steps[i]).filter((s) => s !== undefined);
  return (
    <li className={`insight-card insight-${f.severity}`}>
      <article aria-labelledby={`${id}-title`}>
        <h3 id={`${id}-title`} className="insight-title">
          <span className={`insight-sev insight-sev-${f.severity}`}>
            {SEVERITY_LABEL[f.severity]}
            <span className="visually-hidden">:</span>
          </span>{' '}
          <InlineCode text={f.title} />
        </h3>
        <p className="insight-stake">
          Time at stake: <strong>{duration(f.timeAtStakeMs)}</strong>
        </p>
        <p className="insight-detail">
          <InlineCode text={f.detail} />
        </p>
        <p className="insight-fix">
          <strong>Fix: </strong>
          <InlineCode text={f.fix} />
        </p>
        {f.snippet && (
          <figure className="insight-snippet">
            <figcaption className="muted">Dockerfile</figcaption>
            <pre className="mono">{f.snippet}</pre>
            <CopyButton text={f.snippet} what="the Dockerfile snippet" />
          </figure>
        )}
        {steps.length > 0 && (
          <div className="insight-links">
            <span className="insight-links-label">Steps:</span>
            <ul>
              {steps.map((s) => (
                <li key={s.index}>
                  <StepLink step={s} />
                </li>
              ))}
            </ul>
          </div>
        )}
        {shown.length > 0 && (
          <div className="insight-links">
            <span className="insight-links-label">Evidence:</span>
            <ul className="insight-lines">
              {shown.map((n) => (
                <li key={n}>
                  <button type="button" className="link" onClick={() => askLine(n)}>
                    {lineLabel(n)}
                  </button>
                </li>
              ))}
              {(hidden > 0 || expanded) && (
                <li>
                  <button
                    type="button"
                    className="insight-more"
                    aria-expanded={expanded}
                    onClick={() => setExpanded(!expanded)}
                  >
                    {expanded ? 'fewer lines' : `+${hidden} more`}
                  </button>
                </li>
              )}
            </ul>
          </div>
        )}
      </article>
    </li>
  );
}
