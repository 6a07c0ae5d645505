import type { BuildAnalysis } from '../model/analysis';
import type { Build, LogModel } from '../model/types';
import { formatMs } from './summary';

const TIMING: Record<Build['timing'], string> = {
  exact: 'exact',
  timestamped: 'from CI timestamps',
  estimated: 'estimated',
};

/** Pipes and line breaks would break a Markdown table cell. */
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();
const short = (s: string, n = 70) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const pct = (r: number | null) => (r === null ? '–' : `${Math.round(r * 100)}%`);
const mb = (b: number) => (b >= 1e6 ? `${(b / 1e6).toFixed(1)} MB` : `${Math.round(b / 1e3)} kB`);

/**
 * A summary fit for a GitHub job summary or a PR comment: totals, the cache
 * picture, the top findings and the slowest steps of each build.
 */
export function formatMarkdown(model: LogModel, analyses: BuildAnalysis[], top = 5): string {
  const out: string[] = ['## plainsight build report', ''];
  if (!model.builds.length) {
    out.push('No BuildKit build was found in this log.');
    return out.join('\n') + '\n';
  }
  model.builds.forEach((b, i) => {
    const a = analyses[i];
    if (model.builds.length > 1) out.push(`### Build ${i + 1}`, '');
    const status = b.error ? '❌ failed' : '✅ succeeded';
    out.push(
      `${status} · wall **${formatMs(b.wallMs)}** (${TIMING[b.timing]}) · summed step time ${formatMs(a.criticalPath.summedMs)} · ${b.steps.length} steps`,
      '',
    );
    const c = a.cache;
    out.push(
      `**Layer cache:** ${c.cached} of ${c.steps} Dockerfile steps cached (${pct(c.ratio)}); executed steps took ${formatMs(c.executedMs)}.`,
    );
    for (const br of c.breaks.slice(0, 3)) {
      out.push(
        `- cache broke at \`${cell(short(b.steps[br.step].name))}\`: ${cell(br.explanation)}`,
      );
    }
    const pk = a.packages.filter((p) => p !== null);
    if (pk.length) {
      const sum = (f: (p: (typeof pk)[number]) => number) => pk.reduce((x, p) => x + f(p), 0);
      const tools = [...new Set(pk.flatMap((p) => p.tools))].join(', ');
      const events = sum((p) => p.downloaded + p.reused + p.builtFromSource);
      out.push(
        '',
        events
          ? `**Packages** (${tools}): ${sum((p) => p.downloaded)} downloaded (${mb(sum((p) => p.bytesDownloaded))}), ${sum((p) => p.reused)} reused from a cache, ${sum((p) => p.builtFromSource)} built from source.`
          : `**Packages** (${tools}): the tools printed only summaries, so what came from a cache cannot be told from this log.`,
      );
    }
    if (b.error) {
      const step = b.steps.find((s) => s.ref === b.error!.step);
      out.push(
        '',
        `**Failure:** ${step ? `\`${cell(short(step.name))}\` ` : ''}${b.error.exitCode !== null ? `(exit code ${b.error.exitCode}) ` : ''}— ${cell(short(b.error.message, 200))}`,
      );
    }
    if (a.findings.length) {
      out.push('', '**Findings**', '');
      for (const f of a.findings.slice(0, top)) {
        const at = f.timeAtStakeMs !== null ? ` (${formatMs(f.timeAtStakeMs)} at stake)` : '';
        out.push(`- **${cell(f.title)}**${at}: ${cell(f.fix)}`);
      }
    }
    const slow = [...b.steps]
      .filter((s) => (s.durationMs ?? 0) > 0)
      .sort((x, y) => (y.durationMs ?? 0) - (x.durationMs ?? 0))
      .slice(0, top);
    if (slow.length) {
      out.push('', '| Slowest steps | Status | Time |', '|---|---|---:|');
      for (const s of slow)
        out.push(`| \`${cell(short(s.name))}\` | ${s.status} | ${formatMs(s.durationMs)} |`);
    }
    out.push('');
  });
  return out.join('\n');
}
