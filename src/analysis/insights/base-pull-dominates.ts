/**
 * Pulling base images takes a large share of the build. A builder that
 * already holds the image skips the pull entirely (its FROM is CACHED), so the
 * cost shows on fresh CI runners and after prunes; a smaller base or a nearby
 * registry shrinks it where the builder cannot be kept.
 */
import type { Finding } from '../../model/analysis';
import type { Step } from '../../model/types';
import { pulledLayers } from '../cache';
import { formatBytes, formatDuration, listWords, percent, plural } from './format';
import { headerLine, lineSet } from './step-text';
import type { InsightContext, InsightRule } from './types';

const ID = 'base-pull-dominates';

/** The share of the wall time from which the pull "dominates" (brief: 40%). */
const MIN_SHARE = 0.4;
/** Below this a pull is not worth a finding, whatever its share (a 1 s build pulling busybox). */
const MIN_MS = 5_000;

/** Length of the union of the steps' [start, end] intervals; summed durations (capped) without times. */
function coveredMs(steps: Step[], wallMs: number): number {
  const spans = steps
    .filter((s) => s.startMs !== null && s.endMs !== null)
    .map((s) => [s.startMs!, s.endMs!] as const)
    .sort((a, b) => a[0] - b[0]);
  if (spans.length < steps.length)
    return Math.min(
      wallMs,
      steps.reduce((a, s) => a + (s.durationMs ?? 0), 0),
    );
  let total = 0;
  let end = -Infinity;
  for (const [s, e] of spans) {
    if (e <= end) continue;
    total += e - Math.max(s, end);
    end = e;
  }
  return total;
}

/** `docker.io/library/python:3.12@sha256:…` → `python:3.12` for the text. */
function imageOf(step: Step): string {
  const m = /\bFROM\s+(\S+)/.exec(step.name);
  const ref = m ? m[1] : step.name;
  return ref.replace(/^docker\.io\/(library\/)?/, '').replace(/@sha256:[0-9a-f]+(?:\.\.\.)?$/, '');
}

/** A smaller variant of an official image, where one is commonly published. */
function slimmer(image: string): string | null {
  const m = /^(python|node|ruby|debian|openjdk|eclipse-temurin|php|golang|rust)(?::(\S+))?$/.exec(
    image,
  );
  if (!m) return null;
  const tag = m[2] ?? 'latest';
  if (/slim|alpine|distroless/.test(tag)) return null;
  if (m[1] === 'golang' || m[1] === 'rust')
    return `${m[1]}:${tag === 'latest' ? '' : `${tag}-`}alpine`;
  if (m[1] === 'eclipse-temurin') return `${m[1]}:${tag === 'latest' ? '21-' : `${tag}-`}jre`;
  if (m[1] === 'openjdk' || m[1] === 'php') return null;
  return `${m[1]}:${tag === 'latest' ? '' : `${tag}-`}slim`;
}

function check(ctx: InsightContext): Finding[] {
  const { build } = ctx;
  const wall = build.wallMs;
  if (!wall) return [];
  const pulls = build.steps.filter(
    (s) => s.kind === 'base' && s.status !== 'cached' && pulledLayers(s).count > 0,
  );
  if (!pulls.length) return [];
  const pullMs = coveredMs(pulls, wall);
  if (pullMs < MIN_SHARE * wall || pullMs < MIN_MS) return [];
  const ledger = ctx.downloads.totals['base-layer'];
  const layerBytes = pulls.reduce((a, s) => a + pulledLayers(s).bytes, 0);
  const bytes = ledger && ledger.bytes > 0 ? ledger.bytes : layerBytes;
  const layers = pulls.reduce((a, s) => a + pulledLayers(s).count, 0);
  const images = [...new Set(pulls.map(imageOf))];
  const perImage = pulls.map(
    (s) =>
      `\`${imageOf(s)}\` (${plural(pulledLayers(s).count, 'blob')}, ${formatBytes(pulledLayers(s).bytes)}${s.durationMs !== null ? `, ${formatDuration(s.durationMs)}` : ''})`,
  );
  const slim = images.map((i) => [i, slimmer(i)] as const).filter(([, s]) => s !== null);
  const slimWords = slim.length
    ? ` A smaller variant pulls less: ${listWords(slim.map(([i, s]) => `\`${s}\` for \`${i}\``))}.`
    : '';
  const lines = lineSet(
    pulls.map((s) => headerLine(s)),
    pulls.flatMap((s) =>
      s.statuses
        .filter((st) => /^sha256:[0-9a-f]{64}$/.test(st.id) && st.done)
        .map((st) => st.line),
    ),
  );
  return [
    {
      rule: ID,
      severity: pullMs >= 0.6 * wall ? 'medium' : 'low',
      title: `Pulling the base image${images.length > 1 ? 's' : ''} took ${percent(pullMs, wall)} of the build (${formatDuration(pullMs)} of ${formatDuration(wall)})`,
      detail:
        `For ${formatDuration(pullMs)} of this ${formatDuration(wall)} build a base image was being pulled: ${listWords(perImage)}${pulls.length > 1 ? `, ${formatBytes(bytes)} in ${plural(layers, 'blob')} in all` : ''}. ` +
        'A builder that already has the image skips this (the FROM step shows CACHED), so this is what every build on a fresh runner pays.',
      steps: pulls.map((s) => s.index),
      lines,
      timeAtStakeMs: pullMs,
      fix:
        'Keep the image on the builder between builds (a persistent or self-hosted builder, or a CI cache of the builder state), pull through a registry mirror close to the runner, and pin the base by digest so a tag that moved does not bring new layers (BuildKit prints the digest it resolved in the name of the FROM step).' +
        slimWords,
      snippet: slim.length ? slim.map(([, s]) => `FROM ${s}`).join('\n') : null,
    },
  ];
}

export const basePullDominates: InsightRule = { id: ID, check };
