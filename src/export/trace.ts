/**
 * The timeline as a Chrome trace (Trace Event Format, JSON Object Format) that
 * opens in Perfetto (ui.perfetto.dev), speedscope and chrome://tracing. Built
 * from the view document, so a compact share link exports the same trace.
 *
 * Layout: one process per build, one thread per timeline lane of each group
 * (as the app draws them), one complete event per step that took time, an
 * instant per step that took none, and the critical path as flow arrows.
 *
 * The rules it keeps, from the importers' source:
 * - Perfetto (trace_processor json_trace_tokenizer / json_trace_parser): `ts`
 *   and `dur` are microseconds, whatever `displayTimeUnit` says (current
 *   releases ignore it; it stays at the spec's default, "ms"). Thread names
 *   are looked up by `tid` alone, so tids are unique across the trace and
 *   apart from the pids. Events with the same `ts` are processed X first,
 *   longest first, then the rest in file order (older sorters: file order
 *   only), so the file is written in that order too.
 * - speedscope (src/import/trace-event.ts): reads only B/E/X, one profile per
 *   pid/tid, and turns each X into a begin and an end. At equal times it takes
 *   an end first unless the begin has the same name (then it treats the pair
 *   as a zero-length event), so bars on a track must not overlap, and two
 *   touching bars must not share a name.
 */
import type { ViewBuild, ViewDoc, ViewStep } from '../model/view';

export interface TraceEvent {
  name: string;
  /** X complete, i instant, s/f flow start/end, M metadata. */
  ph: 'X' | 'i' | 's' | 'f' | 'M';
  /** Microseconds from the start of the build. */
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  cat?: string;
  /** A reserved colour name of catapult's color_scheme (Perfetto and speedscope colour by name). */
  cname?: string;
  /** Scope of an instant: its thread. */
  s?: 't';
  /** Flow id, paired by id, cat and name. */
  id?: number;
  /** Binding point of a flow end: the enclosing slice. */
  bp?: 'e';
  args?: Record<string, string | number | boolean | null>;
}

export interface ChromeTrace {
  traceEvents: TraceEvent[];
  displayTimeUnit: 'ms';
  otherData?: Record<string, string>;
}

/** catapult tracing/base/color_scheme.html reserved names: green, red, light grey, orange. */
const CNAME: Partial<Record<ViewStep['status'], string>> = {
  cached: 'good',
  error: 'terrible',
  canceled: 'grey',
  unfinished: 'bad',
};

const FLOW = { name: 'critical path', cat: 'critical-path' };

/** The app's step label: `#N`, or a digest cut to 19 characters. */
function refLabel(ref: number | string): string {
  return typeof ref === 'number' ? `#${ref}` : ref.length > 19 ? `${ref.slice(0, 19)}…` : ref;
}

/**
 * Control characters and lone surrogates leave JSON.stringify as `\uXXXX`, which
 * older Perfetto tokenizers reject in an event's top-level strings (its
 * AppendUnescapedCharacter knew no `\u`) and give up the file. The name is
 * only a label: the step's own text stays in the app and the CSV.
 */
function label(s: string): string {
  return (
    s
      // eslint-disable-next-line no-control-regex -- matching control characters is the point
      .replace(/[\u0000-\u001f\u007f]/g, ' ')
      .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
  );
}

/** Sort rank at one time: X first (Perfetto's order), then flow starts, flow ends, instants. */
const RANK: Record<TraceEvent['ph'], number> = { M: -1, X: 0, s: 1, f: 2, i: 3 };

interface Placed {
  step: ViewStep;
  ts: number;
  dur: number;
  tid: number;
}

function buildEvents(b: ViewBuild, pid: number, nextTid: () => number, flowId: () => number) {
  // Process metadata on the main thread (tid = pid), which holds no steps.
  const meta: TraceEvent[] = [
    { name: 'process_name', ph: 'M', ts: 0, pid, tid: pid, args: { name: `Build ${b.index + 1}` } },
    { name: 'process_sort_index', ph: 'M', ts: 0, pid, tid: pid, args: { sort_index: b.index } },
  ];
  const events: TraceEvent[] = [];
  const timed = b.steps.filter((s) => Number.isFinite(s.startMs) && Number.isFinite(s.endMs));
  // Times are ms from the build's start; a step before it (never seen, but a CI
  // clock could do it) moves the origin so that no ts is negative.
  const originMs = Math.min(0, ...timed.map((s) => s.startMs!));
  // Whole microseconds: Math.round is monotone, so steps that did not overlap
  // in the lane assignment (end <= next start) still do not.
  const us = (ms: number) => Math.round((ms - originMs) * 1000);

  // Threads in the app's order: groups as listed, lanes in order; only lanes with a step.
  const placed = new Map<number, Placed>();
  let sortIndex = 0;
  for (const g of b.groups)
    for (let lane = 0; lane < g.lanes; lane++) {
      const steps = timed.filter((s) => s.group === g.key && s.lane === lane);
      if (!steps.length) continue;
      const tid = nextTid();
      const name = `${g.label || 'steps'}${g.lanes > 1 ? ` · lane ${lane + 1}` : ''}`;
      meta.push(
        { name: 'thread_name', ph: 'M', ts: 0, pid, tid, args: { name } },
        { name: 'thread_sort_index', ph: 'M', ts: 0, pid, tid, args: { sort_index: sortIndex++ } },
      );
      for (const s of steps) {
        const ts = us(s.startMs!);
        placed.set(s.index, { step: s, ts, dur: Math.max(0, us(s.endMs!) - ts), tid });
      }
    }
  const untimed = b.steps
    .filter((s) => !placed.has(s.index))
    .map((s) => `${refLabel(s.ref)} ${s.name} (${s.status})`);

  for (const { step: s, ts, dur, tid } of placed.values()) {
    const args: TraceEvent['args'] = {
      ref: s.ref,
      status: s.status,
      cached: s.status === 'cached',
      kind: s.kind,
      durationMs: s.durationMs,
      startMs: s.startMs,
      endMs: s.endMs,
      timing: b.timing,
      onCriticalPath: s.onCriticalPath,
      slackMs: s.slackMs,
    };
    for (const k of ['stage', 'platform', 'target', 'error', 'exitCode'] as const)
      if (s[k] !== null) args[k] = s[k];
    const e: TraceEvent = {
      name: `${refLabel(s.ref)} ${label(s.name)}`,
      cat: s.status,
      ph: 'X',
      ts,
      dur,
      pid,
      tid,
      args,
    };
    // A step that took no time cannot be a bar. As a zero-length X it would
    // break speedscope when it sits at the start of the next bar of its lane
    // (common: a CACHED step, then the step after it): the end queue's front
    // is then the zero-length end, taken before the longer begin, and the
    // stack unwinds wrongly. An instant on the thread is what Perfetto makes of
    // a zero-length X anyway (a zero-duration slice) and speedscope skips it.
    if (dur === 0) {
      delete e.dur;
      e.ph = 'i';
      e.s = 't';
    }
    if (CNAME[s.status]) e.cname = CNAME[s.status];
    events.push(e);
  }

  // Arrows from each critical bar to the next, over the path's instants: an
  // instant at the start of the next bar is processed after that bar (nested
  // under it), so an arrow from it would end before it starts. `s` binds to
  // the slice on top of its thread's stack, `f` with bp "e" likewise; each
  // sits at its bar's start, right after the bar in processing order (RANK),
  // before any instant there. An arrow back in time (a CI clock out of order)
  // is left out: Perfetto drops an end that comes before its start.
  const path = b.criticalPath
    .map((i) => placed.get(i))
    .filter((p): p is Placed => p !== undefined && p.dur > 0);
  for (let i = 1; i < path.length; i++) {
    const [from, to] = [path[i - 1], path[i]];
    if (to.ts < from.ts) continue;
    const id = flowId();
    events.push(
      { ...FLOW, ph: 's', ts: from.ts, pid, tid: from.tid, id },
      { ...FLOW, ph: 'f', bp: 'e', ts: to.ts, pid, tid: to.tid, id },
    );
  }
  events.sort(
    (x, y) =>
      x.ts - y.ts || RANK[x.ph] - RANK[y.ph] || (y.dur ?? 0) - (x.dur ?? 0) || x.tid - y.tid,
  );

  const n = b.index + 1;
  const other: Record<string, string> = {
    [`Build ${n} timing`]: b.timingNote,
    [`Build ${n} critical path`]: b.criticalPath.map((i) => refLabel(b.steps[i].ref)).join(' → '),
  };
  if (untimed.length) other[`Build ${n} not drawn (no start or end time)`] = untimed.join('\n');
  if (originMs < 0) other[`Build ${n} time origin`] = `${-originMs} ms before the build's start`;
  return { meta, events, other };
}

/**
 * The trace of every build. Untimed steps cannot be drawn: they are listed in
 * `otherData` (per build), with each build's timing note and critical path.
 */
export function toChromeTrace(doc: ViewDoc): ChromeTrace {
  // pids = build index + 1, tids after the last: Perfetto takes a tid equal to a pid for that process's main thread.
  let tid = Math.max(0, ...doc.builds.map((b) => b.index + 1));
  let flow = 0;
  const meta: TraceEvent[] = [];
  const events: TraceEvent[] = [];
  const otherData: Record<string, string> = {
    generator: 'plainsight',
    source: doc.label,
    format: doc.ci ? `${doc.format} (${doc.ci})` : doc.format,
    layout:
      'ts in microseconds from the start of each build; one process per build, one thread per timeline lane; ' +
      'steps that took no time are instant events; flow arrows follow the critical path',
  };
  for (const b of doc.builds) {
    const r = buildEvents(
      b,
      b.index + 1,
      () => ++tid,
      () => ++flow,
    );
    meta.push(...r.meta);
    events.push(...r.events);
    Object.assign(otherData, r.other);
  }
  return { traceEvents: [...meta, ...events], displayTimeUnit: 'ms', otherData };
}
