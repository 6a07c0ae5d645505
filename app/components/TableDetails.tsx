import { useState, type ReactNode } from 'react';

/**
 * A chart's table, behind a disclosure. Its rows are made only while it is
 * open: a build of thousands of steps would otherwise render them with every
 * view, for a table nobody opened.
 */
export function TableDetails({
  summary,
  children,
}: {
  summary: string;
  children: () => ReactNode;
}) {
  const [open, setOpen] = useState(false);
  return (
    <details className="chart-table" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{summary}</summary>
      {open && children()}
    </details>
  );
}
