import fc from 'fast-check';
import { describe, it, expect } from 'vitest';
import {
  daysFromCivil,
  readDateTime,
  readGitlabStamp,
  readIsoZStamp,
  readJenkinsIsoStamp,
  readJenkinsTimeOfDay,
  scan,
} from './timestamp';

describe('timestamp readers', () => {
  it('daysFromCivil agrees with Date.UTC, leap years and centuries included', () => {
    for (const [y, m, d] of [
      [1970, 1, 1],
      [1969, 12, 31],
      [2000, 2, 29],
      [2100, 3, 1],
      [2024, 12, 31],
    ]) {
      expect(daysFromCivil(y, m, d) * 86_400_000).toBe(Date.UTC(y, m - 1, d));
    }
    fc.assert(
      fc.property(
        fc.date({ min: new Date(0), max: new Date(Date.UTC(2200, 0, 1)), noInvalidDate: true }),
        (t) => {
          const ms = t.getTime();
          const day = Math.floor(ms / 86_400_000);
          expect(daysFromCivil(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate())).toBe(day);
        },
      ),
    );
  });

  it('reads every ISO stamp form the wrappers use, truncating below the millisecond', () => {
    expect(readDateTime('2025-03-09 15:44:12.269Z: x', 0, true)).toBe(
      Date.UTC(2025, 2, 9, 15, 44, 12, 269),
    );
    expect(scan.end).toBe(23);
    expect(readDateTime('2025-03-09 15:44:12.269Z', 0, false)).toBeNaN();
    expect(readIsoZStamp('2025-07-03T02:19:58.265069451Z x', 0)).toBe(
      Date.UTC(2025, 6, 3, 2, 19, 58, 265),
    );
    expect(scan.end).toBe(31);
    expect(readGitlabStamp('2024-05-14T11:19:20.123456Z 0aE+x', 0)).toBe(
      Date.UTC(2024, 4, 14, 11, 19, 20, 123),
    );
    expect(scan.end).toBe(32);
    expect(readGitlabStamp('2024-05-14T11:19:20.123456Z 0AE x', 0)).toBeNaN();
    expect(readJenkinsIsoStamp('[2019-02-07T15:08:27.123Z] x', 0)).toBe(
      Date.UTC(2019, 1, 7, 15, 8, 27, 123),
    );
    expect(scan.end).toBe(27);
    expect(readJenkinsTimeOfDay('15:08:27  x', 0)).toBe(Date.UTC(1970, 0, 1, 15, 8, 27));
    expect(scan.end).toBe(10);
    expect(readJenkinsTimeOfDay('15:08:27 x', 0)).toBe(-1);
  });

  it('never throws and never reads past the line on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.nat(4), (s, pos) => {
        for (const ms of [
          readDateTime(s, pos, true),
          readIsoZStamp(s, pos),
          readGitlabStamp(s, pos),
          readJenkinsIsoStamp(s, pos),
        ]) {
          if (!Number.isNaN(ms)) expect(scan.end).toBeLessThanOrEqual(s.length);
        }
        if (readJenkinsTimeOfDay(s, pos) >= 0) expect(scan.end).toBeLessThanOrEqual(s.length);
      }),
    );
  });
});
