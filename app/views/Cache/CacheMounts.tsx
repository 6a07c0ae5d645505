import { refLabel } from '../../format';
import type { ViewBuild } from '../../worker/protocol';
import { LineButton, StepLink } from '../../components/EvidenceLinks';

/** The RUN steps' `--mount=type=cache` mounts, as written, with BuildKit's defaults spelled out. */
export function CacheMounts({ build }: { build: ViewBuild }) {
  const mounts = build.mounts;
  return (
    <section className="cache-part" aria-labelledby="cache-mounts-heading">
      <h3 id="cache-mounts-heading">Cache mounts</h3>
      {mounts.length === 0 ? (
        <p className="muted">No RUN step of this build uses a cache mount (--mount=type=cache).</p>
      ) : (
        <div className="cache-scroll">
          <table className="data" aria-labelledby="cache-mounts-heading">
            <thead>
              <tr>
                <th scope="col">Step</th>
                <th scope="col">Target</th>
                <th scope="col">id</th>
                <th scope="col">Sharing</th>
                <th scope="col">Tool</th>
                <th scope="col">Lines</th>
              </tr>
            </thead>
            <tbody>
              {mounts.map((m, i) => {
                const s = build.steps[m.step];
                return (
                  <tr key={`${m.step}:${i}`}>
                    <td>{s ? <StepLink step={s} /> : `step ${m.step}`}</td>
                    <td className="mono" title={m.text}>
                      {m.target}
                    </td>
                    {/* BuildKit's defaults (dockerfile reference, RUN --mount=type=cache):
                        id = the target path, sharing = shared. */}
                    <td>
                      {m.id !== null ? (
                        <span className="mono">{m.id}</span>
                      ) : (
                        <span className="muted">the target (default)</span>
                      )}
                    </td>
                    <td>{m.sharing ?? <span className="muted">shared (default)</span>}</td>
                    <td>{m.tool ?? <span className="muted">—</span>}</td>
                    <td>
                      <LineButton
                        line={s?.firstLine ?? null}
                        of={s ? `step ${refLabel(s.ref)}` : undefined}
                      />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
