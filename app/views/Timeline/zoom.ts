/**
 * Zoom and pan arithmetic for the timeline's visible window, in ms from the
 * build's start. The store keeps `null` for "all of it", so a window that
 * covers the whole build is stored as null and "Reset zoom" has nothing to undo.
 */
import type { Range, TimelineBar } from './timeline-layout';

/**
 * The narrowest window: plain logs print durations to 0.1 s (FORMAT.md), and
 * rawjson's are exact, so 10 ms already shows more than any log can tell apart.
 */
export const MIN_SPAN_MS = 10;

/** One click of "Zoom in" halves the window; "Zoom out" doubles it. */
export const ZOOM_STEP = 2;

/** One arrow-key pan moves the window by a tenth of its width. */
export const PAN_FRACTION = 0.1;

/** The window the chart shows for the store's zoom. */
export function viewRange(zoom: Range | null, full: Range): Range {
  return zoom ? clampRange(zoom, full) : full;
}

/** Keeps a window inside the build, no wider than it and no narrower than MIN_SPAN_MS. */
export function clampRange([a, b]: Range, [lo, hi]: Range): Range {
  const fullSpan = hi - lo;
  const span = Math.min(fullSpan, Math.max(b - a, Math.min(MIN_SPAN_MS, fullSpan)));
  const start = Math.min(Math.max(a, lo), hi - span);
  return [start, start + span];
}

/**
 * Scales the window by `factor` (< 1 zooms in) around `anchorMs`, which stays
 * at the same place on screen: the point under the mouse, or the focused bar.
 */
export function zoomRange(view: Range, full: Range, factor: number, anchorMs?: number): Range {
  const [a, b] = view;
  const anchor = anchorMs ?? (a + b) / 2;
  const at = b > a ? (anchor - a) / (b - a) : 0.5;
  const span = (b - a) * factor;
  const start = anchor - at * span;
  return clampRange([start, start + span], full);
}

export function panRange([a, b]: Range, full: Range, deltaMs: number): Range {
  return clampRange([a + deltaMs, b + deltaMs], full);
}

/** Moves the window just enough to show [startMs, endMs] (its start, when it is wider). */
export function revealRange(view: Range, full: Range, startMs: number, endMs: number): Range {
  const [a, b] = view;
  if (startMs >= a && endMs <= b) return view;
  const span = b - a;
  if (endMs - startMs >= span || startMs < a) return clampRange([startMs, startMs + span], full);
  return clampRange([endMs - span, endMs], full);
}

/** What to store: null when the window is the whole build. */
export function toStoredZoom(view: Range, full: Range): Range | null {
  // Within a thousandth of the span counts as the same: wheel zooming out lands near, not on, the edges.
  const eps = (full[1] - full[0]) / 1000;
  return Math.abs(view[0] - full[0]) <= eps && Math.abs(view[1] - full[1]) <= eps ? null : view;
}

export const sameZoom = (x: Range | null, y: Range | null): boolean =>
  x === y || (x !== null && y !== null && x[0] === y[0] && x[1] === y[1]);

/** The bars that show in the window, touching its edges included (0 ms steps at an edge). */
export function barsInRange(bars: TimelineBar[], [a, b]: Range): TimelineBar[] {
  return bars.filter((bar) => bar.endMs >= a && bar.startMs <= b);
}
