import { describe, it, expect } from 'vitest';
import { githubActions } from './github-actions';
import { detectCi, stripCi } from './index';
import { readFixture } from './read-fixture';
import type { Stamp } from './types';

function stripAll(lines: string[]): { text: string[]; ms: number[] } {
  const s = githubActions.createStripper(lines);
  const stamp: Stamp = { epochMs: NaN };
  const text: string[] = [];
  const ms: number[] = [];
  for (const l of lines) {
    text.push(s.strip(l, stamp));
    ms.push(stamp.epochMs);
  }
  return { text, ms };
}

describe('github-actions', () => {
  it('strips engine-pip .gha.log to exactly its .plain.log twin', () => {
    const gha = readFixture('gha-pip-cache-cold.gha.log');
    const plain = readFixture('gha-pip-cache-cold.plain.log');
    expect(detectCi(gha)?.id).toBe('github-actions');
    const r = stripCi(gha);
    expect(r.ci).toBe('github-actions');
    expect(r.text.length).toBe(plain.length);
    // Line by line, so a failure names the line. Empty lines are "<stamp> " in
    // this capture and come out as "" like the plain twin's empty lines.
    for (let i = 0; i < plain.length; i++) expect([i, r.text[i]]).toEqual([i, plain[i]]);
    expect(r.stampEpochMs[0]).toBe(Date.UTC(2026, 10, 23, 19, 48, 7, 819));
    expect(r.stampEpochMs.every((v) => !Number.isNaN(v))).toBe(true);
  });

  it('keeps ##[group] and ANSI, empties bare-stamp lines (Fly.io/Depot job, real)', () => {
    const lines = readFixture('github-flyio-depot.log');
    expect(githubActions.sniff(lines)).toBe(1);
    const { text, ms } = stripAll(lines);
    expect(text[0]).toBe('##[group]Run flyctl deploy --remote-only');
    expect(ms[0]).toBe(Date.UTC(2025, 5, 29, 12, 4, 54, 979));
    expect(text[1]).toBe('\x1b[36;1mflyctl deploy --remote-only\x1b[0m');
    expect(text[6]).toBe('##[endgroup]');
    expect(text[14]).toBe('==> Building image with Depot');
    expect(text[15]).toBe('--> build:  (\u200b)');
    expect(text[16]).toBe('#1 [internal] load build definition from Dockerfile');
    expect(ms[16]).toBe(Date.UTC(2025, 5, 29, 12, 5, 15, 145));
    // `2025-06-29T12:05:15.2994433Z` with no trailing space: an empty line, still stamped.
    expect(lines[18]).toBe('2025-06-29T12:05:15.2994433Z');
    expect(text[18]).toBe('');
    expect(ms[18]).toBe(Date.UTC(2025, 5, 29, 12, 5, 15, 299));
  });

  it('reads Render’s variable-width RFC3339Nano fractions (real)', () => {
    const lines = readFixture('render-nanosecond.log');
    expect(detectCi(lines)?.id).toBe('github-actions');
    const { text, ms } = stripAll(lines);
    // 9 digits
    expect(text[0]).toBe('#12 [ 6/11] RUN npm ci --only=production --ignore-optional');
    expect(ms[0]).toBe(Date.UTC(2025, 6, 3, 2, 20, 6, 29));
    // 8 digits
    expect(text[1]).toBe(
      '#12 0.181 npm warn config only Use `--omit=dev` to omit dev dependencies from the install.',
    );
    expect(ms[1]).toBe(Date.UTC(2025, 6, 3, 2, 20, 6, 180));
    // BuildKit's own trailing space after the elapsed time is text, not wrapper.
    expect(text[2]).toBe('#12 5.050 ');
    // 7 digits
    expect(lines[9].startsWith('2025-07-03T02:20:11.1386923Z ')).toBe(true);
    expect(text[9]).toBe('#12 5.052 ');
    expect(ms[9]).toBe(Date.UTC(2025, 6, 3, 2, 20, 11, 138));
  });

  it('handles Gitea act_runner logs: ::group:: stays, masked digits stay (real)', () => {
    const lines = readFixture('gitea-act-runner.log');
    expect(detectCi(lines)?.id).toBe('github-actions');
    const { text, ms } = stripAll(lines);
    expect(text[0]).toBe('::group::Getting Git version info');
    expect(text[4]).toBe('::endgroup::');
    expect(text[11]).toBe(
      '#*** [production 4/8] RUN addgroup -g 1001 -S nestjs &&     adduser -S nestjs -u 1001',
    );
    expect(text[12]).toBe('#*** CACHED');
    expect(ms[12]).toBe(Date.UTC(2026, 4, 22, 10, 23, 33, 575));
  });

  it('removes a leading UTF-8 BOM, with or without a stamp after it', () => {
    const s = githubActions.createStripper([]);
    const stamp: Stamp = { epochMs: NaN };
    expect(s.strip('\ufeff2025-02-13T05:44:35.4327392Z Current runner version', stamp)).toBe(
      'Current runner version',
    );
    expect(stamp.epochMs).toBe(Date.UTC(2025, 1, 13, 5, 44, 35, 432));
    expect(s.strip('\ufeffno stamp', stamp)).toBe('no stamp');
    expect(stamp.epochMs).toBeNaN();
  });

  it('accepts a stamp without fraction and rejects near misses', () => {
    const s = githubActions.createStripper([]);
    const stamp: Stamp = { epochMs: NaN };
    expect(s.strip('2025-07-03T02:19:58Z #1 DONE 0.0s', stamp)).toBe('#1 DONE 0.0s');
    expect(stamp.epochMs).toBe(Date.UTC(2025, 6, 3, 2, 19, 58));
    for (const line of [
      '2025-07-03T02:19:58.1Zx',
      '2025-07-03 02:19:58.1Z text',
      '2025-13-03T02:19:58.1Z text',
      '2025-07-03T02:19:58.Z text',
      '#1 DONE 0.0s',
      '',
    ]) {
      expect(s.strip(line, stamp)).toBe(line);
      expect(stamp.epochMs).toBeNaN();
    }
  });

  it('does not claim the web-UI copy (no stamps) or a plain log', () => {
    expect(githubActions.sniff(readFixture('github-webui-copy.log'))).toBe(0);
    expect(detectCi(readFixture('github-webui-copy.log'))).toBeNull();
    expect(detectCi(readFixture('plain-d26-01-multistage-parallel.log'))).toBeNull();
  });
});
