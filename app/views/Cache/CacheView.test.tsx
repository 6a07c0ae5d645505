import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreContext, type AppStore } from '../../store/create-store';
import { realDoc, storeWith } from '../../test-support/real-doc';
import { CacheView } from './CacheView';
import { repoFile } from '../../test-support/repo-file';

const NPM_CHANGED = repoFile('src/analysis/fixtures/d26-05-npm-pkgjson-changed.plain.log');
const PIP_COLD = repoFile('src/analysis/fixtures/pip-cache-cold.gha.log');

afterEach(cleanup);

const show = (store: AppStore) =>
  render(
    <StoreContext.Provider value={store}>
      <CacheView />
    </StoreContext.Provider>,
  );

describe('CacheView', () => {
  it('marks where the layer cache broke in its stage, with the reason and the time it cost', () => {
    const store = storeWith(realDoc(NPM_CHANGED));
    show(store);
    expect(screen.getByRole('heading', { level: 2, name: 'Cache' })).toBeTruthy();
    expect(screen.getByTestId('cache-summary').textContent).toContain(
      '1 cached · 5 executed · 17% cached',
    );
    const table = screen.getByRole('table', { name: /stage-0/ });
    const rows = within(table).getAllByRole('row').slice(1);
    const at = rows.findIndex((r) => r.textContent?.includes('Cache broke here'));
    expect(rows[at].textContent).toContain(
      'Cache broke here: files copied from the build context changed — [stage-0 3/7] COPY package.json ./ copies files',
    );
    expect(rows[at].textContent).toContain('It cost 5.7 s');
    // The break sits between the cached WORKDIR and the COPY it happened at.
    expect(rows[at - 1].textContent).toContain('WORKDIR /app');
    expect(rows[at - 1].textContent).toContain('cached');
    expect(rows[at + 1].textContent).toContain('COPY package.json ./');
    expect(rows[at + 2].textContent).toContain('re-ran after the break');
  });

  it('opens a step and shows its lines from the layer-cache rows', () => {
    const real = realDoc(NPM_CHANGED);
    const store = storeWith(real);
    show(store);
    const table = screen.getByRole('table', { name: /stage-0/ });
    fireEvent.click(within(table).getByRole('button', { name: /COPY package.json/ }));
    expect(store.getState().view.step).toBe(6);
    fireEvent.click(within(table).getByRole('button', { name: /^show lines of step #7/ }));
    expect(store.getState().view.line).toBe(real.doc.builds[0].steps[6].firstLine);
  });

  it('tables the package evidence, the cache mounts and the downloads of pip-cache-cold', () => {
    const real = realDoc(PIP_COLD);
    const store = storeWith(real);
    show(store);
    const pk = screen.getByRole('table', { name: 'Package evidence' });
    const row = within(pk)
      .getByRole('button', { name: /\[stage-0 5\/8\]/ })
      .closest('tr')!;
    const cells = within(row)
      .getAllByRole('cell')
      .map((c) => c.textContent);
    expect(cells.slice(1, 8)).toEqual(['pip', '6', '0', '2', '5.7 MB', '0 B', '117 ms']);
    fireEvent.click(within(row).getByRole('button', { name: /\[stage-0 5\/8\]/ }));
    expect(store.getState().view.step).toBe(8);

    const mounts = screen.getByRole('table', { name: 'Cache mounts' });
    expect(within(mounts).getAllByText('/root/.cache/pip')).toHaveLength(2);
    expect(within(mounts).getAllByText('shared (default)')).toHaveLength(2);

    const byKind = screen.getByRole('table', { name: 'Downloads by kind' });
    expect(
      within(byKind).getByRole('rowheader', { name: 'packages' }).closest('tr')!.textContent,
    ).toBe('packages76.0 MB127 ms');
    const items = screen.getByRole('table', { name: 'Downloaded and pushed items' });
    fireEvent.click(within(items).getByRole('button', { name: /^show lines of pip: 6 packages/ }));
    expect(store.getState().view.line).toBe(32);
  });

  it('shows at most 50 download items and says how many more there are', () => {
    const real = realDoc(PIP_COLD);
    const b = real.doc.builds[0];
    // The real items, repeated past the cap.
    const items = Array.from(
      { length: 250 },
      (_, i) => b.downloads.items[i % b.downloads.items.length],
    );
    real.doc = { ...real.doc, builds: [{ ...b, downloads: { ...b.downloads, items } }] };
    show(storeWith(real));
    const table = screen.getByRole('table', { name: 'Downloaded and pushed items' });
    expect(within(table).getAllByRole('row')).toHaveLength(51);
    expect(screen.getByTestId('downloads-more').textContent).toContain('200 more items');
  });
});
