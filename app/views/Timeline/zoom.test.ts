import { describe, expect, it } from 'vitest';
import type { Range, TimelineBar } from './timeline-layout';
import {
  MIN_SPAN_MS,
  barsInRange,
  clampRange,
  panRange,
  revealRange,
  sameZoom,
  toStoredZoom,
  viewRange,
  zoomRange,
} from './zoom';

const FULL: Range = [0, 10_000];

describe('zoom arithmetic', () => {
  it('halves the window around its middle, or around an anchor that stays put', () => {
    expect(zoomRange(FULL, FULL, 0.5)).toEqual([2500, 7500]);
    const z = zoomRange(FULL, FULL, 0.5, 2000);
    expect(z).toEqual([1000, 6000]);
    // The anchor is at the same fraction of the window before and after: 20%.
    expect((2000 - z[0]) / (z[1] - z[0])).toBeCloseTo(0.2);
  });

  it('never zooms out past the build, nor in past the narrowest window', () => {
    expect(zoomRange([2000, 4000], FULL, 100)).toEqual(FULL);
    const tiny = zoomRange([5000, 5020], FULL, 0.01);
    expect(tiny[1] - tiny[0]).toBe(MIN_SPAN_MS);
    // A build shorter than the narrowest window shows all of itself.
    expect(clampRange([0, 1], [0, 4])).toEqual([0, 4]);
  });

  it('pans by a time and stops at the ends', () => {
    expect(panRange([1000, 3000], FULL, 500)).toEqual([1500, 3500]);
    expect(panRange([1000, 3000], FULL, -5000)).toEqual([0, 2000]);
    expect(panRange([8000, 9500], FULL, 5000)).toEqual([8500, 10_000]);
  });

  it('moves just far enough to show a bar', () => {
    const view: Range = [1000, 3000];
    expect(revealRange(view, FULL, 1500, 2500)).toBe(view);
    expect(revealRange(view, FULL, 3500, 4000)).toEqual([2000, 4000]);
    expect(revealRange(view, FULL, 200, 400)).toEqual([200, 2200]);
  });

  it('stores the whole build as no zoom at all', () => {
    expect(toStoredZoom([0, 10_000], FULL)).toBeNull();
    expect(toStoredZoom([3, 9998], FULL)).toBeNull();
    expect(toStoredZoom([100, 9000], FULL)).toEqual([100, 9000]);
    expect(sameZoom(null, null)).toBe(true);
    expect(sameZoom([1, 2], [1, 2])).toBe(true);
    expect(sameZoom([1, 2], null)).toBe(false);
    expect(viewRange(null, FULL)).toEqual(FULL);
    // A stored window from a link to a longer build is brought inside this one.
    expect(viewRange([9000, 14_000], FULL)).toEqual([5000, 10_000]);
  });

  it('keeps the bars that touch the window, 0 ms ones at its edges included', () => {
    const bars: TimelineBar[] = [
      { step: 0, row: 0, startMs: 0, endMs: 900 },
      { step: 1, row: 0, startMs: 1000, endMs: 1000 },
      { step: 2, row: 1, startMs: 500, endMs: 5000 },
      { step: 3, row: 1, startMs: 3001, endMs: 4000 },
    ];
    expect(barsInRange(bars, [1000, 3000]).map((b) => b.step)).toEqual([1, 2]);
  });
});
