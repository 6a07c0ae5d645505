/**
 * The app's one store, made of slices (STYLE.md): loading, the analysed
 * document, the view state a link carries, and UI preferences. A test makes a
 * fresh one with a fake parse client.
 */
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { createWorkerClient, type ParseClient } from '../worker/client';
import { createLoadingSlice } from './loading-slice';
import type { AppState, Theme } from './types';
import { createViewSlice } from './view-slice';

const THEME_KEY = 'plainsight.theme';

function savedTheme(): Theme {
  try {
    const t = globalThis.localStorage?.getItem(THEME_KEY);
    return t === 'light' || t === 'dark' ? t : 'system';
  } catch {
    return 'system';
  }
}

export type AppStore = StoreApi<AppState>;

export function createAppStore(client: ParseClient = createWorkerClient()): AppStore {
  return createStore<AppState>()((...a) => {
    const [set] = a;
    return {
      ...createLoadingSlice(...a),
      ...createViewSlice(...a),
      doc: null,
      origin: 'log',
      client,
      theme: savedTheme(),
      setTheme(theme) {
        try {
          if (theme === 'system') globalThis.localStorage?.removeItem(THEME_KEY);
          else globalThis.localStorage?.setItem(THEME_KEY, theme);
        } catch {
          // Private mode: the choice lasts for this page only.
        }
        set({ theme });
      },
    };
  });
}

export const StoreContext = createContext<AppStore | null>(null);

/** Reads the store of the nearest provider through a selector (selectors.ts). */
export function useApp<T>(selector: (s: AppState) => T): T {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useApp outside a StoreContext provider');
  return useStore(store, selector);
}

export function useAppStore(): AppStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useAppStore outside a StoreContext provider');
  return store;
}
