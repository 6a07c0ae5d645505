/** The address a share link has on this page, and the view it carries in words. */
import { shareFragment, type ShareView } from '../../../src/index';
import { duration, refLabel, STATUS_LABEL } from '../../format';
import type { ViewDoc } from '../../worker/protocol';

export function linkAddress(token: string, view: ShareView, page: Location = location): string {
  // Not the page's query: it is the sender's, and the link needs none.
  return `${page.origin}${page.pathname}#${shareFragment(token, view)}`;
}

/** `Build 2 of 3 · step #9 selected · timeline 0 s–3.0 s · steps: failed, "npm"`. */
export function describeView(doc: ViewDoc, view: ShareView): string {
  const b = doc.builds[view.build];
  const parts: string[] = [];
  if (doc.builds.length > 1) parts.push(`build ${view.build + 1} of ${doc.builds.length}`);
  const step = view.step === null ? undefined : b?.steps[view.step];
  parts.push(step ? `step ${refLabel(step.ref)} selected` : 'no step selected');
  if (view.zoom)
    parts.push(`timeline zoomed to ${duration(view.zoom[0])}–${duration(view.zoom[1])}`);
  const filters = [
    ...view.filters.statuses.map((s) => STATUS_LABEL[s]),
    ...(view.filters.stage !== null ? [`stage ${view.filters.stage}`] : []),
    ...(view.filters.text ? [`“${view.filters.text}”`] : []),
  ];
  if (filters.length) parts.push(`steps filtered: ${filters.join(', ')}`);
  if (view.line !== null) parts.push(`log at line ${view.line + 1}`);
  return parts.join(' · ');
}
