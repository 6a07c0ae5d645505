/**
 * `COPY . .` before the dependency install: any change to any file in the
 * context changes the COPY layer, and BuildKit re-runs every later step of the
 * stage, the install included (docker/docs `build/cache/optimize.md`, "Order
 * your layers"). Copying the manifests first keeps the install cached until a
 * manifest changes.
 */
import type { Finding } from '../../model/analysis';
import type { Step } from '../../model/types';
import { formatDuration, listWords } from './format';
import {
  copiesWholeContext,
  copyInstruction,
  headerLine,
  instructionText,
  lineSet,
  runCommand,
  stageKey,
  stepLabel,
} from './step-text';
import { installCommands, type InstallCommand } from './tools';
import type { InsightContext, InsightRule } from './types';

const ID = 'copy-context-before-install';

interface Install {
  step: Step;
  commands: InstallCommand[];
}

function installsOf(step: Step): InstallCommand[] {
  const cmd = runCommand(step);
  return cmd ? installCommands(cmd) : [];
}

function check(ctx: InsightContext): Finding[] {
  const stages = new Map<string, Step[]>();
  for (const s of ctx.build.steps) {
    if (s.kind !== 'step' || !s.position) continue;
    const k = stageKey(s);
    const list = stages.get(k) ?? [];
    list.push(s);
    stages.set(k, list);
  }
  const findings: Finding[] = [];
  for (const steps of stages.values()) {
    steps.sort((a, b) => a.position![0] - b.position![0]);
    const copyAt = steps.findIndex((s) => copiesWholeContext(s) !== null);
    if (copyAt < 0) continue;
    const copy = steps[copyAt];
    const earlier = steps.slice(0, copyAt);
    const earlierTools = new Set(earlier.flatMap((s) => installsOf(s).map((c) => c.tool)));
    const installs: Install[] = [];
    for (const s of steps.slice(copyAt + 1)) {
      if (s.status !== 'done') continue; // cached installs did not re-run (engine d26-06)
      // The same tool already installed before the COPY: the two-phase pattern
      // (`uv sync --no-install-project`, then COPY, then `uv sync`) is the fix, not the problem.
      const commands = installsOf(s).filter((c) => !earlierTools.has(c.tool));
      if (commands.length) installs.push({ step: s, commands });
    }
    if (!installs.length) continue;
    findings.push(describe(ctx, copy, earlier, installs));
  }
  return findings;
}

function describe(ctx: InsightContext, copy: Step, earlier: Step[], installs: Install[]): Finding {
  const c = copiesWholeContext(copy)!;
  const known = installs.filter((i) => i.step.durationMs !== null);
  const timeMs = known.length ? known.reduce((a, i) => a + i.step.durationMs!, 0) : null;
  const first = installs[0];
  const tool = first.commands[0];
  // A manifest COPY that already sits before the whole-context COPY (the nestjs log
  // copies package*.json first but installs only after `COPY . .`).
  const manifestCopy = earlier.find((s) => {
    const ci = copyInstruction(s);
    return ci !== null && ci.sources.some((src) => tool.manifests.some((m) => globMatch(src, m)));
  });
  const installNames = installs.map((i) => `\`${stepLabel(i.step, 90)}\``);
  const took = timeMs !== null ? ` It took ${formatDuration(timeMs)} in this build.` : '';
  const already = manifestCopy
    ? ` The manifests are already copied earlier (\`${stepLabel(manifestCopy, 90)}\`), but the install only runs after the whole context is copied, so that early COPY does not help.`
    : '';
  const destDir = c.dest.replace(/\/\.$/, '/');
  const dest =
    destDir === '.' || destDir === './' ? './' : destDir.endsWith('/') ? destDir : `${destDir}/`;
  const command = tool.text.length <= 120 ? tool.text : tool.text.split(' ').slice(0, 3).join(' ');
  const copyText = `${c.keyword} ${[...c.sources, c.dest].join(' ')}`;
  const installWords = tool.text.split(' ').slice(0, 2).join(' ');
  const snippet = [
    manifestCopy ? instructionText(manifestCopy) : `COPY ${tool.manifests.join(' ')} ${dest}`,
    `RUN ${command}`,
    `${c.keyword} ${[...c.flags, ...c.sources, c.dest].join(' ')}`,
  ].join('\n');
  return {
    rule: ID,
    severity: timeMs !== null && timeMs >= 30_000 ? 'high' : 'medium',
    title: `\`${copyText}\` comes before the dependency install: every code change re-runs \`${installWords}\``,
    detail:
      `\`${stepLabel(copy, 90)}\` copies the whole build context; ${listWords(installNames)} comes after it in the same stage and ran (it was not CACHED). ` +
      `Any change to any file in the context invalidates the COPY layer and every step after it, so the install runs again even when no dependency changed.${took}${already}`,
    steps: [copy.index, ...installs.map((i) => i.step.index)],
    lines: lineSet(
      [headerLine(copy)],
      installs.map((i) => headerLine(i.step)),
      manifestCopy ? [headerLine(manifestCopy)] : [],
    ),
    timeAtStakeMs: timeMs,
    fix: manifestCopy
      ? `Move the install up, between the manifest COPY and \`${copyText}\`: it then stays CACHED until a manifest changes. Steps that need the sources (builds, tests) stay after the full COPY.`
      : `Copy only the dependency manifests (${tool.manifests.join(', ')}), run the install, then copy the rest: the install then stays CACHED until a manifest changes. Keep build output and VCS files out of the context with a .dockerignore.`,
    snippet,
  };
}

/** Does the basename of a COPY source (maybe a glob, `package*.json`) name this manifest? */
function globMatch(src: string, manifest: string): boolean {
  const name = src.replace(/\/+$/, '').replace(/^.*\//, '');
  const re = new RegExp(
    `^${name
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  return re.test(manifest);
}

export const copyContextBeforeInstall: InsightRule = { id: ID, check };
