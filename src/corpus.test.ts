/**
 * The reader against the shared corpus of real logs (`../shared/corpus`, see its
 * README.md): every file of `real/`, `engine/` and `engine-pip/`.
 *
 * 1. Invariants for every file: no throw, one role per input line, outputLines
 *    and attribution agree, no negative durations, ≥ 1 step where there is one.
 * 2. A table of precise expectations for 47 files of all families. Every number
 *    in it was taken from the log text itself (grep of the `#N` headers and
 *    `DONE`/`CACHED`/`ERROR`/`CANCELED` lines, the TTY ` => ` rows, the rawjson
 *    vertex times), never from the parser's output. Line numbers in the table
 *    are 1-based, as `grep -n` prints them.
 * 3. The seed case: pip's cache lines stay on the step whose `#N` they carry.
 * 4. toJson: line totals and one entry per step in order of first appearance.
 *
 * The last block holds the damaged and concurrent logs that first failed these
 * expectations; it stays as their regression test.
 */
import { expect, it } from 'vitest';
import { readLog, toJson } from './index';
import type { Build, LogModel, Step, StepStatus, Timing } from './index';
import { HAVE_CORPUS, corpusFiles, describeCorpus, readCorpus } from './test-support/corpus';

// ---------------------------------------------------------------- helpers

const cache = new Map<string, LogModel>();
/** The model of a corpus file, parsed once per run. */
function model(rel: string): LogModel {
  let m = cache.get(rel);
  if (!m) {
    m = readLog(readCorpus(rel));
    cache.set(rel, m);
  }
  return m;
}

/** The file's text, decoded the way the corpus README counts lines. */
function decoded(rel: string): string {
  const b = readCorpus(rel);
  if (b[0] === 0xff && b[1] === 0xfe) return new TextDecoder('utf-16le').decode(b);
  return new TextDecoder('utf-8').decode(b);
}

/** Input lines: LF count, plus a final line without a newline (CRLF counts once, bare CR is inside a line). */
function lineCount(text: string): number {
  if (!text) return 0;
  let n = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return text.endsWith('\n') ? n : n + 1;
}

function textLines(rel: string): string[] {
  const lines = decoded(rel).split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

/** 1-based inclusive range of line numbers, as grep -n prints them. */
function span(a: number, b: number): number[] {
  const out: number[] = [];
  for (let i = a; i <= b; i++) out.push(i);
  return out;
}

const ROLE = { outside: 0, output: 1, status: 2, header: 3, trailer: 4 } as const;

const ALL_FILES = HAVE_CORPUS
  ? [...corpusFiles('real'), ...corpusFiles('engine'), ...corpusFiles('engine-pip')]
  : [];

// ---------------------------------------------------------------- 1. invariants

/** Problems with the attribution of one model (empty = fine). */
function attributionProblems(m: LogModel): string[] {
  const p: string[] = [];
  const { role, build, step } = m.attribution;
  const n = m.raw.length;
  if (role.length !== n || build.length !== n || step.length !== n)
    p.push(`attribution arrays ${role.length}/${build.length}/${step.length} for ${n} lines`);
  for (let i = 0; i < role.length; i++) {
    const r = role[i];
    const b = build[i];
    const s = step[i];
    if (r > 4) p.push(`line ${i + 1}: role code ${r}`);
    else if (r === ROLE.outside) {
      if (b !== -1 || s !== -1) p.push(`line ${i + 1}: outside but build ${b} step ${s}`);
    } else if (r === ROLE.output || r === ROLE.status) {
      const st = m.builds[b]?.steps[s];
      if (!st) {
        p.push(`line ${i + 1}: role ${r} points at build ${b} step ${s} that does not exist`);
        continue;
      }
      const list = r === ROLE.output ? st.outputLines : st.statusLineNumbers;
      if (!list.includes(i))
        p.push(
          `line ${i + 1}: attributed as ${r === 1 ? 'output' : 'status'} of #${st.ref} but not in its ${r === 1 ? 'outputLines' : 'statusLineNumbers'}`,
        );
    } else if (!m.builds[b] || s !== -1) {
      p.push(`line ${i + 1}: build-level role ${r} with build ${b} step ${s}`);
    }
    if (p.length > 20) break;
  }
  m.builds.forEach((bd, bi) =>
    bd.steps.forEach((st, si) => {
      if (st.index !== si) p.push(`build ${bi} step ${si} has index ${st.index}`);
      for (const i of st.outputLines)
        if (role[i] !== ROLE.output || build[i] !== bi || step[i] !== si)
          p.push(
            `#${st.ref}: outputLines has line ${i + 1} but it is role ${role[i]} of build ${build[i]} step ${step[i]}`,
          );
      for (const i of st.statusLineNumbers)
        if (role[i] !== ROLE.status || build[i] !== bi || step[i] !== si)
          p.push(
            `#${st.ref}: statusLineNumbers has line ${i + 1} but it is role ${role[i]} of build ${build[i]} step ${step[i]}`,
          );
      if (new Set(st.outputLines).size !== st.outputLines.length)
        p.push(`#${st.ref}: outputLines repeats a line`);
    }),
  );
  return p.slice(0, 20);
}

function timeProblems(m: LogModel): string[] {
  const p: string[] = [];
  for (const b of m.builds)
    for (const s of b.steps) {
      if (s.durationMs !== null && !(s.durationMs >= 0))
        p.push(`build ${b.index} #${s.ref}: durationMs ${s.durationMs}`);
      if (s.startMs !== null && s.endMs !== null && s.endMs < s.startMs)
        p.push(`build ${b.index} #${s.ref}: endMs ${s.endMs} < startMs ${s.startMs}`);
    }
  return p;
}

/** Any BuildKit step line: `#N …` (possibly behind a prefix), a TTY row, a rawjson vertex. */
function hasStepLines(text: string): boolean {
  return /(^|[\s/:])#\d+ \S/m.test(text) || /^\s*(=|=3D)> /m.test(text) || /"vertexes"/.test(text);
}

/** Files whose outputLines/attribution agreement is a known parser gap (tested at the end). */
const AGREEMENT_GAPS = new Set([
  'real/mangled-powershell-utf16le-nativecommanderror-80col-wrap.log',
  'real/mangled-powershell-utf16le-gbk-mojibake-pip-bars-truncated.log',
]);

describeCorpus('corpus: every file', () => {
  it('finds the three folders', () => {
    expect(corpusFiles('real').length).toBe(58);
    expect(corpusFiles('engine').length).toBe(83);
    expect(corpusFiles('engine-pip').length).toBe(28);
  });

  it.each(ALL_FILES)('%s: reads, one role per line, outputLines agree, sane times', (rel) => {
    let m: LogModel | undefined;
    expect(() => {
      m = model(rel);
    }).not.toThrow();
    m = m!;
    // A parser that threw inside readLog is caught and reported as a diagnostic.
    expect(m.diagnostics.filter((d) => /stopped/.test(d.message))).toEqual([]);
    expect(m.raw.length).toBe(lineCount(decoded(rel)));
    // Two hard-wrapped captures break the outputLines/attribution agreement: see the gaps block.
    if (!AGREEMENT_GAPS.has(rel)) expect(attributionProblems(m)).toEqual([]);
    expect(timeProblems(m)).toEqual([]);
    const steps = m.builds.reduce((n, b) => n + b.steps.length, 0);
    const damaged = /\/mangled-/.test(rel);
    if (!damaged) {
      // Every non-damaged file of the corpus holds at least one step (checked by reading).
      expect(m.builds.length).toBeGreaterThanOrEqual(1);
      for (const b of m.builds) expect(b.steps.length).toBeGreaterThanOrEqual(1);
    } else if (hasStepLines(decoded(rel))) {
      expect(steps).toBeGreaterThanOrEqual(1);
    }
  });
});

// ---------------------------------------------------------------- 2. the table

interface StepExpect {
  /** `#N` for plain and legacy; unique within its build. */
  ref?: number;
  /** rawjson: the vertex digest starts with this. */
  refPrefix?: string;
  name?: string;
  nameStartsWith?: string;
  status?: StepStatus;
  /** From `#N DONE 3.5s` (last DONE = sum of intervals), the TTY right column; CACHED = 0. */
  durationMs?: number | null;
  /** rawjson / legacy: exact times from the log, ± 1 ms. */
  durationNear?: number;
  exitCode?: number | null;
  /** The step's own error text contains this. */
  error?: string;
  /** A count, or the exact 1-based input line numbers. */
  outputLines?: number | number[];
  target?: string | null;
  digest?: string;
  /** Each is contained in one of the step's warnings. */
  warnings?: string[];
}

interface BuildExpect {
  /** Pick the build that holds a step with this name (interleaved builds); default: by position. */
  holds?: string;
  steps?: number;
  /** rawjson: vertices announced but never started (absent, or present as unfinished). */
  neverStarted?: string[];
  /** Refs of plain steps in order of first appearance. */
  order?: number[];
  timing?: Timing;
  statusCounts?: Partial<Record<StepStatus, number>>;
  /** Exactly these steps are CANCELED (refs, or names for TTY/rawjson). */
  canceled?: (number | string)[];
  error?: null | {
    step?: number | null;
    /** The failing step, by name (TTY rows and rawjson digests). */
    stepName?: string;
    exitCode?: number | null;
    message?: string;
  };
  /** build.warnings, exactly (the `N warnings found` items). */
  warnings?: string[];
  excerpt?: null | { file: string; line: number; marked: number[] };
  named?: StepExpect[];
}

interface FileExpect {
  file: string;
  builds: number;
  encoding?: string;
  build: BuildExpect[];
}

const FRONTEND_FAIL =
  '[build 11/14] RUN mkdir /n && ln -s /n .next &&     pnpm run build &&     rm .next && mv /n .next';
const BACKEND_LAST =
  '[production 8/8] RUN mkdir -p /app/uploads/temp /app/uploads/permanent &&     chown -R nestjs:nestjs /app/uploads';
/** mangled 80-col file: lines 263-269 joined (the wrap kept every space). */
const PS80_APT =
  'apt-get update && apt-get install -y     libicu70     libssl3     zlib1g     libx11-6     libxkbcommon0     libfontconfig1     libfreetype6     libpng16-16     libxrender1     libxrandr2     libxinerama1     libxi6     libxcursor1     libxext6     libxfixes3     libxxf86vm1     libgl1-mesa-glx     pulseaudio     libpulse0     alsa-lib     alsa-utils     libsndfile1     libmpg123-0     libtag1v5     libicu70     libmagickwand-6.q16-7     && rm -rf /var/lib/apt/lists/*';
const MAKE_127 =
  'failed to solve: process "/bin/sh -c echo \\"running make\\" && make -C build all" did not complete successfully: exit code: 127';
const BROKEN_2 =
  'failed to solve: process "/bin/sh -c echo \\"starting broken stage\\" && sleep 1 && ls -l /does/not/exist" did not complete successfully: exit code: 2';
const PIP_COLD: BuildExpect = {
  // 13 headers #1..#13, all DONE.
  steps: 13,
  statusCounts: { done: 13 },
  error: null,
  excerpt: null,
  canceled: [],
  named: [
    {
      ref: 9,
      name: '[stage-0 5/8] RUN --mount=type=cache,target=/root/.cache/pip     pip install --index-url http://127.0.0.1:8631/simple --trusted-host 127.0.0.1 -r requirements.txt',
      status: 'done',
      durationMs: 6900,
      outputLines: span(31, 76),
    },
    { ref: 10, status: 'done', durationMs: 800, outputLines: span(80, 87) },
    {
      ref: 6,
      name: '[stage-0 2/8] RUN python3 -m venv /opt/venv',
      status: 'done',
      durationMs: 3200,
    },
    { ref: 12, status: 'done', durationMs: 200, outputLines: span(94, 100) },
    { ref: 13, name: 'exporting to image', status: 'done', durationMs: 200 },
  ],
};

const TABLE: FileExpect[] = [
  // ---------------- engine, Docker 26 / BuildKit 0.13, plain
  {
    // #1..#13; #8 switches away at line 32 (`#8 ...`) and returns at 42 with `#8 DONE 3.5s`.
    file: 'engine/d26-01-multistage-parallel.plain.log',
    builds: 1,
    build: [
      {
        steps: 13,
        order: span(1, 13),
        timing: 'estimated',
        statusCounts: { done: 13 },
        error: null,
        excerpt: null,
        canceled: [],
        named: [
          {
            ref: 8,
            name: '[build-b 1/1] RUN for i in 1 2 3 4; do echo "[b] generating asset $i/4"; sleep 0.8; done && echo b > /b.out',
            status: 'done',
            durationMs: 3500,
            outputLines: span(28, 31),
          },
          {
            ref: 9,
            name: '[build-a 1/1] RUN for i in 1 2 3 4 5; do echo "[a] compiling module $i/5"; sleep 0.6; done && echo a > /a.out',
            status: 'done',
            durationMs: 3300,
            outputLines: span(35, 39),
          },
          { ref: 6, name: '[base 2/3] WORKDIR /src', status: 'done', durationMs: 100 },
          { ref: 12, status: 'done', durationMs: 100, outputLines: span(52, 56) },
          { ref: 13, name: 'exporting to image', status: 'done', durationMs: 0, outputLines: 0 },
        ],
      },
    ],
  },
  {
    // #1..#7: #5 CACHED, #7 ERROR exit 127; excerpt Dockerfile:4 with `>>>` on 4.
    file: 'engine/d26-10-fail-run.plain.log',
    builds: 1,
    build: [
      {
        steps: 7,
        statusCounts: { done: 5, cached: 1, error: 1 },
        canceled: [],
        error: { step: 7, exitCode: 127, message: MAKE_127 },
        excerpt: { file: 'Dockerfile', line: 4, marked: [4] },
        named: [
          { ref: 5, name: '[2/5] WORKDIR /src', status: 'cached', durationMs: 0 },
          { ref: 6, status: 'done', durationMs: 100, outputLines: [21] },
          {
            ref: 7,
            name: '[4/5] RUN echo "running make" && make -C build all',
            status: 'error',
            exitCode: 127,
            outputLines: [25, 26],
          },
        ],
      },
    ],
  },
  {
    // #1..#6: #4 CACHED, #5 CANCELED (slow stage), #6 ERROR exit 2.
    file: 'engine/d26-14-fail-parallel-cancel.plain.log',
    builds: 1,
    build: [
      {
        steps: 6,
        statusCounts: { done: 3, cached: 1, canceled: 1, error: 1 },
        canceled: [5],
        error: { step: 6, exitCode: 2, message: BROKEN_2 },
        excerpt: { file: 'Dockerfile', line: 7, marked: [7] },
        named: [
          {
            ref: 5,
            name: '[slow 1/1] RUN for i in $(seq 1 10); do echo "slow stage step $i/10"; sleep 0.5; done',
            status: 'canceled',
            outputLines: span(18, 20),
          },
          { ref: 6, status: 'error', exitCode: 2, outputLines: [24, 25] },
          { ref: 4, status: 'cached', durationMs: 0 },
        ],
      },
    ],
  },
  {
    // #1..#3, #10..#13 DONE, #6 CACHED; #8 is reopened; #12 `exporting layers` twice.
    file: 'engine/d26-05-npm-pkgjson-changed.plain.log',
    builds: 1,
    build: [
      {
        steps: 12,
        statusCounts: { done: 11, cached: 1 },
        error: null,
        named: [
          {
            ref: 8,
            name: '[stage-0 4/7] RUN --mount=type=cache,target=/root/.npm     npm install --no-audit --no-fund',
            status: 'done',
            durationMs: 4500,
            outputLines: span(28, 49),
          },
          { ref: 10, status: 'done', durationMs: 500, outputLines: span(56, 59) },
          { ref: 11, status: 'done', durationMs: 700, outputLines: [63] },
          { ref: 12, name: 'exporting to image', status: 'done', durationMs: 300 },
          { ref: 6, status: 'cached', durationMs: 0 },
        ],
      },
    ],
  },
  {
    // Parse error: only #1 ran; excerpt Dockerfile:4, no failing step.
    file: 'engine/d26-13-fail-dockerfile-syntax.plain.log',
    builds: 1,
    build: [
      {
        steps: 1,
        statusCounts: { done: 1 },
        error: {
          step: null,
          exitCode: null,
          message:
            'failed to solve: dockerfile parse error on line 4: unknown instruction: COPPY (did you mean COPY?)',
        },
        excerpt: { file: 'Dockerfile', line: 4, marked: [4] },
        named: [
          { ref: 1, name: '[internal] load build definition from Dockerfile', durationMs: 0 },
        ],
      },
    ],
  },
  {
    // Heredocs work on d26: #1..#9, #4 CACHED, #5 is `preparing inline document`.
    file: 'engine/d26-18-heredoc.plain.log',
    builds: 1,
    build: [
      {
        steps: 9,
        statusCounts: { done: 8, cached: 1 },
        error: null,
        excerpt: null,
        named: [
          {
            ref: 6,
            name: '[2/4] RUN <<EOT (set -e...)',
            status: 'done',
            durationMs: 100,
            outputLines: span(21, 24),
          },
          { ref: 5, name: '[internal] preparing inline document', status: 'done', durationMs: 0 },
          { ref: 7, name: '[3/4] COPY <<EOT /etc/app.conf', status: 'done' },
          { ref: 8, status: 'done', durationMs: 100, outputLines: [31] },
        ],
      },
    ],
  },
  {
    // All CACHED but the internal loads and the export: #6..#12 CACHED.
    file: 'engine/d26-02-multistage-cached.plain.log',
    builds: 1,
    build: [
      {
        steps: 13,
        statusCounts: { done: 6, cached: 7 },
        error: null,
        named: [
          { ref: 6, status: 'cached', durationMs: 0 },
          { ref: 12, name: '[final 3/3] RUN ls -l /out && cat /out/*', status: 'cached' },
          { ref: 13, name: 'exporting to image', status: 'done', durationMs: 0 },
        ],
      },
    ],
  },
  // ---------------- engine, Docker 20.10 / BuildKit 0.8, plain (digest line after every header)
  {
    // Headers #1,#2,#3,#4,#7,#5 (never #6): #7 ERROR exit 2 first, #5 CANCELED after; empty error block.
    file: 'engine/d20-14-fail-parallel-cancel.plain.log',
    builds: 1,
    build: [
      {
        steps: 6,
        order: [1, 2, 3, 4, 7, 5],
        statusCounts: { done: 3, cached: 1, canceled: 1, error: 1 },
        canceled: [5],
        error: {
          step: 7,
          exitCode: 2,
          message:
            'executor failed running [/bin/sh -c echo "starting broken stage" && sleep 1 && ls -l /does/not/exist]: exit code: 2',
        },
        excerpt: null,
        named: [
          {
            ref: 7,
            status: 'error',
            exitCode: 2,
            digest: 'sha256:6f1e9701ebc8038379d0f0addc3df333b318ad8c73193b464f090b2c5f76739d',
            outputLines: [21, 22],
          },
          {
            ref: 5,
            status: 'canceled',
            digest: 'sha256:182759531801ad3bcba23eabbf3167565b5be0f25234785743e5b93c80818a73',
            outputLines: span(27, 29),
          },
          {
            ref: 1,
            digest: 'sha256:391e0bf21afd86153933c4df01bb806af0aa3f7c3cb674973790c971205665e2',
          },
        ],
      },
    ],
  },
  {
    // Headers #1,#2,#3,#4,#6,#7,#8,#5: #8 COPY fails (no exit code), #5 WORKDIR finishes after it.
    file: 'engine/d20-12-fail-copy-missing.plain.log',
    builds: 1,
    build: [
      {
        steps: 8,
        order: [1, 2, 3, 4, 6, 7, 8, 5],
        statusCounts: { done: 5, cached: 2, error: 1 },
        // The final bare error line 38 (`failed to compute cache key: …`): see the gaps block.
        error: { step: 8, exitCode: null },
        excerpt: null,
        named: [
          {
            ref: 8,
            name: '[4/5] COPY config/settings.yaml ./config/',
            status: 'error',
            error: '"/config/settings.yaml" not found: not found',
            digest: 'sha256:8e91853253195e14bd49830e2b4dfca506bbf2a61ac2c0f29c705f256e5ddc32',
          },
          { ref: 5, name: '[2/5] WORKDIR /app', status: 'done', durationMs: 0 },
        ],
      },
    ],
  },
  {
    // d20's frontend cannot parse the heredoc: #1, #2 then a bare `failed to solve with frontend …`.
    file: 'engine/d20-18-heredoc.plain.log',
    builds: 1,
    build: [
      {
        steps: 2,
        statusCounts: { done: 2 },
        error: {
          step: null,
          exitCode: null,
          message:
            'failed to solve with frontend dockerfile.v0: failed to create LLB definition: dockerfile parse error line 3: unknown instruction: SET',
        },
        excerpt: null,
        named: [
          {
            ref: 1,
            digest: 'sha256:7b7b4b6a0bcd8a1d7bf320ef65c98ca6d55f85699d46b4c62a6e125d12c1a164',
          },
        ],
      },
    ],
  },
  {
    // #1..#7, #7 ERROR exit 127 (old `executor failed running` wording), empty error block.
    file: 'engine/d20-10-fail-run.plain.log',
    builds: 1,
    build: [
      {
        steps: 7,
        statusCounts: { done: 5, cached: 1, error: 1 },
        error: {
          step: 7,
          exitCode: 127,
          message:
            'executor failed running [/bin/sh -c echo "running make" && make -C build all]: exit code: 127',
        },
        excerpt: null,
        named: [
          {
            ref: 7,
            status: 'error',
            exitCode: 127,
            digest: 'sha256:29be44c933096c7399cd835b78b5716b19cb6a49e827e5df0596f78a3507cc5b',
            outputLines: [30, 31],
          },
          { ref: 6, status: 'done', durationMs: 100, outputLines: [25] },
        ],
      },
    ],
  },
  // ---------------- engine, TTY (last frame)
  {
    // Last frame `[+] Building 0.4s (7/8)`: 7 rows, CACHED [2/5], ERROR [4/5] 0.2s.
    file: 'engine/d26-32-fail-run.tty.log',
    builds: 1,
    build: [
      {
        steps: 7,
        timing: 'estimated',
        statusCounts: { done: 5, cached: 1, error: 1 },
        canceled: [],
        error: {
          stepName: '[4/5] RUN echo "running make" && make -C build all',
          exitCode: 127,
          message: MAKE_127,
        },
        excerpt: { file: 'Dockerfile', line: 4, marked: [4] },
        named: [
          { name: '[2/5] WORKDIR /src', status: 'cached', durationMs: 0 },
          {
            name: '[3/5] RUN echo "preparing sources" && mkdir -p build && touch build/.keep',
            status: 'done',
            durationMs: 200,
          },
          {
            name: '[4/5] RUN echo "running make" && make -C build all',
            status: 'error',
            durationMs: 200,
          },
          {
            name: '[internal] load build definition from Dockerfile',
            status: 'done',
            durationMs: 0,
          },
        ],
      },
    ],
  },
  {
    // Last frame `[+] Building 4.0s (13/13) FINISHED`: 13 rows, one CACHED.
    file: 'engine/d26-31-multistage-nocache.tty.log',
    builds: 1,
    build: [
      {
        steps: 13,
        statusCounts: { done: 12, cached: 1 },
        error: null,
        named: [
          {
            name: '[build-a 1/1] RUN for i in 1 2 3 4 5; do echo "[a] compiling module $i/5"; sleep 0.6; done && echo a > /a.out',
            status: 'done',
            durationMs: 3300,
          },
          {
            name: '[build-b 1/1] RUN for i in 1 2 3 4; do echo "[b] generating asset $i/4"; sleep 0.8; done && echo b > /b.out',
            status: 'done',
            durationMs: 3500,
          },
          { name: '[final 3/3] RUN ls -l /out && cat /out/*', status: 'done', durationMs: 200 },
          { name: 'exporting to image', status: 'done', durationMs: 100 },
          { name: '[base 2/3] WORKDIR /src', status: 'cached', durationMs: 0 },
        ],
      },
    ],
  },
  {
    // d20 TTY, last frame (7/8): ERROR [4/5] 0.1s; old `executor failed running` line.
    file: 'engine/d20-32-fail-run.tty.log',
    builds: 1,
    build: [
      {
        steps: 7,
        statusCounts: { done: 5, cached: 1, error: 1 },
        error: {
          stepName: '[4/5] RUN echo "running make" && make -C build all',
          exitCode: 127,
          message:
            'executor failed running [/bin/sh -c echo "running make" && make -C build all]: exit code: 127',
        },
        named: [
          {
            name: '[3/5] RUN echo "preparing sources" && mkdir -p build && touch build/.keep',
            status: 'done',
            durationMs: 100,
          },
          {
            name: '[4/5] RUN echo "running make" && make -C build all',
            status: 'error',
            durationMs: 100,
          },
          { name: '[2/5] WORKDIR /src', status: 'cached' },
        ],
      },
    ],
  },
  // ---------------- engine, rawjson (BuildKit's own times; durations = Σ completed − started)
  {
    // 13 vertices, all started and completed; build def and FROM have two intervals each.
    file: 'engine/d26-01-multistage-parallel.rawjson.log',
    builds: 1,
    build: [
      {
        steps: 13,
        timing: 'exact',
        statusCounts: { done: 13 },
        error: null,
        excerpt: null,
        named: [
          {
            name: '[build-a 1/1] RUN for i in 1 2 3 4 5; do echo "[a] compiling module $i/5"; sleep 0.6; done && echo a > /a.out',
            refPrefix: 'sha256:822a338b09d723a72f12e283ad30809165e2e1a3121b1c6803ecd2a362915b8e',
            status: 'done',
            durationNear: 3215.702,
          },
          {
            name: '[build-b 1/1] RUN for i in 1 2 3 4; do echo "[b] generating asset $i/4"; sleep 0.8; done && echo b > /b.out',
            refPrefix: 'sha256:de792d827028d61a0d4bf0635f694fc0368878c0e3bbf4afb4d0683f9f7c3fd1',
            status: 'done',
            durationNear: 3487.027,
          },
          {
            name: '[final 3/3] RUN ls -l /out && cat /out/*',
            status: 'done',
            durationNear: 132.718,
          },
          { name: 'exporting to image', status: 'done', durationNear: 45.947 },
          {
            name: '[internal] load build definition from Dockerfile',
            status: 'done',
            durationNear: 18.547,
          },
          {
            name: '[base 1/3] FROM docker.io/local/debian:bookworm',
            status: 'done',
            durationNear: 6.947,
          },
        ],
      },
    ],
  },
  {
    // 8 vertices, 6 started: broken ERROR exit 2, slow `…: context canceled` = CANCELED, FROM cached.
    file: 'engine/d26-14-fail-parallel-cancel.rawjson.log',
    builds: 1,
    build: [
      {
        steps: 6,
        neverStarted: [
          '[stage-3 2/2] COPY --from=broken /etc/hostname /broken',
          '[stage-3 1/2] COPY --from=slow /etc/hostname /slow',
        ],
        timing: 'exact',
        statusCounts: { done: 3, cached: 1, error: 1, canceled: 1 },
        canceled: [
          '[slow 1/1] RUN for i in $(seq 1 10); do echo "slow stage step $i/10"; sleep 0.5; done',
        ],
        error: {
          stepName:
            '[broken 1/1] RUN echo "starting broken stage" && sleep 1 && ls -l /does/not/exist',
          exitCode: 2,
          message: BROKEN_2,
        },
        excerpt: { file: 'Dockerfile', line: 7, marked: [7] },
        named: [
          {
            name: '[broken 1/1] RUN echo "starting broken stage" && sleep 1 && ls -l /does/not/exist',
            status: 'error',
            exitCode: 2,
            durationNear: 1199.539,
          },
          {
            name: '[slow 1/1] RUN for i in $(seq 1 10); do echo "slow stage step $i/10"; sleep 0.5; done',
            status: 'canceled',
            durationNear: 1255.123,
          },
          { name: '[base 1/1] FROM docker.io/local/debian:bookworm', status: 'cached' },
        ],
      },
    ],
  },
  {
    // 8 vertices, 7 started ([5/5] never runs): [4/5] ERROR exit 127 after 181 ms.
    file: 'engine/d26-10-fail-run.rawjson.log',
    builds: 1,
    build: [
      {
        steps: 7,
        neverStarted: ['[5/5] RUN echo "never reached"'],
        statusCounts: { done: 5, cached: 1, error: 1 },
        error: {
          stepName: '[4/5] RUN echo "running make" && make -C build all',
          exitCode: 127,
          message: MAKE_127,
        },
        excerpt: { file: 'Dockerfile', line: 4, marked: [4] },
        named: [
          {
            name: '[4/5] RUN echo "running make" && make -C build all',
            status: 'error',
            exitCode: 127,
            durationNear: 181.029,
          },
          {
            name: '[3/5] RUN echo "preparing sources" && mkdir -p build && touch build/.keep',
            status: 'done',
            durationNear: 149.539,
          },
          { name: '[2/5] WORKDIR /src', status: 'cached' },
        ],
      },
    ],
  },
  // ---------------- engine-pip
  {
    // #1..#13 all DONE; #9 = the cold pip install (46 output lines 31-76).
    file: 'engine-pip/pip-cache-cold.plain.log',
    builds: 1,
    build: [{ ...PIP_COLD, timing: 'estimated' }],
  },
  {
    // The same text behind GitHub-Actions timestamps: same steps, same line numbers.
    file: 'engine-pip/pip-cache-cold.gha.log',
    builds: 1,
    build: [{ ...PIP_COLD, timing: 'timestamped' }],
  },
  {
    // Warm cache: #6, #7 CACHED; #9 reuses 6 packages (DONE 1.0s).
    file: 'engine-pip/pip-cache-warm.plain.log',
    builds: 1,
    build: [
      {
        steps: 13,
        statusCounts: { done: 11, cached: 2 },
        error: null,
        named: [
          { ref: 6, status: 'cached', durationMs: 0 },
          { ref: 7, status: 'cached', durationMs: 0 },
          { ref: 9, status: 'done', durationMs: 1000, outputLines: span(31, 48) },
          { ref: 10, status: 'done', durationMs: 700, outputLines: span(52, 58) },
        ],
      },
    ],
  },
  {
    // The `--target` anti-pattern: #9 `RUN ls -la /pip-packages` fails with exit 2.
    file: 'engine-pip/pip-target-mount-run1.plain.log',
    builds: 1,
    build: [
      {
        steps: 9,
        statusCounts: { done: 8, error: 1 },
        error: {
          step: 9,
          exitCode: 2,
          message:
            'failed to solve: process "/bin/sh -c ls -la /pip-packages" did not complete successfully: exit code: 2',
        },
        excerpt: { file: 'Dockerfile', line: 6, marked: [6] },
        named: [
          { ref: 8, status: 'done', durationMs: 4400, outputLines: span(28, 54) },
          {
            ref: 9,
            name: '[stage-0 5/5] RUN ls -la /pip-packages',
            status: 'error',
            exitCode: 2,
            outputLines: [58],
          },
        ],
      },
    ],
  },
  // ---------------- real/, plain-
  {
    // compose, service `app`: #1..#18; #18 npm ci ERROR exit 1, #14 CANCELED; #5 reopened 6×, last DONE 71.1s.
    file: 'real/plain-compose-node-python-npm-ci-error-canceled.log',
    builds: 1,
    build: [
      {
        steps: 18,
        order: span(1, 18),
        statusCounts: { done: 16, error: 1, canceled: 1 },
        canceled: [14],
        error: {
          step: 18,
          exitCode: 1,
          message:
            'failed to solve: process "/bin/sh -c npm ci --only=production && npm cache clean --force" did not complete successfully: exit code: 1',
        },
        excerpt: null,
        named: [
          {
            ref: 18,
            name: '[app builder 5/7] RUN npm ci --only=production && npm cache clean --force',
            status: 'error',
            exitCode: 1,
            target: 'app',
          },
          {
            ref: 14,
            name: '[app runtime  2/21] RUN apk add --no-cache     python3     py3-pip     postgresql-client     curl',
            status: 'canceled',
            target: 'app',
          },
          { ref: 5, status: 'done', durationMs: 71100, target: 'app' },
          { ref: 7, status: 'done', durationMs: 38500 },
          {
            ref: 10,
            name: '[app python-builder 4/7] RUN pip install --no-cache-dir -r requirements.txt',
            durationMs: 13600,
          },
          { ref: 15, durationMs: 18600 },
        ],
      },
    ],
  },
  {
    // bake, targets web + api: #1..#13; #12 [web 4/5] npm ci ERROR exit 1, #13 [api 3/7] CANCELED.
    file: 'real/plain-bake-web-api-npm-ci-error-target-prefix.log',
    builds: 1,
    build: [
      {
        steps: 13,
        order: span(1, 13),
        statusCounts: { done: 9, cached: 2, error: 1, canceled: 1 },
        canceled: [13],
        error: {
          step: 12,
          exitCode: 1,
          message:
            'failed to solve: process "/bin/sh -c npm ci" did not complete successfully: exit code: 1',
        },
        excerpt: { file: 'Dockerfile', line: 6, marked: [6] },
        named: [
          { ref: 1, name: '[internal] load local bake definitions', durationMs: 0, target: null },
          {
            ref: 12,
            name: '[web 4/5] RUN npm ci',
            status: 'error',
            exitCode: 1,
            target: 'web',
            outputLines: span(45, 68),
          },
          {
            ref: 13,
            name: '[api 3/7] RUN apk add --no-cache     python3     make     g++     vips-dev',
            status: 'canceled',
            target: 'api',
            outputLines: [72],
          },
          { ref: 9, name: '[api 2/5] WORKDIR /app', status: 'cached', target: 'api' },
          { ref: 4, status: 'done', durationMs: 500, target: 'api' },
        ],
      },
    ],
  },
  {
    // 26 steps after `#1 WARN: Empty continuation line…`; 18 CACHED in shuffled order, #26 CANCELED.
    file: 'real/plain-ros-colcon-empty-continuation-warn-canceled.log',
    builds: 1,
    build: [
      {
        steps: 26,
        statusCounts: { done: 7, cached: 18, canceled: 1 },
        canceled: [26],
        error: { exitCode: null, message: 'failed to solve: Canceled: context canceled' },
        named: [
          {
            ref: 1,
            status: 'done',
            warnings: ['Empty continuation line found in: RUN source ${ROS_ENVIRONMENT}'],
          },
          { ref: 4, status: 'done', durationMs: 200 },
          {
            ref: 6,
            nameStartsWith: 'FROM nvcr.io/nvidia/l4t-cuda:10.2.460-runtime@sha256:',
            status: 'done',
          },
          { ref: 7, status: 'cached', durationMs: 0 },
          {
            ref: 26,
            nameStartsWith: '[stage-0 20/24] RUN cd /opt/ros/foxy',
            status: 'canceled',
            outputLines: 222,
          },
        ],
      },
    ],
  },
  {
    // Padded `[ 1/21]`, mixed CRLF/CR/LF; #5 build context reopened three times, last DONE 50.4s.
    file: 'real/plain-lean-lake-padded-steps-crlf.log',
    builds: 1,
    build: [
      {
        steps: 26,
        order: span(1, 26),
        statusCounts: { done: 26 },
        error: null,
        named: [
          { ref: 5, name: '[internal] load build context', durationMs: 50400 },
          { ref: 6, durationMs: 36900, outputLines: 895 },
          { ref: 4, durationMs: 3000 },
          { ref: 7, durationMs: 1500, outputLines: [933, 934] },
          { ref: 14, name: '[10/21] COPY proofs/ ./proofs/', durationMs: 0 },
          {
            ref: 25,
            name: '[21/21] RUN lake build zkEVM && echo "✓ All proofs verified"',
            durationMs: 600,
          },
          { ref: 26, name: 'exporting to image', durationMs: 7000 },
        ],
      },
    ],
  },
  {
    // compose bake, 7 services: #1..#53; #51 catalog ERROR, 6 CANCELED; maven continuation lines unprefixed.
    file: 'real/plain-compose-bake-7-java-services-maven-unprefixed-progress-3.7mb.log',
    builds: 1,
    build: [
      {
        steps: 53,
        order: span(1, 53),
        statusCounts: { done: 44, cached: 2, canceled: 6, error: 1 },
        canceled: [45, 46, 47, 49, 50, 53],
        error: {
          step: 51,
          exitCode: 1,
          message:
            'failed to solve: process "/bin/sh -c mvn clean package -DskipTests" did not complete successfully: exit code: 1',
        },
        named: [
          {
            ref: 48,
            name: '[api-gateway build 5/5] RUN mvn clean package -DskipTests',
            status: 'done',
            durationMs: 82500,
            target: 'api-gateway',
          },
          {
            ref: 51,
            name: '[catalog-service build 5/5] RUN mvn clean package -DskipTests',
            status: 'error',
            exitCode: 1,
            target: 'catalog-service',
          },
          {
            ref: 53,
            name: '[api-gateway] exporting to image',
            status: 'canceled',
            target: 'api-gateway',
          },
          {
            ref: 10,
            name: '[auth] library/maven:pull token for registry-1.docker.io',
            durationMs: 0,
          },
          { ref: 16, status: 'done', durationMs: 200 },
        ],
      },
    ],
  },
  {
    // The daemon died: #18 never finishes; #14 and #16 are two vertices with one name.
    file: 'real/plain-daemon-eof-unavailable-mid-run.log',
    builds: 1,
    build: [
      {
        steps: 18,
        statusCounts: { done: 9, cached: 8, unfinished: 1 },
        canceled: [],
        error: {
          exitCode: null,
          message: 'failed to build: failed to solve: Unavailable: error reading from server: EOF',
        },
        named: [
          {
            ref: 18,
            name: '[builder 6/6] RUN npm run build:ci',
            status: 'unfinished',
            outputLines: span(94, 114),
          },
          { ref: 13, status: 'done', durationMs: 378900, outputLines: span(60, 78) },
          {
            ref: 14,
            name: '[builder 3/6] COPY --from=deps /app/node_modules ./node_modules',
            status: 'cached',
          },
          {
            ref: 16,
            name: '[builder 3/6] COPY --from=deps /app/node_modules ./node_modules',
            status: 'cached',
          },
          {
            ref: 2,
            name: 'resolve image config for docker-image://docker.io/docker/dockerfile:1.4',
            durationMs: 3000,
          },
        ],
      },
    ],
  },
  {
    // Truncated mid-RUN: #1..#16 DONE, #17 open with 8 output lines (the last without newline).
    file: 'real/plain-easypanel-nixpacks-cache-mount-truncated.log',
    builds: 1,
    build: [
      {
        steps: 17,
        statusCounts: { done: 16, unfinished: 1 },
        error: null,
        named: [
          {
            ref: 17,
            name: '[stage-0 13/15] RUN --mount=type=cache,id=V13bXEaLGp4-node_modules/cache,target=/app/node_modules/.cache npm run build',
            status: 'unfinished',
            outputLines: span(423, 430),
          },
          {
            ref: 15,
            nameStartsWith:
              '[stage-0 11/15] RUN --mount=type=cache,id=V13bXEaLGp4-/root/npm,target=/root/.npm npm inst',
            status: 'done',
            durationMs: 690300,
          },
          { ref: 8, status: 'done', durationMs: 45800 },
          { ref: 4, nameStartsWith: '[stage-0  1/15] FROM ghcr.io/railwayapp/nixpacks' },
        ],
      },
    ],
  },
  {
    // Docker Desktop, interrupted: #4 and #5 CANCELED.
    file: 'real/plain-short-canceled-context-canceled.log',
    builds: 1,
    build: [
      {
        steps: 5,
        statusCounts: { done: 3, canceled: 2 },
        canceled: [4, 5],
        error: { exitCode: null, message: 'failed to solve: Canceled: context canceled' },
        named: [{ ref: 2, durationMs: 2500 }],
      },
    ],
  },
  {
    // buildctl v0.5.0: #2 before #1, FROM name cut with `...` as printed.
    file: 'real/plain-buildctl-v0.5.0-first-compact-format.log',
    builds: 1,
    build: [
      {
        steps: 5,
        order: [2, 1, 3, 4, 5],
        statusCounts: { done: 5 },
        error: null,
        named: [
          {
            ref: 4,
            name: '[1/2] FROM docker.io/library/ubuntu@sha256:f3d28607ddd78734bb7f71f117f3c...',
            durationMs: 7700,
          },
          { ref: 5, name: '[2/2] RUN echo 1', durationMs: 200, outputLines: [40] },
          { ref: 3, durationMs: 3300 },
        ],
      },
    ],
  },
  {
    // compose bake, 4 services, 75 steps; line 241 is `#49 1.544    #49 ...` (glued switch line).
    file: 'real/plain-easypanel-compose-bake-4-services-uv-pnpm-nextjs.log',
    builds: 1,
    build: [
      {
        steps: 75,
        order: span(1, 75),
        statusCounts: { done: 71, cached: 4 },
        error: null,
        named: [
          {
            ref: 49,
            name: '[worker builder 9/9] RUN --mount=type=cache,target=/root/.cache/uv     uv sync --frozen --no-dev --no-editable --package bigheadct-worker',
            status: 'done',
            durationMs: 10700,
            target: 'worker',
          },
          { ref: 58, durationMs: 89100, target: 'web' },
          { ref: 59, durationMs: 98400, target: 'web' },
          { ref: 74, name: '[web] exporting to image', durationMs: 43000, target: 'web' },
        ],
      },
    ],
  },
  // ---------------- real/, ci-
  {
    // flyctl retries: two builds, each #1..#22 with #22 ERROR exit 1; first has no final error line.
    file: 'real/ci-github-flyio-depot-retry-bun-nextjs-cache-mounts.log',
    builds: 2,
    build: [
      {
        steps: 22,
        order: span(1, 22),
        timing: 'timestamped',
        statusCounts: { done: 9, cached: 12, error: 1 },
        error: { step: 22, exitCode: 1 },
        named: [
          {
            ref: 2,
            name: 'resolve image config for docker-image://docker.io/docker/dockerfile:1',
            durationMs: 2100,
          },
          { ref: 10, name: '[internal] load build context', durationMs: 3000 },
          { ref: 1, durationMs: 500 },
          { ref: 3, status: 'cached' },
          {
            ref: 22,
            nameStartsWith: '[builder 5/5] RUN --mount=type=cache,target=/app/apps/web/.next/cache',
            status: 'error',
            exitCode: 1,
          },
        ],
      },
      {
        steps: 22,
        order: span(1, 22),
        timing: 'timestamped',
        statusCounts: { done: 9, cached: 12, error: 1 },
        error: {
          step: 22,
          exitCode: 1,
          message:
            'failed to solve: process "/bin/sh -c cd apps/web &&     bun run build" did not complete successfully: exit code: 1',
        },
        named: [
          { ref: 2, durationMs: 1000 },
          { ref: 10, durationMs: 700 },
          { ref: 22, status: 'error', exitCode: 1 },
        ],
      },
    ],
  },
  {
    // Two builds interleaved in one job (same #N in both): frontend #1..#20 fails at #20, backend #1..#27 succeeds.
    file: 'real/ci-gitea-act-runner-two-parallel-builds-interleaved-masked-digits.log',
    builds: 2,
    build: [
      {
        holds: FRONTEND_FAIL,
        // 20 steps (#1..#20): see the gaps block.
        timing: 'timestamped',
        error: {
          step: 20,
          stepName: FRONTEND_FAIL,
          exitCode: 1,
          message:
            'failed to solve: process "/bin/sh -c mkdir /n && ln -s /n .next &&     pnpm run build &&     rm .next && mv /n .next" did not complete successfully: exit code: 1',
        },
        excerpt: { file: 'Dockerfile', line: 83, marked: [83, 84, 85] },
        named: [
          { ref: 20, name: FRONTEND_FAIL, status: 'error', exitCode: 1 },
          {
            name: '[build  9/14] RUN ls -la /w/frontend/public/ || (echo "WARNING: public directory not found, creating empty one" && mkdir -p /w/frontend/public)',
            status: 'done',
            durationMs: 3100,
          },
          { nameStartsWith: '[build 10/14] RUN set -e;', status: 'done', durationMs: 6200 },
        ],
      },
      {
        holds: BACKEND_LAST,
        steps: 27,
        timing: 'timestamped',
        error: null,
        excerpt: null,
        named: [
          { ref: 27, name: 'exporting to image', status: 'done', durationMs: 6800 },
          { name: BACKEND_LAST, status: 'done', durationMs: 3500 },
          { nameStartsWith: '[build 10/10] RUN find', status: 'done', durationMs: 5500 },
          {
            name: '[build  9/10] RUN PNPM_IGNORE_SCRIPTS=none     pnpm --filter backend deploy --prod --shamefully-hoist --legacy --no-optional /app/backend-prod',
            status: 'done',
            durationMs: 59800,
          },
          {
            name: '[production 4/8] RUN addgroup -g 1001 -S nestjs &&     adduser -S nestjs -u 1001',
            status: 'cached',
          },
        ],
      },
    ],
  },
  {
    // Jenkins, Docker 20.10 era: digest line after each header; headers #1..#4,#6,#5,#7..#11.
    file: 'real/ci-jenkins-windows-compose-v1-buildkit-digest-lines.log',
    builds: 1,
    build: [
      {
        steps: 11,
        order: [1, 2, 3, 4, 6, 5, 7, 8, 9, 10, 11],
        statusCounts: { done: 8, cached: 3 },
        error: null,
        named: [
          {
            ref: 1,
            digest: 'sha256:fd9be65f444a1faba684e2a2560e3e86808fda64daeeebe6c6742d58c879a4a3',
          },
          {
            ref: 4,
            digest: 'sha256:c39e6bd976e9cf3bd73c3708f29bc33be4e2f56725e378bd51887e21a56c9e68',
          },
          {
            ref: 9,
            name: '[5/6] RUN npm i',
            durationMs: 31000,
            outputLines: span(72, 110),
            digest: 'sha256:fee935fc7caf9b6283c5a4ed97f69cdd69dde51e9652bc811ac6877ef9f65c5f',
          },
          {
            ref: 11,
            name: 'exporting to image',
            durationMs: 3400,
            digest: 'sha256:e8c613e07b0b7ff33893b694f7759a10d42e180f2b4dc349fb57dc6b71dcab00',
          },
          { ref: 5, name: '[2/6] WORKDIR /app', status: 'cached' },
        ],
      },
    ],
  },
  {
    // build-push-action web copy: #1..#15, #13 apt ERROR exit 100, #10/#14/#15 CANCELED, 4 lint warnings.
    file: 'real/ci-github-webui-multiplatform-apt-failure-canceled-lint-warnings.log',
    builds: 1,
    build: [
      {
        steps: 15,
        order: span(1, 15),
        statusCounts: { done: 11, error: 1, canceled: 3 },
        canceled: [10, 14, 15],
        error: {
          step: 13,
          exitCode: 100,
          message: 'did not complete successfully: exit code: 100',
        },
        warnings: [
          "FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line 10)",
          "UndefinedVar: Usage of undefined variable '$VERSION' (line 155)",
          "UndefinedVar: Usage of undefined variable '$BUILD_DATE' (line 155)",
          "UndefinedVar: Usage of undefined variable '$VCS_REF' (line 155)",
        ],
        excerpt: { file: 'Dockerfile', line: 55, marked: span(55, 118) },
        named: [
          {
            ref: 1,
            warnings: ["FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line 10)"],
          },
          {
            ref: 8,
            name: 'importing cache manifest from gha:11440515367744974498',
            durationMs: 200,
          },
          {
            ref: 3,
            name: '[linux/amd64 internal] load metadata for docker.io/library/ubuntu:22.04',
            durationMs: 600,
          },
          { ref: 13, status: 'error', exitCode: 100 },
        ],
      },
    ],
  },
  // ---------------- real/, legacy- (durations = Σ of the `duration:` intervals)
  {
    // Docker 18.09 docs: 2 vertices, each with two started/completed pairs.
    file: 'real/legacy-2018-docker-docs-plain-dockerignore-dockerfile.log',
    builds: 1,
    build: [
      {
        steps: 2,
        order: [1, 2],
        timing: 'exact',
        statusCounts: { done: 2 },
        error: null,
        named: [
          {
            ref: 1,
            name: '[internal] load .dockerignore',
            digest: 'sha256:d0b5f1b2d994bfdacee98198b07119b61cf2442e548a41cf4cd6d0471a627414',
            durationNear: 0.066818 + 14.432052,
          },
          {
            ref: 2,
            name: '[internal] load Dockerfile',
            digest: 'sha256:2f10ef7338b6eebaf1b072752d0d936c3d38c4383476a3985824ff70398569fa',
            durationNear: 0.054669 + 23.511214,
          },
        ],
      },
    ],
  },
  {
    // kubectl logs of buildctl v0.4: #2,#1,#3,#4,#5,#6; `cached: true` on #5; hard-wrapped name: line.
    file: 'real/legacy-buildctl-k8s-push-wrapped.log',
    builds: 1,
    build: [
      {
        steps: 6,
        order: [2, 1, 3, 4, 5, 6],
        timing: 'exact',
        statusCounts: { done: 5, cached: 1 },
        error: null,
        named: [
          {
            ref: 2,
            digest: 'sha256:e323acd1c1ceb435985588acb4550e981ed92f1a820e72beea0350fe50ffa621',
            durationNear: 0.108197 + 13.758913,
          },
          { ref: 3, durationNear: 436.947513 },
          {
            ref: 4,
            nameStartsWith:
              '[1/2] FROM docker.io/library/alpine:latest@sha256:644fcb1a676b5165371437',
            durationNear: 0.284816,
          },
          { ref: 5, name: '[2/2] RUN touch .i-was-here', status: 'cached' },
          { ref: 6, name: 'exporting to image', status: 'done', durationNear: 529.998757 },
        ],
      },
    ],
  },
  {
    // buildctl v0.3.0: #1,#2,#3,#5,#4; FROM (#5) has three intervals.
    file: 'real/legacy-buildctl-v0.3.0-2026-rerun-ubuntu.log',
    builds: 1,
    build: [
      {
        steps: 5,
        order: [1, 2, 3, 5, 4],
        timing: 'exact',
        statusCounts: { done: 5 },
        error: null,
        named: [
          { ref: 1, durationNear: 199.232773 },
          { ref: 3, durationNear: 4196.193927 },
          { ref: 5, durationNear: 0.11758 + 8.72989 + 6640.097406 },
          { ref: 4, name: '[2/2] RUN echo 1', durationNear: 394.211271, outputLines: [70] },
        ],
      },
    ],
  },
  {
    // buildctl v0.4.0: #1..#5; FROM (#4) has three intervals.
    file: 'real/legacy-buildctl-v0.4.0-2026-rerun-ubuntu.log',
    builds: 1,
    build: [
      {
        steps: 5,
        order: [1, 2, 3, 4, 5],
        timing: 'exact',
        statusCounts: { done: 5 },
        error: null,
        named: [
          { ref: 1, name: '[internal] load .dockerignore', durationNear: 588.432009 },
          { ref: 2, durationNear: 594.391654 },
          { ref: 4, durationNear: 0.30127 + 9.053724 + 11025.443714 },
          { ref: 5, name: '[2/2] RUN echo 1', durationNear: 172.673388, outputLines: [73] },
        ],
      },
    ],
  },
  // ---------------- real/, tty- and rawjson-
  {
    // `[+] Building 165.5s (13/14)`: 13 rows; ERROR [builder 7/7] 140.1s; recap lines keep `#13`.
    file: 'real/tty-2021-yarn-astro-oom-exit-134-hash-prefixed-recap.log',
    builds: 1,
    build: [
      {
        steps: 13,
        statusCounts: { done: 10, cached: 2, error: 1 },
        error: {
          stepName: '[builder 7/7] RUN yarn build',
          exitCode: 134,
          message: 'executor failed running [/bin/sh -c yarn build]: exit code: 134',
        },
        named: [
          { name: '[builder 4/7] RUN yarn install', status: 'done', durationMs: 24900 },
          { name: '[builder 7/7] RUN yarn build', status: 'error', durationMs: 140100 },
          {
            name: '[builder 1/7] FROM docker.io/library/node:17@sha256:36aca218a5eb57cb23bc790a030591382c7664c15a384e2ddc2075761ac7e701',
            status: 'cached',
          },
          {
            name: '[internal] load metadata for docker.io/library/nginx:latest',
            status: 'done',
            durationMs: 200,
          },
        ],
      },
    ],
  },
  {
    // buildx#2247: two pretty-printed objects of one vertex, then `...`.
    file: 'real/rawjson-buildx-2247-early-pretty-printed.jsonl',
    builds: 1,
    build: [
      {
        steps: 1,
        timing: 'exact',
        error: null,
        named: [
          {
            name: '[internal] load build definition from Dockerfile',
            refPrefix: 'sha256:9d93b929c9e23e511e6571db7471435497319b725869382e88527de20161a6ba',
            status: 'done',
            durationNear: 0.052937,
          },
        ],
      },
    ],
  },
  // ---------------- real/, mangled- (what survives the damage)
  {
    // UTF-16LE, hard-wrapped at 80: 9 steps, #6 never finishes, #8 apt ERROR exit 100, #9 CANCELED.
    file: 'real/mangled-powershell-utf16le-nativecommanderror-80col-wrap.log',
    builds: 1,
    encoding: 'utf-16le',
    build: [
      {
        steps: 9,
        statusCounts: { done: 6, unfinished: 1, error: 1, canceled: 1 },
        canceled: [9],
        error: { step: 8 },
        warnings: ["FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line 4)"],
        excerpt: { file: 'Dockerfile.linux', line: 30, marked: span(30, 64) },
        named: [
          {
            ref: 1,
            warnings: ["FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line 4)"],
          },
          {
            ref: 5,
            name: '[stage-1 1/6] FROM docker.io/library/ubuntu:22.04@sha256:3ba65aa20f86a0fad9df2b2c259c613df006b2e6d0bfcc8a146afb8c525a9751',
            status: 'done',
            durationMs: 70500,
          },
          {
            ref: 6,
            name: '[builder 1/7] FROM mcr.microsoft.com/dotnet/sdk:8.0@sha256:bfb6ed602caa605141700aea7dc7d42574b74b704368e67d683c71a002123808',
            status: 'unfinished',
          },
          { ref: 7, status: 'done', durationMs: 125700 },
          {
            ref: 8,
            // The whole name (lines 263-269 joined): see the gaps block.
            nameStartsWith: '[stage-1 2/6] RUN apt-get update && apt-get install -y     libicu70',
            status: 'error',
            exitCode: 100,
          },
          { ref: 9, name: '[builder 2/7] WORKDIR /src', status: 'canceled' },
        ],
      },
    ],
  },
  {
    // UTF-16LE; only the PowerShell text is wrapped (23 cols), the #N lines are whole.
    file: 'real/mangled-powershell-utf16le-23col-wrap-npm-econnreset.log',
    builds: 1,
    encoding: 'utf-16le',
    build: [
      {
        steps: 10,
        statusCounts: { done: 8, cached: 1, error: 1 },
        error: { step: 10 },
        named: [
          {
            ref: 10,
            name: '[builder 4/6] RUN npm install',
            status: 'error',
            exitCode: 1,
            outputLines: span(71, 85),
          },
          { ref: 3, durationMs: 2600 },
          { ref: 6, name: '[internal] load build context', durationMs: 100 },
          { ref: 8, status: 'cached' },
        ],
      },
    ],
  },
  {
    // UTF-16LE, GBK mojibake, truncated: #1..#15, #15 still running at the end.
    file: 'real/mangled-powershell-utf16le-gbk-mojibake-pip-bars-truncated.log',
    builds: 1,
    encoding: 'utf-16le',
    build: [
      {
        steps: 15,
        statusCounts: { done: 12, cached: 2, unfinished: 1 },
        error: null,
        named: [
          { ref: 12, status: 'done', durationMs: 90500 },
          { ref: 13, status: 'done', durationMs: 21300 },
          { ref: 15, status: 'unfinished' },
          { ref: 5, name: '[build 2/8] WORKDIR /app', status: 'cached' },
          { ref: 6, name: '[stage-1 2/5] WORKDIR /home/gerapy', status: 'cached' },
        ],
      },
    ],
  },
  {
    // Quoted-printable e-mail of a FINISHED frame (12/12): 5 plain rows, 5 CACHED, 2 exports.
    file: 'real/mangled-qemu-devel-email-quoted-printable-tty-190col-padded.log',
    builds: 1,
    build: [
      {
        steps: 12,
        statusCounts: { done: 7, cached: 5 },
        error: null,
        named: [
          {
            name: '[internal] load metadata for docker.io/library/debian:11-slim',
            status: 'done',
            durationMs: 1800,
          },
          {
            name: 'importing cache manifest from registry.gitlab.com/farosas/qemu/qemu/debian-amd64:latest',
            status: 'done',
            durationMs: 700,
          },
          { name: '[5/6] RUN cd /usr/src/netmap && git checkout v11.3', status: 'cached' },
          { nameStartsWith: '[2/6] RUN export DEBIAN_FRONTEND=noninteractive', status: 'cached' },
          { name: 'exporting to image', status: 'done', durationMs: 100 },
        ],
      },
    ],
  },
  {
    // TTY indented 3 spaces, CRLF: 6 rows, two ERROR metadata loads (frontend, backend).
    file: 'real/mangled-tty-compose-error-indented-crlf-doubled-lines.log',
    builds: 1,
    build: [
      {
        steps: 6,
        statusCounts: { done: 4, error: 2 },
        error: {
          stepName: '[frontend internal] load metadata for docker.io/library/node:20',
          message:
            'failed to solve: node:20: failed to resolve source metadata for docker.io/library/node:20',
        },
        named: [
          {
            name: '[frontend internal] load metadata for docker.io/library/node:20',
            status: 'error',
            durationMs: 21100,
            target: 'frontend',
          },
          {
            name: '[backend internal] load metadata for docker.io/library/python:3.12-slim',
            status: 'error',
            durationMs: 21100,
            target: 'backend',
          },
          {
            name: '[backend internal] load metadata for ghcr.io/astral-sh/uv:latest',
            status: 'done',
            durationMs: 4300,
          },
          { name: '[internal] load local bake definitions', status: 'done', durationMs: 0 },
        ],
      },
    ],
  },
  {
    // Web-UI copy: #2 before #1, both #3 and #4 fail with `pull access denied`.
    file: 'real/mangled-gha-webui-copy-emoji-lost.log',
    builds: 1,
    build: [
      {
        steps: 4,
        order: [2, 1, 3, 4],
        statusCounts: { done: 2, error: 2 },
        error: {
          exitCode: null,
          message:
            'failed to solve: rpc error: code = Unknown desc = failed to load cache key: pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed',
        },
        named: [
          {
            ref: 3,
            name: '[internal] load metadata for docker.io/library/container-1:latest',
            status: 'error',
            error: 'pull access denied',
          },
          { ref: 4, name: '[1/1] FROM docker.io/library/container-1:latest', status: 'error' },
        ],
      },
    ],
  },
];

// ---- checking one table entry

function fmt(s: StepExpect): string {
  return s.ref !== undefined
    ? `#${s.ref}`
    : JSON.stringify(s.name ?? s.nameStartsWith ?? s.refPrefix).slice(0, 70);
}

function findStep(b: Build, s: StepExpect): Step | undefined {
  const hits = b.steps.filter((x) => {
    if (s.ref !== undefined && x.ref !== s.ref) return false;
    if (s.refPrefix !== undefined && !String(x.ref).startsWith(s.refPrefix)) return false;
    if (s.ref === undefined && s.refPrefix === undefined) {
      if (s.name !== undefined && x.name !== s.name) return false;
      if (s.nameStartsWith !== undefined && !x.name.startsWith(s.nameStartsWith)) return false;
    }
    return true;
  });
  expect.soft(hits.length, `exactly one step ${fmt(s)}`).toBe(1);
  return hits[0];
}

function pickBuild(m: LogModel, e: BuildExpect, k: number): Build | undefined {
  if (!e.holds) return m.builds[k];
  return m.builds.find((b) => b.steps.some((s) => s.name === e.holds));
}

function checkBuild(b: Build, e: BuildExpect, where: string): void {
  const never = new Set(e.neverStarted ?? []);
  const started = b.steps.filter((s) => !never.has(s.name));
  if (e.steps !== undefined) expect.soft(started.length, `${where}: number of steps`).toBe(e.steps);
  for (const s of b.steps)
    if (never.has(s.name)) {
      expect.soft(s.status, `${where}: never-started ${s.name}`).toBe('unfinished');
      expect.soft(s.durationMs ?? 0, `${where}: never-started ${s.name} duration`).toBe(0);
    }
  if (e.order)
    expect
      .soft(
        started.map((s) => s.ref),
        `${where}: step order`,
      )
      .toEqual(e.order);
  if (e.timing) expect.soft(b.timing, `${where}: timing`).toBe(e.timing);
  if (e.statusCounts) {
    const counts: Partial<Record<StepStatus, number>> = {};
    for (const s of started) counts[s.status] = (counts[s.status] ?? 0) + 1;
    expect.soft(counts, `${where}: statuses`).toEqual(e.statusCounts);
  }
  if (e.canceled) {
    const got = started
      .filter((s) => s.status === 'canceled')
      .map((s) => (typeof e.canceled![0] === 'string' ? s.name : s.ref));
    expect.soft(got, `${where}: canceled steps`).toEqual(e.canceled);
  }
  if (e.error === null) expect.soft(b.error, `${where}: no build error`).toBeNull();
  else if (e.error) {
    expect.soft(b.error, `${where}: build error`).not.toBeNull();
    if (b.error) {
      if (e.error.step !== undefined)
        expect.soft(b.error.step, `${where}: failing step`).toBe(e.error.step);
      if (e.error.stepName !== undefined) {
        const s = b.steps.find((x) => x.name === e.error!.stepName);
        expect.soft(s && b.error.step, `${where}: failing step by name`).toBe(s?.ref);
        expect.soft(s?.status, `${where}: failing step status`).toBe('error');
      }
      if (e.error.exitCode !== undefined)
        expect.soft(b.error.exitCode, `${where}: exit code`).toBe(e.error.exitCode);
      if (e.error.message !== undefined)
        expect.soft(b.error.message, `${where}: error message`).toContain(e.error.message);
    }
  }
  if (e.warnings) expect.soft(b.warnings, `${where}: warnings`).toEqual(e.warnings);
  if (e.excerpt === null) expect.soft(b.excerpt, `${where}: no excerpt`).toBeNull();
  else if (e.excerpt) {
    expect
      .soft(b.excerpt && { file: b.excerpt.file, line: b.excerpt.line }, `${where}: excerpt`)
      .toEqual({ file: e.excerpt.file, line: e.excerpt.line });
    expect
      .soft(
        b.excerpt?.rows.filter((r) => r.marked).map((r) => r.number),
        `${where}: marked rows`,
      )
      .toEqual(e.excerpt.marked);
  }
  for (const se of e.named ?? []) {
    const s = findStep(b, se);
    if (!s) continue;
    const w = `${where} ${fmt(se)}`;
    if (se.name !== undefined) expect.soft(s.name, `${w}: name`).toBe(se.name);
    if (se.nameStartsWith !== undefined)
      expect.soft(s.name.startsWith(se.nameStartsWith), `${w}: name ${s.name}`).toBe(true);
    if (se.status !== undefined) expect.soft(s.status, `${w}: status`).toBe(se.status);
    if (se.durationMs !== undefined)
      expect.soft(s.durationMs, `${w}: durationMs`).toBe(se.durationMs);
    if (se.durationNear !== undefined)
      expect
        .soft(
          Math.abs((s.durationMs ?? NaN) - se.durationNear),
          `${w}: durationMs ${s.durationMs} ≈ ${se.durationNear}`,
        )
        .toBeLessThan(1);
    if (se.exitCode !== undefined) expect.soft(s.exitCode, `${w}: exitCode`).toBe(se.exitCode);
    if (se.error !== undefined) expect.soft(s.error ?? '', `${w}: error`).toContain(se.error);
    if (se.target !== undefined) expect.soft(s.target, `${w}: target`).toBe(se.target);
    if (se.digest !== undefined) expect.soft(s.digest, `${w}: digest`).toBe(se.digest);
    if (typeof se.outputLines === 'number')
      expect.soft(s.outputLines.length, `${w}: number of output lines`).toBe(se.outputLines);
    else if (se.outputLines)
      expect.soft(s.outputLines, `${w}: output lines`).toEqual(se.outputLines.map((n) => n - 1));
    for (const msg of se.warnings ?? [])
      expect
        .soft(
          s.warnings.some((x) => x.message.includes(msg)),
          `${w}: warning ${msg}`,
        )
        .toBe(true);
  }
}

describeCorpus('corpus: expectations read from the logs', () => {
  it('covers at least 35 files of every family', () => {
    const files = TABLE.map((t) => t.file);
    expect(new Set(files).size).toBe(files.length);
    expect(files.length).toBeGreaterThanOrEqual(35);
    for (const fam of ['plain-', 'ci-', 'legacy-', 'tty-', 'rawjson-', 'mangled-'])
      expect(
        files.some((f) => f.startsWith(`real/${fam}`)),
        fam,
      ).toBe(true);
    for (const re of [
      /d20-.*\.plain/,
      /d26-.*\.plain/,
      /d20-.*\.tty/,
      /d26-.*\.tty/,
      /d26-.*\.rawjson/,
    ])
      expect(
        files.some((f) => re.test(f)),
        String(re),
      ).toBe(true);
    expect(files.some((f) => f.startsWith('engine-pip/'))).toBe(true);
  });

  it.each(TABLE)('$file', (t) => {
    const m = model(t.file);
    expect.soft(m.builds.length, 'number of builds').toBe(t.builds);
    if (t.encoding) expect.soft(m.encoding, 'encoding').toBe(t.encoding);
    t.build.forEach((e, k) => {
      const b = pickBuild(m, e, k);
      expect
        .soft(b, `build ${k}${e.holds ? ` holding ${e.holds.slice(0, 40)}` : ''}`)
        .toBeDefined();
      if (b) checkBuild(b, e, `build ${b.index}`);
    });
  });

  it('pip-cache-cold: the .gha.log build has the same steps as the .plain.log one', () => {
    const key = (b: Build) =>
      b.steps.map((s) => [s.ref, s.name, s.status, s.durationMs, s.outputLines.length]);
    const plain = model('engine-pip/pip-cache-cold.plain.log').builds;
    const gha = model('engine-pip/pip-cache-cold.gha.log').builds;
    expect(gha.length).toBe(1);
    expect(key(gha[0])).toEqual(key(plain[0]));
    expect(gha[0].timing).toBe('timestamped');
    expect(plain[0].timing).toBe('estimated');
  });

  it('easypanel 4 services: the glued line 241 `#49 1.544    #49 ...` stays on #49', () => {
    const m = model('real/plain-easypanel-compose-bake-4-services-uv-pnpm-nextjs.log');
    const i = 240;
    const b = m.builds[m.attribution.build[i]];
    expect(b?.steps[m.attribution.step[i]]?.ref).toBe(49);
  });

  it('mangled quoted-printable e-mail: decoded (a diagnostic says so)', () => {
    const m = model('real/mangled-qemu-devel-email-quoted-printable-tty-190col-padded.log');
    expect(m.diagnostics.some((d) => /quoted-printable/i.test(d.message))).toBe(true);
  });

  it('mangled 80-column PowerShell capture: the wrap is detected and repaired', () => {
    const m = model('real/mangled-powershell-utf16le-nativecommanderror-80col-wrap.log');
    expect(m.diagnostics.some((d) => /wrap/i.test(d.message))).toBe(true);
  });
});

// ---------------------------------------------------------------- 3. seed case

describeCorpus('corpus: pip cache lines stay on their step (seed case)', () => {
  const PIP_LINE = /^#(\d+) -?\d+\.\d+ .*(Using cached|Processing \/root\/\.cache\/|Downloading )/;
  // grep -nE '^#[0-9]+ [0-9.]+ .*(Using cached|Processing /root/\.cache/|Downloading )' | cut -d' ' -f1 | uniq -c
  const GREP: Record<string, Record<number, number>> = {
    'engine-pip/pip-cache-cold.plain.log': { 9: 6, 10: 1 },
    'engine-pip/pip-cache-warm.plain.log': { 9: 7, 10: 1 },
  };
  it.each(Object.keys(GREP))('%s', (rel) => {
    const m = model(rel);
    const { role, build, step } = m.attribution;
    const per: Record<number, number> = {};
    textLines(rel).forEach((l, i) => {
      const g = PIP_LINE.exec(l);
      if (!g) return;
      const ref = Number(g[1]);
      per[ref] = (per[ref] ?? 0) + 1;
      const s = m.builds[build[i]]?.steps[step[i]];
      expect(role[i], `line ${i + 1} role`).toBe(ROLE.output);
      expect(s?.ref, `line ${i + 1} step`).toBe(ref);
      expect(s?.outputLines, `line ${i + 1} in outputLines`).toContain(i);
    });
    expect(per).toEqual(GREP[rel]);
    // The step's own count of such lines matches the grep.
    for (const [ref, n] of Object.entries(GREP[rel])) {
      const s = m.builds[0].steps.find((x) => x.ref === Number(ref))!;
      const lines = textLines(rel);
      expect(s.outputLines.filter((i) => PIP_LINE.test(lines[i])).length).toBe(n);
    }
  });
});

// ---------------------------------------------------------------- 4. toJson

describeCorpus('corpus: toJson', () => {
  const FILES = [
    'engine/d26-01-multistage-parallel.plain.log',
    'engine/d20-14-fail-parallel-cancel.plain.log',
    'engine/d26-01-multistage-parallel.rawjson.log',
    'engine/d26-32-fail-run.tty.log',
    'engine-pip/pip-cache-cold.gha.log',
    'real/plain-lean-lake-padded-steps-crlf.log',
    'real/ci-jenkins-windows-compose-v1-buildkit-digest-lines.log',
    'real/mangled-powershell-utf16le-nativecommanderror-80col-wrap.log',
    'real/ci-github-flyio-depot-retry-bun-nextjs-cache-mounts.log',
  ];
  it.each(FILES)('%s: line totals, one entry per step', (rel) => {
    const m = model(rel);
    const j = toJson(m);
    expect(j.lines.total).toBe(lineCount(decoded(rel)));
    expect(j.lines.attributed + j.lines.outside).toBe(j.lines.total);
    expect(j.builds.length).toBe(m.builds.length);
    for (const b of j.builds) {
      const refs = b.steps.map((s) => s.ref);
      expect(new Set(refs).size).toBe(refs.length);
    }
  });

  it('plain: steps in order of first appearance, one entry per reopened step', () => {
    for (const rel of [
      'engine/d26-01-multistage-parallel.plain.log',
      'engine/d20-14-fail-parallel-cancel.plain.log',
      'real/plain-lean-lake-padded-steps-crlf.log',
      'real/ci-jenkins-windows-compose-v1-buildkit-digest-lines.log',
      'real/plain-compose-node-python-npm-ci-error-canceled.log',
    ]) {
      const firstSeen: number[] = [];
      for (const l of textLines(rel)) {
        const h = /^#(\d+) /.exec(l);
        if (h && h[1] !== '0' && !firstSeen.includes(Number(h[1]))) firstSeen.push(Number(h[1]));
      }
      const j = toJson(model(rel));
      expect(j.builds.length, rel).toBe(1);
      expect(
        j.builds[0].steps.map((s) => s.ref),
        rel,
      ).toEqual(firstSeen);
    }
    const d26 = toJson(model('engine/d26-01-multistage-parallel.plain.log'));
    // #8 is printed at line 27 and again at line 42: one entry.
    expect(d26.builds[0].steps.filter((s) => s.ref === 8)).toHaveLength(1);
    expect(d26.builds[0].steps.find((s) => s.ref === 8)?.durationMs).toBe(3500);
  });
});

// ---------------------------------------------------------------- known gaps

describeCorpus('corpus: damaged pastes, concurrent builds, Maven progress', () => {
  it('d20-12: the bare final error line is the build error', () => {
    // Line 38 (Docker 20.10 prints the error without `ERROR:`/`failed to solve`):
    //   failed to compute cache key: "/config/settings.yaml" not found: not found
    // The parser leaves line 38 outside and reports #8's own text (line 30) instead.
    const m = model('engine/d20-12-fail-copy-missing.plain.log');
    expect(m.builds[0].error?.message).toBe(
      'failed to compute cache key: "/config/settings.yaml" not found: not found',
    );
    expect(m.attribution.role[37]).toBe(ROLE.trailer);
  });

  it('gitea: the frontend build of the two interleaved builds has its 20 steps', () => {
    // Both builds print #1, #2, #3 and #6: `#1 DONE 0.3s` (l.122) and `#1 DONE 0.6s`
    // (l.126), `#2 DONE 1.7s`/`2.0s` (l.129-130), `#3 DONE 1.3s`/`1.7s` (l.138, 145),
    // `#6 CACHED` (l.168, 174). The frontend build ends at #20 [build 11/14] and
    // numbers without gaps (BuildKit ≥ 0.10), so it has #1..#20; the parser gives it
    // 16 steps (no #1, #2, #3, #6), the backend build gets 27.
    const m = model('real/ci-gitea-act-runner-two-parallel-builds-interleaved-masked-digits.log');
    const front = m.builds.find((b) => b.steps.some((s) => s.name === FRONTEND_FAIL));
    expect(front?.steps.map((s) => s.ref).sort((a, b) => Number(a) - Number(b))).toEqual(
      span(1, 20),
    );
  });

  it('mangled 80-col: the wrapped header of #8 is re-joined into its name', () => {
    // Lines 263-269 are one header cut by PowerShell at 80 columns (the command is
    // repeated whole in the final error, lines 654-661). The parser keeps line 263 only:
    // `[stage-1 2/6] RUN apt-get update && apt-get install -y     libicu70     `.
    const m = model('real/mangled-powershell-utf16le-nativecommanderror-80col-wrap.log');
    const s8 = m.builds[0].steps.find((s) => s.ref === 8);
    expect(s8?.name).toBe(`[stage-1 2/6] RUN ${PS80_APT}`);
  });

  it('mangled 80-col: the wrapped final error keeps its exit code 100', () => {
    // Lines 654-661 are one `ERROR: failed to build: failed to solve: process "…" did
    // not complete successfully: exit code: 100` line; the parser's message stops
    // early and its exitCode is null.
    const m = model('real/mangled-powershell-utf16le-nativecommanderror-80col-wrap.log');
    expect(m.builds[0].error?.exitCode).toBe(100);
    expect(m.builds[0].error?.message).toBe(
      `failed to build: failed to solve: process "/bin/sh -c ${PS80_APT}" did not complete successfully: exit code: 100`,
    );
  });

  it('mangled 23-col: the build error keeps exit code 1', () => {
    // #10 ends `#10 ERROR: process "/bin/sh -c npm install" did not complete successfully:
    // exit code: 1` (line 86) and the final error, wrapped at 23 columns over lines
    // 119-123, says the same. The parser's error is `failed to solve: ` with exitCode null.
    const m = model('real/mangled-powershell-utf16le-23col-wrap-npm-econnreset.log');
    expect(m.builds[0].error?.exitCode).toBe(1);
    expect(m.builds[0].error?.message).toBe(
      'failed to solve: process "/bin/sh -c npm install" did not complete successfully: exit code: 1',
    );
  });

  it.each([...AGREEMENT_GAPS])('%s: re-joined wrapped lines are in outputLines', (rel) => {
    // A wrapped output line spans two input lines (e.g. 80-col file lines 270-271:
    // `#8 1.492 Get:1 http://security.ubuntu.com/ubuntu jammy-security InRelease [129 `
    // + `kB]`). The second input line is attributed as step-output of the step but is
    // missing from that step's outputLines.
    expect(attributionProblems(model(rel))).toEqual([]);
  });

  it('7 java services: maven lines without `#N t` prefix stay on their step', () => {
    // Lines 207-208 show the pattern: `#45 7.022 Progress (1): 1.1 kB` is continued by
    // `Progress (1): …` lines, a line of 19 spaces (Maven's CR eraser) and
    // `Downloaded from central: …`, none with a prefix. The parser makes each
    // whitespace-only line a status line of the step (3,257 of them) and leaves the
    // line after it outside every build (3,208 `Downloaded from central:` + 49 others).
    const rel = 'real/plain-compose-bake-7-java-services-maven-unprefixed-progress-3.7mb.log';
    const m = model(rel);
    const lines = textLines(rel);
    const { role, build, step } = m.attribution;
    // A line not starting with `#` that follows (directly or through such lines) a
    // `#N <elapsed> …` log line continues that step's partial line.
    let cur: number | null = null;
    const perStep = new Map<number, number>();
    const wrong: string[] = [];
    lines.forEach((l, i) => {
      const log = /^#(\d+) -?\d+\.\d*( |$)/.exec(l);
      if (log) {
        cur = Number(log[1]);
        return;
      }
      if (l === '' || l.startsWith('#')) {
        cur = null;
        return;
      }
      if (cur === null) return;
      perStep.set(cur, (perStep.get(cur) ?? 0) + 1);
      const s = m.builds[build[i]]?.steps[step[i]];
      if (role[i] !== ROLE.output || s?.ref !== cur)
        if (wrong.length < 10)
          wrong.push(`line ${i + 1} (${l.slice(0, 30)}): #${s?.ref} role ${role[i]}`);
    });
    // Counted with the same rule over the file: 63,734 such lines in seven RUN mvn steps.
    expect(Object.fromEntries(perStep)).toEqual({
      45: 9685,
      46: 9702,
      47: 8934,
      48: 8236,
      49: 9097,
      50: 9008,
      51: 9072,
    });
    expect(wrong).toEqual([]);
  });
});
