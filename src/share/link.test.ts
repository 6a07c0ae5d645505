import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { analyze } from '../analysis/analyze';
import { buildViewDoc } from '../analysis/view-doc';
import { readLog } from '../read/read-log';
import { corpusFiles, describeCorpus, readCorpus } from '../test-support/corpus';
import { toBase64Url } from './compress';
import {
  decodeShareLink,
  encodeShareLink,
  encodePayload,
  LINK_LIMITS,
  shareFragment,
  type CompactPayload,
  type SharePayload,
} from './link';
import { initialShareView, type ShareView } from './view';

const repo = (rel: string) => readFileSync(new URL(`../../${rel}`, import.meta.url));
const json = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

/** A compact payload straight from the analysis (redaction has its own tests). */
function compactOf(bytes: Uint8Array, label: string): CompactPayload {
  const model = readLog(bytes);
  const analyses = analyze(model);
  const doc = buildViewDoc(model, analyses, label);
  return {
    kind: 'compact',
    doc,
    packages: doc.builds.map((b) =>
      b.steps.map((s) => {
        const p = analyses[b.index].packages[s.index];
        return p ? { items: p.items, notes: p.notes } : null;
      }),
    ),
  };
}

const SAMPLES = [
  'public/samples/multistage-parallel.log',
  'public/samples/failed-build.log',
  'public/samples/pip-cache-warm.log',
  'public/samples/github-actions.log',
  'e2e/fixtures/two-builds.log',
];

const VIEW: ShareView = {
  build: 0,
  step: 7,
  zoom: [1200, 5600],
  filters: { statuses: ['done', 'error'], stage: 'build a', text: 'npm & ci' },
  sort: { key: 'duration', dir: 'desc' },
  line: 42,
};

describe('a share link', () => {
  it.each(SAMPLES)('round-trips the full and the compact payload of %s, with the view', (rel) => {
    const full: SharePayload = { kind: 'full', label: rel, log: repo(rel).toString('utf8') };
    for (const payload of [full, compactOf(repo(rel), rel)]) {
      const decoded = decodeShareLink(`#${encodeShareLink(payload, VIEW)}`);
      expect(decoded).toEqual({ ok: true, version: 1, payload: json(payload), view: VIEW });
    }
  });

  it('re-reads to the same analysis from a full link', () => {
    const rel = 'public/samples/github-actions.log';
    const text = repo(rel).toString('utf8');
    const decoded = decodeShareLink(encodeShareLink({ kind: 'full', label: rel, log: text }, VIEW));
    if (!decoded.ok || decoded.payload.kind !== 'full') throw new Error('not decoded');
    const again = readLog(decoded.payload.log);
    const model = readLog(text);
    expect(json(analyze(again))).toEqual(json(analyze(model)));
    expect(again.builds[0].steps.map((s) => [s.startMs, s.endMs, s.status])).toEqual(
      model.builds[0].steps.map((s) => [s.startMs, s.endMs, s.status]),
    );
  });

  it('leaves the initial view out of the link and reads it back as initial', () => {
    const token = encodePayload({ kind: 'full', label: 'x', log: 'y' });
    expect(shareFragment(token, initialShareView())).toBe(`share=${token}`);
    const decoded = decodeShareLink(shareFragment(token, initialShareView()));
    expect(decoded.ok && decoded.view).toEqual(initialShareView());
  });

  it('opens the frozen version-1 link forever (fixtures/link-v1.txt)', () => {
    const link = readFileSync(new URL('./fixtures/link-v1.txt', import.meta.url), 'utf8').trim();
    const decoded = decodeShareLink(link);
    if (!decoded.ok) throw new Error(decoded.message);
    expect(decoded.version).toBe(1);
    expect(decoded.view).toEqual({ ...initialShareView(), step: 8, zoom: [0, 3000] });
    if (decoded.payload.kind !== 'compact') throw new Error('the frozen link is a compact one');
    const [b] = decoded.payload.doc.builds;
    expect(b.steps).toHaveLength(13);
    expect(b.steps[8].name).toMatch(/^\[build-a 1\/1\] RUN for i in 1 2 3 4 5/);
  });
});

describe('a bad share link', () => {
  const token = encodePayload(compactOf(repo(SAMPLES[0]), 'sample'));

  it('cut short says it is damaged', () => {
    for (const cut of [10, token.length / 2, token.length - 3]) {
      const d = decodeShareLink(`share=${token.slice(0, cut)}`);
      expect(d.ok).toBe(false);
      if (!d.ok) expect(d).toMatchObject({ problem: 'damaged', message: /damaged|not valid/ });
    }
  });

  it('from a newer plainsight says so', () => {
    const d = decodeShareLink(`share=2.${token.slice(2)}`);
    expect(d).toMatchObject({ ok: false, problem: 'newer-version', message: /newer plainsight/ });
  });

  it('longer than a browser carries is refused before unpacking', () => {
    const d = decodeShareLink(`share=1.${'A'.repeat(LINK_LIMITS.maxChars)}`);
    expect(d).toMatchObject({ ok: false, problem: 'too-large' });
  });

  it('that unpacks to more than the cap (a zip bomb) is refused', () => {
    // 100 MB of spaces inside a JSON string deflate to about 100 kB.
    const bomb = deflateSync(
      new TextEncoder().encode(
        `{"kind":"full","label":"x","log":"${' '.repeat(100 * 1024 * 1024)}"}`,
      ),
    );
    expect(bomb.length).toBeLessThan(200_000);
    const d = decodeShareLink(`share=1.${toBase64Url(bomb)}`);
    expect(d).toMatchObject({ ok: false, problem: 'too-large', message: /64 MB/ });
  });

  it('whose references do not land is refused, naming the field', () => {
    const p = compactOf(repo(SAMPLES[0]), 'sample');
    p.doc.builds[0].criticalPath.push(99);
    const d = decodeShareLink(encodeShareLink(p, initialShareView()));
    expect(d).toMatchObject({ ok: false, problem: 'damaged', message: /critical path/ });
    const q = compactOf(repo(SAMPLES[0]), 'sample');
    (q.doc.builds[0].steps[3] as { status: string }).status = '<img src=x onerror=alert(1)>';
    const e = decodeShareLink(encodeShareLink(q, initialShareView()));
    expect(e).toMatchObject({ ok: false, message: /builds\.0\.steps\.3\.status/ });
  });

  it('that would stall the views (huge lanes or times, duplicate groups) is refused', () => {
    const hostile = [
      (p: CompactPayload) => (p.doc.builds[0].groups[0].lanes = 2e9),
      (p: CompactPayload) => (p.doc.builds[0].steps[2].startMs = 1e20),
      (p: CompactPayload) => p.doc.builds[0].groups.push({ ...p.doc.builds[0].groups[0] }),
    ];
    for (const spoil of hostile) {
      const p = compactOf(repo(SAMPLES[0]), 'sample');
      spoil(p);
      expect(decodeShareLink(encodeShareLink(p, initialShareView()))).toMatchObject({
        ok: false,
        problem: 'damaged',
      });
    }
  });

  it('with a malformed view keeps the payload and drops the bad view parts', () => {
    const d = decodeShareLink(
      `share=${token}&step=abc&zoom=9-3&status=done,evil&sort=x-asc&build=-1`,
    );
    expect(d.ok && d.view).toEqual({
      ...initialShareView(),
      filters: { ...initialShareView().filters, statuses: ['done'] },
    });
  });
});

describe('share-link properties', () => {
  const view = fc.record({
    build: fc.nat(50),
    step: fc.option(fc.nat(5000)),
    zoom: fc.option(
      fc
        .tuple(fc.nat(1e6), fc.integer({ min: 1, max: 1e6 }))
        .map(([a, d]) => [a, a + d] as [number, number]),
    ),
    filters: fc.record({
      statuses: fc.uniqueArray(
        fc.constantFrom('done', 'cached', 'error', 'canceled', 'unfinished' as const),
      ),
      stage: fc.option(fc.string({ maxLength: 50 })),
      text: fc.string({ maxLength: 50 }),
    }),
    sort: fc.record({
      key: fc.constantFrom('start', 'duration', 'name', 'status', 'stage', 'ref' as const),
      dir: fc.constantFrom('asc', 'desc' as const),
    }),
    line: fc.option(fc.nat(1e6)),
  });

  it('round-trip any full payload and view', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }),
        fc.string({ unit: 'binary', maxLength: 2000 }),
        view,
        (label, log, v) => {
          const d = decodeShareLink(encodeShareLink({ kind: 'full', label, log }, v as ShareView));
          expect(d).toEqual({
            ok: true,
            version: 1,
            payload: { kind: 'full', label, log },
            view: {
              ...v,
              filters: {
                ...v.filters,
                statuses: ['done', 'cached', 'error', 'canceled', 'unfinished'].filter((s) =>
                  v.filters.statuses.includes(s as never),
                ),
              },
            },
          });
        },
      ),
    );
  });

  it('round-trip a compact model whatever its texts say', () => {
    const base = compactOf(repo(SAMPLES[1]), 'sample');
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'binary', maxLength: 80 }), { minLength: 1 }),
        (texts) => {
          let k = 0;
          const p = json(base);
          for (const s of p.doc.builds[0].steps) {
            s.name = texts[k++ % texts.length];
            s.error = texts[k++ % texts.length];
          }
          p.doc.label = texts[0];
          const d = decodeShareLink(encodeShareLink(p, initialShareView()));
          expect(d.ok && d.payload).toEqual(p);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('decode never throws, whatever the fragment', () => {
    const deflated = fc
      .string({ unit: 'binary' })
      .map((s) => `1.${toBase64Url(deflateSync(new TextEncoder().encode(s)))}`);
    const jsonish = fc
      .jsonValue()
      .map((v) => `1.${toBase64Url(deflateSync(new TextEncoder().encode(JSON.stringify(v))))}`);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string().map((s) => `share=${s}`),
          deflated.map((t) => `share=${t}`),
          jsonish.map((t) => `#share=${t}&step=1`),
        ),
        (hash) => {
          const d = decodeShareLink(hash);
          expect(typeof d.ok).toBe('boolean');
          if (!d.ok) expect(d.message.length).toBeGreaterThan(20);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describeCorpus('share links of the corpus', () => {
  it.each([...corpusFiles('real'), ...corpusFiles('engine'), ...corpusFiles('engine-pip')])(
    'round-trip the compact model of %s',
    (rel) => {
      const p = compactOf(readCorpus(rel), rel);
      const d = decodeShareLink(encodeShareLink(p, initialShareView()));
      if (!d.ok) throw new Error(d.message);
      expect(d.payload).toEqual(json(p));
    },
  );
});
