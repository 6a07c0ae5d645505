/**
 * Builds the view document from the core's model and analysis (in the worker):
 * per step what the views show, the timeline's groups and lanes, and totals.
 * Pure, so it is tested in Node like the core.
 */
import type { BuildAnalysis } from '../model/analysis';
import type { Build, LogModel, Step, Timing } from '../model/types';
import type { StepPackagesView, ViewBuild, ViewDoc, ViewStep } from '../model/view';

const TIMING_NOTES: Record<Timing, string> = {
  exact: 'Exact: the engine’s own start and end times (rawjson).',
  timestamped: 'From the CI’s timestamps on each line of the log.',
  estimated:
    'Estimated: plain logs print no clock, so start times come from each step’s DONE time and the order of the lines.',
};

/** The timeline group of a step: its stage chain (platform, target, stage), or what kind of step it is. */
function groupOf(s: Step): { key: string; label: string } {
  if (s.stage !== null) {
    const parts = [s.platform, s.target, s.stage].filter((p): p is string => !!p);
    return { key: `stage\u0000${parts.join('\u0000')}`, label: parts.join(' · ') };
  }
  if (s.kind === 'export' || s.kind === 'cache-export')
    return { key: 'kind\u0000export', label: 'export' };
  if (s.kind === 'cache-import') return { key: 'kind\u0000import', label: 'cache import' };
  return { key: 'kind\u0000setup', label: 'setup' };
}

function packagesView(p: BuildAnalysis['packages'][number]): StepPackagesView | null {
  if (!p) return null;
  return {
    tools: p.tools,
    downloaded: p.downloaded,
    reused: p.reused,
    builtFromSource: p.builtFromSource,
    bytesDownloaded: p.bytesDownloaded,
    bytesReused: p.bytesReused,
    downloadMs: p.downloadMs,
  };
}

function lineRange(s: Step): { count: number; first: number | null; last: number | null } {
  let first = Infinity;
  let last = -Infinity;
  for (const l of s.outputLines) {
    if (l < first) first = l;
    if (l > last) last = l;
  }
  for (const l of s.statusLineNumbers) {
    if (l < first) first = l;
    if (l > last) last = l;
  }
  const count = s.outputLines.length + s.statusLineNumbers.length;
  return count ? { count, first, last } : { count, first: null, last: null };
}

function buildView(b: Build, a: BuildAnalysis): ViewBuild {
  const onPath = new Set(a.criticalPath.steps);
  const steps: ViewStep[] = b.steps.map((s) => {
    const r = lineRange(s);
    const g = groupOf(s);
    return {
      index: s.index,
      ref: s.ref,
      name: s.name,
      stage: s.stage,
      platform: s.platform,
      target: s.target,
      position: s.position,
      instruction: s.instruction,
      kind: s.kind,
      status: s.status,
      durationMs: s.durationMs,
      startMs: s.startMs,
      endMs: s.endMs,
      lineCount: r.count,
      firstLine: r.first,
      lastLine: r.last,
      outputLineCount: s.outputLines.length + (s.logText?.length ?? 0),
      error: s.error,
      exitCode: s.exitCode,
      warnings: s.warnings.map((w) => ({ line: w.line, message: w.message })),
      packages: packagesView(a.packages[s.index]),
      onCriticalPath: onPath.has(s.index),
      slackMs: a.criticalPath.slackMs[s.index] ?? 0,
      lane: 0,
      group: g.key,
    };
  });
  const groups = assignLanes(b.steps, steps);
  const counts = {
    steps: steps.length,
    cached: 0,
    executed: 0,
    failed: 0,
    canceled: 0,
    unfinished: 0,
  };
  for (const s of steps) {
    if (s.status === 'cached') counts.cached++;
    else if (s.status === 'done') counts.executed++;
    else if (s.status === 'error') counts.failed++;
    else if (s.status === 'canceled') counts.canceled++;
    else counts.unfinished++;
  }
  const packages = {
    tools: [] as StepPackagesView['tools'],
    downloaded: 0,
    reused: 0,
    builtFromSource: 0,
    bytesDownloaded: 0,
    bytesReused: 0,
    downloadMs: 0,
    steps: 0,
  };
  for (const s of steps) {
    const p = s.packages;
    if (!p) continue;
    packages.steps++;
    for (const t of p.tools) if (!packages.tools.includes(t)) packages.tools.push(t);
    packages.downloaded += p.downloaded;
    packages.reused += p.reused;
    packages.builtFromSource += p.builtFromSource;
    packages.bytesDownloaded += p.bytesDownloaded;
    packages.bytesReused += p.bytesReused;
    packages.downloadMs += p.downloadMs;
  }
  const errorStep = b.error ? (b.steps.find((s) => s.ref === b.error!.step)?.index ?? null) : null;
  const state = b.error ? 'failed' : counts.unfinished ? 'unfinished' : 'done';
  return {
    index: b.index,
    label: `Build ${b.index + 1} · ${steps.length} step${steps.length === 1 ? '' : 's'} · ${state}`,
    timing: b.timing,
    timingNote: TIMING_NOTES[b.timing],
    wallMs: b.wallMs,
    summedMs: a.criticalPath.summedMs,
    parallelism: a.criticalPath.parallelism,
    builder: b.builder,
    error: b.error
      ? {
          step: errorStep,
          message: b.error.message,
          exitCode: b.error.exitCode,
          line: b.error.line,
        }
      : null,
    excerpt: b.excerpt,
    firstLine: b.firstLine,
    lastLine: b.lastLine,
    steps,
    counts,
    cache: a.cache,
    packages,
    criticalPath: a.criticalPath.steps,
    byKind: a.criticalPath.byKind,
    findings: a.findings,
    downloads: a.downloads,
    mounts: a.mounts,
    groups,
  };
}

/**
 * Groups in order of their first start (untimed ones last, in step order); in
 * each group, steps by start time, each in the first lane free at its start.
 */
function assignLanes(model: Step[], steps: ViewStep[]): ViewBuild['groups'] {
  const byGroup = new Map<string, { label: string; steps: ViewStep[]; first: number }>();
  for (const s of steps) {
    let g = byGroup.get(s.group);
    if (!g)
      byGroup.set(
        s.group,
        (g = { label: groupOf(model[s.index]).label, steps: [], first: Infinity }),
      );
    g.steps.push(s);
    if (s.startMs !== null && s.startMs < g.first) g.first = s.startMs;
  }
  const ordered = [...byGroup.entries()].sort((x, y) => x[1].first - y[1].first);
  return ordered.map(([key, g]) => {
    const laneEnds: number[] = [];
    const timed = g.steps
      .filter((s) => s.startMs !== null)
      .sort((x, y) => x.startMs! - y.startMs! || x.index - y.index);
    for (const s of timed) {
      const start = s.startMs!;
      const end = Math.max(start, s.endMs ?? start);
      let lane = laneEnds.findIndex((e) => e <= start);
      if (lane < 0) lane = laneEnds.push(end) - 1;
      else laneEnds[lane] = end;
      s.lane = lane;
    }
    return { key, label: g.label, lanes: Math.max(1, laneEnds.length) };
  });
}

export function buildViewDoc(model: LogModel, analyses: BuildAnalysis[], label: string): ViewDoc {
  let outside = 0;
  const role = model.attribution.role;
  for (let i = 0; i < role.length; i++) if (role[i] === 0) outside++;
  return {
    label,
    bytes: model.bytes,
    encoding: model.encoding,
    format: model.format,
    ci: model.ci,
    lines: { total: role.length, attributed: role.length - outside, outside },
    diagnostics: model.diagnostics,
    builds: model.builds.map((b, i) => buildView(b, analyses[i])),
  };
}
