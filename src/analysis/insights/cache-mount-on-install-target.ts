/**
 * A cache mount over the directory the step installs into. BuildKit keeps a
 * cache mount's contents beside the build, not in the layer, so what the step
 * installed there is gone from the image (engine-pip/README.md: with
 * `--mount=type=cache,target=/pip-packages` and `pip install
 * --target=/pip-packages`, the next `RUN ls /pip-packages` fails; with the
 * directory created first, the image keeps an empty one).
 */
import type { Finding, PackageTool } from '../../model/analysis';
import type { Build, Step } from '../../model/types';
import { quote } from './format';
import {
  headerLine,
  lineSet,
  isCut,
  runCommand,
  stageKey,
  stepLabel,
  stepOutput,
  stepTitle,
} from './step-text';
import {
  cacheMountFlags,
  installTargetMounts,
  normalizePath,
  runWithMounts,
  mountsOf,
} from './tools';
import type { InsightContext, InsightRule } from './types';

const ID = 'cache-mount-on-install-target';

/** At most this many lines of evidence from later steps. */
const MAX_EVIDENCE = 20;

/** The tool whose download cache should be mounted instead. */
function toolOf(command: string): PackageTool {
  if (/\buv\b/.test(command)) return 'uv';
  if (/\bpoetry\b/.test(command)) return 'poetry';
  if (/\bpnpm\b/.test(command)) return 'pnpm';
  if (/\byarn\b/.test(command)) return 'yarn';
  if (/\bnpm\b/.test(command)) return 'npm';
  if (/\bbundle\b/.test(command)) return 'bundler';
  if (/\bcomposer\b/.test(command)) return 'composer';
  return 'pip';
}

interface Evidence {
  lines: number[];
  /** What the first piece of evidence shows, in words. */
  words: string | null;
}

/**
 * What this step and the later ones of the stage show about the directory:
 * pip's `Target directory … already exists` on a later build, a later
 * `RUN ls /pip-packages` that fails (`cannot access`) or lists an empty
 * directory (only `.` and `..`).
 */
function evidence(build: Build, step: Step, text: readonly string[], dir: string): Evidence {
  const lines: number[] = [];
  let words: string | null = null;
  const re = new RegExp(`${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w.-])`);
  for (const s of build.steps) {
    const later =
      s.position !== null &&
      step.position !== null &&
      stageKey(s) === stageKey(step) &&
      s.position[0] > step.position[0];
    if (s !== step && !later) continue;
    const out = stepOutput(s, text).filter((o) => o.line !== null);
    if (s !== step && re.test(s.name)) {
      const entries = out.filter((o) => /^[d-][rwxsStT-]{9}/.test(o.text));
      if (out.length && entries.length && entries.every((o) => /\s\.\.?$/.test(o.text))) {
        lines.push(headerLine(s) ?? -1, ...out.map((o) => o.line!));
        words ??= `\`${stepTitle(s, 60)}\` lists an empty directory (only \`.\` and \`..\`)`;
        continue;
      }
    }
    for (const o of out) {
      if (!re.test(o.text) || !/already exists|No such file|cannot access|not found/i.test(o.text))
        continue;
      lines.push(o.line!);
      words ??= `${s === step ? 'this step' : `\`${stepTitle(s, 60)}\``} prints ${quote(o.text, 100)}`;
      if (lines.length >= MAX_EVIDENCE) return { lines, words };
    }
  }
  return { lines, words };
}

function check(ctx: InsightContext): Finding[] {
  const findings: Finding[] = [];
  for (const step of ctx.build.steps) {
    const mounts = mountsOf(ctx.mounts, step.index);
    if (!mounts.length) continue;
    const command = runCommand(step) ?? '';
    for (const { mount, how } of installTargetMounts(mounts, step)) {
      const dir = normalizePath(mount.target);
      const ev = evidence(ctx.build, step, ctx.text, dir);
      const shown = ev.words ? ` The log shows it: ${ev.words}.` : '';
      const tool = toolOf(command);
      const fixed = runWithMounts(cacheMountFlags(tool), command);
      findings.push({
        rule: ID,
        severity: 'high',
        title: `The cache mount on ${dir} hides what ${stepTitle(step, 50)} installs: it is missing from the image`,
        detail:
          `\`${stepLabel(step, 110)}\` mounts a cache on ${dir}, and ${how.startsWith('pip') || how.startsWith('uv') ? `\`${how}\` installs into it` : how}. ` +
          `A cache mount is not part of the image: BuildKit keeps its contents on the builder, so after this step ${dir} in the image is empty (or missing) and the installed packages are gone.${shown} ` +
          `The cache does not save downloads either: ${tool} still fetches into its own cache directory, which is not mounted.`,
        steps: [step.index],
        lines: lineSet([headerLine(step)], ev.lines),
        timeAtStakeMs: null,
        fix: `Cache ${tool}'s download cache instead and install into a normal directory of the image: remove the cache mount on ${dir}.`,
        snippet: isCut(command) ? null : fixed,
      });
    }
  }
  return findings;
}

export const cacheMountOnInstallTarget: InsightRule = { id: ID, check };
