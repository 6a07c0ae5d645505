import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { fromText } from '../../loading/sources';
import { createAppStore, StoreContext, type AppStore } from '../../store/create-store';
import { createCoreClient, type CoreClient } from '../../test-support/core-client';
import { repoFile } from '../../test-support/repo-file';
import { downloadBlob, downloadText } from './download';
import { ExportMenu } from './ExportMenu';

// The download is what is faked; the export itself runs for real (the core, in this thread).
vi.mock('./download', () => ({ downloadText: vi.fn(), downloadBlob: vi.fn() }));

const PARALLEL = repoFile('public/samples/multistage-parallel.log');
const LABEL = 'sample: multistage-parallel.log';

let client: CoreClient;
let store: AppStore;

beforeEach(async () => {
  vi.mocked(downloadText).mockClear();
  vi.mocked(downloadBlob).mockClear();
  client = createCoreClient();
  store = createAppStore(client);
  await store.getState().load(fromText(PARALLEL, LABEL));
});

afterEach(cleanup);

const renderMenu = (extra?: React.ReactNode) =>
  render(
    <StoreContext.Provider value={store}>
      <ExportMenu />
      {extra}
    </StoreContext.Provider>,
  );

const openPanel = () => {
  const toggle = screen.getByRole('button', { name: 'Export' });
  fireEvent.click(toggle);
  return screen.getByRole('region', { name: 'Export' });
};

describe('ExportMenu', () => {
  it('opens a labelled panel from the "Export" button, focusing its first download', () => {
    renderMenu();
    const toggle = screen.getByRole('button', { name: 'Export' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('region', { name: 'Export' })).toBeNull();
    const panel = openPanel();
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(toggle.getAttribute('aria-controls')).toBe(panel.id);
    const json = within(panel).getByRole('button', { name: 'JSON' });
    expect(document.activeElement).toBe(json);
    // Every download says what it is for.
    expect(json.getAttribute('aria-describedby')).toBeTruthy();
    expect(
      within(panel).getByRole('button', { name: 'Chrome trace' }).getAttribute('aria-describedby'),
    ).toBeTruthy();
    expect(panel.textContent).toContain('Opens in Perfetto or speedscope');
    expect(panel.textContent).toContain('For a GitHub job summary or a PR comment');
    for (const name of [
      'CSV',
      'Markdown',
      'Copy Markdown',
      'Timeline SVG',
      'Timeline PNG',
      'Time per step SVG',
      'Time per kind of work PNG',
    ])
      within(panel).getByRole('button', { name });
  });

  it('closes on Escape and gives the focus back to "Export"', () => {
    renderMenu();
    const panel = openPanel();
    fireEvent.keyDown(within(panel).getByRole('button', { name: 'JSON' }), { key: 'Escape' });
    expect(screen.queryByRole('region', { name: 'Export' })).toBeNull();
    const toggle = screen.getByRole('button', { name: 'Export' });
    expect(document.activeElement).toBe(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
  });

  it('closes on a click outside it, and when the focus leaves it', () => {
    renderMenu(<button type="button">elsewhere</button>);
    openPanel();
    fireEvent.pointerDown(document.body);
    expect(screen.queryByRole('region', { name: 'Export' })).toBeNull();
    const panel = openPanel();
    fireEvent.blur(within(panel).getByRole('button', { name: 'JSON' }), {
      relatedTarget: screen.getByRole('button', { name: 'elsewhere' }),
    });
    expect(screen.queryByRole('region', { name: 'Export' })).toBeNull();
  });

  it.each([
    ['JSON', 'json', 'multistage-parallel.plainsight.json', 'application/json'],
    ['CSV', 'csv', 'multistage-parallel.csv', 'text/csv;charset=utf-8'],
    ['Chrome trace', 'trace', 'multistage-parallel.trace.json', 'application/json'],
    ['Markdown', 'markdown', 'multistage-parallel.md', 'text/markdown;charset=utf-8'],
  ] as const)('"%s" downloads the worker’s export as %s', async (name, format, file, mime) => {
    renderMenu();
    const panel = openPanel();
    fireEvent.click(within(panel).getByRole('button', { name }));
    await waitFor(() => expect(downloadText).toHaveBeenCalledTimes(1));
    const expected = await client.export(format);
    expect(downloadText).toHaveBeenCalledWith(expected.text, mime, file);
    expect(within(panel).getByRole('status').textContent).toBe(`Saved ${file}.`);
  });

  it('"Copy Markdown" puts the Markdown on the clipboard', async () => {
    const writeText = vi.fn(async () => {});
    // jsdom has no clipboard (and no ClipboardItem: copy-text.ts takes writeText).
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    onTestFinished(() => {
      delete (navigator as { clipboard?: unknown }).clipboard;
    });
    renderMenu();
    const panel = openPanel();
    fireEvent.click(within(panel).getByRole('button', { name: 'Copy Markdown' }));
    await waitFor(() =>
      expect(within(panel).getByRole('status').textContent).toBe(
        'Copied the Markdown to the clipboard.',
      ),
    );
    expect(writeText).toHaveBeenCalledWith((await client.export('markdown')).text);
    expect(downloadText).not.toHaveBeenCalled();
  });

  it('saves the drawn timeline as an SVG document named after the log', async () => {
    // A stand-in for the timeline view's drawn chart: its heading, frame and recharts surface.
    const chart = (
      <section className="panel">
        <h2>Timeline</h2>
        <div className="chart-frame">
          <svg className="recharts-surface" width={200} height={40} viewBox="0 0 200 40">
            <rect className="timeline-bar-box" x={10} y={5} width={50} height={10} />
            <rect className="timeline-bar-box" x={70} y={20} width={90} height={10} />
          </svg>
        </div>
      </section>
    );
    renderMenu(chart);
    const panel = openPanel();
    fireEvent.click(within(panel).getByRole('button', { name: 'Timeline SVG' }));
    await waitFor(() => expect(downloadText).toHaveBeenCalledTimes(1));
    const [text, mime, file] = vi.mocked(downloadText).mock.calls[0];
    expect(mime).toBe('image/svg+xml');
    expect(file).toBe('multistage-parallel-timeline.svg');
    const svg = new DOMParser().parseFromString(text, 'image/svg+xml').documentElement;
    expect(svg.localName).toBe('svg');
    expect(svg.querySelectorAll('rect.timeline-bar-box')).toHaveLength(2);
  });

  it('says so when a chart is not drawn, and saves nothing', async () => {
    renderMenu();
    const panel = openPanel();
    await act(async () => {
      fireEvent.click(within(panel).getByRole('button', { name: 'Time per step PNG' }));
    });
    const status = within(panel).getByRole('status');
    await waitFor(() => expect(status.textContent).toContain('Could not export Time per step PNG'));
    expect(status.className).toContain('error-text');
    expect(downloadBlob).not.toHaveBeenCalled();
  });

  it('shows nothing before a log is loaded', () => {
    store = createAppStore(createCoreClient());
    renderMenu();
    expect(screen.queryByRole('button', { name: 'Export' })).toBeNull();
  });
});
