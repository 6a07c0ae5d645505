import { useApp } from '../store/create-store';
import { selectDoc, selectLoading } from '../store/selectors';
import { bytes } from '../format';

/** Progress of a load with its Cancel button, and what went wrong with the last one. */
export function LoadStatus() {
  const loading = useApp(selectLoading);
  const doc = useApp(selectDoc);
  const cancel = useApp((s) => s.cancelLoad);
  if (loading.status === 'loading') {
    const pct = loading.total
      ? Math.min(100, Math.round((loading.bytes / loading.total) * 100))
      : null;
    return (
      <div className="load-status" role="status" aria-live="polite">
        <label htmlFor="load-progress">Reading {loading.label}</label>
        <progress
          id="load-progress"
          max={100}
          value={pct ?? undefined}
          aria-valuetext={pct === null ? `${bytes(loading.bytes)} read` : `${pct}%`}
        />
        <span className="muted">
          {bytes(loading.bytes)}
          {loading.total ? ` of ${bytes(loading.total)}` : ''}
        </span>{' '}
        <button type="button" onClick={cancel}>
          Cancel
        </button>
      </div>
    );
  }
  if (loading.status === 'error')
    return (
      <div className="load-status error-text" role="alert">
        {loading.error}
      </div>
    );
  if (loading.status === 'canceled')
    return (
      <div className="load-status muted" role="status">
        Reading {loading.label} was canceled.
      </div>
    );
  if (doc && !doc.builds.length)
    return (
      <div className="load-status" role="alert">
        <p>
          <strong>No BuildKit build was found in {doc.label}.</strong> plainsight reads the output
          of <code>docker build</code> / <code>docker buildx build</code> (best with{' '}
          <code>--progress=plain</code>), raw or inside a CI log.
        </p>
        {doc.diagnostics.length > 0 && (
          <ul>
            {doc.diagnostics.map((d, i) => (
              <li key={i}>{d.message}</li>
            ))}
          </ul>
        )}
      </div>
    );
  return null;
}
