import { useLayoutEffect, useRef, useSyncExternalStore } from 'react';
import type { ViewBuild } from '../../worker/protocol';
import { stepFacts, stepTitle } from './step-facts';
import type { TipChannel } from './tip-channel';

/** Gap between the pointer (or the focused bar) and the tooltip, px. */
const OFFSET_PX = 14;

interface Props {
  channel: TipChannel;
  build: ViewBuild;
  groupLabels: Map<string, string>;
}

/**
 * The timeline's single tooltip element. It is aria-hidden: each bar's
 * accessible name already says all of this (step-facts.ts).
 */
export function TimelineTooltip({ channel, build, groupLabels }: Props) {
  const tip = useSyncExternalStore(channel.subscribe, channel.get, channel.get);
  const ref = useRef<HTMLDivElement>(null);

  // Placed before paint, next to the pointer, flipped left or up when it would leave the box.
  useLayoutEffect(() => {
    const el = ref.current;
    const box = el?.parentElement?.getBoundingClientRect();
    if (!el || !box || !tip) return;
    let left = tip.clientX - box.left + OFFSET_PX;
    if (left + el.offsetWidth > box.width)
      left = tip.clientX - box.left - el.offsetWidth - OFFSET_PX;
    let top = tip.clientY - box.top + OFFSET_PX;
    if (top + el.offsetHeight > box.height && tip.clientY - box.top > el.offsetHeight + OFFSET_PX)
      top = tip.clientY - box.top - el.offsetHeight - OFFSET_PX;
    el.style.left = `${Math.max(0, left)}px`;
    el.style.top = `${Math.max(0, top)}px`;
  }, [tip]);

  const step = tip ? build.steps[tip.step] : undefined;
  if (!step) return null;
  const facts = stepFacts(step, groupLabels.get(step.group) ?? '', build.timing === 'estimated');
  return (
    <div ref={ref} className="timeline-tooltip" aria-hidden="true">
      <div className="timeline-tooltip-title">{stepTitle(step)}</div>
      <dl>
        {facts.map((f) => (
          <div key={f.label}>
            <dt>{f.label}</dt>
            <dd>{f.value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
