import type { YAxisTickContentProps } from 'recharts';
import { LABEL_TICK } from './chart-theme';

/**
 * A y-axis tick renderer that keeps each label on one line. recharts breaks a
 * tick label into lines to fit the axis width, which stacks long stage or step
 * names onto the next row; here the caller cuts the text and the whole of it
 * goes into a <title> for the mouse.
 */
export function singleLineTick(
  labelOf: (value: unknown, index: number) => [text: string, full: string],
) {
  return function SingleLineTick(t: YAxisTickContentProps) {
    const [text, full] = labelOf(t.payload.value, t.index);
    return (
      <text x={t.x} y={t.y} dy="0.35em" textAnchor="end" style={LABEL_TICK}>
        {full !== text && <title>{full}</title>}
        {text}
      </text>
    );
  };
}
