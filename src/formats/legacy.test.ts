/**
 * Legacy plain (BuildKit < v0.5, FORMAT.md §3) against the four real legacy
 * logs of the corpus, copied to fixtures/legacy/, plus one derived fixture:
 *
 * - legacy-buildctl-v0.4.0-flattened-paste.log is DERIVED from
 *   legacy-buildctl-v0.4.0-2026-rerun-ubuntu.log by joining all its lines
 *   with single spaces, as a web paste that loses line breaks does.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeCorpus } from '../test-support/corpus';
import type { Build, Step } from '../model/types';
import { legacyFormat, parseGoTimeMs, unquoteGo } from './legacy';
import { parseGoDurationMs } from './status-line';
import {
  CORPUS_DIR,
  invariantProblems,
  readFixture,
  roleAt,
  runFormat,
  seededRandom,
  type FormatRun,
} from './test-helpers';

const run = (name: string): FormatRun => runFormat(legacyFormat, readFixture('legacy', name));
const ref = (b: Build, n: number): Step => {
  const s = b.steps.find((x) => x.ref === n);
  if (!s) throw new Error(`no step #${n}`);
  return s;
};
const t = (s: string): number => parseGoTimeMs(s) as number;

const REAL = [
  'legacy-2018-docker-docs-plain-dockerignore-dockerfile.log',
  'legacy-buildctl-k8s-push-wrapped.log',
  'legacy-buildctl-v0.3.0-2026-rerun-ubuntu.log',
  'legacy-buildctl-v0.4.0-2026-rerun-ubuntu.log',
];
const FLAT = 'legacy-buildctl-v0.4.0-flattened-paste.log';

describe('legacy helpers', () => {
  it('reads Go time.Time strings with nanoseconds', () => {
    const a = t('2019-04-08 08:04:01.317228142 +0000 UTC');
    const b = t('2019-04-08 08:04:01.72257637 +0000 UTC');
    expect(b - a).toBeCloseTo(405.348228, 3); // the `duration:` printed in FORMAT.md §3
    expect(t('2019-04-08 10:04:01 +0200 CEST')).toBe(Date.UTC(2019, 3, 8, 8, 4, 1));
    expect(parseGoTimeMs('yesterday')).toBeNull();
  });

  it('unquotes Go %q', () => {
    expect(unquoteGo('"[internal] load .dockerignore"')).toBe('[internal] load .dockerignore');
    expect(unquoteGo('"a \\"b\\" \\\\ \\n \\x41 \\u00e9"')).toBe('a "b" \\ \n A é');
    expect(unquoteGo('not quoted')).toBe('not quoted');
  });
});

describe('legacy: every real fixture keeps the printed intervals and durations', () => {
  for (const f of REAL) {
    it(f, () => {
      const r = run(f);
      expect(r.builds).toHaveLength(1);
      const b = r.builds[0];
      expect(b.format).toBe('legacy');
      expect(b.timing).toBe('exact');
      expect(invariantProblems(r)).toEqual([]);
      expect(r.diagnostics).toEqual([]);
      // One interval per printed `duration:`, each as long as printed.
      const printed = new Map<number, number[]>();
      for (const l of r.lines) {
        const m = /^#(\d+) +duration: (.*)$/.exec(l);
        if (m)
          printed.set(Number(m[1]), [
            ...(printed.get(Number(m[1])) ?? []),
            parseGoDurationMs(m[2])!,
          ]);
      }
      expect(printed.size).toBeGreaterThan(0);
      for (const [n, durations] of printed) {
        const s = ref(b, n);
        const closed = s.intervals.filter((iv) => iv.endEpochMs !== null);
        expect(closed.map((iv) => iv.endEpochMs! - iv.startEpochMs)).toEqual(
          durations.map((d) => expect.closeTo(d, 3)),
        );
        expect(s.durationMs!).toBeCloseTo(
          durations.reduce((x, y) => x + y, 0),
          3,
        );
      }
      // Digests and full names come from the fields.
      for (const s of b.steps) {
        expect(s.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
        expect(s.name).not.toMatch(/\.\.\.$/);
      }
    });
  }
});

describe('legacy: Docker 18.09 docs (2018)', () => {
  const r = run('legacy-2018-docker-docs-plain-dockerignore-dockerfile.log');
  const b = r.builds[0];

  it('reads two vertices with two intervals each', () => {
    expect(b.steps.map((s) => [s.ref, s.name, s.status, s.intervals.length])).toEqual([
      [1, '[internal] load .dockerignore', 'done', 2],
      [2, '[internal] load Dockerfile', 'done', 2],
    ]);
    // 66.818µs + 14.432052ms
    expect(ref(b, 1).durationMs).toBeCloseTo(14.49887, 3);
    expect(ref(b, 1).statuses).toEqual([
      expect.objectContaining({ id: 'transferring context:', currentBytes: 142, done: true }),
    ]);
  });

  it('gives the wall time from the earliest started to the latest completed', () => {
    expect(b.startEpochMs).toBe(t('2018-08-31 19:07:09.246319297 +0000 UTC'));
    // 09.270231987 − 09.246319297
    expect(b.wallMs).toBeCloseTo(23.91269, 3);
    expect(ref(b, 2).startMs).toBeCloseTo(0.012055, 3);
  });

  it('leaves the command line outside', () => {
    expect(roleAt(r, 0)).toBe('outside');
    expect(roleAt(r, 2)).toBe('step-status');
  });
});

describe('legacy: buildctl v0.4.0 via kubectl logs, hard-wrapped at 108 columns', () => {
  const r = run('legacy-buildctl-k8s-push-wrapped.log');
  const b = r.builds[0];

  it('reads six vertices in print order (#2 before #1), one cached', () => {
    expect(b.steps.map((s) => [s.ref, s.status])).toEqual([
      [2, 'done'],
      [1, 'done'],
      [3, 'done'],
      [4, 'done'],
      [5, 'cached'],
      [6, 'done'],
    ]);
  });

  it('joins a wrapped name field and a wrapped status line', () => {
    expect(ref(b, 4).name).toBe(
      '[1/2] FROM docker.io/library/alpine:latest@sha256:644fcb1a676b5165371437feaa922943aaf7afcfa8bfee4472f6860aad1ef2a0',
    );
    expect(ref(b, 4).statuses.map((s) => [s.id, s.done])).toEqual([
      [
        'resolve docker.io/library/alpine:latest@sha256:644fcb1a676b5165371437feaa922943aaf7afcfa8bfee4472f6860aad1ef2a0',
        true,
      ],
    ]);
    expect(r.lines[41]).toBe('a8bfee4472f6860aad1ef2a0"');
    expect(r.lines[46]).toBe('1ef2a0 done');
    for (const i of [41, 46]) {
      expect(roleAt(r, i)).toBe('step-status');
      expect(r.attribution.step[i]).toBe(ref(b, 4).index);
    }
  });

  it('leaves the logrus warnings (and their wrapped tails) outside', () => {
    for (const i of [0, 1, 2, 3, 4]) expect(roleAt(r, i)).toBe('outside');
  });

  it('keeps the latest state of repeated status ids', () => {
    expect(ref(b, 6).statuses.map((s) => [s.id, s.seconds, s.done])).toEqual([
      ['exporting layers', null, true],
      [
        'exporting manifest sha256:d2138b9afd64b4f11e89469538ebb158d63087b8b8a42aab9a22d680aceffb9e',
        null,
        true,
      ],
      [
        'exporting config sha256:846f932de93756f788053508a6e162c026f2fddbdd22cfe37646a85c07c5ba1d',
        0,
        true,
      ],
      ['pushing layers', 0.4, true],
      ['pushing manifest for docker.io/estesp/mybkimg:latest', 0.1, true],
    ]);
  });

  it('measures the push and the whole build', () => {
    expect(ref(b, 6).durationMs).toBeCloseTo(529.998757, 3);
    // 02.070280786 − 01.065710708
    expect(b.wallMs).toBeCloseTo(1004.570078, 3);
  });
});

describe('legacy: buildctl v0.3.0 and v0.4.0 re-runs', () => {
  it('v0.3.0: FROM has three intervals, the RUN prints one log line', () => {
    const r = run('legacy-buildctl-v0.3.0-2026-rerun-ubuntu.log');
    const b = r.builds[0];
    expect(b.steps.map((s) => s.ref)).toEqual([1, 2, 3, 5, 4]);
    const from = ref(b, 5);
    expect(from.intervals).toHaveLength(3);
    // 117.58µs + 8.72989ms + 6.640097406s
    expect(from.durationMs).toBeCloseTo(6648.945, 2);
    expect(from.position).toEqual([1, 2]);
    expect(from.statuses.find((s) => s.id.startsWith('sha256:6f5c5aa4'))).toMatchObject({
      currentBytes: 41_550_000,
      totalBytes: 41_550_000,
      done: true,
    });
    const runStep = ref(b, 4);
    expect(runStep.outputLines).toEqual([r.lines.indexOf('#4 0.105 1')]);
    expect(runStep.outputElapsedMs).toEqual([105]);
    expect(runStep.durationMs).toBeCloseTo(394.211271, 3);
    // 29.638827235 − 18.181022472
    expect(b.wallMs).toBeCloseTo(11457.804763, 3);
  });

  it('v0.4.0: statuses printed after `completed:` stay with the vertex', () => {
    const r = run('legacy-buildctl-v0.4.0-2026-rerun-ubuntu.log');
    const b = r.builds[0];
    expect(b.steps).toHaveLength(5);
    const i = r.lines.findIndex((l) => l.startsWith('#4 unpacking') && l.endsWith('1.9s done'));
    expect(roleAt(r, i)).toBe('step-status');
    expect(r.attribution.step[i]).toBe(ref(b, 4).index);
    expect(ref(b, 1).statuses).toEqual([
      expect.objectContaining({ id: 'transferring context:', currentBytes: 2, done: true }),
    ]);
    expect(b.steps.every((s) => s.status === 'done')).toBe(true);
  });
});

describe('legacy: a paste that lost its line breaks', () => {
  const original = run('legacy-buildctl-v0.4.0-2026-rerun-ubuntu.log').builds[0];
  const r = run(FLAT);

  it('re-splits the one line into the same steps as the original', () => {
    expect(r.lines.length).toBe(1);
    const facts = (b: Build) =>
      b.steps.map((s) => [
        s.ref,
        s.digest,
        s.name,
        s.status,
        s.durationMs,
        s.intervals,
        s.statuses.length,
      ]);
    expect(facts(r.builds[0])).toEqual(facts(original));
    expect(r.builds[0].wallMs).toBe(original.wallMs);
  });

  it('attributes the line once, to the build header, and says what it did', () => {
    expect(roleAt(r, 0)).toBe('build-header');
    expect(r.doubleAttributed).toBe(0);
    expect(r.diagnostics).toEqual([
      {
        level: 'info',
        message: expect.stringMatching(/^line breaks were lost; re-split \d+ fields$/),
        line: 1,
      },
    ]);
  });

  it('keeps the tool output as text on the step', () => {
    const s = ref(r.builds[0], 5);
    expect(s.outputLines).toEqual([]);
    expect(s.logText).toEqual(['1']);
    expect(s.logElapsedMs).toEqual([125]);
  });
});

describe('legacy: failures and oddities built from the §3 grammar', () => {
  const block = (n: number, name: string, fields: string[]) =>
    [
      '',
      `#${n} ${name}`,
      `#${n}       digest: sha256:${String(n).repeat(64).slice(0, 64)}`,
      `#${n}         name: "${name}"`,
      ...fields.map((f) => `#${n} ${f}`),
      '',
    ].join('\n');

  it('reads an error field, the failing step and the buildctl error line', () => {
    const text = [
      block(1, '[1/2] FROM docker.io/library/alpine', [
        '     started: 2019-04-08 08:04:01 +0000 UTC',
        '   completed: 2019-04-08 08:04:02 +0000 UTC',
        '    duration: 1s',
        '      cached: true',
      ]),
      block(2, '[2/2] RUN make', [
        '     started: 2019-04-08 08:04:02 +0000 UTC',
        '0.105 /bin/sh: make: not found',
        '   completed: 2019-04-08 08:04:02.5 +0000 UTC',
        '    duration: 500ms',
        '       error: "executor failed running [/bin/sh -c make]: exit code: 127"',
      ]),
      'error: failed to solve: rpc error: code = Unknown desc = executor failed running [/bin/sh -c make]: exit code: 127',
      '',
    ].join('\n');
    const r = runFormat(legacyFormat, text);
    const b = r.builds[0];
    expect(b.steps.map((s) => [s.ref, s.status, s.exitCode])).toEqual([
      [1, 'cached', null],
      [2, 'error', 127],
    ]);
    expect(b.error).toMatchObject({ step: 2, exitCode: 127 });
    const errLine = r.lines.findIndex((l) => l.startsWith('error: failed to solve'));
    expect(b.error?.line).toBe(errLine);
    expect(roleAt(r, errLine)).toBe('build-trailer');
    expect(b.wallMs).toBe(1500);
    expect(invariantProblems(r)).toEqual([]);
  });

  it('reads the switch line, which carries the NEXT vertex number, and a second interval', () => {
    const text = [
      '',
      '#1 [1/2] RUN sleep 1',
      '#1       digest: sha256:aa',
      '#1         name: "[1/2] RUN sleep 1"',
      '#1      started: 2019-04-08 08:04:00 +0000 UTC',
      '#1 0.500 working',
      '#2 ...',
      '',
      '#2 [internal] load build context',
      '#2       digest: sha256:bb',
      '#2         name: "[internal] load build context"',
      '#2      started: 2019-04-08 08:04:00.1 +0000 UTC',
      '#2    completed: 2019-04-08 08:04:00.2 +0000 UTC',
      '#2     duration: 100ms',
      '',
      '',
      '#1 [1/2] RUN sleep 1',
      '#1    completed: 2019-04-08 08:04:01 +0000 UTC',
      '#1     duration: 1s',
      '#1      started: 2019-04-08 08:04:03 +0000 UTC',
      '',
    ].join('\n');
    const r = runFormat(legacyFormat, text);
    const b = r.builds[0];
    expect(b.steps.map((s) => [s.ref, s.status, s.durationMs])).toEqual([
      [1, 'unfinished', 1000],
      [2, 'done', 100],
    ]);
    expect(ref(b, 1).intervals).toHaveLength(2);
    expect(ref(b, 1).endMs).toBeNull();
    expect(r.attribution.step[6]).toBe(ref(b, 1).index); // `#2 ...` leaves #1
    expect(ref(b, 1).outputElapsedMs).toEqual([500]);
    expect(invariantProblems(r)).toEqual([]);
  });

  it('starts a second build when a number comes back with another digest', () => {
    const one = block(1, '[internal] load .dockerignore', [
      '     started: 2019-04-08 08:04:00 +0000 UTC',
      '   completed: 2019-04-08 08:04:01 +0000 UTC',
    ]);
    const two = one.replace(/sha256:1+/, 'sha256:' + 'f'.repeat(64));
    const r = runFormat(legacyFormat, one + '\n' + two);
    expect(r.builds).toHaveLength(2);
    expect(r.builds.map((b) => b.steps.length)).toEqual([1, 1]);
    expect(invariantProblems(r)).toEqual([]);
  });
});

describe('legacy: sniff', () => {
  it('claims the legacy fixtures and not rawjson or modern plain', () => {
    for (const f of [...REAL, FLAT]) {
      const head = readFixture('legacy', f).split('\n').slice(0, 50);
      expect(legacyFormat.sniff(head), f).toBeGreaterThanOrEqual(0.9);
    }
    for (const f of readdirSync(path.join(__dirname, 'fixtures', 'rawjson'))) {
      expect(legacyFormat.sniff(readFixture('rawjson', f).split('\n').slice(0, 50)), f).toBe(0);
    }
    expect(
      legacyFormat.sniff(['#1 [internal] load build definition from Dockerfile', '#1 DONE 0.0s']),
    ).toBe(0);
  });
});

describe('legacy: truncated and hostile input', () => {
  it('never throws or double-attributes on a fixture cut at 10 random points', () => {
    const random = seededRandom(18_09);
    for (const f of [...REAL, FLAT]) {
      const text = readFixture('legacy', f);
      for (let k = 0; k < 10; k++) {
        const cut = Math.floor(random() * text.length);
        const r = runFormat(legacyFormat, text.slice(0, cut));
        expect(invariantProblems(r), `${f} cut at ${cut}`).toEqual([]);
        expect(
          r.diagnostics.every((d) => d.level !== 'error'),
          `${f} cut at ${cut}`,
        ).toBe(true);
      }
    }
  });

  it('never throws on random lines shaped like legacy output', () => {
    const line = fc.oneof(
      fc.string(),
      fc
        .tuple(
          fc.integer({ min: 0, max: 5 }),
          fc.constantFrom(
            '      digest:',
            '        name:',
            '     started:',
            '   completed:',
            '    duration:',
            '      cached:',
            '       error:',
            '0.105',
            '...',
            'transferring context:',
          ),
          fc.string(),
        )
        .map(([n, label, rest]) => `#${n} ${label} ${rest}`),
      fc.constant(''),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), fc.constantFrom('\n', ' '), (lines, sep) => {
        const r = runFormat(legacyFormat, lines.join(sep));
        expect(r.doubleAttributed).toBe(0);
        expect(r.diagnostics.every((d) => d.level !== 'error')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

// ---------------------------------------------------------------------------

const haveCorpus = existsSync(CORPUS_DIR);
if (!haveCorpus) console.warn(`legacy corpus tests skipped: ${CORPUS_DIR} is absent`);

describeCorpus('legacy: the corpus', () => {
  it('the fixtures are unchanged copies of corpus/real', () => {
    for (const f of REAL)
      expect(readFixture('legacy', f)).toBe(readFileSync(path.join(CORPUS_DIR, 'real', f), 'utf8'));
  });

  it('sniff claims no other corpus log', () => {
    for (const dir of ['real', 'engine', 'engine-pip']) {
      const full = path.join(CORPUS_DIR, dir);
      if (!existsSync(full)) continue;
      for (const f of readdirSync(full)) {
        if (!f.endsWith('.log') && !f.endsWith('.jsonl')) continue;
        const head = readFileSync(path.join(full, f), 'utf8').split(/\r?\n/).slice(0, 50);
        expect(legacyFormat.sniff(head) > 0, `${dir}/${f}`).toBe(f.startsWith('legacy-'));
      }
    }
  });
});
