import type { Build, Step } from '../model/types';

/**
 * Start and end of every step relative to the build's start (FORMAT.md §1.8):
 * exact where the log carries absolute times (rawjson, legacy), from CI
 * timestamps where present, otherwise estimated from what plain mode offers.
 */
export function computeTimeline(build: Build, stampEpochMs: Float64Array): void {
  if (build.timing === 'exact') {
    fromIntervals(build);
  } else if (hasStamps(build, stampEpochMs)) {
    build.timing = 'timestamped';
    fromStamps(build, stampEpochMs);
  } else if (build.format === 'tty') {
    build.timing = 'estimated';
    layoutRows(build);
  } else {
    build.timing = 'estimated';
    estimate(build);
  }
}

/**
 * A TTY frame lists steps in the order they started, each with its busy time
 * (§4), and its header gives the wall time. Each row starts no earlier than the
 * row above it and after the step before it in its stage; the header's wall
 * time is kept as printed.
 */
function layoutRows(build: Build): void {
  const stageEnd = new Map<string, number>();
  let prevStart = 0;
  let end = 0;
  for (const s of build.steps) {
    const key = groupKey(s);
    let start = Math.max(prevStart, s.position ? (stageEnd.get(key) ?? 0) : 0);
    const from = /--from=(\S+)/.exec(s.name);
    if (from)
      for (const [k, e] of stageEnd) if (k.endsWith(`\u0000${from[1]}`)) start = Math.max(start, e);
    s.startMs = start;
    s.endMs = start + (s.durationMs ?? 0);
    if (s.position) stageEnd.set(key, s.endMs);
    prevStart = start;
    end = Math.max(end, s.endMs);
  }
  if (build.wallMs === null) build.wallMs = end;
}

function fromIntervals(build: Build): void {
  let t0 = Infinity;
  for (const s of build.steps) for (const iv of s.intervals) t0 = Math.min(t0, iv.startEpochMs);
  if (t0 === Infinity) {
    estimate(build);
    build.timing = 'estimated';
    return;
  }
  build.startEpochMs = t0;
  let end = 0;
  for (const s of build.steps) {
    if (!s.intervals.length) continue;
    s.startMs = s.intervals[0].startEpochMs - t0;
    let e: number | null = null;
    for (const iv of s.intervals)
      if (iv.endEpochMs !== null) e = Math.max(e ?? 0, iv.endEpochMs - t0);
    s.endMs = e;
    if (e !== null) end = Math.max(end, e);
  }
  build.wallMs = end;
}

function hasStamps(build: Build, stamp: Float64Array): boolean {
  let withStamp = 0;
  let total = 0;
  for (const s of build.steps) {
    for (const seg of s.segments) {
      total++;
      if (stamp[seg.firstLine] === stamp[seg.firstLine]) withStamp++;
    }
  }
  return total > 0 && withStamp / total >= 0.5;
}

function fromStamps(build: Build, stamp: Float64Array): void {
  const starts: number[] = [];
  const ends: (number | null)[] = [];
  let t0 = Infinity;
  for (let i = build.firstLine; i <= build.lastLine; i++) {
    const v = stamp[i];
    if (v === v) {
      t0 = v;
      break;
    }
  }
  for (const s of build.steps) {
    let start = Infinity;
    const head = s.segments.length ? stamp[s.segments[0].firstLine] : NaN;
    if (head === head) start = head;
    // A log line was read at its stamp, `elapsed` after its interval began (§1.8).
    const firstSegEnd = s.segments.length ? s.segments[0].lastLine : -1;
    for (let j = 0; j < s.outputLines.length; j++) {
      const line = s.outputLines[j];
      if (line > firstSegEnd) break;
      const e = s.outputElapsedMs[j];
      const v = stamp[line];
      if (e !== null && v === v) start = Math.min(start, v - e);
    }
    let end: number | null = s.finishStampEpochMs;
    if (end === null && s.segments.length) {
      const last = stamp[s.segments[s.segments.length - 1].lastLine];
      if (last === last) end = last;
    }
    if (end !== null && s.durationMs !== null) start = Math.min(start, end - s.durationMs);
    if (end !== null && start === Infinity) start = end;
    starts.push(start);
    ends.push(end);
    if (start < t0) t0 = start;
  }
  if (t0 === Infinity) {
    build.timing = 'estimated';
    estimate(build);
    return;
  }
  build.startEpochMs = t0;
  let wall = 0;
  build.steps.forEach((s, i) => {
    s.startMs = starts[i] === Infinity ? null : Math.max(0, starts[i] - t0);
    const e = ends[i];
    s.endMs = e === null ? null : Math.max(s.startMs ?? 0, e - t0);
    if (s.endMs !== null) wall = Math.max(wall, s.endMs);
  });
  for (let i = build.lastLine; i >= build.firstLine; i--) {
    const v = stamp[i];
    if (v === v) {
      wall = Math.max(wall, v - t0);
      break;
    }
  }
  build.wallMs = wall;
}

// ---- estimate from plain text only

interface StepClock {
  start: number;
  intervalStart: number;
  closedMs: number;
  /** The last DONE value seen. */
  doneMs: number;
  end: number | null;
  open: boolean;
  lowerBound: number;
}

/**
 * The estimate walks the blocks in print order with a clock that never goes
 * back. The printer shows completed vertices at once and the current one live,
 * buffering the others (`textMux.print`, §1.2), so a finish line is printed
 * close to the vertex's end; a block that opens while other vertices are still
 * running may have started long before it is printed. Steps of one stage run
 * in their position order and `COPY --from=<stage>` waits for that stage.
 */
function estimate(build: Build): void {
  const segs: { step: Step; seg: number }[] = [];
  for (const s of build.steps) s.segments.forEach((_, i) => segs.push({ step: s, seg: i }));
  segs.sort((a, b) => a.step.segments[a.seg].firstLine - b.step.segments[b.seg].firstLine);

  const clocks = new Map<Step, StepClock>();
  const stageLast = new Map<string, { pos: number; step: Step }[]>();
  for (const s of build.steps) {
    if (!s.position) continue;
    const key = groupKey(s);
    const list = stageLast.get(key) ?? [];
    list.push({ pos: s.position[0], step: s });
    stageLast.set(key, list);
  }
  const endOf = (s: Step) => clocks.get(s)?.end ?? null;
  let now = 0;
  let lastDockerfileEnd = 0;

  const lowerBound = (s: Step): number => {
    let lb = 0;
    if (s.position) {
      for (const o of stageLast.get(groupKey(s)) ?? []) {
        if (o.pos < s.position[0]) {
          const e = endOf(o.step);
          if (e !== null) lb = Math.max(lb, e);
        }
      }
      const from = /--from=(\S+)/.exec(s.name);
      if (from) {
        for (const [key, list] of stageLast) {
          if (key.endsWith(`\u0000${from[1]}`))
            for (const o of list) {
              const e = endOf(o.step);
              if (e !== null) lb = Math.max(lb, e);
            }
        }
      }
    }
    if (s.kind === 'export') lb = Math.max(lb, lastDockerfileEnd);
    return lb;
  };

  for (const { step, seg: si } of segs) {
    const seg = step.segments[si];
    let c = clocks.get(step);
    if (!c) {
      const lb = lowerBound(step);
      let openStart = -1;
      for (const [o, oc] of clocks)
        if (o !== step && oc.open) openStart = Math.max(openStart, oc.start);
      const start = openStart >= 0 ? Math.max(lb, Math.min(now, openStart)) : Math.max(lb, now);
      c = {
        start,
        intervalStart: start,
        closedMs: 0,
        doneMs: 0,
        end: null,
        open: true,
        lowerBound: lb,
      };
      clocks.set(step, c);
    } else if (!c.open) {
      // Re-opened after a finish: a new execution interval (§1.2). It began
      // after the previous one ended; when exactly shows at its finish.
      c.closedMs = c.doneMs;
      c.intervalStart = c.end ?? now;
      c.lowerBound = c.intervalStart;
      c.open = true;
    }
    if (seg.lastElapsedMs !== null) now = Math.max(now, c.intervalStart + seg.lastElapsedMs);
    if (seg.finished) {
      // The DONE of this block: the sum of the intervals up to here, not an increment (§1.2).
      const d = seg.doneMs ?? (si === step.segments.length - 1 ? step.durationMs : null);
      let end: number;
      if (d !== null) {
        const current = Math.max(0, d - c.closedMs);
        end = Math.max(now, c.intervalStart + current);
        // The finish is printed about when the interval ends; it began `current` before.
        c.intervalStart = Math.max(c.lowerBound, end - current);
        if (c.closedMs === 0) c.start = c.intervalStart;
        end = Math.max(end, c.intervalStart + current);
      } else {
        end = Math.max(now, c.intervalStart + (seg.lastElapsedMs ?? 0));
      }
      c.end = end;
      c.open = false;
      if (d !== null) c.doneMs = d;
      now = Math.max(now, end);
      if (step.kind === 'step' || step.kind === 'base')
        lastDockerfileEnd = Math.max(lastDockerfileEnd, end);
    }
  }
  let wall = now;
  for (const s of build.steps) {
    const c = clocks.get(s);
    if (!c) continue;
    s.startMs = c.start;
    // A step that never finished ran until the log ends.
    s.endMs = c.end ?? Math.max(now, c.start);
    wall = Math.max(wall, s.endMs);
  }
  // Never shorter than the longest step, never longer than all steps end to end.
  let longest = 0;
  let sum = 0;
  for (const s of build.steps) {
    const d = s.durationMs ?? (s.endMs !== null && s.startMs !== null ? s.endMs - s.startMs : 0);
    longest = Math.max(longest, d);
    sum += d;
  }
  build.wallMs = build.steps.length
    ? Math.min(Math.max(wall, longest), Math.max(sum, longest))
    : null;
}

function groupKey(s: Step): string {
  return `${s.platform ?? ''}\u0000${s.target ?? ''}\u0000${s.stage ?? ''}`;
}
