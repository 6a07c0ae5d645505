import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decodeShareLink } from '../../../src/index';
import { fromShareLink, fromText } from '../../loading/sources';
import { createAppStore, StoreContext, type AppStore } from '../../store/create-store';
import { createCoreClient } from '../../test-support/core-client';
import { repoFile } from '../../test-support/repo-file';
import { ExportMenu } from '../Export/ExportMenu';
import { ShareButton } from './SharePanel';

// jsdom has <dialog> without its modal methods; the browser's are what e2e/share.spec.ts uses.
beforeAll(() => {
  HTMLDialogElement.prototype.showModal = function (this: HTMLDialogElement) {
    this.setAttribute('open', '');
  };
  HTMLDialogElement.prototype.close = function (this: HTMLDialogElement) {
    this.removeAttribute('open');
    this.dispatchEvent(new Event('close'));
  };
});

afterEach(cleanup);

const PLANTED = repoFile('src/share/fixtures/planted-secrets.log');

async function storeOf(text: string, label: string): Promise<AppStore> {
  const store = createAppStore(createCoreClient());
  await store.getState().load(fromText(text, label));
  return store;
}

async function openPanel(store: AppStore) {
  render(
    <StoreContext.Provider value={store}>
      <ShareButton />
    </StoreContext.Provider>,
  );
  fireEvent.click(screen.getByRole('button', { name: 'Share' }));
  const dialog = screen.getByRole('dialog', { name: 'Share this build' });
  await within(dialog).findByRole('heading', { name: 'Removed before sharing' });
  return dialog;
}

describe('the Share panel', () => {
  it('shows what a link carries and what was removed before any link exists', async () => {
    const store = await storeOf(PLANTED, 'planted-secrets.log');
    const dialog = await openPanel(store);
    const full = within(dialog).getByRole('radio', { name: 'Full' });
    expect((full as HTMLInputElement).checked).toBe(true);
    expect(full.closest('.share-choice')!.textContent).toMatch(
      /the whole log \(113 lines, 5\.\d kB\)/,
    );
    const removed = within(dialog).getByRole('heading', {
      name: 'Removed before sharing',
    }).parentElement!;
    expect(removed.textContent).toMatch(/2 × GitHub token/);
    expect(removed.textContent).toMatch(/private key \(lines 47, 57\)/);
    expect(within(dialog).queryByRole('textbox', { name: 'Share link' })).toBeNull();
  });

  it('makes a link in the "Share link" field that opens the same build and view, without the secrets', async () => {
    const store = await storeOf(PLANTED, 'planted-secrets.log');
    store.getState().selectStep(5);
    store.getState().setZoom([100, 900]);
    const dialog = await openPanel(store);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create link' }));
    const field = within(dialog).getByRole('textbox', { name: 'Share link' }) as HTMLInputElement;
    const hash = field.value.slice(field.value.indexOf('#'));
    expect(hash).toMatch(/^#share=1\.[\w-]+&step=5&zoom=100-900$/);
    const decoded = decodeShareLink(hash);
    if (!decoded.ok || decoded.payload.kind !== 'full') throw new Error('not a full link');
    expect(decoded.payload.log).not.toContain('ghs_EXAMPLE');

    const other = createAppStore(createCoreClient());
    await other.getState().load(fromShareLink(hash));
    const s = other.getState();
    expect(s.origin).toBe('full-link');
    expect(s.view).toMatchObject({ step: 5, zoom: [100, 900] });
    expect(s.doc!.builds[0].steps.map((x) => x.status)).toEqual(
      store.getState().doc!.builds[0].steps.map((x) => x.status),
    );
  });

  it('proposes the compact link when the full one is longer than chat tools take', async () => {
    // Three real plain logs one after the other (180 kB): the full link is over 28,000 characters.
    const big = [
      'e2e/fixtures/two-builds.log',
      'src/analysis/fixtures/plain-python-pip-multistage-parallel-lambda.log',
      'src/analysis/packages/fixtures/plain-easypanel-compose-bake-4-services-uv-pnpm-nextjs.log',
    ]
      .map(repoFile)
      .join('\n');
    const store = await storeOf(big, 'big.log');
    const dialog = await openPanel(store);
    const compact = within(dialog).getByRole('radio', { name: /^Compact/ }) as HTMLInputElement;
    expect(compact.checked).toBe(true);
    expect(dialog.textContent).toMatch(/longer than some chat tools take/);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create link' }));
    const field = within(dialog).getByRole('textbox', { name: 'Share link' }) as HTMLInputElement;
    const other = createAppStore(createCoreClient());
    await other.getState().load(fromShareLink(field.value.slice(field.value.indexOf('#'))));
    expect(other.getState().origin).toBe('compact-link');
    expect(other.getState().doc!.builds.length).toBe(store.getState().doc!.builds.length);

    // What it opens to can be exported as CSV and a trace, not as the log's JSON.
    cleanup();
    render(
      <StoreContext.Provider value={other}>
        <ExportMenu />
      </StoreContext.Provider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Export' }));
    expect((screen.getByRole('button', { name: 'JSON' }) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByRole('button', { name: 'CSV' }) as HTMLButtonElement).disabled).toBe(false);
    const csv = await other.getState().client.export('csv');
    expect(csv.text.trim().split('\n')).toHaveLength(
      1 + other.getState().doc!.builds.reduce((n, b) => n + b.steps.length, 0),
    );
    await expect(other.getState().client.export('json')).rejects.toThrow(/compact link/);
  });

  it('with "Timeline only" offers no full link, and says why', async () => {
    const store = await storeOf(PLANTED, 'planted-secrets.log');
    const dialog = await openPanel(store);
    fireEvent.click(within(dialog).getByRole('checkbox', { name: /Timeline only/ }));
    await waitFor(() =>
      expect(
        (within(dialog).getByRole('radio', { name: /^Full/ }) as HTMLInputElement).disabled,
      ).toBe(true),
    );
    expect(dialog.textContent).toMatch(/Not available with “Timeline only”/);
    expect(
      (within(dialog).getByRole('radio', { name: /^Compact/ }) as HTMLInputElement).checked,
    ).toBe(true);
  });
});
