import { useEffect, useState, type ReactNode } from 'react';

/**
 * Mounts its children a few tasks after the page shows the rest: the build view
 * mounts its views one after the other, each in a task of its own, so opening a
 * big build never blocks the page for the sum of them (the summary and the
 * failure come first). `slot` orders them; the placeholder keeps the heading.
 */
export function Deferred({
  slot,
  label,
  children,
}: {
  slot: number;
  label: string;
  children: ReactNode;
}) {
  const [ready, setReady] = useState(slot <= 0);
  useEffect(() => {
    if (ready) return;
    const t = setTimeout(() => setReady(true), slot * 16);
    return () => clearTimeout(t);
  }, [ready, slot]);
  if (ready) return <>{children}</>;
  return (
    <section className="panel deferred" aria-busy="true">
      <h2>{label}</h2>
      <p className="muted">Drawing…</p>
    </section>
  );
}
