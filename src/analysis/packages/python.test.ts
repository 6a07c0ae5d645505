/**
 * pip, uv and Poetry against real logs: the engine-pip captures and their
 * hand-checked expected-pip.json (corpus), and fixtures copied from them.
 */
import { describe, expect, it } from 'vitest';
import type { LogModel } from '../../model/types';
import { HAVE_CORPUS, corpusFiles, describeCorpus, readCorpus } from '../../test-support/corpus';
import { parseSize } from './sizes';
import {
  allSteps,
  analyzedSteps,
  corpus,
  counts,
  events,
  fixture,
  names,
  packagesOf,
} from './test-helpers';
import { analyzePackages } from './index';

// ---------------------------------------------------------------- pip

interface ExpectedStep {
  downloaded: [string, string][];
  reused: string[];
  builtFromSource: string[];
}

/**
 * pip's facts of each step, shaped like expected-pip.json: downloaded as
 * [file name, size as printed] — the size read back from the input line the
 * event points at, which also proves the line attribution.
 */
function pipByStep(model: LogModel): Record<string, ExpectedStep> {
  const out: Record<string, ExpectedStep> = {};
  for (const [ref, p] of analyzedSteps(model)) {
    const pip = p.items.filter((e) => e.tool === 'pip');
    if (!pip.length) continue;
    out[ref] = {
      downloaded: pip
        .filter((e) => e.event === 'downloaded')
        .map((e) => {
          const size = /\(([^()]+)\)\s*$/.exec(model.text[e.line])?.[1] ?? '';
          expect(e.bytes).toBe(parseSize(size));
          return [e.name, size];
        }),
      reused: pip.filter((e) => e.event === 'reused').map((e) => e.name),
      builtFromSource: pip.filter((e) => e.event === 'built').map((e) => e.name),
    };
  }
  return out;
}

describeCorpus('pip: every engine-pip capture matches expected-pip.json', () => {
  // Read only when the corpus is there: a skipped suite's body still runs to collect its tests.
  const expected = (
    HAVE_CORPUS
      ? JSON.parse(new TextDecoder().decode(readCorpus('engine-pip/expected-pip.json')))
      : {}
  ) as Record<string, Record<string, ExpectedStep>>;
  const files = corpusFiles('engine-pip', /\.(plain|gha)\.log$/);

  it('has the 13 captures in both forms', () => {
    expect(files.length).toBe(26);
    for (const f of files) expect(expected[f.slice('engine-pip/'.length)]).toBeDefined();
  });

  it.each(files)('%s', (rel) => {
    const model = corpus(rel);
    expect(pipByStep(model)).toEqual(expected[rel.slice('engine-pip/'.length)]);
  });

  // The rawjson runs: steps are named by digest, so `#N` is found through the plain run's names.
  it.each(['pip-cache-cold', 'pip-cache-warm'])('%s.rawjson.log', (name) => {
    const plain = corpus(`engine-pip/${name}.plain.log`);
    const raw = corpus(`engine-pip/${name}.rawjson.log`);
    for (const [ref, want] of Object.entries(expected[`${name}.rawjson.log`])) {
      const stepName = allSteps(plain).find((s) => `#${s.ref}` === ref)!.name;
      const s = allSteps(raw).find((x) => x.name === stepName)!;
      const p = analyzePackages(s, raw.text);
      expect(events(p, 'downloaded').map((e) => [e.name, e.bytes])).toEqual(
        want.downloaded.map(([n, size]) => [n, parseSize(size)]),
      );
      expect(names(p, 'reused')).toEqual(want.reused);
      expect(names(p, 'built')).toEqual(want.builtFromSource);
    }
  });
});

describe('pip (fixtures copied from engine-pip)', () => {
  it('cold cache: six downloads, two sdists built once each', () => {
    const m = fixture('pip-cache-cold.plain.log');
    const p = packagesOf(m, 9);
    // From expected-pip.json, "pip-cache-cold.plain.log" #9.
    expect(events(p, 'downloaded').map((e) => [e.name, e.bytes])).toEqual([
      ['plainsight_demo_alpha-1.0.0-py3-none-any.whl', 47_000],
      ['plainsight_demo_beta-2.1.0-py3-none-any.whl', 822_000],
      ['plainsight-demo-gamma-0.3.0.tar.gz', 142_000],
      ['plainsight_demo_delta-1.4.2-py3-none-any.whl', 3_100_000],
      ['plainsight-demo-epsilon-0.9.1.tar.gz', 1_600_000],
      ['plainsight_demo_iota-0.2.0-py3-none-any.whl', 12_000],
    ]);
    // `Building wheel … started` + `… finished` + `Created wheel` is one build.
    expect(names(p, 'built')).toEqual(['plainsight-demo-gamma', 'plainsight-demo-epsilon']);
    expect(counts(p)).toEqual({
      tools: ['pip'],
      downloaded: 6,
      reused: 0,
      builtFromSource: 2,
      bytesDownloaded: 5_723_000,
      bytesReused: 0,
    });
    // Gaps from each `Downloading` line to the next timed line (the progress bar):
    // 0.562→0.570, 0.589→0.606, 0.620→0.628, 3.188→3.240, 3.260→3.285, 5.765→5.772 s.
    expect(p!.downloadMs).toBe(8 + 17 + 8 + 52 + 25 + 7);
    expect(p!.notes.join(' ')).toMatch(/build dependencies/);
    // `Requirement already satisfied` is neither a download nor a reuse.
    expect(counts(packagesOf(m, 10))).toMatchObject({ downloaded: 1, reused: 0 });
    expect(packagesOf(m, 12)).toBeNull(); // RUN python app.py
  });

  it('warm cache: reused with and without a size, one new download', () => {
    const m = fixture('pip-cache-warm.plain.log');
    const p = packagesOf(m, 9);
    expect(events(p, 'reused').map((e) => [e.name, e.bytes])).toEqual([
      ['plainsight_demo_alpha-1.0.0-py3-none-any.whl', 47_000],
      ['plainsight_demo_beta-2.1.0-py3-none-any.whl', 822_000],
      ['plainsight_demo_gamma-0.3.0-py3-none-any.whl', null],
      ['plainsight_demo_delta-1.4.2-py3-none-any.whl', 3_100_000],
      ['plainsight_demo_epsilon-0.9.1-py3-none-any.whl', null],
      ['plainsight_demo_iota-0.2.0-py3-none-any.whl', 12_000],
    ]);
    expect(events(p, 'downloaded').map((e) => [e.name, e.bytes])).toEqual([
      ['plainsight_demo_theta-1.2.0-py3-none-any.whl', 622_000],
    ]);
    expect(counts(p)).toMatchObject({ builtFromSource: 0, bytesReused: 3_981_000 });
    // The event points at its own input line.
    expect(m.text[events(p, 'downloaded')[0].line]).toContain('Downloading http://');
  });

  it('rawjson: same facts, each item at the JSON object its text came in', () => {
    const m = fixture('pip-cache-warm.rawjson.log');
    const s = allSteps(m).find((x) => x.name.includes('-r requirements.txt'))!;
    const p = analyzePackages(s, m.text)!;
    expect(counts(p)).toMatchObject({ downloaded: 1, reused: 6, builtFromSource: 0 });
    const lines = p.items.map((e) => e.line);
    // The objects are pretty-printed (BuildKit v0.13, FORMAT.md §5): each starts with `{`
    // on a line of its own, and its lines belong to the step as output.
    for (const l of lines) {
      expect(m.text[l]).toBe('{');
      expect(s.outputLines).toContain(l);
    }
    expect([...lines].sort((a, b) => a - b)).toEqual(lines);
    expect(p.notes.join(' ')).not.toMatch(/rawjson/);
  });

  it('pip ≥ 23.3: metadata fetches are not packages; unindented downloads are', () => {
    const p = packagesOf(fixture('pip-24-unindented-excerpt.plain.log'), 23);
    // grep -c 'Downloading .*metadata' = 3 (not counted); 3 `Downloading x.whl (size)` at column 0.
    expect(events(p, 'downloaded').map((e) => [e.name, e.bytes])).toEqual([
      ['pip-25.2-py3-none-any.whl', 1_800_000],
      ['setuptools-80.9.0-py3-none-any.whl', 1_200_000],
      ['wheel-0.45.1-py3-none-any.whl', 72_000],
    ]);
    // Metadata lines count as download time: 2.196→2.201, 2.919→2.963, 2.987→3.067;
    // downloads 3.067→3.187, 3.213→3.310, 3.421→3.426.
    expect(p!.downloadMs).toBe(5 + 44 + 80 + 120 + 97 + 5);
  });
});

describeCorpus('pip in other real logs', () => {
  it('3-services log: counts of non-metadata `Downloading` lines per step', () => {
    const m = corpus(
      'real/plain-compose-bake-3-services-arm64-containerd-unpacking-pip-nextjs.log',
    );
    // grep '^#26 ' … | grep 'Downloading ' | grep -vc metadata → 159; the same for #30; #23 → 3.
    expect(packagesOf(m, 26)!.downloaded).toBe(159);
    expect(packagesOf(m, 30)!.downloaded).toBe(159);
    expect(packagesOf(m, 23)!.downloaded).toBe(3);
  });

  it('engine python-app: `Processing /app` is the project, built once', () => {
    const p = packagesOf(corpus('engine/d26-21-python-app.plain.log'), 11);
    expect(counts(p)).toMatchObject({ downloaded: 0, reused: 0, builtFromSource: 1 });
    expect(names(p, 'built')).toEqual(['demo-calc']);
  });
});

// ---------------------------------------------------------------- uv

describe('uv (real log fixture: easypanel compose bake)', () => {
  const m = fixture('plain-easypanel-compose-bake-4-services-uv-pnpm-nextjs.log');

  it('#55: three large downloads, two local builds, Prepared/Installed for the rest', () => {
    const p = packagesOf(m, 55);
    expect(events(p, 'downloaded').map((e) => [e.name, e.bytes])).toEqual([
      ['sqlalchemy', Math.round(3.1 * 2 ** 20)],
      ['pydantic-core', 2 * 2 ** 20],
      ['asyncpg', Math.round(3.3 * 2 ** 20)],
    ]);
    // `Building x` + `Built x` is one build.
    expect(names(p, 'built')).toEqual(['bigheadct-pycore', 'bigheadct-api']);
    // `Prepared 48` − 2 built = 46 downloaded; `Installed 48` − `Prepared 48` = 0 from the cache.
    expect(counts(p)).toMatchObject({ downloaded: 46, reused: 0, builtFromSource: 2 });
    expect(p!.summaries.map((s) => s.text)).toEqual([
      'Prepared 48 packages in 4.52s',
      'Installed 48 packages in 4.06s',
    ]);
    // Downloads in flight from the first `Downloading` (1.587) to the last ` Downloaded` (4.326).
    expect(p!.downloadMs).toBe(4326 - 1587);
  });

  it('#49: one large download, two builds, Prepared 38', () => {
    const p = packagesOf(m, 49);
    expect(counts(p)).toMatchObject({
      tools: ['uv'],
      downloaded: 38 - 2,
      reused: 0,
      builtFromSource: 2,
      bytesDownloaded: 2 * 2 ** 20,
    });
    expect(p!.downloadMs).toBe(2247 - 1687);
    expect(p!.notes.join(' ')).toMatch(/Prepared/);
  });

  it('no other step of the log is taken for uv', () => {
    const uvSteps = [...analyzedSteps(m)].filter(([, p]) => p.tools.includes('uv'));
    expect(uvSteps.map(([ref]) => ref).sort()).toEqual(['#49', '#55']);
  });
});

// ---------------------------------------------------------------- Poetry

describe('Poetry (excerpt of a real log)', () => {
  it('says what was installed, not where it came from', () => {
    const p = packagesOf(fixture('poetry-gerapy-excerpt.plain.log'), 13);
    expect(counts(p)).toEqual({
      tools: ['poetry'],
      downloaded: 0,
      reused: 0,
      builtFromSource: 0,
      bytesDownloaded: 0,
      bytesReused: 0,
    });
    expect(p!.summaries.map((s) => s.text)).toEqual([
      'Package operations: 92 installs, 0 updates, 0 removals',
    ]);
    expect(p!.notes.join(' ')).toMatch(/Poetry prints no download or cache lines/);
  });
});

describeCorpus('Poetry in the UTF-16 corpus log', () => {
  it('reads the same from the original file', () => {
    const m = corpus('real/mangled-powershell-utf16le-gbk-mojibake-pip-bars-truncated.log');
    const p = packagesOf(m, 13);
    expect(p!.tools).toEqual(['poetry']);
    expect(p!.summaries[0].text).toBe('Package operations: 92 installs, 0 updates, 0 removals');
  });
});
