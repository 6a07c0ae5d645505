/**
 * Small helpers for the Playwright specs. e2e/ drives the built app and
 * imports neither app/ nor src/ (STYLE.md): what the specs know about the app
 * is what a person sees (roles, labels), plus the store's state that main.tsx
 * exposes as `window.__plainsight` so a spec can wait on the app, not on time.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Page } from '@playwright/test';

/** A file under e2e/fixtures/. */
export const fixturePath = (name: string): string =>
  fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

/** A file under public/samples/ (what "Try a sample" and #sample= load). */
export const samplePath = (name: string): string =>
  fileURLToPath(new URL(`../public/samples/${name}`, import.meta.url));

export const readText = (path: string): string => readFileSync(path, 'utf8');

/** A fresh temporary folder for files a spec writes (gzip copies, generated logs). */
export const tempDir = (prefix = 'plainsight-e2e-'): string => mkdtempSync(join(tmpdir(), prefix));

/** Removes a folder made by tempDir(), with what is in it. */
export const removeDir = (dir: string): void => rmSync(dir, { recursive: true, force: true });

/** The part of the store's state the specs read (app/store/types.ts, as seen from outside). */
export type LoadingState = {
  status: 'idle' | 'loading' | 'done' | 'error' | 'canceled';
  label: string | null;
  bytes: number;
  total: number | null;
  error: string | null;
  elapsedMs: number | null;
};

type StoreWindow = Window & {
  __plainsight?: {
    getState(): {
      loading: LoadingState;
      theme: string;
      view: { build: number; step: number | null };
    };
    subscribe(
      listener: (
        s: { loading: LoadingState; theme: string },
        prev: { loading: LoadingState; theme: string },
      ) => void,
    ): () => void;
  };
};

/** The store's loading state, read in the page. */
export const loadingState = (page: Page): Promise<LoadingState | null> =>
  page.evaluate(() => (window as StoreWindow).__plainsight?.getState().loading ?? null);

/**
 * Waits until the app says the load ended (status done, error or canceled), and
 * fails unless it ended as `expected`. The app's own signal, not a sleep.
 */
export async function waitForLoad(
  page: Page,
  {
    expected = 'done',
    timeout = 15_000,
  }: { expected?: LoadingState['status']; timeout?: number } = {},
): Promise<LoadingState> {
  await page.waitForFunction(
    () => {
      const s = (window as StoreWindow).__plainsight?.getState().loading.status;
      return s === 'done' || s === 'error' || s === 'canceled';
    },
    undefined,
    { timeout },
  );
  const state = (await loadingState(page))!;
  expect(state.status, `the load ended as ${state.status}: ${state.error ?? ''}`).toBe(expected);
  return state;
}

/** The "Build summary" region. */
export const summary = (page: Page) => page.getByRole('region', { name: 'Build summary' });

/** The summary's step count (its "Steps" value). */
export const summarySteps = (page: Page) => summary(page).getByTestId('summary-steps');

/** Chooses a theme with the header's Theme select, and checks the page took it. */
export async function setTheme(page: Page, theme: 'light' | 'dark' | 'system'): Promise<void> {
  await page.getByRole('combobox', { name: 'Theme' }).selectOption(theme);
  if (theme === 'system') await expect(page.locator('html')).not.toHaveAttribute('data-theme');
  else await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
}

// ---------------------------------------------------------------------------
// A local HTTP server for #url= specs.

export type TestServer = { origin: string; close(): Promise<void> };

/** Starts a node:http server on an ephemeral port of 127.0.0.1. */
export async function startServer(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<TestServer> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

// ---------------------------------------------------------------------------
// A generated big plain log, for the responsiveness spec.

export type GeneratedLog = { path: string; bytes: number; lines: number; steps: number };

/**
 * Writes a plain (`--progress=plain`) BuildKit log of about `targetBytes`:
 * the builder banner `#0`, the three internal steps, `stages` stages built in
 * parallel (a FROM, a COPY and `runsPerStage` RUN steps each, their output
 * interleaved the way the plain printer interleaves vertices: a step's header
 * is printed again when it gets the output back, `#N ...` when it loses it),
 * a final stage joining them and the exporter. The RUN steps print pip,
 * npm and compiler lines. Every step ends with `#N DONE x.xs`.
 *
 * It is its own small generator, not the project's (src/bench/generate.ts):
 * e2e imports neither app/ nor src/.
 */
export function writeBigLog(
  dir: string,
  { targetBytes = 20 * 1024 * 1024, stages = 6, runsPerStage = 4 } = {},
): GeneratedLog {
  const out: string[] = [];
  const put = (line: string) => {
    out.push(line);
  };
  let ref = 0;
  const header = (n: number, name: string) => {
    put('');
    put(`#${n} ${name}`);
  };

  put('#0 building with "default" instance using docker driver');
  const internal = [
    ['[internal] load build definition from Dockerfile', 'transferring dockerfile: 2.31kB done'],
    ['[internal] load metadata for docker.io/library/python:3.12-slim', null],
    ['[internal] load .dockerignore', 'transferring context: 2B done'],
  ] as const;
  for (const [name, status] of internal) {
    const n = ++ref;
    header(n, name);
    if (status) put(`#${n} ${status}`);
    put(`#${n} DONE 0.${n}s`);
  }
  const base = ++ref;
  header(base, '[base 1/2] FROM docker.io/library/python:3.12-slim@sha256:' + 'ab12'.repeat(16));
  put(`#${base} resolve docker.io/library/python:3.12-slim 0.0s done`);
  put(`#${base} DONE 0.4s`);
  const ctx = ++ref;
  header(ctx, '[internal] load build context');
  put(`#${ctx} transferring context: 1.20MB 0.1s done`);
  put(`#${ctx} DONE 0.1s`);
  const workdir = ++ref;
  header(workdir, '[base 2/2] WORKDIR /src');
  put(`#${workdir} DONE 0.0s`);

  // The RUN steps of all stages, each with its share of the output.
  type Run = { n: number; name: string; t: number; kind: number; at: number };
  const runs: Run[] = [];
  for (let s = 0; s < stages; s++) {
    const stage = `stage-${String.fromCharCode(97 + s)}`;
    const total = runsPerStage + 1;
    const copy = ++ref;
    header(copy, `[${stage} 1/${total}] COPY ${stage}/ ./${stage}/`);
    put(`#${copy} DONE 0.0s`);
    for (let r = 0; r < runsPerStage; r++) {
      const kind = (s + r) % 3;
      const cmd =
        kind === 0
          ? `pip install --no-cache-dir -r ${stage}/requirements-${r}.txt`
          : kind === 1
            ? `cd ${stage} && npm ci --no-audit`
            : `make -C ${stage} -j4 part-${r}`;
      runs.push({ n: ++ref, name: `[${stage} ${r + 2}/${total}] RUN ${cmd}`, t: 0, kind, at: 0 });
    }
  }

  // Output lines until the target size, handed out round robin in turns of a
  // few dozen lines: stages run at once, each RUN's output is one run of the lines.
  const perRun = Math.max(1, Math.floor(targetBytes / 80 / runs.length));
  const active = runs.map((r) => ({ ...r, left: perRun }));
  let last: (typeof active)[number] | null = null;
  let turn = 0;
  while (active.some((r) => r.left > 0)) {
    const r = active[turn++ % active.length];
    if (r.left <= 0) continue;
    if (last !== r) {
      if (last && last.left > 0) put(`#${last.n} ...`);
      header(r.n, r.name);
      last = r;
    }
    const batch = Math.min(r.left, 20 + (turn % 40));
    for (let i = 0; i < batch; i++, r.at++) {
      r.t += 0.003 + (r.at % 7) * 0.001;
      const t = r.t.toFixed(3);
      const k = r.at;
      if (r.kind === 0) {
        const pkg = `demo-pkg-${r.n}-${k}`;
        put(
          k % 2
            ? `#${r.n} ${t} Collecting ${pkg}==1.${k % 10}.0`
            : `#${r.n} ${t}   Downloading http://pypi.example/packages/${pkg.replace(/-/g, '_')}-1.${k % 10}.0-py3-none-any.whl (${(k % 900) + 12} kB)`,
        );
      } else if (r.kind === 1) {
        put(
          k % 5 === 4
            ? `#${r.n} ${t} npm warn deprecated demo-lib-${k}@2.${k % 9}.0: this version is no longer supported`
            : `#${r.n} ${t} npm http fetch GET 200 https://registry.npmjs.example/demo-lib-${k} ${k % 90}ms (cache miss)`,
        );
      } else {
        put(
          `#${r.n} ${t} [${String(Math.floor((k * 100) / perRun)).padStart(3)}%] Building CXX object src/CMakeFiles/demo.dir/module_${k}.cpp.o`,
        );
      }
    }
    r.left -= batch;
    if (r.left <= 0) {
      if (r.kind === 0)
        put(`#${r.n} ${(r.t + 0.1).toFixed(3)} Successfully installed ${perRun >> 1} packages`);
      if (r.kind === 1)
        put(`#${r.n} ${(r.t + 0.1).toFixed(3)} added ${perRun} packages in ${Math.ceil(r.t)}s`);
      put(`#${r.n} DONE ${(r.t + 0.2).toFixed(1)}s`);
      last = null;
    }
  }

  for (let s = 0; s < stages; s++) {
    const n = ++ref;
    const stage = `stage-${String.fromCharCode(97 + s)}`;
    header(n, `[final ${s + 1}/${stages}] COPY --from=${stage} /src/${stage}/out /app/${stage}/`);
    put(`#${n} DONE 0.1s`);
  }
  const exporter = ++ref;
  header(exporter, 'exporting to image');
  put(`#${exporter} exporting layers 1.2s done`);
  put(`#${exporter} writing image sha256:${'cd34'.repeat(16)} done`);
  put(`#${exporter} naming to docker.io/demo/big done`);
  put(`#${exporter} DONE 1.3s`);

  const path = join(dir, 'big-generated.log');
  const text = out.join('\n') + '\n';
  writeFileSync(path, text);
  // Steps are #1..#ref: every number from 1 to ref has a header (#0 is the banner).
  return { path, bytes: Buffer.byteLength(text), lines: out.length, steps: ref };
}
