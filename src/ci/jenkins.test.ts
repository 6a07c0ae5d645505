import { describe, it, expect } from 'vitest';
import { detectCi, stripCi } from './index';
import { jenkins } from './jenkins';
import { prefixed } from './prefixed';
import { readFixture } from './read-fixture';
import type { Stamp } from './types';

const DAY_MS = 86_400_000;

// The corpus holds no Timestamper log (the Jenkins corpus file has no times), so
// both fixtures are built from the documented shapes, not captured:
// jenkins-timestamper.log from timestamper-plugin GlobalDecorator.java
// (`[yyyy-MM-dd'T'HH:mm:ss.SSS'Z'] `) plus ConsoleNotes (FORMAT.md §6);
// jenkins-ui-timestamps.log from the UI form quoted in corpus SOURCES.md
// (`17:03:21  #0 building ...`).
describe('jenkins', () => {
  it('Timestamper raw form: ISO stamp and ConsoleNotes removed', () => {
    const lines = readFixture('jenkins-timestamper.log');
    expect(jenkins.sniff(lines)).toBe(1);
    expect(detectCi(lines)?.id).toBe('jenkins');
    const r = stripCi(lines);
    expect(r.ci).toBe('jenkins');
    expect(r.text[0]).toBe('Started by user admin');
    expect(r.stampEpochMs[0]).toBe(Date.UTC(2019, 1, 7, 15, 8, 26, 900));
    expect(r.text[1]).toBe('[Pipeline] Start of Pipeline');
    expect(r.text[2]).toBe('[Pipeline] sh');
    expect(r.text[4]).toBe('#0 building with "default" instance using docker driver');
    expect(r.stampEpochMs[4]).toBe(Date.UTC(2019, 1, 7, 15, 8, 28, 500));
    expect(r.text[5]).toBe('');
    expect(r.text[9]).toBe('');
    expect(r.stampEpochMs[9]).toBe(Date.UTC(2019, 1, 7, 15, 8, 28, 603));
    expect(r.text[12]).toBe('[Pipeline] }');
  });

  it('UI form: time of day on day 0, two spaces removed', () => {
    const lines = readFixture('jenkins-ui-timestamps.log');
    expect(detectCi(lines)?.id).toBe('jenkins');
    // The UI stamp is not a generic prefix: prefixed must leave it to jenkins.
    expect(prefixed.sniff(lines)).toBe(0);
    const r = stripCi(lines);
    expect(r.text[1]).toBe('#0 building with "default" instance using docker driver');
    expect(r.stampEpochMs[1]).toBe(Date.UTC(1970, 0, 1, 17, 3, 21));
    expect(r.text[2]).toBe('');
    expect(r.text[6]).toBe('');
    expect(r.text[14]).toBe('#4 0.215 hello');
    expect(r.stampEpochMs[14]).toBe(Date.UTC(1970, 0, 1, 17, 3, 24));
  });

  it('UI form: a backwards jump of more than 12 h is the next day', () => {
    const s = jenkins.createStripper([]);
    const stamp: Stamp = { epochMs: NaN };
    const at = (line: string) => (s.strip(line, stamp), stamp.epochMs);
    expect(at('23:59:58  #5 [2/2] RUN make')).toBe(Date.UTC(1970, 0, 1, 23, 59, 58));
    expect(at('00:00:03  #5 DONE 4.9s')).toBe(Date.UTC(1970, 0, 1, 0, 0, 3) + DAY_MS);
    // A small step back (reordered output) is not a new day.
    expect(at('00:00:01  late line')).toBe(Date.UTC(1970, 0, 1, 0, 0, 1) + DAY_MS);
    expect(s.strip('00:00:01  late line', stamp)).toBe('late line');
  });

  it('removes notes anywhere in a line, keeps an unterminated one', () => {
    const s = jenkins.createStripper([]);
    const stamp: Stamp = { epochMs: NaN };
    expect(s.strip('a\x1b[8mha:AAA=\x1b[0mb\x1b[8mha:B/+\x1b[0mc', stamp)).toBe('abc');
    expect(s.strip('a\x1b[8mha:AAA=', stamp)).toBe('a\x1b[8mha:AAA=');
  });

  it('leaves lines without a wrapper alone and ignores non-times', () => {
    const s = jenkins.createStripper([]);
    const stamp: Stamp = { epochMs: 0 };
    for (const line of [
      '[Pipeline] sh',
      '25:00:00  nope',
      '12:00:00 x',
      '[2019-02-07T15:08:27.123] x',
    ]) {
      expect(s.strip(line, stamp)).toBe(line);
      expect(stamp.epochMs).toBeNaN();
    }
  });

  it('does not claim a real Jenkins console copy without Timestamper or notes', () => {
    // Lines 30-69 of corpus ci-jenkins-windows-compose-v1-buildkit-digest-lines.log.
    const lines = readFixture('jenkins-console-no-timestamps.log');
    expect(jenkins.sniff(lines)).toBe(0);
    expect(detectCi(lines)).toBeNull();
  });
});
