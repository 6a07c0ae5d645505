import type { BuildAnalysis } from '../model/analysis';
import type { Build, LogModel } from '../model/types';
import { analyzeLayerCache } from './cache';
import { computeCriticalPath } from './critical-path';
import { buildDownloads } from './downloads';
import { runInsights } from './insights/index';
import { parseCacheMounts } from './mounts';
import { analyzePackages } from './packages/index';

/** Everything the analysis derives from one build: cache, packages, mounts, downloads, critical path, findings. */
export function analyzeBuild(model: LogModel, build: Build): BuildAnalysis {
  const packages = build.steps.map((s) => analyzePackages(s, model.text));
  const mounts = parseCacheMounts(build);
  const cache = analyzeLayerCache(build);
  const downloads = buildDownloads(build, packages);
  const criticalPath = computeCriticalPath(build);
  const findings = runInsights({
    build,
    text: model.text,
    packages,
    mounts,
    cache,
    downloads,
    criticalPath,
  });
  return { cache, packages, mounts, downloads, criticalPath, findings };
}

/** The analysis of every build of a log, in the order of `model.builds`. */
export function analyze(model: LogModel): BuildAnalysis[] {
  return model.builds.map((b) => analyzeBuild(model, b));
}
