import fc from 'fast-check';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { describeCorpus } from '../test-support/corpus';
import type { Build, Step } from '../model/types';
import {
  CORPUS_DIR,
  invariantProblems,
  readFixture,
  roleAt,
  runFormat,
  seededRandom,
  type FormatRun,
} from './test-helpers';
import { decodeQuotedPrintableLines, ttyFormat } from './tty';

/**
 * TTY parser (FORMAT.md §4) against real logs in fixtures/tty/: pasted final
 * frames, raw redraw streams made by real engines, compose/bake sessions and
 * three damaged copies (indented + CRLF, quoted-printable e-mail, translated units).
 * `tty-raw-ansi-redraw-maven-compile-error.utf8.log` is the corpus' UTF-16LE file
 * decoded to UTF-8 (the reader decodes UTF-16 before a parser runs).
 */

const run = (name: string) => runFormat(ttyFormat, readFixture('tty', name));

/** Lines of the fixture, split as runFormat splits them. */
const linesOf = (name: string) => readFixture('tty', name).split(/\r?\n/);

/** The first line index whose text contains `needle`. */
function lineWith(lines: string[], needle: string, from = 0): number {
  for (let i = from; i < lines.length; i++) if (lines[i].includes(needle)) return i;
  throw new Error(`no line with ${needle}`);
}

function step(b: Build, ref: number): Step {
  const s = b.steps.find((x) => x.ref === ref);
  if (!s) throw new Error(`no step ${ref}`);
  return s;
}

/**
 * Every line between a build's first and last line belongs to that build, every
 * line outside all builds is 'outside', and nothing was attributed twice.
 */
function attributionProblems(r: FormatRun): string[] {
  const p = invariantProblems(r);
  const a = r.attribution;
  const owner = new Int32Array(a.role.length).fill(-1);
  for (const b of r.builds)
    for (let i = b.firstLine; i <= b.lastLine; i++) {
      if (owner[i] >= 0) p.push(`line ${i + 1} inside builds ${owner[i]} and ${b.index}`);
      owner[i] = b.index;
    }
  for (let i = 0; i < a.role.length; i++) {
    if (owner[i] >= 0 && a.build[i] !== owner[i])
      p.push(`line ${i + 1} inside build ${owner[i]} but attributed ${roleAt(r, i)} ${a.build[i]}`);
    if (owner[i] < 0 && roleAt(r, i) !== 'outside')
      p.push(`line ${i + 1} outside every build but ${roleAt(r, i)}`);
  }
  return p;
}

/** `#N <name>` headers and finish lines of a plain log (§1.1), as name -> status. */
function plainSteps(text: string): Map<string, string> {
  const names = new Map<string, string>();
  const status = new Map<string, string>();
  const lines = text.split(/\r?\n/);
  lines.forEach((l, i) => {
    const m = /^#(\d+) (.*)$/.exec(l);
    if (!m || m[1] === '0') return;
    const prev = i === 0 ? '' : lines[i - 1];
    if ((prev === '' || prev.startsWith('#0 ')) && !names.has(m[1])) names.set(m[1], m[2]);
    if (/^DONE /.test(m[2])) status.set(m[1], 'done');
    else if (m[2] === 'CACHED') status.set(m[1], 'cached');
    else if (m[2] === 'CANCELED') status.set(m[1], 'canceled');
    else if (m[2].startsWith('ERROR:')) status.set(m[1], 'error');
  });
  return new Map([...names].map(([n, name]) => [name, status.get(n) ?? 'unfinished']));
}

const stepMap = (b: Build) => new Map(b.steps.map((s) => [s.name, s.status as string]));

describe('sniff', () => {
  test('claims headers, rows, raw redraws and quoted-printable rows', () => {
    expect(
      ttyFormat.sniff(['$ docker build .', '[+] Building 70.9s (34/59)     ']),
    ).toBeGreaterThan(0.9);
    expect(ttyFormat.sniff(['   [+] Building 21.6s (6/6) FINISHED'])).toBeGreaterThan(0.9);
    expect(
      ttyFormat.sniff(['\x1b[?25h\x1b[1A\x1b[0G\x1b[?25l[+] Building 0.0s (0/1)   docker:default']),
    ).toBeGreaterThan(0.9);
    expect(
      ttyFormat.sniff(linesOf('mangled-korean-translation-seconds-as-cho-tty.log')),
    ).toBeGreaterThanOrEqual(0.8);
    expect(
      ttyFormat.sniff(linesOf('mangled-qemu-devel-email-quoted-printable-tty-190col-padded.log')),
    ).toBeGreaterThan(0.9);
  });

  test('does not claim plain logs or compose-only summaries', () => {
    expect(ttyFormat.sniff(linesOf('d26-24-multistage-nocache.plain.log'))).toBe(0);
    expect(ttyFormat.sniff(['[+] Building 2/2', ' ✔ backend   Built'])).toBe(0);
    expect(ttyFormat.sniff([])).toBe(0);
  });
});

describe('raw redraw streams (engine/, BuildKit 0.13 and 0.8)', () => {
  test('d26-32-fail-run: last frame, failing step, exit code 127 and excerpt', () => {
    const name = 'd26-32-fail-run.tty.log';
    const r = run(name);
    const lines = linesOf(name);
    expect(attributionProblems(r)).toEqual([]);
    expect(r.builds).toHaveLength(1);
    const b = r.builds[0];
    // Last header: `[+] Building 0.4s (7/8)   docker:default` (no FINISHED: [5/5] never ran).
    expect(b.wallMs).toBe(400);
    expect(b.builder).toBe('default');
    expect(b.timing).toBe('estimated');
    expect(b.format).toBe('tty');
    // Same build as d26-10-fail-run.plain.log (another run): names and statuses match.
    expect(stepMap(b)).toEqual(plainSteps(readFixture('tty', 'd26-10-fail-run.plain.log')));
    expect(b.steps).toHaveLength(7);
    const make = step(b, 7);
    expect(make.name).toBe('[4/5] RUN echo "running make" && make -C build all');
    expect(make.status).toBe('error');
    expect(make.durationMs).toBe(200);
    expect(make.exitCode).toBe(127);
    expect(step(b, 5)).toMatchObject({ name: '[2/5] WORKDIR /src', status: 'cached' });
    expect(step(b, 6)).toMatchObject({ status: 'done', durationMs: 200 });
    expect(step(b, 1).statuses).toEqual([
      {
        line: lineWith(lines, 'transferring dockerfile', 24),
        id: 'transferring dockerfile:',
        currentBytes: 217,
        totalBytes: null,
        seconds: 0,
        done: true,
      },
    ]);
    expect(b.error).toMatchObject({ step: 7, exitCode: 127 });
    expect(b.error!.message).toBe(
      'failed to solve: process "/bin/sh -c echo \\"running make\\" && make -C build all" did not complete successfully: exit code: 127',
    );
    expect(b.errorLines).toEqual([lineWith(lines, 'ERROR: failed to solve')]);
    expect(b.excerpt).toMatchObject({ file: 'Dockerfile', line: 4 });
    expect(b.excerpt!.rows.map((x) => [x.number, x.marked])).toEqual([
      [2, false],
      [3, false],
      [4, true],
      [5, false],
      [6, false],
    ]);
    expect(b.excerpt!.rows[2].text).toBe('RUN echo "running make" && make -C build all');
    // The error block's log lines stay in the trailer (§4).
    expect(roleAt(r, lineWith(lines, 'make: not found'))).toBe('build-trailer');
    // Earlier frames are superseded: their rows are build header, not steps.
    const oldLog = lineWith(lines, '=> => # running make');
    expect(roleAt(r, oldLog)).toBe('build-header');
    expect(b.steps.every((s) => s.outputLines.length === 0)).toBe(true);
    const finalRow = lineWith(lines, '=> ERROR [4/5]');
    expect(roleAt(r, finalRow)).toBe('step-status');
    expect(r.attribution.step[finalRow]).toBe(make.index);
    // The opening cursor moves and the frame's cleared line belong to the build.
    expect(roleAt(r, 0)).toBe('build-header');
    expect(b.firstLine).toBe(0);
  });

  test('d20-32-fail-run (Docker 20.10): `#6 …` recap and the bare executor error', () => {
    const r = run('d20-32-fail-run.tty.log');
    expect(attributionProblems(r)).toEqual([]);
    const b = r.builds[0];
    expect(r.builds).toHaveLength(1);
    expect(b.builder).toBeNull();
    expect(b.wallMs).toBe(300);
    expect(b.steps.map((s) => s.status)).toEqual([
      'done',
      'done',
      'done',
      'done',
      'cached',
      'done',
      'error',
    ]);
    expect(b.error).toMatchObject({ step: 7, exitCode: 127 });
    expect(b.error!.message).toBe(
      'executor failed running [/bin/sh -c echo "running make" && make -C build all]: exit code: 127',
    );
    expect(b.excerpt).toBeNull();
  });

  test('d26-31-multistage-nocache: only the FINISHED frame counts; matches the plain run', () => {
    const name = 'd26-31-multistage-nocache.tty.log';
    const r = run(name);
    const lines = linesOf(name);
    expect(attributionProblems(r)).toEqual([]);
    expect(r.builds).toHaveLength(1);
    const b = r.builds[0];
    expect(b.wallMs).toBe(4000);
    expect(b.builder).toBe('default');
    expect(b.steps).toHaveLength(13);
    // d26-24-multistage-nocache.plain.log is a separate run of the same build.
    expect(stepMap(b)).toEqual(
      plainSteps(readFixture('tty', 'd26-24-multistage-nocache.plain.log')),
    );
    const a = b.steps.find((s) => s.name.startsWith('[build-a 1/1]'))!;
    const bb = b.steps.find((s) => s.name.startsWith('[build-b 1/1]'))!;
    expect([a.ref, a.durationMs, bb.ref, bb.durationMs]).toEqual([8, 3300, 9, 3500]);
    expect(a.stage).toBe('build-a');
    const exp = step(b, 13);
    expect(exp.name).toBe('exporting to image');
    expect(exp.kind).toBe('export');
    expect(exp.statuses.map((s) => [s.id, s.seconds, s.done])).toEqual([
      ['exporting layers', 0.1, true],
      [
        'writing image sha256:6ba4bc1bc6e25b729192b571802d530999f35e7b1b1e733ebbe741af8d353fd9',
        0,
        true,
      ],
      ['naming to docker.io/demo/multistage', 0, true],
    ]);
    // Log rows of the redraws (`=> => # [a] compiling module 1/5`) are superseded frames.
    expect(roleAt(r, lineWith(lines, '[a] compiling module 1/5'))).toBe('build-header');
    const finalHeader = lineWith(lines, 'FINISHED');
    expect(roleAt(r, finalHeader)).toBe('build-header');
    expect(r.attribution.step[finalHeader + 1]).toBe(0);
    // Cleared lines (bare spaces) between two redraws belong to the build too.
    expect(b.firstLine).toBe(0);
    // The capture ends with the display's `ESC[0m ESC[?25h` and no newline.
    expect(b.lastLine).toBe(lines.length - 1);
    expect(r.diagnostics).toEqual([]);
  });

  test('maven (Windows, UTF-16LE capture): last frame, no final error line', () => {
    const name = 'tty-raw-ansi-redraw-maven-compile-error.utf8.log';
    const r = run(name);
    const lines = linesOf(name);
    expect(attributionProblems(r)).toEqual([]);
    expect(r.builds).toHaveLength(1);
    const b = r.builds[0];
    expect(b.builder).toBe('desktop-linux');
    expect(b.wallMs).toBe(6100);
    expect(b.steps).toHaveLength(14);
    expect(b.steps.filter((s) => s.status === 'cached').map((s) => s.ref)).toEqual([
      8, 9, 10, 11, 12, 13,
    ]);
    // Row cut to the terminal width, no `...` (§4).
    expect(step(b, 3).name).toBe(
      '[internal] load metadata for docker.io/library/maven:3.9.7-eclipse-te',
    );
    expect(step(b, 3).durationMs).toBe(600);
    const mvn = step(b, 14);
    expect(mvn).toMatchObject({
      name: '[build 6/6] RUN mvn clean package -DskipTests -B',
      status: 'error',
      durationMs: 5300,
      stage: 'build',
    });
    // Cyan (Windows' done colour) on every other row: done, although the header is
    // `(14/16)` without FINISHED.
    expect(b.steps.filter((s) => s.status === 'done')).toHaveLength(7);
    expect(b.error).toMatchObject({ step: 14, exitCode: null });
    expect(b.error!.message).toBe(
      '[ERROR] [Help 1] http://cwiki.apache.org/confluence/display/MAVEN/MojoFailureException',
    );
    expect(r.diagnostics.map((d) => d.level)).toEqual(['warning']);
    expect(roleAt(r, lineWith(lines, 'cannot find symbol'))).toBe('build-trailer');
    // The two escape-only lines before the first header are the display's.
    expect([roleAt(r, 0), roleAt(r, 1)]).toEqual(['build-header', 'build-header']);
    // The running row of an early frame is a superseded redraw.
    expect(roleAt(r, lineWith(lines, '=> [build 6/6] RUN mvn'))).toBe('build-header');
  });
});

describe('pasted final frames (real/)', () => {
  test('in-progress frame (Docker 18.09 docs): last row unfinished', () => {
    const r = run('tty-2018-docker-docs-in-progress-moby-parallel-stages.log');
    expect(attributionProblems(r)).toEqual([]);
    const b = r.builds[0];
    expect(r.builds).toHaveLength(1);
    expect(b.wallMs).toBe(70900);
    expect(b.steps).toHaveLength(22);
    expect(b.steps.every((s) => s.durationMs !== null)).toBe(true);
    const last = step(b, 22);
    expect(last).toMatchObject({
      name: '[dev 5/23] RUN ln -s /usr/local/completion/bash/docker /etc/bash_comp',
      status: 'unfinished',
      durationMs: 2100,
    });
    // Rows followed by rows that started later count as done (no colour, no FINISHED).
    expect(b.steps.slice(0, -1).every((s) => s.status === 'done')).toBe(true);
    expect(step(b, 3)).toMatchObject({
      name: '[containerd 4/5] RUN PREFIX=/build/ ./install.sh containerd',
      durationMs: 37100,
      stage: 'containerd',
    });
    expect(step(b, 2).name).toBe(
      '[frozen-images 3/4] RUN /download-frozen-image-v2.sh /build  buildpa',
    );
    expect(roleAt(r, 0)).toBe('outside');
    expect(r.diagnostics.some((d) => /not FINISHED \(34\/59\)/.test(d.message))).toBe(true);
  });

  test('OOM failure (Docker Desktop 2021): `#13 t` recap, exit 134, padded rows', () => {
    const name = 'tty-2021-yarn-astro-oom-exit-134-hash-prefixed-recap.log';
    const r = run(name);
    const lines = linesOf(name);
    expect(attributionProblems(r)).toEqual([]);
    const b = r.builds[0];
    expect(b.wallMs).toBe(165500);
    expect(b.steps).toHaveLength(13);
    expect(step(b, 13)).toMatchObject({
      name: '[builder 7/7] RUN yarn build',
      status: 'error',
      durationMs: 140100,
      exitCode: 134,
    });
    // `0.0s ` with a trailing space after the padding.
    expect(step(b, 11)).toMatchObject({ name: '[builder 5/7] COPY src src', durationMs: 0 });
    expect(step(b, 10).durationMs).toBe(24900);
    expect(b.error).toEqual({
      step: 13,
      message: 'executor failed running [/bin/sh -c yarn build]: exit code: 134',
      exitCode: 134,
      line: lines.length - 2,
    });
    expect(roleAt(r, lineWith(lines, 'JavaScript heap out of memory'))).toBe('build-trailer');
    expect(roleAt(r, 0)).toBe('outside');
  });

  test('compose build of three services: one session, targets, builder', () => {
    const r = run('tty-compose-build-three-services-prefixed.log');
    expect(attributionProblems(r)).toEqual([]);
    expect(r.builds).toHaveLength(1);
    const b = r.builds[0];
    expect(b.builder).toBe('default');
    expect(b.wallMs).toBe(3100);
    expect(b.steps).toHaveLength(33);
    expect(b.steps.filter((s) => s.status === 'cached')).toHaveLength(14);
    expect(b.steps.reduce((n, s) => n + s.statuses.length, 0)).toBe(18);
    expect(new Set(b.steps.map((s) => s.target))).toEqual(new Set(['server', 'api-app', 'client']));
    expect(step(b, 20)).toMatchObject({
      name: '[api-app stage-0 4/5] RUN --mount=type=cache,target=/root/.cache/pip  pip install -r requirements.txt',
      status: 'cached',
      target: 'api-app',
      stage: 'stage-0',
    });
    expect(b.steps.every((s) => s.status === 'cached' || s.status === 'done')).toBe(true);
  });

  test('compose bake on Windows: the `[+] Building 2/2` summary is trailer, not a build', () => {
    const name = 'tty-compose-bake-frontend-backend-pnpm-uv-windows.log';
    const r = run(name);
    const lines = linesOf(name);
    expect(attributionProblems(r)).toEqual([]);
    expect(r.builds).toHaveLength(1);
    const b = r.builds[0];
    expect(b.wallMs).toBe(686800);
    expect(b.builder).toBeNull();
    expect(b.steps).toHaveLength(28);
    expect(b.steps.find((s) => s.name === '[frontend 5/6] RUN pnpm install')?.durationMs).toBe(
      670700,
    );
    expect(step(b, 20)).toMatchObject({
      name: '[backend builder 5/7] RUN --mount=type=cache,target=/root/.cache/uv     uv sync --locked --no-install-proje',
      durationMs: 157100,
      target: 'backend',
    });
    const summary = lineWith(lines, '[+] Building 2/2');
    expect([summary, summary + 1, summary + 2].map((i) => roleAt(r, i))).toEqual([
      'build-trailer',
      'build-trailer',
      'build-trailer',
    ]);
    expect(b.steps.every((s) => s.status === 'done')).toBe(true);
  });
});

describe('damaged copies', () => {
  test('indented by 3 spaces, CRLF, doubled blank lines in the excerpt', () => {
    const name = 'mangled-tty-compose-error-indented-crlf-doubled-lines.log';
    const r = run(name);
    const lines = linesOf(name);
    expect(attributionProblems(r)).toEqual([]);
    expect(r.builds).toHaveLength(1);
    const b = r.builds[0];
    expect(b.wallMs).toBe(21600);
    expect(b.steps).toHaveLength(6);
    expect(b.steps.filter((s) => s.status === 'error').map((s) => s.ref)).toEqual([4, 6]);
    // `target frontend: failed to solve: …` picks the frontend's failed step.
    expect(b.error?.step).toBe(4);
    expect(step(b, 4).error).toMatch(/^target frontend: failed to solve: node:20/);
    expect(step(b, 6).error).toBeNull();
    expect(b.excerpt).toMatchObject({ file: 'Dockerfile', line: 2 });
    expect(b.excerpt!.rows.map((x) => [x.number, x.marked, x.text])).toEqual([
      [1, false, '# 构建阶段'],
      [2, true, 'FROM node:20 AS build'],
      [3, false, ''],
      [4, false, 'WORKDIR /app'],
    ]);
    expect(roleAt(r, 0)).toBe('outside');
    expect(roleAt(r, lineWith(lines, 'Dockerfile:2') + 1)).toBe('build-trailer');
    expect(roleAt(r, lines.length - 1)).toBe('outside');
  });

  test('translated seconds (`0.0초`): read, with one diagnostic; elisions kept', () => {
    const name = 'mangled-korean-translation-seconds-as-cho-tty.log';
    const r = run(name);
    const lines = linesOf(name);
    expect(attributionProblems(r)).toEqual([]);
    expect(r.builds).toHaveLength(1);
    const b = r.builds[0];
    expect(b.wallMs).toBeNull();
    expect(b.steps).toHaveLength(9);
    // The first row was cut by the paster before its time column.
    expect(step(b, 1)).toMatchObject({ status: 'cached', durationMs: null });
    expect(b.steps.slice(1).every((s) => s.durationMs === 0)).toBe(true);
    expect(step(b, 6).name).toBe('[dev-envs 1/3] RUN <<EOF (apk update...)');
    const unit = r.diagnostics.filter((d) => d.message.includes('초'));
    expect(unit).toHaveLength(1);
    expect(unit[0]).toMatchObject({ level: 'warning', line: lineWith(lines, '0.0초') + 1 });
    // The `...` between two rows is inside the frame; the ones before and after are not.
    const dots = lines.map((l, i) => (l === '...' ? i : -1)).filter((i) => i >= 0);
    expect(dots.map((i) => roleAt(r, i))).toEqual(['outside', 'build-header', 'outside']);
  });

  test('quoted-printable e-mail: decoded, each joined row attributed whole', () => {
    const name = 'mangled-qemu-devel-email-quoted-printable-tty-190col-padded.log';
    const lines = linesOf(name);
    const decoded = decodeQuotedPrintableLines(lines)!;
    expect(decoded).not.toBeNull();
    const rows = decoded.filter((l) => l.startsWith(' => '));
    expect(rows).toHaveLength(24);
    // SOURCES.md: every decoded row is exactly 190 columns but the last (in progress).
    expect(rows.slice(0, -1).every((l) => l.length === 190)).toBe(true);
    expect(decoded).toContain('$ DOCKER_BUILDKIT=1 docker build --tag');

    const r = run(name);
    expect(attributionProblems(r)).toEqual([]);
    expect(r.builds).toHaveLength(1);
    const b = r.builds[0];
    expect(b.wallMs).toBe(57800);
    expect(b.steps).toHaveLength(12);
    const netmap = step(b, 10);
    expect(netmap.name).toBe(
      '[6/6] RUN cd /usr/src/netmap/LINUX && ./configure --no-drivers --no-apps --kernel-dir=$(ls -d /usr/src/linux-headers-*-amd64) && make install',
    );
    expect(netmap).toMatchObject({ status: 'cached', durationMs: 54900 });
    expect(netmap.statuses.map((s) => s.seconds)).toEqual([1.2, 44.6, 4.5, 3.6, 0.6, 0.7]);
    const cache = step(b, 12);
    expect(cache.statuses).toHaveLength(1);
    expect(cache.statuses[0]).toMatchObject({
      id: 'preparing build cache for export',
      seconds: null,
    });
    // A row spread over three physical lines: all three are the step's.
    const first = lineWith(lines, '=3D> [internal] load build definition');
    expect([0, 1, 2].map((k) => r.attribution.step[first + k])).toEqual([0, 0, 0]);
    expect([0, 1, 2].map((k) => roleAt(r, first + k))).toEqual([
      'step-status',
      'step-status',
      'step-status',
    ]);
    // The header's `=20` padding runs over seven physical lines: all build header.
    const header = lineWith(lines, '[+] Building 57.8s');
    expect(b.firstLine).toBe(header);
    expect(roleAt(r, header + 6)).toBe('build-header');
    expect(roleAt(r, 1)).toBe('outside');
    expect(roleAt(r, lines.length - 2)).toBe('outside'); // the closing `=3D=3D=3D`
  });

  test('decodeQuotedPrintableLines leaves other text alone', () => {
    expect(
      decodeQuotedPrintableLines(
        linesOf('tty-2021-yarn-astro-oom-exit-134-hash-prefixed-recap.log'),
      ),
    ).toBeNull();
    expect(decodeQuotedPrintableLines(linesOf('d26-24-multistage-nocache.plain.log'))).toBeNull();
    expect(decodeQuotedPrintableLines(['a=3Db=', 'c', 'x=20=', 'y'])).toEqual(['a=bc', 'x y']);
  });
});

describe('rows FORMAT.md §4 describes that the corpus lacks', () => {
  // The composite of §4 (observed pastes), plus a buildx warnings summary as it
  // appears in ci-github-webui-multiplatform-apt-failure-canceled-lint-warnings.log.
  const composite = [
    '[+] Building 14.6s (7/7) FINISHED                                  docker:default',
    ' => [internal] load build definition from Dockerfile                         0.0s',
    ' => => transferring dockerfile: 2B                                           0.0s',
    " => WARN: FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line 2  0.0s",
    ' => CACHED [2/5] WORKDIR /app                                                0.0s',
    ' => ERROR [4/5] RUN pip install -r requirements.txt                          1.6s',
    ' => CANCELED [build-b 1/1] RUN make                                          0.8s',
    '',
    ' 1 warning found (use docker --debug to expand):',
    " - FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line 2)",
    'View build details: docker-desktop://dashboard/build/default/default/abc',
    '$ echo done',
  ].join('\n');

  test('WARN rows, CANCELED rows, the warnings summary and desktop link', () => {
    const r = runFormat(ttyFormat, composite);
    expect(attributionProblems(r)).toEqual([]);
    const b = r.builds[0];
    expect(b.wallMs).toBe(14600);
    expect(b.builder).toBe('default');
    expect(b.steps.map((s) => [s.ref, s.status])).toEqual([
      [1, 'done'],
      [2, 'cached'],
      [3, 'error'],
      [4, 'canceled'],
    ]);
    expect(step(b, 1).warnings).toEqual([
      { line: 3, message: "FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line 2" },
    ]);
    // The cut row gives way to the summary's full text (§1.7).
    expect(b.warnings).toEqual([
      "FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line 2)",
    ]);
    expect([7, 8, 9, 10].map((i) => roleAt(r, i))).toEqual([
      'build-trailer',
      'build-trailer',
      'build-trailer',
      'build-trailer',
    ]);
    expect(roleAt(r, 11)).toBe('outside');
    expect(b.error).toBeNull();
  });

  test('a log row of a running step is its output', () => {
    const r = runFormat(
      ttyFormat,
      [
        '[+] Building 0.3s (6/8)',
        ' => [3/5] RUN echo "preparing sources" && mkdir -p build  0.2s',
        ' => [4/5] RUN echo "running make" && make -C build all    0.1s',
        ' => => # running make',
      ].join('\n'),
    );
    const b = r.builds[0];
    expect(b.steps.map((s) => s.status)).toEqual(['done', 'unfinished']);
    expect(step(b, 2).outputLines).toEqual([3]);
    expect(step(b, 2).outputElapsedMs).toEqual([null]);
    expect(roleAt(r, 3)).toBe('step-output');
  });
});

describe('several builds in one log', () => {
  test('two raw streams back to back', () => {
    const text = [
      readFixture('tty', 'd26-32-fail-run.tty.log'),
      readFixture('tty', 'd26-31-multistage-nocache.tty.log'),
    ].join('');
    const r = runFormat(ttyFormat, text);
    expect(attributionProblems(r)).toEqual([]);
    expect(r.builds.map((b) => [b.steps.length, b.wallMs, b.error?.exitCode ?? null])).toEqual([
      [7, 400, 127],
      [13, 4000, null],
    ]);
  });

  test('a FINISHED raw stream directly followed by the next build (no trailer between)', () => {
    const text = [
      readFixture('tty', 'd26-31-multistage-nocache.tty.log'),
      readFixture('tty', 'd26-32-fail-run.tty.log'),
    ].join('\n');
    const r = runFormat(ttyFormat, text);
    expect(attributionProblems(r)).toEqual([]);
    expect(r.builds.map((b) => [b.steps.length, b.wallMs, b.error?.exitCode ?? null])).toEqual([
      [13, 4000, null],
      [7, 400, 127],
    ]);
  });

  test('a stray row before a header does not hide the frame', () => {
    const r = runFormat(
      ttyFormat,
      [
        ' => note',
        '[+] Building 1.2s (2/2) FINISHED',
        ' => [1/2] FROM docker.io/library/alpine  0.1s',
        ' => [2/2] RUN true                        0.9s',
      ].join('\n'),
    );
    expect(attributionProblems(r)).toEqual([]);
    expect(r.builds).toHaveLength(1);
    expect(r.builds[0].steps.map((s) => [s.ref, s.durationMs, s.status])).toEqual([
      [1, 100, 'done'],
      [2, 900, 'done'],
    ]);
    expect(roleAt(r, 0)).toBe('build-header');
  });

  test('two pasted frames with text between', () => {
    const text = [
      readFixture('tty', 'tty-compose-build-three-services-prefixed.log'),
      readFixture('tty', 'tty-2021-yarn-astro-oom-exit-134-hash-prefixed-recap.log'),
    ].join('\n');
    const r = runFormat(ttyFormat, text);
    expect(attributionProblems(r)).toEqual([]);
    expect(r.builds.map((b) => [b.steps.length, b.wallMs])).toEqual([
      [33, 3100],
      [13, 165500],
    ]);
    expect(r.builds[1].error?.step).toBe(13);
  });
});

describe('hostile input', () => {
  test('never throws, never double-attributes', () => {
    const samples = [
      '',
      '[+] Building',
      '[+] Building 1.0s (0/0)',
      ' => ',
      ' => => # ',
      ' => WARN: x',
      '------\n > x:\n------',
      '=\n=3D\n=20=',
      ' => a 1.0s\n => b\n=> => c 1 / 2MB\n------\nERROR: boom',
    ];
    for (const s of samples) {
      const r = runFormat(ttyFormat, s);
      expect(attributionProblems(r)).toEqual([]);
    }
    // Random mixes of the grammar's pieces and noise.
    const piece = fc.oneof(
      fc.constantFrom(
        '[+] Building 1.5s (2/3)',
        '[+] Building 9.9s (3/3) FINISHED   docker:default',
        '[+] Building 2/2',
        ' ✔ web  Built',
        ' => [1/2] FROM alpine  0.1s',
        ' => CACHED [2/2] RUN x  0.0s',
        ' => ERROR [2/2] RUN y   1.0s',
        ' => => transferring context: 2B  0.0s',
        ' => => # log',
        ' => WARN: Rule: text (line 1)  0.0s',
        '\x1b[?25h\x1b[2A\x1b[0G\x1b[?25l',
        '------',
        ' > [2/2] RUN y:',
        '0.123 out',
        'Dockerfile:2',
        '--------------------',
        '   2 | >>> RUN y',
        'ERROR: failed to solve: exit code: 2',
        ' 1 warning found (use docker --debug to expand):',
        ' - Rule: text (line 1)',
        '',
        '...',
        '=3D> x=',
      ),
      fc.string({ maxLength: 30 }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (lines) => {
        const r = runFormat(ttyFormat, lines.join('\n'));
        expect(attributionProblems(r)).toEqual([]);
      }),
      { numRuns: 300, seed: 7 },
    );
    // Random cuts of real logs (truncated copies).
    const rnd = seededRandom(42);
    for (const name of [
      'd26-32-fail-run.tty.log',
      'tty-2021-yarn-astro-oom-exit-134-hash-prefixed-recap.log',
      'mangled-qemu-devel-email-quoted-printable-tty-190col-padded.log',
    ]) {
      const text = readFixture('tty', name);
      for (let k = 0; k < 20; k++) {
        const a = Math.floor(rnd() * text.length);
        const b = a + Math.floor(rnd() * (text.length - a));
        const r = runFormat(ttyFormat, text.slice(a, b));
        expect(attributionProblems(r)).toEqual([]);
      }
    }
  });
});

// Every TTY log of the shared corpus (README.md there; not part of a fresh clone).
const CORPUS_TTY = [
  'real/tty-2018-docker-docs-in-progress-moby-parallel-stages.log',
  'real/tty-2021-yarn-astro-oom-exit-134-hash-prefixed-recap.log',
  'real/tty-compose-bake-frontend-backend-pnpm-uv-windows.log',
  'real/tty-compose-build-three-services-prefixed.log',
  'real/tty-raw-ansi-redraw-utf16le-maven-compile-error.log',
  'real/mangled-korean-translation-seconds-as-cho-tty.log',
  'real/mangled-qemu-devel-email-quoted-printable-tty-190col-padded.log',
  'real/mangled-tty-compose-error-indented-crlf-doubled-lines.log',
];

describeCorpus('corpus', () => {
  const engine = existsSync(path.join(CORPUS_DIR, 'engine'))
    ? readdirSync(path.join(CORPUS_DIR, 'engine'))
        .filter((f) => f.endsWith('.tty.log'))
        .map((f) => `engine/${f}`)
    : [];
  test.each([...CORPUS_TTY, ...engine])('%s', (file) => {
    const bytes = readFileSync(path.join(CORPUS_DIR, file));
    // The reader decodes UTF-16 (with BOM) before a parser runs.
    const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe;
    let text = new TextDecoder(utf16 ? 'utf-16le' : 'utf-8').decode(bytes);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    expect(ttyFormat.sniff(text.split(/\r?\n/).filter((l) => l.trim()))).toBeGreaterThan(0.5);
    const r = runFormat(ttyFormat, text);
    expect(r.builds.length).toBeGreaterThanOrEqual(1);
    for (const b of r.builds) expect(b.steps.length).toBeGreaterThanOrEqual(1);
    expect(r.doubleAttributed).toBe(0);
    expect(attributionProblems(r)).toEqual([]);
  });
});
