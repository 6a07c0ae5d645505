import { afterEach, describe, expect, it } from 'vitest';
import {
  CHART_TARGETS,
  findChartSvg,
  missingChartReason,
  pngScale,
  serializeChartSvg,
} from './chart-image';

const SVG_NS = 'http://www.w3.org/2000/svg';

afterEach(() => {
  document.body.innerHTML = '';
  document.head.querySelectorAll('style').forEach((s) => s.remove());
});

/** A chart section as the chart views draw it (TimelineView, TimePerStepView). */
function drawChart(title: string, inner: string): SVGSVGElement {
  const section = document.createElement('section');
  section.className = 'panel';
  section.innerHTML = `<h2>${title}</h2>
    <svg class="chart-swatch" width="22" height="14"><rect width="22" height="14"/></svg>
    <div class="chart-frame">
      <svg class="recharts-surface" width="300" height="80" viewBox="0 0 300 80" style="width: 100%; height: 100%">${inner}</svg>
    </div>`;
  document.body.append(section);
  return section.querySelector('svg.recharts-surface')!;
}

const parse = (text: string) =>
  new DOMParser().parseFromString(text, 'image/svg+xml').documentElement;

describe('serializeChartSvg', () => {
  it('makes a standalone SVG document with its size and a background in the given colour', () => {
    const svg = drawChart(
      'Timeline',
      '<defs><pattern id="p-cached" width="6" height="6"><rect width="6" height="6"/></pattern></defs>' +
        '<rect class="bar" x="1" y="1" width="10" height="10" style="fill: url(#p-cached)"/>',
    );
    const out = serializeChartSvg(svg, '#0d1117');
    expect(out.text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg')).toBe(true);
    const root = parse(out.text);
    expect(root.namespaceURI).toBe(SVG_NS);
    expect(root.getAttribute('width')).toBe(String(out.width));
    expect(root.getAttribute('height')).toBe(String(out.height));
    expect(root.getAttribute('viewBox')).toBe('0 0 300 80');
    // The page's `width: 100%` goes: the file has its own size.
    expect(root.getAttribute('style') ?? '').not.toContain('100%');
    const bg = root.firstElementChild!;
    expect(bg.getAttribute('class')).toBe('export-background');
    expect(bg.getAttribute('style')).toContain('fill: #0d1117');
    // The patterns go with the bars that use them.
    expect(root.querySelector('pattern#p-cached')).not.toBeNull();
    expect(root.querySelector('rect.bar')).not.toBeNull();
    // The page is unchanged.
    expect(svg.querySelector('.export-background')).toBeNull();
  });

  it('leaves out what the page does not show, and the page-only attributes', () => {
    const style = document.createElement('style');
    style.textContent = '.ring { display: none }';
    document.head.append(style);
    const svg = drawChart(
      'Timeline',
      '<g class="bar" tabindex="0"><rect class="box" width="5" height="5"/><rect class="ring" width="7" height="7"/></g>',
    );
    const root = parse(serializeChartSvg(svg, '#fff').text);
    expect(root.querySelector('.box')).not.toBeNull();
    expect(root.querySelector('.ring')).toBeNull();
    expect(root.querySelector('.bar')!.hasAttribute('tabindex')).toBe(false);
  });
});

describe('findChartSvg', () => {
  it('finds the chart’s recharts surface by its heading, not a legend swatch', () => {
    drawChart('Time per step', '');
    const svg = drawChart('Timeline', '<rect class="mine"/>');
    const timeline = CHART_TARGETS.find((t) => t.key === 'timeline')!;
    expect(findChartSvg(timeline)).toBe(svg);
    const kind = CHART_TARGETS.find((t) => t.key === 'time-per-kind')!;
    expect(findChartSvg(kind)).toBeNull();
  });
});

describe('missingChartReason', () => {
  it('tells a chart still being mounted from one with nothing to draw', () => {
    const step = CHART_TARGETS.find((t) => t.key === 'time-per-step')!;
    expect(missingChartReason(step)).toBe('the chart is not on the page');
    document.body.innerHTML =
      '<section class="panel deferred" aria-busy="true"><h2>Time per step</h2></section>';
    expect(missingChartReason(step)).toContain('still being drawn');
    document.body.innerHTML =
      '<section class="panel"><h2>Time per step</h2><p>No step took measurable time.</p></section>';
    expect(missingChartReason(step)).toBe('the chart has nothing drawn for this build');
  });
});

describe('pngScale', () => {
  it('is 2 for a usual chart and less where a canvas would be too big', () => {
    expect(pngScale(1200, 800)).toBe(2);
    // 1,400 × 12,000 at 2× is 67 Mpx: scaled to fit 16.7 Mpx.
    const s = pngScale(1400, 12_000);
    expect(s).toBeLessThan(2);
    expect(1400 * s * 12_000 * s).toBeLessThanOrEqual(16_777_216 + 1);
  });
});
