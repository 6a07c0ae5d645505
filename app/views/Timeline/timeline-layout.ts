/**
 * Where each step goes on the timeline: one row per (group, lane) in the order
 * of ViewBuild.groups (view-doc.ts assigns the groups and lanes), one bar per
 * step with a start time. Pure, so it is tested against real logs.
 */
import type { ViewBuild } from '../../worker/protocol';

export type Range = [number, number];

export interface TimelineRow {
  group: string;
  /** The group's label, on its first lane only: the lanes under it belong to it. */
  label: string | null;
  /** The full group label, for tooltips and the table. */
  groupLabel: string;
  lane: number;
  /** The group's position in display order, for alternating backgrounds. */
  groupIndex: number;
}

export interface TimelineBar {
  step: number;
  row: number;
  startMs: number;
  endMs: number;
}

export interface TimelineLayout {
  rows: TimelineRow[];
  /** By start, then step index: the order the arrow keys walk. */
  bars: TimelineBar[];
  /** Step index to its position in `bars`. */
  barOf: Map<number, number>;
  /** Steps that have no start time, in build order. */
  untimed: number[];
  /** The whole build, from 0 to the last thing that happened (ms). */
  extent: Range;
  /** Group key to its label. */
  groupLabels: Map<string, string>;
}

/** With no time at all (every step 0 ms), the axis still needs a span to draw. */
const EMPTY_SPAN_MS = 1;

export function layoutTimeline(build: ViewBuild): TimelineLayout {
  const rows: TimelineRow[] = [];
  const firstRow = new Map<string, number>();
  const groupLabels = new Map<string, string>();
  const addGroup = (key: string, label: string, lanes: number) => {
    firstRow.set(key, rows.length);
    groupLabels.set(key, label);
    const groupIndex = firstRow.size - 1;
    for (let lane = 0; lane < Math.max(1, lanes); lane++)
      rows.push({
        group: key,
        label: lane === 0 ? label : null,
        groupLabel: label,
        lane,
        groupIndex,
      });
  };
  for (const g of build.groups) addGroup(g.key, g.label, g.lanes);

  let end = build.wallMs ?? 0;
  const bars: TimelineBar[] = [];
  const untimed: number[] = [];
  for (const s of build.steps) {
    if (s.startMs === null) {
      untimed.push(s.index);
      continue;
    }
    // A step outside the listed groups should not happen; give it a row rather than lose it.
    if (!firstRow.has(s.group)) addGroup(s.group, s.group, s.lane + 1);
    end = Math.max(end, s.startMs, s.endMs ?? 0);
    bars.push({
      step: s.index,
      row: firstRow.get(s.group)! + s.lane,
      startMs: s.startMs,
      endMs: s.endMs ?? Number.NaN,
    });
  }
  // A step that started and never ended (unfinished, canceled) was running until the log stopped.
  for (const b of bars) if (Number.isNaN(b.endMs)) b.endMs = Math.max(b.startMs, end);
  bars.sort((a, b) => a.startMs - b.startMs || a.step - b.step);
  const barOf = new Map(bars.map((b, i) => [b.step, i]));
  return { rows, bars, barOf, untimed, extent: [0, Math.max(end, EMPTY_SPAN_MS)], groupLabels };
}
