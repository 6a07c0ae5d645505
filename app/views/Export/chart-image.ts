/**
 * A chart on the page as a file of its own: its recharts <svg>, with the
 * styles it gets from app.css written into it, or that SVG drawn as a PNG.
 *
 * The page themes the charts with CSS custom properties and class rules
 * (app.css), and recharts' presentation attributes are overridden there; a
 * copy of the <svg> alone would lose all of it. So every element's computed
 * style is read (the browser has already resolved `var()` and the light/dark
 * choice) and written into the copy's `style`. Only what the copy would not
 * get by inheritance anyway is written, which keeps a 2,000-bar timeline small.
 */

const SVG_NS = 'http://www.w3.org/2000/svg';

/** The properties a chart's look depends on; all inherited in SVG except `opacity`. */
const INHERITED = [
  'fill',
  'fill-opacity',
  'fill-rule',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'stroke-dashoffset',
  'stroke-linecap',
  'stroke-linejoin',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'text-anchor',
  'dominant-baseline',
  'paint-order',
  'visibility',
] as const;
const COLOR_PROPERTIES = new Set(['fill', 'stroke']);

/** Attributes that only matter on the page (focus, handlers' hooks). */
const PAGE_ONLY = ['tabindex', 'focusable', 'aria-describedby', 'aria-activedescendant'];

export interface ChartSvg {
  /** A standalone SVG document. */
  text: string;
  width: number;
  height: number;
}

/**
 * A colour the way every SVG reader understands it. Chrome gives `color-mix()`
 * (app.css uses it for outlines) back as `color(srgb …)`, which Inkscape and
 * older renderers do not read; painting one pixel turns any colour into sRGB.
 * Computed `rgb()` values pass as they are unless `always` (a custom
 * property's raw text, such as `#fff`, is not computed into one).
 */
function createColorNormalizer(): (value: string, always?: boolean) => string {
  const cache = new Map<string, string>();
  let ctx: CanvasRenderingContext2D | null | undefined;
  return (value, always = false) => {
    if (!always && !/\b(color|lab|lch|oklab|oklch|hwb)\(/.test(value)) return value;
    if (value === 'none' || value.startsWith('url(')) return value;
    const known = cache.get(value);
    if (known) return known;
    if (ctx === undefined) {
      try {
        const canvas = document.createElement('canvas');
        canvas.width = canvas.height = 1;
        ctx = canvas.getContext('2d', { willReadFrequently: true });
      } catch {
        ctx = null; // jsdom, or a browser without 2D canvas: the value as it is.
      }
    }
    if (!ctx) return value;
    ctx.clearRect(0, 0, 1, 1);
    ctx.fillStyle = value;
    ctx.fillRect(0, 0, 1, 1);
    const [r, g, b, a] = ctx.getImageData(0, 0, 1, 1).data;
    const out =
      a === 255 ? `rgb(${r}, ${g}, ${b})` : `rgba(${r}, ${g}, ${b}, ${+(a / 255).toFixed(3)})`;
    cache.set(value, out);
    return out;
  };
}

/** The page's background colour in the theme it shows now (app.css `--bg`). */
export function themeBackground(root: Element = document.documentElement): string {
  const bg = getComputedStyle(root).getPropertyValue('--bg').trim();
  return bg || getComputedStyle(root).backgroundColor || '#ffffff';
}

/**
 * Copies `svg` into a standalone SVG document: styles inlined, hidden parts
 * (a focus ring that is `display: none`) left out, a background rectangle in
 * `background` behind everything, and its size in px as width, height and viewBox.
 */
export function serializeChartSvg(svg: SVGSVGElement, background = themeBackground()): ChartSvg {
  const box = svg.getBoundingClientRect();
  const width = Math.round(box.width || Number(svg.getAttribute('width')) || 0);
  const height = Math.round(box.height || Number(svg.getAttribute('height')) || 0);
  const color = createColorNormalizer();
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const drop: Element[] = [];

  // The copy has the same shape as the original: walk both at once.
  const walk = (from: Element, to: Element, parent: CSSStyleDeclaration | null) => {
    const style = getComputedStyle(from);
    if (style.display === 'none') {
      drop.push(to);
      return;
    }
    const decls: string[] = [];
    for (const name of INHERITED) {
      let value = style.getPropertyValue(name);
      if (!value) continue;
      // A presentation attribute on the element (recharts' `stroke="#ccc"`) would win over
      // the inherited value in the copy, so the element says its value whenever it has one.
      if (parent && parent.getPropertyValue(name) === value && !from.hasAttribute(name)) continue;
      if (COLOR_PROPERTIES.has(name)) value = color(value);
      decls.push(`${name}: ${value}`);
      // recharts also copies `fill="var(--muted)"` into the attribute, which means nothing
      // without the page's stylesheet: the attribute gets the resolved value too.
      if (from.hasAttribute(name)) to.setAttribute(name, value);
    }
    const opacity = style.getPropertyValue('opacity');
    if (opacity && opacity !== '1') decls.push(`opacity: ${opacity}`);
    if (decls.length) to.setAttribute('style', decls.join('; '));
    else to.removeAttribute('style');
    for (const a of PAGE_ONLY) to.removeAttribute(a);
    // A bar is a button on the page; in a file it is a picture (its aria-label stays).
    if (to.getAttribute('role') === 'button') to.removeAttribute('role');
    const kids = from.children;
    const copies = to.children;
    for (let i = 0; i < kids.length; i++) walk(kids[i], copies[i], style);
  };
  walk(svg, copy, null);
  for (const el of drop) el.remove();

  // No `xmlns` here: the serializer writes it for an element in the SVG namespace, and
  // setting it too can write it twice.
  copy.setAttribute('width', String(width));
  copy.setAttribute('height', String(height));
  if (!copy.hasAttribute('viewBox')) copy.setAttribute('viewBox', `0 0 ${width} ${height}`);
  copy.removeAttribute('class');
  const bg = document.createElementNS(SVG_NS, 'rect');
  bg.setAttribute('class', 'export-background');
  bg.setAttribute('x', '0');
  bg.setAttribute('y', '0');
  bg.setAttribute('width', String(width));
  bg.setAttribute('height', String(height));
  bg.setAttribute('style', `fill: ${color(background, true)}; stroke: none`);
  copy.insertBefore(bg, copy.firstChild);

  const text = `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(copy)}\n`;
  return { text, width, height };
}

/**
 * Limits of a canvas: Safari's 16,777,216 px area (4096²) is the smallest of the
 * browsers', and 16,384 px a side is within every one of them.
 */
const MAX_CANVAS_AREA = 16_777_216;
const MAX_CANVAS_SIDE = 16_384;

/** How much the PNG is scaled up: twice (a "retina" image), less when the chart is too big for that. */
export function pngScale(width: number, height: number, wanted = 2): number {
  if (width <= 0 || height <= 0) return wanted;
  return Math.min(
    wanted,
    Math.sqrt(MAX_CANVAS_AREA / (width * height)),
    MAX_CANVAS_SIDE / width,
    MAX_CANVAS_SIDE / height,
  );
}

/** The chart drawn into a canvas at devicePixelRatio 2 (pngScale), as a PNG. */
export async function chartPng(chart: ChartSvg, wantedScale = 2): Promise<Blob> {
  const scale = pngScale(chart.width, chart.height, wantedScale);
  const url = URL.createObjectURL(new Blob([chart.text], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('the browser could not draw the chart as an image'));
      img.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(chart.width * scale));
    canvas.height = Math.max(1, Math.round(chart.height * scale));
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('this browser has no canvas to draw the image in');
    // Drawn at the canvas' size, the SVG is rasterized at that resolution, not scaled up.
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob(
        (blob) => (blob ? resolve(blob) : reject(new Error('the image could not be encoded'))),
        'image/png',
      ),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** The charts of the build view that can be saved as pictures, and how to find each one's <svg>. */
export interface ChartTarget {
  key: 'timeline' | 'time-per-step' | 'time-per-kind';
  /** The chart's heading, as on the page. */
  title: string;
  /** Ends the file name: `<log>-timeline.svg`. */
  suffix: string;
}

export const CHART_TARGETS: ChartTarget[] = [
  { key: 'timeline', title: 'Timeline', suffix: '-timeline' },
  { key: 'time-per-step', title: 'Time per step', suffix: '-time-per-step' },
  { key: 'time-per-kind', title: 'Time per kind of work', suffix: '-time-per-kind' },
];

/**
 * The chart's drawn <svg> in the page, or null while it is not drawn (the build
 * view mounts it a few tasks later, and recharts draws once it has measured).
 * Found by the chart's heading: the chart views are another file's, and the
 * legend's swatches are <svg>s too, so only recharts' surface in the chart's frame counts.
 */
export function findChartSvg(
  target: ChartTarget,
  root: ParentNode = document,
): SVGSVGElement | null {
  for (const heading of root.querySelectorAll('section.panel h2')) {
    if (heading.textContent?.trim() !== target.title) continue;
    const section = heading.closest('section.panel');
    const svg = section?.querySelector<SVGSVGElement>('.chart-frame svg.recharts-surface');
    if (svg) return svg;
  }
  return null;
}

/** Why `findChartSvg` found nothing, in words for the panel's status line. */
export function missingChartReason(target: ChartTarget, root: ParentNode = document): string {
  let seen = false;
  for (const heading of root.querySelectorAll('section.panel h2')) {
    if (heading.textContent?.trim() !== target.title) continue;
    // The build view's placeholder (Deferred) until the view mounts.
    if (heading.closest('section.panel')?.getAttribute('aria-busy') === 'true')
      return 'the chart is still being drawn; try again in a moment';
    seen = true;
  }
  return seen ? 'the chart has nothing drawn for this build' : 'the chart is not on the page';
}
