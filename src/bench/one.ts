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

// Small inputs run more often: their times are short and the shared machines
// this runs on are noisy. Read and analysis alternate, so a burst of noise
// lands on both; each figure is the best of its runs.
const runs = mb >= 100 ? 3 : mb >= 10 ? 8 : 24;
let splitMs = Infinity;
let readMs = Infinity;
let analyzeMs = Infinity;
let steps = 0;
for (let i = 0; i < runs; i++) {
  // The baseline: decode the same bytes and split them into lines, nothing else.
  splitMs = Math.min(
    splitMs,
    time(() => void new TextDecoder().decode(bytes).split('\n')),
  );
  let model = readLog(new Uint8Array(0));
  readMs = Math.min(
    readMs,
    time(() => {
      model = readLog(bytes);
    }),
  );
  steps = model.builds.reduce((a, b) => a + b.steps.length, 0);
  // The analysis (cache, packages, mounts, downloads, critical path, findings) of that model.
  analyzeMs = Math.min(
    analyzeMs,
    time(() => void analyze(model)),
  );
}
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
