/**
 * The worker's side of the share panel: both payloads of the loaded document,
 * redacted and encoded, with what was removed. Made once per set of options
 * and kept, so flipping an option back costs nothing.
 */
import {
  encodePayload,
  LINK_LIMITS,
  makeCompactPayload,
  makeFullPayload,
  packageEvidence,
  payloadProblem,
  SECRET_KIND_LABELS,
  type BuildAnalysis,
  type CompactPayload,
  type LogModel,
  type Removed,
  type SecretKind,
  type ViewDoc,
} from '../../src/index';
import type { RemovedKind, ShareOptions, SharePreview } from './share-protocol';

/** What sharing needs of the loaded document: the log and its analysis, or a compact link's payload. */
export type Shareable =
  | { kind: 'log'; model: LogModel; analyses: BuildAnalysis[]; doc: ViewDoc }
  | { kind: 'compact'; payload: CompactPayload };

/** Lines listed per kind of secret; the count says how many more there were. */
const LINES_SHOWN = 10;

function removedKinds(removed: Removed): RemovedKind[] {
  const lines = new Map<SecretKind, number[]>();
  for (const h of removed.hits) {
    const l = lines.get(h.kind) ?? [];
    if (l.length < LINES_SHOWN && !l.includes(h.line)) l.push(h.line);
    lines.set(h.kind, l);
  }
  return (Object.entries(removed.counts) as [SecretKind, number][]).map(([kind, count]) => ({
    kind,
    label: SECRET_KIND_LABELS[kind],
    count,
    lines: lines.get(kind) ?? [],
  }));
}

function preview(source: Shareable, options: ShareOptions): SharePreview {
  const doc = source.kind === 'log' ? source.doc : source.payload.doc;
  const evidence =
    source.kind === 'log' ? packageEvidence(source.analyses, doc) : source.payload.packages;
  const compact = makeCompactPayload(doc, evidence, options);
  let packageEvents = 0;
  for (const steps of compact.payload.packages)
    for (const p of steps) packageEvents += p?.items.length ?? 0;
  const compactProblem = payloadProblem(compact.payload);
  const compactChoice = {
    token: compactProblem ? null : encodePayload(compact.payload),
    unavailable:
      compactProblem && `Not available: plainsight could not open this link (${compactProblem}).`,
    removed: removedKinds(compact.removed),
    steps: doc.builds.reduce((n, b) => n + b.steps.length, 0),
    packageEvents,
  };
  const noFull = (why: string) => ({
    token: null,
    unavailable: why,
    removed: [],
    lines: 0,
    bytes: 0,
  });
  if (source.kind === 'compact')
    return {
      full: noFull('Not available: this build came from a compact link, which carries no log.'),
      compact: compactChoice,
    };
  const { model } = source;
  const lines = model.raw.length;
  if (options.timelineOnly)
    return {
      full: { ...noFull('Not available with “Timeline only”: the full link is the log.'), lines },
      compact: compactChoice,
    };
  // The log as text (a .gz file's `bytes` are its compressed size): over the cap a link
  // may unpack to, it is not worth redacting and compressing.
  let chars = model.raw.length;
  for (const l of model.raw) chars += l.length;
  if (chars > LINK_LIMITS.maxUnpackedBytes)
    return {
      full: {
        ...noFull(
          `Not available: the log is larger than a link may unpack to (${LINK_LIMITS.maxUnpackedBytes / 1024 / 1024} MB).`,
        ),
        lines,
      },
      compact: compactChoice,
    };
  const full = makeFullPayload(model, doc.label, options);
  const fullProblem = payloadProblem(full.payload);
  return {
    full: {
      token: fullProblem ? null : encodePayload(full.payload),
      unavailable:
        fullProblem && `Not available: plainsight could not open this link (${fullProblem}).`,
      removed: removedKinds(full.removed),
      lines,
      bytes: chars,
    },
    compact: compactChoice,
  };
}

/** Previews of one loaded document, by options. */
export class SharePreviews {
  private made = new Map<string, SharePreview>();

  constructor(private readonly source: Shareable) {}

  get(options: ShareOptions): SharePreview {
    const key = `${options.hideHosts}/${options.timelineOnly}`;
    let p = this.made.get(key);
    if (!p) this.made.set(key, (p = preview(this.source, options)));
    return p;
  }
}
