import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { plural } from '../../format';
import { useApp } from '../../store/create-store';
import { selectClient, selectDoc, selectOrigin } from '../../store/selectors';
import type { ViewDoc, ViewLine } from '../../worker/protocol';
import { useAskLine } from '../../components/EvidenceLinks';
import { lineAt, pageBounds, pagesCovering, PREFETCH_ROWS, putPage, type Pages } from './log-pages';
import { HEAD_HEIGHT, LogTable, ROW_HEIGHT, type RowAt } from './LogTable';
import { useLineRequest } from './use-line-request';

// One key per loaded document: a new document mounts a fresh log body, which
// drops its page cache, its filter and its scroll position with it.
const docIds = new WeakMap<ViewDoc, number>();
let nextDocId = 1;
function docKey(doc: ViewDoc): number {
  let id = docIds.get(doc);
  if (id === undefined) docIds.set(doc, (id = nextDocId++));
  return id;
}

/**
 * Every input line and where it was attributed (STYLE.md: keep what came in),
 * lines outside any build included. Also the only view of a log with no builds.
 */
export function LogView() {
  const doc = useApp(selectDoc);
  const origin = useApp(selectOrigin);
  if (!doc) return null;
  if (origin === 'compact-link')
    return (
      <section className="panel log" aria-labelledby="log-heading">
        <h2 id="log-heading">Whole log</h2>
        <p className="muted">
          This compact link carries no log lines: the build’s {plural(doc.lines.total, 'line')}{' '}
          stayed with the sender. Every figure here is as the sender’s plainsight read it; a full
          link carries the log itself.
        </p>
      </section>
    );
  return <LogBody key={docKey(doc)} doc={doc} />;
}

function LogBody({ doc }: { doc: ViewDoc }) {
  const client = useApp(selectClient);
  const current = useApp((s) => s.view.line);
  const askLine = useAskLine();
  const total = doc.lines.total;
  const section = useRef<HTMLElement>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const [onlyOutside, setOnlyOutside] = useState(false);
  const [outside, setOutside] = useState<ViewLine[] | null>(null);
  // The page cache lives in state, not a ref: rows render from it, so a page
  // arriving must re-render, and a new Map per page makes that change visible.
  const [pages, setPages] = useState<Pages>(() => new Map());
  const [error, setError] = useState<string | null>(null);
  const pending = useRef(new Set<number>());
  const onScreen = useRef<number[]>([]);
  const alive = useRef(true);
  const filterMirror = useRef({ on: false, lines: new Set<number>() });

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);
  useEffect(() => {
    filterMirror.current = { on: onlyOutside, lines: new Set(outside?.map((l) => l.n)) };
  }, [onlyOutside, outside]);

  // Nothing is ever hidden: a line asked for that the filter hides turns the filter off.
  const req = useLineRequest((line) => {
    const f = filterMirror.current;
    if (f.on && !f.lines.has(line)) setOnlyOutside(false);
  });

  const count = onlyOutside ? (outside?.length ?? 0) : total;
  // The lint rule is about React Compiler memoising around the virtualizer; this
  // build runs no compiler (vite.config.ts), so every render reads it afresh.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
    scrollMargin: HEAD_HEIGHT,
  });
  const items = virtualizer.getVirtualItems();
  const first = items.length ? items[0].index : 0;
  const last = items.length ? items[items.length - 1].index : -1;

  // Fetch the pages around the rows on screen that are neither held nor asked for.
  useEffect(() => {
    if (onlyOutside) return;
    const want = pagesCovering(first - PREFETCH_ROWS, last + PREFETCH_ROWS, total);
    onScreen.current = want;
    for (const p of want) {
      if (pages.has(p) || pending.current.has(p)) continue;
      pending.current.add(p);
      const { from, count: n } = pageBounds(p, total);
      client.lines(from, n).then(
        (lines) => {
          pending.current.delete(p);
          if (alive.current) setPages((prev) => putPage(prev, p, lines, onScreen.current));
        },
        (e: unknown) => {
          pending.current.delete(p);
          if (alive.current) setError(e instanceof Error ? e.message : String(e));
        },
      );
    }
  }, [client, first, last, total, pages, onlyOutside]);

  // The filtered list comes from the worker once per document, the first time it is asked for.
  const asking = useRef(false);
  useEffect(() => {
    if (!onlyOutside || outside || asking.current || doc.lines.outside === 0) return;
    asking.current = true;
    client
      .outsideLines()
      .then((lines) => alive.current && setOutside(lines))
      .catch((e: unknown) => alive.current && setError(e instanceof Error ? e.message : String(e)))
      .finally(() => {
        asking.current = false;
      });
  }, [client, doc, onlyOutside, outside]);

  // Bring the asked-for line into view once per ask: in the list, and the section on the page.
  const handled = useRef(-1);
  useEffect(() => {
    if (handled.current === req.seq || req.line === null || req.line >= total) return;
    const index = onlyOutside ? (outside?.findIndex((l) => l.n === req.line) ?? -1) : req.line;
    // Not in the filtered list: the filter is being turned off, and this runs again.
    if (index < 0) return;
    handled.current = req.seq;
    virtualizer.scrollToIndex(index, { align: 'center' });
    section.current?.scrollIntoView?.({ block: 'start' });
  }, [req, total, onlyOutside, outside, virtualizer]);

  const rowAt: RowAt = useCallback(
    (i) =>
      onlyOutside
        ? { line: outside?.[i], n: outside?.[i]?.n ?? null }
        : { line: lineAt(pages, i), n: i },
    [onlyOutside, outside, pages],
  );

  const toggle = (on: boolean) => {
    setOnlyOutside(on);
    virtualizer.scrollToOffset(0);
  };

  return (
    <section ref={section} className="panel log" aria-labelledby="log-heading">
      <h2 id="log-heading">Whole log</h2>
      <p className="muted" data-testid="log-counts">
        {plural(total, 'line')}: {doc.lines.attributed} attributed to a build, {doc.lines.outside}{' '}
        outside any build.
      </p>
      <div className="log-controls">
        <label className="log-filter">
          <input type="checkbox" checked={onlyOutside} onChange={(e) => toggle(e.target.checked)} />{' '}
          Only lines outside any build
        </label>
        <GoToLine total={total} onGo={askLine} />
        <span role="status" className="muted log-scan">
          {onlyOutside && outsideStatus(outside, doc.lines.outside)}
        </span>
      </div>
      {error && <p className="error-text">Could not read lines of the log: {error}</p>}
      {total === 0 ? (
        <p className="muted">The input has no lines.</p>
      ) : (
        <LogTable
          doc={doc}
          virtualizer={virtualizer}
          scroller={scroller}
          count={count}
          rowAt={rowAt}
          current={current}
        />
      )}
    </section>
  );
}

function outsideStatus(lines: ViewLine[] | null, expected: number): string {
  if (expected === 0) return 'Every line of the log is attributed to a build.';
  if (!lines) return `Looking for the ${plural(expected, 'line')}…`;
  return `${plural(lines.length, 'line')} outside any build.`;
}

/** A 1-based line number in, the 0-based line asked for out; out of range says so. */
function GoToLine({ total, onGo }: { total: number; onGo: (line: number) => void }) {
  const id = useId();
  const [value, setValue] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <form
      className="log-goto"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const n = Number(value);
        if (!Number.isInteger(n) || n < 1 || n > total) {
          setProblem(total ? `Enter a line from 1 to ${total}.` : 'The log has no lines.');
          return;
        }
        setProblem(null);
        onGo(n - 1);
      }}
    >
      <label htmlFor={id}>Go to line</label>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        min={1}
        max={total}
        value={value}
        aria-describedby={problem ? `${id}-problem` : undefined}
        onChange={(e) => setValue(e.target.value)}
      />
      <button type="submit">Go</button>
      {problem && (
        <span id={`${id}-problem`} className="error-text">
          {problem}
        </span>
      )}
    </form>
  );
}
