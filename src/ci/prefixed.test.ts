import { describe, it, expect } from 'vitest';
import { detectCi, stripCi } from './index';
import { prefixed } from './prefixed';
import { readFixture } from './read-fixture';

describe('prefixed', () => {
  it('Kamal / SSHKit ` DEBUG [id]       ` (real); blank lines are the prefix without its padding', () => {
    const lines = readFixture('kamal-sshkit.log');
    expect(prefixed.sniff(lines)).toBe(1);
    expect(detectCi(lines)?.id).toBe('prefixed');
    const r = stripCi(lines);
    expect(r.ci).toBe('prefixed');
    // Lines without the full prefix pass unchanged (same string).
    expect(r.text[0]).toBe(lines[0]);
    expect(r.text[3]).toBe(lines[3]);
    expect(r.text[3].startsWith(' DEBUG [7f29153d] Command: docker buildx build')).toBe(true);
    expect(r.text[4]).toBe(
      '#0 building with "kamal-local-registry-docker-container" instance using docker-container driver',
    );
    expect(lines[5]).toBe(' DEBUG [7f29153d]');
    expect(r.text[5]).toBe('');
    expect(r.text[6]).toBe('#1 [internal] load build definition from Dockerfile');
    expect(r.stampEpochMs.every((v) => Number.isNaN(v))).toBe(true);
  });

  it('`cat -n`-style line numbers of an agent transcript (real), numbers of any width', () => {
    const lines = readFixture('agent-transcript-line-numbered.log');
    expect(detectCi(lines)?.id).toBe('prefixed');
    const r = stripCi(lines);
    expect(r.text[0]).toBe('Compose can now delegate builds to bake for better performance.');
    expect(r.text[1]).toBe(' To do so, set COMPOSE_BAKE=true.');
    expect(r.text[3]).toBe('');
    expect(r.text[9]).toBe('#2 DONE 5.8s');
    expect(r.text[17]).toBe(
      '#4 sha256:806d36e24c8d296d48dcdba1c27805be838e01d160b097a9df596881e28',
    );
    // The transcript's own truncation note has no line number: unchanged.
    expect(r.text[18]).toBe('… [truncated, 2258 chars total]');
    const padded = [
      '     9\t#1 DONE 0.0s',
      '    10\t',
      '    11\t#2 [internal] load metadata',
      '   120\t#2 DONE 0.1s',
    ];
    expect(stripCi(padded).text).toEqual([
      '#1 DONE 0.0s',
      '',
      '#2 [internal] load metadata',
      '#2 DONE 0.1s',
    ]);
  });

  // Built from the documented shapes (corpus SOURCES.md "Timestamp prefixes": Codespaces
  // `2025-03-09 15:44:12.269Z: #3 ...`, gitlab-ci-local `build  > #1 ...`); the files
  // themselves are not in the corpus, so these fixtures are not captured.
  it('Codespaces `YYYY-MM-DD HH:MM:SS.mmmZ: ` prefix: stripped, its time is the stamp', () => {
    const lines = readFixture('codespaces-prefixed.log');
    expect(detectCi(lines)?.id).toBe('prefixed');
    const r = stripCi(lines);
    expect(r.text[0]).toBe('Creating container...');
    expect(r.stampEpochMs[0]).toBe(Date.UTC(2025, 2, 9, 15, 44, 10, 101));
    expect(r.text[2]).toBe('');
    expect(r.text[6]).toBe('');
    expect(r.stampEpochMs[6]).toBe(Date.UTC(2025, 2, 9, 15, 44, 11, 603));
    expect(r.text[7]).toBe(
      '#3 [internal] load metadata for mcr.microsoft.com/devcontainers/base:bookworm',
    );
    expect(r.stampEpochMs[7]).toBe(Date.UTC(2025, 2, 9, 15, 44, 12, 269));
    expect(r.text[12]).toBe('Outcome: success');
    expect(r.stampEpochMs[12]).toBeNaN();
  });

  it('gitlab-ci-local `build  > `: other job lines (`build  $ …`) pass unchanged', () => {
    const lines = readFixture('gitlab-ci-local.log');
    const r = stripCi(lines);
    expect(r.ci).toBe('prefixed');
    expect(r.text[1]).toBe('build  $ docker build --progress=plain -t app .');
    expect(r.text[2]).toBe('#0 building with "default" instance using docker driver');
    expect(r.text[3]).toBe('');
    expect(r.text[12]).toBe('#3 CACHED');
  });

  it('two interleaved job names: the name is generalised', () => {
    const lines = readFixture('gitlab-ci-local-two-jobs.log');
    const r = stripCi(lines);
    expect(r.ci).toBe('prefixed');
    expect(r.text[4]).toBe('#0 building with "default" instance using docker driver');
    expect(r.text[5]).toBe('#0 building with "default" instance using docker driver');
    expect(r.text[6]).toBe('');
    expect(r.text[14]).toBe('');
    expect(r.text[17]).toBe('#2 [internal] load metadata for docker.io/library/nginx:1.27');
    expect(r.text[20]).toBe('build-api finished in 3.1 s');
  });

  it('compose-style `service-1  | ` prefixes, one or several services', () => {
    const one = [
      'web-1  | #1 [internal] load',
      'web-1  | #1 DONE 0.0s',
      'web-1  |',
      'web-1  | #2 x',
    ];
    expect(stripCi(one).text).toEqual(['#1 [internal] load', '#1 DONE 0.0s', '', '#2 x']);
    const two = [
      'api-1  | #1 a',
      'web-1  | #1 b',
      'api-1  | #2 c',
      'web-1  | #2 d',
      'api-1  | done',
    ];
    expect(stripCi(two).text).toEqual(['#1 a', '#1 b', '#2 c', '#2 d', 'done']);
  });

  it('claims nothing on unprefixed or timestamp-prefixed logs', () => {
    for (const f of [
      'plain-d26-01-multistage-parallel.log',
      'github-webui-copy.log',
      'gha-pip-cache-cold.gha.log',
      'render-nanosecond.log',
      'jenkins-timestamper.log',
      'gitlab-ff-timestamps.log',
      'buildkite.log',
      'jenkins-console-no-timestamps.log',
    ]) {
      expect([f, prefixed.sniff(readFixture(f))]).toEqual([f, 0]);
    }
    // Too few `#N` lines to learn from.
    expect(prefixed.sniff(['x> #1 a', 'x> #1 b'])).toBe(0);
  });
});
