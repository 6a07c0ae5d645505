import type { BuildAnalysis } from '../model/analysis';
import type { Build, LogModel, Step } from '../model/types';

/** Seconds with one decimal, like BuildKit prints them; minutes past 100 s. */
export function formatMs(ms: number | null): string {
  if (ms === null) return '-';
  const s = ms / 1000;
  if (s < 100) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  return `${m}m${(s - m * 60).toFixed(0).padStart(2, '0')}s`;
}

const TIMING: Record<Build['timing'], string> = {
  exact: 'exact times from the log',
  timestamped: 'times from CI timestamps',
  estimated: 'times estimated from the plain log',
};

/** The CLI's readable summary: builds, steps with status and time, wall vs summed time, the failure. */
export function formatSummary(model: LogModel, analyses?: BuildAnalysis[]): string {
  const out: string[] = [];
  const ci = model.ci ? `, wrapped by ${model.ci}` : '';
  out.push(`${model.format} log${ci}: ${model.raw.length} lines, ${model.builds.length} build(s)`);
  model.builds.forEach((b, i) => {
    out.push('');
    const summed = b.steps.reduce((a, s) => a + (s.durationMs ?? 0), 0);
    const counts = countBy(b.steps);
    out.push(
      `Build ${i + 1}${b.builder ? ` (builder ${b.builder})` : ''}: ${b.steps.length} steps — ${counts}`,
    );
    out.push(`  wall ${formatMs(b.wallMs)} vs summed ${formatMs(summed)} (${TIMING[b.timing]})`);
    const refWidth = Math.max(...b.steps.map((s) => labelOf(s.ref).length), 2);
    for (const s of b.steps) {
      const ref = labelOf(s.ref).padStart(refWidth);
      const name = s.name.length > 90 ? `${s.name.slice(0, 89)}…` : s.name;
      out.push(`  ${ref} ${s.status.padEnd(10)} ${formatMs(s.durationMs).padStart(8)}  ${name}`);
    }
    const a = analyses?.[i];
    if (a) {
      const c = a.cache;
      out.push('');
      out.push(
        `  layer cache: ${c.cached}/${c.steps} Dockerfile steps cached${c.ratio === null ? '' : ` (${Math.round(c.ratio * 100)}%)`}, executed steps ${formatMs(c.executedMs)}`,
      );
      for (const br of c.breaks) out.push(`    broke: ${br.explanation}`);
      const path = a.criticalPath.steps.map((k) => labelOf(b.steps[k].ref)).join(' → ');
      if (path) out.push(`  critical path: ${path}`);
      if (a.criticalPath.parallelism !== null)
        out.push(`  parallelism: ${a.criticalPath.parallelism.toFixed(2)}`);
      for (const f of a.findings) {
        const at = f.timeAtStakeMs !== null ? ` (${formatMs(f.timeAtStakeMs)} at stake)` : '';
        out.push(`  finding [${f.severity}] ${f.title}${at}`);
        out.push(`    fix: ${f.fix.split('\n')[0]}`);
      }
    }
    if (b.error) {
      out.push('');
      out.push(`  FAILED${b.error.step !== null ? ` at ${stepLabel(b, b.error.step)}` : ''}`);
      if (b.error.exitCode !== null) out.push(`  exit code ${b.error.exitCode}`);
      out.push(`  ${b.error.message.split('\n')[0]}`);
    }
  });
  if (model.diagnostics.length) {
    out.push('');
    for (const d of model.diagnostics) {
      out.push(`${d.level}: ${d.message}${d.line ? ` (line ${d.line})` : ''}`);
    }
  }
  return out.join('\n');
}

function countBy(steps: Step[]): string {
  const c = new Map<string, number>();
  for (const s of steps) c.set(s.status, (c.get(s.status) ?? 0) + 1);
  return [...c].map(([k, v]) => `${v} ${k}`).join(', ');
}

function labelOf(ref: number | string): string {
  return typeof ref === 'number' ? `#${ref}` : ref.startsWith('sha256:') ? ref.slice(7, 19) : ref;
}

function stepLabel(b: Build, ref: number | string): string {
  const s = b.steps.find((x) => x.ref === ref);
  return s ? `${labelOf(ref)} ${s.name}` : labelOf(ref);
}
