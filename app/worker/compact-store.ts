/**
 * What the worker keeps of a document opened from a compact share link: the
 * view document and each step's package evidence, but no log lines. It answers
 * the views' line queries as a log store does, with no lines and the evidence.
 */
import type { CompactPayload } from '../../src/index';
import type { StepDetail, ViewLine } from './protocol';

export class CompactStore {
  constructor(readonly payload: CompactPayload) {}

  lines(): ViewLine[] {
    return [];
  }

  outside(): ViewLine[] {
    return [];
  }

  step(build: number, step: number): StepDetail {
    const evidence = this.payload.packages[build]?.[step] ?? null;
    return { build, step, lines: [], truncated: false, logText: null, packages: evidence };
  }
}
