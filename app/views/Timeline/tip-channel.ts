/**
 * The one tooltip's state, outside React's tree: hovering 2,000 bars must
 * re-render the tooltip only, never the chart. The bars write, the tooltip
 * subscribes (useSyncExternalStore).
 */
export interface TipTarget {
  step: number;
  /** Viewport coordinates of the point to show the tooltip next to. */
  clientX: number;
  clientY: number;
}

export interface TipChannel {
  get(): TipTarget | null;
  set(target: TipTarget | null): void;
  subscribe(listener: () => void): () => void;
}

export function createTipChannel(): TipChannel {
  let current: TipTarget | null = null;
  const listeners = new Set<() => void>();
  return {
    get: () => current,
    set(target) {
      if (
        target === current ||
        (target &&
          current &&
          target.step === current.step &&
          target.clientX === current.clientX &&
          target.clientY === current.clientY)
      )
        return;
      current = target;
      for (const l of listeners) l();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
