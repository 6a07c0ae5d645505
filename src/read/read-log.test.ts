/**
 * The reader (bytes → lines → model) over variants of one real log,
 * `corpus/engine/d26-01-multistage-parallel.plain.log`, made by
 * fixtures/make-fixtures.sh and described in fixtures/README.md: the same build
 * as UTF-8, with a BOM, as UTF-16 (LE/BE, with and without BOM), gzipped, with
 * CRLF or bare-CR line ends, with invalid UTF-8 and ANSI colours inside log
 * lines, and cut short (mid-line, mid-gzip-stream). Then: chunking never
 * changes the model, progress is reported, and bad input gets a diagnostic.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectFixture, fixtureFiles } from '../formats/check-fixture';
import { seededRandom } from '../formats/test-helpers';
import type { LogModel } from '../model/types';
import { LogReader, readLog, type ReadProgress } from './read-log';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const FIXTURES = path.join(HERE, 'fixtures');
const PLAIN_FIXTURES = path.join(HERE, '../formats/fixtures/plain');
const BASE = 'd26-01-multistage-parallel';

const bytesOf = (variant: string): Uint8Array =>
  new Uint8Array(readFileSync(path.join(FIXTURES, `${BASE}.${variant}`)));
const read = (variant: string): LogModel => readLog(bytesOf(variant));

/** What every variant must keep: each step's ref, name, status and duration. */
const stepsOf = (m: LogModel) =>
  m.builds.map((b) =>
    b.steps.map((s) => ({ ref: s.ref, name: s.name, status: s.status, durationMs: s.durationMs })),
  );

const base = read('utf8.log');
const utf8 = new TextEncoder();

describe('the base fixture (d26-01 as UTF-8) reads as the real build it is', () => {
  it('has 63 lines, one build, 13 steps, all done, with the DONE times', () => {
    expect(base.raw).toHaveLength(63);
    expect(base.format).toBe('plain');
    expect(base.encoding).toBe('utf-8');
    expect(base.diagnostics).toEqual([]);
    const [b] = base.builds;
    expect(base.builds).toHaveLength(1);
    expect(b.steps.map((s) => s.ref)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect(b.steps.every((s) => s.status === 'done')).toBe(true);
    // `#8 DONE 3.5s` (line 43), `#9 DONE 3.3s` (line 40), `#6 DONE 0.1s`, `#12 DONE 0.1s`.
    expect(b.steps.filter((s) => s.durationMs).map((s) => [s.ref, s.durationMs])).toEqual([
      [6, 100],
      [8, 3500],
      [9, 3300],
      [12, 100],
    ]);
  });
});

describe('encodings, compression and line ends give the same model as UTF-8', () => {
  const same: [variant: string, encoding: string][] = [
    ['utf8-bom.log', 'utf-8'],
    ['utf16le-bom.log', 'utf-16le'],
    ['utf16be-bom.log', 'utf-16be'],
    ['utf16le-nobom.log', 'utf-16le'],
    ['log.gz', 'gzip, utf-8'],
    ['crlf.log', 'utf-8'],
    ['cr.log', 'utf-8'],
  ];
  for (const [variant, encoding] of same) {
    it(`${variant}: ${encoding}, identical lines, steps and attribution`, () => {
      const m = read(variant);
      expect(m.encoding).toBe(encoding);
      expect(m.raw).toEqual(base.raw);
      expect(m.text).toEqual(base.text);
      expect(stepsOf(m)).toEqual(stepsOf(base));
      expect(m.builds).toEqual(base.builds);
      expect(m.attribution).toEqual(base.attribution);
      expect(m.diagnostics).toEqual([]);
    });
  }

  it('drops the BOM: the first line starts with `#0`, not U+FEFF', () => {
    for (const v of ['utf8-bom.log', 'utf16le-bom.log', 'utf16be-bom.log'])
      expect(read(v).raw[0]).toBe('#0 building with "default" instance using docker driver');
  });

  it('CRLF: no line keeps its CR', () => {
    expect(read('crlf.log').raw.some((l) => l.endsWith('\r'))).toBe(false);
  });

  it('a bare CR inside a line (a terminal repaint, FORMAT.md §1.3) stays in that line', () => {
    // Line 28 `#8 0.200 [b] generating asset 1/4` with an apt-style repaint inside it.
    const lines = readFileSync(path.join(FIXTURES, `${BASE}.utf8.log`), 'utf8').split('\n');
    lines[27] = '#8 0.200 [b] generating asset 1/4\r[b] generating asset 1/4 (done)';
    for (const input of [lines.join('\n'), lines.join('\r\n')]) {
      const m = readLog(utf8.encode(input));
      expect(m.raw).toHaveLength(63);
      expect(m.raw[27]).toBe(lines[27]);
      expect(stepsOf(m)).toEqual(stepsOf(base));
    }
  });
});

describe('damage inside lines is kept, not fatal', () => {
  it('invalid UTF-8 in a log line becomes U+FFFD; the steps are unchanged', () => {
    const m = read('invalid-utf8.log');
    // Line 29: 0xE9 (Latin-1 é) and 0xE2 0x82 (a cut euro sign), one U+FFFD each.
    expect(m.raw[28]).toBe('#8 1.005 [b] generating \uFFFD asset\uFFFD 2/4');
    expect(m.text[28]).toBe(m.raw[28]);
    expect(m.raw.filter((_, i) => i !== 28)).toEqual(base.raw.filter((_, i) => i !== 28));
    expect(m.builds).toEqual(base.builds);
    expect(m.diagnostics).toEqual([]);
  });

  it('ANSI colours in log lines are kept in `raw` and stripped in `text`', () => {
    const m = read('ansi.log');
    expect(m.raw[34]).toBe('#9 0.172 \x1b[32m[a]\x1b[0m compiling module 1/5');
    expect(m.raw[54]).toBe('#12 0.108 \x1b[1ma\x1b[0m');
    expect(m.raw.filter((l) => l.includes('\x1b'))).toHaveLength(6);
    expect(m.text).toEqual(base.text);
    expect(m.builds).toEqual(base.builds);
  });
});

describe('a log cut short reads what it can', () => {
  it('cut mid-line in RUN #9: the steps before are intact, #8 and #9 unfinished', () => {
    let m: LogModel | null = null;
    expect(() => (m = read('truncated-mid-line.log'))).not.toThrow();
    const t = m! as LogModel;
    expect(t.raw).toEqual([...base.raw.slice(0, 35), '#9 0.777 [a] compil']);
    const [steps] = stepsOf(t);
    expect(steps.slice(0, 7)).toEqual(stepsOf(base)[0].slice(0, 7));
    expect(steps.slice(7)).toEqual([
      { ...stepsOf(base)[0][7], status: 'unfinished', durationMs: null },
      { ...stepsOf(base)[0][8], status: 'unfinished', durationMs: null },
    ]);
    // The cut line is still #9's output.
    expect(t.builds[0].steps[8].outputLines).toEqual([34, 35]);
  });

  it('cut mid-gzip-stream: the inflated part is read, no throw', () => {
    const m = read('truncated.log.gz');
    expect(m.encoding).toBe('gzip, utf-8');
    const n = m.raw.length;
    expect(n).toBeGreaterThan(20);
    expect(n).toBeLessThan(base.raw.length);
    expect(m.raw.slice(0, n - 1)).toEqual(base.raw.slice(0, n - 1));
    expect(base.raw[n - 1].startsWith(m.raw[n - 1])).toBe(true);
    const [steps] = stepsOf(m);
    const [all] = stepsOf(base);
    const finished = steps.filter((s) => s.status !== 'unfinished');
    expect(finished.length).toBeGreaterThanOrEqual(7);
    expect(finished).toEqual(all.slice(0, finished.length));
    for (const s of steps.slice(finished.length)) expect(s.status).toBe('unfinished');
  });
});

// ---- chunking

/** Pushes `bytes` in pieces of the given sizes (cycled), then ends. */
function pushInChunks(bytes: Uint8Array, sizes: readonly number[]): LogModel {
  const r = new LogReader();
  let k = 0;
  for (let i = 0; i < bytes.length;) {
    const n = Math.max(1, sizes[k++ % sizes.length]);
    r.push(bytes.subarray(i, i + n));
    i += n;
  }
  return r.end();
}

/** Pushes `bytes` cut at the given offsets. */
function pushCutAt(bytes: Uint8Array, cuts: readonly number[]): LogModel {
  const r = new LogReader();
  let from = 0;
  for (const c of [...cuts].sort((a, b) => a - b)) {
    r.push(bytes.subarray(from, c));
    from = c;
  }
  r.push(bytes.subarray(from));
  return r.end();
}

function onePush(bytes: Uint8Array): LogModel {
  const r = new LogReader();
  r.push(bytes);
  return r.end();
}

/**
 * Longer than the decoder's 4096-byte sniffing head, so the special bytes come
 * in the streaming path: d26-01 three times (a CI job that builds three times;
 * each copy has its `#0` line), the third copy's `#12 0.108 a` line carrying a
 * 3-byte, a 2-byte and a 4-byte character (U+1F600: a UTF-16 surrogate pair).
 */
const WIDE = (() => {
  const one = readFileSync(path.join(FIXTURES, `${BASE}.utf8.log`), 'utf8');
  const third = one.replace('#12 0.108 a\n', '#12 0.108 a — “ünïcødé” ✓ 😀 end\n');
  return one + one + third;
})();

function utf16(text: string, le: boolean): Uint8Array {
  const out = new Uint8Array(2 + text.length * 2);
  out.set(le ? [0xff, 0xfe] : [0xfe, 0xff]);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[2 + 2 * i + (le ? 0 : 1)] = c & 0xff;
    out[2 + 2 * i + (le ? 1 : 0)] = c >> 8;
  }
  return out;
}

describe('chunking never changes the model', () => {
  const files = fixtureFiles(FIXTURES);

  it('has the fixtures to chunk', () => {
    expect(files.length).toBeGreaterThanOrEqual(12);
  });

  for (const file of files) {
    const name = path.basename(file);
    it(`${name}: 1-, 7- and 4096-byte chunks give the model of one push`, () => {
      const bytes = new Uint8Array(readFileSync(file));
      const whole = onePush(bytes);
      expect(readLog(bytes)).toEqual(whole);
      for (const size of [1, 7, 4096]) expect(pushInChunks(bytes, [size])).toEqual(whole);
    });

    it(`${name}: random chunk sizes give the model of one push`, () => {
      const bytes = new Uint8Array(readFileSync(file));
      const whole = onePush(bytes);
      fc.assert(
        fc.property(
          fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 40 }),
          (sizes) => {
            expect(pushInChunks(bytes, sizes)).toEqual(whole);
          },
        ),
        { numRuns: 25 },
      );
    });
  }

  it('the wide input (> 4096 bytes) reads as three builds with the characters intact', () => {
    const m = onePush(utf8.encode(WIDE));
    expect(m.builds).toHaveLength(3);
    expect(m.text).toContain('#12 0.108 a — “ünïcødé” ✓ 😀 end');
    expect(utf8.encode(WIDE.slice(0, WIDE.indexOf('😀'))).length).toBeGreaterThan(4096);
  });

  it('UTF-8: a cut inside a 4-, 3- or 2-byte character, and every 1-byte chunk', () => {
    const bytes = utf8.encode(WIDE);
    const whole = onePush(bytes);
    const at = (s: string) => utf8.encode(WIDE.slice(0, WIDE.indexOf(s))).length;
    const emoji = at('😀');
    const dash = at('—');
    const u = at('ü');
    expect([...bytes.subarray(emoji, emoji + 4)]).toEqual([0xf0, 0x9f, 0x98, 0x80]);
    for (const cuts of [
      [emoji + 1],
      [emoji + 2],
      [emoji + 3],
      [emoji + 1, emoji + 2, emoji + 3],
      [dash + 1, dash + 2],
      [u + 1],
      [4095, 4096, 4097],
    ])
      expect(pushCutAt(bytes, cuts), `cut at ${cuts}`).toEqual(whole);
    expect(pushInChunks(bytes, [1])).toEqual(whole);
  });

  for (const le of [true, false]) {
    it(`UTF-16${le ? 'LE' : 'BE'} with BOM: a cut between the surrogates and inside a code unit`, () => {
      const bytes = utf16(WIDE, le);
      const whole = onePush(bytes);
      expect(whole.encoding).toBe(le ? 'utf-16le' : 'utf-16be');
      expect(whole.text).toEqual(onePush(utf8.encode(WIDE)).text);
      const high = 2 + 2 * WIDE.indexOf('😀');
      for (const cuts of [
        [high + 1],
        [high + 2],
        [high + 3],
        [high + 1, high + 2, high + 3],
        [4095, 4097],
      ])
        expect(pushCutAt(bytes, cuts), `cut at ${cuts}`).toEqual(whole);
      for (const size of [1, 7, 4096]) expect(pushInChunks(bytes, [size])).toEqual(whole);
    });
  }

  it('CRLF: a CR and its LF in different chunks, past the 4096-byte head and at it', () => {
    const bytes = utf8.encode(WIDE.replace(/\n/g, '\r\n'));
    const whole = onePush(bytes);
    expect(whole.raw.some((l) => l.includes('\r'))).toBe(false);
    expect(whole.text).toEqual(onePush(utf8.encode(WIDE)).text);
    const crs: number[] = [];
    for (let i = 0; i < bytes.length; i++) if (bytes[i] === 13) crs.push(i);
    const late = crs.filter((i) => i > 4200).slice(0, 3);
    const atHead = crs.find((i) => i >= 4000)!;
    for (const cr of [...late, atHead]) {
      expect(pushCutAt(bytes, [cr + 1]), `cut after the CR at ${cr}`).toEqual(whole);
      expect(pushCutAt(bytes, [cr, cr + 1]), `CR alone at ${cr}`).toEqual(whole);
    }
    expect(pushCutAt(bytes, [atHead + 1, 4096])).toEqual(whole);
    for (const size of [1, 7, 4096]) expect(pushInChunks(bytes, [size])).toEqual(whole);
  });

  it('gzip: a cut inside the 10-byte header, and chunks of a stream longer than 4096 bytes', () => {
    // Three real logs, so the compressed stream outgrows the sniffing head.
    const text = [
      `${BASE}.plain.log`,
      'ci-github-webui-multiplatform-apt-failure-canceled-lint-warnings.log',
      'ci-gitlab-webui-k8s-executor-docker-build-push.log',
    ]
      .map((f) => readFileSync(path.join(PLAIN_FIXTURES, f), 'utf8'))
      .join('');
    const gz = new Uint8Array(gzipSync(Buffer.from(text), { level: 9 }));
    expect(gz.length).toBeGreaterThan(4096);
    const whole = onePush(gz);
    expect(whole.encoding).toBe('gzip, utf-8');
    expect(whole.raw).toEqual(onePush(utf8.encode(text)).raw);
    for (let cut = 1; cut <= 10; cut++)
      expect(pushCutAt(gz, [cut]), `cut at ${cut}`).toEqual(whole);
    expect(pushCutAt(gz, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toEqual(whole);
    for (const size of [1, 7, 4096]) expect(pushInChunks(gz, [size])).toEqual(whole);
    const rnd = seededRandom(7);
    const sizes = Array.from({ length: 64 }, () => 1 + Math.floor(rnd() * 3000));
    expect(pushInChunks(gz, sizes)).toEqual(whole);

    // The small fixture too: its whole stream sits in the head.
    const small = bytesOf('log.gz');
    for (let cut = 1; cut <= 10; cut++) expect(pushCutAt(small, [cut])).toEqual(onePush(small));
  });
});

// ---- progress

describe('progress', () => {
  // d26-01 1200 times: 2.1 MB, 1200 builds (each copy starts with its `#0` line).
  const one = readFileSync(path.join(FIXTURES, `${BASE}.utf8.log`));
  const big = new Uint8Array(Buffer.concat(Array.from({ length: 1200 }, () => one)));

  it('reports read, parse and done, in that order, for a multi-MB input pushed in chunks', () => {
    const seen: ReadProgress[] = [];
    const r = new LogReader({ onProgress: (p) => seen.push({ ...p }), totalBytes: big.length });
    for (let i = 0; i < big.length; i += 1 << 18) r.push(big.subarray(i, i + (1 << 18)));
    const m = r.end();
    expect(big.length).toBeGreaterThan(2_000_000);
    expect(m.builds).toHaveLength(1200);
    const phases = seen.map((p) => p.phase);
    const reads = seen.filter((p) => p.phase === 'read');
    // One report per MiB read: 2.1 MB → 2.
    expect(reads.length).toBe(Math.floor(big.length / (1 << 20)));
    expect(phases).toEqual([...reads.map(() => 'read'), 'parse', 'done']);
    for (let k = 1; k < reads.length; k++) expect(reads[k].done).toBeGreaterThan(reads[k - 1].done);
    for (const p of reads) expect(p.total).toBe(big.length);
    expect(seen.at(-2)).toEqual({ phase: 'parse', done: 0, total: m.raw.length });
    expect(seen.at(-1)).toEqual({ phase: 'done', done: m.raw.length, total: m.raw.length });
  }, 30_000);

  it('readLog reports the same phases', () => {
    const phases: string[] = [];
    readLog(big, { onProgress: (p) => phases.push(p.phase) });
    expect(phases[0]).toBe('read');
    expect(phases.slice(-2)).toEqual(['parse', 'done']);
  }, 30_000);

  it('reports done for an empty input too', () => {
    const phases: string[] = [];
    readLog(new Uint8Array(0), { onProgress: (p) => phases.push(p.phase) });
    expect(phases).toEqual(['parse', 'done']);
  });
});

// ---- bad input

const errors = (m: LogModel) =>
  m.diagnostics.filter((d) => d.level === 'error').map((d) => d.message);

/** A classic (non-BuildKit) builder log, `DOCKER_BUILDKIT=0 docker build .` (FORMAT.md §0). */
const CLASSIC = `Sending build context to Docker daemon  3.072kB
Step 1/5 : FROM alpine:3.19
 ---> 05455a08881e
Step 2/5 : WORKDIR /app
 ---> Using cache
 ---> 2c0d6e2b3f4a
Step 3/5 : COPY . .
 ---> 9a8b7c6d5e4f
Step 4/5 : RUN echo "hello" > /hello.txt
 ---> Running in 3c5a0a1c5c9e
Removing intermediate container 3c5a0a1c5c9e
 ---> 7a1f0f7c6a3e
Step 5/5 : CMD ["cat", "/hello.txt"]
 ---> Running in 4d6b1b2d6dae
Removing intermediate container 4d6b1b2d6dae
 ---> 1e2d3c4b5a69
Successfully built 1e2d3c4b5a69
Successfully tagged demo:latest
`;

const PROSE = `It was a bright cold day in April, and the clocks were striking thirteen.
Winston Smith, his chin nuzzled into his breast in an effort to escape the vile wind,
slipped quickly through the glass doors of Victory Mansions.
`;

function pngLike(seed: number, n: number): Uint8Array {
  const head = [
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
  ];
  const rnd = seededRandom(seed);
  return new Uint8Array([...head, ...Array.from({ length: n }, () => Math.floor(rnd() * 256))]);
}

describe('bad input gets a diagnostic, never a throw', () => {
  it('empty input (no bytes, an empty string, one newline): "empty", no build', () => {
    for (const input of [new Uint8Array(0), '', '\n', utf8.encode('\n')]) {
      const m = readLog(input);
      expect(m.builds).toEqual([]);
      expect(errors(m)).toEqual(['The input is empty.']);
    }
  });

  it('a PNG, whatever its pixel bytes: a diagnostic about binary data, no build', () => {
    // Seeds whose share of C0 control bytes alone falls under 10% (3: 9.3%, 42: 9.6%) included.
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8, 42]) {
      const m = readLog(pngLike(seed, 2000));
      expect(m.builds, `seed ${seed}`).toEqual([]);
      expect(
        errors(m).some((e) => /binary data/.test(e)),
        `seed ${seed}`,
      ).toBe(true);
    }
  });

  it('random bytes: a diagnostic about binary data, no build', () => {
    const rnd = seededRandom(42);
    const bytes = new Uint8Array(65536).map(() => Math.floor(rnd() * 256));
    const m = readLog(bytes);
    expect(m.builds).toEqual([]);
    expect(errors(m).some((e) => /binary data/.test(e))).toBe(true);
  });

  it('blank lines only: "empty"', () => {
    for (const input of ['\n\n\n', '   \n  ', '\r\n\r\n'])
      expect(errors(readLog(input)), JSON.stringify(input)).toEqual(['The input is empty.']);
  });

  it('English prose: no BuildKit build found', () => {
    const m = readLog(PROSE);
    expect(m.builds).toEqual([]);
    expect(m.format).toBe('unknown');
    expect(errors(m)).toEqual([expect.stringMatching(/^No BuildKit build found/)]);
    // Every line stays, outside any build.
    expect([...m.attribution.role]).toEqual([0, 0, 0]);
  });

  it('a classic-builder log: no build, and a diagnostic that says it is the classic builder (FORMAT.md §0)', () => {
    const m = readLog(CLASSIC);
    expect(m.builds).toEqual([]);
    expect(errors(m)).toEqual([expect.stringMatching(/classic builder/)]);
    expect(errors(m)[0]).toMatch(/not BuildKit/);
  });

  it('a build log that is binary-looking by no measure is not called binary', () => {
    for (const v of [
      'utf8.log',
      'utf16le-bom.log',
      'utf16le-nobom.log',
      'log.gz',
      'ansi.log',
      'invalid-utf8.log',
    ])
      expect(read(v).diagnostics, v).toEqual([]);
  });
});

describe('every fixture in src/read/fixtures (check-fixture.ts)', () => {
  for (const file of fixtureFiles(FIXTURES))
    it(path.basename(file), () => void expectFixture(file));
});
