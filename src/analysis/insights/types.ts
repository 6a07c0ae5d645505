import type {
  CacheMount,
  CriticalPath,
  DownloadsLedger,
  Finding,
  LayerCache,
  StepPackages,
} from '../../model/analysis';
import type { Build } from '../../model/types';

/** Everything a rule may look at: one build and what the other analyses derived from it. */
export interface InsightContext {
  build: Build;
  /** The model's parsed lines (CI prefix and ANSI removed); `Finding.lines` index into them. */
  text: readonly string[];
  /** Per step index; null where the step printed no package output. */
  packages: (StepPackages | null)[];
  mounts: CacheMount[];
  cache: LayerCache;
  downloads: DownloadsLedger;
  criticalPath: CriticalPath;
  /**
   * The same build run before (the "before" side of a comparison), when the
   * caller has one. Rules that need to know what a cache saved use it; without
   * it they say they cannot know.
   */
  previous?: Build;
}

/** One finding rule: pure, silent (an empty list) when it does not apply. */
export interface InsightRule {
  /** Kebab-case, equal to the file name and to `Finding.rule`. */
  id: string;
  check(ctx: InsightContext): Finding[];
}
