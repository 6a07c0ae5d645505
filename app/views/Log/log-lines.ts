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

/** Lines read per request while looking for the outside ones: fewer round trips than view pages. */
export const SCAN_PAGE = 5000;

/**
 * Walks the whole log for its lines outside any build, a page at a time,
 * stopping once it has found as many as the document counted (ViewDoc.lines.outside),
 * so a log whose noise is all at the top is done after one page. The worker has
 * no query by role (protocol.ts), and the list is short, so it is kept whole.
 */
export async function collectOutsideLines(
  fetch: (from: number, count: number) => Promise<ViewLine[]>,
  total: number,
  expected: number,
  onPage: (found: ViewLine[], scanned: number) => void,
  stopped: () => boolean = () => false,
  page = SCAN_PAGE,
): Promise<ViewLine[]> {
  const found: ViewLine[] = [];
  let scanned = 0;
  while (scanned < total && found.length < expected) {
    const lines = await fetch(scanned, Math.min(page, total - scanned));
    if (stopped()) return found;
    if (lines.length === 0) break;
    for (const l of lines) if (l.role === 'outside') found.push(l);
    scanned += lines.length;
    onPage(found.slice(), scanned);
  }
  return found;
}
