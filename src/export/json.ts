import type { CiId, FormatId, LogModel, StepKind, StepStatus, Timing } from '../model/types';

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
}

const round = (v: number | null) => (v === null ? null : Math.round(v));

export function toJson(model: LogModel): PlainsightJson {
  let outside = 0;
  const role = model.attribution.role;
  for (let i = 0; i < role.length; i++) if (role[i] === 0) outside++;
  return {
    format: model.format,
    ci: model.ci,
    lines: { total: role.length, attributed: role.length - outside, outside },
    builds: model.builds.map((b) => ({
      timing: b.timing,
      wallMs: round(b.wallMs),
      error: b.error
        ? { step: b.error.step, message: b.error.message, exitCode: b.error.exitCode }
        : null,
      steps: b.steps.map((s) => ({
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
      })),
    })),
    diagnostics: model.diagnostics.map((d) => ({ ...d })),
  };
}
