/**
 * The command line: `runCli(argv, io)` with a fake io over real fixture logs
 * (file argument, `-` with stdin chunks, `--json`, the readable summary, the
 * exit codes and stderr reasons), then the real process (`tsx src/cli/bin.ts`)
 * once with a file and once with a pipe, to prove the wiring; `--format` with
 * each value (CSV and trace equal to the exporters' output over the same view
 * document) and its mistakes.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyze } from '../analysis/analyze';
import { buildViewDoc } from '../analysis/view-doc';
import { CSV_COLUMNS, toCsv } from '../export/csv';
import type { PlainsightJson } from '../export/json';
import { toChromeTrace, type ChromeTrace } from '../export/trace';
import { readLog } from '../read/read-log';
import { runCli, type CliIo } from './main';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const PLAIN = path.join(ROOT, 'src/formats/fixtures/plain');
const FAIL_RUN = path.join(PLAIN, 'd26-10-fail-run.plain.log');
const PARALLEL = path.join(PLAIN, 'd26-01-multistage-parallel.plain.log');
const GZIP = path.join(ROOT, 'src/read/fixtures/d26-01-multistage-parallel.log.gz');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI with captured output; `stdin` is yielded chunk by chunk. */
async function cli(argv: string[], stdin: (string | Uint8Array)[] = []): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    stdin: async function* () {
      for (const c of stdin) yield typeof c === 'string' ? new TextEncoder().encode(c) : c;
    },
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

/** Splits bytes into pieces of `n` (the way a pipe delivers them). */
function chunks(bytes: Uint8Array, n: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += n) out.push(bytes.subarray(i, i + n));
  return out;
}

/** The shape the README documents for `--json`, checked key by key. */
function expectJsonShape(j: PlainsightJson): void {
  expect(Object.keys(j).sort()).toEqual(['builds', 'ci', 'diagnostics', 'format', 'lines']);
  expect(Object.keys(j.lines).sort()).toEqual(['attributed', 'outside', 'total']);
  expect(j.lines.attributed + j.lines.outside).toBe(j.lines.total);
  for (const b of j.builds) {
    expect(Object.keys(b).sort()).toEqual(
      [
        'error',
        'steps',
        'timing',
        'wallMs',
        'cache',
        'criticalPath',
        'parallelism',
        'summedMs',
        'findings',
        'downloads',
        'mounts',
      ].sort(),
    );
    expect(Object.keys(b.cache).sort()).toEqual(
      ['steps', 'cached', 'executed', 'ratio', 'executedMs', 'breaks'].sort(),
    );
    expect(['exact', 'timestamped', 'estimated']).toContain(b.timing);
    for (const s of b.steps)
      expect(Object.keys(s).sort()).toEqual(
        [
          'ref',
          'name',
          'stage',
          'platform',
          'target',
          'position',
          'instruction',
          'kind',
          'status',
          'durationMs',
          'startMs',
          'endMs',
          'lines',
          'packages',
        ].sort(),
      );
  }
  for (const d of j.diagnostics)
    expect(Object.keys(d).sort()).toEqual(['level', 'line', 'message']);
}

describe('runCli: a readable log', () => {
  it('reads a file argument and exits 0 with nothing on stderr', async () => {
    const r = await cli([FAIL_RUN]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });

  it('--json: the documented shape with the real values of d26-10 (fails at #7, exit 127)', async () => {
    const r = await cli([FAIL_RUN, '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as PlainsightJson;
    expectJsonShape(j);
    expect(j.format).toBe('plain');
    expect(j.ci).toBeNull();
    expect(j.lines).toEqual({ total: 41, attributed: 41, outside: 0 });
    expect(j.diagnostics).toEqual([]);
    expect(j.builds).toHaveLength(1);
    const [b] = j.builds;
    expect(b.timing).toBe('estimated');
    expect(b.wallMs).toBeGreaterThan(0);
    expect(b.error).toEqual({
      step: 7,
      exitCode: 127,
      message:
        'failed to solve: process "/bin/sh -c echo \\"running make\\" && make -C build all" did not complete successfully: exit code: 127',
    });
    expect(b.steps.map((s) => [s.ref, s.status, s.durationMs])).toEqual([
      [1, 'done', 0],
      [2, 'done', 0],
      [3, 'done', 0],
      [4, 'done', 0],
      [5, 'cached', 0],
      [6, 'done', 100],
      [7, 'error', null],
    ]);
    expect(b.steps[6]).toMatchObject({
      ref: 7,
      name: '[4/5] RUN echo "running make" && make -C build all',
      stage: null,
      platform: null,
      target: null,
      position: [4, 5],
      instruction: 'RUN',
      kind: 'step',
      status: 'error',
    });
    // #7: header, two log lines, the ERROR line (the trailer is the build's).
    expect(b.steps[6].lines).toBe(4);
    for (const s of b.steps) {
      expect(Number.isInteger(s.startMs)).toBe(true);
      expect(s.endMs!).toBeGreaterThanOrEqual(s.startMs!);
    }
  });

  it('--json: stage and position of the parallel build', async () => {
    const j = JSON.parse((await cli(['--json', PARALLEL])).stdout) as PlainsightJson;
    expectJsonShape(j);
    const s9 = j.builds[0].steps.find((s) => s.ref === 9)!;
    expect(s9).toMatchObject({ stage: 'build-a', position: [1, 1], durationMs: 3300 });
    expect(j.builds[0].error).toBeNull();
  });

  it('reads `-` from stdin in chunks, gzip included, as it reads the file', async () => {
    const file = JSON.parse((await cli([PARALLEL, '--json'])).stdout);
    const bytes = new Uint8Array(readFileSync(PARALLEL));
    const piped = await cli(['-', '--json'], chunks(bytes, 100));
    expect(piped.code).toBe(0);
    expect(JSON.parse(piped.stdout)).toEqual(file);
    const gz = await cli(['-', '--json'], chunks(new Uint8Array(readFileSync(GZIP)), 7));
    expect(JSON.parse(gz.stdout)).toEqual(file);
    // No argument reads stdin too.
    expect(JSON.parse((await cli(['--json'], [bytes])).stdout)).toEqual(file);
  });

  it('the summary lists each step with status and time, wall vs summed, and the failure', async () => {
    const r = await cli([FAIL_RUN]);
    const out = r.stdout.split('\n');
    expect(out[0]).toBe('plain log: 41 lines, 1 build(s)');
    expect(r.stdout).toContain('Build 1 (builder default): 7 steps — 5 done, 1 cached, 1 error');
    // Summed DONE times 0.1 s (#6); wall estimated 0.199 s.
    expect(r.stdout).toContain('  wall 0.2s vs summed 0.1s (times estimated from the plain log)');
    const rows = out.filter((l) => /^\s+#\d+ /.test(l));
    expect(rows.map((l) => l.trim().split(/\s+/).slice(0, 3))).toEqual([
      ['#1', 'done', '0.0s'],
      ['#2', 'done', '0.0s'],
      ['#3', 'done', '0.0s'],
      ['#4', 'done', '0.0s'],
      ['#5', 'cached', '0.0s'],
      ['#6', 'done', '0.1s'],
      ['#7', 'error', '-'],
    ]);
    expect(rows[6]).toContain('[4/5] RUN echo "running make" && make -C build all');
    expect(r.stdout).toContain('  FAILED at #7 [4/5] RUN echo "running make" && make -C build all');
    expect(r.stdout).toContain('  exit code 127');
    expect(r.stdout).toContain(
      '  failed to solve: process "/bin/sh -c echo \\"running make\\" && make -C build all" did not complete successfully: exit code: 127',
    );
  });
});

describe('runCli: unusable input exits 2 with a one-line reason on stderr', () => {
  const oneLine = (s: string) => {
    expect(s.endsWith('\n')).toBe(true);
    expect(s.slice(0, -1)).not.toContain('\n');
    return s.slice(0, -1);
  };

  it('empty stdin', async () => {
    const r = await cli(['-'], []);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toBe('plainsight: The input is empty.');
  });

  it('an empty chunk on stdin, with --json: the JSON still says why', async () => {
    const r = await cli(['-', '--json'], [new Uint8Array(0)]);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toBe('plainsight: The input is empty.');
    expect((JSON.parse(r.stdout) as PlainsightJson).builds).toEqual([]);
  });

  it('a missing file', async () => {
    const missing = path.join(PLAIN, 'no-such-file.log');
    const r = await cli([missing]);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/^plainsight: cannot read .*no-such-file\.log: ENOENT/);
    expect(r.stdout).toBe('');
  });

  it('prose', async () => {
    const r = await cli(
      ['-'],
      ['It was a bright cold day in April.\nThe clocks were striking thirteen.\n'],
    );
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/^plainsight: No BuildKit build found/);
  });

  it('an unknown option: the reason on the first line, then the usage', async () => {
    const r = await cli(['--frobnicate', FAIL_RUN]);
    expect(r.code).toBe(2);
    const [first, ...rest] = r.stderr.split('\n');
    expect(first).toBe('plainsight: unknown option --frobnicate');
    expect(rest.join('\n')).toMatch(/^usage: plainsight/);
    expect(r.stdout).toBe('');
  });

  it('two inputs', async () => {
    const r = await cli([FAIL_RUN, PARALLEL]);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/^plainsight: one input at a time/);
  });

  it('--help prints the usage and exits 0', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^usage: plainsight \[FILE\|-\] \[--format json\|csv\|trace\|markdown\] \[--fail-under-cache N\]/,
    );
    expect(r.stdout).toContain('--json, --markdown');
  });
});

describe('the real process (tsx src/cli/bin.ts)', () => {
  const bin = ['tsx', 'src/cli/bin.ts'];
  const spawn = (args: string[], input?: Buffer) =>
    spawnSync('npx', [...bin, ...args], {
      cwd: ROOT,
      input,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, NO_COLOR: '1' },
    });

  it('reads a file argument and prints --json on stdout, exit 0', () => {
    const p = spawn([path.relative(ROOT, FAIL_RUN), '--json']);
    expect(p.error).toBeUndefined();
    expect(p.status).toBe(0);
    expect(p.stderr).toBe('');
    const j = JSON.parse(p.stdout) as PlainsightJson;
    expectJsonShape(j);
    expect(j.builds[0].error).toMatchObject({ step: 7, exitCode: 127 });
  }, 60_000);

  it('reads a pipe into `-`, and exits 2 with the reason for empty input', () => {
    const p = spawn(['-'], readFileSync(PARALLEL));
    expect(p.status).toBe(0);
    expect(p.stdout).toContain('plain log: 63 lines, 1 build(s)');
    expect(p.stdout).toContain('#8 done');
    const empty = spawn(['-'], Buffer.alloc(0));
    expect(empty.status).toBe(2);
    expect(empty.stderr).toBe('plainsight: The input is empty.\n');
  }, 60_000);
});

describe('runCli: analysis in the output', () => {
  const ANALYSIS = path.join(ROOT, 'src/analysis/fixtures');
  const COLD = path.join(ANALYSIS, 'd26-03-npm-cold.plain.log');
  const CACHED = path.join(ANALYSIS, 'd26-04-npm-cached.plain.log');
  const PIP = path.join(ANALYSIS, 'pip-cache-cold.gha.log');

  it('--json carries the packages of each step and the cache picture of each build', async () => {
    const r = await cli([PIP, '--json']);
    expect(r.code).toBe(0);
    const b = (JSON.parse(r.stdout) as PlainsightJson).builds[0];
    // `#9 … pip install -r requirements.txt` prints six `Downloading …` lines (grep ' #9 .*Downloading').
    const pip = b.steps.find((s) => s.ref === 9)!.packages!;
    expect(pip.tools).toContain('pip');
    expect(pip.downloaded).toBe(6);
    expect(pip.reused).toBe(0);
    expect(pip.items.filter((i) => i.event === 'downloaded').map((i) => i.name)).toContain(
      'plainsight_demo_alpha-1.0.0-py3-none-any.whl',
    );
    // Internal steps print no package output.
    expect(b.steps.find((s) => s.ref === 1)!.packages).toBeNull();
    expect(b.mounts.map((m) => m.tool)).toContain('pip');
  });

  it('--fail-under-cache exits 1 under the ratio and 0 at or above it', async () => {
    // d26-04 is the npm build run again: every Dockerfile step but FROM prints CACHED.
    expect((await cli([CACHED, '--fail-under-cache', '80'])).code).toBe(0);
    // d26-03 is the same build cold: nothing cached.
    const cold = await cli([COLD, '--fail-under-cache=80']);
    expect(cold.code).toBe(1);
    expect(cold.stderr).toBe('plainsight: build 1: layer-cache hit ratio 0% is under 80%\n');
    const bad = await cli([COLD, '--fail-under-cache', 'lots']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^plainsight: --fail-under-cache needs a percentage/);
  });

  it('--markdown prints a report for a job summary', async () => {
    const r = await cli([FAIL_RUN, '--markdown']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^## plainsight build report\n/);
    expect(r.stdout).toContain('❌ failed');
    expect(r.stdout).toContain('(exit code 127)');
    expect(r.stdout).toContain('**Layer cache:**');
    expect(r.stdout).toMatch(/\| Slowest steps \| Status \| Time \|/);
  });
});

describe('runCli: --format', () => {
  /** The view document the CLI builds for a file: labelled with the file's name. */
  const docOf = (file: string, label = path.basename(file)) => {
    const model = readLog(new Uint8Array(readFileSync(file)));
    return buildViewDoc(model, analyze(model), label);
  };

  it('csv: a header and one CRLF row per step, as toCsv writes the view document', async () => {
    const r = await cli([FAIL_RUN, '--format', 'csv']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(toCsv(docOf(FAIL_RUN)));
    const rows = r.stdout.split('\r\n');
    expect(rows[0]).toBe(CSV_COLUMNS.join(','));
    // d26-10: seven steps, #7 failing with exit code 127; a final CRLF.
    expect(rows).toHaveLength(1 + 7 + 1);
    expect(rows[7]).toBe(
      '1,7,"[4/5] RUN echo ""running make"" && make -C build all",,,,step,error,100,199,,estimated,true,0,,,,,,127,' +
        '"process ""/bin/sh -c echo \\""running make\\"" && make -C build all"" did not complete successfully: exit code: 127"',
    );
    expect((await cli(['--format=csv', FAIL_RUN])).stdout).toBe(r.stdout);
  });

  it('trace: one compact JSON line, the view document of the file (or of standard input)', async () => {
    const r = await cli([PARALLEL, '--format=trace']);
    expect(r.code).toBe(0);
    expect(r.stdout.endsWith('\n')).toBe(true);
    expect(r.stdout.slice(0, -1)).not.toContain('\n');
    const trace = JSON.parse(r.stdout) as ChromeTrace;
    expect(trace).toEqual(toChromeTrace(docOf(PARALLEL)));
    expect(trace.otherData?.source).toBe('d26-01-multistage-parallel.plain.log');
    expect(trace.traceEvents.filter((e) => e.ph === 'X').map((e) => e.name.split(' ')[0])).toEqual([
      '#6',
      '#8',
      '#9',
      '#12',
    ]);
    const piped = await cli(['-', '--format', 'trace'], [readFileSync(PARALLEL)]);
    expect(JSON.parse(piped.stdout)).toEqual(toChromeTrace(docOf(PARALLEL, 'standard input')));
  });

  it('json and markdown: the same output as --json and --markdown', async () => {
    expect((await cli([FAIL_RUN, '--format', 'json'])).stdout).toBe(
      (await cli([FAIL_RUN, '--json'])).stdout,
    );
    expect((await cli([FAIL_RUN, '--format=markdown'])).stdout).toBe(
      (await cli([FAIL_RUN, '--markdown'])).stdout,
    );
    // Saying the same thing twice is no conflict.
    expect((await cli([FAIL_RUN, '--json', '--format=json'])).code).toBe(0);
  });

  it('a bad value exits 2 with the reason on stderr and nothing on stdout', async () => {
    const cases: [string[], string][] = [
      [['--format', 'xml'], '--format needs one of json, csv, trace, markdown (got xml)'],
      [['--format=XML'], '--format needs one of json, csv, trace, markdown (got XML)'],
      [['--format'], '--format needs one of json, csv, trace, markdown (got nothing)'],
      [['--format='], '--format needs one of json, csv, trace, markdown (got nothing)'],
      [['--json', '--format', 'csv'], 'one output format at a time (got --json and --format csv)'],
      [
        ['--format=trace', '--markdown'],
        'one output format at a time (got --format trace and --markdown)',
      ],
    ];
    for (const [args, reason] of cases) {
      const r = await cli([FAIL_RUN, ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toBe(`plainsight: ${reason}\n`);
      expect(r.stdout).toBe('');
    }
  });

  it('unusable input: csv prints the header, trace an empty trace, and both exit 2', async () => {
    const csv = await cli(['-', '--format', 'csv'], []);
    expect(csv.code).toBe(2);
    expect(csv.stdout).toBe(CSV_COLUMNS.join(',') + '\r\n');
    expect(csv.stderr).toBe('plainsight: The input is empty.\n');
    const trace = await cli(['-', '--format', 'trace'], []);
    expect(trace.code).toBe(2);
    expect(JSON.parse(trace.stdout)).toMatchObject({ traceEvents: [], displayTimeUnit: 'ms' });
  });

  it('the real process writes the CRLF of the CSV through unchanged', () => {
    const p = spawnSync('npx', ['tsx', 'src/cli/bin.ts', '--format=csv', '-'], {
      cwd: ROOT,
      input: readFileSync(FAIL_RUN),
      timeout: 60_000,
    });
    expect(p.status).toBe(0);
    expect(p.stdout.toString('utf8')).toBe(toCsv(docOf(FAIL_RUN, 'standard input')));
  }, 60_000);
});
