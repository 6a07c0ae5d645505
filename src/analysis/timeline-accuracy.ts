import type { Build } from '../model/types';

/** Errors of an estimated timeline against a reference one, as fractions of the reference wall time. */
export function startErrors(estimated: Build, reference: Build, match: 'index' | 'name'): number[] {
  const wall = reference.wallMs;
  if (!wall || wall <= 0) return [];
  const errors: number[] = [];
  const used = new Set<number>();
  estimated.steps.forEach((s, i) => {
    let r;
    if (match === 'index') r = reference.steps[i];
    else {
      const j = reference.steps.findIndex((x, k) => !used.has(k) && x.name === s.name);
      if (j >= 0) used.add(j);
      r = j >= 0 ? reference.steps[j] : undefined;
    }
    if (!r || r.startMs === null || s.startMs === null) return;
    errors.push(Math.abs(s.startMs - r.startMs) / wall);
  });
  return errors;
}

export function quantile(values: number[], q: number): number {
  if (!values.length) return NaN;
  const v = [...values].sort((a, b) => a - b);
  const pos = (v.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return v[lo] + (v[hi] - v[lo]) * (pos - lo);
}
