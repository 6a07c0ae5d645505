/**
 * Test helper: reads a log file the way the app does (src/read: BOM/UTF-16
 * decoding, LF/CRLF split, bare CR kept inside lines), so CI tests see exactly
 * the lines `stripCi` gets in production.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ByteDecoder } from '../read/decode';
import { LineSplitter } from '../read/lines';

export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

/** The shared corpus, `../shared/corpus` relative to the project root (corpus README). */
export const CORPUS = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../shared/corpus',
);

export function readLogLines(file: string): string[] {
  const splitter = new LineSplitter();
  const decoder = new ByteDecoder((text) => splitter.push(text));
  decoder.push(new Uint8Array(readFileSync(file)));
  decoder.end();
  return splitter.end();
}

export function readFixture(name: string): string[] {
  return readLogLines(path.join(FIXTURES, name));
}
