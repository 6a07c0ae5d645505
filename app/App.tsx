import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import { readLog, type LogModel } from '../src/index';

// A placeholder UI: paste or load a log, see its steps. The real views come later.

type Analysis = { ok: true; model: LogModel } | { ok: false; error: string };

/** Sample names from `#sample=<name>`: a plain file name in public/samples/, nothing else. */
const SAMPLE_NAME = /^[\w.-]+$/;

const SAMPLES = ['multistage-parallel.log', 'pip-cache-cold.log'];

function sampleFromHash(hash: string): string | null {
  const name = new URLSearchParams(hash.replace(/^#/, '')).get('sample');
  return name && SAMPLE_NAME.test(name) ? name : null;
}

function analyze(text: string): Analysis {
  try {
    return { ok: true, model: readLog(text) };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function formatRef(ref: number | string): string {
  return typeof ref === 'number' ? `#${ref}` : ref.slice(0, 19);
}

export function App() {
  const [text, setText] = useState('');
  const [analysis, setAnalysis] = useState<Analysis | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const pasted = useRef(false);

  // `#sample=<name>` loads public/samples/<name>, now and whenever the hash changes.
  useEffect(() => {
    let controller: AbortController | null = null;
    const load = () => {
      const name = sampleFromHash(window.location.hash);
      if (!name) return;
      controller?.abort();
      controller = new AbortController();
      fetch(`${import.meta.env.BASE_URL}samples/${name}`, { signal: controller.signal })
        .then((res) => {
          if (!res.ok) throw new Error(`Sample ${name} could not be loaded (HTTP ${res.status}).`);
          return res.text();
        })
        .then((body) => {
          setLoadError(null);
          setText(body);
          setAnalysis(analyze(body));
        })
        .catch((err: unknown) => {
          if (err instanceof DOMException && err.name === 'AbortError') return;
          setLoadError(err instanceof Error ? err.message : String(err));
        });
    };
    load();
    window.addEventListener('hashchange', load);
    return () => {
      window.removeEventListener('hashchange', load);
      controller?.abort();
    };
  }, []);

  // A paste analyzes at once; the change event after it carries the full new text.
  const onChange = (event: ChangeEvent<HTMLTextAreaElement>) => {
    setText(event.target.value);
    if (pasted.current) {
      pasted.current = false;
      setAnalysis(analyze(event.target.value));
    }
  };

  return (
    <main>
      <h1>plainsight</h1>
      <p>Your build log is read right here in your browser and never leaves it.</p>

      <form
        onSubmit={(event) => {
          event.preventDefault();
          setAnalysis(analyze(text));
        }}
      >
        <label htmlFor="build-log">Build log</label>
        <textarea
          id="build-log"
          value={text}
          onChange={onChange}
          onPaste={() => {
            pasted.current = true;
          }}
          rows={16}
          spellCheck={false}
          placeholder="Paste the output of docker build --progress=plain here"
        />
        <div className="actions">
          <button type="submit">Analyze</button>
          <span>
            or try a sample:{' '}
            {SAMPLES.map((name, i) => (
              <span key={name}>
                {i > 0 && ', '}
                <a href={`#sample=${name}`}>{name.replace(/\.log$/, '')}</a>
              </span>
            ))}
          </span>
        </div>
      </form>

      {loadError && <p role="alert">{loadError}</p>}
      {analysis && !analysis.ok && <p role="alert">Could not read this log: {analysis.error}</p>}
      {analysis?.ok && <Summary model={analysis.model} />}
    </main>
  );
}

function Summary({ model }: { model: LogModel }) {
  const stepCount = model.builds.reduce((sum, build) => sum + build.steps.length, 0);
  const several = model.builds.length > 1;
  return (
    <section role="region" aria-label="Build summary">
      <p aria-live="polite">
        {plural(model.builds.length, 'build')} · <span data-testid="step-count">{stepCount}</span>{' '}
        {stepCount === 1 ? 'step' : 'steps'}
      </p>

      {model.diagnostics.length > 0 && (
        <>
          <h2>Diagnostics</h2>
          <ul>
            {model.diagnostics.map((d, i) => (
              <li key={i} className={`diagnostic ${d.level}`}>
                {d.level}: {d.message}
                {d.line > 0 && ` (line ${d.line})`}
              </li>
            ))}
          </ul>
        </>
      )}

      {stepCount > 0 && (
        <table>
          <caption>Steps</caption>
          <thead>
            <tr>
              {several && <th scope="col">Build</th>}
              <th scope="col">Ref</th>
              <th scope="col">Name</th>
              <th scope="col">Status</th>
              <th scope="col">Duration</th>
            </tr>
          </thead>
          <tbody>
            {model.builds.flatMap((build) =>
              build.steps.map((step) => (
                <tr key={`${build.index}-${step.index}`}>
                  {several && <td>{build.index + 1}</td>}
                  <td>{formatRef(step.ref)}</td>
                  <td>{step.name}</td>
                  <td>{step.status}</td>
                  <td className="number">{formatDuration(step.durationMs)}</td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      )}
    </section>
  );
}
