import type { ReactNode } from 'react';

/** The look of every chart tooltip: themed by app.css, not by recharts' inline white box. */
export function ChartTooltipBox({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="chart-tooltip">
      <div className="chart-tooltip-title">{title}</div>
      {children}
    </div>
  );
}
