/**
 * toCsv: parsed back with a strict RFC 4180 reader written here (no dependency:
 * the reader is 30 lines and being strict is the point), on every fixture log
 * of the project, then the quoting and formula guard on hostile cells.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyze } from '../analysis/analyze';
import { buildViewDoc } from '../analysis/view-doc';
import type { ViewDoc, ViewStep } from '../model/view';
import { readLog } from '../read/read-log';
import { fixtureLogs } from '../test-support/fixture-logs';
import { CSV_COLUMNS, toCsv } from './csv';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function docOf(file: string): ViewDoc {
  const model = readLog(new Uint8Array(readFileSync(file)));
  return buildViewDoc(model, analyze(model), path.basename(file));
}

/**
 * RFC 4180 §2, strictly: records end in CRLF (the last one too, as toCsv
 * writes it), a quoted field doubles its quotes and may hold CR, LF and
 * commas, an unquoted field holds none of `"`, CR, LF. Throws on anything else.
 */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;
  while (i < text.length) {
    let value = '';
    if (text[i] === '"') {
      for (i++; ; i++) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"' && text[i + 1] === '"') value += text[i++];
        else if (text[i] === '"') break;
        else value += text[i];
      }
      i++;
    } else
      for (; i < text.length && !/[,\r\n]/.test(text[i]); i++) {
        if (text[i] === '"') throw new Error(`quote inside an unquoted field at ${i}`);
        value += text[i];
      }
    record.push(value);
    if (text[i] === ',') i++;
    else if (text.startsWith('\r\n', i)) {
      records.push(record);
      record = [];
      i += 2;
    } else throw new Error(`expected a comma or CRLF at ${i}, got ${JSON.stringify(text[i])}`);
  }
  if (record.length) throw new Error('last record without CRLF');
  return records;
}

const cell = (n: number | null) => (n === null ? '' : String(Math.round(n * 1000) / 1000));
const text = (s: string | null) => (s === null ? '' : /^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

/** The row the doc says a step must have, cell by cell. */
function expectedRow(s: ViewStep, build: number, timing: string): Record<string, string> {
  const p = s.packages;
  return {
    build: String(build),
    ref: text(String(s.ref)),
    name: text(s.name),
    stage: text(s.stage),
    platform: text(s.platform),
    target: text(s.target),
    kind: s.kind,
    status: s.status,
    start_ms: cell(s.startMs),
    end_ms: cell(s.endMs),
    duration_ms: cell(s.durationMs),
    timing,
    on_critical_path: String(s.onCriticalPath),
    slack_ms: cell(s.slackMs),
    packages_downloaded: cell(p?.downloaded ?? null),
    packages_reused: cell(p?.reused ?? null),
    built_from_source: cell(p?.builtFromSource ?? null),
    bytes_downloaded: cell(p?.bytesDownloaded ?? null),
    bytes_reused: cell(p?.bytesReused ?? null),
    exit_code: cell(s.exitCode),
    error: text(s.error),
  };
}

describe('toCsv on the fixture logs', () => {
  const files = fixtureLogs();

  it('finds the fixtures', () => {
    expect(files.length).toBeGreaterThan(50);
  });

  it.each(files.map((f) => [path.relative(ROOT, f), f]))('%s', (_rel, file) => {
    const doc = docOf(file);
    const records = parseCsv(toCsv(doc));
    expect(records[0]).toEqual(CSV_COLUMNS);
    const steps = doc.builds.flatMap((b) => b.steps.map((s) => ({ s, b })));
    expect(records.length - 1).toBe(steps.length);
    records.slice(1).forEach((r, i) => {
      expect(r).toHaveLength(CSV_COLUMNS.length);
      const row = Object.fromEntries(CSV_COLUMNS.map((c, k) => [c, r[k]]));
      const { s, b } = steps[i];
      expect(row).toEqual(expectedRow(s, b.index + 1, b.timing));
    });
  });

  it('d26-10 (fails at #7, exit 127): the failing row carries exit code and error', () => {
    const doc = docOf(path.join(ROOT, 'src/formats/fixtures/plain/d26-10-fail-run.plain.log'));
    const rows = parseCsv(toCsv(doc));
    const last = Object.fromEntries(CSV_COLUMNS.map((c, k) => [c, rows[7][k]]));
    expect(rows).toHaveLength(8);
    expect(last).toMatchObject({ build: '1', ref: '7', status: 'error', exit_code: '127' });
    expect(last.error).toMatch(/exit code: 127/);
    expect(last.duration_ms).toBe('');
  });
});

describe('toCsv quoting and the formula guard', () => {
  const doc = docOf(path.join(ROOT, 'e2e/fixtures/multistage-parallel.log'));
  const hostile = [
    '=HYPERLINK("http://x.example","click")',
    '+1+1',
    '-2+3+cmd|" /C calc"!A0',
    '@SUM(A1:A2)',
    '\tindented',
    '\rreturn',
    'comma, inside',
    'say "hi"',
    'line one\nline two\r\nline three',
    '',
  ];
  const steps = doc.builds[0].steps;
  const changed: ViewDoc = {
    ...doc,
    builds: [
      {
        ...doc.builds[0],
        steps: hostile.map((name, i) => ({
          ...steps[i],
          name,
          error: name,
          ref: i === 0 ? '=cmd' : steps[i].ref,
          slackMs: -5 - i,
        })),
      },
    ],
  };
  const csv = toCsv(changed);
  const rows = parseCsv(csv).slice(1);
  const col = (c: string) => rows.map((r) => r[CSV_COLUMNS.indexOf(c)]);

  it('text cells starting with = + - @ tab or CR get an apostrophe; others stay as they are', () => {
    const guarded = hostile.map((h) => (/^[=+\-@\t\r]/.test(h) ? `'${h}` : h));
    expect(col('name')).toEqual(guarded);
    expect(col('error')).toEqual(guarded);
    expect(col('ref')[0]).toBe("'=cmd");
  });

  it('numbers stay numbers, negative ones too', () => {
    expect(col('slack_ms')).toEqual(hostile.map((_h, i) => String(-5 - i)));
  });

  it('quotes, commas and line breaks are quoted; records end in CRLF', () => {
    expect(csv).toContain('"comma, inside"');
    expect(csv).toContain('"say ""hi"""');
    expect(csv).toContain('"line one\nline two\r\nline three"');
    expect(csv).toContain(`"'\rreturn"`);
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('an empty cell for null and for the empty name; a document without builds is a header', () => {
    expect(col('name')[hostile.length - 1]).toBe('');
    expect(toCsv({ ...doc, builds: [] })).toBe(CSV_COLUMNS.join(',') + '\r\n');
  });
});
