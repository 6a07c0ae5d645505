import {
  memo,
  useEffect,
  useEffectEvent,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type PointerEvent,
} from 'react';
import { usePlotArea, useXAxisScale, useYAxisScale } from 'recharts';
import type { ViewBuild } from '../../worker/protocol';
import { patternFill, svgId } from '../Charts/status-style';
import { moveBar, type BarMove } from './bar-navigation';
import type { Range, TimelineBar, TimelineLayout } from './timeline-layout';
import type { TipChannel } from './tip-channel';
import { PAN_FRACTION, ZOOM_STEP, panRange, revealRange, zoomRange } from './zoom';

/** A 0 ms step still gets a bar wide enough to see, hover and click. */
const MIN_BAR_PX = 3;
/** How far past a window edge a cut bar is drawn before the clip, px: more than its outline. */
const CUT_PX = 4;
/** A bar fills this much of its row; the gap keeps neighbouring lanes apart. */
const BAR_FILL = 0.7;
/** Movement before a press becomes a drag rather than a click, px (about a finger's wobble). */
const DRAG_THRESHOLD_PX = 4;
/** Wheel zoom speed: 100 px of wheel (one notch in Chrome) scales the window by e^0.2 ≈ 1.22. */
const WHEEL_ZOOM_PER_PX = 0.002;
/** WheelEvent.deltaMode 1 counts lines; this many px per line (Firefox's usual line height). */
const LINE_PX = 16;

interface Props {
  build: ViewBuild;
  layout: TimelineLayout;
  /** The bars in the window (zoom.ts barsInRange), so only those are drawn. */
  visible: TimelineBar[];
  view: Range;
  /** Each bar's accessible name, by step index. */
  labels: string[];
  selected: number | null;
  /** The pattern defs' prefix (StatusPatternDefs). */
  prefix: string;
  channel: TipChannel;
  /** Id of the text that explains the keys, for the tab stop's description. */
  hintId: string;
  onSelect(step: number): void;
  onView(range: Range): void;
}

const stepOf = (target: EventTarget | null): number | null => {
  const el = (target as Element | null)?.closest?.('[data-step]');
  return el ? Number(el.getAttribute('data-step')) : null;
};

/**
 * The timeline's bars, drawn inside the recharts chart with its axis scales
 * (useXAxisScale/useYAxisScale, recharts ≥ 3.8) so they line up with the axes.
 * Events are delegated to one <g>, so 2,000 bars cost no handlers; the
 * tooltip goes through `channel`, so hovering re-renders nothing here.
 * One bar is the tab stop (roving tabindex); the arrow keys move it.
 */
export const TimelineBars = memo(function TimelineBars(p: Props) {
  const xScale = useXAxisScale();
  const yScale = useYAxisScale();
  const plot = usePlotArea();
  const layerRef = useRef<SVGGElement>(null);
  const [active, setActive] = useState<number | null>(null);
  const focusPending = useRef(false);
  const drag = useRef<{ pointer: number; clientX: number; view: Range; moved: boolean } | null>(
    null,
  );
  const suppressClick = useRef(false);
  // Drag and wheel ask for at most one new window per frame; pointer and wheel
  // events can come faster than the chart can draw 2,000 bars.
  const pendingView = useRef<Range | null>(null);
  const frame = useRef(0);
  const full = p.layout.extent;
  const scheduleView = (range: Range) => {
    pendingView.current = range;
    if (frame.current) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      const next = pendingView.current;
      pendingView.current = null;
      if (next) p.onView(next);
    });
  };
  useEffect(() => () => cancelAnimationFrame(frame.current), []);

  const visibleSteps = useMemo(() => new Set(p.visible.map((b) => b.step)), [p.visible]);
  // The bar last moved to, else the selected step (picked in another view), else the first in sight.
  const preferred = active ?? p.selected;
  const tabStop =
    preferred !== null && visibleSteps.has(preferred) ? preferred : (p.visible[0]?.step ?? null);

  // The groups' row spans, for the alternating bands behind the bars.
  const bands = useMemo(() => {
    const out: { from: number; to: number; odd: boolean }[] = [];
    p.layout.rows.forEach((r, i) => {
      const last = out[out.length - 1];
      if (last && p.layout.rows[last.from].group === r.group) last.to = i + 1;
      else out.push({ from: i, to: i + 1, odd: r.groupIndex % 2 === 1 });
    });
    return out;
  }, [p.layout.rows]);

  // After a keyboard move the focus follows to the bar, which a pan may have
  // just drawn; only when the focus was in the chart (or lost with a bar that left the window).
  useEffect(() => {
    if (!focusPending.current) return;
    focusPending.current = false;
    const layer = layerRef.current;
    const current = document.activeElement;
    if (!layer || (current && current !== document.body && !layer.contains(current))) return;
    const target =
      tabStop === null ? layer : layer.querySelector<SVGGElement>(`[data-step="${tabStop}"]`);
    target?.focus();
  }, [tabStop, p.visible]);

  const onWheel = useEffectEvent((e: WheelEvent) => {
    const zoom = e.ctrlKey || e.metaKey;
    const sideways = Math.abs(e.deltaX) > Math.abs(e.deltaY);
    // A plain vertical wheel scrolls the page, as everywhere else; Ctrl/⌘ (and pinch) zooms.
    if (!zoom && !sideways && !e.shiftKey) return;
    const box = layerRef.current?.querySelector('.timeline-background')?.getBoundingClientRect();
    if (!box || box.width <= 0) return;
    e.preventDefault();
    // Several wheel events can arrive within one frame: each builds on the last one's window.
    const view = pendingView.current ?? p.view;
    const [a, b] = view;
    const msPerPx = (b - a) / box.width;
    const unit = e.deltaMode === 1 ? LINE_PX : 1;
    if (zoom) {
      const anchor = a + (e.clientX - box.left) * msPerPx;
      scheduleView(zoomRange(view, full, Math.exp(e.deltaY * unit * WHEEL_ZOOM_PER_PX), anchor));
    } else {
      const delta = (sideways ? e.deltaX : e.deltaY) * unit;
      scheduleView(panRange(view, full, delta * msPerPx));
    }
  });
  useEffect(() => {
    const layer = layerRef.current;
    if (!layer) return;
    // React's own onWheel is passive, so it could not keep Ctrl+wheel from zooming the page.
    const listener = (e: WheelEvent) => onWheel(e);
    layer.addEventListener('wheel', listener, { passive: false });
    return () => layer.removeEventListener('wheel', listener);
  }, []);

  if (!xScale || !yScale || !plot) return <g ref={layerRef} />;

  // The scales map the window's ends to the plot's edges; bars that run past
  // an edge are cut there, so the mapping is extended linearly beyond it.
  const [a, b] = p.view;
  const left = xScale(a) ?? plot.x;
  const right = xScale(b) ?? plot.x + plot.width;
  const px = (ms: number) => left + ((ms - a) / (b - a || 1)) * (right - left);
  const top = yScale(0) ?? plot.y;
  const rowPx =
    ((yScale(p.layout.rows.length) ?? plot.y + plot.height) - top) / (p.layout.rows.length || 1);
  const barPx = Math.max(3, rowPx * BAR_FILL);

  const moveTo = (bar: TimelineBar | undefined) => {
    if (!bar) return;
    setActive(bar.step);
    focusPending.current = true;
    const next = revealRange(p.view, full, bar.startMs, bar.endMs);
    if (next !== p.view) p.onView(next);
  };
  const onKeyDown = (e: KeyboardEvent<SVGGElement>) => {
    const bars = p.layout.bars;
    const from = tabStop === null ? -1 : (p.layout.barOf.get(tabStop) ?? -1);
    const here = from >= 0 ? bars[from] : undefined;
    const span = b - a;
    const go = (move: BarMove) => moveTo(bars[moveBar(bars, from < 0 ? 0 : from, move)]);
    const pan = (dir: number) => {
      const next = panRange(p.view, full, dir * PAN_FRACTION * span);
      p.onView(next);
      // The focused bar may leave the window: the focus moves to one that stays.
      if (here && (here.endMs < next[0] || here.startMs > next[1])) {
        const inside = bars.find((x) => x.endMs >= next[0] && x.startMs <= next[1]);
        if (inside) setActive(inside.step);
      }
      focusPending.current = true;
    };
    const zoomBy = (factor: number) => {
      focusPending.current = true;
      p.onView(zoomRange(p.view, full, factor, here ? (here.startMs + here.endMs) / 2 : undefined));
    };
    const keys: Record<string, () => void> = {
      ArrowRight: () => (e.shiftKey ? pan(1) : go('next')),
      ArrowLeft: () => (e.shiftKey ? pan(-1) : go('previous')),
      ArrowDown: () => go('down'),
      ArrowUp: () => go('up'),
      Home: () => go('first'),
      End: () => go('last'),
      '+': () => zoomBy(1 / ZOOM_STEP),
      '=': () => zoomBy(1 / ZOOM_STEP),
      '-': () => zoomBy(ZOOM_STEP),
      _: () => zoomBy(ZOOM_STEP),
      '0': () => {
        focusPending.current = true;
        p.onView(full);
      },
      Enter: () => here && p.onSelect(here.step),
      ' ': () => here && p.onSelect(here.step),
    };
    const run = keys[e.key];
    if (run && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      run();
    }
  };

  const showTipAt = (el: Element, step: number) => {
    const r = el.getBoundingClientRect();
    p.channel.set({ step, clientX: r.left + Math.min(r.width, 40), clientY: r.bottom - 4 });
  };
  const onPointerDown = (e: PointerEvent<SVGGElement>) => {
    if (e.button === 0)
      drag.current = { pointer: e.pointerId, clientX: e.clientX, view: p.view, moved: false };
  };
  const onPointerMove = (e: PointerEvent<SVGGElement>) => {
    const d = drag.current;
    if (d && d.pointer === e.pointerId) {
      const dx = e.clientX - d.clientX;
      if (d.moved || Math.abs(dx) >= DRAG_THRESHOLD_PX) {
        if (!d.moved) {
          d.moved = true;
          layerRef.current?.setPointerCapture(e.pointerId);
          p.channel.set(null);
        }
        const msPerPx = (d.view[1] - d.view[0]) / (right - left || 1);
        scheduleView(panRange(d.view, full, -dx * msPerPx));
        return;
      }
    }
    const step = stepOf(e.target);
    p.channel.set(step === null ? null : { step, clientX: e.clientX, clientY: e.clientY });
  };
  const endDrag = (e: PointerEvent<SVGGElement>) => {
    if (drag.current?.moved) {
      suppressClick.current = true;
      layerRef.current?.releasePointerCapture(e.pointerId);
    }
    drag.current = null;
  };

  const estimated = p.build.timing === 'estimated';
  const clipId = svgId(p.prefix, 'timeline-clip');
  return (
    <g
      ref={layerRef}
      className={`timeline-layer${estimated ? ' timeline-estimated' : ''}`}
      role="group"
      aria-label="Steps on the timeline"
      tabIndex={tabStop === null ? 0 : -1}
      onKeyDown={onKeyDown}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={endDrag}
      onPointerCancel={endDrag}
      onPointerLeave={() => drag.current === null && p.channel.set(null)}
      onClick={(e) => {
        if (suppressClick.current) {
          suppressClick.current = false;
          return;
        }
        const step = stepOf(e.target);
        if (step === null) return;
        setActive(step);
        p.onSelect(step);
      }}
      onFocus={(e) => {
        const step = stepOf(e.target);
        if (step === null) return;
        setActive(step);
        showTipAt(e.target, step);
      }}
      onBlur={() => p.channel.set(null)}
    >
      <rect
        className="timeline-background"
        x={plot.x}
        y={plot.y}
        width={plot.width}
        height={plot.height}
      />
      {bands.map((band) =>
        band.odd ? (
          <rect
            key={band.from}
            className="timeline-band"
            x={plot.x}
            y={top + band.from * rowPx}
            width={plot.width}
            height={(band.to - band.from) * rowPx}
          />
        ) : null,
      )}
      {bands.slice(1).map((band) => (
        <line
          key={band.from}
          className="timeline-group-line"
          x1={plot.x}
          x2={plot.x + plot.width}
          y1={top + band.from * rowPx}
          y2={top + band.from * rowPx}
        />
      ))}
      <defs>
        <clipPath id={clipId}>
          <rect x={plot.x} y={plot.y} width={plot.width} height={plot.height} />
        </clipPath>
      </defs>
      <g clipPath={`url(#${clipId})`}>
        {p.visible.map((bar) => {
          const s = p.build.steps[bar.step];
          // A bar that runs past an edge of the window is drawn a little past it and
          // clipped there, so its cut end shows no outline, unlike a real end.
          const x = Math.min(Math.max(left - CUT_PX, px(bar.startMs)), right - MIN_BAR_PX);
          const w = Math.max(MIN_BAR_PX, Math.min(right + CUT_PX, px(bar.endMs)) - x);
          const y = top + bar.row * rowPx + (rowPx - barPx) / 2;
          const isSelected = bar.step === p.selected;
          const isTabStop = bar.step === tabStop;
          return (
            <g
              key={bar.step}
              data-step={bar.step}
              role="button"
              tabIndex={isTabStop ? 0 : -1}
              aria-label={p.labels[bar.step]}
              aria-current={isSelected ? 'true' : undefined}
              aria-describedby={isTabStop ? p.hintId : undefined}
              className={`timeline-bar${s.onCriticalPath ? ' timeline-bar-critical' : ''}${isSelected ? ' timeline-bar-selected' : ''}`}
            >
              {isTabStop && (
                // Shown by CSS only while the bar has keyboard focus: dashed, and wider than the selection ring.
                <rect
                  className="timeline-focus-ring"
                  x={x - 6}
                  y={y - 6}
                  width={w + 12}
                  height={barPx + 12}
                  rx={4}
                />
              )}
              {isSelected && (
                <rect
                  className="timeline-selection"
                  x={x - 3}
                  y={y - 3}
                  width={w + 6}
                  height={barPx + 6}
                  rx={3}
                />
              )}
              <rect
                className="timeline-bar-box"
                x={x}
                y={y}
                width={w}
                height={barPx}
                rx={2}
                style={{ fill: patternFill(p.prefix, s.status) }}
              />
            </g>
          );
        })}
      </g>
    </g>
  );
});
