/**
 * The CI wrapper registry and the pass that removes wrappers from a whole log
 * (FORMAT.md §6). Detection looks at the first lines only; stripping then runs
 * over every line with no per-line allocation beyond the output string.
 */
import type { CiId } from '../model/types';
import { azurePipelines } from './azure-pipelines';
import { buildkite } from './buildkite';
import { githubActions } from './github-actions';
import { gitlab } from './gitlab';
import { jenkins } from './jenkins';
import { prefixed } from './prefixed';
import type { CiWrapper, Stamp } from './types';

export type { CiWrapper, LineStripper, Stamp } from './types';

/**
 * Every wrapper, in tie-break order: on equal scores the earlier one wins.
 * Azure and GitHub share a stamp and never both score (see azure-pipelines.ts);
 * `prefixed` is last because it is the generic fallback.
 */
export const CI_WRAPPERS: CiWrapper[] = [
  azurePipelines,
  githubActions,
  gitlab,
  jenkins,
  buildkite,
  prefixed,
];

/**
 * Lines detection looks at. Stamp wrappers stamp the CI preamble too, but
 * `prefixed` needs BuildKit lines in the sample: the longest preamble in the
 * corpus is 428 lines (the first `#N` of the gradle GitHub job is line 429).
 */
export const DETECT_SAMPLE_LINES = 2000;

/**
 * Minimum sniff score. Wrappers that stamp every line score their share of
 * non-empty lines, ~1.0 on real logs (the lowest in the corpus is 207/208, a
 * multi-line `tags:` input); half leaves room for pasted logs with untimed
 * lines. Marker-based wrappers (GitLab sections, Jenkins notes) score 0.6–0.9,
 * `prefixed` scores 0 below its own 0.6 coverage.
 */
export const DETECT_THRESHOLD = 0.5;

/** The wrapper with the highest score at or above the threshold, or null for an unwrapped log. */
export function detectCi(sample: readonly string[]): CiWrapper | null {
  let best: CiWrapper | null = null;
  let bestScore = DETECT_THRESHOLD;
  for (const w of CI_WRAPPERS) {
    const s = w.sniff(sample);
    if (s > bestScore || (best === null && s === bestScore)) {
      best = w;
      bestScore = s;
    }
  }
  return best;
}

export interface StrippedLog {
  /** The first wrapper found (the outer one), null when the log has none. */
  ci: CiId;
  /** Each line without its wrapper; `text[i]` is `raw[i]` itself when nothing was removed. */
  text: string[];
  /** The time the wrapper carried on each line, epoch ms; NaN where there was none. */
  stampEpochMs: Float64Array;
}

function head(lines: readonly string[]): readonly string[] {
  return lines.length <= DETECT_SAMPLE_LINES ? lines : lines.slice(0, DETECT_SAMPLE_LINES);
}

/**
 * Detects the wrapper on the first lines and strips it from every line. Then it
 * looks once more for a `prefixed` wrapper in the result, because wrappers nest:
 * a GitHub-stamped log can carry a job prefix inside the stamp. The inner
 * wrapper's time fills lines where the outer one had none. `text` is always a
 * new array, never `raw` itself.
 */
export function stripCi(raw: readonly string[]): StrippedLog {
  const n = raw.length;
  const stampEpochMs = new Float64Array(n).fill(NaN);
  const sample = head(raw);
  const outer = detectCi(sample);
  if (!outer) return { ci: null, text: raw.slice(), stampEpochMs };

  const text = new Array<string>(n);
  const stamp: Stamp = { epochMs: NaN };
  const stripper = outer.createStripper(sample);
  for (let i = 0; i < n; i++) {
    text[i] = stripper.strip(raw[i], stamp);
    stampEpochMs[i] = stamp.epochMs;
  }

  if (outer !== prefixed) {
    // A copy: `text` is rewritten below, and the prefixed analysis is cached per sample array.
    const inner = text.slice(0, DETECT_SAMPLE_LINES);
    if (prefixed.sniff(inner) >= DETECT_THRESHOLD) {
      const second = prefixed.createStripper(inner);
      for (let i = 0; i < n; i++) {
        text[i] = second.strip(text[i], stamp);
        if (Number.isNaN(stampEpochMs[i])) stampEpochMs[i] = stamp.epochMs;
      }
    }
  }
  return { ci: outer.id, text, stampEpochMs };
}
