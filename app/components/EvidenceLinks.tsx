/**
 * The two ways a figure leads to its evidence (STYLE.md: the UI can always show
 * the raw text behind a number): open the step, or bring its lines into the log view.
 */
import { useCallback } from 'react';
import { refLabel } from '../format';
import { useApp } from '../store/create-store';
import type { ViewStep } from '../worker/protocol';

/** A step by its ref and name; opens the step's detail. */
export function StepLink({ step }: { step: ViewStep }) {
  const selectStep = useApp((s) => s.selectStep);
  return (
    <button
      type="button"
      className="link cache-step-link"
      title={step.name}
      onClick={() => selectStep(step.index)}
    >
      <span className="mono">{refLabel(step.ref)}</span> {step.name}
    </button>
  );
}

/**
 * showLine that also works for the line already marked: it goes through null,
 * so the log view (use-line-request.ts) sees a change and scrolls back to it.
 */
export function useAskLine(): (line: number) => void {
  const showLine = useApp((s) => s.showLine);
  return useCallback(
    (line: number) => {
      showLine(null);
      showLine(line);
    },
    [showLine],
  );
}

/**
 * Brings a 0-based input line into the log view, numbered 1-based as the log
 * view numbers lines. The default text is "show lines"; its accessible name
 * starts with those words (WCAG 2.5.3) and adds whose lines they are and where they start.
 */
export function LineButton({
  line,
  of,
  children,
}: {
  line: number | null;
  /** Whose lines, for the accessible name: `step #8`, `pip: 6 packages`. */
  of?: string;
  children?: React.ReactNode;
}) {
  const askLine = useAskLine();
  if (line === null) return <span className="muted">—</span>;
  const name = children ? undefined : `show lines${of ? ` of ${of}` : ''}, from line ${line + 1}`;
  return (
    <button
      type="button"
      className="link cache-nowrap"
      aria-label={name}
      onClick={() => askLine(line)}
    >
      {children ?? 'show lines'}
    </button>
  );
}
