/** How a finding's proof is listed: its lines as "line N" links, the first few, the rest on request. */
import type { Severity } from '../../../src/index';

/** Evidence lines listed before "+N more": enough to check a claim, few enough to scan. */
export const LINES_SHOWN = 10;

/** `line 14` for the 0-based input line 13: the log view numbers lines from 1. */
export const lineLabel = (n: number): string => `line ${n + 1}`;

/** The lines to list, in input order, and how many the toggle hides. */
export function evidenceLines(
  lines: number[],
  expanded: boolean,
  max = LINES_SHOWN,
): { shown: number[]; hidden: number } {
  // Rules collect lines per fact, so the same line can come twice and out of order.
  const all = [...new Set(lines)].sort((a, b) => a - b);
  if (expanded || all.length <= max) return { shown: all, hidden: 0 };
  return { shown: all.slice(0, max), hidden: all.length - max };
}

export const SEVERITY_LABEL: Record<Severity, string> = {
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  info: 'Info',
};
