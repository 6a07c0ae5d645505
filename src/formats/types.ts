import type { FormatId } from '../model/types';
import type { ModelBuilder } from './model-builder';

/** What a format parser receives: the log's lines after the CI wrapper and ANSI were removed. */
export interface FormatInput {
  /** Parsed text of every line (CI prefix and ANSI removed). */
  text: readonly string[];
  /** Lines as received, for parsers that need the escape sequences (TTY redraws). */
  raw: readonly string[];
  /** CI timestamp of each line in epoch ms, NaN where the line carried none. */
  stampEpochMs: Float64Array;
  /** Where the parser puts builds, steps, line attribution and diagnostics. */
  out: ModelBuilder;
}

/**
 * One log format. `sniff` looks at the first lines and says how sure it is
 * (0 = not mine, 1 = certainly mine); `parse` fills `input.out` and never throws
 * on bad input: it reads what it can and adds diagnostics.
 */
export interface LogFormat {
  id: Exclude<FormatId, 'unknown'>;
  sniff(head: readonly string[]): number;
  parse(input: FormatInput): void;
}
