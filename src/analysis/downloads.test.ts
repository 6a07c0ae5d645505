import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Download, DownloadKind, StepPackages } from '../model/analysis';
import type { Build } from '../model/types';
import { readLog } from '../read/read-log';
import { describeCorpus, readCorpus } from '../test-support/corpus';
import { buildDownloads } from './downloads';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fixtureText = (f: string): string => readFileSync(path.join(dir, f), 'utf8');
const fixture = (f: string, i = 0): Build => readLog(readFileSync(path.join(dir, f))).builds[i];
const corpus = (f: string, i = 0): Build => readLog(readCorpus(f)).builds[i];
const none = (b: Build) => b.steps.map(() => null);
const ledger = (b: Build) => buildDownloads(b, none(b));
const ofKind = (items: Download[], k: DownloadKind) => items.filter((d) => d.kind === k);
const refOf = (b: Build, d: Download) => b.steps[d.step].ref;
/** 0-based index of the first input line containing `needle`. */
const lineOf = (text: string, needle: string) =>
  text.split('\n').findIndex((l) => l.includes(needle));

describe('downloads ledger of real logs (fixtures)', () => {
  it('a pull canceled half-way: six blobs, three whole (7.67kB, 1.72kB, 6.42kB), three still at 0B', () => {
    const f = 'plain-short-canceled-context-canceled.log';
    const b = fixture(f);
    const { items, totals } = ledger(b);
    const layers = ofKind(items, 'base-layer');
    expect(layers.map((d) => [d.name.slice(0, 15), d.bytes, d.durationMs])).toEqual([
      ['sha256:60e45a96', 0, 100], // 0B / 42.75MB 0.1s
      ['sha256:e74e4ed8', 0, 100], // 0B / 1.26MB 0.1s
      ['sha256:6178e78b', 7670, null], // 7.67kB / 7.67kB done (the image index: the FROM's @sha256)
      ['sha256:be8d32d6', 1720, null],
      ['sha256:2b56f277', 6420, null],
      ['sha256:2d35ebdb', 0, 100], // 0B / 3.80MB 0.1s
    ]);
    expect(layers.every((d) => refOf(b, d) === 4)).toBe(true);
    expect(totals['base-layer']).toEqual({ count: 6, bytes: 15810, durationMs: 300 });
    // `#5 transferring context: 2.14MB 0.1s done`, though #5 ends CANCELED.
    const [ctx] = ofKind(items, 'context');
    expect(ctx).toMatchObject({
      bytes: 2140000,
      durationMs: 100,
      name: '[internal] load build context',
    });
    expect(ctx.line).toBe(lineOf(fixtureText(f), '#5 transferring context: 2.14MB'));
    // The .dockerignore (`#3 transferring context: 2B`) and the Dockerfile are not the build context.
    expect(totals.context.count).toBe(1);
  });

  it('render: cache import, the imported layers pulled lazily in a CACHED step, cache export to a directory', () => {
    const f = 'ci-render-deploy-nanosecond-ts-local-cache-import-lazy-pull.log';
    const b = fixture(f);
    const { items, totals } = ledger(b);
    const imports = ofKind(items, 'cache-import');
    // `#6 importing cache manifest from local:17224394181499194003` / `#6 DONE 0.0s`.
    expect(imports[0]).toMatchObject({
      name: 'importing cache manifest from local:17224394181499194003',
      bytes: null,
      durationMs: 0,
    });
    expect(refOf(b, imports[0])).toBe(6);
    // `#10 [ 4/11] RUN mkdir -p /app/uploads` is CACHED yet pulls seven blobs; each keeps
    // its last print and gains its `extracting … done` time.
    expect(
      imports.slice(1).map((d) => [refOf(b, d), d.name.slice(0, 15), d.bytes, d.durationMs]),
    ).toEqual([
      [10, 'sha256:fe07684b', 3800000, 100 + 200],
      [10, 'sha256:5432aa91', 42990000, 400 + 1900], // printed at 19.92MB, 34.60MB, 42.99MB
      [10, 'sha256:2506673f', 1260000, 0 + 100],
      [10, 'sha256:98c4889b', 445, 0], // `445B / 445B done`: no time; extracting 0.0s
      [10, 'sha256:88ee5023', 99120000, 900 + 3100],
      [10, 'sha256:2daac478', 89, 0],
      [10, 'sha256:f94c9a15', 113, 0],
    ]);
    expect(totals['cache-import']).toEqual({ count: 8, bytes: 147170647, durationMs: 6700 });
    // The FROM only resolved (`#7 resolve … 0.1s done`): nothing pulled there.
    expect(totals['base-layer'].count).toBe(0);
    expect(ofKind(items, 'context')).toEqual([
      expect.objectContaining({
        bytes: 1060000,
        durationMs: 0,
        line: lineOf(fixtureText(f), 'transferring context: 1.06MB'),
      }),
    ]);
    // `#19 exporting cache to client directory` … `#19 DONE 0.5s`.
    expect(ofKind(items, 'cache-export')).toEqual([
      expect.objectContaining({ name: 'exporting cache to client directory', durationMs: 500 }),
    ]);
    // `#18 exporting layers 2.4s done`, `exporting manifest sha256:…`, `exporting config sha256:…`.
    expect(ofKind(items, 'image-export').map((d) => [d.name.slice(0, 20), d.durationMs])).toEqual([
      ['exporting layers', 2400],
      ['exporting manifest s', null],
      ['exporting config sha', null],
    ]);
    expect(totals.push).toEqual({ count: 0, bytes: 0, durationMs: 0 });
    // Items in line order.
    const lines = items.map((d) => d.line);
    expect([...lines].sort((x, y) => x - y)).toEqual(lines);
  });

  it('d26-03: the build context is 900B; `exporting layers` printed twice counts once; `naming to` is no transfer', () => {
    const b = fixture('d26-03-npm-cold.plain.log');
    const { items, totals } = ledger(b);
    expect(ofKind(items, 'context').map((d) => [refOf(b, d), d.bytes])).toEqual([[5, 900]]);
    expect(ofKind(items, 'image-export').map((d) => [d.name.slice(0, 16), d.durationMs])).toEqual([
      ['exporting layers', 200],
      ['writing image sh', null],
    ]);
    expect(totals['base-layer'].count).toBe(0);
    expect(Object.values(totals).reduce((a, t) => a + t.count, 0)).toBe(items.length);
  });
});

describe('package downloads in the ledger (hand-made StepPackages over d26-07)', () => {
  const f = 'd26-07-apt-cache-cold.plain.log';
  const b = fixture(f);
  const text = fixtureText(f);
  const apt = b.steps.findIndex((s) => s.ref === 5); // [stage-0 2/3] RUN … apt-get install curl jq
  // Three of the `Get:` lines of #5, as the apt parser would report them.
  const pkgs: StepPackages = {
    tools: ['apt'],
    downloaded: 3,
    reused: 1,
    builtFromSource: 0,
    bytesDownloaded: 275000 + 316000 + 64400,
    bytesReused: 0,
    downloadMs: 900,
    items: [
      {
        tool: 'apt',
        event: 'downloaded',
        name: 'libbrotli1',
        bytes: 275000,
        line: lineOf(text, 'libbrotli1 amd64'),
      },
      {
        tool: 'apt',
        event: 'downloaded',
        name: 'curl',
        bytes: 316000,
        line: lineOf(text, 'curl amd64 7.88'),
      },
      {
        tool: 'apt',
        event: 'reused',
        name: 'libpsl5',
        bytes: 58700,
        line: lineOf(text, 'libpsl5'),
      },
      {
        tool: 'apt',
        event: 'downloaded',
        name: 'jq',
        bytes: 64400,
        line: lineOf(text, ' jq amd64'),
      },
    ],
    summaries: [
      // Ignored: apt printed per-package lines.
      {
        tool: 'apt',
        line: lineOf(text, 'Fetched 15.8 MB'),
        text: 'Fetched 15.8 MB in 3s (5327 kB/s)',
        downloaded: null,
        reused: null,
        bytes: 15800000,
      },
    ],
    notes: [],
  };
  const packages = b.steps.map((_, i) => (i === apt ? pkgs : null));

  it('sums the downloaded packages of each tool in a step, and not the reused one', () => {
    const { items, totals } = buildDownloads(b, packages);
    // libbrotli1 275 kB + curl 316 kB + jq 64.4 kB; the packages stay in the step's items.
    expect(
      ofKind(items, 'package').map((d) => [d.step, d.name, d.count, d.bytes, d.durationMs]),
    ).toEqual([[apt, 'apt: 3 packages', 3, 655400, null]]);
    expect(ofKind(items, 'package')[0].line).toBe(pkgs.items[0].line);
    // The kind's time is the step's download time, the items carry none of their own.
    expect(totals.package).toEqual({ count: 3, bytes: 655400, durationMs: 900 });
  });

  it('uses a summary when the tool printed no per-package download', () => {
    const summaryOnly: StepPackages = {
      ...pkgs,
      items: [],
      summaries: [
        {
          tool: 'npm',
          line: 3,
          text: 'added 57 packages in 3s',
          downloaded: 57,
          reused: null,
          bytes: null,
        },
      ],
    };
    const { items, totals } = buildDownloads(
      b,
      b.steps.map((_, i) => (i === apt ? summaryOnly : null)),
    );
    expect(ofKind(items, 'package')).toEqual([
      {
        kind: 'package',
        step: apt,
        name: 'added 57 packages in 3s',
        bytes: null,
        durationMs: null,
        line: 3,
        count: 57,
      },
    ]);
    expect(totals.package.count).toBe(57);
  });

  it('has no package items with no package data', () => {
    expect(buildDownloads(b, none(b)).totals.package).toEqual({
      count: 0,
      bytes: 0,
      durationMs: 0,
    });
  });
});

describeCorpus('downloads ledger of real logs (corpus)', () => {
  it('d26-00 / d20-00 image builds: the base is a local image, so no layer is pulled at all', () => {
    // `#4 [stage-0 1/3] FROM docker.io/local/debian:bookworm` / `#4 DONE 0.0s` (d26), `#4 CACHED` (d20).
    const d26 = ledger(corpus('engine/d26-00-image-python.plain.log'));
    expect(d26.totals['base-layer'].count).toBe(0);
    expect(
      ofKind(d26.items, 'image-export').map((d) => [d.name.slice(0, 16), d.durationMs]),
    ).toEqual([
      ['exporting layers', 700],
      ['writing image sh', null],
    ]);
    // d20 is BuildKit 0.8: `#4 sha256:96d9777b…` after each header is the vertex digest, not a layer.
    const d20 = ledger(corpus('engine/d20-00-image-node.plain.log'));
    expect(d20.totals['base-layer'].count).toBe(0);
    expect(ofKind(d20.items, 'image-export')[0]).toMatchObject({
      name: 'exporting layers',
      durationMs: 3100,
    });
  });

  it('python:3.9-slim pull (lambda): seven blobs, 46.7 MB, download + extract times', () => {
    const b = corpus('real/plain-python-pip-multistage-parallel-lambda.log');
    const { items, totals } = ledger(b);
    expect(
      ofKind(items, 'base-layer').map((d) => [d.name.slice(0, 15), d.bytes, d.durationMs]),
    ).toEqual([
      ['sha256:a40cf9eb', 10410, null], // the image index (the FROM's @sha256), `10.41kB / 10.41kB done`
      ['sha256:78cf9008', 1750, null],
      ['sha256:07f17bb3', 5290, null],
      ['sha256:20a97c0d', 3510000, 100 + 200],
      ['sha256:cd1e1b7e', 14940000, 300 + 800],
      ['sha256:dad67da3', 28230000, 400 + 1500],
      ['sha256:ea13ebdb', 250, 200], // `extracting … done` without a time
    ]);
    expect(totals['base-layer']).toEqual({ count: 7, bytes: 46697700, durationMs: 3500 });
    expect(totals.context).toMatchObject({ count: 1, bytes: 7080000, durationMs: 100 });
  });

  it('nltk app: the python:3.11.8 base was already there (`#5 … FROM …` / `#5 DONE 0.0s`), nothing pulled', () => {
    const { totals } = ledger(corpus('real/plain-python-pip-nltk-ml-app.log'));
    expect(totals['base-layer'].count).toBe(0);
    expect(totals.context).toMatchObject({ count: 1, bytes: 2360 }); // `transferring context: 2.36kB done`
  });

  it('n8n: a 764.24 MB context sent in 12.6 s (the 267.31MB and 524.69MB prints do not count)', () => {
    const b = corpus('real/plain-script-wrapped-n8n-arm64-big-context.log');
    const { items, totals } = ledger(b);
    expect(totals.context).toEqual({ count: 1, bytes: 764240000, durationMs: 12600 });
    expect(ofKind(items, 'context').map((d) => [refOf(b, d), d.bytes, d.durationMs])).toEqual([
      [9, 764240000, 12600],
    ]);
    // n8nio/base: four blobs downloaded, and `extracting sha256:4f4fb700…` with no download before it.
    const layers = ofKind(items, 'base-layer');
    expect(layers.map((d) => [d.name.slice(0, 26), d.bytes])).toEqual([
      ['sha256:744d7a27d4c901b933a', 28260000],
      ['sha256:c712bb59ac9f218f166', 446],
      ['sha256:1494ccb64b72be65db1', 1260000],
      ['sha256:a110d1eff85dcd1174f', 51250000],
      ['extracting sha256:4f4fb700', null],
    ]);
    expect(layers[0].durationMs).toBe(8000 + 400); // `28.26MB / 28.26MB 8.0s done`, extracting 0.4s
    // The containerd image store unpacks the image after export: `unpacking to … 7.6s done`.
    expect(
      ofKind(items, 'image-export').find((d) => d.name.startsWith('unpacking to'))?.durationMs,
    ).toBe(7600);
  });

  it('gradle build-push: 9 + 8 blobs (588.78 MB), a git context, and the push lines', () => {
    const b = corpus('real/ci-github-build-push-git-context-gradle-push.log', 1);
    const { items, totals } = ledger(b);
    // #6 gradle:8.5-jdk17: 170 + 132.54M + 4.36k + 51.55M + 733 + 173 + 144.90M + 17.46M + 30.45M;
    // #7 tomcat:10.1-jdk17: 32 + 2.28k + 14.34M + 139 + 159 + 22.96M + 29.72M + 144.85M.
    expect(ofKind(items, 'base-layer').filter((d) => refOf(b, d) === 6)).toHaveLength(9);
    expect(ofKind(items, 'base-layer').filter((d) => refOf(b, d) === 7)).toHaveLength(8);
    expect(totals['base-layer'].bytes).toBe(376905436 + 211872610);
    expect(ofKind(items, 'context')).toEqual([
      expect.objectContaining({
        bytes: null,
        durationMs: 600,
        name: expect.stringMatching(/^\[internal\] load git source https:/),
      }),
    ]);
    expect(ofKind(items, 'push').map((d) => [d.name.slice(0, 40), d.durationMs])).toEqual([
      ['pushing layers', 2100],
      ['pushing manifest for docker.io/jesuuslop', 2600],
    ]);
    expect(totals.push).toEqual({ count: 2, bytes: 0, durationMs: 4700 });
  });
});
