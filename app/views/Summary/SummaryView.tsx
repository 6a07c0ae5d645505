import { useApp } from '../../store/create-store';
import { selectBuild } from '../../store/selectors';
import { bytes, duration, percentOf } from '../../format';

/** The build's totals, each with the words that say where it comes from. */
export function SummaryView() {
  const b = useApp(selectBuild);
  if (!b) return null;
  const p = b.packages;
  const c = b.counts;
  // Plain mode prints no time for a step that failed or was canceled (no DONE line).
  const untimed = b.steps.filter(
    (s) => (s.status === 'error' || s.status === 'canceled') && s.durationMs === null,
  ).length;
  const rows: [string, string, string?][] = [
    ['Wall time', duration(b.wallMs), 'from the first step’s start to the last one’s end'],
    [
      'Summed step time',
      duration(b.summedMs),
      [
        b.parallelism !== null && b.summedMs > 0
          ? `${b.parallelism.toFixed(1)}× parallel on average`
          : '',
        untimed
          ? `not counting ${untimed} failed or canceled step${untimed === 1 ? '' : 's'}, which the log gives no time`
          : '',
      ]
        .filter(Boolean)
        .join('; ') || undefined,
    ],
    [
      'Steps',
      `${c.steps}`,
      [
        `${c.cached} cached`,
        `${c.executed} executed`,
        c.failed ? `${c.failed} failed` : '',
        c.canceled ? `${c.canceled} canceled` : '',
        c.unfinished ? `${c.unfinished} unfinished` : '',
      ]
        .filter(Boolean)
        .join(' · '),
    ],
    [
      'Layer cache',
      percentOf(b.cache.ratio),
      `${b.cache.cached} of ${b.cache.cached + b.cache.executed} Dockerfile steps cached (FROM and internal steps not counted)`,
    ],
    [
      'Packages',
      p.steps ? `${p.downloaded} downloaded · ${p.reused} reused` : 'none seen',
      p.steps
        ? `${bytes(p.bytesDownloaded)} downloaded, ${bytes(p.bytesReused)} from caches${p.builtFromSource ? `, ${p.builtFromSource} built from source` : ''} (${p.tools.join(', ')})`
        : 'no package manager printed per-package lines',
    ],
    ['Timing', b.timing === 'timestamped' ? 'from CI timestamps' : b.timing, b.timingNote],
  ];
  return (
    <section className="panel summary" role="region" aria-label="Build summary">
      <h2>Build summary</h2>
      <dl className="summary-grid">
        {rows.map(([k, v, note]) => (
          <div key={k} className="summary-item">
            <dt>{k}</dt>
            <dd>
              <span
                className="summary-value"
                data-testid={`summary-${k.toLowerCase().replace(/\s+/g, '-')}`}
              >
                {v}
              </span>
              {note && <span className="muted summary-note">{note}</span>}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
