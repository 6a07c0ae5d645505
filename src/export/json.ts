import { analyze } from '../analysis/analyze';
import type {
  BuildAnalysis,
  CacheBreakReason,
  DownloadKind,
  PackageTool,
  Severity,
} from '../model/analysis';
import type { CiId, FormatId, LogModel, Step, StepKind, StepStatus, Timing } from '../model/types';

/** The CLI's `--json` output. Other tools rely on it: change it only by adding fields. */
export interface PlainsightJson {
  format: FormatId;
  ci: CiId;
  lines: { total: number; attributed: number; outside: number };
  builds: BuildJson[];
  diagnostics: { level: string; message: string; line: number }[];
}

export interface BuildJson {
  timing: Timing;
  wallMs: number | null;
  error: { step: number | string | null; message: string; exitCode: number | null } | null;
  steps: StepJson[];
  /** Layer cache over Dockerfile steps only. */
  cache: {
    steps: number;
    cached: number;
    executed: number;
    ratio: number | null;
    executedMs: number;
    breaks: {
      step: number | string;
      reason: CacheBreakReason;
      explanation: string;
      rerun: (number | string)[];
      costMs: number;
    }[];
  };
  criticalPath: (number | string)[];
  parallelism: number | null;
  summedMs: number;
  findings: {
    rule: string;
    severity: Severity;
    title: string;
    detail: string;
    steps: (number | string)[];
    lines: number[];
    timeAtStakeMs: number | null;
    fix: string;
  }[];
  downloads: Record<DownloadKind, { count: number; bytes: number; durationMs: number }>;
  mounts: {
    step: number | string;
    target: string;
    id: string | null;
    sharing: string | null;
    tool: PackageTool | null;
  }[];
}

export interface StepJson {
  ref: number | string;
  name: string;
  stage: string | null;
  platform: string | null;
  target: string | null;
  position: [number, number] | null;
  instruction: string | null;
  kind: StepKind;
  status: StepStatus;
  durationMs: number | null;
  startMs: number | null;
  endMs: number | null;
  lines: number;
  packages: {
    tools: PackageTool[];
    downloaded: number;
    reused: number;
    builtFromSource: number;
    bytesDownloaded: number;
    bytesReused: number;
    items: {
      name: string;
      event: 'downloaded' | 'reused' | 'built';
      bytes: number | null;
      line: number;
    }[];
  } | null;
}

const round = (v: number | null) => (v === null ? null : Math.round(v));

/** The documented JSON of a read and analysed log. Line numbers in it are 1-based. */
export function toJson(
  model: LogModel,
  analyses: BuildAnalysis[] = analyze(model),
): PlainsightJson {
  let outside = 0;
  const role = model.attribution.role;
  for (let i = 0; i < role.length; i++) if (role[i] === 0) outside++;
  return {
    format: model.format,
    ci: model.ci,
    lines: { total: role.length, attributed: role.length - outside, outside },
    builds: model.builds.map((b, bi) => {
      const a = analyses[bi];
      const ref = (i: number) => b.steps[i].ref;
      return {
        timing: b.timing,
        wallMs: round(b.wallMs),
        error: b.error
          ? { step: b.error.step, message: b.error.message, exitCode: b.error.exitCode }
          : null,
        steps: b.steps.map((s, si) => stepJson(s, a.packages[si])),
        cache: {
          steps: a.cache.steps,
          cached: a.cache.cached,
          executed: a.cache.executed,
          ratio: a.cache.ratio,
          executedMs: Math.round(a.cache.executedMs),
          breaks: a.cache.breaks.map((x) => ({
            step: ref(x.step),
            reason: x.reason,
            explanation: x.explanation,
            rerun: x.rerun.map(ref),
            costMs: Math.round(x.costMs),
          })),
        },
        criticalPath: a.criticalPath.steps.map(ref),
        parallelism: a.criticalPath.parallelism,
        summedMs: Math.round(a.criticalPath.summedMs),
        findings: a.findings.map((f) => ({
          rule: f.rule,
          severity: f.severity,
          title: f.title,
          detail: f.detail,
          steps: f.steps.map(ref),
          lines: f.lines.map((l) => l + 1),
          timeAtStakeMs: round(f.timeAtStakeMs),
          fix: f.fix,
        })),
        downloads: a.downloads.totals,
        mounts: a.mounts.map((m) => ({
          step: ref(m.step),
          target: m.target,
          id: m.id,
          sharing: m.sharing,
          tool: m.tool,
        })),
      };
    }),
    diagnostics: model.diagnostics.map((d) => ({ ...d })),
  };
}

function stepJson(s: Step, p: BuildAnalysis['packages'][number]): StepJson {
  return {
    ref: s.ref,
    name: s.name,
    stage: s.stage,
    platform: s.platform,
    target: s.target,
    position: s.position,
    instruction: s.instruction,
    kind: s.kind,
    status: s.status,
    durationMs: round(s.durationMs),
    startMs: round(s.startMs),
    endMs: round(s.endMs),
    lines: s.outputLines.length + s.statusLineNumbers.length,
    packages: p
      ? {
          tools: p.tools,
          downloaded: p.downloaded,
          reused: p.reused,
          builtFromSource: p.builtFromSource,
          bytesDownloaded: p.bytesDownloaded,
          bytesReused: p.bytesReused,
          items: p.items.map((e) => ({
            name: e.name,
            event: e.event,
            bytes: e.bytes,
            line: e.line + 1,
          })),
        }
      : null,
  };
}
