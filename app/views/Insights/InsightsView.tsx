import { useApp } from '../../store/create-store';
import { selectBuild } from '../../store/selectors';
import { FindingItem } from './FindingItem';

/**
 * "Why?" (PRODUCT.md 3): the build's findings in the order the core ranks them,
 * most time at stake first, each with the fix and the lines that prove it.
 */
export function InsightsView() {
  const build = useApp(selectBuild);
  if (!build) return null;
  const findings = build.findings;
  return (
    <section className="panel insights" aria-labelledby="insights-heading">
      <h2 id="insights-heading">Findings</h2>
      {findings.length === 0 ? (
        <p className="muted">No findings for this build.</p>
      ) : (
        <ol className="insight-list">
          {findings.map((f, i) => (
            <FindingItem key={`${build.index}:${f.rule}:${i}`} finding={f} build={build} />
          ))}
        </ol>
      )}
    </section>
  );
}
