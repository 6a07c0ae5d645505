import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CacheBreak, LayerCache } from '../model/analysis';
import type { Build } from '../model/types';
import { readLog } from '../read/read-log';
import { describeCorpus, readCorpus } from '../test-support/corpus';
import { analyzeLayerCache, changedPart } from './cache';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fixture = (f: string, i = 0): Build => readLog(readFileSync(path.join(dir, f))).builds[i];
const corpus = (f: string, i = 0): Build => readLog(readCorpus(f)).builds[i];

/** A break as `#ref reason ← #ref,#ref`, so a failure shows the log's own numbers. */
function brief(b: Build, br: CacheBreak): string {
  const ref = (i: number) => `#${b.steps[i].ref}`;
  return `${ref(br.step)} ${br.reason} <- ${br.rerun.map(ref).join(',')}`;
}
const briefs = (b: Build, c: LayerCache) => c.breaks.map((br) => brief(b, br));
const nameOf = (b: Build, br: CacheBreak) => b.steps[br.step].name;

describe('layer cache of the engine npm builds (fixtures)', () => {
  it('d26-03, cold: nothing cached, one break at the first step after FROM, a --no-cache/first-build hint', () => {
    const b = fixture('d26-03-npm-cold.plain.log');
    const c = analyzeLayerCache(b);
    // `[stage-0 1/7] FROM` … `[stage-0 7/7]`: 7 Dockerfile steps, the FROM counted apart.
    expect(c).toMatchObject({ steps: 7, cached: 0, executed: 6, ratio: 0 });
    // #1 load build definition, #2 load metadata, #3 .dockerignore, #5 build context; #12 exporting.
    expect(c.other).toEqual({
      internal: 4,
      base: 1,
      export: 1,
      cacheImport: 0,
      cacheExport: 0,
      other: 0,
    });
    // DONE 0.0 + 0.0 + 4.2 + 0.0 + 0.5 + 0.5 s.
    expect(c.executedMs).toBe(5200);
    expect(briefs(b, c)).toEqual(['#6 no-cache <- #7,#8,#9,#10,#11']);
    expect(c.breaks[0].costMs).toBe(5200);
    expect(c.breaks[0].stage).toBe('stage-0');
    const ex = c.breaks[0].explanation;
    expect(ex).toContain('`[stage-0 2/7] WORKDIR /app`');
    expect(ex).toMatch(/--no-cache/);
    expect(ex).toMatch(/first build/);
    expect(ex).toMatch(/cannot show which/);
  });

  it('d26-04, warm: every step but the FROM (`#4 DONE 0.0s`) is CACHED: ratio 1, no break', () => {
    const c = analyzeLayerCache(fixture('d26-04-npm-cached.plain.log'));
    expect(c).toMatchObject({
      steps: 7,
      cached: 6,
      executed: 0,
      ratio: 1,
      executedMs: 0,
      breaks: [],
    });
    expect(c.other.base).toBe(1);
  });

  it('d26-05, package.json changed: breaks at `COPY package.json ./`, the install and the rest re-run', () => {
    const b = fixture('d26-05-npm-pkgjson-changed.plain.log');
    const c = analyzeLayerCache(b);
    // #6 WORKDIR CACHED; #7 COPY, #8 npm install (4.5s), #9 COPY src, #10 (0.5s), #11 (0.7s) DONE.
    expect(c).toMatchObject({ cached: 1, executed: 5, executedMs: 5700 });
    expect(c.ratio).toBeCloseTo(1 / 6);
    expect(briefs(b, c)).toEqual(['#7 context-copy <- #8,#9,#10,#11']);
    const [br] = c.breaks;
    expect(nameOf(b, br)).toBe('[stage-0 3/7] COPY package.json ./');
    expect(br.costMs).toBe(5700);
    expect(br.explanation).toContain('`[stage-0 3/7] COPY package.json ./`');
    expect(br.explanation).toMatch(/build context/);
    // Only WORKDIR was cached: BuildKit reports that even under --no-cache; said, not hidden.
    expect(br.explanation).toMatch(/--no-cache/);
  });
});

describe('layer cache of the engine apt builds (fixtures)', () => {
  it('d26-07, cold: the FROM is CACHED but counts for nothing; the apt RUN breaks', () => {
    const b = fixture('d26-07-apt-cache-cold.plain.log');
    const c = analyzeLayerCache(b);
    expect(c).toMatchObject({ steps: 3, cached: 0, executed: 2, ratio: 0, executedMs: 8500 });
    expect(briefs(b, c)).toEqual(['#5 no-cache <- #6']);
    expect(c.breaks[0].costMs).toBe(8300 + 200);
  });

  it('d26-08, --build-arg CACHE_BUST=1: the arg shows only as its value (`echo "cache bust: 1"`), so alone it looks like d26-09', () => {
    const b = fixture('d26-08-apt-cache-warm.plain.log');
    expect(b.steps.find((s) => s.ref === 5)!.name).toContain('echo "cache bust: 1"');
    expect(b.steps.find((s) => s.ref === 5)!.name).not.toMatch(/\$\{?CACHE_BUST/);
    const c = analyzeLayerCache(b);
    expect(briefs(b, c)).toEqual(['#5 no-cache <- #6']);
    expect(c.breaks[0].costMs).toBe(5100 + 200);
  });

  it('d26-08 after d26-07: the changed value in the RUN is the cause', () => {
    const b = fixture('d26-08-apt-cache-warm.plain.log');
    const c = analyzeLayerCache(b, fixture('d26-07-apt-cache-cold.plain.log'));
    expect(briefs(b, c)).toEqual(['#5 run-changed <- #6']);
    expect(c.breaks[0].explanation).toContain('cache bust: 0');
    expect(c.breaks[0].explanation).toContain('cache bust: 1');
    expect(c.breaks[0].explanation).toMatch(/--build-arg/);
  });
});

describe('layer cache of a --no-cache multi-stage build (fixture d26-24)', () => {
  const b = fixture('d26-24-multistage-nocache.plain.log');
  const c = analyzeLayerCache(b);

  it('counts the WORKDIR BuildKit still reports CACHED under --no-cache', () => {
    // `#5 [base 2/3] WORKDIR /src` / `#5 CACHED`, everything else DONE.
    expect(c).toMatchObject({ steps: 8, cached: 1, executed: 6 });
    expect(c.executedMs).toBe(3400 + 3200 + 200);
  });

  it('gives one break per stage, and the final stage inherits from the stage it copies', () => {
    expect(briefs(b, c)).toEqual([
      '#7 context-copy <- ', // [base 3/3] COPY common.txt ./
      '#8 run-changed <- ', // [build-b 1/1] RUN …
      '#9 run-changed <- ', // [build-a 1/1] RUN …
      '#10 run-changed <- #11,#12', // [final 1/3] COPY --from=build-a
    ]);
    expect(c.breaks.map((x) => x.stage)).toEqual(['base', 'build-b', 'build-a', 'final']);
    const final = c.breaks[3];
    expect(final.explanation).toContain('copies from stage build-a');
    expect(final.costMs).toBe(200); // 0.0 + 0.0 + 0.2 s
    // Every break says --no-cache is possible: only a WORKDIR was cached.
    for (const br of c.breaks) expect(br.explanation).toMatch(/--no-cache/);
  });
});

describe('layer cache of real logs (fixtures)', () => {
  it('render: a local cache import, three cached steps, then `COPY package*.json ./` breaks', () => {
    const b = fixture('ci-render-deploy-nanosecond-ts-local-cache-import-lazy-pull.log');
    const c = analyzeLayerCache(b);
    // #8 RUN apk add, #9 WORKDIR, #10 RUN mkdir CACHED; #11–#17 DONE.
    expect(c).toMatchObject({ steps: 11, cached: 3, executed: 7, ratio: 0.3 });
    expect(c.other).toMatchObject({ cacheImport: 1, cacheExport: 1, export: 1, base: 1 });
    expect(briefs(b, c)).toEqual(['#11 context-copy <- #12,#13,#14,#15,#16,#17']);
    // 0.0 + 5.2 + 0.2 + 0.2 + 1.0 + 0.1 + 17.5 s
    expect(c.breaks[0].costMs).toBe(24200);
    expect(c.executedMs).toBe(24200);
    expect(c.breaks[0].stage).toBeNull();
  });

  it('pip-private-concurrent-a: the pip RUN re-runs after three cached steps', () => {
    const b = fixture('pip-private-concurrent-a.plain.log');
    const c = analyzeLayerCache(b);
    // #6 RUN venv, #7 WORKDIR, #8 COPY requirements.txt CACHED; #9 RUN pip DONE 1.5s, #10, #11.
    expect(c).toMatchObject({ cached: 3, executed: 3, ratio: 0.5 });
    expect(briefs(b, c)).toEqual(['#9 run-changed <- #10,#11']);
    expect(c.breaks[0].costMs).toBe(1500 + 0 + 300);
    expect(c.breaks[0].explanation).toMatch(/steps before it in stage stage-0 were cached/);
  });

  it('a canceled build: the steps canceled are in `steps` but neither cached nor executed', () => {
    // `#4 [runner 1/7] FROM …` CANCELED mid-pull; no other Dockerfile step printed.
    const c = analyzeLayerCache(fixture('plain-short-canceled-context-canceled.log'));
    expect(c).toMatchObject({ steps: 1, cached: 0, executed: 0, ratio: null, breaks: [] });
  });
});

describeCorpus('layer cache of the engine pairs (corpus)', () => {
  it('d26-06, only src/ changed: npm install CACHED, breaks at `COPY src/ ./src/`', () => {
    const b = corpus('engine/d26-06-npm-src-changed.plain.log');
    const c = analyzeLayerCache(b);
    expect(c).toMatchObject({ steps: 7, cached: 3, executed: 3, ratio: 0.5, executedMs: 1200 });
    expect(briefs(b, c)).toEqual(['#9 context-copy <- #10,#11']);
    expect(nameOf(b, c.breaks[0])).toBe('[stage-0 5/7] COPY src/ ./src/');
    expect(c.breaks[0].explanation).not.toMatch(/--no-cache/); // the npm install was cached
  });

  it('d26-09, --no-cache: nothing cached, and the same step names as d26-08 leave --no-cache as the hint', () => {
    const b = corpus('engine/d26-09-apt-nocache.plain.log');
    const c = analyzeLayerCache(b, corpus('engine/d26-08-apt-cache-warm.plain.log'));
    expect(c).toMatchObject({ cached: 0, executed: 2, executedMs: 7800 });
    expect(briefs(b, c)).toEqual(['#5 no-cache <- #6']);
  });

  it('pip-private-concurrent-a after the warm-up: `echo "variant: warmup"` became `variant: a`', () => {
    const b = corpus('engine-pip/pip-private-concurrent-a.plain.log');
    const c = analyzeLayerCache(b, corpus('engine-pip/pip-private-warmup.plain.log'));
    expect(briefs(b, c)).toEqual(['#9 run-changed <- #10,#11']);
    expect(c.breaks[0].explanation).toContain('variant: warmup');
    expect(c.breaks[0].explanation).toContain('variant: a');
  });

  it('d26-02, multi-stage again: all seven steps CACHED', () => {
    const c = analyzeLayerCache(corpus('engine/d26-02-multistage-cached.plain.log'));
    expect(c).toMatchObject({ steps: 8, cached: 7, executed: 0, ratio: 1, breaks: [] });
  });

  it('d26-01, multi-stage cold: a break in each of the four stages, all --no-cache hints', () => {
    const b = corpus('engine/d26-01-multistage-parallel.plain.log');
    const c = analyzeLayerCache(b);
    expect(briefs(b, c)).toEqual([
      '#6 no-cache <- #7', // [base 2/3] WORKDIR, then [base 3/3] COPY
      '#8 no-cache <- ', // [build-b 1/1]
      '#9 no-cache <- ', // [build-a 1/1]
      '#10 no-cache <- #11,#12', // [final 1/3] …
    ]);
  });

  describe('the Docker 20.10 twins (BuildKit 0.8: `#n sha256:` digest lines, numbers out of order)', () => {
    it('d20-03 cold / d20-04 warm', () => {
      const cold = corpus('engine/d20-03-npm-cold.plain.log');
      const c = analyzeLayerCache(cold);
      expect(c).toMatchObject({ steps: 7, cached: 0, executed: 6, executedMs: 5000 });
      expect(briefs(cold, c)).toEqual(['#5 no-cache <- #7,#8,#9,#10,#11']);
      expect(analyzeLayerCache(corpus('engine/d20-04-npm-cached.plain.log'))).toMatchObject({
        cached: 6,
        ratio: 1,
        breaks: [],
      });
    });

    it('d20-05: `#5 [stage-0 3/7] COPY package.json ./` breaks; d20-06: `#8 … COPY src/`', () => {
      const b5 = corpus('engine/d20-05-npm-pkgjson-changed.plain.log');
      const c5 = analyzeLayerCache(b5);
      expect(briefs(b5, c5)).toEqual(['#5 context-copy <- #6,#7,#8,#9']);
      expect(c5.breaks[0].costMs).toBe(4600 + 400 + 500);
      const b6 = corpus('engine/d20-06-npm-src-changed.plain.log');
      const c6 = analyzeLayerCache(b6);
      expect(briefs(b6, c6)).toEqual(['#8 context-copy <- #9,#10']);
      expect(c6.breaks[0].costMs).toBe(400 + 500);
    });

    it('d20-08 after d20-07: run-changed; d20-09: no-cache', () => {
      const b8 = corpus('engine/d20-08-apt-cache-warm.plain.log');
      const c8 = analyzeLayerCache(b8, corpus('engine/d20-07-apt-cache-cold.plain.log'));
      expect(briefs(b8, c8)).toEqual(['#5 run-changed <- #6']);
      const b9 = corpus('engine/d20-09-apt-nocache.plain.log');
      expect(briefs(b9, analyzeLayerCache(b9))).toEqual(['#5 no-cache <- #6']);
    });

    it('d20-24 --no-cache and d20-02 cached multi-stage', () => {
      const b = corpus('engine/d20-24-multistage-nocache.plain.log');
      // #7 [base 3/3] COPY, #10 [build-b 1/1], #8 [build-a 1/1], #9 [final 1/3] COPY --from=build-a.
      expect(briefs(b, analyzeLayerCache(b))).toEqual([
        '#7 context-copy <- ',
        '#10 run-changed <- ',
        '#8 run-changed <- ',
        '#9 run-changed <- #11,#12',
      ]);
      expect(analyzeLayerCache(corpus('engine/d20-02-multistage-cached.plain.log'))).toMatchObject({
        cached: 7,
        ratio: 1,
        breaks: [],
      });
    });
  });

  it('d26-12: `WORKDIR` re-ran but `COPY present.txt` hit again; the break is the failing COPY after it', () => {
    const b = corpus('engine/d26-12-fail-copy-missing.plain.log');
    const c = analyzeLayerCache(b);
    expect(briefs(b, c)).toEqual(['#8 context-copy <- ']);
    expect(c.breaks[0].explanation).toMatch(/failed/);
    expect(c.breaks[0].explanation).toContain('not found');
  });
});

describeCorpus('layer cache of real logs (corpus)', () => {
  it('paas banner: deps breaks at `COPY prisma`, builder inherits it through `COPY --from=deps`', () => {
    const b = corpus('real/plain-paas-banner-npm-ci-nextjs-swc-error.log');
    const c = analyzeLayerCache(b);
    // #6 [base 2/2] RUN apk and #7 [deps 1/6] WORKDIR CACHED.
    expect(c).toMatchObject({ cached: 2, executed: 8 });
    expect(briefs(b, c)).toEqual([
      '#8 context-copy <- #9,#10,#11,#12',
      '#13 context-copy <- #14,#15',
    ]);
    expect(c.breaks[0].costMs).toBe(100 + 19900); // mkdir 0.1 s, npm ci 19.9 s
    expect(c.breaks[1].costMs).toBe(9300 + 100); // #15 ERROR has no time
    expect(c.breaks[1].explanation).toContain('copies from stage deps');
  });

  it('flyio/depot retry: the failed `bun run build` re-runs after 11 cached steps, twice', () => {
    const first = corpus('real/ci-github-flyio-depot-retry-bun-nextjs-cache-mounts.log', 0);
    const retry = corpus('real/ci-github-flyio-depot-retry-bun-nextjs-cache-mounts.log', 1);
    const c = analyzeLayerCache(first);
    expect(c).toMatchObject({ cached: 11, executed: 1 });
    expect(c.ratio).toBeCloseTo(11 / 12);
    expect(briefs(first, c)).toEqual(['#22 run-changed <- ']);
    expect(c.breaks[0].explanation).toMatch(/did not finish in the build that filled the cache/);
    // Given the first attempt, the retry's break is explained by its failure.
    const r = analyzeLayerCache(retry, first);
    expect(briefs(retry, r)).toEqual(['#22 unknown <- ']);
    expect(r.breaks[0].explanation).toMatch(/failed in the previous build/);
  });

  it('a GitHub Actions cache import that printed nothing, and nothing cached: cache-import-failed', () => {
    const b = corpus('real/ci-github-webui-multiplatform-apt-failure-canceled-lint-warnings.log');
    const c = analyzeLayerCache(b);
    // `#8 importing cache manifest from gha:11440515367744974498` / `#8 DONE 0.2s`, no status.
    expect(c.other.cacheImport).toBe(1);
    expect(c.breaks.map((x) => x.reason)).toEqual([
      'cache-import-failed',
      'cache-import-failed',
      'cache-import-failed',
    ]);
    // Per platform: [linux/arm64 builder 2/7], [linux/amd64 builder 2/7], [linux/amd64 stage-1 2/8].
    expect(briefs(b, c).map((s) => s.split(' ')[0])).toEqual(['#11', '#12', '#13']);
    expect(c.breaks[0].explanation).toContain('gha:11440515367744974498');
  });

  it('a base image pulled on a fresh builder: first-build (gradle: `booting buildkit`, 9 + 8 blobs)', () => {
    const b = corpus('real/ci-github-build-push-git-context-gradle-push.log', 1);
    const c = analyzeLayerCache(b);
    expect(c.cached).toBe(0);
    expect(c.breaks.map((x) => x.reason)).toEqual(['first-build', 'first-build']);
    // The stage-1 break names its own FROM (tomcat), the builder one the gradle FROM.
    expect(c.breaks[0].explanation).toContain('tomcat:10.1-jdk17');
    expect(c.breaks[0].explanation).toContain('8 image blobs');
    expect(c.breaks[1].explanation).toContain('gradle:8.5-jdk17');
    expect(c.breaks[1].explanation).toContain('9 image blobs');
  });
});

describe('changedPart', () => {
  it('shows the changed text with 16 characters before it and 8 after', () => {
    expect(
      changedPart(
        'RUN echo "cache bust: 0" && apt-get update',
        'RUN echo "cache bust: 1" && apt-get update',
      ),
    ).toEqual(['`…ho "cache bust: 0" && apt…`', '`…ho "cache bust: 1" && apt…`']);
    expect(changedPart('RUN a', 'RUN b')).toEqual(['`RUN a`', '`RUN b`']);
  });
});
