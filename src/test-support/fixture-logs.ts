import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Every log fixture of the project (absolute paths): e2e/fixtures and each src/**\/fixtures folder. */
export function fixtureLogs(): string[] {
  const out: string[] = [];
  const walk = (dir: string, inFixtures: boolean) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p, inFixtures || e.name === 'fixtures');
      else if (inFixtures && /\.(log|jsonl|gz)$/.test(e.name)) out.push(p);
    }
  };
  walk(path.join(ROOT, 'src'), false);
  walk(path.join(ROOT, 'e2e/fixtures'), true);
  return out.sort();
}
