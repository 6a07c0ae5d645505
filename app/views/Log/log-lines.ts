/**
 * How one input line is described in the log view: where it was attributed
 * (STYLE.md: every line goes to exactly one place) and what the analysis read on it.
 */
import type { LineRole } from '../../../src/index';
import { refLabel } from '../../format';
import type { ViewDoc, ViewLine } from '../../worker/protocol';

export const ROLE_LABEL: Record<LineRole, string> = {
  'step-output': 'step output',
  'step-status': 'step status',
  'build-header': 'build header',
  'build-trailer': 'build trailer',
  outside: 'outside any build',
};

export const MARK_LABEL: Record<NonNullable<ViewLine['mark']>, string> = {
  downloaded: 'download',
  reused: 'from a cache',
  built: 'built from source',
  warning: 'warning',
  error: 'error',
};

/**
 * The step (or build) a line belongs to: `#12` with the step's name as the
 * title; prefixed with the build (`B2 #12`) when the log holds several builds,
 * since refs restart in each.
 */
export function whereOf(doc: ViewDoc, line: ViewLine): { label: string; title: string } {
  if (line.build === null) return { label: '', title: '' };
  const b = doc.builds[line.build];
  const prefix = doc.builds.length > 1 ? `B${line.build + 1}` : '';
  const s = line.step !== null ? b?.steps[line.step] : undefined;
  if (!s) return { label: prefix, title: b ? b.label : '' };
  return {
    label: prefix ? `${prefix} ${refLabel(s.ref)}` : refLabel(s.ref),
    title: s.name,
  };
}
