import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A file of the repository as text, by its path from the root (vitest runs
 * there). Not `new URL(…, import.meta.url)`: under jsdom, URL is jsdom's, which
 * node:fs does not take.
 */
export const repoFile = (rel: string): string =>
  readFileSync(path.join(process.cwd(), rel), 'utf8');
