import { describe, expect, it } from 'vitest';
import { HAVE_CORPUS, describeCorpus, readCorpus } from '../../test-support/corpus';
import { contextFor, corpusModel, expectWellFormed, fixtureModel, linesOf } from './context-for';
import { failure as rule } from './failure';

describe('failure', () => {
  it('fires on engine/d26-10-fail-run.plain.log: make not found, exit 127', () => {
    const ctx = contextFor(fixtureModel('d26-10-fail-run.plain.log'));
    const [f, ...rest] = rule.check(ctx);
    expect(rest).toEqual([]);
    expectWellFormed(f, ctx, rule.id);
    expect(f.severity).toBe('high');
    expect(f.title).toBe(
      '[4/5] RUN echo "running make" && make -C build all failed: `make` is not installed in the image at this step (command not found)',
    );
    expect(f.detail).toContain('with exit code 127');
    expect(f.detail).toContain('BuildKit points at Dockerfile line 4');
    // The step's header, its last lines, its ERROR line, the excerpt and the final error.
    expect(linesOf(f, ctx)).toEqual([
      '#7 [4/5] RUN echo "running make" && make -C build all',
      '#7 0.098 running make',
      '#7 0.099 /bin/sh: 1: make: not found',
      '#7 ERROR: process "/bin/sh -c echo \\"running make\\" && make -C build all" did not complete successfully: exit code: 127',
      'Dockerfile:4',
      '--------------------',
      '   2 |     WORKDIR /src',
      '   3 |     RUN echo "preparing sources" && mkdir -p build && touch build/.keep',
      '   4 | >>> RUN echo "running make" && make -C build all',
      '   5 |     RUN echo "never reached"',
      '   6 |     ',
      '--------------------',
      'ERROR: failed to solve: process "/bin/sh -c echo \\"running make\\" && make -C build all" did not complete successfully: exit code: 127',
    ]);
    expect(f.snippet?.split('\n')).toEqual([
      '# Dockerfile:4',
      '2 |     WORKDIR /src',
      '3 |     RUN echo "preparing sources" && mkdir -p build && touch build/.keep',
      '4 | >>> RUN echo "running make" && make -C build all',
      '5 |     RUN echo "never reached"',
      '6 |     ',
    ]);
    expect(f.fix).toContain('Install `make`');
  });

  it('fires on engine/d26-16-fail-pep668.plain.log: externally-managed Python', () => {
    const ctx = contextFor(fixtureModel('d26-16-fail-pep668.plain.log'));
    const [f] = rule.check(ctx);
    expectWellFormed(f, ctx, rule.id);
    expect(f.title).toContain('PEP 668 `externally-managed-environment`');
    // The evidence line is the first output line, the last ten follow it.
    expect(linesOf(f, ctx)).toContain('#5 0.536 error: externally-managed-environment');
    expect(f.fix).toContain('python3 -m venv');
  });

  it('fires on engine/d26-14-fail-parallel-cancel.plain.log and names the canceled stage', () => {
    const ctx = contextFor(fixtureModel('d26-14-fail-parallel-cancel.plain.log'));
    const [f, ...rest] = rule.check(ctx);
    expect(rest).toEqual([]);
    expect(f.detail).toContain('with exit code 2');
    expect(f.detail).toContain('`/does/not/exist` does not exist in the image at this step');
    expect(f.detail).toContain('Canceled because of it: `[slow 1/1] RUN for i in $(seq 1 10)');
    expect(f.steps.map((s) => ctx.build.steps[s].status)).toEqual(['error', 'canceled']);
    expect(linesOf(f, ctx)).toContain(
      '#5 [slow 1/1] RUN for i in $(seq 1 10); do echo "slow stage step $i/10"; sleep 0.5; done',
    );
  });

  it('stays silent on a build that succeeded (engine/d26-06-npm-src-changed.plain.log)', () => {
    const ctx = contextFor(fixtureModel('d26-06-npm-src-changed.plain.log'));
    expect(rule.check(ctx)).toEqual([]);
  });
});

/** engine/index.tsv: what each `*-fail-*` build did, and the reading the finding must give. */
const ENGINE_FAILURES: [RegExp, string][] = [
  [/-10-fail-run\./, '`make` is not installed in the image at this step (command not found)'],
  [/-11-fail-npm-404\./, '`this-package-does-not-exist-zq9x7` was not found in the package index'],
  [/-12-fail-copy-missing\./, '`/config/settings.yaml` is not in the build context'],
  [/-13-fail-dockerfile-syntax\./, 'the Dockerfile does not parse: unknown instruction: COPPY'],
  [/-14-fail-parallel-cancel\./, '`/does/not/exist` does not exist in the image at this step'],
  [/-15-fail-pip-offline\./, 'the build could not reach the network'],
  [/-16-fail-pep668\./, '`externally-managed-environment`'],
  [/-17-fail-no-bridge\./, 'the Docker daemon has no default bridge network'],
  [/-22-python-tests-fail\./, 'the tests failed'],
  [/-32-fail-run\./, '`make` is not installed in the image at this step'],
  // Docker 20.10's frontend predates heredocs: a line of the heredoc parses as an instruction.
  [/d20-18-heredoc\./, 'the Dockerfile does not parse: unknown instruction: SET'],
];

/** engine/index.tsv: file, engine, progress, exit, seconds, what, command. */
function engineIndex(): { file: string; exit: number; what: string }[] {
  if (!HAVE_CORPUS) return [];
  const tsv = new TextDecoder().decode(readCorpus('engine/index.tsv'));
  return tsv
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((row) => row.split('\t'))
    .map(([file, , , exit, , what]) => ({ file, exit: Number(exit), what }));
}

describeCorpus('failure on the corpus', () => {
  const index = engineIndex();
  const failed = index.filter((r) => r.exit !== 0);

  it('has a reading for every failed engine build', () => {
    expect(failed.length).toBe(30);
    for (const r of failed)
      expect(
        ENGINE_FAILURES.some(([re]) => re.test(r.file)),
        r.file,
      ).toBe(true);
  });

  it.each(failed.map((r) => [r.file, r.what]))('reads the cause of engine/%s (%s)', (file) => {
    const ctx = contextFor(corpusModel(`engine/${file}`));
    const found = rule.check(ctx);
    expect(found).toHaveLength(1);
    const [f] = found;
    expectWellFormed(f, ctx, rule.id);
    expect(f.title).toContain(ENGINE_FAILURES.find(([re]) => re.test(file))![1]);
  });

  it.each(index.filter((r) => r.exit === 0).map((r) => r.file))(
    'stays silent on engine/%s (exit 0)',
    (file) => {
      const model = corpusModel(`engine/${file}`);
      for (let b = 0; b < model.builds.length; b++)
        expect(rule.check(contextFor(model, b))).toEqual([]);
    },
  );

  it.each([
    [
      'real/tty-2021-yarn-astro-oom-exit-134-hash-prefixed-recap.log',
      'ran out of memory (`JavaScript heap out of memory`)',
    ],
    [
      'real/mangled-flyio-depot-dashboard-copy-blank-lines-sigkill.log',
      'ran out of memory (`signal: SIGKILL`)',
    ],
    [
      'real/mangled-powershell-utf16le-23col-wrap-npm-econnreset.log',
      'could not reach the network (`ECONNRESET`)',
    ],
    [
      'real/mangled-tty-compose-error-indented-crlf-doubled-lines.log',
      'could not reach the network (`connectex:',
    ],
    [
      'real/ci-github-webui-multiplatform-apt-failure-canceled-lint-warnings.log',
      '`awk` was not found in the package index',
    ],
    ['real/plain-npm-patch-package-exit-127.log', '`patch-package` is not installed in the image'],
    [
      'real/plain-bake-web-api-npm-ci-error-target-prefix.log',
      '`npm ci` needs a package-lock.json',
    ],
    [
      'real/plain-nextjs-build-then-cache-key-checksum-not-found.log',
      '`/app/public` does not exist in `builder`',
    ],
    ['real/plain-daemon-eof-unavailable-mid-run.log', 'the BuildKit daemon went away mid-build'],
    ['real/plain-short-canceled-context-canceled.log', 'the build was canceled before it finished'],
    [
      'real/ci-github-buildx-multiplatform-no-match-for-platform.log',
      'no variant for the requested platform',
    ],
    [
      'real/tty-raw-ansi-redraw-utf16le-maven-compile-error.log',
      'the code does not compile (`cannot find symbol`)',
    ],
  ])('reads the cause of %s', (rel, words) => {
    const ctx = contextFor(corpusModel(rel));
    const [f] = rule.check(ctx);
    expectWellFormed(f, ctx, rule.id);
    expect(f.title).toContain(words);
  });
});
