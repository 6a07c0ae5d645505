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
    // The common `name (47 kB)` read backwards; anything else the general way.
    let open = sizeBefore(text, end);
    const bytes = open >= 0 ? SIZE.bytes : null;
    if (open < 0) open = text.lastIndexOf(' (', end);
    if (open >= from) {
      const parsed = bytes ?? parseSize(text, open + 2, end - 1);
      if (parsed !== null) return { target: text.slice(from, open), bytes: parsed };
    }
  }
  return { target: text.slice(from, end), bytes: null };
}

/** Where `sizeBefore` leaves the size it read. */
export const SIZE = { bytes: 0 };

/**
 * The common shape of a bracketed size that ends at `end` (`text[end - 1]` is
 * the closing bracket): ` (47 kB)`, ` [1792 kB]`, ` (15.9MiB)`, ` (6924 B)`, read
 * backwards with no copy and no search. Returns the index of the space before
 * the opening bracket, the bytes in `SIZE.bytes`; -1 for any other shape (spaces
 * inside the brackets, odd units, more than 15 digits), which the caller then
 * reads the general way (`lastIndexOf` of ` (` or ` [`, `parseSize`). When it
 * answers, the answer is theirs: the brackets hold nothing but the size, so the
 * ` (` found is the last one, and the value is computed as `parseSize` does.
 */
export function sizeBefore(text: string, end: number): number {
  let j = end - 2;
  if (text.charCodeAt(j) !== 66 /* B */) return -1;
  let c = text.charCodeAt(--j);
  let unit = 1;
  if (c === 105 /* i */) {
    c = text.charCodeAt(--j);
    if (c === 75 /* K */) unit = K;
    else if (c === 77 /* M */) unit = K ** 2;
    else if (c === 71 /* G */) unit = K ** 3;
    else if (c === 84 /* T */) unit = K ** 4;
    else return -1;
    c = text.charCodeAt(--j);
  } else if (c === 107 /* k */ || c === 75 /* K */ || c === 77 || c === 71 || c === 84) {
    unit = c === 107 ? 1e3 : c === 75 ? K : c === 77 ? 1e6 : c === 71 ? 1e9 : 1e12;
    c = text.charCodeAt(--j);
  }
  if (c === 32) c = text.charCodeAt(--j);
  // Digits from the last: their value as one integer, as `parseSize` reads them.
  let digits = 0;
  let pow = 1;
  let scale = 1;
  let n = 0;
  while (c >= 48 && c <= 57) {
    digits += (c - 48) * pow;
    pow *= 10;
    n++;
    c = text.charCodeAt(--j);
    if ((c === 46 /* . */ || c === 44) /* , */ && scale === 1 && n > 0) {
      scale = pow;
      const d = text.charCodeAt(j - 1);
      if (!(d >= 48 && d <= 57)) return -1;
      c = text.charCodeAt(--j);
    }
  }
  if (n === 0 || n > 15) return -1;
  const close = text.charCodeAt(end - 1);
  if (c !== (close === 41 ? 40 : 91) /* ( or [ */ || text.charCodeAt(j - 1) !== 32) return -1;
  SIZE.bytes = Math.round((digits * unit) / scale);
  return j - 1;
}

/** Last path segment of a URL or path, without query or fragment: what pip and maven name a file by. */
export function baseName(target: string): string {
  let end = target.length;
  const hash = target.indexOf('#');
  if (hash >= 0) end = hash;
  const query = target.indexOf('?');
  if (query >= 0 && query < end) end = query;
  const s = end < target.length ? target.slice(0, end) : target;
  // Most names are bare files: one `indexOf` saves a `lastIndexOf` (a call into V8's runtime).
  const slash = s.indexOf('/') < 0 ? -1 : s.lastIndexOf('/', s.length - 2);
  const name = slash >= 0 ? s.slice(slash + 1) : s;
  return name.charCodeAt(name.length - 1) === 47 /* / */ ? name.slice(0, -1) : name;
}
