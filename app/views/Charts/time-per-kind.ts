/** The "time per kind of work" rows: what the critical-path analysis summed per WorkKind. */
import type { WorkKind } from '../../../src/index';

/** Plain words for each kind, as a person reading the build would name the work. */
export const KIND_LABEL: Record<WorkKind, string> = {
  'base-pull': 'base image pulls',
  context: 'build context',
  run: 'RUN',
  copy: 'COPY/ADD',
  export: 'export',
  push: 'push',
  'cache-import': 'cache import',
  'cache-export': 'cache export',
  internal: 'internal',
  other: 'other',
};

export interface KindRow {
  kind: WorkKind;
  label: string;
  ms: number;
  /** Share of the time of all kinds together, 0..1. */
  share: number;
}

/** The kinds that took any time, the largest first (ties in KIND_LABEL's order). */
export function kindRows(byKind: Record<WorkKind, number>): KindRow[] {
  const kinds = Object.keys(KIND_LABEL) as WorkKind[];
  const total = kinds.reduce((sum, k) => sum + (byKind[k] ?? 0), 0);
  return kinds
    .map((kind, order) => ({ kind, order, ms: byKind[kind] ?? 0 }))
    .filter((r) => r.ms > 0)
    .sort((a, b) => b.ms - a.ms || a.order - b.order)
    .map(({ kind, ms }) => ({ kind, label: KIND_LABEL[kind], ms, share: total ? ms / total : 0 }));
}
