/**
 * What the worker keeps of the loaded log, and the line queries the views make
 * of it: a page of the whole log with where each line went, and one step's lines.
 */
import { ROLES, type BuildAnalysis, type LogModel, type PackageEventKind } from '../../src/index';
import type { StepDetail, ViewLine } from './protocol';

/** Lines a step view receives at most; the log view shows the rest. */
export const STEP_LINES_MAX = 20_000;

export class LogStore {
  private marks: Map<number, ViewLine['mark']> | null = null;

  constructor(
    readonly model: LogModel,
    readonly analyses: BuildAnalysis[],
  ) {}

  /** Lines the analysis read something on: a package event, a warning, an error. */
  private markOf(n: number): ViewLine['mark'] {
    if (!this.marks) {
      const marks = new Map<number, ViewLine['mark']>();
      for (const b of this.model.builds) {
        for (const l of b.errorLines) marks.set(l, 'error');
        if (b.error) marks.set(b.error.line, 'error');
        for (const s of b.steps) for (const w of s.warnings) marks.set(w.line, 'warning');
      }
      for (const a of this.analyses)
        for (const p of a.packages)
          if (p)
            for (const e of p.items)
              if (!marks.has(e.line)) marks.set(e.line, e.event as PackageEventKind);
      this.marks = marks;
    }
    return this.marks.get(n) ?? null;
  }

  private elapsedOf(n: number, build: number, step: number): number | null {
    const s = this.model.builds[build]?.steps[step];
    if (!s) return null;
    // Output lines are attributed in input order, so the list is ascending.
    const list = s.outputLines;
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid] === n) return s.outputElapsedMs[mid] ?? null;
      if (list[mid] < n) lo = mid + 1;
      else hi = mid - 1;
    }
    return null;
  }

  line(n: number): ViewLine {
    const { attribution, text } = this.model;
    const role = ROLES[attribution.role[n]] ?? 'outside';
    const build = attribution.build[n] >= 0 ? attribution.build[n] : null;
    const step = attribution.step[n] >= 0 ? attribution.step[n] : null;
    return {
      n,
      text: text[n] ?? '',
      role,
      build,
      step,
      elapsedMs:
        role === 'step-output' && build !== null && step !== null
          ? this.elapsedOf(n, build, step)
          : null,
      mark: this.markOf(n),
    };
  }

  lines(from: number, count: number): ViewLine[] {
    const end = Math.min(this.model.text.length, Math.max(0, from) + Math.max(0, count));
    const out: ViewLine[] = [];
    for (let n = Math.max(0, from); n < end; n++) out.push(this.line(n));
    return out;
  }

  /** Every line outside any build, read off the attribution (no text crosses to the page for the rest). */
  outside(): ViewLine[] {
    const role = this.model.attribution.role;
    const out: ViewLine[] = [];
    for (let n = 0; n < role.length; n++) if (role[n] === 0) out.push(this.line(n));
    return out;
  }

  step(build: number, index: number): StepDetail {
    const s = this.model.builds[build]?.steps[index];
    if (!s)
      return { build, step: index, lines: [], truncated: false, logText: null, packages: null };
    const all = [...s.statusLineNumbers, ...s.outputLines].sort((a, b) => a - b);
    const shown = all.slice(0, STEP_LINES_MAX);
    const p = this.analyses[build]?.packages[index] ?? null;
    return {
      build,
      step: index,
      lines: shown.map((n) => this.line(n)),
      truncated: all.length > shown.length,
      logText: s.logText ? s.logText.slice(0, STEP_LINES_MAX) : null,
      packages: p
        ? {
            items: p.items.map((e) => ({
              tool: e.tool,
              event: e.event,
              name: e.name,
              bytes: e.bytes,
              line: e.line,
            })),
            notes: p.notes,
          }
        : null,
    };
  }
}
