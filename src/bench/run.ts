import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * `npm run bench`: reads generated plain logs of 1, 10 and 100 MB and reports
 * throughput, the ratio to a bare decode-and-split of the same bytes, the time
 * the analysis adds, and peak memory (max RSS of the process that read that
 * size, which also holds the generated input twice: as text and as bytes).
 */
const sizes = process.argv.slice(2).map(Number).filter(Boolean);
const one = fileURLToPath(new URL('./one.ts', import.meta.url));
/** Milliseconds to print: tenths below 10 ms, where whole ones would hide the ratio shown beside them. */
const ms = (t: number) => t.toFixed(t < 10 ? 1 : 0);
console.log(
  'size MB | steps | read ms | split ms | MB/s | ratio to split | analyze ms | analysis vs read | peak RSS MB',
);
for (const mb of sizes.length ? sizes : [1, 10, 100]) {
  const out = execFileSync(process.execPath, ['--import', 'tsx', one, String(mb)], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  const r = JSON.parse(out.trim().split('\n').pop()!);
  console.log(
    [
      r.sizeMb.toFixed(1),
      r.steps,
      ms(r.readMs),
      ms(r.splitMs),
      r.mbPerS.toFixed(0),
      r.ratio.toFixed(2),
      ms(r.analyzeMs),
      `${Math.round((r.analyzeMs / r.readMs) * 100)}%`,
      r.peakMb.toFixed(0),
    ].join(' | '),
  );
}
