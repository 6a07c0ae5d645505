import { useShowAll } from '../../components/ShowAll';
import { useMemo } from 'react';
import { duration, percentOf, refLabel, STATUS_LABEL } from '../../format';
import type { ViewBuild } from '../../worker/protocol';
import { groupStages, positionLabel, REASON_WORDS, type StageGroup } from './cache-rows';
import { InlineCode } from '../../components/InlineCode';
import { LineButton, StepLink } from '../../components/EvidenceLinks';

const COLUMNS = 5;

function BreakRow({
  brk,
  build,
}: {
  brk: StageGroup['rows'][number] & { kind: 'break' };
  build: ViewBuild;
}) {
  const b = brk.brk;
  const reran = b.rerun.length;
  const at = build.steps[b.step];
  return (
    <tr className="cache-break">
      <td colSpan={COLUMNS}>
        <strong>
          <span aria-hidden="true">▼ </span>Cache broke here: {REASON_WORDS[b.reason]}
        </strong>{' '}
        — <InlineCode text={b.explanation} />{' '}
        <span className="cache-break-cost">
          It cost {duration(b.costMs)}: the time of {at ? refLabel(at.ref) : 'the step'}
          {reran === 1 && ' and of the step after it that re-ran'}
          {reran > 1 && ` and of the ${reran} steps after it that re-ran`}.
        </span>
      </td>
    </tr>
  );
}

function StageTable({ group, build }: { group: StageGroup; build: ViewBuild }) {
  return (
    <table className="data cache-stage">
      <caption>
        Stage <span className="cache-stage-name mono">{group.label}</span>{' '}
        <span className="muted">
          {group.cached} cached · {group.executed} executed
        </span>
      </caption>
      <colgroup>
        <col className="cache-col-pos" />
        <col />
        <col className="cache-col-status" />
        <col className="cache-col-num" />
        <col className="cache-col-lines" />
      </colgroup>
      <thead>
        <tr>
          <th scope="col">Position</th>
          <th scope="col">Step</th>
          <th scope="col">Status</th>
          <th scope="col" className="num">
            Duration
          </th>
          <th scope="col">Lines</th>
        </tr>
      </thead>
      <tbody>
        {group.rows.map((r) => {
          if (r.kind === 'break') return <BreakRow key={`b${r.brk.step}`} brk={r} build={build} />;
          const s = r.step;
          const cls = r.breaking ? 'cache-breaking' : r.rerunBy ? 'cache-rerun' : undefined;
          return (
            <tr key={s.index} className={cls}>
              <td className="mono">{positionLabel(s)}</td>
              <td>
                <StepLink step={s} />
              </td>
              <td>
                <span className={`status status-${s.status}`}>{STATUS_LABEL[s.status]}</span>
                {s.kind === 'base' && <span className="muted"> · FROM, not counted</span>}
                {r.breaking && <span className="cache-note"> · the cache broke here</span>}
                {!r.breaking && r.rerunBy && (
                  <span className="cache-note"> · re-ran after the break</span>
                )}
              </td>
              <td className="num">{duration(s.durationMs)}</td>
              <td>
                <LineButton line={s.firstLine} of={`step ${refLabel(s.ref)}`} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** What was not counted as a hit or a miss, so the ratio's denominator is clear. */
function notCounted(c: ViewBuild['cache']): string {
  const o = c.other;
  const parts = [
    o.base && `${o.base} FROM`,
    o.internal && `${o.internal} internal`,
    o.export && `${o.export} export`,
    o.cacheImport && `${o.cacheImport} cache import`,
    o.cacheExport && `${o.cacheExport} cache export`,
    o.other && `${o.other} other`,
  ].filter(Boolean);
  return parts.length ? `; not counted: ${parts.join(', ')}` : '';
}

/** Each stage's Dockerfile steps in order, with the point where the layer cache broke. */
export function LayerCacheByStage({ build }: { build: ViewBuild }) {
  const groups = useMemo(() => groupStages(build), [build]);
  // The first dozen stages in the Dockerfile's order, the rest on request.
  const { shown, toggle } = useShowAll(groups, 12);
  const c = build.cache;
  return (
    <section className="cache-part" aria-labelledby="cache-layers-heading">
      <h3 id="cache-layers-heading">Layer cache by stage</h3>
      <p data-testid="cache-summary">
        <strong>
          {c.cached} cached · {c.executed} executed · {percentOf(c.ratio)} cached
        </strong>{' '}
        <span className="muted">
          over the Dockerfile steps other than FROM, as buildctl counts them{notCounted(c)}. The
          executed steps took {duration(c.executedMs)}.
        </span>
      </p>
      {groups.length === 0 ? (
        <p className="muted">This build shows no Dockerfile steps with a stage.</p>
      ) : (
        shown.map((g) => <StageTable key={g.key} group={g} build={build} />)
      )}
      {toggle}
    </section>
  );
}
