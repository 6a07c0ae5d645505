import type { CacheBreak, CacheBreakReason, LayerCache } from '../model/analysis';
import type { Build, Step } from '../model/types';
import { instructionText } from './mounts';

/**
 * BuildKit's layer cache as the log shows it: which Dockerfile steps were
 * `CACHED`, and per stage where the cache broke and what that cost.
 *
 * Counting follows BuildKit's own metric (`cmd/buildctl/build/cachemetrics.go`,
 * FORMAT.md §1.8): steps named `[internal] …`, `[auth] …`, `importing cache …`,
 * `exporting …` are not Dockerfile steps and are counted apart in `other`; a
 * `FROM` is a Dockerfile step but neither a hit nor a miss (buildctl keeps
 * `from` apart from `user_cacheable` and never reports it as a miss): an image
 * already on the builder prints `DONE 0.0s` or `CACHED` depending on the
 * builder's state (`DONE` in d26-04, where every other step is cached; `CACHED`
 * in d26-07, where nothing else is). So:
 *
 * - `steps` = FROM steps + other Dockerfile steps; `other.base` = the FROM steps;
 * - `cached` / `executed` = the other Dockerfile steps that were `CACHED` /
 *   ran (DONE or ERROR); `CANCELED` and unfinished ones are in `steps` but in
 *   neither count, having been neither reused nor run to the end;
 * - `ratio` = cached / (steps − FROM steps), null when that is 0;
 * - `executedMs` = the busy time of the executed steps (a FROM's pull time is in
 *   the downloads ledger, not here).
 *
 * Breaks: per stage (platform + bake target + stage), in position order, the
 * first step that ran after the stage's last cached step, or its first step
 * that ran when nothing of the stage was cached. Its reason, first match wins:
 *
 * 1. with `previous` (an earlier build of the same Dockerfile, steps matched by
 *    platform, target, stage and position): the FROM's digest changed →
 *    `base-image`; the RUN's name changed → `run-changed`, quoting the change
 *    (names are printed after ARG expansion, §1.5, so a `--build-arg` value shows
 *    there); it failed last time → `unknown`, saying so; same name, cached steps
 *    before it → `build-arg` (the change is not in the name);
 * 2. nothing cached in the whole build: a cache import that failed or read no
 *    manifest → `cache-import-failed`; a FROM that pulled layers (the builder
 *    did not even have the base image) → `first-build`; ≥ 2 cacheable steps →
 *    `no-cache`, a hint only: the log cannot tell `--no-cache` from a first build
 *    on a builder that had the base image; otherwise `first-build`;
 * 3. the stage's FROM pulled layers and nothing of the stage was cached →
 *    `base-image`, with the FROM as the breaking step;
 * 4. a COPY/ADD from the build context → `context-copy`;
 * 5. a `COPY --from=<stage>` of a stage that broke → that stage's reason;
 * 6. a RUN → `run-changed`; anything else → `unknown`.
 *
 * A `$VAR` left in a name is not taken for a build argument: names are printed
 * after ARG/ENV expansion and unset variables stay literal (§1.5), so a visible
 * `$i` is a shell variable (d26-24 `for i in 1 2 3 4`), and a changed ARG shows
 * as a changed value, which only a `previous` build can reveal (d26-07 → d26-08).
 * When the only cached steps are WORKDIRs, every explanation says `--no-cache` is
 * possible: BuildKit reports WORKDIR `CACHED` even under `--no-cache`
 * (docker/compose#8285; d20-24, d26-24, d2x-33), so d26-05 (package.json
 * changed) and d26-33 (`--no-cache`) look the same.
 */
export function analyzeLayerCache(build: Build, previous?: Build): LayerCache {
  const froms = build.steps.filter((s) => s.kind === 'base');
  const cacheable = build.steps.filter((s) => s.kind === 'step');
  const cached = cacheable.filter((s) => s.status === 'cached');
  const executed = cacheable.filter(ran);
  const other = {
    internal: 0,
    base: froms.length,
    export: 0,
    cacheImport: 0,
    cacheExport: 0,
    other: 0,
  };
  for (const s of build.steps) {
    if (s.kind === 'internal') other.internal++;
    else if (s.kind === 'export') other.export++;
    else if (s.kind === 'cache-import') other.cacheImport++;
    else if (s.kind === 'cache-export') other.cacheExport++;
    else if (s.kind === 'other') other.other++;
  }
  return {
    steps: froms.length + cacheable.length,
    cached: cached.length,
    executed: executed.length,
    ratio: cacheable.length ? cached.length / cacheable.length : null,
    executedMs: executed.reduce((a, s) => a + (s.durationMs ?? 0), 0),
    other,
    breaks: findBreaks(build, previous),
  };
}

const ran = (s: Step): boolean => s.status === 'done' || s.status === 'error';

const LAYER = /^sha256:[0-9a-f]{64}$/;

/** Layer (and manifest/config) blobs a step pulled: `sha256:…` statuses with a size (§1.4). */
export function pulledLayers(step: Step): { count: number; bytes: number } {
  const last = new Map<string, number>();
  for (const st of step.statuses) {
    if (!LAYER.test(st.id)) continue;
    const bytes = st.totalBytes ?? st.currentBytes;
    // v0.8 prints the vertex digest as `#n sha256:…` with no size: not a layer (§1.9).
    if (bytes === null) continue;
    last.set(st.id, bytes);
  }
  let bytes = 0;
  for (const b of last.values()) bytes += b;
  return { count: last.size, bytes };
}

/** Platform, bake target and stage: the steps of one chain (§1.5). */
function stageKey(s: Step): string {
  return `${s.platform ?? ''}\u0000${s.target ?? ''}\u0000${s.stage ?? ''}`;
}

/** The `--flag`s of a COPY/ADD/RUN and the words after them. */
function splitFlags(step: Step): { verb: string; flags: string[]; args: string } {
  const text = instructionText(step.name).replace(/^LINK\s+/, '');
  const words = text.split(/\s+/);
  const verb = words.shift() ?? '';
  const flags: string[] = [];
  while (words.length && words[0].startsWith('--')) flags.push(words.shift()!);
  return { verb, flags, args: words.join(' ') };
}

function copyFrom(step: Step): string | null {
  if (step.instruction !== 'COPY' && step.instruction !== 'ADD') return null;
  for (const f of splitFlags(step).flags) if (f.startsWith('--from=')) return f.slice(7);
  return null;
}

/**
 * A COPY/ADD whose sources come from the build context: no `--from=`, not a
 * heredoc (its text is in the Dockerfile) and, for ADD, not a URL or git source.
 */
export function isContextCopy(step: Step): boolean {
  if (step.instruction !== 'COPY' && step.instruction !== 'ADD') return false;
  const { flags, args } = splitFlags(step);
  if (flags.some((f) => f.startsWith('--from='))) return false;
  if (/^<<-?["']?\w/.test(args)) return false;
  if (step.instruction === 'ADD' && /^(?:https?:\/\/|git@|git:\/\/|ssh:\/\/)/.test(args))
    return false;
  return true;
}

/** A blank other than a single space: only then does collapsing blanks change a name. */
const MESSY_BLANKS = /\s\s|[^\S ]/;

function label(s: Step): string {
  const n = MESSY_BLANKS.test(s.name) ? s.name.replace(/\s+/g, ' ') : s.name;
  return `\`${n.length > 90 ? `${n.slice(0, 87)}...` : n}\``;
}

function stageName(s: Step): string {
  const parts = [s.platform, s.target, s.stage].filter((p): p is string => !!p);
  return parts.length ? `stage ${parts.join(' ')}` : 'the build';
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function formatBytes(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} GB`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} kB`;
  return `${n} B`;
}

/**
 * The part of a step name that changed between two builds, with a little
 * context: `` `…cache bust: 0" &&…` `` and `` `…cache bust: 1" &&…` ``.
 */
export function changedPart(before: string, after: string): [string, string] {
  const a = before.replace(/\s+/g, ' ');
  const b = after.replace(/\s+/g, ' ');
  let p = 0;
  while (p < a.length && p < b.length && a[p] === b[p]) p++;
  let q = 0;
  while (q < a.length - p && q < b.length - p && a[a.length - 1 - q] === b[b.length - 1 - q]) q++;
  const from = Math.max(0, p - 16);
  const cut = (t: string) => {
    const end = Math.min(t.length, t.length - q + 8);
    const mid = t.slice(from, end);
    return `\`${from > 0 ? '…' : ''}${mid.length > 70 ? `${mid.slice(0, 69)}…` : mid}${end < t.length ? '…' : ''}\``;
  };
  return [cut(a), cut(b)];
}

/** `@sha256:…` of a pinned FROM name (`FROM docker.io/library/node:20@sha256:…`). */
function digestOf(name: string): string | null {
  const m = /@(sha256:[0-9a-f]{64})/.exec(name);
  return m ? m[1] : null;
}

interface Candidate {
  key: string;
  from: Step | null;
  /** The first step of the stage that ran after its last cached one (or at all). */
  step: Step;
  /** A step of the stage before it was cached. */
  cachedBefore: boolean;
  /** Whether it is the first Dockerfile step of the stage after its FROM (or of the stage). */
  first: boolean;
  rerun: Step[];
}

interface BuildFacts {
  cold: boolean;
  cacheable: number;
  workdirOnly: boolean;
  importFailed: { step: Step; why: string } | null;
  fromPull: { step: Step; count: number; bytes: number } | null;
  prev: Map<string, Step> | null;
  steps: Step[];
}

function positionKey(s: Step): string | null {
  return s.position ? `${stageKey(s)}\u0000${s.position[0]}` : null;
}

function buildFacts(build: Build, previous?: Build): BuildFacts {
  const cacheable = build.steps.filter((s) => s.kind === 'step');
  const cached = cacheable.filter((s) => s.status === 'cached');
  // An import that read a manifest prints `inferred cache manifest type: …`
  // (BuildKit cache/remotecache/import.go); one that found nothing prints no
  // status at all (real/ci-github-webui-multiplatform…, plain-2020-buildx-…).
  let importFailed: BuildFacts['importFailed'] = null;
  const imports = build.steps.filter((s) => s.kind === 'cache-import');
  if (imports.length) {
    const failed = imports.map((s) =>
      s.status === 'error'
        ? { step: s, why: 'failed' }
        : !s.statuses.some((st) => /^inferred cache manifest type/.test(st.id))
          ? { step: s, why: 'read no cache manifest' }
          : null,
    );
    if (failed.every((f) => f)) importFailed = failed[0];
  }
  let fromPull: BuildFacts['fromPull'] = null;
  for (const s of build.steps) {
    if (s.kind !== 'base') continue;
    const p = pulledLayers(s);
    if (p.count && (!fromPull || p.bytes > fromPull.bytes)) fromPull = { step: s, ...p };
  }
  let prev: Map<string, Step> | null = null;
  if (previous) {
    prev = new Map();
    for (const s of previous.steps) {
      const k = positionKey(s);
      if (k && (s.kind === 'step' || s.kind === 'base') && !prev.has(k)) prev.set(k, s);
    }
  }
  return {
    cold: cached.length === 0,
    cacheable: cacheable.length,
    workdirOnly: cached.length > 0 && cached.every((s) => s.instruction === 'WORKDIR'),
    importFailed,
    fromPull,
    prev,
    steps: build.steps,
  };
}

function candidates(build: Build): Candidate[] {
  const groups = new Map<string, Step[]>();
  for (const s of build.steps) {
    if ((s.kind !== 'step' && s.kind !== 'base') || !s.position) continue;
    const k = stageKey(s);
    const g = groups.get(k);
    if (g) g.push(s);
    else groups.set(k, [s]);
  }
  const out: Candidate[] = [];
  for (const [key, group] of groups) {
    group.sort((a, b) => a.position![0] - b.position![0] || a.index - b.index);
    const from = group.find((s) => s.kind === 'base') ?? null;
    const rest = group.filter((s) => s.kind === 'step');
    // BuildKit also keys a step on the content of its inputs, so a step that
    // re-ran but produced the same files lets the next one hit the cache again
    // (d26-12: `WORKDIR /app` DONE, then `COPY present.txt ./` CACHED). The
    // break that costs something is the first step to run after the last hit.
    let lastCached = -1;
    rest.forEach((s, j) => {
      if (s.status === 'cached') lastCached = j;
    });
    const i = rest.findIndex((s, j) => j > lastCached && ran(s));
    if (i < 0) continue;
    out.push({
      key,
      from,
      step: rest[i],
      cachedBefore: lastCached >= 0,
      first: i === 0,
      rerun: rest.slice(i + 1).filter(ran),
    });
  }
  return out.sort((a, b) => a.step.index - b.step.index);
}

function findBreaks(build: Build, previous?: Build): CacheBreak[] {
  const facts = buildFacts(build, previous);
  const cands = candidates(build);
  const byStage = new Map(cands.map((c) => [c.key, c]));
  const done = new Map<Candidate, CacheBreak>();
  const resolving = new Set<Candidate>();

  const resolve = (c: Candidate): CacheBreak => {
    const known = done.get(c);
    if (known) return known;
    resolving.add(c);
    const br = explain(c, facts, (stage) => {
      const [platform, target] = c.key.split('\u0000');
      const other = byStage.get([platform, target, stage].join('\u0000'));
      return other && !resolving.has(other) ? resolve(other) : null;
    });
    resolving.delete(c);
    done.set(c, br);
    return br;
  };
  return cands.map(resolve).sort((a, b) => a.step - b.step);
}

function make(
  c: Candidate,
  reason: CacheBreakReason,
  explanation: string,
  step: Step = c.step,
): CacheBreak {
  const rerun = step === c.step ? c.rerun : [c.step, ...c.rerun];
  const costMs = [step, ...rerun].reduce((a, s) => a + (s.durationMs ?? 0), 0);
  return {
    step: step.index,
    stage: step.stage,
    reason,
    explanation,
    rerun: rerun.map((s) => s.index),
    costMs,
  };
}

function explain(
  c: Candidate,
  facts: BuildFacts,
  upstream: (stage: string) => CacheBreak | null,
): CacheBreak {
  const s = c.step;
  const L = label(s);
  const where = stageName(s);
  const after = c.rerun.length
    ? `, and ${plural(c.rerun.length, 'later step')} of ${where} re-ran after it`
    : '';
  const ranLine = c.first
    ? `${L} is the first step of ${where} that ran`
    : `${L} is the first step of ${where} that ran after cached ones`;

  const caveat = facts.workdirOnly
    ? '; only WORKDIR steps were cached, which BuildKit reports even under --no-cache (docker/compose#8285), so --no-cache is also possible'
    : '';

  // 1. An earlier build of the same Dockerfile says what changed.
  if (facts.prev) {
    const pk = positionKey(s);
    const before = pk ? facts.prev.get(pk) : undefined;
    const fk = c.from && positionKey(c.from);
    const prevFrom = fk ? facts.prev.get(fk) : undefined;
    if (c.from && prevFrom && !c.cachedBefore) {
      const d = digestOf(c.from.name);
      const pd = digestOf(prevFrom.name);
      if ((d && pd && d !== pd) || (!d && !pd && c.from.name !== prevFrom.name))
        return make(
          c,
          'base-image',
          `${label(c.from)} resolved to a different image than in the previous build (${label(prevFrom)}), so every step of ${where} ran again${caveat}.`,
          c.from,
        );
    }
    if (before && before.name !== s.name && s.instruction === 'RUN') {
      const [was, now] = changedPart(before.name, s.name);
      return make(
        c,
        'run-changed',
        `${L} re-ran because its command changed since the previous build, ${was} becoming ${now} (names are printed after ARG expansion, so this can be a changed --build-arg value)${after}.`,
      );
    }
    if (before && before.name === s.name && before.status === 'error')
      return make(
        c,
        'unknown',
        `${L} re-ran because it failed in the previous build, and a failed step leaves no cache entry${after}.`,
      );
    // Same text, cached steps before it: the change is invisible (not in a cold build,
    // where nothing was reused at all and the build-wide causes below apply).
    if (
      !facts.cold &&
      c.cachedBefore &&
      before &&
      before.name === s.name &&
      s.instruction === 'RUN'
    )
      return make(
        c,
        'build-arg',
        `${L} re-ran with the same command as in the previous build while the steps before it were cached, so what changed is not in its name: most likely a --build-arg value (every ARG in scope is part of a RUN's cache key) or a secret or mount it uses${after}.`,
      );
  }

  // 2. Nothing cached anywhere: a build-wide cause, the same for every stage.
  if (facts.cold) {
    if (facts.importFailed) {
      const imp = facts.importFailed;
      return make(
        c,
        'cache-import-failed',
        `${ranLine}: no step of this build was cached and ${label(imp.step)} ${imp.why}, so the imported cache was missing or empty${after}.`,
      );
    }
    if (facts.fromPull) {
      // Name this stage's own FROM when it pulled, else the build's biggest pull.
      const own = c.from && pulledLayers(c.from);
      const p = own && own.count ? { step: c.from!, ...own } : facts.fromPull;
      return make(
        c,
        'first-build',
        `${ranLine}: no step of this build was cached and ${label(p.step)} downloaded ${plural(p.count, 'image blob')} (${formatBytes(p.bytes)}), so this builder started without the base image and without a layer cache for it, as on a fresh CI runner${after}.`,
      );
    }
    if (facts.cacheable >= 2) {
      const own =
        c.first && c.from
          ? ', or this first step itself changed (its command or a --build-arg value it uses)'
          : '';
      return make(
        c,
        'no-cache',
        `${ranLine}: none of the ${facts.cacheable} steps of this build was cached though the base image was already on the builder, so the build ran with --no-cache or is the first build of this Dockerfile on this builder${own} (the log cannot show which)${after}.`,
      );
    }
    return make(
      c,
      'first-build',
      `${ranLine}: nothing of this build was cached, as in a first build${after}.`,
    );
  }

  // 3. The stage's base image was pulled: it is new to this builder.
  if (c.from && !c.cachedBefore) {
    const p = pulledLayers(c.from);
    if (p.count)
      return make(
        c,
        'base-image',
        `${label(c.from)} downloaded ${plural(p.count, 'image blob')} (${formatBytes(p.bytes)}), so the base image is new to this builder and every step of ${where} ran again${caveat}.`,
        c.from,
      );
  }

  // 4. A copy from the build context: one of its files changed.
  if (isContextCopy(s) && s.status === 'error') {
    // BuildKit's messages end with the point (`…: "/config/settings.yaml": not found`).
    const line = (s.error ?? '').split('\n')[0];
    const err = line.length > 120 ? `...${line.slice(-117)}` : line;
    return make(
      c,
      'context-copy',
      `${L} copies files from the build context and failed${err ? ` (${err})` : ''}, so no cache entry could match it${after}${caveat}.`,
    );
  }
  if (isContextCopy(s))
    return make(
      c,
      'context-copy',
      `${L} copies files from the build context and was not cached, so a file it copies changed since the build that filled the cache${after}${caveat}.`,
    );

  // 5. A copy from another stage re-runs when that stage did.
  const src = copyFrom(s);
  if (src !== null) {
    const up = upstream(src);
    if (up)
      return make(
        c,
        up.reason,
        `${L} copies from stage ${src}, which re-ran (its cache broke at ${label(facts.steps[up.step])})${after}${caveat}.`,
      );
    const what = /[/:.]/.test(src) ? `image ${src}` : `stage ${src}`;
    return make(
      c,
      'unknown',
      `${L} copies from ${what} and re-ran: that ${/[/:.]/.test(src) ? 'image' : 'stage'} or the instruction changed, which the log does not show${after}${caveat}.`,
    );
  }

  // 6. A RUN that re-ran after cached steps (or first in its stage).
  if (s.instruction === 'RUN') {
    const text = c.cachedBefore
      ? `${L} re-ran although the steps before it in ${where} were cached: its command changed, a --build-arg value or secret it uses changed, or it did not finish in the build that filled the cache`
      : c.from
        ? `${L} is the first step of ${where} after its FROM, which pulled nothing, and re-ran: its command or a --build-arg value it uses changed, or the base image resolved to a new digest`
        : `${L} is the first step of ${where} in the log (the stage starts from another stage or shares its FROM with one) and re-ran: that stage changed, or its own command or a --build-arg value it uses did`;
    return make(c, 'run-changed', `${text}${after}${caveat}.`);
  }

  const text = c.cachedBefore
    ? `${L} re-ran although the steps before it in ${where} were cached: its instruction changed, or something it depends on that the log does not show`
    : c.from
      ? `${L} is the first step of ${where} after its FROM, which pulled nothing, and re-ran: its instruction changed or the base image resolved to a new digest`
      : `${L} is the first step of ${where} in the log and re-ran: the stage it starts from changed, or its instruction did`;
  return make(c, 'unknown', `${text}${after}${caveat}.`);
}
