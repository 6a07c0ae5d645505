/**
 * How a step status is painted in every chart: its Okabe–Ito colour (app.css)
 * and its own pattern, so colour is never the only cue (WCAG 1.4.1).
 */
import type { StepStatus } from '../../../src/index';

/** Legend order: the common outcomes first, the ones that need attention after. */
export const STATUS_ORDER: StepStatus[] = ['done', 'cached', 'error', 'canceled', 'unfinished'];

export const STATUS_COLOR: Record<StepStatus, string> = {
  done: 'var(--status-done)',
  cached: 'var(--status-cached)',
  error: 'var(--status-error)',
  canceled: 'var(--status-canceled)',
  unfinished: 'var(--status-unfinished)',
};

/** What the pattern looks like, in words, for the legend's accessible text. */
export const PATTERN_WORDS: Record<StepStatus, string> = {
  done: 'solid',
  cached: 'diagonal hatch',
  error: 'cross-hatch',
  canceled: 'dots',
  unfinished: 'horizontal stripes',
};

/**
 * A pattern id that is safe inside `url(#…)`: React's useId() may contain
 * characters (`:`, `«`) that a CSS url() reference does not accept unescaped.
 */
export function svgId(prefix: string, name: string): string {
  return `${prefix.replace(/[^A-Za-z0-9_-]/g, '')}-${name}`;
}

export const patternId = (prefix: string, status: StepStatus): string =>
  svgId(prefix, `pattern-${status}`);

/**
 * The fill of a status: "done" is solid, so it takes its colour directly; a
 * pattern costs a raster pass per shape, and most steps of a build are done.
 */
export const patternFill = (prefix: string, status: StepStatus): string =>
  status === 'done' ? STATUS_COLOR.done : `url(#${patternId(prefix, status)})`;
