import { createReadStream } from 'node:fs';
import { LogReader } from '../read/read-log';
import { toJson } from '../export/json';
import { formatSummary } from '../export/summary';
import type { LogModel } from '../model/types';

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** Reads standard input in chunks. */
  stdin: () => AsyncIterable<Uint8Array>;
}

const USAGE = `usage: plainsight [FILE|-] [--json]

Reads a Docker BuildKit build log (plain, TTY, rawjson or legacy output, raw or
wrapped by a CI system; gzip and UTF-16 files too) and prints its builds and steps.

  FILE     the log file; - or nothing reads standard input
  --json   print one JSON object (documented in the README) instead of a summary`;

/** Runs the command line; returns the exit code (0 read, 2 unusable input or usage). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let file: string | null = null;
  let json = false;
  for (const a of argv) {
    if (a === '--json') json = true;
    else if (a === '-h' || a === '--help') {
      io.stdout(USAGE + '\n');
      return 0;
    } else if (a === '-' || !a.startsWith('-')) {
      if (file !== null) {
        io.stderr(`plainsight: one input at a time (got ${file} and ${a})\n`);
        return 2;
      }
      file = a;
    } else {
      io.stderr(`plainsight: unknown option ${a}\n${USAGE}\n`);
      return 2;
    }
  }
  const reader = new LogReader();
  try {
    // Streamed in chunks either way, so a large file is never held twice.
    const source = file === null || file === '-' ? io.stdin() : createReadStream(file);
    for await (const chunk of source) reader.push(chunk as Uint8Array);
  } catch (err) {
    io.stderr(`plainsight: cannot read ${file ?? 'standard input'}: ${(err as Error).message}\n`);
    return 2;
  }
  const model = reader.end();
  if (json) io.stdout(JSON.stringify(toJson(model), null, 2) + '\n');
  else io.stdout(formatSummary(model) + '\n');
  const reason = unusable(model);
  if (reason) {
    io.stderr(`plainsight: ${reason}\n`);
    return 2;
  }
  return 0;
}

function unusable(model: LogModel): string | null {
  if (model.builds.some((b) => b.steps.length)) return null;
  const err = model.diagnostics.find((d) => d.level === 'error');
  return err ? err.message : 'no build steps found';
}
