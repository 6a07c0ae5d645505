// The shared machinery: the log prefix, sizes, the dispatch by first
// character, download time, the rawjson fallback, and property tests: random
// and hostile lines never make analyzePackages throw.
import fc from 'fast-check';
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PackageTool } from '../../model/analysis';
import type { Step } from '../../model/types';
import { ModelBuilder } from '../../formats/model-builder';
import { corpusFiles, describeCorpus } from '../../test-support/corpus';
import { parseSize, SIZE, sizeBefore } from './sizes';
import { allSteps, corpus, FIXTURES, fixture } from './test-helpers';
import {
  analyzePackages,
  logPrefixLength,
  PackageAccumulator,
  PACKAGE_PARSERS,
  stripLogPrefix,
} from './index';

/** A step as the parsers make it (a RUN step named `[1/1] RUN x`), with `p` on top. */
function makeStep(p: Partial<Step>): Step {
  const out = new ModelBuilder(0, 'plain');
  const step = out.newStep(out.newBuild(0), 1, '[1/1] RUN x', 'done');
  return Object.assign(step, p);
}

function stepOf(
  lines: string[],
  elapsed: (number | null)[] = [],
  durationMs: number | null = null,
) {
  const step = makeStep({
    outputLines: lines.map((_, i) => i),
    outputElapsedMs: lines.map((_, i) => elapsed[i] ?? null),
    durationMs,
  });
  return analyzePackages(step, lines);
}

describe('stripLogPrefix', () => {
  it.each([
    ['#9 0.562   Downloading x.whl (47 kB)', '  Downloading x.whl (47 kB)'],
    ['#5 0.123 ', ''], // an empty tool line (§1.3)
    ['#5 0.123', ''],
    ['#12 12.48 Get:1 http://x', 'Get:1 http://x'],
    ['#14 1234.5 done', 'done'],
    ['#3 1235. old elapsed (v0.5)', 'old elapsed (v0.5)'],
    ['#0 -0.001 clock skew', 'clock skew'],
    ['#1*** ***.69 masked by the CI', 'masked by the CI'],
    [' => => # added 73 packages in 3s', 'added 73 packages in 3s'], // TTY log row
    ['#5 DONE 0.1s', '#5 DONE 0.1s'],
    ['#5 [2/3] RUN make', '#5 [2/3] RUN make'],
    ['#5 1.2.3 not an elapsed time', '#5 1.2.3 not an elapsed time'],
    ['Downloaded from central: x (1 kB at 2 kB/s)', 'Downloaded from central: x (1 kB at 2 kB/s)'],
    ['', ''],
    ['#', '#'],
  ])('%j → %j', (line, tool) => {
    expect(stripLogPrefix(line)).toBe(tool);
    expect(logPrefixLength(line)).toBe(line.length - tool.length);
  });
});

describe('parseSize', () => {
  it.each([
    ['47 kB', 47_000],
    ['3.1 MB', 3_100_000],
    ['15.9MiB', Math.round(15.9 * 2 ** 20)],
    ['47.9KiB', Math.round(47.9 * 1024)],
    ['1792 kB', 1_792_000],
    ['6.1 kB', 6_100],
    ['6924 B', 6924],
    ['0 B', 0],
    ['88kB', 88_000], // old pip
    ['10.0 KB', 10_240], // old cargo, maven < 3.5: 1024 to the KB
    ['1.2 GB', 1_200_000_000],
    ['2.0 GiB', 2 * 2 ** 30],
  ])('%s = %d bytes', (text, bytes) => expect(parseSize(text)).toBe(bytes));

  it('reads any number in any unit as its decimal value times the unit', () => {
    const units: [string, number][] = [
      ['B', 1],
      ['kB', 1e3],
      ['KB', 1024],
      ['MB', 1e6],
      ['GiB', 2 ** 30],
      ['KiB', 1024],
    ];
    fc.assert(
      fc.property(
        fc.nat(99_999),
        fc.option(fc.stringMatching(/^\d{1,3}$/), { nil: undefined }),
        fc.constantFrom(...units),
        fc.boolean(),
        (int, frac, [unit, mult], space) => {
          const num = frac === undefined ? `${int}` : `${int}.${frac}`;
          const got = parseSize(`${num}${space ? ' ' : ''}${unit}`);
          // Exact digits, one division: equal to the decimal value up to a tie's rounding.
          expect(Math.abs(got! - Number(num) * mult)).toBeLessThanOrEqual(0.5 + 1e-6 * mult);
        },
      ),
    );
  });

  it.each(['', 'kB', '1***9 kB', 'eta 0:00:00', '12', '3 parsecs', '1.2.3 MB'])(
    '%j is not a size',
    (text) => expect(parseSize(text)).toBeNull(),
  );
});

describe('sizeBefore (a bracketed size read backwards)', () => {
  // What it stands in for: the last ` (` / ` [` before the end, and parseSize inside.
  const general = (t: string, end: number) => {
    const open = t.lastIndexOf(t.charCodeAt(end - 1) === 41 ? ' (' : ' [', end);
    return { open, bytes: open >= 0 ? parseSize(t, open + 2, end - 1) : null };
  };
  const piece = fc.constantFrom(
    ...['0', '1', '7', '42', '316', '.', ',', ' ', 'B', 'kB', 'KB', 'MB', 'GB', 'TB'],
    ...['KiB', 'MiB', 'GiB', 'iB', 'kiB', 'mB', '(', '[', 'x', '/', '  ', '\t'],
  );

  it('answers only where the general way gives the same bracket and bytes', () => {
    let answered = 0;
    fc.assert(
      fc.property(
        fc.string({ maxLength: 12 }),
        fc.oneof(
          fc.array(piece, { maxLength: 7 }).map((a) => a.join('')),
          // Mostly sizes, some of them bent: a stray blank, a second separator, an odd unit.
          fc
            .tuple(
              fc.oneof(
                { arbitrary: fc.stringMatching(/^\d{1,6}$/), weight: 5 },
                { arbitrary: fc.stringMatching(/^\d{14,17}$/), weight: 1 },
              ),
              fc.option(fc.tuple(fc.constantFrom('.', ','), fc.stringMatching(/^\d{0,3}$/))),
              fc.constantFrom('', ' ', '', ' ', '  ', '\t'),
              fc.constantFrom(
                'B',
                'kB',
                'KB',
                'MB',
                'GB',
                'TB',
                'KiB',
                'MiB',
                'GiB',
                'TiB',
                'iB',
                'kiB',
                'b',
              ),
              fc.oneof(
                { arbitrary: fc.constant([]), weight: 4 },
                { arbitrary: fc.array(piece, { maxLength: 2 }), weight: 1 },
              ),
            )
            .map(
              ([int, frac, gap, unit, junk]) =>
                `${int}${frac ? frac.join('') : ''}${gap}${unit}${junk.join('')}`,
            ),
        ),
        fc.oneof(
          { arbitrary: fc.constant(true), weight: 4 },
          { arbitrary: fc.boolean(), weight: 1 },
        ),
        fc.boolean(),
        (before, inside, space, round) => {
          const t = `${before}${space ? ' ' : ''}${round ? '(' : '['}${inside}${round ? ')' : ']'}`;
          const open = sizeBefore(t, t.length);
          if (open < 0) return;
          answered++;
          const g = general(t, t.length);
          expect(open).toBe(g.open);
          expect(SIZE.bytes).toBe(g.bytes);
        },
      ),
      { numRuns: 2000 },
    );
    expect(answered).toBeGreaterThan(200);
  });

  it.each([
    ['x.whl (47 kB)', 5, 47_000],
    ['curl amd64 7.88 [316 kB]', 15, 316_000],
    ['numpy (15.9MiB)', 5, Math.round(15.9 * 2 ** 20)],
    ['a (1,5 MB)', 1, 1_500_000],
    ['a (6924 B)', 1, 6924],
  ])('reads %j', (t, open, bytes) => {
    expect(sizeBefore(t, t.length)).toBe(open);
    expect(SIZE.bytes).toBe(bytes);
  });

  it.each([
    'x ( 47 kB)',
    'x (47 kB )',
    'x (1.2.3 MB)',
    'x (.5 MB)',
    'x (5 iB)',
    'x(47 kB)',
    'x (kB)',
  ])('leaves %j to the general way', (t) => expect(sizeBefore(t, t.length)).toBe(-1));
});

describe('declared indents', () => {
  // A line for each declared start that the parser recognises at the declared indent.
  const samples: Record<string, string> = {
    'Downloading ': 'Downloading numpy (15.9MiB)',
    'Downloaded ': 'Downloaded numpy',
    'Building ': 'Building foo @ file:///app',
    'Built ': 'Built foo @ file:///app',
    'Prepared ': 'Prepared 2 packages in 1.20s',
    'Installed ': 'Installed 2 packages in 1.20s',
    'Resolved ': 'Resolved 2 packages in 1.20s',
    'Audited ': 'Audited 2 packages in 1.20s',
  };
  const cargoSamples: Record<string, string> = {
    'Downloaded ': 'Downloaded serde v1.0.190',
    'Downloading ': 'Downloading serde v1.0.80',
    'Compiling ': 'Compiling serde v1.0.190',
    'Fresh ': 'Fresh serde v1.0.190',
    'Updating ': 'Updating crates.io index',
    'Finished ': 'Finished release [optimized] target(s) in 1.20s',
  };
  const cases = PACKAGE_PARSERS.filter((p) => p.indents).flatMap((p) =>
    Object.entries(p.indents!).map(([start, indent]) => ({ p, start, indent })),
  );

  it('are declared by the tools that right-align their verbs', () => {
    expect([...new Set(cases.map((c) => c.p.tool))].sort()).toEqual(['cargo', 'uv']);
  });

  // The dispatch leaves a parser out at other indents: it must be exactly the parser's own rule.
  it.each(cases.map((c) => [c.p.tool, c.start, c.indent, c] as const))(
    '%s %j: recognised at indent %d and no other',
    (_tool, start, indent, { p }) => {
      expect(p.starts).toContain(start);
      const text = (p.tool === 'cargo' ? cargoSamples : samples)[start];
      for (let i = 0; i < 16; i++) {
        const acc = new PackageAccumulator();
        acc.indent = i;
        const raw = `${' '.repeat(i)}${text}`;
        p.line(raw, i, 0, acc);
        expect(acc.tools.length > 0, `indent ${i}`).toBe(i === indent);
      }
    },
  );
});

describe('the parser list', () => {
  it('has one parser per tool, for every tool', () => {
    // A Record over the union: the compiler fails here when a tool is added to PackageTool.
    const all: Record<PackageTool, true> = {
      pip: true,
      uv: true,
      poetry: true,
      npm: true,
      pnpm: true,
      yarn: true,
      apt: true,
      apk: true,
      go: true,
      cargo: true,
      maven: true,
      gradle: true,
      bundler: true,
      composer: true,
    };
    expect(PACKAGE_PARSERS.map((p) => p.tool).sort()).toEqual(Object.keys(all).sort());
  });

  it('every start is non-empty and no parser lists one twice', () => {
    for (const p of PACKAGE_PARSERS) {
      expect(p.starts.length).toBeGreaterThan(0);
      expect(new Set(p.starts).size).toBe(p.starts.length);
      for (const s of p.starts) expect(s.length).toBeGreaterThan(0);
    }
  });

  // What the dispatch promises: a parser only records facts from lines that begin
  // (after blanks) with one of its `starts`.
  const plainFixtures = readdirSync(FIXTURES).filter(
    (f) => f.endsWith('.log') && !f.includes('rawjson'),
  );
  it.each(plainFixtures)('%s: every fact comes from a line its parser declared', (f) => {
    const m = fixture(f);
    for (const s of allSteps(m)) {
      const p = analyzePackages(s, m.text);
      if (!p) continue;
      for (const fact of [...p.items, ...p.summaries]) {
        const parser = PACKAGE_PARSERS.find((x) => x.tool === fact.tool)!;
        const text = stripLogPrefix(m.text[fact.line]).trimStart();
        expect(parser.starts.some((start) => text.startsWith(start))).toBe(true);
        expect(s.outputLines).toContain(fact.line);
      }
    }
  });
});

describe('analyzePackages', () => {
  it('is null for a step without output, and for output no tool recognises', () => {
    expect(analyzePackages(makeStep({}), [])).toBeNull();
    expect(
      stepOf(['#5 0.100 hello', '#5 0.200 Collecting requests', '#5 0.300 Building...']),
    ).toBeNull();
  });

  it('counts the gap after each download line, not gaps that go backwards (a new interval)', () => {
    const p = stepOf(
      [
        '#5 1.000   Downloading a-1.0.whl (1 kB)',
        '#5 1.500 done',
        '#5 2.000   Downloading b-1.0.whl (2 kB)',
        // The step's next interval: the elapsed time restarts near 0 (§1.3).
        '#5 0.050 again',
        '#5 0.100   Downloading c-1.0.whl (3 kB)',
        'continuation without a prefix',
        '#5 0.400 finished',
      ],
      [1000, 1500, 2000, 50, 100, null, 400],
    );
    expect(p!.downloaded).toBe(3);
    expect(p!.bytesDownloaded).toBe(6000);
    expect(p!.downloadMs).toBe(500 + 300);
  });

  it('caps download time at the step’s duration', () => {
    const p = stepOf(
      ['#5 1.000 go: downloading a.b/c v1.0.0', '#5 9.000 compiled'],
      [1000, 9000],
      2500,
    );
    expect(p!.downloadMs).toBe(2500);
  });

  it('rawjson tool text: logLines when recorded, else the step’s first line with a note', () => {
    const logText = [
      'Collecting x',
      '  Downloading x-1.0-py3-none-any.whl (5 kB)',
      '\x1b[32m   Compiling serde v1.0.1\x1b[0m',
    ];
    const base = {
      outputLines: [40, 41],
      outputElapsedMs: [10, 20],
      logText,
      logElapsedMs: [10, 20, 30],
    };
    const json = Array<string>(50).fill('{"logs":[]}');
    const without = analyzePackages(makeStep(base), json)!;
    expect(without.items.map((e) => [e.tool, e.event, e.line])).toEqual([
      ['pip', 'downloaded', 40],
      ['cargo', 'built', 40], // the tool's colours are removed first
    ]);
    expect(without.notes.some((n) => n.includes('rawjson'))).toBe(true);
    const withLines = analyzePackages(makeStep({ ...base, logLines: [40, 40, 41] }), json)!;
    expect(withLines.items.map((e) => e.line)).toEqual([40, 41]);
    expect(withLines.notes.some((n) => n.includes('rawjson'))).toBe(false);
    expect(withLines.downloadMs).toBe(10);
  });

  it('keeps the tools in the order they first printed', () => {
    const p = stepOf([
      'Get:1 http://deb x InRelease [1 kB]',
      'added 1 package in 1s',
      'Hit:2 http://deb y InRelease',
    ]);
    expect(p!.tools).toEqual(['apt', 'npm']);
  });
});

// ------------------------------------------------------------- properties

/** Lines close to real tool lines, so the parsers' regexes run, mixed with noise. */
const fragments = [
  '  Downloading ',
  'Downloading ',
  ' Downloaded ',
  '  Downloaded ',
  'Downloaded from central: ',
  '  Using cached ',
  'Processing /root/.cache/pip/wheels/',
  '  Building wheel for ',
  '   Building ',
  '      Built ',
  'Prepared ',
  'Installed ',
  'Get:',
  'Hit:',
  'Fetched ',
  'Need to get ',
  ' upgraded, ',
  'Progress: resolved ',
  '➤ YN0013: │ ',
  '[2/4] Fetching packages...',
  'added ',
  'npm http fetch GET 200 ',
  'gyp info it worked if it ends with ok',
  '> node-gyp rebuild',
  'fetch https://',
  '(1/5) Installing ',
  'go: downloading ',
  '   Compiling ',
  '> Task :x FROM-CACHE',
  ' actionable tasks: ',
  'Fetching ',
  'Installing ',
  'Using ',
  '  - Installing ',
  '  - Downloading ',
  'Package operations: ',
  'x.whl',
  ' (47 kB)',
  ' (15.9MiB)',
  ' [1792 kB]',
  ' v1.0.0',
  '/',
  '(',
  ')',
  ': ',
  '1***9',
  '\x1b[31m',
  '\r',
  '#5 0.123 ',
];

const toolish = fc
  .array(
    fc.oneof(fc.constantFrom(...fragments), fc.string({ maxLength: 12 }), fc.nat(5000).map(String)),
    {
      maxLength: 8,
    },
  )
  .map((parts) => parts.join(''));
const line = fc.oneof(
  toolish,
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
);
const elapsed = fc.oneof(fc.constant(null), fc.double({ min: -1000, max: 1e6, noNaN: true }));

describe('properties', () => {
  it('never throws; counts are whole and never negative; download time within the step', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(line, elapsed), { maxLength: 60 }),
        fc.option(fc.nat(1e6)),
        fc.boolean(),
        (rows, durationMs, asLogText) => {
          const lines = rows.map(([l]) => l);
          const times = rows.map(([, e]) => e);
          const step = asLogText
            ? makeStep({
                outputLines: [0],
                outputElapsedMs: [null],
                logText: lines,
                logElapsedMs: times,
                durationMs,
              })
            : makeStep({ outputLines: lines.map((_, i) => i), outputElapsedMs: times, durationMs });
          const p = analyzePackages(step, asLogText ? ['{}'] : lines);
          if (!p) return;
          for (const n of [
            p.downloaded,
            p.reused,
            p.builtFromSource,
            p.bytesDownloaded,
            p.bytesReused,
            p.downloadMs,
          ]) {
            expect(Number.isFinite(n)).toBe(true);
            expect(n).toBeGreaterThanOrEqual(0);
          }
          expect(Number.isInteger(p.downloaded + p.reused + p.builtFromSource)).toBe(true);
          if (durationMs !== null) expect(p.downloadMs).toBeLessThanOrEqual(durationMs);
          expect(p.tools.length).toBeGreaterThan(0);
          for (const e of p.items) expect(step.outputLines).toContain(e.line);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('a stripped prefix is always a prefix of the line', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (s) => {
        for (const l of [s, `#5 ${s}`, `#5 0.1 ${s}`])
          expect(l.endsWith(stripLogPrefix(l))).toBe(true);
      }),
    );
  });
});

describeCorpus('every corpus log', () => {
  const files = [...corpusFiles('real'), ...corpusFiles('engine'), ...corpusFiles('engine-pip')];
  it.each(files)('%s: no throw, facts point at the step’s own lines', (rel) => {
    const m = corpus(rel);
    for (const s of allSteps(m)) {
      const p = analyzePackages(s, m.text);
      if (!p) continue;
      const own = new Set([...s.outputLines, s.outputLines[0] ?? s.statusLineNumbers[0] ?? 0]);
      for (const fact of [...p.items, ...p.summaries]) expect(own.has(fact.line)).toBe(true);
      if (s.durationMs !== null) expect(p.downloadMs).toBeLessThanOrEqual(s.durationMs);
    }
  });
});
