import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { realDoc } from '../../test-support/real-doc';
import { capItems, downloadTotals, groupStages, positionLabel, type StageRow } from './cache-rows';
import { splitCode } from '../../components/InlineCode';
import { repoFile } from '../../test-support/repo-file';

const NPM_CHANGED = repoFile('src/analysis/fixtures/d26-05-npm-pkgjson-changed.plain.log');
const PARALLEL = repoFile('src/analysis/fixtures/d26-01-multistage-parallel.plain.log');
const PIP_COLD = repoFile('src/analysis/fixtures/pip-cache-cold.gha.log');

const FIXTURE_DIR = 'src/analysis/fixtures';
const FIXTURES: Record<string, string> = Object.fromEntries(
  readdirSync(path.join(process.cwd(), FIXTURE_DIR))
    .filter((f) => f.endsWith('.log'))
    .map((f) => [f, repoFile(`${FIXTURE_DIR}/${f}`)]),
);

/** A stage's rows as text: `break:context-copy`, `3/7 done rerun`. */
const dump = (rows: StageRow[]) =>
  rows.map((r) =>
    r.kind === 'break'
      ? `break:${r.brk.reason}`
      : `${positionLabel(r.step)} ${r.step.status}${r.breaking ? ' breaking' : ''}${r.rerunBy ? ' rerun' : ''}`,
  );

describe('groupStages', () => {
  it('puts the break of d26-05 (package.json changed) just before COPY package.json', () => {
    const b = realDoc(NPM_CHANGED).doc.builds[0];
    const groups = groupStages(b);
    expect(groups.map((g) => g.label)).toEqual(['stage-0']);
    expect(dump(groups[0].rows)).toEqual([
      '1/7 done',
      '2/7 cached',
      'break:context-copy',
      '3/7 done breaking',
      '4/7 done rerun',
      '5/7 done rerun',
      '6/7 done rerun',
      '7/7 done rerun',
    ]);
    const step = groups[0].rows.find((r) => r.kind === 'step' && r.breaking);
    expect(step?.kind === 'step' && step.step.name).toBe('[stage-0 3/7] COPY package.json ./');
    // The stage's counts are the build's: FROM is neither a hit nor a miss.
    expect([groups[0].cached, groups[0].executed]).toEqual([b.cache.cached, b.cache.executed]);
  });

  it('keeps the stages of a parallel build apart, in the order the log shows them', () => {
    const groups = groupStages(realDoc(PARALLEL).doc.builds[0]);
    expect(groups.map((g) => g.label)).toEqual(['base', 'build-b', 'build-a', 'final']);
    expect(dump(groups[0].rows)).toEqual([
      '1/3 done',
      'break:no-cache',
      '2/3 done breaking',
      '3/3 done rerun',
    ]);
    expect(dump(groups[3].rows)[0]).toMatch(/^break:/);
  });

  it.each(Object.keys(FIXTURES))(
    'places every break once and keeps every staged step: %s',
    (file) => {
      for (const b of realDoc(FIXTURES[file]).doc.builds) {
        const rows = groupStages(b).flatMap((g) => g.rows);
        const breaks = rows.filter((r) => r.kind === 'break').map((r) => r.brk);
        expect(breaks).toEqual(expect.arrayContaining(b.cache.breaks));
        expect(breaks).toHaveLength(b.cache.breaks.length);
        const steps = rows.flatMap((r) => (r.kind === 'step' ? [r.step.index] : []));
        expect(steps.sort((x, y) => x - y)).toEqual(
          b.steps.filter((s) => s.stage !== null).map((s) => s.index),
        );
        // A break row always comes right before its breaking step.
        rows.forEach((r, i) => {
          if (r.kind !== 'break') return;
          const next = rows[i + 1];
          if (next) expect(next.kind === 'step' && next.step.index).toBe(r.brk.step);
        });
      }
    },
  );
});

describe('downloads', () => {
  it('lists the kinds with something in them, in build order, with the ledger totals', () => {
    const b = realDoc(PIP_COLD).doc.builds[0];
    const totals = downloadTotals(b.downloads);
    expect(totals.map((t) => t.kind)).toEqual(['context', 'package', 'image-export']);
    expect(totals[1]).toEqual({ kind: 'package', count: 7, bytes: 5_984_000, durationMs: 127 });
    // The image export printed times but no sizes: its bytes are unknown, not 0.
    expect(totals[2]).toEqual({ kind: 'image-export', count: 2, bytes: null, durationMs: 200 });
    expect(totals[0]).toMatchObject({ kind: 'context', bytes: 557 });
  });

  it('caps the items and says how many are left', () => {
    const items = realDoc(PIP_COLD).doc.builds[0].downloads.items;
    expect(capItems(items, 2)).toEqual({ shown: items.slice(0, 2), more: items.length - 2 });
    expect(capItems(items).more).toBe(0);
  });
});

describe('splitCode', () => {
  it('turns the backtick-quoted step of a real explanation into code', () => {
    const text = realDoc(NPM_CHANGED).doc.builds[0].cache.breaks[0].explanation;
    const parts = splitCode(text);
    expect(parts[0]).toEqual({ code: true, text: '[stage-0 3/7] COPY package.json ./' });
    expect(parts.map((p) => (p.code ? `\`${p.text}\`` : p.text)).join('')).toBe(text);
  });

  it('leaves an unpaired backtick as text', () => {
    expect(splitCode('a `b` c ` d')).toEqual([
      { code: false, text: 'a ' },
      { code: true, text: 'b' },
      { code: false, text: ' c ` d' },
    ]);
  });
});
