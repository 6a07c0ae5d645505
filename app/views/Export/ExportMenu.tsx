import { useEffect, useId, useRef, useState, type FocusEvent, type KeyboardEvent } from 'react';
import { useApp } from '../../store/create-store';
import { selectClient, selectDoc, selectOrigin } from '../../store/selectors';
import { exportFileName, isModelFormat } from '../../worker/export';
import type { ExportFormat } from '../../worker/protocol';
import {
  CHART_TARGETS,
  chartPng,
  findChartSvg,
  missingChartReason,
  serializeChartSvg,
  type ChartTarget,
} from './chart-image';
import { copyText } from './copy-text';
import { downloadBlob, downloadText } from './download';

/** The files made in the worker from the log, each with what it is for. */
const DATA: { format: ExportFormat; label: string; about: string }[] = [
  {
    format: 'json',
    label: 'JSON',
    about:
      'Everything read from the log, as plainsight --json prints it: for scripts and other tools',
  },
  { format: 'csv', label: 'CSV', about: 'One row per step, for a spreadsheet' },
  { format: 'trace', label: 'Chrome trace', about: 'Opens in Perfetto or speedscope' },
  { format: 'markdown', label: 'Markdown', about: 'For a GitHub job summary or a PR comment' },
];

type Picture = 'svg' | 'png';

/** What the last action came to, for the panel's status line. */
type Message = { text: string; error: boolean } | null;

const reason = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * "Export": a button that opens a small panel of downloads, the log's data
 * (JSON, CSV, Chrome trace, Markdown) from the worker and the charts as
 * pictures from the page. A disclosure, not a modal: Escape or a click outside
 * closes it, focus goes to its first button on opening and back to "Export" on Escape.
 */
export function ExportMenu() {
  const doc = useApp(selectDoc);
  const client = useApp(selectClient);
  // A compact share link carries the analysis but not the log the JSON and Markdown are made from.
  const compact = useApp(selectOrigin) === 'compact-link';
  const needsLog = (f: ExportFormat) => compact && isModelFormat(f);
  const [open, setOpen] = useState(false);
  const [message, setMessage] = useState<Message>(null);
  const wrapper = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLElement>(null);
  const id = useId();
  const panelId = `${id}-panel`;
  const headingId = `${id}-heading`;
  const about = (key: string) => `${id}-about-${key}`;

  useEffect(() => {
    if (open) panel.current?.querySelector<HTMLButtonElement>('button')?.focus();
  }, [open]);

  useEffect(() => {
    if (!open) return;
    const onPointerDown = (e: PointerEvent) => {
      if (!wrapper.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);

  if (!doc) return null;
  const label = doc.label;

  const show = (next: boolean) => {
    setMessage(null);
    setOpen(next);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape' || !open) return;
    e.preventDefault();
    e.stopPropagation();
    setOpen(false);
    toggle.current?.focus();
  };
  // Tabbing out of the panel closes it, so it never covers what has the focus.
  // A null relatedTarget (the window lost focus to a save dialog) keeps it open.
  const onBlur = (e: FocusEvent) => {
    const to = e.relatedTarget as Node | null;
    if (open && to && !wrapper.current?.contains(to)) setOpen(false);
  };

  const run = async (what: string, work: () => Promise<string>) => {
    setMessage({ text: `Making ${what}…`, error: false });
    try {
      setMessage({ text: await work(), error: false });
    } catch (err) {
      setMessage({ text: `Could not export ${what}: ${reason(err)}.`, error: true });
    }
  };

  const exportFile = (format: ExportFormat) => client.export(format);

  const saveData = (format: ExportFormat, what: string) =>
    run(what, async () => {
      const f = await exportFile(format);
      downloadText(f.text, f.mime, f.fileName);
      return `Saved ${f.fileName}.`;
    });

  const copyMarkdown = () =>
    run('Markdown', async () => {
      // Called within the click, the text following (copy-text.ts).
      await copyText(
        Promise.resolve()
          .then(() => exportFile('markdown'))
          .then((f) => f.text),
      );
      return 'Copied the Markdown to the clipboard.';
    });

  const saveChart = (target: ChartTarget, kind: Picture) =>
    run(`${target.title} ${kind.toUpperCase()}`, async () => {
      const svg = findChartSvg(target);
      if (!svg) throw new Error(missingChartReason(target));
      const chart = serializeChartSvg(svg);
      const name = exportFileName(label, `${target.suffix}.${kind}`);
      if (kind === 'svg') downloadText(chart.text, 'image/svg+xml', name);
      else downloadBlob(await chartPng(chart), name);
      return `Saved ${name}.`;
    });

  return (
    <div className="export" ref={wrapper} onKeyDown={onKeyDown} onBlur={onBlur}>
      <button
        ref={toggle}
        type="button"
        className="export-toggle"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={() => show(!open)}
      >
        Export
      </button>
      {open && (
        <section ref={panel} id={panelId} className="export-panel" aria-labelledby={headingId}>
          <h2 id={headingId}>Export</h2>
          <p className="muted export-lead">Files of this log for other tools and bug reports.</p>
          <ul className="export-list" aria-label="Data">
            {DATA.map((d) => (
              <li key={d.format}>
                <span className="export-buttons">
                  <button
                    type="button"
                    aria-describedby={about(d.format)}
                    disabled={needsLog(d.format)}
                    onClick={() => void saveData(d.format, d.label)}
                  >
                    {d.label}
                  </button>
                  {d.format === 'markdown' && (
                    <button
                      type="button"
                      aria-describedby={about(d.format)}
                      disabled={needsLog(d.format)}
                      onClick={() => void copyMarkdown()}
                    >
                      Copy Markdown
                    </button>
                  )}
                </span>
                <span id={about(d.format)} className="export-about muted">
                  {needsLog(d.format)
                    ? 'Made from the log, which a compact link does not carry'
                    : d.about}
                </span>
              </li>
            ))}
          </ul>
          <ul className="export-list" aria-label="Pictures">
            {CHART_TARGETS.map((t) => (
              <li key={t.key}>
                <span className="export-buttons">
                  {(['svg', 'png'] as const).map((kind) => (
                    <button
                      key={kind}
                      type="button"
                      aria-describedby={about(t.key)}
                      onClick={() => void saveChart(t, kind)}
                    >
                      {t.title} {kind.toUpperCase()}
                    </button>
                  ))}
                </span>
                <span id={about(t.key)} className="export-about muted">
                  {t.key === 'timeline'
                    ? 'The timeline as shown, zoom included: for a bug report or slides'
                    : 'The chart as shown, for a bug report or slides'}
                </span>
              </li>
            ))}
          </ul>
          <p role="status" className={message?.error ? 'error-text' : 'muted'}>
            {message?.text ?? ''}
          </p>
        </section>
      )}
    </div>
  );
}
