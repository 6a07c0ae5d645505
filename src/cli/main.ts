import { createReadStream } from 'node:fs';
import path from 'node:path';
import { analyze } from '../analysis/analyze';
import { buildViewDoc } from '../analysis/view-doc';
import { toCsv } from '../export/csv';
import { toJson } from '../export/json';
import { formatMarkdown } from '../export/markdown';
import { formatSummary } from '../export/summary';
import { toChromeTrace } from '../export/trace';
import type { LogModel } from '../model/types';
import { LogReader } from '../read/read-log';

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** Reads standard input in chunks. */
  stdin: () => AsyncIterable<Uint8Array>;
}

const USAGE = `usage: plainsight [FILE|-] [--format json|csv|trace|markdown] [--fail-under-cache N]

Reads a Docker BuildKit build log (plain, TTY, rawjson or legacy output, raw or
wrapped by a CI system; gzip and UTF-16 files too) and prints its builds, steps,
cache picture and findings.

  FILE                  the log file; - or nothing reads standard input
  --format F            what to print instead of the summary (also --format=F):
                          json      one JSON object (documented in the README)
                          csv       one row per step of every build (RFC 4180, CRLF)
                          trace     a Chrome trace for ui.perfetto.dev or speedscope
                          markdown  a report for a GitHub job summary or a PR comment
  --json, --markdown    the same as --format json, --format markdown
  --fail-under-cache N  exit 1 when a build's layer-cache hit ratio is below N percent`;

const FORMATS = ['json', 'csv', 'trace', 'markdown'] as const;
type Output = 'summary' | (typeof FORMATS)[number];

interface Options {
  file: string | null;
  output: Output;
  failUnderCache: number | null;
}

function parseArgs(argv: string[]): Options | string {
  const o: Options = { file: null, output: 'summary', failUnderCache: null };
  let chosen: string | null = null;
  const choose = (f: Output, as: string): string | null => {
    if (chosen !== null && o.output !== f)
      return `one output format at a time (got ${chosen} and ${as})`;
    chosen = as;
    o.output = f;
    return null;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    let problem: string | null = null;
    if (a === '--json') problem = choose('json', a);
    else if (a === '--markdown') problem = choose('markdown', a);
    else if (a === '--format' || a.startsWith('--format=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (v === undefined || !(FORMATS as readonly string[]).includes(v))
        return `--format needs one of ${FORMATS.join(', ')} (got ${v || 'nothing'})`;
      problem = choose(v as Output, `--format ${v}`);
    } else if (a === '--fail-under-cache' || a.startsWith('--fail-under-cache=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      const n = Number(v);
      if (v === undefined || v === '' || !Number.isFinite(n) || n < 0 || n > 100)
        return `--fail-under-cache needs a percentage from 0 to 100 (got ${v ?? 'nothing'})`;
      o.failUnderCache = n;
    } else if (a === '-' || !a.startsWith('-')) {
      if (o.file !== null) return `one input at a time (got ${o.file} and ${a})`;
      o.file = a;
    } else return `unknown option ${a}`;
    if (problem) return problem;
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
  // CSV and trace are made from the view document, as the app makes them (also from a share link).
  const doc = () =>
    buildViewDoc(
      model,
      analyses,
      o.file === null || o.file === '-' ? 'standard input' : path.basename(o.file),
    );
  if (o.output === 'json') io.stdout(JSON.stringify(toJson(model, analyses), null, 2) + '\n');
  else if (o.output === 'markdown') io.stdout(formatMarkdown(model, analyses));
  else if (o.output === 'csv') io.stdout(toCsv(doc()));
  // Compact: a trace is read by a viewer, not a person; indenting adds about 60% (2 spaces, a line per key).
  else if (o.output === 'trace') io.stdout(JSON.stringify(toChromeTrace(doc())) + '\n');
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
