import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Build } from '../model/types';
import { readLog } from '../read/read-log';
import { describeCorpus, readCorpus } from '../test-support/corpus';
import { nameBody, timeByKind, WORK_KINDS, workKindOf } from './work-kinds';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const read = (f: string) => readLog(readFileSync(path.join(dir, f))).builds[0];
const kinds = (b: Build) => Object.fromEntries(b.steps.map((s) => [s.name, workKindOf(s)]));
const sum = (b: Build) => b.steps.reduce((a, s) => a + (s.durationMs ?? 0), 0);
const total = (r: Record<string, number>) => Object.values(r).reduce((a, x) => a + x, 0);

describe('workKindOf', () => {
  it('names the kind of every step of a multi-stage build (d26-01, rawjson and plain)', () => {
    for (const f of [
      'd26-01-multistage-parallel.rawjson.log',
      'd26-01-multistage-parallel.plain.log',
    ]) {
      const k = kinds(read(f));
      expect(k['[internal] load build definition from Dockerfile']).toBe('internal');
      expect(k['[internal] load metadata for docker.io/local/debian:bookworm']).toBe('internal');
      expect(k['[internal] load .dockerignore']).toBe('internal');
      expect(k['[internal] load build context']).toBe('context');
      expect(k['[base 1/3] FROM docker.io/local/debian:bookworm']).toBe('base-pull');
      expect(k['[base 2/3] WORKDIR /src']).toBe('other');
      expect(k['[base 3/3] COPY common.txt ./']).toBe('copy');
      expect(k['[final 1/3] COPY --from=build-a /a.out /out/']).toBe('copy');
      expect(k['[final 3/3] RUN ls -l /out && cat /out/*']).toBe('run');
      expect(k['exporting to image']).toBe('export');
    }
  });

  it('tells cache import/export, named contexts, ONBUILD, push and `importing to docker` apart', () => {
    // Vertex names and status lines as FORMAT.md §1.4/§1.5 give them.
    const build = readLog(
      [
        '#1 [internal] load build definition from Dockerfile',
        '#1 DONE 0.0s',
        '#2 importing cache manifest from gha:11440515367744974498',
        '#2 DONE 0.4s',
        '#3 [context shared] load from client',
        '#3 transferring shared: 306B done',
        '#3 DONE 0.1s',
        '#4 [2/3] ONBUILD RUN make',
        '#4 DONE 1.0s',
        '#5 [3/3] ONBUILD COPY . /src',
        '#5 DONE 0.2s',
        '#6 exporting to image',
        '#6 pushing layers 2.1s done',
        '#6 pushing manifest for docker.io/x/y:latest@sha256:8938b407bfafccf3a538becee6eaa486dccbe8348c671e9cb006df20b4c0a3d5 0.3s done',
        '#6 DONE 2.4s',
        '#7 exporting cache to registry',
        '#7 preparing build cache for export 0.5s done',
        '#7 DONE 0.5s',
        '#8 importing to docker',
        '#8 DONE 0.8s',
        '',
      ].join('\n'),
    ).builds[0];
    expect(build.steps.map(workKindOf)).toEqual([
      'internal',
      'cache-import',
      'context',
      'run',
      'copy',
      // Every status of #6 that carries a time is a push: all its time was pushing.
      'push',
      'cache-export',
      'export',
    ]);
    const by = timeByKind(build);
    expect(by.push).toBe(2400);
    expect(by['cache-import']).toBe(400);
    expect(by['cache-export']).toBe(500);
    expect(by.export).toBe(800);
  });
});

describe('timeByKind', () => {
  it('sums busy time per kind, every kind present, adding up to the summed durations', () => {
    for (const f of [
      'd26-01-multistage-parallel.plain.log',
      'd26-01-multistage-parallel.rawjson.log',
      'd26-03-npm-cold.plain.log',
      'd26-03-npm-cold.rawjson.log',
      'plain-python-pip-multistage-parallel-lambda.log',
      'pip-cache-cold.gha.log',
    ]) {
      const b = read(f);
      const by = timeByKind(b);
      expect(Object.keys(by).sort()).toEqual([...WORK_KINDS].sort());
      expect(total(by)).toBeCloseTo(sum(b), 6);
    }
  });

  it('puts the two parallel RUNs and the final RUN under run (d26-01 plain: DONE 3.5s, 3.3s, 0.1s)', () => {
    const by = timeByKind(read('d26-01-multistage-parallel.plain.log'));
    expect(by.run).toBe(3500 + 3300 + 100);
    expect(by.other).toBe(100); // `#6 [base 2/3] WORKDIR /src` DONE 0.1s
    expect(by['base-pull']).toBe(0); // `#4 … FROM …` DONE 0.0s (a local image)
  });

  it('counts the lambda build’s four RUNs and its FROM pull (DONE 33.1s, 5.5s, 13.4s, 0.3s; FROM 3.2s)', () => {
    const by = timeByKind(read('plain-python-pip-multistage-parallel-lambda.log'));
    expect(by.run).toBe(33100 + 5500 + 13400 + 300);
    expect(by['base-pull']).toBe(3200);
    expect(by.export).toBe(2700);
  });
});

describeCorpus('work kinds in real logs', () => {
  it('keeps a push inside `exporting to image` under export (gradle build-push: pushing 2.1 s + 2.6 s of DONE 5.3s)', () => {
    const m = readLog(readCorpus('real/ci-github-build-push-git-context-gradle-push.log'));
    const b = m.builds.reduce((x, y) => (y.steps.length > x.steps.length ? y : x));
    const exp = b.steps.find((s) => s.name === 'exporting to image')!;
    expect(exp.statuses.some((s) => s.id === 'pushing layers')).toBe(true);
    expect(workKindOf(exp)).toBe('export');
    expect(
      kinds(b)[
        '[internal] load git source https://github.com/jesuuslopeez/2526_DAW_u2_springboot.git#34685b0fd8cfd730e5d15f5e38a53d305468a326'
      ],
    ).toBe('context');
    const by = timeByKind(b);
    expect(by.export).toBe(5300);
    expect(by.push).toBe(0);
    expect(by.run).toBe(1900 + 300 + 28400); // stage-1 2/4, 3/4, builder 6/6
    expect(by['base-pull']).toBe(9100 + 5400); // builder 1/6, stage-1 1/4
    expect(total(by)).toBe(sum(b));
  });

  it('calls an export whose timed statuses are all pushes a push (legacy buildctl --push)', () => {
    const b = readLog(readCorpus('real/legacy-buildctl-k8s-push-wrapped.log')).builds[0];
    const exp = b.steps.find((s) => s.name === 'exporting to image')!;
    expect(workKindOf(exp)).toBe('push');
  });

  it('finds cache import and cache export (render: local cache)', () => {
    const b = readLog(
      readCorpus('real/ci-render-deploy-nanosecond-ts-local-cache-import-lazy-pull.log'),
    ).builds[0];
    const k = kinds(b);
    expect(k['importing cache manifest from local:17224394181499194003']).toBe('cache-import');
    expect(k['exporting cache to client directory']).toBe('cache-export');
    expect(k['exporting to docker image format']).toBe('export');
    expect(timeByKind(b)['cache-export']).toBe(500);
  });
});

describe('nameBody', () => {
  // Read by hand; it must say what the pattern it replaces says.
  const byRegex = (name: string) =>
    name.startsWith('[') ? name.replace(/^\[[^\]]*\]\s?/, '') : name;
  it.each([
    '[build 2/3] RUN npm ci',
    '[internal] load build definition from Dockerfile',
    '[stage-1 4/5]RUN make',
    '[a]\tRUN x',
    '[a]\u00a0RUN x',
    '[a]\u2028RUN x',
    '[a]  RUN x',
    '[a]',
    '[a] ',
    '[no close',
    '[x\ny] RUN z',
    'exporting to image',
    '',
  ])('%j', (name) => expect(nameBody(name)).toBe(byRegex(name)));
});
