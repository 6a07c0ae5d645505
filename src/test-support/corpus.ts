import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';

/**
 * The shared corpus of real logs lives beside the project (`../shared/corpus`).
 * Tests that read it skip themselves, saying so, when it is absent.
 */
export const CORPUS_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../shared/corpus',
);

export const HAVE_CORPUS = existsSync(path.join(CORPUS_DIR, 'README.md'));

export const CORPUS_SKIP_REASON = `corpus tests skipped: ${CORPUS_DIR} is absent (a clone without ../shared)`;

/** Files of one corpus folder (`real`, `engine`, `engine-pip`) matching `re`. */
export function corpusFiles(folder: string, re: RegExp = /\.(log|jsonl)$/): string[] {
  if (!HAVE_CORPUS) return [];
  return readdirSync(path.join(CORPUS_DIR, folder))
    .filter((f) => re.test(f))
    .sort()
    .map((f) => path.join(folder, f));
}

export function readCorpus(rel: string): Uint8Array {
  return readFileSync(path.join(CORPUS_DIR, rel));
}

/**
 * `describe` for suites that read the corpus: skipped, with a warning saying
 * why, when the corpus is absent.
 */
export const describeCorpus = describe.skipIf(!HAVE_CORPUS);

if (!HAVE_CORPUS) console.warn(CORPUS_SKIP_REASON);
