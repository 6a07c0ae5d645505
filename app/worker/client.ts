/**
 * The page's side of the parse worker: typed requests that resolve with the
 * worker's answer. `cancel()` terminates the worker (the only way to stop a
 * synchronous parse at once) and starts a fresh one.
 */
import type {
  ExportFile,
  ExportFormat,
  FromWorker,
  LoadSource,
  StepDetail,
  LoadedDoc,
  ToWorker,
  ViewLine,
} from './protocol';
import type { ShareOptions, SharePreview } from './share-protocol';

type Pending = {
  resolve: (m: FromWorker) => void;
  reject: (e: Error) => void;
  onProgress?: (bytes: number, total: number | null) => void;
};

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export class CanceledError extends Error {
  constructor() {
    super('Canceled.');
    this.name = 'CanceledError';
  }
}

export interface ParseClient {
  load(
    source: LoadSource,
    onProgress?: (bytes: number, total: number | null) => void,
  ): Promise<LoadedDoc>;
  lines(from: number, count: number): Promise<ViewLine[]>;
  /** The lines outside any build (the log view's filter). */
  outsideLines(): Promise<ViewLine[]>;
  step(build: number, step: number): Promise<StepDetail>;
  /** The loaded document as a file to save (app/worker/export.ts). */
  export(format: ExportFormat): Promise<ExportFile>;
  /** What a share link of the loaded document would carry, encoded (app/worker/share.ts). */
  share(options: ShareOptions): Promise<SharePreview>;
  cancel(): void;
}

export function createWorkerClient(
  makeWorker: () => Worker = () =>
    new Worker(new URL('./parse.worker.ts', import.meta.url), { type: 'module' }),
): ParseClient {
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<number, Pending>();

  const start = (): Worker => {
    const w = makeWorker();
    w.onmessage = (event: MessageEvent<FromWorker>) => {
      const m = event.data;
      const p = pending.get(m.id);
      if (!p) return;
      if (m.type === 'progress') {
        p.onProgress?.(m.bytes, m.total);
        return;
      }
      pending.delete(m.id);
      if (m.type === 'error') p.reject(new Error(m.message));
      else p.resolve(m);
    };
    w.onerror = (event) => {
      event.preventDefault();
      const err = new Error(event.message || 'The parser stopped unexpectedly.');
      for (const p of pending.values()) p.reject(err);
      pending.clear();
    };
    return w;
  };

  /** Sends one request; resolves with the worker's final answer to it. */
  const request = (
    msg: DistributiveOmit<ToWorker, 'id'>,
    onProgress?: Pending['onProgress'],
  ): Promise<FromWorker> => {
    worker ??= start();
    const w = worker;
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject, onProgress });
      w.postMessage({ ...msg, id } as ToWorker);
    });
  };

  const answer = <T extends FromWorker['type']>(m: FromWorker, type: T) => {
    if (m.type !== type) throw new Error(`The parser answered ${m.type}, not ${type}.`);
    return m as Extract<FromWorker, { type: T }>;
  };

  return {
    async load(source, onProgress) {
      const { doc, origin, view } = answer(
        await request({ type: 'load', source }, onProgress),
        'loaded',
      );
      return { doc, origin, view };
    },
    async lines(from, count) {
      return answer(await request({ type: 'lines', from, count }), 'lines').lines;
    },
    async outsideLines() {
      return answer(await request({ type: 'outside' }), 'lines').lines;
    },
    async step(build, step) {
      return answer(await request({ type: 'step', build, step }), 'step').detail;
    },
    async export(format) {
      const { text, mime, fileName } = answer(await request({ type: 'export', format }), 'export');
      return { text, mime, fileName };
    },
    async share(options) {
      return answer(await request({ type: 'share', options }), 'share').preview;
    },
    cancel() {
      worker?.terminate();
      worker = null;
      for (const p of pending.values()) p.reject(new CanceledError());
      pending.clear();
    },
  };
}
