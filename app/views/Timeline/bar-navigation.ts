/**
 * Which bar the arrow keys move to. The bars are in start order, so left and
 * right walk time; up and down change row and land on the bar there that is
 * closest in time, like moving between lines of text.
 */
import type { TimelineBar } from './timeline-layout';

export type BarMove = 'next' | 'previous' | 'up' | 'down' | 'first' | 'last';

const mid = (b: TimelineBar) => (b.startMs + b.endMs) / 2;

/** The position in `bars` to move to from position `from`; `from` itself when there is nowhere to go. */
export function moveBar(bars: TimelineBar[], from: number, move: BarMove): number {
  if (!bars.length) return -1;
  const at = Math.min(Math.max(from, 0), bars.length - 1);
  switch (move) {
    case 'next':
      return Math.min(at + 1, bars.length - 1);
    case 'previous':
      return Math.max(at - 1, 0);
    case 'first':
      return 0;
    case 'last':
      return bars.length - 1;
    default: {
      const here = bars[at];
      const t = mid(here);
      // The nearest row in that direction that has a bar, then the bar closest in time.
      let bestRow = move === 'up' ? -Infinity : Infinity;
      for (const b of bars) {
        if (
          move === 'up' ? b.row < here.row && b.row > bestRow : b.row > here.row && b.row < bestRow
        )
          bestRow = b.row;
      }
      if (!Number.isFinite(bestRow)) return at;
      let best = at;
      let bestDist = Infinity;
      bars.forEach((b, i) => {
        if (b.row !== bestRow) return;
        const d = Math.abs(mid(b) - t);
        if (d < bestDist) {
          bestDist = d;
          best = i;
        }
      });
      return best;
    }
  }
}
