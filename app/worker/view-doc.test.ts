import { describe, expect, it } from 'vitest';
import { analyze, buildViewDoc, readLog } from '../../src/index';
import { repoFile } from '../test-support/repo-file';
import { LogStore, STEP_LINES_MAX } from './log-store';

const read = (rel: string) => {
  const model = readLog(repoFile(rel));
  const analyses = analyze(model);
  return { model, analyses, doc: buildViewDoc(model, analyses, rel) };
};

describe('the view document', () => {
  // e2e/fixtures/multistage-parallel.log: build-a and build-b RUN side by side (#8, #9).
  const { model, doc } = read('e2e/fixtures/multistage-parallel.log');
  const [b] = doc.builds;

  it('carries every step with its times, and counts them by status', () => {
    expect(b.steps.map((s) => s.ref)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect(b.counts).toEqual({
      steps: 13,
      cached: 0,
      executed: 13,
      failed: 0,
      canceled: 0,
      unfinished: 0,
    });
    expect(b.label).toBe('Build 1 · 13 steps · done');
    expect(b.timing).toBe('estimated');
  });

  it('puts parallel stages in groups of their own and overlapping steps in different lanes', () => {
    const a = b.steps.find((s) => s.ref === 9)!;
    const bb = b.steps.find((s) => s.ref === 8)!;
    expect(a.group).not.toBe(bb.group);
    expect(b.groups.map((g) => g.label)).toEqual(
      expect.arrayContaining(['base', 'build-a', 'build-b', 'final', 'setup', 'export']),
    );
    // Within one group no two timed steps of a lane overlap.
    for (const g of b.groups) {
      const mine = b.steps.filter((s) => s.group === g.key && s.startMs !== null);
      for (const x of mine)
        for (const y of mine)
          if (x !== y && x.lane === y.lane)
            expect(x.endMs! <= y.startMs! || y.endMs! <= x.startMs!).toBe(true);
      expect(Math.max(0, ...mine.map((s) => s.lane)) + 1).toBe(g.lanes);
    }
  });

  it('counts the lines of each step from the model', () => {
    for (const s of b.steps) {
      const m = model.builds[0].steps[s.index];
      expect(s.lineCount).toBe(m.outputLines.length + m.statusLineNumbers.length);
    }
    expect(doc.lines.total).toBe(model.text.length);
    expect(doc.lines.attributed + doc.lines.outside).toBe(doc.lines.total);
  });

  it('marks the critical path', () => {
    expect(b.criticalPath.length).toBeGreaterThan(0);
    for (const i of b.criticalPath) expect(b.steps[i].onCriticalPath).toBe(true);
  });
});

describe('the worker’s line queries', () => {
  it('says where each line went and marks the package lines (pip, cold cache)', () => {
    const { model, analyses } = read('src/analysis/fixtures/pip-cache-cold.gha.log');
    const store = new LogStore(model, analyses);
    const all = store.lines(0, model.text.length);
    expect(all).toHaveLength(model.text.length);
    expect(all.map((l) => l.n)).toEqual(model.text.map((_, i) => i));
    const downloads = all.filter((l) => l.mark === 'downloaded');
    const events = analyses[0].packages.flatMap((p) => p?.items ?? []);
    expect(downloads.length).toBe(events.filter((e) => e.event === 'downloaded').length);
    expect(downloads.length).toBeGreaterThan(0);
    for (const l of downloads) expect(l.role).toBe('step-output');
  });

  it('gives one step its lines in order, with their elapsed times', () => {
    const { model, analyses } = read('e2e/fixtures/multistage-parallel.log');
    const store = new LogStore(model, analyses);
    const step = model.builds[0].steps.find((s) => s.ref === 9)!;
    const d = store.step(0, step.index);
    expect(d.lines.map((l) => l.n)).toEqual(
      [...step.outputLines, ...step.statusLineNumbers].sort((x, y) => x - y),
    );
    expect(d.truncated).toBe(d.lines.length >= STEP_LINES_MAX);
    const timed = d.lines.filter((l) => l.elapsedMs !== null);
    expect(timed.length).toBe(step.outputElapsedMs.filter((e) => e !== null).length);
  });

  it('answers a page past the end with what there is', () => {
    const { model, analyses } = read('e2e/fixtures/multistage-parallel.log');
    const store = new LogStore(model, analyses);
    const n = model.text.length;
    expect(store.lines(n - 2, 500).map((l) => l.n)).toEqual([n - 2, n - 1]);
    expect(store.lines(n + 10, 5)).toEqual([]);
  });
});
