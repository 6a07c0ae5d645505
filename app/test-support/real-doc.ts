/**
 * For view tests: a view document made by
 * the core from a real log, and a parse client that answers from a real
 * LogStore over the same model, as the worker would (parse.worker.ts).
 */
import { analyze, buildViewDoc, readLog } from '../../src/index';
import { createAppStore, type AppStore } from '../store/create-store';
import type { ViewState } from '../store/types';
import { initialView } from '../store/view-slice';
import type { ParseClient } from '../worker/client';
import { LogStore } from '../worker/log-store';
import { Session } from '../worker/session';
import type { ViewDoc } from '../worker/protocol';

export interface RealDoc {
  doc: ViewDoc;
  lines: LogStore;
  client: ParseClient;
  /** The line requests the client answered, in order (`-1, -1`: the outside-lines query). */
  calls: { from: number; count: number }[];
}

export function realDoc(text: string, label = 'test.log'): RealDoc {
  const model = readLog(text);
  const analyses = analyze(model);
  const lines = new LogStore(model, analyses);
  const doc = buildViewDoc(model, analyses, label);
  const session = Session.ofLog(model, label);
  const calls: RealDoc['calls'] = [];
  const client: ParseClient = {
    load: async () => ({ doc, ...session.info }),
    lines: async (from, count) => {
      calls.push({ from, count });
      return lines.lines(from, count);
    },
    outsideLines: async () => {
      calls.push({ from: -1, count: -1 });
      return lines.outside();
    },
    step: async (build, step) => lines.step(build, step),
    export: async (format) => session.export(format),
    share: async (options) => session.share(options),
    cancel() {},
  };
  return { doc, lines, client, calls };
}

/** A fresh store holding the document, as after a load, with the view given. */
export function storeWith(real: RealDoc, view: Partial<ViewState> = {}): AppStore {
  const store = createAppStore(real.client);
  store.setState({ doc: real.doc, view: { ...initialView(), ...view } });
  return store;
}
