import { useCallback, useEffect, useRef } from 'react';
import { useApp } from './store/create-store';
import { selectDoc, selectLoading, selectTheme } from './store/selectors';
import { fromFile } from './loading/sources';
import { useGlobalLoaders } from './loading/use-global-loaders';
import { AppHeader } from './components/AppHeader';
import { LoadStatus } from './components/LoadStatus';
import { BuildView } from './views/Build/BuildView';
import { StartPage } from './views/Start/StartPage';

export function App() {
  const doc = useApp(selectDoc);
  const loading = useApp(selectLoading);
  const theme = useApp(selectTheme);
  const load = useApp((s) => s.load);
  const picker = useRef<HTMLInputElement>(null);
  const openPicker = useCallback(() => picker.current?.click(), []);
  const dragging = useGlobalLoaders(openPicker);

  useEffect(() => {
    const root = document.documentElement;
    if (theme === 'system') root.removeAttribute('data-theme');
    else root.setAttribute('data-theme', theme);
  }, [theme]);

  return (
    <>
      <AppHeader onOpen={openPicker} />
      {/* No `accept` filter: logs come as .log, .txt, .json, .jsonl, .gz and often with no
          extension at all, which a filter would hide in the file dialog. */}
      <input
        ref={picker}
        type="file"
        className="visually-hidden"
        tabIndex={-1}
        aria-hidden="true"
        data-testid="file-input"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void load(fromFile(file));
        }}
      />
      <main>
        <LoadStatus />
        {doc && loading.status !== 'loading' ? <BuildView /> : <StartPage onOpen={openPicker} />}
      </main>
      {dragging && (
        <div className="drop-overlay" role="status" aria-live="polite">
          <div>Drop the log file to read it here, in your browser.</div>
        </div>
      )}
    </>
  );
}
