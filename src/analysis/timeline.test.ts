import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readLog } from '../index';
import type { Build, Step } from '../model/types';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const read = (f: string) => readLog(readFileSync(path.join(dir, f)));
const byRef = (b: Build, ref: number) => b.steps.find((s) => s.ref === ref)!;
const overlap = (a: Step, b: Step) => a.startMs! < b.endMs! && b.startMs! < a.endMs!;

describe('estimated timeline (plain, no timestamps)', () => {
  const build = read('d26-01-multistage-parallel.plain.log').builds[0];

  it('labels the times as estimated and keeps every step on the timeline', () => {
    expect(build.timing).toBe('estimated');
    for (const s of build.steps) {
      expect(s.startMs).not.toBeNull();
      expect(s.endMs!).toBeGreaterThanOrEqual(s.startMs!);
    }
  });

  it('keeps the two parallel stages parallel', () => {
    // #8 [build-b 1/1] and #9 [build-a 1/1] interleave in the log (#8 ... then #9).
    expect(overlap(byRef(build, 8), byRef(build, 9))).toBe(true);
  });

  it('orders steps of one stage and waits for COPY --from stages', () => {
    expect(byRef(build, 7).startMs!).toBeGreaterThanOrEqual(byRef(build, 6).endMs!);
    // #10 [final 1/3] COPY --from=build-a, #11 COPY --from=build-b.
    expect(byRef(build, 10).startMs!).toBeGreaterThanOrEqual(byRef(build, 9).endMs!);
    expect(byRef(build, 11).startMs!).toBeGreaterThanOrEqual(byRef(build, 8).endMs!);
  });

  it('gives each step its DONE duration and a wall time between the longest step and the sum', () => {
    expect(byRef(build, 9).durationMs).toBe(3300); // `#9 DONE 3.3s`
    expect(byRef(build, 8).durationMs).toBe(3500); // `#8 DONE 3.5s` after its re-opening
    expect(byRef(build, 9).endMs! - byRef(build, 9).startMs!).toBe(3300);
    const sum = build.steps.reduce((a, s) => a + (s.durationMs ?? 0), 0);
    const longest = Math.max(...build.steps.map((s) => s.durationMs ?? 0));
    expect(build.wallMs!).toBeGreaterThanOrEqual(longest);
    expect(build.wallMs!).toBeLessThanOrEqual(sum);
    // Two stages of 3.3 s and 3.5 s in parallel: well under their sum.
    expect(build.wallMs!).toBeLessThan(sum - 2000);
  });
});

describe('timeline from CI timestamps', () => {
  const text = readFileSync(path.join(dir, 'pip-cache-cold.gha.log'), 'utf8');
  const model = readLog(text);
  const build = model.builds[0];
  const stamp = (line: string) => Date.parse(line.slice(0, 23) + 'Z');
  const lines = text.split('\n');

  it('uses the stamps', () => {
    expect(model.ci).toBe('github-actions');
    expect(build.timing).toBe('timestamped');
    // #6 prints `DONE 3.2s` 3.08 s after the first line: the build began before its first line was read.
    const done6 = lines.find((l) => / #6 DONE 3\.2s/.test(l))!;
    expect(build.startEpochMs).toBe(stamp(done6) - 3200);
    expect(build.startEpochMs!).toBeLessThan(stamp(lines[0]));
  });

  it('starts a step no later than the stamp of its first log line minus that line’s elapsed time', () => {
    // The first `#9 <elapsed>` line, read independently of the parser.
    const first = lines.find((l) => / #9 \d+\.\d+ /.test(l))!;
    const elapsedMs = Number(/ #9 (\d+\.\d+) /.exec(first)![1]) * 1000;
    const bound = stamp(first) - elapsedMs - build.startEpochMs!;
    // Each stamp is when the runner read the line, a little after it was written, so
    // start = the earliest of these bounds (and of finish − DONE); here within 0.1 s.
    expect(byRef(build, 9).startMs!).toBeLessThanOrEqual(bound);
    expect(byRef(build, 9).startMs!).toBeGreaterThan(bound - 100);
  });

  it('ends a step at the stamp of its finish line and the build at its last line', () => {
    const done = lines.find((l) => / #9 DONE /.test(l))!;
    const t0 = build.startEpochMs!;
    expect(byRef(build, 9).endMs).toBe(stamp(done) - t0);
    const last = lines.filter((l) => l.trim()).pop()!;
    expect(build.wallMs).toBe(stamp(last) - t0);
  });
});

describe('exact timeline (rawjson)', () => {
  const build = read('d26-01-multistage-parallel.rawjson.log').builds[0];

  it('takes the engine’s own start and completion times', () => {
    expect(build.timing).toBe('exact');
    const a = build.steps.find((s) => s.name.startsWith('[build-a 1/1]'))!;
    const b = build.steps.find((s) => s.name.startsWith('[build-b 1/1]'))!;
    expect(overlap(a, b)).toBe(true);
    expect(a.endMs! - a.startMs!).toBeCloseTo(a.durationMs!, 0);
    expect(build.wallMs).toBeCloseTo(3915.13, 0);
  });
});
