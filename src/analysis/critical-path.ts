import type { CriticalPath } from '../model/analysis';
import type { Build, Step, Timing } from '../model/types';
import { isContextStep, nameBody, timeByKind } from './work-kinds';

/**
 * How far apart two instants may be and still count as "the same moment" on a
 * build's timeline, by how the times were obtained:
 *
 * - exact (rawjson, legacy): BuildKit starts a vertex a few ms after its inputs
 *   finish (2–17 ms in engine/d26-*.rawjson), rarely ~100 ms;
 * - timestamped: a stamp is when the runner read the line, at least 0.1 s late
 *   and more when starved (FORMAT.md §1.8); steps are seen starting up to
 *   0.19 s before the finish stamp of the step they wait for
 *   (corpus real/ci-github-build-push-git-context-gradle-push.log);
 * - estimated: DONE has 0.1 s resolution (`%.1fs`, §1.4) and the estimator
 *   builds every time from those.
 */
const TOLERANCE_MS: Record<Timing, number> = { exact: 50, timestamped: 500, estimated: 100 };

/** A step that has both times. */
interface Node {
  step: Step;
  start: number;
  end: number;
  /** Busy time: the DONE duration, or the span when there is none. */
  busyMs: number;
}

/**
 * The chain of steps that set the build's wall time, and each step's slack.
 *
 * Plain logs carry no dependency edges (FORMAT.md §1.8), so they are rebuilt
 * from what the names say (see `dependencies`) and checked against the
 * timeline: a dependency that ended after its dependent started (beyond the
 * tolerance) is not one the timeline supports and is dropped.
 *
 * Each step's *determining predecessor* is the dependency that ended last
 * before it started. Where no dependency is known (or none fits the timeline;
 * the build definition, which comes before everything, does not count here),
 * or the dependencies all ended well before the step started while another
 * step ended in that gap, the step that ended last before it started (within
 * the tolerance) stands in.
 * Ties (plain estimates give many steps the same end) go to the longer chain
 * of busy time, then, among dependencies, to the chain of more steps (so the
 * FROM that ended at 0 ms with its metadata behind it beats the bare build
 * definition), and among stand-ins to the chain of fewer (so the path does not
 * thread through zero-length steps that merely share an instant). The critical
 * path starts at the step that ended last (ties as for dependencies) and follows
 * determining predecessors back to a step that has none.
 *
 * Slack is a backward pass over the same edges: a step may end as late as the
 * earliest latest-start of its successors (the wall time when it has none),
 * where a critical-path step's latest start is its actual start (its slack is 0
 * by definition: any gap on the path is a delay we cannot attribute, kept as
 * it is) and another step's is its latest end minus its span. Steps without
 * times are left out of the path and get slack 0.
 */
export function computeCriticalPath(build: Build): CriticalPath {
  const n = build.steps.length;
  const slackMs = new Array<number>(n).fill(0);
  let summedMs = 0;
  for (const s of build.steps) summedMs += s.durationMs ?? 0;
  const wallMs = build.wallMs ?? 0;
  const result: CriticalPath = {
    steps: [],
    slackMs,
    wallMs,
    summedMs,
    parallelism: wallMs > 0 ? summedMs / wallMs : null,
    byKind: timeByKind(build),
  };

  // By step index: arrays rather than Maps, once per step and edge (a bake of
  // thousands of steps), and no garbage beyond them.
  const nodes = new Map<number, Node>();
  const nodeAt: (Node | undefined)[] = new Array<Node | undefined>(n);
  for (const step of build.steps) {
    if (step.startMs === null || step.endMs === null) continue;
    const start = step.startMs;
    const end = Math.max(start, step.endMs);
    const nd = { step, start, end, busyMs: step.durationMs ?? end - start };
    nodes.set(step.index, nd);
    nodeAt[step.index] = nd;
  }
  if (!nodes.size) return result;

  const tol = TOLERANCE_MS[build.timing];
  const deps = dependencies(build, nodes, tol);
  const depth = dependencyDepth(build.steps.length, [deps.named, deps.root]);

  // A total order that every edge we follow must respect, so the walk cannot loop
  // however the times tie: by end, then start, then dependency depth, then index.
  const order = [...nodes.values()].sort(
    (a, b) =>
      a.end - b.end ||
      a.start - b.start ||
      depth[a.step.index] - depth[b.step.index] ||
      a.step.index - b.step.index,
  );
  const rank = new Int32Array(n);
  for (let r = 0; r < order.length; r++) rank[order[r].step.index] = r;

  /** The determining predecessor of each step; -1 for none. */
  const pred = new Int32Array(n).fill(-1);
  const chainMs = new Float64Array(n);
  const chainSteps = new Int32Array(n);
  /** `a` beats `b` (-1: nothing yet) as a determining predecessor. */
  const better = (a: number, b: number): boolean => {
    if (b < 0) return true;
    const ea = nodeAt[a]!.end;
    const eb = nodeAt[b]!.end;
    if (ea !== eb) return ea > eb;
    if (chainMs[a] !== chainMs[b]) return chainMs[a] > chainMs[b];
    if (chainSteps[a] !== chainSteps[b]) return chainSteps[a] > chainSteps[b];
    return rank[a] > rank[b];
  };
  // A stand-in among steps that all ended at the same moment (see above).
  const betterStandIn = (a: number, b: number): boolean => {
    if (chainMs[a] !== chainMs[b]) return chainMs[a] > chainMs[b];
    if (chainSteps[a] !== chainSteps[b]) return chainSteps[a] < chainSteps[b];
    return rank[a] > rank[b];
  };
  /** Edges the timeline supports: d ended by s's start (within tolerance) and comes before s. */
  const fits = (d: number, s: Node, r: number): boolean => {
    const nd = nodeAt[d];
    return nd !== undefined && nd.end <= s.start + tol && rank[d] < r;
  };
  /** Per step: the named dependencies the timeline supports, then the root ones. */
  const supported: number[][] = new Array<number[]>(n);

  // Stand-ins. `order` runs by end, then start: steps that ended at the same
  // moment sit together, by start. For each rank, the first rank of its group and
  // the best stand-in of the group up to it, so a query costs a binary search
  // even when thousands of steps share one instant.
  const groupFirst = new Int32Array(order.length);
  for (let r = 1; r < order.length; r++)
    groupFirst[r] = order[r].end === order[r - 1].end ? groupFirst[r - 1] : r;
  const prefixBest = new Int32Array(order.length);
  /** Among the steps before rank `r` that ended by `endBy`, the latest-ending that started by `startBy`; -1 for none. */
  const standIn = (r: number, startBy: number, endBy: number): number => {
    for (let k = lastEndingBy(order, r, endBy); k >= 0;) {
      const g = groupFirst[k];
      let lo = g;
      let hi = k;
      let p = g - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (order[mid].start <= startBy) {
          p = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      if (p >= g) return prefixBest[p];
      k = g - 1;
    }
    return -1;
  };

  for (let r = 0; r < order.length; r++) {
    const nd = order[r];
    const i = nd.step.index;
    const edges: number[] = [];
    const named = deps.named.get(i);
    if (named) for (const d of named) if (fits(d, nd, r)) edges.push(d);
    const usable = edges.length;
    const root = deps.root.get(i);
    if (root) for (const d of root) if (fits(d, nd, r)) edges.push(d);
    supported[i] = edges;
    let best = -1;
    for (let k = 0; k < usable; k++) if (better(edges[k], best)) best = edges[k];
    const namedEnd = best < 0 ? -Infinity : nodeAt[best]!.end;
    if (namedEnd < nd.start - tol) {
      // No named dependency, or none that ended when this step started: the
      // step that ended last before it started, and that had itself started
      // by then (a step that began later, like an `[auth]` token fetched while
      // metadata loads, did not hold this one up), when it ended clearly later
      // than the named one. Such a wait was for something the log does not
      // name: a `FROM <stage>` base, a prefix merged with another stage's, a
      // worker slot.
      const other = standIn(r, nd.start, nd.start + tol);
      if (other >= 0 && (best < 0 || nodeAt[other]!.end > namedEnd + tol)) best = other;
    }
    pred[i] = best;
    chainMs[i] = nd.busyMs + (best < 0 ? 0 : chainMs[best]);
    chainSteps[i] = 1 + (best < 0 ? 0 : chainSteps[best]);
    const g = groupFirst[r];
    prefixBest[r] = r > g && !betterStandIn(i, prefixBest[r - 1]) ? prefixBest[r - 1] : i;
  }

  let last = -1;
  for (const nd of order) if (better(nd.step.index, last)) last = nd.step.index;
  const path: number[] = [];
  for (let at = last; at >= 0; at = pred[at]) path.push(at);
  path.reverse();
  result.steps = path;
  const onPath = new Uint8Array(n);
  for (const i of path) onPath[i] = 1;

  // Backward pass (see above). Successors come later in `order`, so walking it
  // backwards sees every successor before its predecessors. A successor listed
  // twice changes no minimum.
  const succ: number[][] = new Array<number[]>(n);
  const link = (d: number, s: number) => {
    const list = succ[d];
    if (list) list.push(s);
    else succ[d] = [s];
  };
  for (const nd of order) {
    const i = nd.step.index;
    for (const d of supported[i]) link(d, i);
    if (pred[i] >= 0) link(pred[i], i);
  }
  let horizon = wallMs;
  for (const nd of order) horizon = Math.max(horizon, nd.end);
  const latestStart = new Float64Array(n);
  for (let r = order.length - 1; r >= 0; r--) {
    const nd = order[r];
    const i = nd.step.index;
    let latestEnd = horizon;
    const after = succ[i];
    if (after)
      for (let k = 0; k < after.length; k++) latestEnd = Math.min(latestEnd, latestStart[after[k]]);
    if (onPath[i]) {
      latestStart[i] = nd.start;
      slackMs[i] = 0;
    } else {
      slackMs[i] = Math.max(0, latestEnd - nd.end);
      latestStart[i] = nd.start + slackMs[i];
    }
  }
  return result;
}

/** Index in `order` (sorted by end) of the last node before `r` that ended by `t`, or -1. */
function lastEndingBy(order: Node[], r: number, t: number): number {
  let lo = 0;
  let hi = r - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (order[mid].end <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Platform, bake target and stage: the lane a Dockerfile step runs in (same key as timeline.ts). */
function stageKey(s: Step): string {
  return `${s.platform ?? ''}\u0000${s.target ?? ''}\u0000${s.stage ?? ''}`;
}

/** Platform and target: steps that belong to one solve of one Dockerfile. */
function solveKey(s: Step): string {
  return `${s.platform ?? ''}\u0000${s.target ?? ''}`;
}

const isDockerfileStep = (s: Step) => s.kind === 'step' || s.kind === 'base';

/** `docker.io/library/python:3.9-slim@sha256:…` → `docker.io/library/python:3.9-slim`. */
function fromRef(body: string): string | null {
  const m = /^FROM\s+(\S+)/.exec(body);
  return m ? m[1].replace(/@sha256:[0-9a-f…]+$/, '') : null;
}

/** What `--from=` (COPY/ADD flags) or `--mount=…,from=` (RUN) names (§1.5 names keep the flags). */
function fromNames(body: string): string[] {
  const out: string[] = [];
  const flags = /^(?:ONBUILD\s+)?(COPY|ADD|RUN)((?:\s+--\S+)*)/.exec(body);
  if (!flags) return out;
  for (const flag of flags[2].trim().split(/\s+/)) {
    const copy = /^--from=(\S+)$/.exec(flag);
    if (copy && flags[1] !== 'RUN') out.push(copy[1].replace(/^["']|["']$/g, ''));
    if (flags[1] === 'RUN' && flag.startsWith('--mount=')) {
      const mount = /(?:^--mount=|,)from=([^,\s]+)/.exec(flag);
      if (mount) out.push(mount[1].replace(/^["']|["']$/g, ''));
    }
  }
  return out;
}

/** An image reference as BuildKit prints it: `golang:1.22` → `docker.io/library/golang:1.22`. */
function normalizeRef(ref: string): string {
  let r = ref.replace(/@sha256:[0-9a-f…]+$/, '');
  const slash = r.indexOf('/');
  const host = slash > 0 ? r.slice(0, slash) : '';
  if (!/[.:]/.test(host) && host !== 'localhost')
    r = `docker.io/${r.includes('/') ? r : `library/${r}`}`;
  if (!/:[^/]+$/.test(r)) r += ':latest';
  return r;
}

/** Dependency edges, dependent → what it waits for. */
interface Dependencies {
  /** What the names (and the stage inference) say. */
  named: Map<number, Set<number>>;
  /**
   * The build definition before everything: true, but it explains the start of
   * no step that something else could explain, so it only stands in where
   * nothing else is known (a step that waited for nothing named waited, as far
   * as the log shows, for whatever ended just before it).
   */
  root: Map<number, Set<number>>;
}

/**
 * Dependency edges (dependent → what it waits for), from the names and, where
 * the names cannot tell, the timeline:
 *
 * - steps of one stage (platform + target + stage) run in position order;
 * - `COPY --from=<stage>` / `RUN --mount=from=<stage>` wait for the last step of
 *   that stage (`--from=<image>` waits for the bare `FROM <image>` vertex when
 *   one was printed; `--from=<k>` is `stage-<k>` for unnamed stages);
 * - a stage whose first printed step is not a FROM is built on something the
 *   plain log does not name (§1.8): at position 1 it is `FROM <stage>` (the base
 *   stage's name is not printed), so the stage whose last step ended closest to
 *   the moment it started (within the tolerance) is taken as its base; at position
 *   k > 1 its first k − 1 steps were identical to another stage's and merged
 *   into them (one vertex per digest, §1.2), so it waits for the step at
 *   position k − 1 of another stage that ended last before it started;
 * - the build definition comes before everything (`load git source` plays that
 *   part in a remote git context, which has no `load build definition`);
 * - `load metadata for X` comes before the FROM of X, and the context steps
 *   before the COPY/ADD that read the context;
 * - exporters come after every Dockerfile step (of their target), and cache
 *   exports and pushes after the image export.
 */
function dependencies(build: Build, nodes: Map<number, Node>, tol: number): Dependencies {
  const edges: Dependencies = { named: new Map(), root: new Map() };
  const edge = (map: Map<number, Set<number>>, from: Step, on: Step) => {
    if (from === on) return;
    const set = map.get(from.index) ?? new Set<number>();
    set.add(on.index);
    map.set(from.index, set);
  };
  const add = (from: Step, on: Step) => edge(edges.named, from, on);
  const addRoot = (from: Step, on: Step) => edge(edges.root, from, on);
  const steps = build.steps;
  const sameTarget = (a: Step, b: Step) =>
    a.target === null || b.target === null || a.target === b.target;

  // Stages, each in position order.
  const stages = new Map<string, Step[]>();
  for (const s of steps) {
    if (!s.position || !isDockerfileStep(s)) continue;
    const list = stages.get(stageKey(s)) ?? [];
    list.push(s);
    stages.set(stageKey(s), list);
  }
  for (const list of stages.values()) {
    list.sort((a, b) => a.position![0] - b.position![0] || a.index - b.index);
    for (let i = 1; i < list.length; i++) add(list[i], list[i - 1]);
  }
  /** The last step of stage `name` seen from `s` (same platform and target first). */
  const stageEnd = (s: Step, name: string): Step | null => {
    const own = stages.get(`${solveKey(s)}\u0000${name}`);
    if (own) return own[own.length - 1];
    for (const list of stages.values()) {
      const l = list[list.length - 1];
      if (l.stage === name && sameTarget(l, s)) return l;
    }
    return null;
  };

  // Each step's name without its `[…]` prefix, read once.
  const bodies = steps.map((s) => nameBody(s.name));
  const bodyOf = (s: Step) => bodies[s.index];
  const definition = steps.filter(
    (s) => s.kind === 'internal' && /^load build definition\b/.test(bodyOf(s)),
  );
  const roots = definition.length
    ? definition
    : steps.filter((s) => s.kind === 'internal' && /^load git source\b/.test(bodyOf(s)));
  const context = steps.filter(isContextStep);
  const metadata = new Map<string, Step[]>();
  for (const s of steps) {
    const m = /^load metadata for (\S+)/.exec(bodyOf(s));
    if (s.kind !== 'internal' || !m) continue;
    const list = metadata.get(m[1]) ?? [];
    list.push(s);
    metadata.set(m[1], list);
  }
  const bareFroms = steps.filter((s) => s.kind === 'base' && !s.position);
  const exports = steps.filter((s) => s.kind === 'export');

  for (const s of steps) {
    for (const r of roots) if (!roots.includes(s) || r.index < s.index) addRoot(s, r);

    if (s.kind === 'base') {
      const ref = fromRef(bodyOf(s));
      for (const m of (ref && metadata.get(ref)) || [])
        if (!m.platform || !s.platform || m.platform === s.platform) add(s, m);
    }

    if (s.kind === 'step') {
      const named = fromNames(bodyOf(s));
      for (const name of named) {
        const alias = /^\d+$/.test(name) ? `stage-${name}` : name;
        const end = stageEnd(s, name) ?? stageEnd(s, alias);
        if (end) {
          add(s, end);
          continue;
        }
        const ctx = context.find((c) => c.stage === name);
        if (ctx) {
          add(s, ctx);
          continue;
        }
        const image = normalizeRef(name);
        for (const f of bareFroms) if (fromRef(bodyOf(f)) === image) add(s, f);
      }
      const copiesContext =
        (s.instruction === 'COPY' || s.instruction === 'ADD') &&
        !/^(?:COPY|ADD)(?:\s+--\S+)*\s+--from=/.test(bodyOf(s));
      if (copiesContext) for (const c of context) if (sameTarget(c, s)) add(s, c);
    }

    const pushing = /^pushing\b/.test(bodyOf(s));
    if (s.kind === 'export' || s.kind === 'cache-export' || pushing)
      for (const o of steps) if (isDockerfileStep(o) && sameTarget(o, s)) add(s, o);
    if (s.kind === 'cache-export' || pushing)
      for (const e of exports) if (sameTarget(e, s)) add(s, e);
  }

  inferStageBases(stages, nodes, tol, add);
  return edges;
}

/** A step of another stage that may be where a stage forked off, by its end time. */
interface Fork {
  end: number;
  /** The stage's place in `stages`: ties go to the earlier stage. */
  order: number;
  list: Step[];
  node: Node;
}

/** Index of the first fork ending after `t` (forks sorted by end). */
function firstAfter(forks: Fork[], t: number): number {
  let lo = 0;
  let hi = forks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (forks[mid].end <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The `FROM <stage>` and merged-prefix inference described at `dependencies`.
 * A stage starting at position 1 forked from the stage (same platform and
 * target) whose last step ended closest to its start, within the tolerance; one
 * starting at position k from the latest-ending step k − 1 of another stage
 * that ended by its start. Candidates are sorted by end once, so a bake file of
 * a thousand stages is not a million comparisons.
 */
function inferStageBases(
  stages: Map<string, Step[]>,
  nodes: Map<number, Node>,
  tol: number,
  add: (from: Step, on: Step) => void,
): void {
  // Per platform and target: each stage's last step, and its steps by position.
  const lasts = new Map<string, Fork[]>();
  const byPosition = new Map<string, Fork[]>();
  let order = 0;
  for (const list of stages.values()) {
    const key = solveKey(list[0]);
    const o = order++;
    const last = nodes.get(list[list.length - 1].index);
    if (last) pushTo(lasts, key, { end: last.end, order: o, list, node: last });
    const seen = new Set<number>();
    for (const st of list) {
      const p = st.position?.[0];
      // `find` semantics: the stage's first step at each position.
      if (p === undefined || seen.has(p)) continue;
      seen.add(p);
      const nd = nodes.get(st.index);
      if (nd) pushTo(byPosition, `${key}\u0000${p}`, { end: nd.end, order: o, list, node: nd });
    }
  }
  for (const forks of [...lasts.values(), ...byPosition.values()])
    forks.sort((x, y) => x.end - y.end || x.order - y.order);

  for (const list of stages.values()) {
    const first = list[0];
    const start = nodes.get(first.index)?.start;
    if (first.kind === 'base' || start === undefined) continue;
    const k = first.position![0];
    const key = solveKey(first);
    let best: Fork | null = null;
    if (k === 1) {
      // The stage that ended closest to this start, on either side within the tolerance.
      const forks = lasts.get(key) ?? [];
      const hi = firstAfter(forks, start + tol);
      for (let i = firstAfter(forks, start - tol - 1e-9); i < hi; i++) {
        const f = forks[i];
        if (f.list === list || f.end < start - tol) continue;
        const d = Math.abs(f.end - start);
        const bd = best ? Math.abs(best.end - start) : Infinity;
        if (d < bd || (d === bd && best && f.order < best.order)) best = f;
      }
    } else {
      // The latest step k − 1 that ended by this start (plus the tolerance).
      const forks = byPosition.get(`${key}\u0000${k - 1}`) ?? [];
      for (let i = firstAfter(forks, start + tol) - 1; i >= 0; i--) {
        const f = forks[i];
        if (f.list === list) continue;
        if (best && f.end < best.end) break;
        if (!best || f.order < best.order) best = f;
      }
    }
    if (best) add(first, best.node.step);
  }
}

function pushTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Longest chain of known dependencies below each step. Iterative, so a stage
 * of thousands of steps cannot overflow the stack; an edge back into the chain
 * being walked (a cycle, which the names should never make) counts as 0.
 */
function dependencyDepth(n: number, maps: Map<number, Set<number>>[]): number[] {
  const depth = new Array<number>(n).fill(-1);
  const onStack = new Uint8Array(n);
  // A loop, not flatMap: V8's flatMap is slow, and this runs once per step.
  const below = (i: number) => {
    const out: number[] = [];
    for (const m of maps) for (const d of m.get(i) ?? []) out.push(d);
    return out;
  };
  for (let root = 0; root < n; root++) {
    if (depth[root] >= 0) continue;
    const stack: { i: number; next: number[]; d: number }[] = [
      { i: root, next: below(root), d: 0 },
    ];
    onStack[root] = 1;
    while (stack.length) {
      const top = stack[stack.length - 1];
      const j = top.next.pop();
      if (j === undefined) {
        depth[top.i] = top.d;
        onStack[top.i] = 0;
        stack.pop();
        if (stack.length) {
          const parent = stack[stack.length - 1];
          parent.d = Math.max(parent.d, 1 + top.d);
        }
      } else if (depth[j] >= 0) {
        top.d = Math.max(top.d, 1 + depth[j]);
      } else if (!onStack[j]) {
        onStack[j] = 1;
        stack.push({ i: j, next: below(j), d: 0 });
      }
    }
  }
  return depth;
}
