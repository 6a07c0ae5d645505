/**
 * Ticks and labels for time axes. recharts' own nice ticks are decimal (900 ms,
 * 1.8 s); time reads better in steps of 1, 2 or 5 of a unit, and whole seconds
 * and minutes beyond that (15 s, 30 s, 1 min).
 */
import { duration } from '../../format';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
/** Tick steps above one second that a clock face makes familiar. */
const CLOCK_STEPS = [
  SECOND,
  2 * SECOND,
  5 * SECOND,
  10 * SECOND,
  15 * SECOND,
  30 * SECOND,
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  60 * MINUTE,
];

/** The smallest friendly step that cuts `spanMs` into at most `count` parts. */
export function tickStep(spanMs: number, count: number): number {
  const rough = spanMs / Math.max(1, count);
  if (rough <= 500) {
    const magnitude = 10 ** Math.floor(Math.log10(Math.max(rough, 1e-3)));
    for (const m of [1, 2, 5, 10]) if (m * magnitude >= rough) return m * magnitude;
  }
  for (const s of CLOCK_STEPS) if (s >= rough) return s;
  return Math.ceil(rough / (60 * MINUTE)) * 60 * MINUTE;
}

/** Ticks at multiples of a friendly step inside [startMs, endMs]. */
export function timeTicks(startMs: number, endMs: number, count: number): number[] {
  const step = tickStep(endMs - startMs, count);
  const ticks: number[] = [];
  // Rounded to the step's own precision, so 0.1 + 0.2 style sums do not leak into labels.
  const digits = Math.max(0, -Math.floor(Math.log10(step)));
  // At most a few times `count` ticks, and none once adding the step no longer moves
  // `t` (a huge time, where a float has no room left for the step): never an endless loop.
  for (
    let t = Math.ceil(startMs / step) * step;
    t <= endMs + step * 1e-9 && ticks.length <= count * 4 + 2;
    t += step
  ) {
    ticks.push(Number(t.toFixed(digits)));
    if (t + step === t) break;
  }
  return ticks;
}

/** A value axis from 0 that ends on a tick just past `maxMs`, for bar charts. */
export function valueAxis(maxMs: number, count = 4): { domain: [number, number]; ticks: number[] } {
  const step = tickStep(Math.max(maxMs, 1), count);
  const end = Math.max(step, Math.ceil(maxMs / step) * step);
  return { domain: [0, end], ticks: timeTicks(0, end, Math.round(end / step)) };
}

/**
 * A tick's label. duration() rounds the way a person reads a whole step
 * (`1.2 s`); zoomed in, neighbouring ticks would all read the same, so the
 * decimals follow the width of the visible window.
 */
export function tickLabel(ms: number, spanMs: number): string {
  if (ms < SECOND || spanMs >= 5 * SECOND) return duration(ms);
  const decimals = spanMs < 50 ? 3 : spanMs < 500 ? 2 : 1;
  const minutes = Math.floor(ms / MINUTE);
  const seconds = ((ms - minutes * MINUTE) / SECOND).toFixed(decimals);
  return minutes ? `${minutes} min ${seconds} s` : `${seconds} s`;
}
