import { describe, expect, it } from 'vitest';
import { lineAt, pageBounds, pageOf, pagesCovering, putPage, type Pages } from './log-pages';
import { realDoc } from '../../test-support/real-doc';
import { repoFile } from '../../test-support/repo-file';

const LAMBDA = repoFile('src/analysis/fixtures/plain-python-pip-multistage-parallel-lambda.log');

// 634 lines: a full page of 500 and a short one of 134.
const real = realDoc(LAMBDA);
const total = real.doc.lines.total;

describe('page arithmetic', () => {
  it('cuts the log into pages whose last one is short, and covers every line once', () => {
    expect(total).toBe(634);
    expect(pageBounds(0, total)).toEqual({ from: 0, count: 500 });
    expect(pageBounds(1, total)).toEqual({ from: 500, count: 134 });
    expect(pageBounds(2, total)).toEqual({ from: 1000, count: 0 });
    const pages = pagesCovering(0, total - 1, total);
    expect(pages).toEqual([0, 1]);
    const lines = pages.flatMap((p) => {
      const { from, count } = pageBounds(p, total);
      return real.lines.lines(from, count);
    });
    expect(lines.map((l) => l.n)).toEqual(Array.from({ length: total }, (_, i) => i));
  });

  it('clamps the rows asked for (prefetch goes past both ends) to the log', () => {
    expect(pagesCovering(-150, 30, total)).toEqual([0]);
    expect(pagesCovering(480, 10_000, total)).toEqual([0, 1]);
    expect(pagesCovering(0, 10, 0)).toEqual([]);
    expect(pageOf(499)).toBe(0);
    expect(pageOf(500)).toBe(1);
  });
});

describe('page cache', () => {
  const page = (p: number, size: number) => real.lines.lines(p * size, size);

  it('answers a line from its page exactly as the worker does', () => {
    const pages = putPage(new Map(), 1, real.lines.lines(500, 134), []);
    expect(lineAt(pages, 633)).toEqual(real.lines.line(633));
    expect(lineAt(pages, 12)).toBeUndefined();
  });

  it('drops the oldest pages past the limit, but never the ones on screen', () => {
    // Pages of 50 lines, three kept at most.
    let pages: Pages = new Map();
    for (const p of [0, 1, 2]) pages = putPage(pages, p, page(p, 50), [], 3);
    const before = pages;
    pages = putPage(pages, 3, page(3, 50), [0], 3);
    expect([...pages.keys()]).toEqual([0, 2, 3]);
    // A new Map each time: the view re-renders from it.
    expect(pages).not.toBe(before);
    expect([...before.keys()]).toEqual([0, 1, 2]);
    expect(lineAt(pages, 160, 50)).toEqual(real.lines.line(160));
    expect(lineAt(pages, 60, 50)).toBeUndefined();
  });

  it('stores a page fetched again as the newest', () => {
    let pages: Pages = new Map();
    for (const p of [0, 1, 2, 0]) pages = putPage(pages, p, page(p, 50), [], 3);
    expect([...pages.keys()]).toEqual([1, 2, 0]);
  });
});
