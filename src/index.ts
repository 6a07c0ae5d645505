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
