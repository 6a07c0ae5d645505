/**
 * A ParseClient that runs the core in the test's own thread, for store and
 * component tests: the same answers as the worker (both go through
 * worker/session.ts), without a Worker.
 */
import { readLog } from '../../src/index';
import { CanceledError, type ParseClient } from '../worker/client';
import type { LoadSource } from '../worker/protocol';
import { openSession, type Session } from '../worker/session';

export interface CoreClient extends ParseClient {
  /** Loads that have been asked for and not answered yet, oldest first; `settle()` answers them. */
  readonly waiting: number;
  settle(): Promise<void>;
}

async function open(source: LoadSource, onProgress?: (b: number, t: number) => void) {
  return openSession(source, async (s) => {
    if (s.kind === 'url')
      throw new Error(`Could not load ${s.url}: the test client reads no addresses.`);
    const text = s.kind === 'text' ? s.text : await s.file.text();
    onProgress?.(text.length, text.length);
    return { model: readLog(text), label: s.kind === 'text' ? s.label : s.file.name };
  });
}

/** With `manual`, loads wait for `settle()`, so a test can act while one is in flight. */
export function createCoreClient(manual = false): CoreClient {
  let session: Session | null = null;
  const queue: (() => void)[] = [];
  let generation = 0;
  const loaded = () => {
    if (!session) throw new Error('No log is loaded.');
    return session;
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
      session = await open(source, onProgress);
      return { doc: session.doc, ...session.info };
    },
    lines: async (from, count) => loaded().lines(from, count),
    outsideLines: async () => loaded().outside(),
    step: async (build, step) => loaded().step(build, step),
    export: async (format) => loaded().export(format),
    share: async (options) => loaded().share(options),
    cancel() {
      generation++;
      session = null;
      while (queue.length) queue.shift()!();
    },
  };
}
