/**
 * The findings ("insights"): one rule per file, listed once here. README.md in
 * this folder is the checklist for adding one.
 */
import type { Finding, Severity } from '../../model/analysis';
import { basePullDominates } from './base-pull-dominates';
import { builtFromSource } from './built-from-source';
import { cacheExportCostly } from './cache-export-costly';
import { cacheMountMissed } from './cache-mount-missed';
import { cacheMountOnInstallTarget } from './cache-mount-on-install-target';
import { copyContextBeforeInstall } from './copy-context-before-install';
import { failure } from './failure';
import { installWithoutCacheMount } from './install-without-cache-mount';
import { rememberCommands } from './step-text';
import type { InsightContext, InsightRule } from './types';

export type { InsightContext, InsightRule } from './types';

/** Every rule, in no particular order: runInsights sorts what they find. */
export const INSIGHT_RULES: readonly InsightRule[] = [
  failure,
  copyContextBeforeInstall,
  installWithoutCacheMount,
  cacheMountMissed,
  cacheMountOnInstallTarget,
  builtFromSource,
  cacheExportCostly,
  basePullDominates,
];

const SEVERITY_RANK: Record<Severity, number> = { high: 0, medium: 1, low: 2, info: 3 };

/**
 * Orders findings for reading: what failed first (PRODUCT.md, "What failed?
 * The failing step first"), then by time at stake, largest first, findings
 * without an estimate after those with one, then by severity. The sort is
 * stable, so rules keep their own order within a tie.
 */
export function compareFindings(a: Finding, b: Finding): number {
  const fa = a.rule === failure.id ? 0 : 1;
  const fb = b.rule === failure.id ? 0 : 1;
  if (fa !== fb) return fa - fb;
  const ta = a.timeAtStakeMs;
  const tb = b.timeAtStakeMs;
  if (ta !== tb) {
    if (ta === null) return 1;
    if (tb === null) return -1;
    return tb - ta;
  }
  return SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity];
}

/**
 * Runs every rule on one build. A rule that throws is skipped rather than
 * losing the others' findings (the core never throws on input); the rules'
 * own tests call `check` directly, where a throw fails the test.
 */
export function runInsights(
  ctx: InsightContext,
  rules: readonly InsightRule[] = INSIGHT_RULES,
): Finding[] {
  const out: Finding[] = [];
  rememberCommands(() => {
    for (const rule of rules) {
      try {
        out.push(...rule.check(ctx));
      } catch {
        // A bug in one rule must not hide the rest.
      }
    }
  });
  return out.sort(compareFindings);
}
