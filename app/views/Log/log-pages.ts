/**
 * Page arithmetic and the page cache of the log view. The lines stay in the
 * worker (protocol.ts); the view asks for fixed pages of them as the user
 * scrolls and keeps the last few, so a 50 MB log never sits in the page whole.
 */
import type { ViewLine } from '../../worker/protocol';

/** Lines per request: one request fills a screen many times over, and its clone stays small. */
export const PAGE_SIZE = 500;
/** Pages kept: 12,000 lines, a few MB of strings at most, enough to scroll back without a refetch. */
export const MAX_PAGES = 24;
/** Rows beyond the visible ones whose pages are fetched ahead, so a steady scroll meets loaded lines. */
export const PREFETCH_ROWS = 150;

export const pageOf = (line: number, size = PAGE_SIZE): number => Math.floor(line / size);

/** The request for a page: its first line and how many lines it has (the last page is short). */
export function pageBounds(
  page: number,
  total: number,
  size = PAGE_SIZE,
): { from: number; count: number } {
  const from = page * size;
  return { from, count: Math.max(0, Math.min(size, total - from)) };
}

/** The pages that hold rows first..last (inclusive), clamped to the log. */
export function pagesCovering(
  first: number,
  last: number,
  total: number,
  size = PAGE_SIZE,
): number[] {
  if (total <= 0 || last < first) return [];
  const a = pageOf(Math.max(0, first), size);
  const b = pageOf(Math.min(total - 1, Math.max(0, last)), size);
  const out: number[] = [];
  for (let p = a; p <= b; p++) out.push(p);
  return out;
}

/** Loaded pages, least recently stored first (a Map keeps insertion order). */
export type Pages = ReadonlyMap<number, ViewLine[]>;

/**
 * The cache with one page more: a new Map (the view renders from it, so it must
 * change identity), the page moved to the recent end, and the oldest pages that
 * are not in `keep` (the ones on screen) dropped until `max` are left.
 */
export function putPage(
  pages: Pages,
  page: number,
  lines: ViewLine[],
  keep: readonly number[],
  max = MAX_PAGES,
): Map<number, ViewLine[]> {
  const next = new Map(pages);
  next.delete(page);
  next.set(page, lines);
  for (const p of next.keys()) {
    if (next.size <= max) break;
    if (p !== page && !keep.includes(p)) next.delete(p);
  }
  return next;
}

/** A line from the cache, or undefined while its page is not loaded. */
export function lineAt(pages: Pages, n: number, size = PAGE_SIZE): ViewLine | undefined {
  return pages.get(pageOf(n, size))?.[n - pageOf(n, size) * size];
}
