/**
 * What the worker holds of one loaded document, and every answer it gives
 * about it: line pages, a step's lines, exports, share previews. A document is
 * read from a log (or a full share link, which carries one), or opened from a
 * compact share link, which has the analysis but no lines. The worker and the
 * tests' in-thread client both go through this, so they answer alike.
 */
import {
  analyze,
  buildViewDoc,
  decodeShareLink,
  type CompactPayload,
  type LogModel,
  type ShareView,
} from '../../src/index';
import { CompactStore } from './compact-store';
import { exportFromDoc, exportText, isModelFormat } from './export';
import { LogStore } from './log-store';
import type {
  ExportFile,
  ExportFormat,
  LoadSource,
  StepDetail,
  ViewDoc,
  ViewLine,
} from './protocol';
import { SharePreviews } from './share';
import type { DocOrigin, LoadedInfo, ShareOptions, SharePreview } from './share-protocol';

/** A source that is a log to read (a link is decoded first: openSession). */
export type Readable = Exclude<LoadSource, { kind: 'link' }>;

/**
 * Opens any source: a share link is decoded here (a compact one is the document
 * itself); a log, or the log a full link carries, is read by `read`.
 */
export async function openSession(
  source: LoadSource,
  read: (source: Readable) => Promise<{ model: LogModel; label: string }>,
): Promise<Session> {
  if (source.kind !== 'link') {
    const { model, label } = await read(source);
    return Session.ofLog(model, label);
  }
  const link = openShareLink(source.hash);
  if (link.kind === 'compact') return Session.ofCompact(link.payload, link.view);
  const { model, label } = await read({ kind: 'text', text: link.log, label: link.label });
  return Session.ofLog(model, label, 'full-link', link.view);
}

/** A share link, decoded: a log to read, or a compact document. Throws the link's own message when it cannot be opened. */
function openShareLink(
  hash: string,
):
  | { kind: 'full'; log: string; label: string; view: ShareView }
  | { kind: 'compact'; payload: CompactPayload; view: ShareView } {
  const decoded = decodeShareLink(hash);
  if (!decoded.ok) throw new Error(decoded.message);
  const { payload, view } = decoded;
  return payload.kind === 'full'
    ? { kind: 'full', log: payload.log, label: payload.label, view }
    : { kind: 'compact', payload, view };
}

export class Session {
  private readonly previews: SharePreviews;

  private constructor(
    readonly doc: ViewDoc,
    readonly info: LoadedInfo,
    private readonly store: LogStore | CompactStore,
  ) {
    this.previews = new SharePreviews(
      store instanceof LogStore
        ? { kind: 'log', model: store.model, analyses: store.analyses, doc }
        : { kind: 'compact', payload: store.payload },
    );
  }

  /** A log that was read (`origin` says whether it came in a full link, and `view` its view). */
  static ofLog(
    model: LogModel,
    label: string,
    origin: Exclude<DocOrigin, 'compact-link'> = 'log',
    view: ShareView | null = null,
  ): Session {
    const analyses = analyze(model);
    const doc = buildViewDoc(model, analyses, label);
    return new Session(doc, { origin, view }, new LogStore(model, analyses));
  }

  static ofCompact(payload: CompactPayload, view: ShareView): Session {
    return new Session(payload.doc, { origin: 'compact-link', view }, new CompactStore(payload));
  }

  lines(from: number, count: number): ViewLine[] {
    return this.store.lines(from, count);
  }

  outside(): ViewLine[] {
    return this.store.outside();
  }

  step(build: number, step: number): StepDetail {
    return this.store.step(build, step);
  }

  export(format: ExportFormat): ExportFile {
    if (this.store instanceof LogStore)
      return exportText(this.store, this.doc.label, format, this.doc);
    if (isModelFormat(format))
      throw new Error(
        'This export is made from the log, and a compact link carries only the analysis: CSV and the trace can be made from it.',
      );
    return exportFromDoc(this.doc, format);
  }

  share(options: ShareOptions): SharePreview {
    return this.previews.get(options);
  }
}
