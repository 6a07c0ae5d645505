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

// Best of many runs: the first runs of each phase still run code V8 has not
// optimised yet, and the analysis is many small functions that take more calls
// to get there than the read's few hot loops (at 1 MB the best of 30 runs still
// caught it half-compiled, 1.6–2.4 ms against 1.1–1.2 ms after 300 runs).
// Small inputs run more often: their runs are short and the machines noisy.
const runs = mb >= 100 ? 10 : mb >= 10 ? 40 : 200;
// The baseline: decode the same bytes and split them into lines, nothing else.
const splitMs = best(runs, () => void new TextDecoder().decode(bytes).split('\n'));
// The read and the analysis (cache, packages, mounts, downloads, critical path,
// findings) in pairs, as the CLI and the app run them: each analysis is of the
// model just read, and a slow spell of a shared machine falls on both halves of
// a pair instead of on one phase's whole series, which skewed their ratio.
let model = readLog(new Uint8Array(0));
let readMs = Infinity;
let analyzeMs = Infinity;
for (let i = 0; i < runs; i++) {
  readMs = Math.min(
    readMs,
    time(() => (model = readLog(bytes))),
  );
  analyzeMs = Math.min(
    analyzeMs,
    time(() => void analyze(model)),
  );
}
const steps = model.builds.reduce((a, b) => a + b.steps.length, 0);
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
