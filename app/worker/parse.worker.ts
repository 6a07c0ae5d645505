/// <reference lib="webworker" />
/**
 * The Web Worker that reads and analyses a log off the page's thread. It
 * streams the source in chunks into the core's LogReader, reporting progress,
 * then keeps it (session.ts) for the line queries, exports and share links. A
 * share link is decoded here too: it is hostile input, and a full one is a log
 * to read. Cancelling is the page terminating this worker: nothing here needs
 * to poll for it.
 */
import { LogReader } from '../../src/index';
import type { FromWorker, LoadSource, ToWorker } from './protocol';
import { openSession, type Readable, type Session } from './session';

declare const self: DedicatedWorkerGlobalScope;

const CHUNK = 1 << 20;
let session: Session | null = null;

const post = (m: FromWorker) => self.postMessage(m);

async function readInto(reader: LogReader, source: Readable, id: number): Promise<string> {
  if (source.kind === 'text') {
    const { text } = source;
    for (let at = 0; at < text.length; at += CHUNK) {
      reader.push(text.slice(at, at + CHUNK));
      post({ type: 'progress', id, bytes: Math.min(text.length, at + CHUNK), total: text.length });
    }
    return source.label;
  }
  let body: ReadableStream<Uint8Array>;
  let total: number | null;
  let label: string;
  if (source.kind === 'file') {
    body = source.file.stream();
    total = source.file.size;
    label = source.file.name || 'dropped file';
  } else {
    let res: Response;
    try {
      res = await fetch(source.url);
    } catch {
      throw new Error(
        `Could not load ${source.url}: the address is unreachable, or its server does not allow other sites to read it (CORS).`,
      );
    }
    if (!res.ok)
      throw new Error(
        `Could not load ${source.url}: the server answered ${res.status} ${res.statusText}.`.replace(
          / \.$/,
          '.',
        ),
      );
    if (!res.body) throw new Error(`Could not load ${source.url}: the response has no body.`);
    body = res.body;
    const length = Number(res.headers.get('content-length'));
    total = Number.isFinite(length) && length > 0 ? length : null;
    label = source.label;
  }
  const r = body.getReader();
  let bytes = 0;
  for (;;) {
    const { done, value } = await r.read();
    if (done) break;
    reader.push(value);
    bytes += value.length;
    post({ type: 'progress', id, bytes, total });
  }
  return label;
}

async function readModel(source: Readable, id: number) {
  const reader = new LogReader();
  const label = await readInto(reader, source, id);
  return { model: reader.end(), label };
}

async function load(id: number, source: LoadSource): Promise<void> {
  session = null;
  session = await openSession(source, (s) => readModel(s, id));
  post({ type: 'loaded', id, doc: session.doc, ...session.info });
}

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const m = event.data;
  try {
    if (m.type === 'load') {
      load(m.id, m.source).catch((err: unknown) =>
        post({
          type: 'error',
          id: m.id,
          message: err instanceof Error ? err.message : String(err),
        }),
      );
    } else if (!session) post({ type: 'error', id: m.id, message: 'No log is loaded.' });
    else if (m.type === 'lines')
      post({ type: 'lines', id: m.id, lines: session.lines(m.from, m.count) });
    else if (m.type === 'outside') post({ type: 'lines', id: m.id, lines: session.outside() });
    else if (m.type === 'export') post({ type: 'export', id: m.id, ...session.export(m.format) });
    else if (m.type === 'share')
      post({ type: 'share', id: m.id, preview: session.share(m.options) });
    else post({ type: 'step', id: m.id, detail: session.step(m.build, m.step) });
  } catch (err) {
    post({ type: 'error', id: m.id, message: err instanceof Error ? err.message : String(err) });
  }
};
