/**
 * Property tests (fast-check) for the reader and the plain parser: random and
 * hostile input never makes `readLog` throw or hang, and every line ends up in
 * exactly one place (check-fixture.ts `attributionProblems`: one role per line,
 * no line listed by two steps, lists and attribution agree).
 *
 * (a) arbitrary strings, arbitrary bytes, and line lists built from BuildKit-like
 *     fragments of every format (FORMAT.md §1, §3, §4, §5, §6);
 * (b) real logs from fixtures/plain with random lines deleted or duplicated.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LogModel } from '../model/types';
import { readLog } from '../read/read-log';
import { attributionProblems, invariantProblems } from './check-fixture';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const PLAIN = path.join(HERE, 'fixtures/plain');

/** Per-test limit: a hang fails the test instead of stalling the run. */
const TIMEOUT = 60_000;
/** `PROPERTY_RUNS=5000` for a longer hunt. */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 300);

/** Reads, and fails (with the input) on a throw or on a slow read. */
function readChecked(input: string | Uint8Array): LogModel {
  const t0 = performance.now();
  const m = readLog(input);
  const ms = performance.now() - t0;
  expect(ms, 'one small input must read in well under a second').toBeLessThan(2000);
  return m;
}

// ---- fragments

/** Vertex numbers start at 1; `#0` is the builder line and the v0.10-0.11 log-line bug only (below). */
const ref = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 1, max: 9 }).map(String) },
  { weight: 1, arbitrary: fc.constant('***') },
  { weight: 1, arbitrary: fc.integer({ min: 10, max: 99 }).map(String) },
);
/** Elapsed prefixes as BuildKit prints them: `%.3f` < 10 s, `%.2f` < 100 s, `%.1f`, and `%#.4g` cut (§1.3, §1.9). */
const elapsed = fc.oneof(
  fc.integer({ min: 0, max: 9999 }).map((ms) => (ms / 1000).toFixed(3)),
  fc.integer({ min: 1000, max: 9999 }).map((cs) => (cs / 100).toFixed(2)),
  fc.integer({ min: 1000, max: 99999 }).map((ds) => (ds / 10).toFixed(1)),
  fc.constantFrom('1235.', '0.500', '-0.001'),
);
const secs = fc.integer({ min: 0, max: 9999 }).map((ds) => (ds / 10).toFixed(1));
const words = fc.string({ maxLength: 30 });
const names = fc.constantFrom(
  '[internal] load build definition from Dockerfile',
  '[internal] load metadata for docker.io/library/alpine:3.19',
  '[internal] load .dockerignore',
  '[base 1/3] FROM docker.io/library/alpine:3.19@sha256:4bcff63911fcb4448bd4fdacec207030997caf25e9bea4045fa6c8c44de311d1',
  '[build-a 1/1] RUN make',
  '[ 2/10] WORKDIR /app',
  '[web 4/5] RUN npm ci',
  '[linux/amd64 stage-1 2/8] RUN apt-get update',
  '[auth] library/ubuntu:pull token for registry-1.docker.io',
  'exporting to image',
  'importing cache manifest from gha:11440515367744974498',
  'FROM docker.io/library/busybox',
);
const hex64 = fc
  .array(fc.constantFrom(...'0123456789abcdef'), { minLength: 64, maxLength: 64 })
  .map((a) => a.join(''));

const fragment: fc.Arbitrary<string> = fc.oneof(
  // Step lines (§1.1).
  fc.tuple(ref, names).map(([r, n]) => `#${r} ${n}`),
  fc.tuple(ref, secs).map(([r, s]) => `#${r} DONE ${s}s`),
  ref.map((r) => `#${r} CACHED`),
  ref.map((r) => `#${r} CANCELED`),
  fc.tuple(ref, words).map(([r, w]) => `#${r} ERROR: ${w}`),
  ref.map((r) => `#${r} ...`),
  fc.tuple(ref, words).map(([r, w]) => `#${r} WARN: ${w}`),
  fc.tuple(ref, elapsed, words).map(([r, e, w]) => `#${r} ${e} ${w}`),
  fc.tuple(ref, elapsed).map(([r, e]) => `#${r} ${e} `),
  fc.tuple(ref, hex64).map(([r, h]) => `#${r} sha256:${h}`),
  ref.map((r) => `#${r} transferring context: 2B done`),
  fc.tuple(ref, hex64).map(([r, h]) => `#${r} sha256:${h} 3.21MB / 41.55MB 1.5s`),
  fc.constant('#0 building with "x" instance using docker driver'),
  fc.tuple(elapsed, words).map(([e, w]) => `#0 ${e} ${w}`),
  fc.constant('#'),
  fc.constant('#5'),
  // Glued lines (§1.3) and web-paste joins.
  fc.tuple(ref, elapsed, words, secs).map(([r, e, w, s]) => `#${r} ${e} ${w}#${r} DONE ${s}s`),
  fc.tuple(ref, names, ref).map(([r, n, q]) => `#${r} ${n} #${q} CACHED`),
  fc.tuple(ref, elapsed, ref, elapsed).map(([r, e, q, f]) => `#${r} ${e} a #${q} ${f} b`),
  // Trailer (§1.6).
  fc.constant('------'),
  fc.constant(' > [a 1/2] RUN x:'),
  fc.constant('Dockerfile:3'),
  fc.constant('-'.repeat(20)),
  fc.constant(' 3 | >>> x'),
  fc.constant('   2 |     y'),
  fc.tuple(elapsed, words).map(([e, w]) => `${e} ${w}`),
  fc.constant(' 4 warnings found (use docker --debug to expand):'),
  fc.constant(' - FromAsCasing: x (line 1)'),
  fc.constant(
    'ERROR: failed to solve: process "/bin/sh -c x" did not complete successfully: exit code: 1',
  ),
  fc.constant('error: failed to solve: rpc error: code = Unknown desc = exit code: 2'),
  fc.constant('View build details: docker-desktop://dashboard/build/default/default/abc'),
  // Other formats (§3, §4, §5) and CI wrappers (§6).
  fc.constant('[+] Building 1.0s (2/2) FINISHED'),
  fc.constant(' => x 0.1s'),
  fc.constant(' => CACHED [2/5] WORKDIR /app                     0.0s'),
  fc.constant(' => ERROR [4/5] RUN pip install -r requirements.txt  1.6s'),
  fc.constant(' => => # some log'),
  fc.constant('{"vertexes":['),
  fc.constant(
    '{"vertexes":[{"digest":"sha256:ab","name":"[1/2] RUN x","started":"2024-05-01T10:00:02.1Z"}]}',
  ),
  fc.constant(
    '{"logs":[{"vertex":"sha256:ab","stream":1,"data":"aGVsbG8K","timestamp":"2024-05-01T10:00:02.4Z"}]}',
  ),
  fc.constant('#1      started: 2019-04-08 08:04:01.317228142 +0000 UTC'),
  fc.constant('#1    completed: 2019-04-08 08:04:01.72257637 +0000 UTC'),
  fc.constant('#1     duration: 405.348228ms'),
  fc.constant('#1         name: "[internal] load build definition from Dockerfile"'),
  fc.constant('Step 1/5 : FROM alpine'),
  fc.constant(' ---> Using cache'),
  fc.constant('##[group]Run docker build .'),
  fc.constant('section_start:1715685560:build\r\x1b[0Kdocker build'),
  // Plain noise.
  fc.constant(''),
  fc.constant('   '),
  words,
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer({ min: 200, max: 20_000 }).map((n) => 'x'.repeat(n)),
  fc
    .tuple(ref, fc.integer({ min: 200, max: 5000 }))
    .map(([r, n]) => `#${r} 0.100 ${'y'.repeat(n)}`),
);

const STAMP = '2025-02-13T05:44:35.4327392Z ';

/** A list of fragments joined as a log: LF or CRLF, optionally behind GitHub stamps. */
const fragmentLog = fc
  .tuple(
    fc.array(fragment, { maxLength: 150, size: 'max' }),
    fc.constantFrom('\n', '\r\n'),
    fc.boolean(),
    fc.boolean(),
  )
  .map(
    ([lines, eol, stamped, finalEol]) =>
      (stamped ? lines.map((l) => STAMP + l) : lines).join(eol) + (finalEol ? eol : ''),
  );

const opts = { numRuns: RUNS };

/** `#***` glued after other text: `… #*** DONE 0.1s`, `…sources#*** DONE 0.1s`. */
const MASKED_GLUE = /\S ?#\*+ (?:DONE|CACHED|CANCELED|ERROR)/;

describe('the fragment generator', () => {
  it('makes logs that the readers take for builds, in several formats', () => {
    const sample = fc.sample(fragmentLog, { numRuns: RUNS, seed: 1 }).map((log) => readLog(log));
    const withSteps = sample.filter((m) => m.builds.some((b) => b.steps.length > 0));
    expect(withSteps.length).toBeGreaterThan(RUNS / 2);
    const formats = new Set(withSteps.map((m) => m.format));
    expect([...formats]).toEqual(expect.arrayContaining(['plain', 'tty']));
    // Long enough to hold several blocks, some behind CI stamps.
    expect(sample.filter((m) => m.raw.length > 50).length).toBeGreaterThan(RUNS / 4);
    expect(sample.some((m) => m.ci === 'github-actions')).toBe(true);
  });
});

describe('(a) random and hostile input', () => {
  it(
    'arbitrary strings: no throw, every line in exactly one place',
    () => {
      fc.assert(
        fc.property(fc.string({ unit: 'binary', maxLength: 3000, size: 'large' }), (s) => {
          expect(attributionProblems(readChecked(s))).toEqual([]);
        }),
        opts,
      );
    },
    TIMEOUT,
  );

  it(
    'arbitrary byte arrays: no throw, every line in exactly one place',
    () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 6000, size: 'large' }), (bytes) => {
          expect(attributionProblems(readChecked(bytes))).toEqual([]);
        }),
        opts,
      );
    },
    TIMEOUT,
  );

  it(
    'byte arrays that start like gzip or UTF-16: no throw',
    () => {
      const starts = fc.constantFrom(
        [0x1f, 0x8b],
        [0x1f, 0x8b, 8, 0],
        [0xff, 0xfe],
        [0xfe, 0xff],
        [0xef, 0xbb, 0xbf],
      );
      fc.assert(
        fc.property(starts, fc.uint8Array({ maxLength: 3000, size: 'large' }), (head, rest) => {
          const m = readChecked(new Uint8Array([...head, ...rest]));
          expect(attributionProblems(m)).toEqual([]);
        }),
        opts,
      );
    },
    TIMEOUT,
  );

  it(
    'BuildKit-like fragments, glued lines and CI stamps included: no throw, every line in exactly one place',
    () => {
      fc.assert(
        fc.property(fragmentLog, (log) => {
          expect(attributionProblems(readChecked(log))).toEqual([]);
        }),
        opts,
      );
    },
    TIMEOUT,
  );

  it(
    'BuildKit-like fragments: every invariant of check-fixture.ts (order, times, DONE = duration)',
    () => {
      fc.assert(
        fc.property(fragmentLog, (log) => {
          // A glued line with a CI-masked ref is a known gap (plain.test.ts).
          fc.pre(!MASKED_GLUE.test(log));
          expect(invariantProblems(readChecked(log))).toEqual([]);
        }),
        opts,
      );
    },
    TIMEOUT,
  );
});

// ---- (b) real logs, damaged

const REAL = [
  'd26-01-multistage-parallel.plain.log',
  'd26-10-fail-run.plain.log',
  'd26-14-fail-parallel-cancel.plain.log',
  'd20-01-multistage-parallel.plain.log',
  'plain-buildctl-v0.5.0-first-compact-format.log',
  'ci-gitlab-webui-k8s-executor-docker-build-push.log',
  'plain-bake-web-api-npm-ci-error-target-prefix.log',
  'ci-github-webui-multiplatform-apt-failure-canceled-lint-warnings.log',
  'ci-gitea-masked-step-ref-excerpt.log',
].map((f) => readFileSync(path.join(PLAIN, f), 'utf8').replace(/\n$/, '').split('\n'));

type Edit = { op: 'delete' | 'duplicate'; at: number };
const edits = fc.array(
  fc.record({ op: fc.constantFrom<Edit['op']>('delete', 'duplicate'), at: fc.nat() }),
  { minLength: 1, maxLength: 25, size: 'max' },
);

function damage(lines: readonly string[], list: readonly Edit[]): string {
  const out = lines.slice();
  for (const e of list) {
    if (!out.length) break;
    const i = e.at % out.length;
    if (e.op === 'delete') out.splice(i, 1);
    else out.splice(i, 0, out[i]);
  }
  return out.join('\n') + '\n';
}

describe('(b) real logs with random lines deleted or duplicated', () => {
  it(
    'never throw, and every line stays in exactly one place',
    () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: REAL.length - 1 }), edits, (k, list) => {
          expect(attributionProblems(readChecked(damage(REAL[k], list)))).toEqual([]);
        }),
        opts,
      );
    },
    TIMEOUT,
  );

  it(
    'keep every invariant: steps in order, no negative times, DONE = duration',
    () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: REAL.length - 1 }), edits, (k, list) => {
          const m = readChecked(damage(REAL[k], list));
          expect(invariantProblems(m)).toEqual([]);
        }),
        opts,
      );
    },
    TIMEOUT,
  );
});
