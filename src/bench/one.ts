import { analyze, readLog } from '../index';
import { generatePlainLog } from './generate';

// One benchmark size in its own process, so peak memory is this size's alone.
const mb = Number(process.argv[2]);
const text = generatePlainLog(mb * 1e6);
const bytes = new TextEncoder().encode(text);
const sizeMb = bytes.length / 1e6;

function time(f: () => void): number {
  const t = performance.now();
  f();
  return performance.now() - t;
}

function best(runs: number, f: () => void): number {
  let min = Infinity;
  for (let i = 0; i < runs; i++) min = Math.min(min, time(f));
  return min;
}

// Small inputs run more often: their times are short, the first runs still warm
// the JIT, and the shared machines this runs on are noisy. Each phase runs back
// to back, so the garbage one leaves is collected in its own runs, not the next's.
const runs = mb >= 100 ? 8 : mb >= 10 ? 12 : 30;
// The baseline: decode the same bytes and split them into lines, nothing else.
const splitMs = best(runs, () => void new TextDecoder().decode(bytes).split('\n'));
let model = readLog(new Uint8Array(0));
const readMs = best(runs, () => {
  model = readLog(bytes);
});
const steps = model.builds.reduce((a, b) => a + b.steps.length, 0);
// The analysis (cache, packages, mounts, downloads, critical path, findings) of the read model.
const analyzeMs = best(runs, () => void analyze(model));
const peakMb = process.resourceUsage().maxRSS / 1024;
console.log(
  JSON.stringify({
    sizeMb,
    steps,
    readMs,
    splitMs,
    analyzeMs,
    mbPerS: sizeMb / (readMs / 1000),
    ratio: readMs / splitMs,
    peakMb,
  }),
);
