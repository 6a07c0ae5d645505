/**
 * npm, pnpm and Yarn. npm and pnpm against real logs (engine d26-03/04/05 and
 * the easypanel compose-bake log, copied as fixtures); Yarn and npm's
 * `--loglevel=http` / node-gyp lines from fixtures written from FORMAT.md §7's
 * shapes, since the corpus has none.
 */
import { describe, expect, it } from 'vitest';
import { describeCorpus } from '../../test-support/corpus';
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

const NPM_NOTE = 'npm prints no per-package cache information without --loglevel=http.';

describe('npm (engine fixtures)', () => {
  it('d26-03 cold: the summary only, with the note; nothing in downloaded', () => {
    const m = fixture('d26-03-npm-cold.plain.log');
    const p = packagesOf(m, 8);
    expect(counts(p)).toEqual({
      tools: ['npm'],
      downloaded: 0,
      reused: 0,
      builtFromSource: 0,
      bytesDownloaded: 0,
      bytesReused: 0,
    });
    expect(p!.summaries).toEqual([
      {
        tool: 'npm',
        line: 28, // grep -n 'added 73' → 29 (1-based)
        text: 'added 73 packages in 3s',
        downloaded: null,
        reused: null,
        bytes: null,
      },
    ]);
    expect(p!.notes).toEqual([NPM_NOTE]);
    // Only #8 printed package-manager lines.
    expect([...analyzedSteps(m).keys()]).toEqual(['#8']);
  });

  it('d26-04 fully cached: no package output at all', () => {
    const m = fixture('d26-04-npm-cached.plain.log');
    for (const s of allSteps(m)) expect(analyzePackages(s, m.text)).toBeNull();
  });

  it('d26-05 package.json changed: the install re-ran', () => {
    const m = fixture('d26-05-npm-pkgjson-changed.plain.log');
    const p = packagesOf(m, 8);
    expect(p!.summaries.map((s) => s.text)).toEqual(['added 92 packages in 4s']);
    expect(counts(p)).toMatchObject({ downloaded: 0, reused: 0 });
    // The EBADENGINE warnings are not package lines.
    expect(p!.items).toEqual([]);
  });

  it('--loglevel=http: tarballs by cache status; node-gyp builds', () => {
    const m = fixture('npm-http-gyp.plain.log');
    const p = packagesOf(m, 2);
    expect(names(p, 'reused')).toEqual(['lodash-4.17.21.tgz', 'express-4.18.2.tgz']);
    expect(names(p, 'downloaded')).toEqual(['left-pad-1.3.0.tgz']);
    expect(p!.notes).toEqual([]); // http lines present: nothing unknown
    // Only the miss counts as download time: 0.950 → 1.160 (the packument was revalidated).
    expect(p!.downloadMs).toBe(210);
    const gyp = packagesOf(m, 3);
    // `> node-gyp rebuild` and node-gyp's `gyp info it worked …` are one build, named by the banner.
    expect(names(gyp, 'built')).toEqual(['bcrypt@5.1.1']);
    expect(gyp!.summaries.map((s) => s.text)).toEqual([
      'added 68 packages from 42 contributors and audited 142 packages in 9.874s',
    ]);
  });
});

describeCorpus('npm (corpus)', () => {
  it('the rawjson runs of d26-03 and d26-05 say the same', () => {
    for (const [f, text] of [
      ['engine/d26-03-npm-cold.rawjson.log', 'added 73 packages in 3s'],
      ['engine/d26-05-npm-pkgjson-changed.rawjson.log', 'added 92 packages in 4s'],
    ]) {
      const found = [...analyzedSteps(corpus(f)).values()];
      expect(found.map((p) => p.summaries.map((s) => s.text))).toEqual([[text]]);
    }
  });

  it('d26-04 rawjson: nothing either', () => {
    expect(analyzedSteps(corpus('engine/d26-04-npm-cached.rawjson.log')).size).toBe(0);
  });
});

describe('pnpm (real log fixture: easypanel compose bake)', () => {
  const m = fixture('plain-easypanel-compose-bake-4-services-uv-pnpm-nextjs.log');

  it('only the last Progress line of a run counts', () => {
    // grep -c '^#58 [0-9.]* Progress' → 49 lines; the last (line 621, 1-based) ends `, done`.
    const p = packagesOf(m, 58);
    expect(p!.summaries).toEqual([
      {
        tool: 'pnpm',
        line: 620,
        text: 'Progress: resolved 338, reused 0, downloaded 338, added 338, done',
        downloaded: 338,
        reused: 0,
        bytes: null,
      },
    ]);
    expect(counts(p)).toMatchObject({ tools: ['pnpm'], downloaded: 338, reused: 0 });
    // 66 lines for #59; the last: `resolved 726, reused 0, downloaded 726, added 726, done` (line 645).
    const q = packagesOf(m, 59);
    expect(q!.summaries.map((s) => [s.line, s.downloaded, s.reused])).toEqual([[644, 726, 0]]);
    expect(counts(q)).toMatchObject({ downloaded: 726, reused: 0 });
    expect(q!.items).toEqual([]);
  });

  it('counts download time where the downloaded count grew, within the step’s time', () => {
    const p = packagesOf(m, 58)!;
    expect(p.downloadMs).toBeGreaterThan(0);
    expect(p.downloadMs).toBeLessThanOrEqual(89_100); // `#58 DONE 89.1s`
  });
});

describeCorpus('pnpm with digits masked by the CI', () => {
  it('a masked count is unknown, not a number', () => {
    const m = corpus('real/ci-gitea-act-runner-two-parallel-builds-interleaved-masked-digits.log');
    const all = [...analyzedSteps(m).values()].flatMap((p) => p.summaries);
    const masked = all.find((s) => s.text.includes('downloaded 1***9'))!;
    expect(masked.downloaded).toBeNull();
    expect(masked.reused).toBe(0);
    // The unmasked run of the same log: `resolved 711, reused 0, downloaded 711, added 711, done`.
    expect(all.some((s) => s.downloaded === 711 && s.text.endsWith('done'))).toBe(true);
  });
});

describe('Yarn (fixture from FORMAT.md §7 shapes)', () => {
  const m = fixture('yarn.plain.log');

  it('Yarn 1: recognised, nothing per package', () => {
    const p = packagesOf(m, 2);
    expect(counts(p)).toMatchObject({ tools: ['yarn'], downloaded: 0, reused: 0 });
    expect(p!.notes).toEqual(['Yarn 1 prints no per-package download or cache information.']);
  });

  it('Yarn 2–3: one download per YN0013', () => {
    const p = packagesOf(m, 3);
    expect(events(p, 'downloaded').map((e) => e.name)).toEqual([
      'lodash@npm:4.17.21',
      'left-pad@npm:1.3.0',
    ]);
  });

  it('Yarn 2–3 with a warm cache: no YN0013 in the fetch step', () => {
    const p = packagesOf(m, 4);
    expect(counts(p)).toMatchObject({ downloaded: 0, reused: 0 });
    expect(p!.notes[0]).toMatch(/found every package in its cache/);
  });

  it('Yarn 4: the added-to-project line is a summary, not downloads', () => {
    const p = packagesOf(m, 5);
    expect(counts(p)).toMatchObject({ downloaded: 0, reused: 0 });
    expect(p!.summaries.map((s) => [s.text, s.downloaded])).toEqual([
      ['➤ YN0013: │ 94 packages were added to the project (+ 89.9 MiB).', null],
    ]);
  });
});
