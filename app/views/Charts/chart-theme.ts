/**
 * Text styles for recharts' axes and labels. recharts copies `fill` into the
 * element's inline style, where var() works (an SVG presentation attribute
 * cannot hold var()), so the theme's colours reach the chart this way.
 */
export const AXIS_TICK = { fill: 'var(--muted)', fontSize: 12 };
export const LABEL_TICK = { fill: 'var(--fg)', fontSize: 12 };
export const VALUE_LABEL_FILL = 'var(--muted)';
