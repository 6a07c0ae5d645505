/**
 * What the timeline says about one step, in words: the tooltip's lines and the
 * bar's accessible name come from here, so sighted and screen-reader users get
 * the same facts.
 */
import { bytes, duration, refLabel, STATUS_LABEL } from '../../format';
import type { ViewStep } from '../../worker/protocol';

export interface Fact {
  label: string;
  value: string;
}

export const stepTitle = (s: ViewStep): string => `${refLabel(s.ref)} ${s.name}`;

function cacheFact(s: ViewStep): string | null {
  if (s.status === 'cached') return 'reused from the layer cache (CACHED)';
  if (s.status === 'done') return 'ran: no layer cache hit';
  return null;
}

function packagesFact(s: ViewStep): string | null {
  const p = s.packages;
  if (!p) return null;
  const parts = [
    `${p.downloaded} downloaded (${bytes(p.bytesDownloaded)})`,
    `${p.reused} reused (${bytes(p.bytesReused)})`,
  ];
  if (p.builtFromSource) parts.push(`${p.builtFromSource} built from source`);
  return `${parts.join(', ')}${p.tools.length ? ` · ${p.tools.join(', ')}` : ''}`;
}

/** `estimated` marks the times as approximate: plain logs print no clock (view-doc.ts TIMING_NOTES). */
export function stepFacts(s: ViewStep, groupLabel: string, estimated: boolean): Fact[] {
  const time = (ms: number | null) =>
    estimated && ms !== null ? `about ${duration(ms)}` : duration(ms);
  const facts: Fact[] = [
    { label: 'Group', value: groupLabel },
    { label: 'Start', value: time(s.startMs) },
    { label: 'End', value: s.endMs === null ? 'did not end' : time(s.endMs) },
    { label: 'Duration', value: time(s.durationMs) },
    { label: 'Status', value: STATUS_LABEL[s.status] },
  ];
  const cache = cacheFact(s);
  if (cache) facts.push({ label: 'Cache', value: cache });
  const packages = packagesFact(s);
  if (packages) facts.push({ label: 'Packages', value: packages });
  facts.push({
    label: 'Slack',
    value: s.onCriticalPath ? 'none: on the critical path' : duration(s.slackMs),
  });
  return facts;
}

/** The bar's accessible name: title first, so a screen reader user hears which step before the numbers. */
export function barLabel(s: ViewStep, groupLabel: string, estimated: boolean): string {
  const facts = stepFacts(s, groupLabel, estimated).map((f) => `${f.label}: ${f.value}`);
  return [stepTitle(s), ...facts].join(', ');
}
