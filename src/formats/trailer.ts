import type { Build } from '../model/types';

/**
 * The failure trailer after the steps (FORMAT.md §1.6): per failed vertex a
 * `------` block with its last lines, the buildx warnings summary, the
 * Dockerfile excerpt and the final error line in its many wordings. Shared by
 * the plain and TTY parsers.
 */
export class TrailerState {
  /** Some trailer line was seen: blank lines from here on belong to the trailer. */
  active = false;
  inErrorBlock = false;
  inExcerpt = false;
  inWarnings = false;
  /** A `------` error block was printed: the build failed. */
  sawErrorBlock = false;
  pendingExcerpt: { file: string; line: number; at: number } | null = null;
  /** Names from ` > [stage 2/8] RUN …:` lines of the error blocks, in order. */
  failedNames: string[] = [];
}

export type TrailerLine = 'none' | 'trailer' | 'error';

const DASHES = /^-{20}$/;
const EXCERPT_HEAD = /^(\S[^:]*):(\d+)$/;
const DOCKERFILE_NAME = /(?:^|[/\\])[^/\\\s]*(?:Dockerfile|Containerfile|\.dockerfile)[^/\\\s]*$/i;
const EXCERPT_ROW = /^ *(\d+) \|(?: (>>>) ?| {0,5})(.*)$/;
const WARNINGS = /^\s*(\d+) warnings? found \(use .*to expand\):?\s*$/;
const WARNING_ITEM = /^\s*- (.*)$/;
const EXIT_CODE = /exit code: (-?\d+)/;
// `ERROR: …` (buildx ≥ 0.9), `error: …` (older buildx, buildctl), bare `failed to solve:`
// (Docker ≤ 20.10, compose), `target web: failed to solve:` (bake), CI wrappers around them.
const ERROR_LINE = /^(?:ERROR|error): |failed to solve|failed to build: |^executor failed running /;

export function readTrailerLine(
  s: TrailerState,
  t: string,
  line: number,
  build: Build,
): TrailerLine {
  if (t === '------') {
    s.active = true;
    s.sawErrorBlock = true;
    s.inErrorBlock = !s.inErrorBlock;
    return 'trailer';
  }
  if (s.inErrorBlock) {
    const m = /^ ?> (.*):$/.exec(t);
    if (m) s.failedNames.push(m[1]);
    return 'trailer';
  }
  if (s.pendingExcerpt) {
    const p = s.pendingExcerpt;
    s.pendingExcerpt = null;
    if (DASHES.test(t)) {
      s.inExcerpt = true;
      build.excerpt = { file: p.file, line: p.line, rows: [], firstLine: p.at };
      return 'trailer';
    }
  }
  if (s.inExcerpt) {
    if (DASHES.test(t)) {
      s.inExcerpt = false;
      return 'trailer';
    }
    const r = EXCERPT_ROW.exec(t);
    if (r && build.excerpt) {
      build.excerpt.rows.push({ number: Number(r[1]), text: r[3], marked: !!r[2] });
      return 'trailer';
    }
    const rows = build.excerpt?.rows;
    const prev = rows?.[rows.length - 1];
    if (prev && /\s$/.test(prev.text)) {
      // A row cut at a space by a word-wrapping console (PowerShell, observed).
      prev.text += t;
      return 'trailer';
    }
    s.inExcerpt = false;
  }
  const head = EXCERPT_HEAD.exec(t);
  if (
    head &&
    (s.active || DOCKERFILE_NAME.test(head[1]) || build.steps.some((x) => x.status === 'error'))
  ) {
    s.pendingExcerpt = { file: head[1], line: Number(head[2]), at: line };
    s.active = true;
    return 'trailer';
  }
  if (WARNINGS.test(t)) {
    s.inWarnings = true;
    s.active = true;
    return 'trailer';
  }
  if (s.inWarnings) {
    const w = WARNING_ITEM.exec(t);
    if (w) {
      if (!build.warnings.includes(w[1])) build.warnings.push(w[1]);
      return 'trailer';
    }
    s.inWarnings = false;
  }
  if (t.startsWith('View build details: ')) {
    s.active = true;
    return 'trailer';
  }
  if (
    !build.error &&
    (ERROR_LINE.test(t) || (s.sawErrorBlock && !s.inExcerpt && /^[a-z]/.test(t)))
  ) {
    // Docker ≤ 20.10 prints the final error bare, in any wording, after the error blocks.
    s.active = true;
    const message = t.replace(/^(?:ERROR|error|Error): /, '');
    const ec = EXIT_CODE.exec(message);
    build.error = { step: null, message, exitCode: ec ? Number(ec[1]) : null, line };
    build.errorLines.push(line);
    return 'error';
  }
  return 'none';
}

/** The step a trailer's ` > name:` refers to (names may be cut in TTY rows). */
export function matchFailedStep<T extends { name: string; status: string }>(
  steps: T[],
  names: string[],
): T | null {
  for (const n of names) {
    const exact = steps.find((s) => s.name === n);
    if (exact) return exact;
    const prefix = steps.find((s) => s.name.length >= 10 && n.startsWith(s.name));
    if (prefix) return prefix;
  }
  return null;
}
