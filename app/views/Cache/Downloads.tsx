import { bytes, duration, plural } from '../../format';
import type { ViewBuild } from '../../worker/protocol';
import { capItems, downloadTotals, KIND_LABEL } from './cache-rows';
import { LineButton, StepLink } from '../../components/EvidenceLinks';

/** What the build pulled and pushed: totals per kind, then every item with its first line. */
export function Downloads({ build }: { build: ViewBuild }) {
  const totals = downloadTotals(build.downloads);
  const { shown, more } = capItems(build.downloads.items);
  return (
    <section className="cache-part" aria-labelledby="cache-downloads-heading">
      <h3 id="cache-downloads-heading">Downloads and other transfers</h3>
      {totals.length === 0 ? (
        <p className="muted">The log shows nothing pulled, transferred or pushed.</p>
      ) : (
        <>
          <table className="data cache-totals" aria-label="Downloads by kind">
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col" className="num">
                  Count
                </th>
                <th scope="col" className="num">
                  Bytes
                </th>
                <th scope="col" className="num">
                  Time
                </th>
              </tr>
            </thead>
            <tbody>
              {totals.map((t) => (
                <tr key={t.kind}>
                  <th scope="row">{KIND_LABEL[t.kind]}</th>
                  <td className="num">{t.count}</td>
                  <td className="num">{bytes(t.bytes)}</td>
                  <td className="num">{duration(t.durationMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted">
            — means the log printed no size or time for it.
            {totals.some((t) => t.kind === 'package') &&
              ' Package downloads are timed per step (from the lines around them), so only their total has a time.'}
          </p>
          <div className="cache-scroll">
            <table className="data" aria-label="Downloaded and pushed items">
              <thead>
                <tr>
                  <th scope="col">Kind</th>
                  <th scope="col">Step</th>
                  <th scope="col">Name</th>
                  <th scope="col" className="num">
                    Count
                  </th>
                  <th scope="col" className="num">
                    Bytes
                  </th>
                  <th scope="col" className="num">
                    Time
                  </th>
                  <th scope="col">Lines</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((d, i) => {
                  const s = build.steps[d.step];
                  return (
                    <tr key={`${d.line}:${i}`}>
                      <td className="cache-nowrap">{KIND_LABEL[d.kind]}</td>
                      <td>{s ? <StepLink step={s} /> : `step ${d.step}`}</td>
                      <td className="mono cache-name">{d.name}</td>
                      <td className="num">{d.count}</td>
                      <td className="num">{bytes(d.bytes)}</td>
                      <td className="num">{duration(d.durationMs)}</td>
                      <td>
                        <LineButton line={d.line} of={d.name} />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {more > 0 && (
            <p className="muted" data-testid="downloads-more">
              The first {shown.length} items are shown; {plural(more, 'more item')} of this build
              are not listed here.
            </p>
          )}
        </>
      )}
    </section>
  );
}
