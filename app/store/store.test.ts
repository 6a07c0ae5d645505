import { describe, expect, it } from 'vitest';
import { fromText } from '../loading/sources';
import { createCoreClient } from '../test-support/core-client';
import { repoFile } from '../test-support/repo-file';
import { createAppStore } from './create-store';
import { selectBuild, selectStep, selectVisibleSteps } from './selectors';

const fixture = (name: string) => repoFile(`src/analysis/fixtures/${name}`);

// 13 steps, #1..#13; stages base, build-a, build-b, final (e2e/fixtures/multistage-parallel.log).
const PARALLEL = repoFile('e2e/fixtures/multistage-parallel.log');
// A build canceled by its client: `context canceled`, no step failed.
const CANCELED = fixture('plain-short-canceled-context-canceled.log');
// `#7 [4/5] RUN echo "running make" && make -C build all`: `make: not found`, exit code 127.
const FAILED = repoFile('src/formats/fixtures/plain/d26-10-fail-run.plain.log');

describe('loading', () => {
  it('goes from loading to done and opens the first build with nothing selected', async () => {
    const client = createCoreClient(true);
    const store = createAppStore(client);
    const done = store.getState().load(fromText(PARALLEL, 'a paste'));
    expect(store.getState().loading.status).toBe('loading');
    expect(store.getState().loading.label).toBe('a paste');
    await client.settle();
    await done;
    const s = store.getState();
    expect(s.loading.status).toBe('done');
    expect(s.doc?.label).toBe('a paste');
    expect(selectBuild(s)?.steps).toHaveLength(13);
    expect(s.view).toMatchObject({ build: 0, step: null, zoom: null });
  });

  it('opens a failed build on its failing step', async () => {
    const store = createAppStore(createCoreClient());
    await store.getState().load(fromText(FAILED));
    const s = store.getState();
    expect(selectBuild(s)?.error?.exitCode).toBe(127);
    expect(selectStep(s)).toMatchObject({ ref: 7, status: 'error' });
  });

  it('opens a canceled build with no step selected: none failed', async () => {
    const store = createAppStore(createCoreClient());
    await store.getState().load(fromText(CANCELED));
    const s = store.getState();
    expect(selectBuild(s)?.error?.message).toContain('context canceled');
    expect(selectBuild(s)?.steps.some((x) => x.status === 'error')).toBe(false);
    expect(s.view.step).toBeNull();
  });

  it('cancels a load in flight, keeping nothing of it', async () => {
    const client = createCoreClient(true);
    const store = createAppStore(client);
    const done = store.getState().load(fromText(PARALLEL));
    store.getState().cancelLoad();
    await client.settle();
    await done;
    expect(store.getState().loading.status).toBe('canceled');
    expect(store.getState().doc).toBeNull();
  });

  it('drops the answer to a load that a newer one replaced', async () => {
    const client = createCoreClient(true);
    const store = createAppStore(client);
    const first = store.getState().load(fromText(PARALLEL, 'first'));
    const second = store.getState().load(fromText(CANCELED, 'second'));
    await client.settle();
    await Promise.all([first, second]);
    expect(store.getState().doc?.label).toBe('second');
    expect(store.getState().loading.status).toBe('done');
  });

  it('says what went wrong when the source cannot be read', async () => {
    const store = createAppStore(createCoreClient());
    await store.getState().load({ kind: 'url', url: 'http://127.0.0.1:9/x.log', label: 'x' });
    expect(store.getState().loading).toMatchObject({ status: 'error' });
    expect(store.getState().loading.error).toContain('http://127.0.0.1:9/x.log');
  });

  it('goes back to the start page on reset', async () => {
    const store = createAppStore(createCoreClient());
    await store.getState().load(fromText(PARALLEL));
    store.getState().reset();
    expect(store.getState().doc).toBeNull();
    expect(store.getState().loading.status).toBe('idle');
  });
});

describe('view state', () => {
  it('filters the steps by status, stage and text, and sorts them', async () => {
    const store = createAppStore(createCoreClient());
    await store.getState().load(fromText(PARALLEL));
    const rows = () => selectVisibleSteps(store.getState()).map((s) => s.ref);
    expect(rows()).toHaveLength(13);
    store.getState().setFilters({ stage: 'final' });
    expect(rows()).toEqual([10, 11, 12]);
    // `[build-a 1/1] RUN …` and `[final 1/3] COPY --from=build-a …`.
    store.getState().setFilters({ stage: null, text: 'build-a' });
    expect(rows()).toEqual([9, 10]);
    store.getState().setFilters({ text: '', statuses: ['cached'] });
    expect(rows()).toEqual([]);
    store.getState().setFilters({ statuses: [] });
    // Longest first on the second click; the two RUNs of build-b (3.5 s) and build-a (3.3 s).
    store.getState().setSort('duration');
    store.getState().setSort('duration');
    expect(store.getState().view.sort).toEqual({ key: 'duration', dir: 'desc' });
    expect(rows().slice(0, 2)).toEqual([8, 9]);
  });

  it('keeps the derived rows the same object while nothing they depend on changes', async () => {
    const store = createAppStore(createCoreClient());
    await store.getState().load(fromText(PARALLEL));
    const a = selectVisibleSteps(store.getState());
    store.getState().selectStep(3);
    expect(selectVisibleSteps(store.getState())).toBe(a);
    store.getState().setFilters({ text: 'RUN' });
    expect(selectVisibleSteps(store.getState())).not.toBe(a);
  });

  it('takes only sensible zoom ranges and build numbers', async () => {
    const store = createAppStore(createCoreClient());
    await store.getState().load(fromText(PARALLEL));
    store.getState().setZoom([500, 1500]);
    expect(store.getState().view.zoom).toEqual([500, 1500]);
    store.getState().setZoom([1500, 500]);
    expect(store.getState().view.zoom).toBeNull();
    store.getState().selectBuild(7);
    expect(store.getState().view.build).toBe(0);
    store.getState().showLine(42);
    expect(store.getState().view.line).toBe(42);
  });
});
