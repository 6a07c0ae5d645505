import { useMemo } from 'react';
import { useShowAll } from '../../components/ShowAll';
import { bytes, duration, refLabel } from '../../format';
import type { ViewBuild } from '../../worker/protocol';
import { LineButton, StepLink } from '../../components/EvidenceLinks';

/** Per RUN step, what its package managers printed: downloads against reuse from their caches. */
export function PackageEvidence({ build }: { build: ViewBuild }) {
  const steps = useMemo(() => build.steps.filter((s) => s.packages !== null), [build]);
  const { shown, toggle } = useShowAll(steps, 50);
  const t = build.packages;
  return (
    <section className="cache-part" aria-labelledby="cache-packages-heading">
      <h3 id="cache-packages-heading">Package evidence</h3>
      {steps.length === 0 ? (
        <p className="muted">No package manager printed per-package lines in this build.</p>
      ) : (
        <div className="cache-scroll">
          <table className="data" aria-labelledby="cache-packages-heading">
            <thead>
              <tr>
                <th scope="col">Step</th>
                <th scope="col">Tools</th>
                <th scope="col" className="num">
                  Downloaded
                </th>
                <th scope="col" className="num">
                  Reused
                </th>
                <th scope="col" className="num">
                  Built from source
                </th>
                <th scope="col" className="num">
                  Bytes downloaded
                </th>
                <th scope="col" className="num">
                  Bytes reused
                </th>
                <th scope="col" className="num">
                  Download time
                </th>
                <th scope="col">Lines</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((s) => {
                const p = s.packages!;
                return (
                  <tr key={s.index}>
                    <td>
                      <StepLink step={s} />
                    </td>
                    <td>{p.tools.join(', ')}</td>
                    <td className="num">{p.downloaded}</td>
                    <td className="num">{p.reused}</td>
                    <td className="num">{p.builtFromSource}</td>
                    <td className="num">{bytes(p.bytesDownloaded)}</td>
                    <td className="num">{bytes(p.bytesReused)}</td>
                    <td className="num">{duration(p.downloadMs)}</td>
                    <td>
                      <LineButton line={s.firstLine} of={`step ${refLabel(s.ref)}`} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
            {steps.length > 1 && (
              <tfoot>
                <tr>
                  <th scope="row">All {t.steps} steps</th>
                  <td>{t.tools.join(', ')}</td>
                  <td className="num">{t.downloaded}</td>
                  <td className="num">{t.reused}</td>
                  <td className="num">{t.builtFromSource}</td>
                  <td className="num">{bytes(t.bytesDownloaded)}</td>
                  <td className="num">{bytes(t.bytesReused)}</td>
                  <td className="num">{duration(t.downloadMs)}</td>
                  <td />
                </tr>
              </tfoot>
            )}
          </table>
          {toggle}
        </div>
      )}
    </section>
  );
}
