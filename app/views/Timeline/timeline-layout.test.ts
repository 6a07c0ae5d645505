import { describe, expect, it } from 'vitest';
import { analyze, buildViewDoc, readLog } from '../../../src/index';
import { repoFile } from '../../test-support/repo-file';
import { layoutTimeline } from './timeline-layout';

const buildOf = (rel: string) => {
  const model = readLog(repoFile(rel));
  return buildViewDoc(model, analyze(model), rel).builds[0];
};

describe('layoutTimeline', () => {
  // build-a (#9) and build-b (#8) RUN side by side after base; final copies from both.
  const parallel = buildOf('e2e/fixtures/multistage-parallel.log');
  const layout = layoutTimeline(parallel);
  const byRef = (ref: number) => parallel.steps.find((s) => s.ref === ref)!;
  const rowOf = (ref: number) => layout.bars.find((b) => b.step === byRef(ref).index)!.row;

  it('makes one row per group and lane, labelled on the first lane only', () => {
    expect(layout.rows.map((r) => r.label)).toEqual([
      'setup',
      'base',
      'build-b',
      'build-a',
      'final',
      'export',
    ]);
    expect(layout.rows.every((r) => r.lane === 0)).toBe(true);
  });

  it('puts build-a and build-b in rows of their own groups', () => {
    const a = layout.rows[rowOf(9)];
    const b = layout.rows[rowOf(8)];
    expect(a.groupLabel).toBe('build-a');
    expect(b.groupLabel).toBe('build-b');
    expect(rowOf(9)).not.toBe(rowOf(8));
    // They overlap in time, which is the point of drawing them apart.
    expect(byRef(9).startMs!).toBeLessThan(byRef(8).endMs!);
    expect(byRef(8).startMs!).toBeLessThan(byRef(9).endMs!);
  });

  it('has a bar for every timed step, in start order, and spans the whole build', () => {
    expect(layout.bars).toHaveLength(13);
    expect(layout.untimed).toEqual([]);
    for (let i = 1; i < layout.bars.length; i++)
      expect(layout.bars[i].startMs).toBeGreaterThanOrEqual(layout.bars[i - 1].startMs);
    expect(layout.extent).toEqual([0, parallel.wallMs]);
    for (const [step, at] of layout.barOf) expect(layout.bars[at].step).toBe(step);
  });

  it('gives the lanes of a busy group rows of their own, under one label', () => {
    // Four compose services built with bake: the setup group runs five things at once.
    const bake = buildOf(
      'src/analysis/packages/fixtures/plain-easypanel-compose-bake-4-services-uv-pnpm-nextjs.log',
    );
    const l = layoutTimeline(bake);
    expect(l.rows).toHaveLength(bake.groups.reduce((n, g) => n + g.lanes, 0));
    const setup = l.rows.filter((r) => r.groupLabel === 'setup');
    expect(setup.map((r) => r.lane)).toEqual([0, 1, 2, 3, 4]);
    expect(setup.map((r) => r.label)).toEqual(['setup', null, null, null, null]);
    // Overlapping steps of one group never share a row.
    for (const x of l.bars)
      for (const y of l.bars)
        if (x !== y && x.row === y.row)
          expect(x.endMs <= y.startMs || y.endMs <= x.startMs).toBe(true);
  });

  it('lists the steps that have no times, and draws the rest', () => {
    // rawjson: stage-3's two COPY steps never started, the build failed first.
    const failed = buildOf('src/formats/fixtures/rawjson/d26-14-fail-parallel-cancel.rawjson.log');
    const l = layoutTimeline(failed);
    expect(l.untimed.map((i) => failed.steps[i].name)).toEqual([
      '[stage-3 2/2] COPY --from=broken /etc/hostname /broken',
      '[stage-3 1/2] COPY --from=slow /etc/hostname /slow',
    ]);
    expect(l.bars).toHaveLength(failed.steps.length - 2);
  });
});
