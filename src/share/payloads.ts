/**
 * What a share link carries, made from a loaded log: the full payload (the log
 * itself, redacted, for the receiver to read again and get every detail) and
 * the compact one (the view document and the package evidence, no log lines),
 * with an account of what redaction removed, for the share panel to show
 * before any link exists.
 */
import type { BuildAnalysis, PackageEvent } from '../model/analysis';
import type { LogModel, SourceExcerpt } from '../model/types';
import type { ViewDoc } from '../model/view';
import type { CompactPayload, FullPayload } from './link';
import { TEXT_MAX } from './schema-v1';
import type { ShareView } from './view';
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

/** What a finding's explanation says in a "Timeline only" link: its words may quote tool output. */
export const LEFT_OUT = 'Left out: the link was made with “Timeline only”.';

/** A text over the schema's limit is cut (the receiver would refuse the link otherwise). */
const clip = (s: string) => (s.length > TEXT_MAX ? `${s.slice(0, TEXT_MAX - 1)}…` : s);

/**
 * The view document and each step's package events, every string redacted
 * (step names carry build args; errors and evidence carry tool output). With
 * `timelineOnly`, the package evidence and the findings' explanations (which
 * quote the failing step's last lines) are left out.
 */
export function makeCompactPayload(
  doc: ViewDoc,
  evidence: StepEvidence[][],
  options: ShareOptions,
): { payload: CompactPayload; removed: Removed } {
  const counts: Removed['counts'] = {};
  const redact = (s: string) => {
    const r = redactLog(s, options);
    for (const h of r.hits) tally(counts, h.kind);
    return r.text;
  };
  // The excerpt's rows are consecutive Dockerfile lines: redacted as one text, so a
  // private key spread over rows is found whole, not only its BEGIN line.
  const rows = (excerpt: SourceExcerpt): SourceExcerpt => {
    const lines = redact(excerpt.rows.map((r) => r.text).join('\n')).split('\n');
    return { ...excerpt, rows: excerpt.rows.map((r, i) => ({ ...r, text: lines[i] ?? '' })) };
  };
  const prepared: ViewDoc = {
    ...doc,
    builds: doc.builds.map((b) => ({
      ...b,
      excerpt: b.excerpt && rows(b.excerpt),
      findings: options.timelineOnly
        ? b.findings.map((f) => ({ ...f, detail: LEFT_OUT }))
        : b.findings,
    })),
  };
  const each = (s: string) => clip(redact(s));
  const packages = options.timelineOnly
    ? evidence.map((steps) => steps.map(() => null))
    : mapStrings(evidence, each);
  return {
    payload: { kind: 'compact', doc: mapStrings(prepared, each), packages },
    removed: { counts, hits: [] },
  };
}

/** The view's own texts (a search, a stage name) go into the link as typed: redacted like the rest. */
export function redactView(view: ShareView, options: RedactOptions): ShareView {
  const r = (s: string) => redactText(s, options).text;
  const { stage, text } = view.filters;
  return {
    ...view,
    filters: { ...view.filters, stage: stage === null ? null : r(stage), text: r(text) },
  };
}
