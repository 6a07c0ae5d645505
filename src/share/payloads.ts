/**
 * What a share link carries, made from a loaded log: the full payload (the log
 * itself, redacted, for the receiver to read again and get every detail) and
 * the compact one (the view document and the package evidence, no log lines),
 * with an account of what redaction removed, for the share panel to show
 * before any link exists.
 */
import type { BuildAnalysis, PackageEvent } from '../model/analysis';
import type { LogModel } from '../model/types';
import type { ViewDoc } from '../model/view';
import type { CompactPayload, FullPayload } from './link';
import {
  redactLog,
  redactText,
  type RedactionHit,
  type RedactOptions,
  type SecretKind,
} from './redact';

export interface ShareOptions extends RedactOptions {
  /** Leave out everything the build's tools printed: the compact link without package evidence. */
  timelineOnly: boolean;
}

export interface Removed {
  counts: Partial<Record<SecretKind, number>>;
  /** Where in the log (0-based input lines); a compact link's strings have no line. */
  hits: RedactionHit[];
}

const tally = (counts: Removed['counts'], kind: SecretKind) => {
  counts[kind] = (counts[kind] ?? 0) + 1;
};

/** The log as read, one input line each (CI prefixes kept: they carry the times), redacted. */
export function makeFullPayload(
  model: LogModel,
  label: string,
  options: RedactOptions,
): { payload: FullPayload; removed: Removed } {
  const redaction = redactLog(model.raw.join('\n'), options);
  const counts: Removed['counts'] = {};
  for (const h of redaction.hits) tally(counts, h.kind);
  const name = redactText(label, options);
  for (const k of name.kinds) tally(counts, k);
  return {
    payload: { kind: 'full', label: name.text, log: redaction.text },
    removed: { counts, hits: redaction.hits },
  };
}

/** Applies `fn` to every string in a JSON-shaped value, keys excepted. */
function mapStrings<T>(value: T, fn: (s: string) => string): T {
  if (typeof value === 'string') return fn(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => mapStrings(v, fn)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = mapStrings(v, fn);
    return out as T;
  }
  return value;
}

/** A step's package evidence as a compact link carries it; null where the step printed none. */
export type StepEvidence = { items: PackageEvent[]; notes: string[] } | null;

/** Per build, per step of the view document: the package evidence the analysis found. */
export function packageEvidence(analyses: BuildAnalysis[], doc: ViewDoc): StepEvidence[][] {
  return doc.builds.map((b) =>
    b.steps.map((s) => {
      const p = analyses[b.index]?.packages[s.index];
      return p ? { items: p.items, notes: p.notes } : null;
    }),
  );
}

/**
 * The view document and each step's package events, every string redacted
 * (step names carry build args; errors and evidence carry tool output).
 */
export function makeCompactPayload(
  doc: ViewDoc,
  evidence: StepEvidence[][],
  options: ShareOptions,
): { payload: CompactPayload; removed: Removed } {
  const counts: Removed['counts'] = {};
  const redact = (s: string) => {
    const r = redactText(s, options);
    for (const k of r.kinds) tally(counts, k);
    return r.text;
  };
  const packages = options.timelineOnly
    ? evidence.map((steps) => steps.map(() => null))
    : mapStrings(evidence, redact);
  return {
    payload: { kind: 'compact', doc: mapStrings(doc, redact), packages },
    removed: { counts, hits: [] },
  };
}
