/**
 * Sizes as package managers print them (FORMAT.md §7): pip `(47 kB)`, `3.1 MB`,
 * uv `(15.9MiB)`, cargo `(47.9KiB)` and older `(10.0 KB)`, apt `[1792 kB]`,
 * `6924 B`, maven `(6.1 kB at 10 kB/s)` and older `(3 KB at 10.5 KB/sec)`.
 *
 * SI units are powers of 1000 (`kB`, `MB`: pip's `format_size`, apt's
 * `SizeToStr`, maven ≥ 3.5), IEC units powers of 1024 (`KiB`, `MiB`: uv, cargo).
 * An upper-case `KB` is the old 1024-based spelling (maven < 3.5's `(bytes + 1023) / 1024`,
 * cargo before it switched to `KiB`), so it counts 1024.
 */
const UNIT: Partial<Record<string, number>> = {
  B: 1,
  kB: 1e3,
  KB: 1024,
  MB: 1e6,
  GB: 1e9,
  TB: 1e12,
  KiB: 1024,
  MiB: 1024 ** 2,
  GiB: 1024 ** 3,
  TiB: 1024 ** 4,
};

/** Bytes of a printed size, or null when it is not one (`1***9 kB`, `eta 0:00:00`). */
export function parseSize(text: string): number | null {
  // By hand rather than a regular expression: one call per package line.
  let i = 0;
  let end = text.length;
  while (i < end && text.charCodeAt(i) === 32) i++;
  while (end > i && text.charCodeAt(end - 1) === 32) end--;
  const start = i;
  while (i < end && isDigit(text.charCodeAt(i))) i++;
  if (i === start) return null;
  let numEnd = i;
  const sep = text.charCodeAt(i);
  if (sep === 46 /* . */ || sep === 44 /* , */) {
    const frac = ++i;
    while (i < end && isDigit(text.charCodeAt(i))) i++;
    if (i === frac) return null;
    numEnd = i;
  }
  if (text.charCodeAt(i) === 32) i++;
  const unit = UNIT[text.slice(i, end)];
  if (unit === undefined) return null;
  const digits = text.slice(start, numEnd);
  const n = Number(sep === 44 ? digits.replace(',', '.') : digits);
  return Number.isFinite(n) ? Math.round(n * unit) : null;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Splits `target (size)` at its last ` (`: `x.whl (47 kB)` → `x.whl`, `47 kB`.
 * Returns the whole text and null when the brackets hold no size.
 */
export function splitTrailingSize(text: string): { target: string; size: string | null } {
  if (text.charCodeAt(text.length - 1) === 41 /* ) */) {
    const open = text.lastIndexOf(' (');
    if (open > 0) {
      const size = text.slice(open + 2, -1);
      if (parseSize(size) !== null) return { target: text.slice(0, open), size };
    }
  }
  return { target: text, size: null };
}

/** Last path segment of a URL or path, without query or fragment: what pip and maven name a file by. */
export function baseName(target: string): string {
  let end = target.length;
  const hash = target.indexOf('#');
  if (hash >= 0) end = hash;
  const query = target.indexOf('?');
  if (query >= 0 && query < end) end = query;
  const s = end < target.length ? target.slice(0, end) : target;
  const slash = s.lastIndexOf('/', s.length - 2);
  const name = slash >= 0 ? s.slice(slash + 1) : s;
  return name.endsWith('/') ? name.slice(0, -1) : name;
}
