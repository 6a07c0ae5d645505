import { readLog } from './src/index';
import { generatePlainLog } from './src/bench/generate';
import { analyzePackages } from './src/analysis/packages/index';
const bytes = new TextEncoder().encode(generatePlainLog(30e6));
const g = (globalThis as any).gc as () => void;
const m = readLog(bytes);
let bestP = Infinity;
for (let i = 0; i < 5; i++) { g(); const t = performance.now(); for (const b of m.builds) for (const s of b.steps) analyzePackages(s, m.text); bestP = Math.min(bestP, performance.now() - t); }
console.log('packages', bestP.toFixed(0));
