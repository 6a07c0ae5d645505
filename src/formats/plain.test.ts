/**
 * Modern plain progress (FORMAT.md §1) over real logs copied from the shared
 * corpus into fixtures/plain/, and edge-case files derived from them
 * (fixtures/plain/README.md says how each was made). Every fixture of every
 * format folder also goes through the one shared check (check-fixture.ts):
 * invariants, the stored dump, and the re-read without a CI wrapper.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Build, LogModel, Step } from '../model/types';
import { ROLES } from '../model/types';
import { readLog } from '../read/read-log';
import {
  expectFixture,
  fixtureFiles,
  fixtureFolders,
  invariantProblems,
  readFixtureModel,
} from './check-fixture';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const FIXTURES = path.join(HERE, 'fixtures');
const PLAIN = path.join(FIXTURES, 'plain');

const cache = new Map<string, LogModel>();
function run(name: string): LogModel {
  let m = cache.get(name);
  if (!m) cache.set(name, (m = readFixtureModel(path.join(PLAIN, name))));
  return m;
}

function step(b: Build, ref: number | string): Step {
  const s = b.steps.find((x) => x.ref === ref);
  if (!s) throw new Error(`no step ${ref}`);
  return s;
}

const roleOf = (m: LogModel, line1: number) => ROLES[m.attribution.role[line1 - 1]];
/** Ref of the step that owns 1-based line `line1`, or null. */
function ownerOf(m: LogModel, line1: number): number | string | null {
  const b = m.attribution.build[line1 - 1];
  const s = m.attribution.step[line1 - 1];
  return b >= 0 && s >= 0 ? m.builds[b].steps[s].ref : null;
}

/** Ref, name, status and duration of every step: what damaged copies must keep. */
const facts = (b: Build) => b.steps.map((s) => [s.ref, s.name, s.status, s.durationMs]);

describe('every fixture under src/formats/fixtures, checked the same way (check-fixture.ts)', () => {
  const folders = fixtureFolders(FIXTURES);

  it('finds the format folders', () => {
    expect(folders.map((f) => path.basename(f))).toEqual(
      expect.arrayContaining(['legacy', 'plain', 'rawjson', 'tty']),
    );
  });

  for (const folder of folders) {
    describe(path.basename(folder), () => {
      for (const file of fixtureFiles(folder)) {
        it(path.basename(file), () => void expectFixture(file));
      }
    });
  }
});

describe('plain: d26-01, two parallel stages and a re-opened step (Docker 26.1, BK v0.13)', () => {
  const m = run('d26-01-multistage-parallel.plain.log');
  const b = m.builds[0];

  it('reads one build of 13 steps in header order, named by the builder line', () => {
    expect(m.format).toBe('plain');
    expect(m.builds).toHaveLength(1);
    expect(b.builder).toBe('default');
    expect(b.steps.map((s) => s.ref)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect(b.error).toBeNull();
    // `#0 building with …` and the empty line after it.
    expect([roleOf(m, 1), roleOf(m, 2)]).toEqual(['build-header', 'build-header']);
  });

  it('keeps #8 as one step with two blocks: switched away (`#8 ...`), then DONE 3.5s', () => {
    const s = step(b, 8);
    expect(s.segments.map((g) => [g.firstLine + 1, g.finished])).toEqual([
      [27, false],
      [42, true],
    ]);
    expect(s.status).toBe('done');
    expect(s.durationMs).toBe(3500);
    expect(s.outputLines.map((i) => i + 1)).toEqual([28, 29, 30, 31]);
    expect(s.outputElapsedMs).toEqual([200, 1005, 1811, 2615]);
    expect(step(b, 9).durationMs).toBe(3300);
  });

  it('reads stage, position and instruction from the names (§1.5)', () => {
    const pick = (s: Step) => [s.stage, s.position, s.instruction, s.kind];
    expect(pick(step(b, 4))).toEqual(['base', [1, 3], 'FROM', 'base']);
    expect(pick(step(b, 9))).toEqual(['build-a', [1, 1], 'RUN', 'step']);
    expect(pick(step(b, 11))).toEqual(['final', [2, 3], 'COPY', 'step']);
    expect(pick(step(b, 1))).toEqual([null, null, null, 'internal']);
    expect(step(b, 13).kind).toBe('export');
  });

  it('reads the exporter status lines (§1.4)', () => {
    expect(step(b, 13).statuses.map((x) => [x.id, x.done])).toEqual([
      ['exporting layers', true],
      [
        'writing image sha256:2ef78aa6d2cdcd5df24c99b785dcfba275dfbcf461f38b0e497bbb737288fb4c',
        true,
      ],
      ['naming to docker.io/demo/multistage', true],
    ]);
    expect(step(b, 3).statuses[0]).toMatchObject({ id: 'transferring context:', currentBytes: 2 });
  });
});

describe('plain: d26-10, a RUN that fails with exit code 127', () => {
  const m = run('d26-10-fail-run.plain.log');
  const b = m.builds[0];

  it('marks #7 failed with its exit code and #5 cached', () => {
    expect(step(b, 7)).toMatchObject({ status: 'error', exitCode: 127, durationMs: null });
    expect(step(b, 7).error).toBe(
      'process "/bin/sh -c echo \\"running make\\" && make -C build all" did not complete successfully: exit code: 127',
    );
    expect(step(b, 5)).toMatchObject({ status: 'cached', durationMs: 0 });
  });

  it('gives the build error from the final line, tied to #7', () => {
    expect(b.error).toEqual({
      step: 7,
      exitCode: 127,
      line: 40,
      message:
        'failed to solve: process "/bin/sh -c echo \\"running make\\" && make -C build all" did not complete successfully: exit code: 127',
    });
  });

  it('reads the Dockerfile excerpt with the marked row', () => {
    expect(b.excerpt).toMatchObject({ file: 'Dockerfile', line: 4, firstLine: 32 });
    expect(b.excerpt!.rows.map((r) => [r.number, r.marked])).toEqual([
      [2, false],
      [3, false],
      [4, true],
      [5, false],
      [6, false],
    ]);
    expect(b.excerpt!.rows[2].text).toBe('RUN echo "running make" && make -C build all');
  });

  it('attributes the error block (a copy of #7 output, §1.6) to the trailer, not to #7 again', () => {
    // Lines 28-41: `------`, ` > [4/5] …:`, `0.098 running make`, … the final error.
    for (let l = 28; l <= 41; l++) expect(roleOf(m, l), `line ${l}`).toBe('build-trailer');
    expect(step(b, 7).outputLines.map((i) => i + 1)).toEqual([25, 26]);
  });
});

describe('plain: d26-14, a failing stage cancels its parallel sibling', () => {
  const b = run('d26-14-fail-parallel-cancel.plain.log').builds[0];

  it('reads #5 canceled, #6 failed with exit code 2, and blames #6', () => {
    expect(facts(b).slice(4)).toEqual([
      [5, step(b, 5).name, 'canceled', null],
      [6, step(b, 6).name, 'error', null],
    ]);
    expect(step(b, 6).exitCode).toBe(2);
    expect(b.error).toMatchObject({ step: 6, exitCode: 2 });
    expect(step(b, 4).status).toBe('cached');
  });
});

describe('plain: d20-01, BuildKit 0.8 (Docker 20.10): digest lines, receipt-order numbers', () => {
  const b = run('d20-01-multistage-parallel.plain.log').builds[0];

  it('keeps the numbers in the order printed (§1.2: v0.5-v0.9 number at receipt)', () => {
    expect(b.steps.map((s) => s.ref)).toEqual([1, 2, 3, 11, 12, 4, 5, 8, 6, 7, 9, 10, 13]);
    expect(b.builder).toBeNull();
  });

  it('reads `#N sha256:<64hex>` after each header as the vertex digest, not a status', () => {
    expect(step(b, 1).digest).toBe(
      'sha256:d93a168d6a436f838b4bf45a6c5b8d049d93d3c85aca35b3cd6d6d2d99d85950',
    );
    for (const s of b.steps) expect(s.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(step(b, 1).statuses.map((x) => x.id)).toEqual(['transferring dockerfile:']);
    // #8 comes back with its header and its digest line again.
    expect(step(b, 8).segments).toHaveLength(2);
    expect(step(b, 8).durationMs).toBe(3500);
  });
});

describe('plain: buildctl v0.5.0, the first compact format', () => {
  const m = run('plain-buildctl-v0.5.0-first-compact-format.log');
  const b = m.builds[0];

  it('leaves the shell prompt outside and reads #2 before #1', () => {
    expect(roleOf(m, 1)).toBe('outside');
    expect(b.steps.map((s) => s.ref)).toEqual([2, 1, 3, 4, 5]);
  });

  it('keeps the name cut at 72 bytes with its `...` (§1.9)', () => {
    expect(step(b, 4).name).toBe(
      '[1/2] FROM docker.io/library/ubuntu@sha256:f3d28607ddd78734bb7f71f117f3c...',
    );
    expect(step(b, 4).position).toEqual([1, 2]);
  });

  it('reads layer progress with sizes and times (§1.4)', () => {
    const s = step(b, 4);
    expect(s.durationMs).toBe(7700);
    const last = s.statuses.filter((x) => x.id.startsWith('sha256:6f5c5aa4')).at(-1)!;
    expect(last).toMatchObject({
      currentBytes: 41_550_000,
      totalBytes: 41_550_000,
      seconds: 5,
      done: true,
    });
    expect(s.statuses.at(-1)).toMatchObject({ seconds: 2.7, done: true });
    expect(step(b, 5).outputLines).toHaveLength(1);
  });
});

describe('plain: GitLab web-UI copy, no blank lines between blocks', () => {
  const m = run('ci-gitlab-webui-k8s-executor-docker-build-push.log');
  const b = m.builds[0];

  it('finds the 8 steps between the runner preamble and the docker push output', () => {
    expect(m.ci).toBeNull();
    expect(m.builds).toHaveLength(1);
    expect(facts(b).map(([r, , st, d]) => [r, st, d])).toEqual([
      [1, 'done', 100],
      [2, 'done', 100],
      [3, 'done', 2100],
      [4, 'done', 0],
      [5, 'done', 6000],
      [6, 'done', 300],
      [7, 'done', 2000],
      [8, 'done', 100],
    ]);
    expect(b.firstLine + 1).toBe(52);
    expect(b.lastLine + 1).toBe(122);
  });

  it('re-opens #3 and #5 after `#N ...` without blank lines', () => {
    expect(step(b, 3).segments.map((s) => s.finished)).toEqual([false, true]);
    expect(step(b, 5).segments.map((s) => s.finished)).toEqual([false, true]);
  });

  it('keeps the preamble, the buildx warning and the push output outside', () => {
    expect(roleOf(m, 51)).toBe('outside'); // `$ docker build  -t …`
    expect(roleOf(m, 123)).toBe('outside'); // `WARNING: buildx: git was not found …`
    expect(roleOf(m, 148)).toBe('outside'); // `Job succeeded`
  });
});

describe('plain: bake with two targets, target prefixes and `target web:` error', () => {
  const m = run('plain-bake-web-api-npm-ci-error-target-prefix.log');
  const b = m.builds[0];

  it('reads the target of every prefixed step (§1.5)', () => {
    expect(step(b, 2)).toMatchObject({ target: 'web', kind: 'internal' });
    expect(step(b, 12)).toMatchObject({ target: 'web', position: [4, 5], instruction: 'RUN' });
    expect(step(b, 13)).toMatchObject({ target: 'api', position: [3, 7], status: 'canceled' });
    expect(step(b, 1).target).toBeNull();
  });

  it('blames #12 `[web 4/5] RUN npm ci` with exit code 1', () => {
    expect(b.error).toMatchObject({ step: 12, exitCode: 1, line: 94 });
    expect(b.error!.message).toMatch(/^target web: failed to solve: /);
    expect(step(b, 12).outputLines).toHaveLength(24);
  });

  it('keeps the compose warning line before the build outside', () => {
    expect(roleOf(m, 1)).toBe('outside');
  });
});

describe('plain: GitHub web-UI copy, multi-platform, `WARN:` lines and the warnings summary', () => {
  const m = run('ci-github-webui-multiplatform-apt-failure-canceled-lint-warnings.log');
  const b = m.builds[0];

  it('reads `#1 WARN: …` as a warning of #1 and a status line (§1.7)', () => {
    expect(step(b, 1).warnings).toEqual([
      {
        line: 11,
        message: "FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line 10)",
      },
    ]);
    expect(roleOf(m, 12)).toBe('step-status');
    expect(ownerOf(m, 12)).toBe(1);
  });

  it('merges the WARN line and the summary into four distinct build warnings (§1.6.2)', () => {
    expect(b.warnings).toEqual([
      "FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line 10)",
      "UndefinedVar: Usage of undefined variable '$VERSION' (line 155)",
      "UndefinedVar: Usage of undefined variable '$BUILD_DATE' (line 155)",
      "UndefinedVar: Usage of undefined variable '$VCS_REF' (line 155)",
    ]);
  });

  it('reads platforms, the apt failure (exit 100) and the canceled siblings', () => {
    expect(step(b, 3).platform).toBe('linux/amd64');
    expect(step(b, 13)).toMatchObject({ platform: 'linux/amd64', stage: 'stage-1', exitCode: 100 });
    expect(b.steps.filter((s) => s.status === 'canceled').map((s) => s.ref)).toEqual([10, 14, 15]);
    expect(b.error).toMatchObject({ step: 13, exitCode: 100 });
    expect(b.excerpt).toMatchObject({ file: 'Dockerfile', line: 55 });
  });
});

describe('plain: a Gitea job excerpt with a CI-masked step ref `#***`', () => {
  const m = run('ci-gitea-masked-step-ref-excerpt.log');
  const b = m.builds[0];

  it('strips the GitHub-style stamps and uses them for times', () => {
    expect(m.ci).toBe('github-actions');
    expect(b.timing).toBe('timestamped');
  });

  it('keeps `#***` as a step of its own (a secret matched the digits 22)', () => {
    const s = step(b, '#***');
    expect(s).toMatchObject({ status: 'cached', stage: 'production', position: [4, 8] });
    expect(s.statusLineNumbers.map((i) => i + 1)).toEqual([15, 16, 17]);
  });

  it('says the excerpt starts mid-build (#18 without its header)', () => {
    expect(step(b, 18)).toMatchObject({ name: '#18', status: 'done', durationMs: 59_800 });
    expect(m.diagnostics).toEqual([
      expect.objectContaining({
        level: 'warning',
        message: expect.stringMatching(/#18 appears without its header/),
      }),
    ]);
  });
});

describe('plain: edge cases derived from the real logs', () => {
  const d2610 = run('d26-10-fail-run.plain.log').builds[0];

  it('glued lines: a finish glued to a log line and step lines joined by spaces (§1.3)', () => {
    const m = run('d26-10-fail-run.glued.log');
    expect(facts(m.builds[0])).toEqual(facts(d2610));
    // `#6 0.094 preparing sources#6 DONE 0.1s` is #6's output line and its finish.
    const s6 = step(m.builds[0], 6);
    expect(s6.outputLines.map((i) => i + 1)).toEqual([19]);
    expect(s6.segments[0].finished).toBe(true);
    // `#3 [internal] load .dockerignore #3 transferring context: 2B done`
    expect(step(m.builds[0], 3).statuses[0]).toMatchObject({
      id: 'transferring context:',
      done: true,
    });
    expect(m.diagnostics.map((d) => d.message)).toEqual([
      expect.stringMatching(/^2 line\(s\) held several BuildKit lines glued together/),
    ]);
    expect(m.builds[0].error).toEqual({ ...d2610.error, line: 37 });
  });

  it('flattened onto one line: all steps still found, and a diagnostic', () => {
    const m = run('d26-10-fail-run.flattened.log');
    expect(m.raw).toHaveLength(1);
    expect(facts(m.builds[0])).toEqual(facts(d2610));
    expect(step(m.builds[0], 7).exitCode).toBe(127);
    expect(m.diagnostics.length).toBeGreaterThan(0);
  });

  it('flattened: no step lists as its output the line that is attributed elsewhere', () => {
    expect(invariantProblems(run('d26-10-fail-run.flattened.log'))).toEqual([]);
  });

  it('hard-wrapped at 80 columns: every step recovered, and a diagnostic', () => {
    const whole = run('plain-bake-web-api-npm-ci-error-target-prefix.log');
    const m = run('plain-bake-web-api-npm-ci-error-target-prefix.wrapped80.log');
    expect(m.raw.every((l) => l.length <= 80)).toBe(true);
    expect(facts(m.builds[0])).toEqual(facts(whole.builds[0]));
    expect(m.builds[0].error!.message).toBe(whole.builds[0].error!.message);
    expect(m.builds[0].steps.map((s) => s.target)).toEqual(
      whole.builds[0].steps.map((s) => s.target),
    );
    expect(m.diagnostics.map((d) => d.message)).toEqual([
      expect.stringMatching(/hard-wrapped at 80 columns/),
    ]);
  });

  it('truncated in the middle of RUN #5: #5 unfinished, everything before intact', () => {
    const whole = run('d26-14-fail-parallel-cancel.plain.log').builds[0];
    const b = run('d26-14-fail-parallel-cancel.truncated.log').builds[0];
    expect(facts(b).slice(0, 4)).toEqual(facts(whole).slice(0, 4));
    expect(step(b, 5)).toMatchObject({ status: 'unfinished', durationMs: null, error: null });
    expect(step(b, 5).outputLines).toHaveLength(2);
    expect(b.steps).toHaveLength(5);
    expect(b.error).toBeNull();
  });

  it('`#0` log lines (v0.10-0.11 bug, §1.3) belong to the enclosing block', () => {
    const m = run('plain-v0.11-hash0-log-lines-buildkit-3834.log');
    const b = m.builds[0];
    const s5 = step(b, 5);
    expect(s5.outputLines.map((i) => i + 1)).toEqual([2, 3, 4, 5]);
    expect(s5.outputElapsedMs).toEqual([106, 106, 106, 106]);
    expect(s5).toMatchObject({ status: 'done', durationMs: 100 });
    expect(b.steps.some((s) => s.ref === 0)).toBe(false);
    // The quote is cut mid-digest: the last step is still open.
    expect(step(b, 4).status).toBe('unfinished');
  });

  it('two builds in one log: the numbering restarts and two builds come out', () => {
    const m = run('two-builds-d26-01-then-d20-01.log');
    expect(m.builds).toHaveLength(2);
    expect(m.builds[0].builder).toBe('default');
    expect(m.builds[1].builder).toBeNull();
  });
});

describe('numbering restarts, flattened pastes, masked refs', () => {
  it('two builds: the second build keeps its #1 when the numbering restarts (§1.2)', () => {
    // Line 64 `#1 [internal] load build definition from Dockerfile` follows the first
    // build's `#13 DONE 0.0s`; the parser re-opens the first build's #1 (same name),
    // and only `#2 [internal] load .dockerignore` (line 69) starts build 2.
    const m = run('two-builds-d26-01-then-d20-01.log');
    expect(m.builds[1].steps[0].ref).toBe(1);
    expect(m.builds[1].firstLine + 1).toBe(64);
    expect(step(m.builds[0], 1).segments).toHaveLength(1);
    expect(m.attribution.build[63]).toBe(1); // line 64
  });

  it('d26-10-fail-run.flattened.log: the whole-fixture check', () => {
    expectFixture(path.join(PLAIN, 'd26-10-fail-run.flattened.log'));
  });

  it('flattened: the build error is the final `ERROR:` line, not the trailer glued to #7 ERROR', () => {
    const b = run('d26-10-fail-run.flattened.log').builds[0];
    expect(b.error!.message).toBe(run('d26-10-fail-run.plain.log').builds[0].error!.message);
    expect(step(b, 7).error).toBe(step(run('d26-10-fail-run.plain.log').builds[0], 7).error);
    expect(b.excerpt).toMatchObject({ file: 'Dockerfile', line: 4 });
  });

  it('a CI-masked ref `#***` is read in glued lines too (§1.3, plain-repair.ts)', () => {
    // STEP_LINE takes `#***`; GLUED_FINISH (plain.ts) and GLUE (plain-repair.ts) take digits only.
    const glued = readLog('#*** [a 1/2] RUN x\n#*** 0.268 no newline#*** DONE 0.3s\n');
    expect(glued.builds[0].steps[0]).toMatchObject({
      ref: '#***',
      status: 'done',
      durationMs: 300,
    });
    const pasted = readLog('#*** [a 1/2] RUN x #*** CACHED\n');
    expect(pasted.builds[0].steps[0]).toMatchObject({ name: '[a 1/2] RUN x', status: 'cached' });
  });

  it('the empty line after a re-opened step finishes belongs to that step', () => {
    // d26-01 line 43 `#8 DONE 3.5s`, line 44 empty: attributed to #9 (the last step
    // created), not to #8 whose block it closes. Same after line 40 of the GitHub copy.
    const m = run('d26-01-multistage-parallel.plain.log');
    expect(ownerOf(m, 44)).toBe(8);
    const w = run('ci-github-webui-multiplatform-apt-failure-canceled-lint-warnings.log');
    expect(ownerOf(w, 41)).toBe(6); // after `#6 DONE 0.0s` (line 40), the re-opened #6
  });
});
