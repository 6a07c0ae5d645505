import { readdirSync } from 'node:fs';
import fc from 'fast-check';
import path from 'node:path';
import { describe, it, expect } from 'vitest';
import { HAVE_CORPUS, describeCorpus } from '../test-support/corpus';
import type { CiId } from '../model/types';
import { CI_WRAPPERS, detectCi, stripCi } from './index';
import { CORPUS, readFixture, readLogLines } from './read-fixture';

describe('CI_WRAPPERS', () => {
  it('has one wrapper per CI id, prefixed last', () => {
    const ids = CI_WRAPPERS.map((w) => w.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.at(-1)).toBe('prefixed');
  });
});

describe('detectCi on the fixtures', () => {
  const expected: [string, CiId][] = [
    ['gha-pip-cache-cold.gha.log', 'github-actions'],
    ['gha-pip-cache-cold.plain.log', null],
    ['github-flyio-depot.log', 'github-actions'],
    ['render-nanosecond.log', 'github-actions'],
    ['gitea-act-runner.log', 'github-actions'],
    ['github-webui-copy.log', null],
    ['github-kamal-nested.log', 'github-actions'],
    ['azure-pipelines.log', 'azure-pipelines'],
    ['gitlab-raw-trace.log', 'gitlab'],
    ['gitlab-raw-trace-cr-restored.log', 'gitlab'],
    ['gitlab-ff-timestamps.log', 'gitlab'],
    ['jenkins-timestamper.log', 'jenkins'],
    ['jenkins-ui-timestamps.log', 'jenkins'],
    ['jenkins-console-no-timestamps.log', null],
    ['buildkite.log', 'buildkite'],
    ['kamal-sshkit.log', 'prefixed'],
    ['agent-transcript-line-numbered.log', 'prefixed'],
    ['codespaces-prefixed.log', 'prefixed'],
    ['gitlab-ci-local.log', 'prefixed'],
    ['gitlab-ci-local-two-jobs.log', 'prefixed'],
    ['plain-d26-01-multistage-parallel.log', null],
  ];
  it.each(expected)('%s → %s', (file, id) => {
    const lines = readFixture(file);
    expect(detectCi(lines)?.id ?? null).toBe(id);
    expect(stripCi(lines).ci).toBe(id);
  });
});

describe('stripCi', () => {
  it('returns the lines themselves, unstamped, when there is no wrapper', () => {
    const raw = readFixture('plain-d26-01-multistage-parallel.log');
    const r = stripCi(raw);
    expect(r.ci).toBeNull();
    expect(r.text).toEqual(raw);
    expect(r.text).not.toBe(raw);
    expect(r.stampEpochMs.length).toBe(raw.length);
    expect(r.stampEpochMs.every((v) => Number.isNaN(v))).toBe(true);
  });

  it('handles an empty log', () => {
    const r = stripCi([]);
    expect(r).toEqual({ ci: null, text: [], stampEpochMs: new Float64Array(0) });
  });

  // github-kamal-nested.log: the real Kamal excerpt with GitHub stamps added in the
  // documented shape (a Kamal deploy run from a GitHub job), not captured as such.
  it('strips a prefix nested inside GitHub stamps and reports the outer CI', () => {
    const lines = readFixture('github-kamal-nested.log');
    const r = stripCi(lines);
    expect(r.ci).toBe('github-actions');
    expect(r.text[0]).toBe(
      '  INFO [18277ea6] Running docker buildx inspect kamal-local-registry-docker-container as jerome@localhost',
    );
    expect(r.text[4]).toBe(
      '#0 building with "kamal-local-registry-docker-container" instance using docker-container driver',
    );
    expect(r.stampEpochMs[4]).toBe(Date.UTC(2025, 7, 1, 10, 0, 10, 104));
    expect(r.text[5]).toBe('');
    expect(r.text[6]).toBe('#1 [internal] load build definition from Dockerfile');
    expect(r.stampEpochMs[19]).toBe(Date.UTC(2025, 7, 1, 10, 0, 11, 123));
  });

  it('keeps the same string object for untouched lines', () => {
    const lines = readFixture('kamal-sshkit.log');
    const r = stripCi(lines);
    expect(r.text[0]).toBe(lines[0]);
  });
});

/**
 * Every CI-wrapped log of the shared corpus, after looking at each file. Logs
 * copied from a web UI lost their stamps and markers and are not wrapped any more.
 */
const CORPUS_EXPECTED: Record<string, CiId> = {
  // Coolify prints its stamp on a line of its own before each line: not a per-line wrapper.
  'ci-coolify-deploy-nextjs-build-failure.log': null,
  'ci-gitea-act-runner-two-parallel-builds-interleaved-masked-digits.log': 'github-actions',
  'ci-github-build-push-git-context-gradle-push.log': 'github-actions',
  'ci-github-buildx-multiplatform-no-match-for-platform.log': 'github-actions',
  'ci-github-docker-build-then-docker-push.log': 'github-actions',
  'ci-github-flyio-depot-retry-bun-nextjs-cache-mounts.log': 'github-actions',
  'ci-github-selfhosted-webui-compose-up-build.log': null,
  'ci-github-webui-multiplatform-apt-failure-canceled-lint-warnings.log': null,
  'ci-gitlab-raw-trace-ansi-sections-shell-executor.log': 'gitlab',
  'ci-gitlab-webui-k8s-executor-docker-build-push.log': null,
  'ci-jenkins-windows-compose-v1-buildkit-digest-lines.log': null,
  'ci-kamal-sshkit-debug-prefixed-buildx-push.log': 'prefixed',
  'ci-render-deploy-nanosecond-ts-local-cache-import-lazy-pull.log': 'github-actions',
  // Not CI, but a per-line prefix all the same: `N\t` line numbers, and GitHub's
  // issue transfer that rewrote every `#N` into `moby/moby#N`.
  'mangled-agent-transcript-line-numbered-truncated.log': 'prefixed',
  'mangled-github-issue-transfer-step-refs-rewritten.log': 'prefixed',
};

describeCorpus('detectCi over the shared corpus', () => {
  const real = path.join(CORPUS, 'real');
  const pip = path.join(CORPUS, 'engine-pip');
  // Listed only when the corpus is there: a skipped suite's body still runs to collect its tests.
  const files = !HAVE_CORPUS
    ? []
    : [
        ...readdirSync(real)
          .filter((f) => f !== 'SOURCES.md')
          .map((f) => path.join(real, f)),
        ...readdirSync(pip)
          .filter((f) => f.endsWith('.gha.log'))
          .map((f) => path.join(pip, f)),
      ].sort();

  it('finds the files the table names', () => {
    const names = new Set(files.map((f) => path.basename(f)));
    for (const name of Object.keys(CORPUS_EXPECTED)) expect(names.has(name), name).toBe(true);
    expect(files.filter((f) => f.endsWith('.gha.log')).length).toBeGreaterThan(0);
  });

  it.each(files.map((f) => [path.basename(f), f]))('%s', (name, file) => {
    const lines = readLogLines(file);
    // `.gha.log` captures carry GitHub stamps; every other file not in the table is unwrapped.
    const want = name.endsWith('.gha.log') ? 'github-actions' : (CORPUS_EXPECTED[name] ?? null);
    const r = stripCi(lines);
    expect(r.ci).toBe(want);
    if (want === 'github-actions') {
      // Every non-empty line but a multi-line `tags:` input value carries its stamp.
      const stamped = r.stampEpochMs.filter((v) => !Number.isNaN(v)).length;
      const nonEmpty = lines.filter((l) => l.length > 0).length;
      expect(stamped).toBeGreaterThanOrEqual(nonEmpty - 1);
    }
  });
});

describe('every stripper on hostile text', () => {
  it('never throws and only removes characters', () => {
    const pieces = fc.constantFrom(
      '2025-02-13T05:44:35.4327392Z ',
      '2024-05-14T11:19:20.123456Z 00O',
      '+',
      'section_start:1692280742:x',
      '[collapsed=true]',
      '\r',
      '\x1b[0K',
      '\x1b_bk;t=1717171717000\x07',
      '_bk;t=',
      '\x1b[8mha:',
      '\x1b[0m',
      '[2019-02-07T15:08:27.123Z] ',
      '23:59:59  ',
      ' DEBUG [7f29153d]       ',
      '#1 ',
      'x',
      ' ',
      '',
    );
    const line = fc.array(pieces, { maxLength: 8 }).map((a) => a.join(''));
    fc.assert(
      fc.property(fc.array(line, { minLength: 3, maxLength: 12 }), (lines) => {
        for (const w of CI_WRAPPERS) {
          const score = w.sniff(lines);
          expect(score).toBeGreaterThanOrEqual(0);
          expect(score).toBeLessThanOrEqual(1);
          const s = w.createStripper(lines);
          const stamp = { epochMs: NaN };
          for (const l of lines) expect(s.strip(l, stamp).length).toBeLessThanOrEqual(l.length);
        }
        const r = stripCi(lines);
        expect(r.text.length).toBe(lines.length);
      }),
    );
  });
});
