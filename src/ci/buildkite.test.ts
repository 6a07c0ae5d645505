import { describe, it, expect } from 'vitest';
import { buildkite } from './buildkite';
import { detectCi, stripCi } from './index';
import { readFixture } from './read-fixture';
import type { Stamp } from './types';

// The corpus has no Buildkite log (SOURCES.md "Gaps"): buildkite.log is built from
// the documented shape (FORMAT.md §6, buildkite/agent process/timestamper.go),
// not captured: markers at line starts, after \e[K / \e[1K / \e[2K, and inside a line.
describe('buildkite', () => {
  it('removes every marker; the stamp is the first one', () => {
    const lines = readFixture('buildkite.log');
    expect(buildkite.sniff(lines)).toBe(1);
    expect(detectCi(lines)?.id).toBe('buildkite');
    const r = stripCi(lines);
    expect(r.ci).toBe('buildkite');
    expect(r.text[0]).toBe('~~~ Preparing working directory');
    expect(r.stampEpochMs[0]).toBe(1717171717000);
    expect(r.text[2]).toBe('#0 building with "default" instance using docker driver');
    expect(r.text[3]).toBe('');
    expect(r.stampEpochMs[3]).toBe(1717171718001);
    // Erase codes stay for the ANSI layer.
    expect(r.text[5]).toBe('\x1b[K#1 transferring dockerfile: 312B done');
    expect(r.stampEpochMs[5]).toBe(1717171718200);
    expect(r.text[9]).toBe('\x1b[1K#2 DONE 0.6s');
    expect(r.text[12]).toBe('#3 0.301 downloading done');
    expect(r.stampEpochMs[12]).toBe(1717171719400);
    expect(r.text[13]).toBe('\x1b[2K#3 DONE 2.1s');
    expect(r.stampEpochMs[13]).toBe(1717171721500);
  });

  it('reads markers whose ESC and BEL were lost in a copy (13 digits only)', () => {
    const s = buildkite.createStripper([]);
    const stamp: Stamp = { epochMs: NaN };
    expect(s.strip('_bk;t=17171717170001 done', stamp)).toBe('1 done');
    expect(stamp.epochMs).toBe(1717171717000);
    expect(s.strip('see _bk;t= in the docs', stamp)).toBe('see _bk;t= in the docs');
    expect(stamp.epochMs).toBeNaN();
    const plain = '#1 DONE 0.0s';
    expect(s.strip(plain, stamp)).toBe(plain);
  });

  it('does not claim other logs', () => {
    expect(buildkite.sniff(readFixture('gha-pip-cache-cold.gha.log'))).toBe(0);
    expect(buildkite.sniff(readFixture('plain-d26-01-multistage-parallel.log'))).toBe(0);
  });
});
