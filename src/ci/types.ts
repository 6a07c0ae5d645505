import type { CiId } from '../model/types';

/** Out-parameter for the time a CI wrapper carried on a line. */
export interface Stamp {
  /** Epoch milliseconds, NaN when the line carried no time. */
  epochMs: number;
}

export interface LineStripper {
  /** Returns the line without the wrapper (ANSI of the tool kept); writes the line's time into `stamp`. */
  strip(line: string, stamp: Stamp): string;
}

/**
 * A CI system's per-line wrapper (FORMAT.md §6). `sniff` gets the first lines of
 * the raw log (ANSI kept) and returns the share of them it recognises (0..1).
 */
export interface CiWrapper {
  id: Exclude<CiId, null>;
  sniff(sample: readonly string[]): number;
  createStripper(sample: readonly string[]): LineStripper;
}
