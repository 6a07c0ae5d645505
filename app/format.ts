/** The app's number formats, on top of the core's (src/index.ts). */
import { formatBytes, formatDuration } from '../src/index';

export { formatBytes, formatDuration, plural } from '../src/index';

/** A duration that may be unknown. */
export const duration = (ms: number | null | undefined): string =>
  ms === null || ms === undefined ? '—' : formatDuration(ms);

export const bytes = (n: number | null | undefined): string =>
  n === null || n === undefined ? '—' : formatBytes(n);

export const percentOf = (ratio: number | null): string =>
  ratio === null ? '—' : `${Math.round(ratio * 100)}%`;

/** `#12`, or a rawjson digest cut short. */
export const refLabel = (ref: number | string): string =>
  typeof ref === 'number' ? `#${ref}` : ref.length > 19 ? `${ref.slice(0, 19)}…` : ref;

export const STATUS_LABEL = {
  done: 'executed',
  cached: 'cached',
  error: 'failed',
  canceled: 'canceled',
  unfinished: 'unfinished',
} as const;
