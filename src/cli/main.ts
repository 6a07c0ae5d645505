import { createReadStream } from 'node:fs';
import { analyze } from '../analysis/analyze';
import { toJson } from '../export/json';
import { formatMarkdown } from '../export/markdown';
import { formatSummary } from '../export/summary';
import type { LogModel } from '../model/types';
import { LogReader } from '../read/read-log';

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** Reads standard input in chunks. */
  stdin: () => AsyncIterable<Uint8Array>;
}

const USAGE = `usage: plainsight [FILE|-] [--json | --markdown] [--fail-under-cache N]

Reads a Docker BuildKit build log (plain, TTY, rawjson or legacy output, raw or
wrapped by a CI system; gzip and UTF-16 files too) and prints its builds, steps,
cache picture and findings.

  FILE                  the log file; - or nothing reads standard input
  --json                print one JSON object (documented in the README)
  --markdown            print a summary for a GitHub job summary or a PR comment
  --fail-under-cache N  exit 1 when a build's layer-cache hit ratio is below N percent`;

interface Options {
  file: string | null;
  output: 'summary' | 'json' | 'markdown';
  failUnderCache: number | null;
}

function parseArgs(argv: string[]): Options | string {
  const o: Options = { file: null, output: 'summary', failUnderCache: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') o.output = 'json';
    else if (a === '--markdown') o.output = 'markdown';
    else if (a === '--fail-under-cache' || a.startsWith('--fail-under-cache=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      const n = Number(v);
      if (v === undefined || v === '' || !Number.isFinite(n) || n < 0 || n > 100)
        return `--fail-under-cache needs a percentage from 0 to 100 (got ${v ?? 'nothing'})`;
      o.failUnderCache = n;
    } else if (a === '-' || !a.startsWith('-')) {
      if (o.file !== null) return `one input at a time (got ${o.file} and ${a})`;
      o.file = a;
    } else return `unknown option ${a}`;
  }
  return o;
}

/** Runs the command line; returns the exit code (0 read, 1 cache guard failed, 2 unusable input or usage). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  if (argv.includes('-h') || argv.includes('--help')) {
    io.stdout(USAGE + '\n');
    return 0;
  }
  const o = parseArgs(argv);
  if (typeof o === 'string') {
    // An unknown option gets the usage after the reason; other mistakes just the reason.
    io.stderr(`plainsight: ${o}\n${o.startsWith('unknown option') ? `${USAGE}\n` : ''}`);
    return 2;
  }
  const reader = new LogReader();
  try {
    // Streamed in chunks either way, so a large file is never held twice.
    const source = o.file === null || o.file === '-' ? io.stdin() : createReadStream(o.file);
    for await (const chunk of source) reader.push(chunk as Uint8Array);
  } catch (err) {
    io.stderr(`plainsight: cannot read ${o.file ?? 'standard input'}: ${(err as Error).message}\n`);
    return 2;
  }
  const model = reader.end();
  const analyses = analyze(model);
  if (o.output === 'json') io.stdout(JSON.stringify(toJson(model, analyses), null, 2) + '\n');
  else if (o.output === 'markdown') io.stdout(formatMarkdown(model, analyses));
  else io.stdout(formatSummary(model, analyses) + '\n');
  const reason = unusable(model);
  if (reason) {
    io.stderr(`plainsight: ${reason}\n`);
    return 2;
  }
  if (o.failUnderCache !== null) {
    const low = analyses
      .map((a, i) => ({ i, ratio: a.cache.ratio }))
      .filter((x) => x.ratio !== null && x.ratio * 100 < o.failUnderCache!);
    if (low.length) {
      for (const x of low)
        io.stderr(
          `plainsight: build ${x.i + 1}: layer-cache hit ratio ${Math.round(x.ratio! * 100)}% is under ${o.failUnderCache}%\n`,
        );
      return 1;
    }
  }
  return 0;
}

function unusable(model: LogModel): string | null {
  if (model.builds.some((b) => b.steps.length)) return null;
  const err = model.diagnostics.find((d) => d.level === 'error');
  return err ? err.message : 'no build steps found';
}
