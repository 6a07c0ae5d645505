import { analyze, readLog } from '../index';
import { generatePlainLog } from './generate';

// One benchmark size in its own process, so peak memory is this size's alone.
const mb = Number(process.argv[2]);
const text = generatePlainLog(mb * 1e6);
const bytes = new TextEncoder().encode(text);
const sizeMb = bytes.length / 1e6;

function best(runs: number, f: () => void): number {
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    f();
    min = Math.min(min, performance.now() - t);
  }
  return min;
}

const runs = mb >= 100 ? 2 : 4;
// The baseline: decode the same bytes and split them into lines, nothing else.
const splitMs = best(runs, () => {
  new TextDecoder().decode(bytes).split('\n');
});
let steps = 0;
let model = readLog(new Uint8Array(0));
const readMs = best(runs, () => {
  model = readLog(bytes);
  steps = model.builds.reduce((a, b) => a + b.steps.length, 0);
});
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
