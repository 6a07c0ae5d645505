/**
 * A ParseClient that runs the core in the test's own thread, for store and
 * component tests: the same answers as the worker, without a Worker.
 */
import { CanceledError, type ParseClient } from '../worker/client';
import type { LogStore } from '../worker/log-store';
import type { LoadSource } from '../worker/protocol';
import { realDoc } from './real-doc';

export interface CoreClient extends ParseClient {
  /** Loads that have been asked for and not answered yet, oldest first; `settle()` answers them. */
  readonly waiting: number;
  settle(): Promise<void>;
}

/** With `manual`, loads wait for `settle()`, so a test can act while one is in flight. */
export function createCoreClient(manual = false): CoreClient {
  let store: LogStore | null = null;
  const queue: (() => void)[] = [];
  let generation = 0;

  const read = async (source: LoadSource): Promise<{ text: string; label: string }> => {
    if (source.kind === 'text') return { text: source.text, label: source.label };
    if (source.kind === 'file') return { text: await source.file.text(), label: source.file.name };
    throw new Error(`Could not load ${source.url}: the test client reads no addresses.`);
  };

  return {
    get waiting() {
      return queue.length;
    },
    async settle() {
      while (queue.length) queue.shift()!();
      await new Promise((r) => setTimeout(r, 0));
    },
    async load(source, onProgress) {
      const mine = generation;
      if (manual) await new Promise<void>((r) => queue.push(r));
      if (mine !== generation) throw new CanceledError();
      const { text, label } = await read(source);
      onProgress?.(text.length, text.length);
      const real = realDoc(text, label);
      store = real.lines;
      return real.doc;
    },
    async lines(from, count) {
      if (!store) throw new Error('No log is loaded.');
      return store.lines(from, count);
    },
    async outsideLines() {
      if (!store) throw new Error('No log is loaded.');
      return store.outside();
    },
    async step(build, step) {
      if (!store) throw new Error('No log is loaded.');
      return store.step(build, step);
    },
    cancel() {
      generation++;
      store = null;
      while (queue.length) queue.shift()!();
    },
  };
}
