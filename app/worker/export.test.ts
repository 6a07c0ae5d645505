import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  analyze,
  buildViewDoc,
  formatMarkdown,
  LogReader,
  toChromeTrace,
  toCsv,
} from '../../src/index';
import { fromText } from '../loading/sources';
import { createCoreClient } from '../test-support/core-client';
import { exportBaseName, exportFromDoc, exportText } from './export';
import { LogStore } from './log-store';

const SAMPLES = ['multistage-parallel.log', 'failed-build.log'];
const samplePath = (name: string) => path.join(process.cwd(), 'public/samples', name);

/**
 * What `plainsight FILE --json` prints: runCli through the CLI's own entry
 * (src/cli/bin.ts), run as a process, since app/ reaches the core only through
 * src/index.ts (src/architecture.test.ts). Throws unless it exits 0.
 */
const cliOutput = new Map<string, string>();
function cliJson(file: string): string {
  let out = cliOutput.get(file);
  if (out === undefined) {
    const tsx = path.join(process.cwd(), 'node_modules/tsx/dist/cli.mjs');
    out = execFileSync(process.execPath, [tsx, 'src/cli/bin.ts', file, '--json'], {
      cwd: process.cwd(),
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    });
    cliOutput.set(file, out);
  }
  return out;
}

/** The log read as the worker reads it: its bytes pushed into a LogReader (parse.worker.ts). */
function workerStore(file: string, label: string) {
  const reader = new LogReader();
  reader.push(new Uint8Array(readFileSync(file)));
  const model = reader.end();
  const analyses = analyze(model);
  return {
    store: new LogStore(model, analyses),
    doc: buildViewDoc(model, analyses, label),
    model,
    analyses,
  };
}

describe.each(SAMPLES)('exports of %s', (name) => {
  const file = samplePath(name);
  const label = `sample: ${name}`;
  const base = name.replace(/\.log$/, '');

  it('JSON is byte for byte what the CLI prints with --json', async () => {
    const { store, doc } = workerStore(file, label);
    const json = exportText(store, label, 'json', doc);
    expect(json.text).toBe(cliJson(file));
    expect(json.mime).toBe('application/json');
    expect(json.fileName).toBe(`${base}.plainsight.json`);
  });

  it('JSON through the test client (the log read as text) is the same too', async () => {
    const client = createCoreClient();
    await client.load(fromText(readFileSync(file, 'utf8'), label));
    expect((await client.export('json')).text).toBe(cliJson(file));
  });

  it('Markdown is formatMarkdown of the model, what --markdown prints', () => {
    const { store, model, analyses } = workerStore(file, label);
    const md = exportText(store, label, 'markdown');
    expect(md.text).toBe(formatMarkdown(model, analyses));
    expect(md.fileName).toBe(`${base}.md`);
    expect(md.mime).toMatch(/^text\/markdown/);
  });

  it('CSV and the Chrome trace are made from the view document', () => {
    const { store, doc } = workerStore(file, label);
    const csv = exportText(store, label, 'csv', doc);
    expect(csv.text).toBe(toCsv(doc));
    // A header and a row per step of the sample (no step name here holds a line break).
    const steps = doc.builds.reduce((n, b) => n + b.steps.length, 0);
    expect(csv.text.trimEnd().split('\r\n')).toHaveLength(1 + steps);
    expect(csv.fileName).toBe(`${base}.csv`);
    expect(csv.mime).toMatch(/^text\/csv/);
    const trace = exportText(store, label, 'trace', doc);
    expect(JSON.parse(trace.text)).toEqual(toChromeTrace(doc));
    expect(trace.text).toBe(JSON.stringify(toChromeTrace(doc)));
    expect(trace.fileName).toBe(`${base}.trace.json`);
    // The same without the store: a document that came without its log.
    expect(exportFromDoc(doc, 'csv')).toEqual(csv);
    expect(exportFromDoc(doc, 'trace')).toEqual(trace);
    // Without the loaded document, the same document is built again.
    expect(exportText(store, label, 'csv').text).toBe(csv.text);
  });
});

describe('export file names', () => {
  it('come from the log name without its extension', () => {
    expect(exportBaseName('sample: multistage-parallel.log')).toBe('multistage-parallel');
    expect(exportBaseName('build.log.gz')).toBe('build');
    expect(exportBaseName('job 1234 (linux).txt')).toBe('job-1234-linux');
    expect(exportBaseName('https://ci.example/logs/run%2042.log?raw=1')).toBe('run-42');
    expect(exportBaseName('C:\\logs\\docker.log')).toBe('docker');
    expect(exportBaseName('pasted text')).toBe('pasted-text');
    expect(exportBaseName('...')).toBe('build');
  });
});

describe('the client without a log', () => {
  it('says that nothing is loaded', async () => {
    await expect(createCoreClient().export('json')).rejects.toThrow('No log is loaded.');
  });
});
