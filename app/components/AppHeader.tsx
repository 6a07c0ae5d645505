import { useApp } from '../store/create-store';
import { selectBuildIndex, selectDoc, selectTheme } from '../store/selectors';
import type { Theme } from '../store/types';
import { ShareButton } from '../views/Share/SharePanel';

export function AppHeader({ onOpen }: { onOpen: () => void }) {
  const doc = useApp(selectDoc);
  const buildIndex = useApp(selectBuildIndex);
  const theme = useApp(selectTheme);
  const setTheme = useApp((s) => s.setTheme);
  const selectBuild = useApp((s) => s.selectBuild);
  const reset = useApp((s) => s.reset);
  return (
    <header className="app-header">
      <h1>plainsight</h1>
      {doc && (
        <span className="muted" data-testid="loaded-label">
          {doc.label}
        </span>
      )}
      {doc && doc.builds.length > 1 && (
        <label>
          Build{' '}
          <select
            aria-label="Build"
            value={buildIndex}
            onChange={(e) => selectBuild(Number(e.target.value))}
          >
            {doc.builds.map((b) => (
              <option key={b.index} value={b.index}>
                {b.label}
              </option>
            ))}
          </select>
        </label>
      )}
      <span className="spacer" />
      <button type="button" onClick={onOpen} aria-keyshortcuts="Control+O Meta+O">
        Open a log file
      </button>
      {doc && <ShareButton />}
      {doc && (
        <button type="button" onClick={reset}>
          New log
        </button>
      )}
      <label>
        Theme{' '}
        <select
          aria-label="Theme"
          value={theme}
          onChange={(e) => setTheme(e.target.value as Theme)}
        >
          <option value="system">system</option>
          <option value="light">light</option>
          <option value="dark">dark</option>
        </select>
      </label>
    </header>
  );
}
