import { describe, expect, it } from 'vitest';
import { describeCorpus } from '../../test-support/corpus';
import { contextFor, corpusModel, expectWellFormed, fixtureModel, linesOf } from './context-for';
import { copyContextBeforeInstall as rule } from './copy-context-before-install';

describe('copy-context-before-install', () => {
  it('fires on real/plain-nestjs-prisma-error-cp437-mojibake.log: npm install after COPY . .', () => {
    const ctx = contextFor(fixtureModel('plain-nestjs-prisma-error-cp437-mojibake.log'));
    const found = rule.check(ctx);
    expect(found).toHaveLength(1);
    const [f] = found;
    expectWellFormed(f, ctx, rule.id);
    expect(f.title).toContain('`COPY . .`');
    expect(f.title).toContain('`npm install`');
    // `#14 ... DONE 173.4s`: the install re-ran because the COPY before it changed.
    expect(f.timeAtStakeMs).toBe(173_400);
    expect(f.severity).toBe('high');
    expect(f.steps.map((s) => ctx.build.steps[s].name)).toEqual([
      '[builder 5/8] COPY . .',
      '[builder 7/8] RUN npm install --legacy-peer-deps',
    ]);
    // The proof: the manifest COPY that is already there, the whole-context COPY, the install.
    expect(linesOf(f, ctx)).toEqual([
      '#10 [builder 4/8] COPY package*.json nx.json tsconfig.base.json ./',
      '#12 [builder 5/8] COPY . .',
      '#14 [builder 7/8] RUN npm install --legacy-peer-deps',
    ]);
    expect(f.detail).toContain('already copied earlier');
    expect(f.snippet).toBe(
      'COPY package*.json nx.json tsconfig.base.json ./\nRUN npm install --legacy-peer-deps\nCOPY . .',
    );
  });

  it('stays silent on engine/d26-06-npm-src-changed.plain.log: package.json copied first, install CACHED', () => {
    const ctx = contextFor(fixtureModel('d26-06-npm-src-changed.plain.log'));
    expect(rule.check(ctx)).toEqual([]);
  });
});

describeCorpus('copy-context-before-install on the corpus', () => {
  it('fires on real/plain-easypanel-nixpacks-cache-mount-truncated.log: COPY . /app/. before npm install (690 s)', () => {
    const ctx = contextFor(corpusModel('real/plain-easypanel-nixpacks-cache-mount-truncated.log'));
    const [f, ...rest] = rule.check(ctx);
    expect(rest).toEqual([]);
    expectWellFormed(f, ctx, rule.id);
    expect(f.timeAtStakeMs).toBe(690_300);
    expect(linesOf(f, ctx)).toEqual([
      '#12 [stage-0  8/15] COPY . /app/.',
      '#15 [stage-0 11/15] RUN --mount=type=cache,id=V13bXEaLGp4-/root/npm,target=/root/.npm npm install',
    ]);
    expect(f.snippet?.split('\n')[0]).toBe('COPY package.json package-lock.json /app/');
  });

  it('stays silent on the two-phase uv pattern (real/tty-compose-bake-frontend-backend-pnpm-uv-windows.log)', () => {
    // `uv sync --locked --no-install-project` before `COPY . .`, `uv sync --locked` after it:
    // the dependencies are installed before the sources are copied.
    const ctx = contextFor(
      corpusModel('real/tty-compose-bake-frontend-backend-pnpm-uv-windows.log'),
    );
    expect(ctx.build.steps.some((s) => /COPY \. \./.test(s.name))).toBe(true);
    expect(rule.check(ctx)).toEqual([]);
  });

  it('stays silent where bundle install comes before COPY . . (real/ci-kamal-sshkit-debug-prefixed-buildx-push.log)', () => {
    const ctx = contextFor(corpusModel('real/ci-kamal-sshkit-debug-prefixed-buildx-push.log'));
    expect(rule.check(ctx)).toEqual([]);
  });
});
