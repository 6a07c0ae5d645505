import { describe, expect, it } from 'vitest';
import { analyze, buildViewDoc, readLog } from '../../../src/index';
import { repoFile } from '../../test-support/repo-file';
import { moveBar } from './bar-navigation';
import { layoutTimeline, type TimelineBar } from './timeline-layout';

describe('moving between bars with the arrow keys', () => {
  const model = readLog(repoFile('e2e/fixtures/multistage-parallel.log'));
  const build = buildViewDoc(model, analyze(model), 'x').builds[0];
  const { bars, barOf, rows } = layoutTimeline(build);
  const at = (ref: number) => barOf.get(build.steps.find((s) => s.ref === ref)!.index)!;
  const refAt = (i: number) => build.steps[bars[i].step].ref;

  it('walks the steps in time order and stops at the ends', () => {
    expect(moveBar(bars, at(9), 'next')).toBe(at(9) + 1);
    expect(moveBar(bars, 0, 'previous')).toBe(0);
    expect(moveBar(bars, bars.length - 1, 'next')).toBe(bars.length - 1);
    expect(refAt(moveBar(bars, 3, 'last'))).toBe(13);
  });

  it('goes up and down to the nearest row, to the bar closest in time', () => {
    // build-b (#8) sits right above build-a (#9); both run from 100 ms.
    expect(rows[bars[at(8)].row].groupLabel).toBe('build-b');
    expect(refAt(moveBar(bars, at(8), 'down'))).toBe(9);
    expect(refAt(moveBar(bars, at(9), 'up'))).toBe(8);
    // From the export at the bottom, nothing lies further down.
    expect(moveBar(bars, at(13), 'down')).toBe(at(13));
  });

  it('lands on the bar of the next row that is closest in time, skipping empty rows', () => {
    const many: TimelineBar[] = [
      { step: 0, row: 0, startMs: 0, endMs: 10 },
      { step: 1, row: 2, startMs: 0, endMs: 100 },
      { step: 2, row: 0, startMs: 50, endMs: 60 },
      { step: 3, row: 0, startMs: 200, endMs: 300 },
    ];
    expect(moveBar(many, 1, 'up')).toBe(2);
    expect(moveBar(many, 3, 'down')).toBe(1);
    expect(moveBar(many, 1, 'down')).toBe(1);
  });
});
