/** The "time per step" bars: the slowest steps, and everything else folded into one bar. */
import type { StepStatus } from '../../../src/index';
import { refLabel } from '../../format';
import type { ViewStep } from '../../worker/protocol';

/** Twelve bars stay readable in a half-width panel without scrolling. */
export const TOP_STEPS = 12;

/** Long RUN lines are cut so the axis keeps room for the bars; the tooltip has the whole name. */
const LABEL_CHARS = 28;

export interface StepBar {
  /** Unique within the chart, for React keys and the category axis. */
  key: string;
  label: string;
  /** The full name, for the tooltip. */
  name: string;
  ms: number;
  /** null for the folded bar. */
  status: StepStatus | null;
  /** The step to select on click; null for the folded bar. */
  step: number | null;
  /** How many steps the bar stands for. */
  steps: number;
}

export function shortLabel(s: ViewStep): string {
  const text = `${refLabel(s.ref)} ${s.name}`;
  return text.length > LABEL_CHARS ? `${text.slice(0, LABEL_CHARS - 1).trimEnd()}…` : text;
}

/**
 * The first `top` of `slowest` (already slowest first) as one bar each, and the
 * rest summed into "all others (N steps)". Folding a single step would hide it
 * behind a vaguer label, so one step over the limit gets its own bar instead.
 */
export function foldSlowest(slowest: ViewStep[], top = TOP_STEPS): StepBar[] {
  const keep = slowest.length <= top + 1 ? slowest : slowest.slice(0, top);
  const bars: StepBar[] = keep.map((s) => ({
    key: `step-${s.index}`,
    label: shortLabel(s),
    name: `${refLabel(s.ref)} ${s.name}`,
    ms: s.durationMs ?? 0,
    status: s.status,
    step: s.index,
    steps: 1,
  }));
  const rest = slowest.slice(keep.length);
  if (rest.length) {
    const label = `all others (${rest.length} steps)`;
    bars.push({
      key: 'others',
      label,
      name: label,
      ms: rest.reduce((sum, s) => sum + (s.durationMs ?? 0), 0),
      status: null,
      step: null,
      steps: rest.length,
    });
  }
  return bars;
}

/** Every step with a known duration, slowest first, for the data table (zero-length ones too). */
export function stepsByDuration(steps: ViewStep[]): ViewStep[] {
  return steps
    .filter((s) => s.durationMs !== null)
    .sort((a, b) => b.durationMs! - a.durationMs! || a.index - b.index);
}
