/**
 * The worker's side of "Export": a format name in, the file's text, media type
 * and name out. Two paths, kept apart on purpose:
 *
 * - `json` and `markdown` are made from the whole model and its analyses
 *   (`toJson`, `formatMarkdown`), exactly as the CLI makes them, so they need a
 *   loaded log (`exportFromModel`);
 * - `csv` and `trace` are made from the view document alone (`exportFromDoc`),
 *   so a document that arrives without its log (a compact share link carries
 *   only a ViewDoc) can still offer them.
 *
 * A new format is one entry in FILES and one case in the path that can make it.
 */
import {
  buildViewDoc,
  formatMarkdown,
  toChromeTrace,
  toCsv,
  toJson,
  type BuildAnalysis,
  type LogModel,
  type ViewDoc,
} from '../../src/index';
import type { LogStore } from './log-store';
import type { ExportFile, ExportFormat } from './protocol';

export type ModelFormat = Extract<ExportFormat, 'json' | 'markdown'>;
export type DocFormat = Extract<ExportFormat, 'csv' | 'trace'>;

/** Each format's file name ending and media type. */
export const FILES: Record<ExportFormat, { suffix: string; mime: string }> = {
  // `.plainsight.json`, not `.json`: a rawjson log is often saved as `build.json` itself.
  json: { suffix: '.plainsight.json', mime: 'application/json' },
  csv: { suffix: '.csv', mime: 'text/csv;charset=utf-8' },
  trace: { suffix: '.trace.json', mime: 'application/json' },
  markdown: { suffix: '.md', mime: 'text/markdown;charset=utf-8' },
};

export const isModelFormat = (f: ExportFormat): f is ModelFormat =>
  f === 'json' || f === 'markdown';

/** What logs are usually saved as; dropped from the export's name: `build.log.gz` → `build`. */
const LOG_EXTENSION = /(\.(log|txt|text|out|json|jsonl|ndjson))?(\.gz)?$/i;
/** Long enough for any real log name; file systems take 255 bytes. */
const MAX_NAME = 100;

/**
 * The log's name as the start of a file name: the last path segment of a file
 * name or address, without the `sample: ` prefix and the log's own extension,
 * with anything a file system might refuse replaced by `-`.
 */
export function exportBaseName(label: string): string {
  let name = label.replace(/^sample:\s*/, '').trim();
  if (/^https?:\/\//i.test(name)) {
    try {
      const url = new URL(name);
      name = decodeURIComponent(url.pathname.split('/').filter(Boolean).pop() ?? url.hostname);
    } catch {
      // Not a valid address after all: the label as it is.
    }
  }
  name = name.split(/[\\/]/).pop() ?? name;
  name = name
    .replace(LOG_EXTENSION, '')
    .replace(/[^\w.-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, MAX_NAME);
  return name || 'build';
}

/** The file name of an export of the log `label`: `exportFileName('sample: a.log', '.csv')` → `a.csv`. */
export const exportFileName = (label: string, suffix: string): string =>
  `${exportBaseName(label)}${suffix}`;

const file = (format: ExportFormat, label: string, text: string): ExportFile => ({
  text,
  mime: FILES[format].mime,
  fileName: exportFileName(label, FILES[format].suffix),
});

/** The exports made from the whole model: the same text as `plainsight --json` / `--markdown` (src/cli/main.ts). */
export function exportFromModel(
  model: LogModel,
  analyses: BuildAnalysis[],
  label: string,
  format: ModelFormat,
): ExportFile {
  switch (format) {
    case 'json':
      return file(format, label, JSON.stringify(toJson(model, analyses), null, 2) + '\n');
    case 'markdown':
      return file(format, label, formatMarkdown(model, analyses));
  }
}

/** The exports made from the view document alone. */
export function exportFromDoc(doc: ViewDoc, format: DocFormat, label = doc.label): ExportFile {
  switch (format) {
    case 'csv':
      return file(format, label, toCsv(doc));
    case 'trace':
      return file(format, label, JSON.stringify(toChromeTrace(doc)));
  }
}

/**
 * One export of the loaded log. `doc` is the view document the worker built
 * when it loaded the log; without it, it is built here (the tests' way).
 */
export function exportText(
  store: LogStore,
  label: string,
  format: ExportFormat,
  doc?: ViewDoc,
): ExportFile {
  if (isModelFormat(format)) return exportFromModel(store.model, store.analyses, label, format);
  return exportFromDoc(doc ?? buildViewDoc(store.model, store.analyses, label), format, label);
}
