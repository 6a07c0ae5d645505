import { describe, expect, it } from 'vitest';
import { tickLabel, tickStep, timeTicks, valueAxis } from './time-axis';

describe('time axis ticks', () => {
  it('steps by 1, 2 or 5 of a unit, then by clock-face steps', () => {
    expect(timeTicks(0, 3709, 8)).toEqual([0, 500, 1000, 1500, 2000, 2500, 3000, 3500]);
    expect(tickStep(3 * 60_000 + 24_000, 8)).toBe(30_000);
    expect(tickStep(20 * 60_000, 8)).toBe(5 * 60_000);
    expect(timeTicks(1234, 1250, 8)).toEqual([
      1234, 1236, 1238, 1240, 1242, 1244, 1246, 1248, 1250,
    ]);
  });

  it('ends, with a few ticks, where a float has no room left for the step (a hostile time)', () => {
    const ticks = timeTicks(1e20, 1e20 + 20_000, 5);
    expect(ticks.length).toBeGreaterThan(0);
    expect(ticks.length).toBeLessThanOrEqual(22);
  });

  it('ends a bar chart axis on the first tick past the longest bar', () => {
    expect(valueAxis(3500)).toEqual({ domain: [0, 4000], ticks: [0, 1000, 2000, 3000, 4000] });
    expect(valueAxis(0).domain[1]).toBeGreaterThan(0);
  });

  it('labels zoomed-in ticks finely enough to tell them apart', () => {
    const ticks = timeTicks(1200, 1300, 8);
    const labels = ticks.map((t) => tickLabel(t, 100));
    expect(new Set(labels).size).toBe(ticks.length);
    expect(labels[0]).toBe('1.20 s');
    expect(tickLabel(61_500, 1000)).toBe('1 min 1.5 s');
    // Zoomed out, the usual wording.
    expect(tickLabel(90_000, 600_000)).toBe('1 min 30 s');
  });
});
