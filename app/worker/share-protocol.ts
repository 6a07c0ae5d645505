/**
 * What the worker answers when the share panel asks what a link would carry:
 * both payloads already encoded (the worker holds the log, and redacting and
 * compressing a large one is work for it, not for the page), with what
 * redaction removed from each. The page adds the view and the address.
 */
import type { SecretKind, ShareView } from '../../src/index';

export interface ShareOptions {
  hideHosts: boolean;
  timelineOnly: boolean;
}

export interface RemovedKind {
  kind: SecretKind;
  /** Plain words: `GitHub token`. */
  label: string;
  count: number;
  /** The first input lines (0-based) it was found on; empty for a compact link's texts. */
  lines: number[];
}

export interface ShareChoice {
  /** `<version>.<data>`; null when this kind cannot be made (see `unavailable`). */
  token: string | null;
  unavailable: string | null;
  removed: RemovedKind[];
}

export interface SharePreview {
  full: ShareChoice & { lines: number; bytes: number };
  compact: ShareChoice & { steps: number; packageEvents: number };
}

/** How the loaded document came: read from a log, or opened from a link of either kind. */
export type DocOrigin = 'log' | 'full-link' | 'compact-link';

/** The loaded document's origin and, for a link, the view it carried. */
export interface LoadedInfo {
  origin: DocOrigin;
  view: ShareView | null;
}
