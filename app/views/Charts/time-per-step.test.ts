import { describe, expect, it } from 'vitest';
import { analyze, buildViewDoc, readLog } from '../../../src/index';
import { repoFile } from '../../test-support/repo-file';
import { foldSlowest, stepsByDuration, TOP_STEPS } from './time-per-step';

const buildOf = (rel: string) => {
  const model = readLog(repoFile(rel));
  return buildViewDoc(model, analyze(model), rel).builds[0];
};
// What selectSlowestSteps gives the chart: steps that took time, slowest first.
const slowest = (steps: ReturnType<typeof buildOf>['steps']) =>
  stepsByDuration(steps).filter((s) => s.durationMs! > 0);

describe('foldSlowest', () => {
  // 75 steps of four compose services: more than fit as bars.
  const bake = buildOf(
    'src/analysis/packages/fixtures/plain-easypanel-compose-bake-4-services-uv-pnpm-nextjs.log',
  );
  const timed = slowest(bake.steps);

  it('keeps the slowest twelve and folds the rest into one bar with their summed time', () => {
    const bars = foldSlowest(timed);
    expect(bars).toHaveLength(TOP_STEPS + 1);
    expect(bars.slice(0, TOP_STEPS).map((b) => b.step)).toEqual(
      timed.slice(0, TOP_STEPS).map((s) => s.index),
    );
    const others = bars[TOP_STEPS];
    expect(others.label).toBe(`all others (${timed.length - TOP_STEPS} steps)`);
    expect(others.step).toBeNull();
    expect(others.ms).toBe(timed.slice(TOP_STEPS).reduce((sum, s) => sum + s.durationMs!, 0));
    // Nothing is lost by folding.
    expect(bars.reduce((sum, b) => sum + b.steps, 0)).toBe(timed.length);
  });

  it('does not fold a single step, nor a short list', () => {
    const parallel = slowest(buildOf('e2e/fixtures/multistage-parallel.log').steps);
    expect(parallel.map((s) => s.ref)).toEqual([8, 9, 6, 12]);
    expect(foldSlowest(parallel).map((b) => b.label)).toEqual([
      '#8 [build-b 1/1] RUN for i…',
      '#9 [build-a 1/1] RUN for i…',
      '#6 [base 2/3] WORKDIR /src',
      '#12 [final 3/3] RUN ls -l /…',
    ]);
    // One step over the limit keeps its own bar rather than hide behind "all others (1 steps)".
    expect(foldSlowest(parallel, 3).map((b) => b.step)).toEqual(parallel.map((s) => s.index));
    expect(foldSlowest(parallel, 2).map((b) => b.label)[2]).toBe('all others (2 steps)');
  });

  it('lists every step with a duration for the table, zero-length ones last', () => {
    const all = stepsByDuration(buildOf('e2e/fixtures/multistage-parallel.log').steps);
    expect(all).toHaveLength(13);
    expect(all[0].ref).toBe(8);
    expect(all.at(-1)!.durationMs).toBe(0);
  });
});
