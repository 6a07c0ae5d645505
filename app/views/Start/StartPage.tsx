import { useState } from 'react';
import { useApp } from '../../store/create-store';
import { fromSample, fromText, SAMPLES } from '../../loading/sources';

export function StartPage({ onOpen }: { onOpen: () => void }) {
  const [text, setText] = useState('');
  const load = useApp((s) => s.load);
  return (
    <div className="start">
      <p className="lead">
        Paste a Docker build log to see where the time went, what was cached and what failed.
        Everything happens in this browser: the log is not uploaded anywhere.
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (text.trim()) void load(fromText(text));
        }}
      >
        <label htmlFor="log-input">Build log</label>
        <textarea
          id="log-input"
          rows={14}
          value={text}
          spellCheck={false}
          placeholder="Paste the output of docker build --progress=plain, or a whole CI job log"
          onChange={(e) => setText(e.target.value)}
          onPaste={(e) => {
            // A paste into the empty box is read at once; typing waits for the button.
            const pasted = e.clipboardData.getData('text/plain');
            if (!text && pasted) {
              e.preventDefault();
              setText(pasted);
              void load(fromText(pasted));
            }
          }}
        />
        <div className="start-actions">
          <button type="submit" className="primary" disabled={!text.trim()}>
            Analyze
          </button>
          <button type="button" onClick={onOpen}>
            Open a log file
          </button>
          <span className="muted">
            or drop a file anywhere on the page (.log, .txt, .json, .jsonl, .gz) · Ctrl/⌘+O
          </span>
        </div>
      </form>
      <section className="panel" aria-labelledby="samples-heading">
        <h2 id="samples-heading">Try a sample</h2>
        <ul className="samples">
          {SAMPLES.map((s) => (
            <li key={s.file}>
              <button
                type="button"
                onClick={() => {
                  const source = fromSample(s.file);
                  if (source) void load(source);
                }}
              >
                {s.title}
              </button>{' '}
              <span className="muted">{s.about}</span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
