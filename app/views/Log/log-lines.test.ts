import { describe, expect, it } from 'vitest';
import { collectOutsideLines, ROLE_LABEL, whereOf } from './log-lines';
import { realDoc } from '../../test-support/real-doc';
import { repoFile } from '../../test-support/repo-file';

const RENDER = repoFile(
  'src/analysis/fixtures/ci-render-deploy-nanosecond-ts-local-cache-import-lazy-pull.log',
);
const NPM_CHANGED = repoFile('src/analysis/fixtures/d26-05-npm-pkgjson-changed.plain.log');
const CANCELED = repoFile('src/analysis/fixtures/plain-short-canceled-context-canceled.log');

describe('whereOf', () => {
  it('names the step of an output line by its ref, with its name as the title', () => {
    const real = realDoc(NPM_CHANGED);
    const step = real.doc.builds[0].steps[7];
    const line = real.lines.line(step.firstLine! + 1);
    expect(line.role).toBe('step-output');
    expect(whereOf(real.doc, line)).toEqual({ label: '#8', title: step.name });
  });

  it('names nothing for a line outside any build', () => {
    const real = realDoc(CANCELED);
    const outside = real.lines.lines(0, real.doc.lines.total).filter((l) => l.role === 'outside');
    expect(outside).toHaveLength(1);
    expect(ROLE_LABEL[outside[0].role]).toBe('outside any build');
    expect(whereOf(real.doc, outside[0])).toEqual({ label: '', title: '' });
  });

  it('says which build a step is in when the log holds several', () => {
    const real = realDoc(`${NPM_CHANGED}\n${NPM_CHANGED}`);
    expect(real.doc.builds).toHaveLength(2);
    const s = real.doc.builds[1].steps[7];
    expect(whereOf(real.doc, real.lines.line(s.firstLine!)).label).toBe('B2 #8');
  });
});

describe('collectOutsideLines', () => {
  it('finds every line outside a build of a CI log, and only those', async () => {
    const real = realDoc(RENDER);
    const all = real.lines.lines(0, real.doc.lines.total);
    const progress: number[] = [];
    const found = await collectOutsideLines(
      real.client.lines,
      real.doc.lines.total,
      real.doc.lines.outside,
      (_, scanned) => progress.push(scanned),
      () => false,
      40,
    );
    expect(found).toHaveLength(53);
    expect(found).toEqual(all.filter((l) => l.role === 'outside'));
    expect(progress.every((n, i) => i === 0 || n > progress[i - 1])).toBe(true);
  });

  it('stops reading once it has found as many as the document counted', async () => {
    const real = realDoc(`Run docker build .\nsome CI noise\n${NPM_CHANGED}`);
    expect(real.doc.lines.outside).toBe(2);
    const found = await collectOutsideLines(
      real.client.lines,
      real.doc.lines.total,
      real.doc.lines.outside,
      () => {},
      () => false,
      10,
    );
    expect(found.map((l) => l.text)).toEqual(['Run docker build .', 'some CI noise']);
    expect(real.calls).toEqual([{ from: 0, count: 10 }]);
  });

  it('reads nothing when every line is in a build', async () => {
    const real = realDoc(NPM_CHANGED);
    expect(await collectOutsideLines(real.client.lines, 71, 0, () => {})).toEqual([]);
    expect(real.calls).toEqual([]);
  });
});
