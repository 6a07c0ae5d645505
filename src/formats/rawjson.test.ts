/**
 * rawjson (FORMAT.md §5) against real engine captures (Docker 26.1 + buildx
 * 0.13, i.e. BuildKit v0.13's pretty-printed objects) and a compact
 * one-object-per-line copy of one of them (the BK ≥ v0.14 shape).
 *
 * Fixtures in fixtures/rawjson/:
 * - d26-01-multistage-parallel.rawjson.log, d26-10-fail-run.rawjson.log,
 *   d26-14-fail-parallel-cancel.rawjson.log: copies of corpus/engine/.
 * - rawjson-buildx-2247-early-pretty-printed.jsonl: copy of corpus/real/.
 * - d26-01-multistage-parallel.compact.rawjson.log: DERIVED from the d26-01
 *   fixture by re-serialising each object with JSON.stringify, one per line.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeCorpus } from '../test-support/corpus';
import type { Build, Step } from '../model/types';
import { decodeBase64, parseRfc3339Ms, rawjsonFormat } from './rawjson';
import {
  CORPUS_DIR,
  invariantProblems,
  readFixture,
  roleAt,
  runFormat,
  seededRandom,
  type FormatRun,
} from './test-helpers';

const run = (name: string): FormatRun => runFormat(rawjsonFormat, readFixture('rawjson', name));
const named = (b: Build, prefix: string): Step => {
  const s = b.steps.find((x) => x.name.startsWith(prefix));
  if (!s) throw new Error(`no step ${prefix}`);
  return s;
};
const epoch = (iso: string): number => parseRfc3339Ms(iso) as number;
/** Lines no parser may leave outside: all but the empty line after the final newline and a leading command line. */
const outsideLines = (r: FormatRun): number[] =>
  r.lines.map((_, i) => i).filter((i) => roleAt(r, i) === 'outside');

const FIXTURES = [
  'd26-01-multistage-parallel.rawjson.log',
  'd26-01-multistage-parallel.compact.rawjson.log',
  'd26-10-fail-run.rawjson.log',
  'd26-14-fail-parallel-cancel.rawjson.log',
  'rawjson-buildx-2247-early-pretty-printed.jsonl',
];

describe('rawjson helpers', () => {
  it('reads RFC 3339 nanosecond times without losing the sub-millisecond part', () => {
    const a = epoch('2026-11-23T19:06:50.089705842Z');
    const b = epoch('2026-11-23T19:06:53.305407768Z');
    expect(b - a).toBeCloseTo(3215.701926, 3);
    expect(epoch('2024-05-01T12:00:00+02:00')).toBe(Date.UTC(2024, 4, 1, 10));
    expect(parseRfc3339Ms('yesterday')).toBeNull();
  });

  it('decodes base64 like Go encodes []byte', () => {
    const text = (s: string) => new TextDecoder().decode(decodeBase64(s));
    expect(text('cnVubmluZyBtYWtlCg==')).toBe('running make\n');
    expect(text('L2Jpbi9zaDogMTogbWFrZTogbm90IGZvdW5kCg==')).toBe('/bin/sh: 1: make: not found\n');
    expect(text('')).toBe('');
    expect(decodeBase64('@@@!').length).toBe(0);
  });
});

describe('rawjson: d26-01 multi-stage, parallel stages (pretty-printed, BK v0.13)', () => {
  const r = run('d26-01-multistage-parallel.rawjson.log');
  const b = r.builds[0];

  it('gives one exact build with 13 steps in order of first appearance, all done', () => {
    expect(r.builds).toHaveLength(1);
    expect(b.format).toBe('rawjson');
    expect(b.timing).toBe('exact');
    expect(b.steps.map((s) => s.name.slice(0, 40))).toEqual([
      '[internal] load build definition from Do',
      '[internal] load metadata for docker.io/l',
      '[internal] load .dockerignore',
      '[final 3/3] RUN ls -l /out && cat /out/*',
      '[final 2/3] COPY --from=build-b /b.out /',
      '[build-b 1/1] RUN for i in 1 2 3 4; do e',
      '[final 1/3] COPY --from=build-a /a.out /',
      '[build-a 1/1] RUN for i in 1 2 3 4 5; do',
      '[base 3/3] COPY common.txt ./',
      '[internal] load build context',
      '[base 2/3] WORKDIR /src',
      '[base 1/3] FROM docker.io/local/debian:b',
      'exporting to image',
    ]);
    expect(b.steps.every((s) => s.status === 'done')).toBe(true);
    const a = named(b, '[build-a');
    expect(a.ref).toBe(a.digest);
    expect(a.digest).toMatch(/^sha256:822a338b/);
    expect(a.stage).toBe('build-a');
    expect(a.position).toEqual([1, 1]);
    expect(a.instruction).toBe('RUN');
    expect(r.diagnostics).toEqual([]);
  });

  it('measures steps from started/completed; the same 0.1 s as the plain log where the runs agree', () => {
    const a = named(b, '[build-a');
    const bb = named(b, '[build-b');
    // 53.305407768 − 50.089705842 and 53.576937273 − 50.089910169 (seconds past 19:06).
    expect(a.durationMs).toBeCloseTo(3215.701926, 3);
    expect(bb.durationMs).toBeCloseTo(3487.027104, 3);
    // engine/d26-01-multistage-parallel.plain.log prints `#8 DONE 3.5s` for build-b.
    // It is a separate run: for build-a it prints `#9 DONE 3.3s` where this run took 3.2 s.
    expect(((bb.durationMs as number) / 1000).toFixed(1)).toBe('3.5');
    expect(((a.durationMs as number) / 1000).toFixed(1)).toBe('3.2');
    expect(a.startMs).toBeCloseTo(96.516564, 3);
    expect(a.endMs).toBeCloseTo(96.516564 + 3215.701926, 3);
  });

  it('keeps each interval: a later `started` after `completed` is a new one', () => {
    const def = named(b, '[internal] load build definition');
    expect(def.intervals).toHaveLength(2);
    expect(def.intervals[0].endEpochMs! - def.intervals[0].startEpochMs).toBeCloseTo(0.067548, 3);
    expect(def.durationMs).toBeCloseTo(0.067548 + 18.479626, 3);
    expect(named(b, '[internal] load build context').intervals).toHaveLength(2);
    expect(named(b, '[build-a').intervals).toHaveLength(1);
  });

  it('gives the build its start (earliest started) and wall time (latest completed − earliest started)', () => {
    expect(b.startEpochMs).toBe(epoch('2026-11-23T19:06:49.993189278Z'));
    expect(b.wallMs).toBeCloseTo(3915.126633, 3);
    expect(b.error).toBeNull();
  });

  it('decodes the tool output into lines with elapsed times since the interval start', () => {
    const a = named(b, '[build-a');
    expect(a.logText).toEqual([1, 2, 3, 4, 5].map((k) => `[a] compiling module ${k}/5`));
    // 50.23788755 − 50.089705842
    expect(a.logElapsedMs![0]).toBeCloseTo(148.181708, 3);
    const f = named(b, '[final 3/3]');
    expect(f.logText).toEqual([
      'total 8',
      '-rw-r--r-- 1 root root 2 Nov 23 19:06 a.out',
      '-rw-r--r-- 1 root root 2 Nov 23 19:06 b.out',
      'a',
      'b',
    ]);
  });

  it('attributes the input lines of `logs` objects to the step as output, with their elapsed time', () => {
    const a = named(b, '[build-a');
    // Five logs objects of ten pretty-printed lines each.
    expect(a.outputLines).toHaveLength(50);
    expect(r.lines[a.outputLines[0]]).toBe('{');
    expect(r.lines[a.outputLines[1]]).toBe('  "logs": [');
    expect(a.outputElapsedMs[0]).toBeCloseTo(148.181708, 3);
    for (const i of a.outputLines) expect(roleAt(r, i)).toBe('step-output');
  });

  it('keeps the latest state of each status id', () => {
    const def = named(b, '[internal] load build definition');
    expect(def.statuses).toEqual([
      expect.objectContaining({ id: 'transferring dockerfile:', currentBytes: 455, done: true }),
    ]);
    const exp = named(b, 'exporting to image');
    expect(exp.statuses.map((s) => s.id)).toEqual([
      'exporting layers',
      'writing image sha256:ffb9d0702b358e7f41f27459821b1fd1712a098a9df0ad295539536aa58db553',
      'naming to docker.io/demo/multistage',
    ]);
    expect(exp.statuses.every((s) => s.done)).toBe(true);
    expect(exp.statuses[0].seconds).toBeCloseTo(0.036697407, 6);
  });

  it('attributes every line once; only the empty line after the last newline is outside', () => {
    expect(invariantProblems(r)).toEqual([]);
    expect(outsideLines(r)).toEqual([r.lines.length - 1]);
  });
});

describe('rawjson: compact one-object-per-line copy of d26-01 (BK ≥ v0.14 shape)', () => {
  const pretty = run('d26-01-multistage-parallel.rawjson.log').builds[0];
  const r = run('d26-01-multistage-parallel.compact.rawjson.log');
  const b = r.builds[0];

  it('reads the same steps, times and output as the pretty-printed original', () => {
    const facts = (x: Build) =>
      x.steps.map((s) => [
        s.ref,
        s.name,
        s.status,
        s.durationMs,
        s.intervals,
        s.logText,
        s.statuses.length,
      ]);
    expect(facts(b)).toEqual(facts(pretty));
    expect(b.wallMs).toBe(pretty.wallMs);
  });

  it('attributes one line per logs object as output', () => {
    expect(named(b, '[build-a').outputLines).toHaveLength(5);
    expect(named(b, '[final 3/3]').outputLines).toHaveLength(3);
    expect(invariantProblems(r)).toEqual([]);
    expect(outsideLines(r)).toEqual([r.lines.length - 1]);
  });
});

describe('rawjson: d26-10 failing RUN (make: not found, exit 127)', () => {
  const r = run('d26-10-fail-run.rawjson.log');
  const b = r.builds[0];

  it('marks the failing vertex with its error and exit code', () => {
    const s = named(b, '[4/5] RUN echo "running make"');
    expect(s.status).toBe('error');
    expect(s.exitCode).toBe(127);
    expect(s.error).toMatch(/did not complete successfully: exit code: 127$/);
    expect(s.logText).toEqual(['/bin/sh: 1: make: not found', 'running make']);
    expect(s.durationMs).toBeCloseTo(181.028854, 3);
  });

  it('reads the trailer: excerpt, error line, failing step', () => {
    expect(b.error).toEqual({
      step: named(b, '[4/5]').digest,
      message:
        'failed to solve: process "/bin/sh -c echo \\"running make\\" && make -C build all" did not complete successfully: exit code: 127',
      exitCode: 127,
      line: 304,
    });
    expect(r.lines[304]).toMatch(/^ERROR: failed to solve/);
    expect(b.errorLines).toEqual([304]);
    expect(b.excerpt).toMatchObject({ file: 'Dockerfile', line: 4, firstLine: 296 });
    expect(b.excerpt!.rows.map((x) => [x.number, x.marked])).toEqual([
      [2, false],
      [3, false],
      [4, true],
      [5, false],
      [6, false],
    ]);
    expect(b.excerpt!.rows[2].text).toBe('RUN echo "running make" && make -C build all');
    for (let i = 296; i <= 304; i++) expect(roleAt(r, i)).toBe('build-trailer');
  });

  it('keeps never-started and cached vertices', () => {
    const never = named(b, '[5/5] RUN echo "never reached"');
    expect(never.status).toBe('unfinished');
    expect(never.intervals).toEqual([]);
    expect(never.durationMs).toBeNull();
    expect(never.startMs).toBeNull();
    expect(named(b, '[2/5] WORKDIR /src').status).toBe('cached');
    expect(b.steps).toHaveLength(8);
  });

  it('attributes every line once', () => {
    expect(invariantProblems(r)).toEqual([]);
    expect(outsideLines(r)).toEqual([r.lines.length - 1]);
  });
});

describe('rawjson: d26-14 one parallel stage fails, the other is canceled', () => {
  const r = run('d26-14-fail-parallel-cancel.rawjson.log');
  const b = r.builds[0];

  it('tells the canceled step from the failed one', () => {
    const slow = named(b, '[slow 1/1]');
    expect(slow.status).toBe('canceled');
    expect(slow.error).toMatch(/context canceled$/);
    expect(slow.logText).toEqual([1, 2, 3].map((k) => `slow stage step ${k}/10`));
    const broken = named(b, '[broken 1/1]');
    expect(broken.status).toBe('error');
    expect(broken.exitCode).toBe(2);
    expect(b.error?.step).toBe(broken.digest);
    expect(b.error?.exitCode).toBe(2);
    expect(named(b, '[base 1/1] FROM').status).toBe('cached');
    expect(b.steps.map((s) => s.status)).toEqual([
      'done',
      'done',
      'done',
      'unfinished',
      'error',
      'unfinished',
      'canceled',
      'cached',
    ]);
    expect(b.excerpt?.line).toBe(7);
    expect(invariantProblems(r)).toEqual([]);
  });
});

describe('rawjson: buildx#2247 early pretty-printed excerpt', () => {
  const r = run('rawjson-buildx-2247-early-pretty-printed.jsonl');

  it('leaves the command line outside and reads the one vertex', () => {
    expect(roleAt(r, 0)).toBe('outside');
    const b = r.builds[0];
    expect(b.steps).toHaveLength(1);
    expect(b.steps[0].status).toBe('done');
    // 58.113906372 − 58.113853435
    expect(b.steps[0].durationMs).toBeCloseTo(0.052937, 3);
    expect(b.firstLine).toBe(1);
  });

  it('puts the literal `...` in the trailer without inventing an error', () => {
    expect(r.lines[19]).toBe('...');
    expect(roleAt(r, 19)).toBe('build-trailer');
    expect(r.builds[0].error).toBeNull();
    expect(invariantProblems(r)).toEqual([]);
  });
});

describe('rawjson: edge cases built from the schema (§5)', () => {
  const b64 = (bytes: number[] | string) =>
    btoa(typeof bytes === 'string' ? bytes : String.fromCharCode(...bytes));
  const vtx = (extra: object) => ({ digest: 'sha256:aa', name: '[1/1] RUN x', ...extra });
  const log = (data: string, ts: string, stream = 1) => ({
    logs: [{ vertex: 'sha256:aa', stream, data, timestamp: ts }],
  });

  it('joins fragments into lines per stream, across chunks and split UTF-8, and replaces bad bytes', () => {
    const objs = [
      { vertexes: [vtx({ started: '2024-05-01T10:00:00Z' })] },
      log(b64('hel'), '2024-05-01T10:00:00.5Z'),
      log(b64('err line\n'), '2024-05-01T10:00:00.6Z', 2),
      log(b64([0x6c, 0x6f, 0x20, 0xc3]), '2024-05-01T10:00:01Z'),
      log(b64([0xa9, 0x0a, 0xff, 0x0a, 0x74, 0x61, 0x69, 0x6c]), '2024-05-01T10:00:02Z'),
      { vertexes: [vtx({ started: '2024-05-01T10:00:00Z', completed: '2024-05-01T10:00:03Z' })] },
    ];
    const r = runFormat(rawjsonFormat, objs.map((o) => JSON.stringify(o)).join('\n'));
    const s = r.builds[0].steps[0];
    expect(s.logText).toEqual(['err line', 'hello é', '\ufffd', 'tail']);
    expect(s.logElapsedMs).toEqual([600, 500, 2000, 2000]);
    expect(s.outputLines).toEqual([1, 2, 3, 4]);
    expect(s.durationMs).toBe(3000);
    expect(invariantProblems(r)).toEqual([]);
  });

  it('does not count braces and quotes inside strings, pretty-printed or glued on one line', () => {
    const tricky = '[1/1] RUN echo "}{" \\ \'{\' ]]';
    const a = JSON.stringify(
      { vertexes: [vtx({ name: tricky, started: '2024-05-01T10:00:00Z' })] },
      null,
      2,
    );
    const c = JSON.stringify({
      vertexes: [
        vtx({ name: tricky, started: '2024-05-01T10:00:00Z', completed: '2024-05-01T10:00:01Z' }),
      ],
    });
    const r = runFormat(rawjsonFormat, `${a}\n${c}${c}\n`);
    expect(r.diagnostics).toEqual([]);
    const s = r.builds[0].steps[0];
    expect(s.name).toBe(tricky);
    expect(s.status).toBe('done');
    expect(s.durationMs).toBe(1000);
    expect(invariantProblems(r)).toEqual([]);
  });

  it('merges overlapping intervals and adds separate ones (DONE = sum of merged intervals, §1.2)', () => {
    const objs = [
      { vertexes: [vtx({ started: '2024-05-01T10:00:00Z', completed: '2024-05-01T10:00:02Z' })] },
      { vertexes: [vtx({ started: '2024-05-01T10:00:01Z', completed: '2024-05-01T10:00:03Z' })] },
      { vertexes: [vtx({ started: '2024-05-01T10:00:10Z', completed: '2024-05-01T10:00:11Z' })] },
    ];
    const r = runFormat(rawjsonFormat, objs.map((o) => JSON.stringify(o)).join('\n'));
    const s = r.builds[0].steps[0];
    expect(s.intervals).toHaveLength(3);
    expect(s.durationMs).toBe(4000);
    expect(s.startMs).toBe(0);
    expect(s.endMs).toBe(11000);
    expect(r.builds[0].wallMs).toBe(11000);
  });

  it('reads warnings (short is base64) onto the step and the build', () => {
    const w = {
      vertex: 'sha256:aa',
      level: 1,
      short: b64('JSONArgsRecommended: use JSON (line 5)'),
    };
    const r = runFormat(
      rawjsonFormat,
      [{ vertexes: [vtx({})] }, { warnings: [w] }, { warnings: [w] }]
        .map((o) => JSON.stringify(o))
        .join('\n'),
    );
    const b = r.builds[0];
    expect(b.steps[0].warnings).toEqual([
      { line: 1, message: 'JSONArgsRecommended: use JSON (line 5)' },
      { line: 2, message: 'JSONArgsRecommended: use JSON (line 5)' },
    ]);
    expect(b.warnings).toEqual(['JSONArgsRecommended: use JSON (line 5)']);
  });

  it('says so when there is no JSON at all', () => {
    const r = runFormat(rawjsonFormat, '#1 [internal] load build definition\n#1 DONE 0.0s\n');
    expect(r.builds).toEqual([]);
    expect(r.diagnostics.map((d) => d.level)).toEqual(['warning']);
  });
});

describe('rawjson: sniff', () => {
  it('claims the fixtures and nothing else', () => {
    for (const f of FIXTURES) {
      const head = readFixture('rawjson', f).split('\n').slice(0, 50);
      expect(rawjsonFormat.sniff(head), f).toBeGreaterThanOrEqual(0.9);
    }
    for (const f of readdirSync(path.join(__dirname, 'fixtures', 'legacy'))) {
      const head = readFixture('legacy', f).split('\n').slice(0, 50);
      expect(rawjsonFormat.sniff(head), f).toBe(0);
    }
    expect(rawjsonFormat.sniff(['{"not":"buildkit"}'])).toBe(0);
  });
});

/** Character spans [start, end) of the JSON objects of a fixture, found independently of the parser. */
function objectSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  let offset = 0;
  let open = -1;
  for (const line of text.split('\n')) {
    const end = offset + line.length;
    if (open < 0 && line.startsWith('{')) {
      if (line.endsWith('}')) spans.push([offset, end]);
      else open = offset;
    } else if (open >= 0 && line === '}') {
      spans.push([open, end]);
      open = -1;
    }
    offset = end + 1;
  }
  return spans;
}

describe('rawjson: truncated and hostile input', () => {
  it('never throws on a fixture cut at 10 random points, and reports a cut inside an object', () => {
    const random = seededRandom(20240501);
    for (const f of FIXTURES) {
      const text = readFixture('rawjson', f);
      const spans = objectSpans(text);
      for (let k = 0; k < 10; k++) {
        const cut = Math.floor(random() * text.length);
        const r = runFormat(rawjsonFormat, text.slice(0, cut));
        const insideObject = spans.some(([s, e]) => s < cut && cut < e);
        const reported = r.diagnostics.some((d) => /could not be read/.test(d.message));
        expect(reported, `${f} cut at ${cut}`).toBe(insideObject);
        expect(invariantProblems(r), `${f} cut at ${cut}`).toEqual([]);
      }
    }
  });

  it('never throws or double-attributes on random text and JSON fragments', () => {
    const fragment = fc.oneof(
      fc.string(),
      fc.constantFrom(
        '{',
        '}',
        '"',
        '\\',
        '[',
        ']',
        '{"vertexes":[',
        '{"logs":[{"vertex":"sha256:aa","data":"',
        '  "statuses": [',
        'ERROR: x',
        'Dockerfile:3',
        '-'.repeat(20),
      ),
      fc.json(),
    );
    fc.assert(
      fc.property(
        fc.array(fragment, { maxLength: 40 }),
        fc.constantFrom('\n', '', ' '),
        (parts, sep) => {
          const r = runFormat(rawjsonFormat, parts.join(sep));
          expect(r.doubleAttributed).toBe(0);
          expect(r.diagnostics.every((d) => d.level !== 'error')).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});

// ---------------------------------------------------------------------------
// The whole engine corpus: every rawjson capture against its plain twin.

const ENGINE_DIRS = ['engine', 'engine-pip'];
const haveCorpus = existsSync(CORPUS_DIR);

/** Steps of a plain log by header name, with the final status (§1.1; enough for BK v0.13 output). */
function plainSteps(text: string): { name: string; status: string }[] {
  const names = new Map<string, string>();
  const status = new Map<string, string>();
  let prev = '';
  for (const l of text.split(/\r?\n/)) {
    const m = /^#(\d+) (.*)$/.exec(l);
    if (m && m[1] !== '0') {
      if (prev === '' && !names.has(m[1])) names.set(m[1], m[2]);
      const r = m[2];
      if (/^DONE \d/.test(r)) status.set(m[1], 'done');
      else if (r === 'CACHED') status.set(m[1], 'cached');
      else if (r.startsWith('ERROR')) status.set(m[1], 'error');
      else if (r === 'CANCELED') status.set(m[1], 'canceled');
    }
    prev = l;
  }
  return [...names].map(([n, name]) => ({ name, status: status.get(n) ?? 'unfinished' }));
}

/** Known differences between the separate plain and rawjson runs of one build. */
const RUN_DIFFERENCES: Record<string, string> = {
  // The plain run pulled the base image's metadata; the rawjson run found it cached.
  'd26-00-image-python.rawjson.log': '[stage-0 1/3] FROM docker.io/local/debian:bookworm',
};

function indexRows(dir: string): Map<string, { exit: number; seconds: number }> {
  const rows = new Map<string, { exit: number; seconds: number }>();
  const file = path.join(CORPUS_DIR, dir, 'index.tsv');
  if (!existsSync(file)) return rows;
  const [head, ...lines] = readFileSync(file, 'utf8').split('\n');
  const cols = head.split('\t');
  for (const l of lines) {
    const c = l.split('\t');
    if (c.length < 3) continue;
    rows.set(c[0], {
      exit: Number(c[cols.indexOf('exit')]),
      seconds: Number(c[cols.indexOf('seconds')]),
    });
  }
  return rows;
}

describeCorpus('rawjson: every engine capture in the corpus', () => {
  const files = haveCorpus
    ? ENGINE_DIRS.flatMap((d) =>
        existsSync(path.join(CORPUS_DIR, d))
          ? readdirSync(path.join(CORPUS_DIR, d))
              .filter((f) => f.endsWith('.rawjson.log'))
              .map((f) => ({ dir: d, file: f }))
          : [],
      )
    : [];

  it('finds the captures', () => {
    expect(files.length).toBeGreaterThanOrEqual(25);
  });

  for (const { dir, file } of files) {
    it(`${dir}/${file}`, () => {
      const text = readFileSync(path.join(CORPUS_DIR, dir, file), 'utf8');
      expect(rawjsonFormat.sniff(text.split('\n').slice(0, 50))).toBeGreaterThanOrEqual(0.9);
      const r = runFormat(rawjsonFormat, text);
      expect(r.diagnostics).toEqual([]);
      expect(invariantProblems(r)).toEqual([]);
      expect(outsideLines(r)).toEqual([r.lines.length - 1]);
      expect(r.builds).toHaveLength(1);
      const b = r.builds[0];

      // Internal consistency of the exact times.
      let longest = 0;
      let sum = 0;
      const all: [number, number][] = [];
      for (const s of b.steps) {
        const closed = s.intervals.filter((iv) => iv.endEpochMs !== null);
        const plainSum = closed.reduce((a, iv) => a + (iv.endEpochMs! - iv.startEpochMs), 0);
        if (closed.length) expect(s.durationMs!, s.name).toBeCloseTo(plainSum, 6);
        else expect(s.durationMs, s.name).toBeNull();
        if (s.startMs !== null && s.endMs !== null)
          expect(s.endMs).toBeGreaterThanOrEqual(s.startMs);
        longest = Math.max(longest, s.durationMs ?? 0);
        sum += s.durationMs ?? 0;
        for (const iv of closed) all.push([iv.startEpochMs, iv.endEpochMs!]);
      }
      all.sort((x, y) => x[0] - y[0]);
      let gaps = 0;
      let reach = all[0][1];
      for (const [s, e] of all) {
        if (s > reach) gaps += s - reach;
        reach = Math.max(reach, e);
      }
      expect(b.wallMs!).toBeGreaterThanOrEqual(longest - 1e-6);
      expect(b.wallMs!).toBeLessThanOrEqual(sum + gaps + 1e-6);
      expect(b.wallMs!).toBeCloseTo(reach - b.startEpochMs!, 6);

      // The capture script's client-side wall time includes client start-up: never less.
      const row = indexRows(dir).get(file);
      if (row) {
        expect(b.wallMs! / 1000).toBeLessThanOrEqual(row.seconds + 0.05);
        expect(b.error !== null, 'failed build has an error').toBe(row.exit !== 0);
      }

      // Names, statuses and counts against the plain capture of the same build (a separate run).
      const plainFile = path.join(CORPUS_DIR, dir, file.replace('.rawjson.log', '.plain.log'));
      if (!existsSync(plainFile)) return;
      const ours = b.steps
        .filter((s) => s.intervals.length) // plain never prints a vertex that did not start (§1.8)
        .map((s) => `${s.name} → ${s.name === RUN_DIFFERENCES[file] ? '*' : s.status}`)
        .sort();
      const theirs = plainSteps(readFileSync(plainFile, 'utf8'))
        .map((s) => `${s.name} → ${s.name === RUN_DIFFERENCES[file] ? '*' : s.status}`)
        .sort();
      expect(ours).toEqual(theirs);
    });
  }

  it('reads the 3.6 MB capture quickly', () => {
    const file = path.join(CORPUS_DIR, 'engine', 'd26-20-big-output-slow.rawjson.log');
    if (!existsSync(file)) return;
    const text = readFileSync(file, 'utf8');
    runFormat(rawjsonFormat, text); // warm up
    const t0 = performance.now();
    const r = runFormat(rawjsonFormat, text);
    const ms = performance.now() - t0;
    // Generous bound: a guard against quadratic behaviour, not a benchmark (STYLE.md).
    expect(ms).toBeLessThan(2000);
    const big = named(r.builds[0], '[2/3] RUN for i in $(seq 1 44000)');
    expect(big.logText!.length).toBeGreaterThan(30_000);
  });
});
