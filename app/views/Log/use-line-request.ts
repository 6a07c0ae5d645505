import { useEffect, useRef, useState } from 'react';
import { useAppStore } from '../../store/create-store';

/**
 * The line the rest of the app asked the log view to show (view.line), with a
 * count that moves on every ask. The count is what the view scrolls on: a
 * store subscription sees each change, so asking for the line already shown
 * (through null, see `askAgain`) still brings it back into view.
 */
export function useLineRequest(onAsk: (line: number) => void): {
  line: number | null;
  seq: number;
} {
  const store = useAppStore();
  const [req, setReq] = useState(() => ({ line: store.getState().view.line, seq: 0 }));
  const ask = useRef(onAsk);
  useEffect(() => {
    ask.current = onAsk;
  });
  useEffect(
    () =>
      store.subscribe((s, prev) => {
        const line = s.view.line;
        if (line === prev.view.line) return;
        if (line !== null) ask.current(line);
        setReq((r) => ({ line, seq: r.seq + 1 }));
      }),
    [store],
  );
  return req;
}
