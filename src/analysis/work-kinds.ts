import type { WorkKind } from '../model/analysis';
import type { Build, Step } from '../model/types';

/** Every kind, in the order the UI lists them. */
export const WORK_KINDS: readonly WorkKind[] = [
  'base-pull',
  'context',
  'run',
  'copy',
  'export',
  'push',
  'cache-import',
  'cache-export',
  'internal',
  'other',
];

/** The name without its `[platform target stage i/n]` / `[internal]` prefix (FORMAT.md §1.5). */
export function nameBody(name: string): string {
  // `/^\[[^\]]*\]\s?/` by hand: this runs several times for every step.
  if (name.charCodeAt(0) !== 91 /* [ */) return name;
  const close = name.indexOf(']');
  if (close < 0) return name;
  const next = close + 1;
  return name.slice(next < name.length && isSpace(name.charCodeAt(next)) ? next + 1 : next);
}

/** What `\s` matches in a regular expression (ECMAScript WhiteSpace and LineTerminator). */
function isSpace(c: number): boolean {
  return (
    (c >= 9 && c <= 13) ||
    c === 32 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/**
 * Vertices that bring the build context in: `[internal] load build context`,
 * a named context `[context <name>] load from client`, and the repository of a
 * remote git context, `[internal] load git source <url>` (§1.5).
 */
export function isContextStep(step: Step): boolean {
  if (step.kind !== 'internal') return false;
  const body = nameBody(step.name);
  return (
    /^load build context\b/.test(body) ||
    /^load git source\b/.test(body) ||
    /^\[context [^\]]+\] load from client/.test(step.name)
  );
}

/** Push status ids (§1.4, BK `util/push`): `pushing layers`, `pushing manifest for <ref>@sha256:…`. */
const PUSH_STATUS = /^pushing\b/;

/**
 * What kind of work a step is, for "time per kind of work" (PRODUCT.md, 1).
 *
 * One kind per step, never split: an `exporting to image` that also pushes
 * (buildx `--push`) prints its push as statuses of the same vertex (§1.4), and
 * its busy time is one DONE. Such a step is `push` only when its name says so
 * (`pushing …`) or when every status that carries a time is a push status;
 * otherwise it stays `export` with its pushing inside. The downloads ledger has
 * the per-status push times.
 */
export function workKindOf(step: Step): WorkKind {
  const body = nameBody(step.name);
  switch (step.kind) {
    case 'base':
      // FROM: resolving the image and pulling/extracting its layers (§1.4 layer statuses).
      return 'base-pull';
    case 'cache-import':
      return 'cache-import';
    case 'cache-export':
      return 'cache-export';
    case 'export':
      return isPush(step, body) ? 'push' : 'export';
    case 'internal':
      if (isContextStep(step)) return 'context';
      if (/^pushing\b/.test(body)) return 'push';
      // buildx loading the exported tarball into the Docker engine (docker-container driver, `--load`).
      if (/^importing to docker\b/.test(body)) return 'export';
      // Build definition, .dockerignore, metadata, auth tokens, frontend image, provenance, booting buildkit.
      return 'internal';
    case 'step':
      return dockerfileKind(step, body);
    default:
      return 'other';
  }
}

function isPush(step: Step, body: string): boolean {
  if (/\bpush(ing)?\b/i.test(body)) return true;
  const timed = step.statuses.filter((s) => s.seconds !== null && s.seconds > 0);
  return timed.length > 0 && timed.every((s) => PUSH_STATUS.test(s.id));
}

function dockerfileKind(step: Step, body: string): WorkKind {
  let instruction = step.instruction;
  // `ONBUILD RUN …` keeps the prefix (§1.5): the kind is the instruction it runs.
  if (instruction === 'ONBUILD') instruction = /^ONBUILD\s+([A-Z]+)/.exec(body)?.[1] ?? null;
  if (instruction === 'RUN') return 'run';
  if (instruction === 'COPY' || instruction === 'ADD' || instruction === 'LINK') return 'copy';
  // WORKDIR and anything else the name does not tell.
  return 'other';
}

/** Busy time (the steps' `durationMs`, summed) per kind of work; steps without a duration count 0. */
export function timeByKind(build: Build): Record<WorkKind, number> {
  const out = Object.fromEntries(WORK_KINDS.map((k) => [k, 0])) as Record<WorkKind, number>;
  for (const s of build.steps) out[workKindOf(s)] += s.durationMs ?? 0;
  return out;
}
