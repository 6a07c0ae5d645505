import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Build } from '../model/types';
import { readLog } from '../read/read-log';
import { describeCorpus, readCorpus } from '../test-support/corpus';
import {
  CACHE_TARGETS,
  installTargetOf,
  parseCacheMounts,
  parseMountOptions,
  toolForCacheTarget,
} from './mounts';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fixture = (f: string): Build => readLog(readFileSync(path.join(dir, f))).builds[0];
const corpus = (f: string, i = 0): Build => readLog(readCorpus(f)).builds[i];
/** A one-step plain log made from a step name, for the cases no real log shows. */
const oneStep = (name: string): Build => readLog(`#1 ${name}\n#1 DONE 0.1s\n`).builds[0];
const refOf = (b: Build, step: number) => b.steps[step].ref;

describe('cache mounts of real logs (fixtures)', () => {
  it('reads the npm cache mount of d26-03 (`#8 [stage-0 4/7] RUN --mount=type=cache,target=/root/.npm`)', () => {
    const b = fixture('d26-03-npm-cold.plain.log');
    const mounts = parseCacheMounts(b);
    expect(mounts).toHaveLength(1);
    expect(refOf(b, mounts[0].step)).toBe(8);
    expect(mounts[0]).toMatchObject({
      target: '/root/.npm',
      tool: 'npm',
      id: null,
      sharing: null,
      mode: null,
      from: null,
      source: null,
      text: '--mount=type=cache,target=/root/.npm',
    });
  });

  it('reads both apt mounts of one step, with sharing=locked (d26-07 `#5 [stage-0 2/3]`)', () => {
    const b = fixture('d26-07-apt-cache-cold.plain.log');
    const mounts = parseCacheMounts(b);
    expect(mounts.map((m) => [refOf(b, m.step), m.target, m.sharing, m.tool])).toEqual([
      [5, '/var/cache/apt', 'locked', 'apt'],
      [5, '/var/lib/apt/lists', 'locked', 'apt'],
    ]);
  });

  it('reads id= and sharing=private (pip-private-concurrent-a `#9`)', () => {
    const b = fixture('pip-private-concurrent-a.plain.log');
    const [m] = parseCacheMounts(b);
    expect(refOf(b, m.step)).toBe(9);
    expect(m).toMatchObject({
      id: 'shared-pip',
      target: '/root/.cache/pip',
      sharing: 'private',
      tool: 'pip',
    });
  });

  it('gives no tool to the --target anti-pattern mount, and finds the install target (pip-target-mount-run1 `#8`)', () => {
    const b = fixture('pip-target-mount-run1.plain.log');
    const [m] = parseCacheMounts(b);
    expect(refOf(b, m.step)).toBe(8);
    expect(m.target).toBe('/pip-packages');
    expect(m.tool).toBeNull();
    expect(installTargetOf(b.steps[m.step].name)).toEqual({
      tool: 'pip',
      flag: '--target',
      dir: '/pip-packages',
    });
  });

  it('finds no mount in a build without one (render log: `RUN npm ci`, no --mount)', () => {
    expect(
      parseCacheMounts(fixture('ci-render-deploy-nanosecond-ts-local-cache-import-lazy-pull.log')),
    ).toEqual([]);
  });
});

describeCorpus('cache mounts of real logs (corpus)', () => {
  it('pip-cache-cold: /root/.cache/pip on #9 and #10', () => {
    const b = corpus('engine-pip/pip-cache-cold.plain.log');
    const mounts = parseCacheMounts(b);
    expect(mounts.map((m) => [refOf(b, m.step), m.target, m.tool])).toEqual([
      [9, '/root/.cache/pip', 'pip'],
      [10, '/root/.cache/pip', 'pip'],
    ]);
  });

  it('easypanel bake: uv on two targets, pnpm with id=pnpm-prod and id=pnpm', () => {
    const b = corpus('real/plain-easypanel-compose-bake-4-services-uv-pnpm-nextjs.log');
    const mounts = parseCacheMounts(b);
    expect(mounts.map((m) => [refOf(b, m.step), m.target, m.id, m.tool])).toEqual([
      [49, '/root/.cache/uv', null, 'uv'], // [worker builder 9/9] uv sync
      [55, '/root/.cache/uv', null, 'uv'], // [api builder 9/9] uv sync
      [58, '/pnpm/store', 'pnpm-prod', 'pnpm'], // [web production-dependencies 6/6]
      [59, '/pnpm/store', 'pnpm', 'pnpm'], // [web dependencies 6/6]
    ]);
  });

  it('flyio/depot: three mounts on one step, bun and Next.js caches have no tool, apk does', () => {
    const b = corpus('real/ci-github-flyio-depot-retry-bun-nextjs-cache-mounts.log');
    const mounts = parseCacheMounts(b);
    const byRef = (ref: number) =>
      mounts.filter((m) => refOf(b, m.step) === ref).map((m) => [m.target, m.tool]);
    // `#16 [deps 5/5] RUN --mount=type=cache,target=/root/.bun/install/cache --mount=…`
    expect(byRef(16)).toEqual([
      ['/root/.bun/install/cache', null],
      ['/app/node_modules/.cache', null],
      ['/tmp/better-sqlite3-build', null],
    ]);
    // `#18 [base 2/3] RUN --mount=type=cache,target=/var/cache/apk apk add --no-cache …`
    expect(byRef(18)).toEqual([['/var/cache/apk', 'apk']]);
    // `#22 [builder 5/5] RUN --mount=type=cache,target=/app/apps/web/.next/cache --mount=…bun…`
    expect(byRef(22)).toEqual([
      ['/app/apps/web/.next/cache', null],
      ['/root/.bun/install/cache', null],
    ]);
    expect(mounts).toHaveLength(6);
  });

  it('a secret mount is not a cache mount (d26-23 `RUN --mount=type=secret,id=api_token`)', () => {
    expect(parseCacheMounts(corpus('engine/d26-23-args-secret-target.plain.log'))).toEqual([]);
  });
});

describe('mount options (hand-made step names)', () => {
  it('reads options in any order and under their aliases', () => {
    const b = oneStep(
      '[2/3] RUN --mount=dst=/root/.cache/go-build,type=cache,id=gobuild,mode=0755,uid=1000 --mount=source=/cache,from=cachestage,type=cache,destination=/go/pkg/mod,sharing=shared go build ./...',
    );
    expect(parseCacheMounts(b)).toEqual([
      expect.objectContaining({
        target: '/root/.cache/go-build',
        id: 'gobuild',
        mode: '0755',
        tool: 'go',
      }),
      expect.objectContaining({
        target: '/go/pkg/mod',
        from: 'cachestage',
        source: '/cache',
        sharing: 'shared',
        tool: 'go',
      }),
    ]);
  });

  it('keeps uid, gid and readonly for who needs them', () => {
    expect(parseMountOptions('type=cache,target=/root/.m2,uid=1000,gid=1000,ro').options).toEqual({
      type: 'cache',
      target: '/root/.m2',
      uid: '1000',
      gid: '1000',
      readonly: '',
    });
  });

  it('ignores bind, secret and tmpfs mounts, and a --mount= inside the command', () => {
    const b = oneStep(
      '[3/4] RUN --mount=type=bind,target=/src --mount=type=tmpfs,target=/tmp docker run --mount=type=cache,target=/root/.npm x',
    );
    expect(parseCacheMounts(b)).toEqual([]);
  });

  it('keeps what is visible of a mount cut at 72 bytes (BuildKit < 0.8 appends `...`)', () => {
    // The name as Docker 19.03 prints it: 72 bytes, then `...`.
    const cut = oneStep('[2/3] RUN --mount=type=cache,target=/root/.cache/pip pip install -r r...');
    expect(parseCacheMounts(cut)[0]).toMatchObject({ target: '/root/.cache/pip', tool: 'pip' });

    const inTarget = oneStep('[2/3] RUN --mount=type=cache,id=pip,target=/root/.ca...');
    const [m] = parseCacheMounts(inTarget);
    expect(m).toMatchObject({ target: '/root/.ca...', id: 'pip', tool: null });
    expect(m.text).toBe('--mount=type=cache,id=pip,target=/root/.ca...');

    // The visible part leads to one tool only.
    expect(
      parseCacheMounts(oneStep('[2/3] RUN --mount=type=cache,target=/root/.np...'))[0].tool,
    ).toBe('npm');

    // Cut before the target: the mount is there, where it points is not.
    const noTarget = parseCacheMounts(oneStep('[2/3] RUN --mount=type=cache,id=npm-cache,shar...'));
    expect(noTarget).toEqual([
      expect.objectContaining({ target: '...', id: 'npm-cache', sharing: null, tool: null }),
    ]);
  });

  it('treats a mount that ends the name as cut (TTY rows are cut to the terminal width without `...`)', () => {
    const [m] = parseCacheMounts(oneStep('[2/3] RUN --mount=type=cache,target=/root/.cache/u'));
    expect(m.target).toBe('/root/.cache/u...');
    expect(m.tool).toBe('uv');
  });
});

describe('toolForCacheTarget', () => {
  it.each([
    ['/root/.cache/pip', 'pip'],
    ['~/.cache/pip', 'pip'],
    ['$HOME/.cache/pip', 'pip'],
    ['${HOME}/.cache/pip/wheels', 'pip'],
    ['/home/app/.cache/pip', 'pip'],
    ['/root/.cache/uv', 'uv'],
    ['/root/.cache/pypoetry', 'poetry'],
    ['/root/.npm', 'npm'],
    ['/root/.npm/', 'npm'],
    ['/usr/local/share/.cache/yarn', 'yarn'],
    ['/usr/local/share/.cache', 'yarn'],
    ['/root/.yarn', 'yarn'],
    ['/app/.yarn/cache', 'yarn'],
    ['/root/.local/share/pnpm/store', 'pnpm'],
    ['/pnpm/store', 'pnpm'],
    ['/var/cache/apt', 'apt'],
    ['/var/cache/apt/archives', 'apt'],
    ['/var/lib/apt/lists', 'apt'],
    ['/var/cache/apk', 'apk'],
    ['/etc/apk/cache', 'apk'],
    ['/go/pkg/mod', 'go'],
    ['/root/.cache/go-build', 'go'],
    ['/usr/local/cargo/registry', 'cargo'],
    ['/root/.cargo/registry', 'cargo'],
    ['/usr/local/cargo/git', 'cargo'],
    ['/root/.m2', 'maven'],
    ['/root/.m2/repository', 'maven'],
    ['/root/.gradle', 'gradle'],
    ['/home/gradle/.gradle', 'gradle'],
    ['/usr/local/bundle/cache', 'bundler'],
    ['/root/.composer/cache', 'composer'],
    ['/tmp/cache', 'composer'],
  ])('%s → %s', (target, tool) => {
    expect(toolForCacheTarget(target)).toBe(tool);
  });

  it.each([
    '/pip-packages',
    '/root/.cache',
    '/app/node_modules/.cache',
    '/root/.bun/install/cache',
    '/app/target',
    '/',
  ])('%s → null', (target) => {
    expect(toolForCacheTarget(target)).toBeNull();
  });
});

describe('installTargetOf', () => {
  it.each([
    [
      '[2/3] RUN pip install -t /opt/deps -r requirements.txt',
      { tool: 'pip', flag: '-t', dir: '/opt/deps' },
    ],
    [
      '[2/3] RUN pip install --prefix=/install .',
      { tool: 'pip', flag: '--prefix', dir: '/install' },
    ],
    ['[2/3] RUN python3 -m pip install --root /r x', { tool: 'pip', flag: '--root', dir: '/r' }],
    [
      '[2/3] RUN uv pip install --target /deps -r req.txt',
      { tool: 'uv', flag: '--target', dir: '/deps' },
    ],
  ])('%s', (name, want) => {
    expect(installTargetOf(name)).toEqual(want);
  });

  it('reads only the install command, and no install target without one', () => {
    expect(
      installTargetOf('[2/3] RUN pip install --trusted-host h -r r.txt && cp -t /x y'),
    ).toBeNull();
    expect(installTargetOf('[2/3] RUN pip install --root-user-action=ignore x')).toBeNull();
    expect(installTargetOf('[2/3] RUN npm install --prefix /x')).toBeNull();
  });
});

describe('the directories fix snippets mount', () => {
  it('are each recognised as their own tool’s cache', () => {
    for (const [tool, dirs] of Object.entries(CACHE_TARGETS))
      for (const dir of dirs) expect(toolForCacheTarget(dir), dir).toBe(tool);
  });
});
