/**
 * The core's public face. The app and the CLI use only what is exported here.
 */
export type * from './model/types';
export { readLog, LogReader } from './read/read-log';
export type { ReadOptions, ReadProgress } from './read/read-log';
export { analyze, analyzeBuild } from './analysis/analyze';
export type * from './model/analysis';
export { toJson } from './export/json';
export { formatMarkdown } from './export/markdown';
export type { PlainsightJson, BuildJson, StepJson } from './export/json';
export { formatSummary } from './export/summary';
export { ROLES } from './model/types';
export { formatBytes, formatDuration, percent, plural } from './analysis/insights/format';
export type * from './model/view';
export { buildViewDoc } from './analysis/view-doc';
export {
  decodeShareLink,
  encodePayload,
  isShareFragment,
  LINK_LIMITS,
  payloadProblem,
  shareFragment,
  SHARE_VERSION,
} from './share/link';
export type {
  CompactPayload,
  DecodedLink,
  FullPayload,
  LinkProblem,
  SharePayload,
} from './share/link';
export { initialShareView } from './share/view';
export type { ShareView, SortKey } from './share/view';
export { makeCompactPayload, makeFullPayload, packageEvidence, redactView } from './share/payloads';
export type { Removed, ShareOptions, StepEvidence } from './share/payloads';
export { toCsv } from './export/csv';
export { toChromeTrace } from './export/trace';
export type { ChromeTrace, TraceEvent } from './export/trace';
export { redactLog, redactText, SECRET_KIND_LABELS } from './share/redact';
export type { SecretKind, RedactOptions, RedactionHit, Redaction } from './share/redact';
