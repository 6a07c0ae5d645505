import { describe, expect, it } from 'vitest';
import { ROLE_LABEL, whereOf } from './log-lines';
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

describe('the lines outside any build (the worker answers them)', () => {
  it('finds every line outside a build of a CI log, and only those, in one request', async () => {
    const real = realDoc(RENDER);
    const all = real.lines.lines(0, real.doc.lines.total);
    const found = await real.client.outsideLines();
    expect(found).toHaveLength(53);
    expect(found).toEqual(all.filter((l) => l.role === 'outside'));
    expect(found.length).toBe(real.doc.lines.outside);
    expect(real.calls).toEqual([{ from: -1, count: -1 }]);
  });

  it('gives the CI noise before a build, and nothing of the build', async () => {
    const real = realDoc(`Run docker build .\nsome CI noise\n${NPM_CHANGED}`);
    expect(real.doc.lines.outside).toBe(2);
    const found = await real.client.outsideLines();
    expect(found.map((l) => l.text)).toEqual(['Run docker build .', 'some CI noise']);
  });

  it('is empty when every line is in a build', async () => {
    const real = realDoc(NPM_CHANGED);
    expect(real.doc.lines.outside).toBe(0);
    expect(await real.client.outsideLines()).toEqual([]);
  });
});
