import { Gunzip } from 'fflate';

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be';

export interface DecodedInfo {
  encoding: Encoding;
  gzip: boolean;
  bom: boolean;
}

/**
 * Bytes to text, in chunks: gzip by its magic bytes, UTF-16 by its BOM (PowerShell
 * redirections, FORMAT.md §0/§6) or by its zero bytes, UTF-8 otherwise with invalid
 * bytes replaced (never fatal). Pushes decoded text to `onText` as it goes.
 */
export class ByteDecoder {
  private head: Uint8Array | null = new Uint8Array(0);
  private gunzip: Gunzip | null = null;
  // @types/node declares TextDecoder as a value only; the core has no DOM lib.
  private decoder: InstanceType<typeof TextDecoder> | null = null;
  info: DecodedInfo = { encoding: 'utf-8', gzip: false, bom: false };

  constructor(private readonly onText: (text: string) => void) {}

  push(chunk: Uint8Array): void {
    if (this.head) {
      // Wait for enough bytes to recognise gzip, a BOM and UTF-16 without a BOM.
      const joined = new Uint8Array(this.head.length + chunk.length);
      joined.set(this.head);
      joined.set(chunk, this.head.length);
      if (joined.length < 4096) {
        this.head = joined;
        return;
      }
      this.head = null;
      this.start(joined);
      return;
    }
    this.feed(chunk, false);
  }

  end(): void {
    if (this.head) {
      const h = this.head;
      this.head = null;
      this.start(h);
    }
    this.feed(new Uint8Array(0), true);
  }

  private start(bytes: Uint8Array): void {
    if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
      this.info.gzip = true;
      this.gunzip = new Gunzip((data, final) => this.decodeBytes(data, final));
    }
    this.feed(bytes, false);
  }

  private feed(bytes: Uint8Array, final: boolean): void {
    if (this.gunzip) {
      try {
        this.gunzip.push(bytes, final);
      } catch {
        // A damaged or truncated gzip stream: keep what was inflated so far.
        this.gunzip = null;
        this.decodeBytes(new Uint8Array(0), true);
      }
      return;
    }
    this.decodeBytes(bytes, final);
  }

  private decodeBytes(bytes: Uint8Array, final: boolean): void {
    if (!this.decoder) {
      if (!bytes.length && !final) return;
      this.info.encoding = sniffEncoding(bytes, this.info);
      this.decoder = new TextDecoder(this.info.encoding, {
        fatal: false,
        ignoreBOM: this.info.encoding === 'utf-8',
      });
      if (this.info.encoding === 'utf-8') {
        // UTF-8 is cut at line ends and decoded piece by piece without `stream`
        // (a much faster path than streaming); a BOM is dropped here once.
        this.utf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
        if (this.info.bom) bytes = bytes.subarray(3);
      }
    }
    if (this.utf8) {
      this.decodeUtf8(bytes, final);
      return;
    }
    const text = this.decoder.decode(bytes, { stream: !final });
    if (text) this.onText(text);
  }

  private utf8: InstanceType<typeof TextDecoder> | null = null;
  /** Bytes after the last line feed of the previous chunk (a partial line, maybe a partial character). */
  private tail: Uint8Array = new Uint8Array(0);

  private decodeUtf8(bytes: Uint8Array, final: boolean): void {
    const d = this.utf8!;
    const lastLf = bytes.lastIndexOf(10);
    if (final || lastLf < 0) {
      // No line end in this chunk (a very long line): decode it streaming, so a
      // character cut at the chunk's end is completed by the next chunk.
      const s = this.decoder!;
      let text = this.tail.length ? s.decode(this.tail, { stream: true }) : '';
      this.tail = new Uint8Array(0);
      text += s.decode(bytes, { stream: !final });
      this.midStream = !final;
      if (text) this.onText(text);
      return;
    }
    // A line feed byte is never inside a multi-byte character, so cutting after it is safe.
    const firstLf = bytes.indexOf(10);
    if (this.midStream) {
      this.onText(this.decoder!.decode(bytes.subarray(0, firstLf + 1)));
      this.midStream = false;
    } else if (this.tail.length) {
      this.onText(d.decode(concat(this.tail, bytes.subarray(0, firstLf + 1))));
    } else {
      this.onText(d.decode(bytes.subarray(0, firstLf + 1)));
    }
    if (lastLf > firstLf) this.onText(d.decode(bytes.subarray(firstLf + 1, lastLf + 1)));
    this.tail = bytes.slice(lastLf + 1);
  }

  /** The streaming decoder holds the start of a line (and maybe of a character). */
  private midStream = false;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function sniffEncoding(b: Uint8Array, info: DecodedInfo): Encoding {
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) {
    info.bom = true;
    return 'utf-16le';
  }
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) {
    info.bom = true;
    return 'utf-16be';
  }
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) info.bom = true;
  // UTF-16 without a BOM: ASCII text leaves every other byte zero.
  const n = Math.min(b.length, 2048) & ~1;
  if (n >= 8) {
    let evenZero = 0;
    let oddZero = 0;
    for (let i = 0; i < n; i += 2) {
      if (b[i] === 0) evenZero++;
      if (b[i + 1] === 0) oddZero++;
    }
    const half = n / 2;
    if (oddZero > half * 0.4 && evenZero < half * 0.05) return 'utf-16le';
    if (evenZero > half * 0.4 && oddZero < half * 0.05) return 'utf-16be';
  }
  return 'utf-8';
}
