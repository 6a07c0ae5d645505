import type { StateCreator } from 'zustand';
import { CanceledError } from '../worker/client';
import type { AppState, LoadingSlice } from './types';
import { initialView, linkedView, openingView } from './view-slice';

const idle = (): LoadingSlice['loading'] => ({
  status: 'idle',
  label: null,
  bytes: 0,
  total: null,
  error: null,
  elapsedMs: null,
});

const labelOf = (source: Parameters<LoadingSlice['load']>[0]) =>
  source.kind === 'file' ? source.file.name || 'dropped file' : source.label;

export const createLoadingSlice: StateCreator<AppState, [], [], LoadingSlice> = (set, get) => {
  /** Each load gets a number; answers to an older one are dropped. */
  let current = 0;
  return {
    loading: idle(),
    async load(source) {
      const id = ++current;
      // A load in flight is replaced: its worker goes, a fresh one reads the new source.
      if (get().loading.status === 'loading') get().client.cancel();
      const started = performance.now();
      set({
        loading: { ...idle(), status: 'loading', label: labelOf(source) },
      });
      try {
        const { doc, origin, view } = await get().client.load(source, (bytes, total) => {
          if (id === current) set((s) => ({ loading: { ...s.loading, bytes, total } }));
        });
        if (id !== current) return;
        set((s) => ({
          doc,
          origin,
          view: view ? linkedView(doc, view) : openingView(doc),
          loading: {
            ...s.loading,
            status: 'done',
            bytes: doc.bytes,
            elapsedMs: performance.now() - started,
          },
        }));
      } catch (err) {
        if (id !== current) return;
        if (err instanceof CanceledError) {
          set((s) => ({ loading: { ...s.loading, status: 'canceled' } }));
          return;
        }
        set((s) => ({
          loading: {
            ...s.loading,
            status: 'error',
            error: err instanceof Error ? err.message : String(err),
          },
        }));
      }
    },
    cancelLoad() {
      if (get().loading.status !== 'loading') return;
      current++;
      get().client.cancel();
      set((s) => ({ loading: { ...s.loading, status: 'canceled' } }));
    },
    reset() {
      current++;
      if (get().loading.status === 'loading') get().client.cancel();
      set({ loading: idle(), doc: null, origin: 'log', view: initialView() });
    },
  };
};
