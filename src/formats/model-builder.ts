import type {
  Attribution,
  Build,
  Diagnostic,
  FormatId,
  LineRole,
  Step,
  StepStatus,
  Timing,
} from '../model/types';
import { ROLES } from '../model/types';
import { describeStepName } from './step-name';

const ROLE_CODE: Record<LineRole, number> = Object.fromEntries(
  ROLES.map((r, i) => [r, i]),
) as Record<LineRole, number>;

/** Collects builds, steps and the attribution of every line for one format parser. */
export class ModelBuilder {
  readonly builds: Build[] = [];
  readonly diagnostics: Diagnostic[] = [];
  readonly attribution: Attribution;
  /** Lines attributed more than once (a parser bug; checked by the tests). */
  doubleAttributed = 0;

  constructor(
    readonly lineCount: number,
    readonly format: FormatId,
  ) {
    this.attribution = {
      role: new Uint8Array(lineCount),
      build: new Int32Array(lineCount).fill(-1),
      step: new Int32Array(lineCount).fill(-1),
    };
  }

  newBuild(firstLine: number, timing: Timing = 'estimated'): Build {
    const build: Build = {
      index: this.builds.length,
      format: this.format,
      timing,
      wallMs: null,
      startEpochMs: null,
      builder: null,
      steps: [],
      error: null,
      errorLines: [],
      warnings: [],
      excerpt: null,
      firstLine,
      lastLine: firstLine,
    };
    this.builds.push(build);
    return build;
  }

  newStep(
    build: Build,
    ref: number | string,
    name: string,
    status: StepStatus = 'unfinished',
  ): Step {
    const parts = describeStepName(name);
    const step: Step = {
      index: build.steps.length,
      ref,
      digest: null,
      name,
      ...parts,
      status,
      durationMs: null,
      startMs: null,
      endMs: null,
      outputLines: [],
      outputElapsedMs: [],
      outputTextAt: [],
      statusLineNumbers: [],
      statuses: [],
      warnings: [],
      error: null,
      exitCode: null,
      segments: [],
      intervals: [],
      firstStampEpochMs: null,
      lastStampEpochMs: null,
      finishStampEpochMs: null,
    };
    build.steps.push(step);
    return step;
  }

  /** Attributes line `i` (0-based) to a step, as output or status. */
  stepLine(i: number, build: Build, step: Step, role: 'step-output' | 'step-status'): void {
    this.mark(i, role, build.index, step.index);
    if (role === 'step-status') step.statusLineNumbers.push(i);
    if (i > build.lastLine) build.lastLine = i;
  }

  /** Attributes line `i` to a build's header or trailer. */
  buildLine(i: number, build: Build, role: 'build-header' | 'build-trailer'): void {
    this.mark(i, role, build.index, -1);
    if (i > build.lastLine) build.lastLine = i;
  }

  /** Moves line `i` to another build and step (a parser found it was misplaced); lists stay the caller's. */
  reassign(i: number, build: Build, step: Step, role: 'step-output' | 'step-status'): void {
    const a = this.attribution;
    a.role[i] = ROLE_CODE[role];
    a.build[i] = build.index;
    a.step[i] = step.index;
    if (i > build.lastLine) build.lastLine = i;
    if (i < build.firstLine) build.firstLine = i;
  }

  diagnose(level: Diagnostic['level'], message: string, line = 0): void {
    this.diagnostics.push({ level, message, line });
  }

  private mark(i: number, role: LineRole, build: number, step: number): void {
    if (i < 0 || i >= this.lineCount) return;
    const a = this.attribution;
    if (a.role[i] !== 0) this.doubleAttributed++;
    a.role[i] = ROLE_CODE[role];
    a.build[i] = build;
    a.step[i] = step;
  }

  /** Moves single words like `web` in `[web 1/7]` to the target when the build names that target elsewhere. */
  finishTargets(): void {
    for (const b of this.builds) {
      const targets = new Set<string>();
      for (const s of b.steps) if (s.target) targets.add(s.target);
      if (!targets.size) continue;
      for (const s of b.steps) {
        if (!s.target && s.stage && targets.has(s.stage)) {
          s.target = s.stage;
          s.stage = null;
        }
      }
    }
  }
}

export function roleOf(a: Attribution, i: number): LineRole {
  return ROLES[a.role[i]];
}
