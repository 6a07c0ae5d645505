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
const K = 1024;

/** The multiplier of the unit `text[i, end)`, read by hand; undefined when it is not a unit. */
function unitAt(text: string, i: number, end: number): number | undefined {
  const n = end - i;
  const c = text.charCodeAt(i);
  if (n === 1) return c === 66 /* B */ ? 1 : undefined;
  if (text.charCodeAt(end - 1) !== 66 /* B */) return undefined;
  if (n === 2) {
    if (c === 107 /* k */) return 1e3;
    if (c === 75 /* K */) return K;
    if (c === 77 /* M */) return 1e6;
    if (c === 71 /* G */) return 1e9;
    if (c === 84 /* T */) return 1e12;
    return undefined;
  }
  if (n !== 3 || text.charCodeAt(i + 1) !== 105 /* i */) return undefined;
  if (c === 75 /* K */) return K;
  if (c === 77 /* M */) return K ** 2;
  if (c === 71 /* G */) return K ** 3;
  if (c === 84 /* T */) return K ** 4;
  return undefined;
}

/**
 * Bytes of a printed size, or null when it is not one (`1***9 kB`, `eta 0:00:00`):
 * `B`, `kB` `MB` `GB` `TB` (powers of 1000), `KB` and `KiB` `MiB` `GiB` `TiB`
 * (powers of 1024), in `text[from, to)`. By hand, without copies: one call per package line. The
 * digits are read as an integer and divided once, so `4.6 kB` is exactly 4600.
 */
export function parseSize(text: string, from = 0, to = text.length): number | null {
  let i = from;
  let end = to;
  while (i < end && text.charCodeAt(i) === 32) i++;
  while (end > i && text.charCodeAt(end - 1) === 32) end--;
  const start = i;
  let digits = 0;
  while (i < end && isDigit(text.charCodeAt(i))) digits = digits * 10 + text.charCodeAt(i++) - 48;
  if (i === start) return null;
  let scale = 1;
  const sep = text.charCodeAt(i);
  if (sep === 46 /* . */ || sep === 44 /* , */) {
    const frac = ++i;
    while (i < end && isDigit(text.charCodeAt(i))) {
      digits = digits * 10 + text.charCodeAt(i++) - 48;
      scale *= 10;
    }
    if (i === frac) return null;
  }
  if (text.charCodeAt(i) === 32) i++;
  const unit = i < end ? unitAt(text, i, end) : undefined;
  if (unit === undefined || !Number.isFinite(digits)) return null;
  return Math.round((digits * unit) / scale);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Splits `target (size)` at its last ` (`, from index `from` of `text` to its
 * end less trailing blanks: `x.whl (47 kB)` → `x.whl`, 47000. Returns the whole
 * text and null when the brackets hold no size.
 */
export function splitTrailingSize(
  text: string,
  from = 0,
): { target: string; bytes: number | null } {
  let end = text.length;
  while (end > from && text.charCodeAt(end - 1) <= 32) end--;
  if (text.charCodeAt(end - 1) === 41 /* ) */) {
    const open = text.lastIndexOf(' (', end);
    if (open >= from) {
      const bytes = parseSize(text, open + 2, end - 1);
      if (bytes !== null) return { target: text.slice(from, open), bytes };
    }
  }
  return { target: text.slice(from, end), bytes: null };
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
