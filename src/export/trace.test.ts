/**
 * toChromeTrace, read back the way the two viewers read it:
 *
 * - `perfettoImport` follows trace_processor's JSON importer: the tokenizer
 *   wants `ts` on all but metadata; the sorter orders equal times E first,
 *   then X longest first, then the rest in file order; thread names are keyed
 *   by tid; a slice (X, or a thread-scoped instant as a zero-length slice)
 *   first pops the slices of its track that ended by its ts; a flow `s` binds
 *   to the top of its track's stack, `f` with bp "e" likewise.
 * - `speedscopeImport` follows speedscope's src/import/trace-event.ts: B/E/X
 *   only, one profile per pid/tid, X split into a begin and an end queue, ends
 *   matched to the stack by name and args, with its warnings kept.
 *
 * Each fixture log and three corpus builds must come out of both without a
 * warning, with every timed step once, bars that never overlap on a track,
 * metadata names for every track, and the flows on the critical path.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyze } from '../analysis/analyze';
import { buildViewDoc } from '../analysis/view-doc';
import type { ViewDoc } from '../model/view';
import { readLog } from '../read/read-log';
import { fixtureLogs } from '../test-support/fixture-logs';
import { describeCorpus, readCorpus } from '../test-support/corpus';
import { toChromeTrace, type ChromeTrace, type TraceEvent } from './trace';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function docOf(bytes: Uint8Array, label: string): ViewDoc {
  const model = readLog(bytes);
  return buildViewDoc(model, analyze(model), label);
}
const fixtureDoc = (rel: string) => docOf(new Uint8Array(readFileSync(path.join(ROOT, rel))), rel);

// ---------------------------------------------------------------- Perfetto

interface Slice {
  e: TraceEvent;
  end: number;
  depth: number;
}

function perfettoImport(trace: ChromeTrace) {
  const errors: string[] = [];
  const order = (e: TraceEvent) =>
    e.ph === 'X' ? Number.MAX_SAFE_INTEGER - (e.dur ?? 0) : Number.MAX_SAFE_INTEGER;
  const sorted = trace.traceEvents
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.ts - b.e.ts || order(a.e) - order(b.e) || a.i - b.i)
    .map((x) => x.e);
  const threadNames = new Map<number, string>();
  const processNames = new Map<number, string>();
  const pidOfTid = new Map<number, number>();
  const stacks = new Map<number, Slice[]>();
  const slices: Slice[] = [];
  const open = new Map<string, Slice>();
  const flows: { from: Slice; to: Slice }[] = [];
  for (const e of sorted) {
    if (typeof e.ts !== 'number' && e.ph !== 'M') errors.push(`no ts: ${e.name}`);
    if (pidOfTid.has(e.tid) && pidOfTid.get(e.tid) !== e.pid)
      errors.push(`tid ${e.tid} in two pids`);
    pidOfTid.set(e.tid, e.pid);
    const stack = stacks.get(e.tid) ?? [];
    stacks.set(e.tid, stack);
    const flowKey = `${e.id}\u0000${e.cat}\u0000${e.name}`;
    if (e.ph === 'M') {
      const name = String(e.args?.name ?? '');
      if (e.name === 'thread_name') threadNames.set(e.tid, name);
      if (e.name === 'process_name') processNames.set(e.pid, name);
    } else if (e.ph === 'X' || e.ph === 'i') {
      if (e.ph === 'i' && e.s !== 't') errors.push(`instant not on its thread: ${e.name}`);
      while (stack.length && stack[stack.length - 1].end <= e.ts) stack.pop();
      const slice = { e, end: e.ts + (e.dur ?? 0), depth: stack.length };
      stack.push(slice);
      slices.push(slice);
    } else if (e.ph === 's') {
      const top = stack[stack.length - 1];
      if (!top) errors.push(`flow ${e.id}: no slice to start from`);
      else open.set(flowKey, top);
    } else if (e.ph === 'f') {
      if (e.bp !== 'e') errors.push(`flow ${e.id}: binds to the next slice`);
      const [from, to] = [open.get(flowKey), stack[stack.length - 1]];
      if (!from || !to) errors.push(`flow ${e.id}: end without start or slice`);
      else flows.push({ from, to });
    } else errors.push(`unexpected phase ${e.ph}`);
  }
  return { errors, threadNames, processNames, slices, flows };
}

// ---------------------------------------------------------------- speedscope

interface Frame {
  name: string;
  start: number;
  end: number;
  depth: number;
}

function speedscopeImport(trace: ChromeTrace) {
  const warnings: string[] = [];
  const events = trace.traceEvents;
  // isTraceEventList (the older releases wanted ts on every event, metadata too).
  if (!events.length || events.some((e) => !('ph' in e) || !('ts' in e)))
    throw new Error('not a trace event list');
  if (events.some((e) => ['CpuProfile', 'Profile', 'ProfileChunk'].includes(e.name)))
    throw new Error('would be read as a Chrome CPU profile');
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events.filter((e) => 'BEX'.includes(e.ph))) {
    const k = `${e.pid}:${e.tid}`;
    byThread.set(k, [...(byThread.get(k) ?? []), { ...e }]);
  }
  const key = (e: TraceEvent) => `${e.name} ${JSON.stringify(e.args)}`;
  const threads = new Map<string, Frame[]>();
  for (const [k, list] of byThread) {
    const first = Math.min(...list.map((e) => e.ts));
    const xs = list
      .map((e) => ({ ...e, ts: e.ts - first }))
      .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
    const begins = xs.map((e) => ({ ...e }));
    const ends = xs.map((e) => ({ ...e, ts: e.ts + (e.dur ?? 0) })).sort((a, b) => a.ts - b.ts);
    const stack: TraceEvent[] = [];
    const frames: Frame[] = [];
    while (begins.length || ends.length) {
      const takeBegin =
        !ends.length ||
        (begins.length &&
          (begins[0].ts < ends[0].ts ||
            (begins[0].ts === ends[0].ts && begins[0].name === ends[0].name)));
      if (takeBegin) {
        stack.push(begins.shift()!);
        continue;
      }
      const top = stack[stack.length - 1];
      if (top) {
        const same = (i: number) => ends[i].ts === ends[0].ts;
        let swap = ends.findIndex((e, i) => i > 0 && same(i) && key(e) === key(top));
        if (swap < 0) swap = ends.findIndex((e, i) => i > 0 && same(i) && e.name === top.name);
        if (swap > 0) [ends[0], ends[swap]] = [ends[swap], ends[0]];
      }
      const e = ends.shift()!;
      const b = stack[stack.length - 1];
      if (!b) warnings.push(`${k}: ended ${e.name} on an empty stack`);
      else if (e.name !== b.name) warnings.push(`${k}: ended ${e.name} while ${b.name} was open`);
      else {
        if (key(e) !== key(b)) warnings.push(`${k}: ended ${b.name} in place of ${e.name}`);
        stack.pop();
        frames.push({ name: b.name, start: b.ts, end: e.ts, depth: stack.length });
      }
    }
    if (stack.length) warnings.push(`${k}: ${stack.length} frames left open`);
    threads.set(k, frames);
  }
  return { warnings, threads };
}

// ---------------------------------------------------------------- the checks

function expectFinite(trace: ChromeTrace): void {
  expect(JSON.parse(JSON.stringify(trace))).toEqual(trace);
  for (const e of trace.traceEvents)
    for (const k of ['ts', 'dur', 'pid', 'tid', 'id'] as const) {
      const v = e[k];
      if (v === undefined) continue;
      expect(Number.isInteger(v) && v >= 0, `${k} of ${e.name} is ${v}`).toBe(true);
    }
}

/** Everything the two importers must agree on for the trace of `doc`. */
function checkTrace(doc: ViewDoc): ChromeTrace {
  const trace = toChromeTrace(doc);
  expect(trace.displayTimeUnit).toBe('ms');
  expectFinite(trace);
  const p = perfettoImport(trace);
  expect(p.errors).toEqual([]);
  // speedscope refuses an empty event list: only a document without builds gives one.
  if (!trace.traceEvents.length) expect(doc.builds).toEqual([]);
  const s = trace.traceEvents.length
    ? speedscopeImport(trace)
    : { warnings: [], threads: new Map() };
  expect(s.warnings).toEqual([]);

  for (const b of doc.builds) {
    const pid = b.index + 1;
    expect(p.processNames.get(pid)).toBe(`Build ${b.index + 1}`);
    const timed = b.steps.filter((st) => st.startMs !== null && st.endMs !== null);
    const origin = Math.min(0, ...timed.map((st) => st.startMs!));
    const mine = p.slices.filter((sl) => sl.e.pid === pid);

    // Every timed step once, on the thread of its group and lane, at its time.
    expect(mine.map((sl) => String(sl.e.args!.ref)).sort()).toEqual(
      timed.map((st) => String(st.ref)).sort(),
    );
    for (const st of timed) {
      const sl = mine.find((x) => x.e.args!.ref === st.ref && x.e.args!.startMs === st.startMs)!;
      expect(sl.e.ts).toBe(Math.round((st.startMs! - origin) * 1000));
      expect(sl.e.args).toMatchObject({ status: st.status, cached: st.status === 'cached' });
      expect(sl.e.cat).toBe(st.status);
      const g = b.groups.find((x) => x.key === st.group)!;
      expect(p.threadNames.get(sl.e.tid)).toBe(
        `${g.label || 'steps'}${g.lanes > 1 ? ` · lane ${st.lane + 1}` : ''}`,
      );
    }
    const untimed = b.steps.length - timed.length;
    const listed = trace.otherData?.[`Build ${b.index + 1} not drawn (no start or end time)`];
    expect(listed?.split('\n').length ?? 0).toBe(untimed);

    // Bars lie flat (depth 0, never overlapping); an instant is nested only
    // under a bar of its track that starts at the same time.
    const tracks = new Map<number, Slice[]>();
    for (const sl of mine) tracks.set(sl.e.tid, [...(tracks.get(sl.e.tid) ?? []), sl]);
    for (const list of tracks.values()) {
      const bars = list.filter((sl) => sl.e.ph === 'X').sort((x, y) => x.e.ts - y.e.ts);
      for (let i = 1; i < bars.length; i++)
        expect(bars[i - 1].end).toBeLessThanOrEqual(bars[i].e.ts);
      for (const sl of list) {
        if (sl.e.ph === 'X') expect(sl.depth).toBe(0);
        else if (sl.depth) {
          expect(sl.depth).toBe(1);
          expect(bars.some((x) => x.e.ts === sl.e.ts)).toBe(true);
        }
      }
    }

    // Thread order = the app's: sort indices follow the groups and their lanes.
    const threadMeta = trace.traceEvents.filter(
      (e) => e.pid === pid && e.name === 'thread_sort_index',
    );
    expect(threadMeta.map((e) => e.args!.sort_index)).toEqual(threadMeta.map((_e, i) => i));
    expect(threadMeta.map((e) => e.tid)).toEqual(
      [...threadMeta.map((e) => e.tid)].sort((x, y) => x - y),
    );
    expect(new Set(threadMeta.map((e) => e.tid))).toEqual(new Set(tracks.keys()));
    // A tid equal to a pid would be that process's main thread in Perfetto.
    for (const tid of tracks.keys())
      expect(doc.builds.some((x) => x.index + 1 === tid)).toBe(false);

    // Flows: from each critical bar to the next one (an arrow back in time is left out).
    const bars = b.criticalPath
      .map((i) => mine.find((sl) => sl.e.ph === 'X' && sl.e.args!.ref === b.steps[i].ref))
      .filter((x): x is Slice => !!x);
    const want = bars
      .slice(1)
      .flatMap((to, i) => (to.e.ts >= bars[i].e.ts ? [[bars[i].e, to.e]] : []));
    const got = p.flows.filter((f) => f.from.e.pid === pid).map((f) => [f.from.e, f.to.e]);
    expect(got).toEqual(want);
  }

  // Flow ids: one start and one end each.
  const ids = trace.traceEvents
    .filter((e) => e.ph === 's' || e.ph === 'f')
    .map((e) => `${e.ph}${e.id}`);
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids.filter((i) => i[0] === 's').length).toBe(ids.filter((i) => i[0] === 'f').length);

  // speedscope draws exactly the bars, each a top-level frame.
  const bars = p.slices.filter((sl) => sl.e.ph === 'X');
  const frames: Frame[] = [...s.threads.values()].flat();
  expect(frames.length).toBe(bars.length);
  expect(frames.every((f) => f.depth === 0)).toBe(true);
  return trace;
}

// ---------------------------------------------------------------- tests

describe('toChromeTrace on the fixture logs', () => {
  const files = fixtureLogs();
  it('finds the fixtures', () => expect(files.length).toBeGreaterThan(50));
  it.each(files.map((f) => [path.relative(ROOT, f)]))('%s', (rel) => {
    checkTrace(fixtureDoc(rel));
  });
});

describe('toChromeTrace layout', () => {
  it('multistage-parallel: one track per stage in the app order, bars, instants, two arrows', () => {
    const trace = checkTrace(fixtureDoc('e2e/fixtures/multistage-parallel.log'));
    const names = trace.traceEvents
      .filter((e) => e.name === 'thread_name')
      .map((e) => e.args!.name);
    expect(names).toEqual(['setup', 'base', 'build-b', 'build-a', 'final', 'export']);
    const bars = trace.traceEvents.filter((e) => e.ph === 'X');
    // #8 build-b runs 3.5 s, #9 build-a 3.3 s, side by side from 0.1 s (grep 'DONE 3' of the log).
    expect(bars.map((e) => [e.name.split(' ')[0], e.ts, e.dur])).toEqual([
      ['#6', 0, 100_000],
      ['#8', 100_000, 3_500_000],
      ['#9', 100_000, 3_300_000],
      ['#12', 3_609_000, 100_000],
    ]);
    expect(trace.traceEvents.filter((e) => e.ph === 'i')).toHaveLength(9);
    const flows = trace.traceEvents.filter((e) => e.ph === 's' || e.ph === 'f');
    expect(flows.map((e) => [e.ph, e.ts, e.id, e.bp])).toEqual([
      ['s', 0, 1, undefined],
      ['s', 100_000, 2, undefined],
      ['f', 100_000, 1, 'e'],
      ['f', 3_609_000, 2, 'e'],
    ]);
    expect(trace.otherData?.['Build 1 critical path']).toBe(
      '#1 → #2 → #4 → #6 → #7 → #8 → #10 → #11 → #12 → #13',
    );
  });

  it('two builds: two processes, tids unique across them, "lane k" where a group has lanes', () => {
    const trace = checkTrace(fixtureDoc('e2e/fixtures/two-builds.log'));
    const procs = trace.traceEvents.filter((e) => e.name === 'process_name');
    expect(procs.map((e) => [e.pid, e.args!.name])).toEqual([
      [1, 'Build 1'],
      [2, 'Build 2'],
    ]);
    const threads = trace.traceEvents.filter((e) => e.name === 'thread_name');
    expect(new Set(threads.map((e) => e.tid)).size).toBe(threads.length);
    expect(threads.every((e) => e.tid > 2)).toBe(true);
    expect(threads.filter((e) => e.pid === 2).map((e) => e.args!.name)).toContain('setup · lane 2');
  });

  it('cached steps: cat "cached", cname "good"; a failed step "terrible"; untimed steps listed', () => {
    const cached = checkTrace(fixtureDoc('src/analysis/fixtures/d26-04-npm-cached.plain.log'));
    const c = cached.traceEvents.filter((e) => e.cat === 'cached');
    expect(c.length).toBeGreaterThan(0);
    expect(c.every((e) => e.cname === 'good' && e.args!.cached === true)).toBe(true);
    // d26-10 rawjson: #7 (make, exit 127) has times; one vertex never started.
    const failed = checkTrace(
      fixtureDoc('src/formats/fixtures/rawjson/d26-10-fail-run.rawjson.log'),
    );
    const err = failed.traceEvents.find((e) => e.args?.status === 'error')!;
    expect(err).toMatchObject({ cname: 'terrible', args: { exitCode: 127 } });
    expect(failed.otherData?.['Build 1 not drawn (no start or end time)']).toMatch(/\(\w+\)$/);
  });

  it('why zero-length steps are instants: as zero-length X events speedscope unwinds wrongly', () => {
    // d26-10 plain: #5 is CACHED at the moment #6 starts, on the same lane.
    const trace = checkTrace(fixtureDoc('src/formats/fixtures/plain/d26-10-fail-run.plain.log'));
    const asX: ChromeTrace = {
      ...trace,
      traceEvents: trace.traceEvents.map((e) =>
        e.ph === 'i' ? { ...e, ph: 'X', dur: 0, s: undefined } : e,
      ),
    };
    expect(speedscopeImport(asX).warnings.length).toBeGreaterThan(0);
  });

  it('an empty document is a trace without events', () => {
    const doc = fixtureDoc('e2e/fixtures/multistage-parallel.log');
    expect(toChromeTrace({ ...doc, builds: [] }).traceEvents).toEqual([]);
  });
});

// Three real builds: a multi-stage build whose stages run in parallel, a
// compose/bake build of three services, and a GitHub Actions job log (two
// builds, CI timestamps, stages on two lanes).
describeCorpus('toChromeTrace on corpus builds', () => {
  it.each([
    'real/plain-python-pip-multistage-parallel-lambda.log',
    'real/plain-compose-bake-3-services-arm64-containerd-unpacking-pip-nextjs.log',
    'real/ci-github-build-push-git-context-gradle-push.log',
  ])('%s', (rel) => {
    const doc = docOf(readCorpus(rel), rel);
    const trace = checkTrace(doc);
    const flows = trace.traceEvents.filter((e) => e.ph === 'f');
    expect(flows.length).toBeGreaterThan(0);
    expect(trace.traceEvents.filter((e) => e.ph === 'X').length).toBeGreaterThan(3);
  });
});
