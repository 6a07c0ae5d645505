import { computeTimeline } from '../analysis/timeline';
import { stripCi } from '../ci/index';
import { ModelBuilder } from '../formats/model-builder';
import { detectFormat, SNIFF_LINES } from '../formats/registry';
import type { LogModel } from '../model/types';
import { stripAnsi } from './ansi';
import { ByteDecoder } from './decode';
import { LineSplitter } from './lines';

export interface ReadProgress {
  phase: 'read' | 'parse' | 'done';
  /** Bytes read so far (read phase) or lines parsed (parse phase). */
  done: number;
  /** Total bytes or lines when known, else 0. */
  total: number;
}

export interface ReadOptions {
  onProgress?: (p: ReadProgress) => void;
  /** Total input size when known, for the progress bar. */
  totalBytes?: number;
}

/**
 * Reads a log pushed in chunks (a file slice, a pipe, a fetch body) into the
 * build model. The text is held once, as lines; nothing is kept of the chunks.
 */
export class LogReader {
  private readonly splitter = new LineSplitter();
  private readonly decoder = new ByteDecoder((t) => this.splitter.push(t));
  private bytes = 0;
  private lastReport = 0;

  constructor(private readonly opts: ReadOptions = {}) {}

  push(chunk: Uint8Array | string): void {
    if (typeof chunk === 'string') {
      this.bytes += chunk.length;
      this.splitter.push(chunk);
    } else {
      this.bytes += chunk.length;
      this.decoder.push(chunk);
    }
    if (this.opts.onProgress && this.bytes - this.lastReport >= 1 << 20) {
      this.lastReport = this.bytes;
      this.opts.onProgress({ phase: 'read', done: this.bytes, total: this.opts.totalBytes ?? 0 });
    }
  }

  end(): LogModel {
    this.decoder.end();
    const raw = this.splitter.end();
    const progress = this.opts.onProgress;
    progress?.({ phase: 'parse', done: 0, total: raw.length });
    // stripCi returns a new array, so ANSI can be removed in place without touching `raw`.
    const { ci, text, stampEpochMs } = stripCi(raw);
    for (let i = 0; i < text.length; i++) text[i] = stripAnsi(text[i]);
    const head = sniffHead(text, SNIFF_LINES);
    const format = raw.length ? detectFormat(head) : null;
    const out = new ModelBuilder(raw.length, format?.id ?? 'unknown');
    const model: LogModel = {
      format: format?.id ?? 'unknown',
      ci,
      raw,
      text,
      builds: out.builds,
      attribution: out.attribution,
      diagnostics: out.diagnostics,
      bytes: this.bytes,
      encoding: describeEncoding(this.decoder),
    };
    const done = () => progress?.({ phase: 'done', done: raw.length, total: raw.length });
    if (this.bytes === 0 || raw.every((l) => !l.trim())) {
      out.diagnose('error', 'The input is empty.');
      done();
      return model;
    }
    const binary = binaryShare(raw);
    if (binary > 0.05) {
      out.diagnose(
        'error',
        `This looks like binary data (${Math.round(binary * 100)}% of the first characters are control bytes or invalid text), not a build log.`,
      );
    }
    if (!format) {
      out.diagnose(
        'error',
        head.some((l) => CLASSIC_STEP.test(l))
          ? 'This is the classic builder’s output (`Step 1/5 : FROM …`, ` ---> …`), not BuildKit’s: build with BuildKit (`DOCKER_BUILDKIT=1` or `docker buildx build`) and `--progress=plain`.'
          : 'No BuildKit build found: expected `--progress=plain` lines such as `#1 [internal] load build definition`, a TTY frame (`[+] Building`), rawjson, or the 2018–19 legacy format.',
      );
      done();
      return model;
    }
    try {
      format.parse({ text, raw, stampEpochMs, out });
    } catch (err) {
      // A parser must not throw; if one does, keep what it built and say so.
      out.diagnose('error', `The ${format.id} reader stopped early: ${String(err)}`);
    }
    for (const b of out.builds) {
      b.format = format.id;
      computeTimeline(b, stampEpochMs);
    }
    if (!out.builds.length) out.diagnose('error', 'The log holds no build steps.');
    done();
    return model;
  }
}

// The classic (pre-BuildKit) builder's step lines (FORMAT.md §0).
const CLASSIC_STEP = /^Step \d+\/\d+ : /;

/**
 * Share of control characters and replacement characters (invalid UTF-8) in the
 * first 64 KiB of text: high for binary files, near zero for any log.
 */
function binaryShare(raw: string[]): number {
  let bad = 0;
  let seen = 0;
  for (let i = 0; i < raw.length && seen < 65536; i++) {
    const l = raw[i];
    for (let k = 0; k < l.length && seen < 65536; k++, seen++) {
      const c = l.charCodeAt(k);
      // Tab, CR, form feed and ESC occur in real logs; other C0 controls and U+FFFD do not.
      if ((c < 32 && c !== 9 && c !== 13 && c !== 12 && c !== 27) || c === 0xfffd) bad++;
    }
    seen++;
  }
  return seen ? bad / seen : 0;
}

/**
 * What the formats sniff: the first non-empty lines, plus lines that look like
 * BuildKit output further down (a CI job often prints hundreds of lines first).
 */
function sniffHead(text: string[], n: number): string[] {
  const out: string[] = [];
  let i = 0;
  for (; i < text.length && out.length < n / 2; i++) if (text[i]) out.push(text[i]);
  const limit = Math.min(text.length, 100_000);
  for (; i < limit && out.length < n; i++) {
    const t = text[i].trimStart();
    const c = t.charCodeAt(0);
    // `#N …`, `{` (rawjson), `[+] Building`, ` => …`
    if (c === 35 || c === 123 || (c === 91 && t.startsWith('[+]')) || t.startsWith('=>'))
      out.push(t);
  }
  return out;
}

function describeEncoding(d: ByteDecoder): string {
  const { encoding, gzip } = d.info;
  return gzip ? `gzip, ${encoding}` : encoding;
}

/** Reads a whole input at once. */
export function readLog(input: Uint8Array | string, opts: ReadOptions = {}): LogModel {
  const r = new LogReader(opts);
  if (typeof input === 'string') r.push(input);
  else {
    // Push in slices so progress is reported as it goes.
    const step = 1 << 22;
    for (let i = 0; i < input.length; i += step) r.push(input.subarray(i, i + step));
  }
  return r.end();
}
