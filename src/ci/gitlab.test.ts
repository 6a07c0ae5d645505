import { describe, it, expect } from 'vitest';
import { githubActions } from './github-actions';
import { gitlab } from './gitlab';
import { detectCi, stripCi } from './index';
import { readFixture } from './read-fixture';
import type { Stamp } from './types';

describe('gitlab', () => {
  it('raw trace (real, CR after markers turned into line breaks): markers and \\e[0K go, SGR stays', () => {
    const lines = readFixture('gitlab-raw-trace.log');
    expect(gitlab.sniff(lines)).toBeGreaterThanOrEqual(0.9);
    expect(detectCi(lines)?.id).toBe('gitlab');
    const r = stripCi(lines);
    expect(r.ci).toBe('gitlab');
    expect(r.text[0]).toBe('Running with gitlab-runner 16.2.1 (674e0e29)\x1b[0;m');
    expect(r.stampEpochMs[0]).toBeNaN();
    // `section_start:1692280742:prepare_executor` alone on its line.
    expect(r.text[2]).toBe('');
    expect(r.stampEpochMs[2]).toBe(1692280742 * 1000);
    expect(r.text[3]).toBe('\x1b[36;1mPreparing the "shell" executor\x1b[0;m\x1b[0;m');
    // `\e[0Ksection_start:1692280742:prepare_script`
    expect(lines[6]).toBe('\x1b[0Ksection_start:1692280742:prepare_script');
    expect(r.text[6]).toBe('');
    expect(r.text[19]).toBe(
      '\x1b[32;1m$ docker build --squash -t $CI_REGISTRY/$CI_PROJECT_PATH/hello:gitlab-$CI_COMMIT_SHORT_SHA .\x1b[0;m',
    );
    expect(r.text[21]).toBe('#0 building with "default" instance using docker driver');
    expect(r.text[21]).toBe(lines[21]);
  });

  it('several markers in one line, separated by the CR the splitter keeps', () => {
    // gitlab-raw-trace-cr-restored.log: the real lines above with that CR put back.
    const lines = readFixture('gitlab-raw-trace-cr-restored.log');
    expect(detectCi(lines)?.id).toBe('gitlab');
    const r = stripCi(lines);
    expect(r.text[2]).toBe('\x1b[36;1mPreparing the "shell" executor\x1b[0;m\x1b[0;m');
    expect(r.stampEpochMs[2]).toBe(Date.UTC(2023, 7, 17, 13, 59, 2));
    expect(r.text[4]).toBe('\x1b[36;1mPreparing environment\x1b[0;m\x1b[0;m');
    expect(r.text[6]).toBe('\x1b[36;1mGetting source from Git repository\x1b[0;m\x1b[0;m');
    expect(r.text[7]).toBe('\x1b[32;1mFetching changes with git depth set to 20...\x1b[0;m');
  });

  // The corpus has no FF_TIMESTAMPS trace: gitlab-ff-timestamps.log is built from
  // the documented shape (FORMAT.md §6 and gitlab-runner timestamper.go), not captured.
  it('FF_TIMESTAMPS: stamp, stream and +continuation prefix go; the stamp wins over markers', () => {
    const lines = readFixture('gitlab-ff-timestamps.log');
    expect(gitlab.sniff(lines)).toBe(1);
    expect(githubActions.sniff(lines)).toBe(0);
    expect(detectCi(lines)?.id).toBe('gitlab');
    const r = stripCi(lines);
    expect(r.text[0]).toBe('Running with gitlab-runner 17.0.0 (44feccdf)\x1b[0;m');
    expect(r.stampEpochMs[0]).toBe(Date.UTC(2024, 4, 14, 11, 19, 20, 123));
    expect(r.text[2]).toBe('\x1b[36;1mPreparing the "docker" executor\x1b[0;m\x1b[0;m');
    expect(r.stampEpochMs[2]).toBe(Date.UTC(2024, 4, 14, 11, 19, 20, 200));
    expect(r.text[3]).toBe('');
    // `00O+section_start:…[collapsed=true]\r\e[0K\e[0K<title>`
    expect(r.text[4]).toBe(
      '\x1b[36;1mExecuting "step_script" stage of the job script\x1b[0;m\x1b[0;m',
    );
    expect(r.text[6]).toBe('#0 building with "default" instance using docker driver');
    expect(r.text[7]).toBe('');
    expect(r.text[9]).toBe('#1 transferring dockerfile: ');
    expect(r.text[10]).toBe('312B done');
    expect(r.stampEpochMs[10]).toBe(Date.UTC(2024, 4, 14, 11, 19, 22, 100));
    expect(r.text[13]).toBe('#2 [internal] load metadata for docker.io/library/alpine:3.19');
    expect(r.stampEpochMs[13]).toBe(Date.UTC(2024, 4, 14, 11, 19, 23, 456));
  });

  it('passes other lines through as the same string', () => {
    const s = gitlab.createStripper([]);
    const stamp: Stamp = { epochMs: 0 };
    const line = '#1 DONE 0.0s';
    expect(s.strip(line, stamp)).toBe(line);
    expect(stamp.epochMs).toBeNaN();
    // Not a marker: no unix time.
    expect(s.strip('echo section_start:abc', stamp)).toBe('echo section_start:abc');
  });

  it('does not claim a plain log or a GitHub log', () => {
    expect(gitlab.sniff(readFixture('plain-d26-01-multistage-parallel.log'))).toBe(0);
    expect(gitlab.sniff(readFixture('gha-pip-cache-cold.gha.log'))).toBe(0);
  });
});
