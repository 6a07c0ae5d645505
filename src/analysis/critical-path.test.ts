import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { describeStepName } from '../formats/step-name';
import type { Build, Step } from '../model/types';
import { readLog } from '../read/read-log';
import { corpusFiles, describeCorpus, readCorpus } from '../test-support/corpus';
import { computeCriticalPath } from './critical-path';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const read = (f: string) => readLog(readFileSync(path.join(dir, f))).builds[0];
const step = (b: Build, name: string) => {
  const s = b.steps.find((x) => x.name.startsWith(name));
  if (!s) throw new Error(`no step ${name}`);
  return s;
};
const names = (b: Build, steps: number[]) => steps.map((i) => b.steps[i].name);
const summed = (b: Build) => b.steps.reduce((a, s) => a + (s.durationMs ?? 0), 0);
const isDockerfile = (s: Step) => s.kind === 'step' || s.kind === 'base';

/** What every result must satisfy, whatever the log. */
function expectInvariants(b: Build) {
  const cp = computeCriticalPath(b);
  expect(cp.slackMs).toHaveLength(b.steps.length);
  for (const x of cp.slackMs) expect(x).toBeGreaterThanOrEqual(0);
  for (const i of cp.steps) expect(cp.slackMs[i]).toBe(0);
  expect(cp.summedMs).toBeCloseTo(summed(b), 6);
  expect(Object.values(cp.byKind).reduce((a, x) => a + x, 0)).toBeCloseTo(cp.summedMs, 6);
  expect(cp.wallMs).toBe(b.wallMs ?? 0);
  if (cp.wallMs > 0) expect(cp.parallelism).toBeCloseTo(cp.summedMs / cp.wallMs, 9);
  else expect(cp.parallelism).toBeNull();
  const timed = b.steps.filter((s) => s.startMs !== null && s.endMs !== null);
  if (timed.length) {
    // The path ends at the step that ended last and runs forward in time.
    const lastEnd = Math.max(...timed.map((s) => s.endMs!));
    expect(b.steps[cp.steps[cp.steps.length - 1]].endMs).toBe(lastEnd);
    for (let k = 1; k < cp.steps.length; k++)
      expect(b.steps[cp.steps[k]].endMs!).toBeGreaterThanOrEqual(b.steps[cp.steps[k - 1]].endMs!);
    expect(new Set(cp.steps).size).toBe(cp.steps.length);
  } else {
    expect(cp.steps).toEqual([]);
  }
  for (const i of cp.steps) expect(b.steps[i].startMs).not.toBeNull();
  return cp;
}

// The two parallel stages of d26-01 and what follows them, in the order they ran.
const D26_01_PATH = (slower: 'build-a' | 'build-b') => [
  '[internal] load build definition from Dockerfile',
  '[internal] load metadata for docker.io/local/debian:bookworm',
  '[base 1/3] FROM docker.io/local/debian:bookworm',
  '[base 2/3] WORKDIR /src',
  '[base 3/3] COPY common.txt ./',
  slower === 'build-b'
    ? '[build-b 1/1] RUN for i in 1 2 3 4; do echo "[b] generating asset $i/4"; sleep 0.8; done && echo b > /b.out'
    : '[build-a 1/1] RUN for i in 1 2 3 4 5; do echo "[a] compiling module $i/5"; sleep 0.6; done && echo a > /a.out',
  '[final 1/3] COPY --from=build-a /a.out /out/',
  '[final 2/3] COPY --from=build-b /b.out /out/',
  '[final 3/3] RUN ls -l /out && cat /out/*',
  'exporting to image',
];

describe('critical path of two parallel stages (d26-01)', () => {
  it('exact times (rawjson): goes through build-b, the slower stage there, then final and the export', () => {
    const b = read('d26-01-multistage-parallel.rawjson.log');
    expect(b.timing).toBe('exact');
    const a = step(b, '[build-a 1/1]');
    const bb = step(b, '[build-b 1/1]');
    // BuildKit's own times: build-b ran 3487 ms, build-a 3216 ms, side by side.
    expect(bb.durationMs!).toBeGreaterThan(a.durationMs!);
    expect(bb.endMs!).toBeGreaterThan(a.endMs!);
    expect(a.startMs!).toBeLessThan(bb.endMs!);
    const cp = expectInvariants(b);
    expect(names(b, cp.steps)).toEqual(D26_01_PATH('build-b'));
  });

  it('exact times: build-a could have taken as long as build-b did (its slack ≈ the difference)', () => {
    const b = read('d26-01-multistage-parallel.rawjson.log');
    const cp = computeCriticalPath(b);
    const a = step(b, '[build-a 1/1]');
    const bb = step(b, '[build-b 1/1]');
    const final1 = step(b, '[final 1/3]');
    // Latest allowed end = the start of `[final 1/3] COPY --from=build-a`, on the path.
    expect(cp.slackMs[a.index]).toBeCloseTo(final1.startMs! - a.endMs!, 6);
    // That start is 6 ms after build-b ended: slack ≈ 3583.7 − 3312.2 ms.
    expect(Math.abs(cp.slackMs[a.index] - (bb.endMs! - a.endMs!))).toBeLessThan(10);
    expect(cp.slackMs[a.index]).toBeGreaterThan(250);
    expect(cp.slackMs[bb.index]).toBe(0);
  });

  it('exact times: more than one thing at a time, and the figures add up', () => {
    const b = read('d26-01-multistage-parallel.rawjson.log');
    const cp = computeCriticalPath(b);
    expect(cp.wallMs).toBe(b.wallMs);
    expect(cp.parallelism!).toBeGreaterThan(1.7); // 7044 ms of work in 3915 ms
    expect(cp.parallelism!).toBeLessThan(2);
    expect(cp.byKind.run).toBeCloseTo(
      step(b, '[build-a').durationMs! +
        step(b, '[build-b').durationMs! +
        step(b, '[final 3/3]').durationMs!,
      6,
    );
  });

  it('estimated times (plain): goes through #8 build-b (DONE 3.5s), not #9 build-a (DONE 3.3s)', () => {
    const b = read('d26-01-multistage-parallel.plain.log');
    expect(b.timing).toBe('estimated');
    const cp = expectInvariants(b);
    expect(names(b, cp.steps)).toEqual(D26_01_PATH('build-b'));
    const a = step(b, '[build-a 1/1]');
    expect(a.ref).toBe(9);
    expect(cp.steps).not.toContain(a.index);
    // It could have taken 3.5 s instead of 3.3 s.
    expect(cp.slackMs[a.index]).toBe(200);
    // `load .dockerignore` feeds nothing the log names: it could run until the end.
    expect(cp.slackMs[step(b, '[internal] load .dockerignore').index]).toBe(b.wallMs);
    expect(cp.parallelism!).toBeCloseTo(7000 / 3709, 6); // summed DONE times / wall
  });
});

describe('critical path of a serial single-stage build (d26-03 npm cold)', () => {
  for (const f of ['d26-03-npm-cold.plain.log', 'd26-03-npm-cold.rawjson.log']) {
    it(`${f}: the path holds every Dockerfile step in order, then the export`, () => {
      const b = read(f);
      const cp = expectInvariants(b);
      const dockerfile = b.steps
        .filter(isDockerfile)
        .sort((x, y) => x.position![0] - y.position![0])
        .map((s) => s.index);
      expect(dockerfile).toHaveLength(7); // [stage-0 1/7] … [stage-0 7/7]
      expect(cp.steps.filter((i) => isDockerfile(b.steps[i]))).toEqual(dockerfile);
      expect(b.steps[cp.steps[0]].name).toBe('[internal] load build definition from Dockerfile');
      expect(b.steps[cp.steps[cp.steps.length - 1]].name).toBe('exporting to image');
      for (const i of dockerfile) expect(cp.slackMs[i]).toBe(0);
      // One thing at a time: the summed busy time is the wall time (rawjson: the
      // .dockerignore and context transfers overlap the FROM by a few ms).
      expect(cp.parallelism!).toBeGreaterThan(0.95);
      expect(cp.parallelism!).toBeLessThan(1.01);
    });
  }
});

describe('critical path of the lambda build (plain, stages in parallel, a merged prefix)', () => {
  const b = read('plain-python-pip-multistage-parallel-lambda.log');
  const cp = expectInvariants(b);

  it('follows the builder stage’s 33 s RUN, then the COPY --from=builder', () => {
    expect(names(b, cp.steps).map((n) => n.slice(0, 40))).toEqual([
      '[internal] load build definition from Do',
      '[internal] load metadata for docker.io/l',
      '[builder 1/4] FROM docker.io/library/pyt',
      '[builder 2/4] WORKDIR /app',
      '[builder 3/4] COPY src/requirements.txt ',
      '[builder 4/4] RUN apt-get update &&     ',
      '[stage-1 7/8] COPY --from=builder /root/',
      '[stage-1 8/8] COPY src/ .',
      'exporting to image',
    ]);
  });

  it('gives the parallel stage-1 steps the slack the builder RUN leaves them', () => {
    // stage-1 starts at 3/8: its FROM and WORKDIR were the builder's (one vertex
    // per digest). Its four steps (DONE 5.5 + 13.4 + 0.1 + 0.3 s) ran beside the
    // builder RUN (DONE 33.1 s) and all could have grown by the same amount.
    const run = step(b, '[builder 4/4]');
    const last = step(b, '[stage-1 6/8]');
    const side = ['[stage-1 3/8]', '[stage-1 4/8]', '[stage-1 5/8]', '[stage-1 6/8]'];
    for (const n of side) {
      expect(cp.steps).not.toContain(step(b, n).index);
      expect(cp.slackMs[step(b, n).index]).toBe(run.endMs! - last.endMs!);
    }
    // Both began when the shared WORKDIR ended (`[builder 3/4] COPY` DONE 0.0s).
    expect(run.endMs! - last.endMs!).toBe(33100 - (5500 + 13400 + 100 + 300));
    expect(cp.parallelism!).toBeGreaterThan(1.4); // 59.4 s of work in 40 s
  });
});

/**
 * A build made of the named steps with the given exact times, for the rules no
 * small real log shows on its own (the names follow FORMAT.md §1.5).
 */
function synthetic(rows: [name: string, startMs: number, endMs: number][]): Build {
  const base = read('d26-01-multistage-parallel.plain.log');
  const template = base.steps[0];
  const steps: Step[] = rows.map(([name, startMs, endMs], index) => ({
    ...structuredClone(template),
    ...describeStepName(name),
    index,
    ref: index + 1,
    name,
    startMs,
    endMs,
    durationMs: endMs - startMs,
    statuses: [],
  }));
  return { ...base, timing: 'exact', steps, wallMs: Math.max(...rows.map((r) => r[2])) };
}

describe('dependencies the names give, and what stands in where they do not', () => {
  it('a step that waited long after its named dependency hangs on the step that ended just before it', () => {
    // `[other 2/2]` waits for `[other 1/2]` (ended at 1 s) but starts at 5.03 s,
    // right when `[2/3] RUN make` ended: a wait the log does not name (a worker slot).
    const b = synthetic([
      ['[internal] load build definition from Dockerfile', 0, 10],
      ['[internal] load metadata for docker.io/library/alpine:3.19', 10, 20],
      ['[internal] load metadata for docker.io/library/golang:1.22', 10, 20],
      ['[stage-0 1/3] FROM docker.io/library/alpine:3.19@sha256:1234', 20, 30],
      ['[other 1/2] FROM docker.io/library/golang:1.22@sha256:5678', 20, 1000],
      ['[stage-0 2/3] RUN make', 30, 5030],
      ['[other 2/2] RUN go build', 5030, 7000],
      ['[stage-0 3/3] COPY --from=other /out /out', 7000, 7100],
      ['exporting to image', 7100, 7200],
    ]);
    const cp = expectInvariants(b);
    expect(names(b, cp.steps)).toEqual([
      '[internal] load build definition from Dockerfile',
      '[internal] load metadata for docker.io/library/alpine:3.19',
      '[stage-0 1/3] FROM docker.io/library/alpine:3.19@sha256:1234',
      '[stage-0 2/3] RUN make',
      '[other 2/2] RUN go build',
      '[stage-0 3/3] COPY --from=other /out /out',
      'exporting to image',
    ]);
    // The golang pull could have taken 4.03 s longer; its metadata as much.
    expect(cp.slackMs[4]).toBe(4030);
    expect(cp.slackMs[2]).toBe(4030);
  });

  it('FROM <stage>: a stage whose first step starts when another stage ends is built on it', () => {
    const b = synthetic([
      ['[internal] load build definition from Dockerfile', 0, 10],
      ['[internal] load metadata for docker.io/library/node:20', 10, 20],
      ['[deps 1/2] FROM docker.io/library/node:20@sha256:1234', 20, 30],
      ['[deps 2/2] RUN npm ci', 30, 4000],
      // `FROM node:20 AS lint` + `RUN npm run lint`: position 1 is deps' FROM (one vertex).
      ['[lint 2/2] RUN npm run lint', 30, 900],
      ['[internal] load metadata for docker.io/library/python:3.12', 3990, 4002],
      ['[py 1/1] FROM docker.io/library/python:3.12@sha256:5678', 4002, 4030],
      // `FROM deps AS app`: its first step starts 3 ms after `[deps 2/2]` ends,
      // though the python metadata ended later still (2 ms after `[deps 2/2]`).
      ['[app 1/1] RUN npm run build', 4003, 6000],
      ['exporting to image', 6000, 6100],
    ]);
    const cp = expectInvariants(b);
    expect(names(b, cp.steps)).toEqual([
      '[internal] load build definition from Dockerfile',
      '[internal] load metadata for docker.io/library/node:20',
      '[deps 1/2] FROM docker.io/library/node:20@sha256:1234',
      '[deps 2/2] RUN npm ci',
      '[app 1/1] RUN npm run build',
      'exporting to image',
    ]);
    // lint and the python pull feed only the export.
    expect(cp.slackMs[4]).toBe(6000 - 900);
    expect(cp.slackMs[6]).toBe(6000 - 4030);
    expect(cp.slackMs[5]).toBe(6000 - 4030);
  });

  it('COPY --from=<image> waits for that image’s bare FROM, not for a stage; RUN --mount=from=<stage> for the stage', () => {
    const b = synthetic([
      ['[internal] load build definition from Dockerfile', 0, 10],
      ['[internal] load metadata for docker.io/library/alpine:3.19', 10, 20],
      ['[tools 1/2] FROM docker.io/library/alpine:3.19@sha256:1234', 20, 30],
      ['[tools 2/2] RUN make tools', 30, 2000],
      ['FROM docker.io/library/golang:1.22@sha256:5678', 20, 3000],
      ['[stage-1 1/3] FROM docker.io/library/alpine:3.19@sha256:1234', 20, 30],
      ['[stage-1 2/3] COPY --from=golang:1.22 /usr/local/go /go', 3000, 3500],
      ['[stage-1 3/3] RUN --mount=type=bind,from=tools,target=/t /t/run', 3500, 3600],
      ['exporting to image', 3600, 3700],
    ]);
    const cp = expectInvariants(b);
    expect(names(b, cp.steps).slice(-4)).toEqual([
      'FROM docker.io/library/golang:1.22@sha256:5678',
      '[stage-1 2/3] COPY --from=golang:1.22 /usr/local/go /go',
      '[stage-1 3/3] RUN --mount=type=bind,from=tools,target=/t /t/run',
      'exporting to image',
    ]);
    // `[tools 2/2]` is needed by `[stage-1 3/3]` (starts at 3.5 s) and nothing later.
    expect(cp.slackMs[3]).toBe(1500);
  });
});

describe('builds without times', () => {
  const base = () => structuredClone(read('d26-01-multistage-parallel.plain.log'));

  it('leaves steps without times out of the path, without throwing', () => {
    const b = base();
    const a = step(b, '[build-b 1/1]');
    a.startMs = null;
    a.endMs = null;
    const cp = expectInvariants(b);
    expect(cp.steps).not.toContain(a.index);
    expect(cp.slackMs[a.index]).toBe(0);
    expect(b.steps[cp.steps[cp.steps.length - 1]].name).toBe('exporting to image');
  });

  it('gives an empty path, zero slack and no parallelism when nothing has times or wall', () => {
    const b = base();
    for (const s of b.steps) {
      s.startMs = null;
      s.endMs = null;
    }
    b.wallMs = null;
    const cp = expectInvariants(b);
    expect(cp.steps).toEqual([]);
    expect(cp.slackMs.every((x) => x === 0)).toBe(true);
    expect(cp.wallMs).toBe(0);
    expect(cp.parallelism).toBeNull();
    expect(cp.summedMs).toBe(7000);
  });

  it('copes with an empty build', () => {
    const b = base();
    b.steps = [];
    const cp = expectInvariants(b);
    expect(cp).toMatchObject({ steps: [], slackMs: [], summedMs: 0 });
  });
});

describeCorpus('critical path in real logs', () => {
  it('gradle build-push (GitHub Actions stamps): parallel FROM pulls, the gradle RUN dominates the path', () => {
    const m = readLog(readCorpus('real/ci-github-build-push-git-context-gradle-push.log'));
    // Build 0 is `[internal] booting buildkit` (setup-buildx); build 1 is the build.
    const b = m.builds.reduce((x, y) => (y.steps.length > x.steps.length ? y : x));
    expect(b.timing).toBe('timestamped');
    const cp = expectInvariants(b);
    const fromBuilder = step(b, '[builder 1/6] FROM');
    const fromStage1 = step(b, '[stage-1 1/4] FROM');
    const gradle = step(b, '[builder 6/6] RUN chmod +x gradlew && ./gradlew bootWar');
    // The two base images were pulled side by side (DONE 9.1s and 5.4s).
    expect(fromBuilder.startMs!).toBeLessThan(fromStage1.endMs!);
    expect(fromStage1.startMs!).toBeLessThan(fromBuilder.endMs!);
    expect(cp.steps).toContain(fromBuilder.index);
    expect(cp.steps).not.toContain(fromStage1.index);
    // The gradle RUN (DONE 28.4s) is the longest step on the path and most of the wall.
    expect(cp.steps).toContain(gradle.index);
    const onPath = cp.steps.map((i) => b.steps[i].durationMs ?? 0);
    expect(gradle.durationMs).toBe(Math.max(...onPath));
    expect(gradle.durationMs! / cp.wallMs).toBeGreaterThan(0.6);
    expect(names(b, cp.steps).slice(-3)).toEqual([
      '[stage-1 4/4] COPY --from=builder /app/build/libs/*.war /usr/local/tomcat/webapps/ROOT.war',
      'exporting to image',
      'resolving provenance for metadata file',
    ]);
    // stage-1's own steps waited ~30 s for the builder.
    for (const n of ['[stage-1 1/4]', '[stage-1 2/4]', '[stage-1 3/4]'])
      expect(cp.slackMs[step(b, n).index]).toBeGreaterThan(25000);
    expect(cp.parallelism!).toBeGreaterThan(1);
  });

  it('lambda (corpus copy): the same path as the fixture', () => {
    const b = readLog(readCorpus('real/plain-python-pip-multistage-parallel-lambda.log')).builds[0];
    const cp = computeCriticalPath(b);
    expect(b.steps[cp.steps[5]].name.startsWith('[builder 4/4] RUN')).toBe(true);
    expect(cp.steps).toHaveLength(9);
  });

  it('d26-01 in the corpus: plain and rawjson agree on the path', () => {
    for (const f of [
      'd26-01-multistage-parallel.plain.log',
      'd26-01-multistage-parallel.rawjson.log',
    ]) {
      const b = readLog(readCorpus(`engine/${f}`)).builds[0];
      expect(names(b, computeCriticalPath(b).steps)).toEqual(D26_01_PATH('build-b'));
    }
  });

  it('every corpus build: no throw, and the invariants hold', () => {
    let builds = 0;
    for (const folder of ['real', 'engine', 'engine-pip'])
      for (const f of corpusFiles(folder))
        for (const b of readLog(readCorpus(f)).builds) {
          expectInvariants(b);
          builds++;
        }
    expect(builds).toBeGreaterThan(150);
  });
});
