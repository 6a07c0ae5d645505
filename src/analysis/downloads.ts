import type { Download, DownloadKind, DownloadsLedger, StepPackages } from '../model/analysis';
import type { Build, StatusEntry, Step } from '../model/types';
import { packageTallies } from './packages/index';

/**
 * Everything the build pulled or pushed, one item per transfer, from the status
 * lines of its steps (FORMAT.md §1.4) and the package managers' own lines.
 *
 * - BuildKit re-prints a status as it progresses: only the last print of each
 *   status id in a step counts.
 * - `base-layer`: a `sha256:<64hex>` status with a size (`0B / 3.64MB` … `done`)
 *   in a FROM step. Manifest and config blobs print the same way and are kept:
 *   they are downloads too. Bytes are the total once done, what had arrived
 *   otherwise. The layer's `extracting sha256:…` time is added to its duration
 *   (a layer is fetched, then unpacked, before the step can use it); an
 *   `extracting` with no download in the step (the blob was already there) is an
 *   item of its own with no bytes.
 * - A layer pulled inside a non-FROM step is a lazy pull of a cached step's
 *   layers (real/ci-render-…-lazy-pull): `cache-import` when the build imported a
 *   cache (the layers come from it), `base-layer` otherwise.
 * - `context`: the last `transferring context:` of `[internal] load build context`,
 *   `[context <name>] load from client` and `load git source` steps (bytes =
 *   current bytes; a step that printed no transfer, such as a git source, is one
 *   item with its own time and no bytes).
 * - `cache-import`: one item per `importing cache manifest from …` step, with
 *   the step's time (its statuses, `inferred cache manifest type: …`, carry none).
 * - `cache-export`: one item per cache-export step (`exporting cache to registry`,
 *   `exporting to GitHub Actions Cache`, `exporting cache to client directory`),
 *   with the step's time: its statuses (`preparing build cache for export`,
 *   `writing layer sha256:…`, `writing cache manifest …`) mostly print none; and
 *   the inline-cache statuses of an image export (`preparing layers for inline cache`).
 * - `image-export`: `exporting layers`, `exporting manifest|config|attestation …`,
 *   `writing image`, `sending tarball`, `unpacking to`, `loading layer`, `copying
 *   files` (`naming to` is not a transfer).
 * - `push`: `pushing layers`, `pushing manifest for …`.
 * - `package`: per step and tool, its `downloaded` PackageEvents as one item
 *   (`count` packages, their known sizes); a tool summary (`Fetched 40.2 MB in
 *   2s`) stands in where the step printed no per-package download of that tool. Package items carry no time of their own:
 *   the kind's `durationMs` total is the steps' `downloadMs`.
 *
 * Durations are each item's own busy time; layers download in parallel, so a
 * kind's total is summed busy time, not wall time.
 */
export function buildDownloads(build: Build, packages: (StepPackages | null)[]): DownloadsLedger {
  const items: Download[] = [];
  const hasImport = build.steps.some((s) => s.kind === 'cache-import');
  for (const step of build.steps) {
    // An import or export of the layer cache is one item with the step's own time:
    // its statuses (`inferred cache manifest type: …`, `writing layer sha256:…`)
    // mostly print no time, and the step's DONE is what it cost (§1.1).
    if (step.kind === 'cache-import' || step.kind === 'cache-export') {
      items.push(stepItem(step.kind, step));
      continue;
    }
    if (isContextStep(step)) {
      const last = lastById(step).filter(
        (st) => /^transferring\b/.test(st.id) && !/dockerfile/.test(st.id),
      );
      if (last.length)
        for (const st of last)
          items.push(statusItem('context', step, st, step.name, st.currentBytes));
      else items.push(stepItem('context', step));
      continue;
    }
    const last = lastById(step);
    items.push(
      ...layerItems(step, last, step.kind === 'base' || !hasImport ? 'base-layer' : 'cache-import'),
    );
    const own: Download[] = [];
    for (const st of last) {
      if (LAYER.test(st.id) || EXTRACT.test(st.id)) continue;
      const kind = classify(st.id);
      if (kind) own.push(statusItem(kind, step, st, st.id, st.totalBytes ?? st.currentBytes));
    }
    if (!own.length && step.kind === 'export') own.push(stepItem('image-export', step));
    items.push(...own);
  }
  let packageMs = 0;
  packages.forEach((p, i) => {
    if (!p) return;
    const found = packageItems(p, i);
    if (found.length) packageMs += p.downloadMs;
    items.push(...found);
  });
  items.sort((a, b) => a.line - b.line);
  return { items, totals: totalsOf(items, packageMs) };
}

const LAYER = /^sha256:[0-9a-f]{64}$/;
const EXTRACT = /^extracting (sha256:[0-9a-f]{64})$/;

// Status ids of the exporters and pushers (§1.4: BK exporter/*, util/push, cache/remotecache).
const PUSH = /^pushing (?:layers|manifest|manifest list)\b/;
const CACHE_EXPORT =
  /^(?:preparing build cache for export|preparing layers for inline cache|writing layer sha256:|writing config sha256:|writing cache (?:image )?manifest|writing manifest sha256:)/;
const IMAGE_EXPORT =
  /^(?:exporting (?:layers|manifest|config|attestation manifest|manifest list)\b|writing image\b|sending tarball\b|unpacking to\b|loading layer\b|copying files\b)/;

function classify(id: string): DownloadKind | null {
  if (PUSH.test(id)) return 'push';
  if (CACHE_EXPORT.test(id)) return 'cache-export';
  if (IMAGE_EXPORT.test(id)) return 'image-export';
  return null;
}

/** `[internal] load build context`, `[web internal] load build context`, named and git contexts (§1.5). */
function isContextStep(step: Step): boolean {
  if (step.kind !== 'internal') return false;
  return (
    /^\[[^\]]*\binternal\] load (?:build context|git source\b)/.test(step.name) ||
    /^\[[^\]]*\bcontext [^\]]+\] load from client/.test(step.name)
  );
}

/** The last print of each status id, in line order. */
function lastById(step: Step): StatusEntry[] {
  const last = new Map<string, StatusEntry>();
  for (const st of step.statuses) last.set(st.id, st);
  return [...last.values()].sort((a, b) => a.line - b.line);
}

const ms = (seconds: number | null): number | null =>
  seconds === null ? null : Math.round(seconds * 1000);

function statusItem(
  kind: DownloadKind,
  step: Step,
  st: StatusEntry,
  name: string,
  bytes: number | null,
): Download {
  return {
    kind,
    step: step.index,
    name,
    bytes,
    durationMs: ms(st.seconds),
    line: st.line,
    count: 1,
  };
}

function stepItem(kind: DownloadKind, step: Step): Download {
  return {
    kind,
    step: step.index,
    name: step.name,
    bytes: null,
    durationMs: step.durationMs,
    line: step.statusLineNumbers[0] ?? step.segments[0]?.firstLine ?? 0,
    count: 1,
  };
}

/** `last`: the step's `lastById`. */
function layerItems(step: Step, last: StatusEntry[], kind: DownloadKind): Download[] {
  const out = new Map<string, Download>();
  const extracts: StatusEntry[] = [];
  for (const st of last) {
    if (LAYER.test(st.id)) {
      const bytes = st.done
        ? (st.totalBytes ?? st.currentBytes)
        : (st.currentBytes ?? st.totalBytes);
      // BuildKit v0.8 prints the vertex digest as `#n sha256:…`, without a size: not a blob (§1.9).
      if (bytes === null) continue;
      out.set(st.id, statusItem(kind, step, st, st.id, bytes));
    } else if (EXTRACT.test(st.id)) extracts.push(st);
  }
  const alone: Download[] = [];
  for (const st of extracts) {
    const layer = out.get(EXTRACT.exec(st.id)![1]);
    const extra = ms(st.seconds);
    if (layer) {
      if (extra !== null) layer.durationMs = (layer.durationMs ?? 0) + extra;
    } else alone.push(statusItem(kind, step, st, st.id, null));
  }
  return [...out.values(), ...alone];
}

/**
 * One item per tool of the step: its downloaded packages (`count`, their known
 * sizes summed; the packages themselves are the step's `packages.items`), or
 * the summary that stands in where the tool printed no package line.
 */
function packageItems(p: StepPackages, step: number): Download[] {
  const { downloading, byTool } = packageTallies(p);
  const out: Download[] = downloading.map((t) => ({
    kind: 'package',
    step,
    name: `${t.tool}: ${t.downloaded} package${t.downloaded === 1 ? '' : 's'}`,
    bytes: t.sized ? t.bytes : null,
    durationMs: null,
    line: t.firstDownloadLine,
    count: t.downloaded,
  }));
  for (const s of p.summaries) {
    if (byTool.get(s.tool)?.downloaded) continue;
    if (!(s.bytes && s.bytes > 0) && !(s.downloaded && s.downloaded > 0)) continue;
    out.push({
      kind: 'package',
      step,
      name: s.text,
      bytes: s.bytes,
      durationMs: null,
      line: s.line,
      count: s.downloaded ?? 1,
    });
  }
  return out;
}

const KINDS: readonly DownloadKind[] = [
  'base-layer',
  'context',
  'package',
  'cache-import',
  'cache-export',
  'image-export',
  'push',
];

function totalsOf(items: Download[], packageMs: number): DownloadsLedger['totals'] {
  const totals = Object.fromEntries(
    KINDS.map((k) => [k, { count: 0, bytes: 0, durationMs: 0 }]),
  ) as DownloadsLedger['totals'];
  for (let k = 0; k < items.length; k++) {
    const it = items[k];
    const t = totals[it.kind];
    t.count += it.count;
    t.bytes += it.bytes ?? 0;
    t.durationMs += it.durationMs ?? 0;
  }
  totals.package.durationMs = packageMs;
  return totals;
}
