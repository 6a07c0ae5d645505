/**
 * Redaction before a log leaves the machine in a share link. What goes:
 * private keys (one line or many), token shapes with a published prefix
 * (GitHub, GitLab, npm, AWS key ids, Google API keys, Slack, JWTs), AWS secret
 * keys and any value assigned to a secret-looking name (`password=`,
 * `NPM_TOKEN=`, `--build-arg API_KEY=`, `client_secret: …`), credentials in
 * URLs, and, when asked, registry and host names. What stays: everything a
 * build log is made of (digests, versions, package names, base64 of ordinary
 * output) and values CI already masked (`***`, `[MASKED]`), which are not
 * counted.
 *
 * The marker, `[redacted:github-token]`, says what was there so a reader of
 * the shared log still understands the line, holds no space so a redacted
 * flag, URL or image reference stays one word, and no rule can read it as a
 * secret or a host, so redacting twice changes nothing. Each line is redacted
 * in place: line numbers, `#N` prefixes and timings survive, so the shared log
 * parses to the same builds and steps.
 */
import { decodeBase64 } from '../formats/rawjson';
import {
  SECRET_KINDS,
  marker,
  mayHoldHost,
  mayHoldSecret,
  redactLineRules,
  type SecretKind,
} from './redact-rules';

export { SECRET_KIND_LABELS } from './redact-rules';
export type { SecretKind } from './redact-rules';

export interface RedactOptions {
  /** also replace registry/host names (in URLs and image references) */
  hideHosts: boolean;
}

export interface RedactionHit {
  kind: SecretKind;
  /** 0-based line of the input */
  line: number;
}

export interface Redaction {
  text: string;
  /** One per secret, on the line where it starts (a private key over 28 lines is one hit). */
  hits: RedactionHit[];
  counts: Record<SecretKind, number>;
}

const KEY_LABEL = String.raw`(?:[A-Z0-9]+ ){0,4}PRIVATE KEY(?: BLOCK)?-----`;
const KEY_BEGIN = '-----BEGIN ' + KEY_LABEL;
const KEY_END = '-----END ' + KEY_LABEL;
const KEY_BEGIN_G = new RegExp(KEY_BEGIN, 'g');
const KEY_END_G = new RegExp(KEY_END, 'g');
/** The start of a key that goes on over the next lines: the header and any material after it. */
const KEY_OPEN = new RegExp(KEY_BEGIN + String.raw`(?:[A-Za-z0-9+/=]|\\[nr])*`, 'g');
const KEY_END_RE = new RegExp(String.raw`^[\s\S]*?` + KEY_END);
/** A line inside a PEM or PGP block: base64, a PGP checksum, a `Proc-Type:` style header, or blank. */
const KEY_LINE =
  /^[ \t]*(?:[A-Za-z0-9+/]{1,200}={0,2}|=[A-Za-z0-9+/]{4}|[A-Za-z][A-Za-z0-9-]{0,30}: [^\r\n]{0,200})?[ \t"'\\]*$/;
/** RSA 16384 is about 200 lines of PEM; a block that goes on longer than this is not a key. */
const KEY_MAX_LINES = 400;

/** An open private key: the prefix every line of it carries (`#12 0.345 `, a CI time stamp). */
interface KeyBlock {
  prefix: RegExp;
  lines: number;
}

interface Stream {
  key: KeyBlock | null;
}

/**
 * The prefix of a key's first line that its other lines repeat: the leading
 * words holding a digit (`#12`, `0.345`, a time stamp, `web-1`) or made of
 * `|#=>` (compose, TTY), as a pattern where numbers may change. `echo "` and
 * `KEY=` before the key are not part of it.
 */
function prefixPattern(before: string): RegExp {
  const parts = before.split(/([ \t]+)/); // word, space, word, space, …
  let p = parts[0] === '' ? (parts[1] ?? '') : '';
  for (let i = p ? 2 : 0; i + 1 < parts.length; i += 2) {
    if (!/\d|^[|#=>]+$/.test(parts[i])) break;
    p += parts[i] + parts[i + 1];
  }
  const src = p
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/(?<!#)\d+/g, String.raw`\d+`)
    .replace(/[ \t]+/g, String.raw`[ \t]+`)
    // `#9 0.513` with nothing after it is a blank line of the key (BuildKit trims it).
    .replace(/\[ \\t\]\+$/, String.raw`(?:[ \t]+|$)`);
  return new RegExp('^' + src);
}

/** One line of a stream (the log, or the text inside rawjson `data`), with the stream's key state. */
function redactStreamLine(
  raw: string,
  st: Stream,
  hideHosts: boolean,
  found: SecretKind[],
): string {
  const cr = raw.endsWith('\r');
  let line = cr ? raw.slice(0, -1) : raw;
  if (st.key) {
    const p = st.key.prefix.exec(line);
    const content = p ? line.slice(p[0].length) : null;
    const end = content !== null ? KEY_END_RE.exec(content) : null;
    if (content !== null && end) {
      st.key = null;
      // What follows the END (a quote, another key) is read like any line.
      const rest = redactStreamLine(content.slice(end[0].length), st, hideHosts, found);
      return p![0] + marker('private-key') + rest + (cr ? '\r' : '');
    }
    if (content !== null && KEY_LINE.test(content) && ++st.key.lines <= KEY_MAX_LINES)
      return content.trim() ? p![0] + marker('private-key') + (cr ? '\r' : '') : raw;
    st.key = null; // the key was cut short: this line is ordinary again
  }
  if (!mayHoldSecret(line) && !(hideHosts && mayHoldHost(line))) return raw;
  if (line.includes('PRIVATE KEY')) line = redactKeyStart(line, st, found);
  return redactLineRules(line, hideHosts, found) + (cr ? '\r' : '');
}

/**
 * Whole keys on one line (`\n` escapes in JSON, or real newlines in a
 * free-standing string): each BEGIN up to the next END. Found with two forward
 * scans rather than one lazy regex, which would rescan the rest of the line
 * for every BEGIN that has no END.
 */
function replaceKeySpans(line: string, put: () => string): string {
  let out = '';
  let last = 0;
  let end: RegExpExecArray | null = null;
  KEY_BEGIN_G.lastIndex = 0;
  for (let b = KEY_BEGIN_G.exec(line); b; b = KEY_BEGIN_G.exec(line)) {
    const from = b.index + b[0].length;
    if (!end || end.index < from) {
      KEY_END_G.lastIndex = from;
      end = KEY_END_G.exec(line);
      if (!end) break;
    }
    out += line.slice(last, b.index) + put();
    last = end.index + end[0].length;
    KEY_BEGIN_G.lastIndex = last;
  }
  return last ? out + line.slice(last) : line;
}

function redactKeyStart(line: string, st: Stream, found: SecretKind[]): string {
  const put = () => {
    found.push('private-key');
    return marker('private-key');
  };
  const spanned = line.includes('-----END ') ? replaceKeySpans(line, put) : line;
  let open = -1;
  let openEnd = 0;
  const s = spanned.replace(KEY_OPEN, (m, at: number) => {
    open = at;
    openEnd = at + m.length;
    return put();
  });
  // Only a key whose first line ends with it goes on over the next lines.
  if (open >= 0 && /^[\s"'\\]*$/.test(spanned.slice(openEnd)))
    st.key = { prefix: prefixPattern(spanned.slice(0, open)), lines: 0 };
  return s;
}

// ------------------------------------------------------------ rawjson `data`

/** BuildKit's rawjson carries output as base64 (`"data": "…"`); the secrets are inside it. */
const DATA_FIELD = /("data":[ \t]*")([A-Za-z0-9+/]{4,}={0,2})(")/g;

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return s;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 of a byte string (chars < 256), as Go's encoding/json writes `[]byte`. */
function base64OfLatin1(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i += 3) {
    const a = s.charCodeAt(i);
    const b = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
    const c = i + 2 < s.length ? s.charCodeAt(i + 2) : 0;
    out += B64[a >> 2] + B64[((a & 3) << 4) | (b >> 4)];
    out += i + 1 < s.length ? B64[((b & 15) << 2) | (c >> 6)] : '=';
    out += i + 2 < s.length ? B64[c & 63] : '=';
  }
  return out;
}

/**
 * The decoded bytes are redacted as Latin-1, one char per byte, so bytes that
 * are not secrets come back exactly as they were (output need not be UTF-8);
 * every rule matches ASCII only.
 */
function redactData(b64: string, st: Stream, hideHosts: boolean, found: SecretKind[]): string {
  const text = latin1(decodeBase64(b64));
  const before = found.length;
  const lines = text.split('\n');
  const out = lines.map((l) => redactStreamLine(l, st, hideHosts, found));
  if (found.length === before && out.every((l, i) => l === lines[i])) return b64;
  return base64OfLatin1(out.join('\n'));
}

// ------------------------------------------------------------ entry points

interface Context {
  log: Stream;
  data: Stream;
  hideHosts: boolean;
}

function redactLine(line: string, ctx: Context, found: SecretKind[]): string {
  if (!line.includes('"data":')) return redactStreamLine(line, ctx.log, ctx.hideHosts, found);
  DATA_FIELD.lastIndex = 0;
  let out = '';
  let last = 0;
  for (let m = DATA_FIELD.exec(line); m; m = DATA_FIELD.exec(line)) {
    out += redactOutside(line.slice(last, m.index + m[1].length), ctx.hideHosts, found);
    out += redactData(m[2], ctx.data, ctx.hideHosts, found) + m[3];
    last = m.index + m[0].length;
  }
  return last === 0
    ? redactStreamLine(line, ctx.log, ctx.hideHosts, found)
    : out + redactOutside(line.slice(last), ctx.hideHosts, found);
}

/** The JSON around `data` fields: the one-line rules only. */
const redactOutside = (s: string, hideHosts: boolean, found: SecretKind[]): string =>
  mayHoldSecret(s) || (hideHosts && mayHoldHost(s)) ? redactLineRules(s, hideHosts, found) : s;

const newContext = (options?: Partial<RedactOptions>): Context => ({
  log: { key: null },
  data: { key: null },
  hideHosts: options?.hideHosts ?? false,
});

/** Redacts a whole log; the result has exactly the same number of lines, each line redacted in place. */
export function redactLog(text: string, options?: Partial<RedactOptions>): Redaction {
  const ctx = newContext(options);
  const lines = text.split('\n');
  const hits: RedactionHit[] = [];
  const counts = Object.fromEntries(SECRET_KINDS.map((k) => [k, 0])) as Record<SecretKind, number>;
  const found: SecretKind[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = redactLine(lines[i], ctx, found);
    if (found.length) {
      lines[i] = line;
      for (const kind of found) {
        hits.push({ kind, line: i });
        counts[kind]++;
      }
      found.length = 0;
    } else if (line !== lines[i]) lines[i] = line; // inside a private key: counted on its first line
  }
  return { text: lines.join('\n'), hits, counts };
}

/**
 * Redacts one free-standing string (a step name, an error message); same
 * rules, no state carried from any other string. `kinds` lists each kind found
 * once, in the order first found.
 */
export function redactText(
  s: string,
  options?: Partial<RedactOptions>,
): { text: string; kinds: SecretKind[] } {
  const r = redactLog(s, options);
  return { text: r.text, kinds: [...new Set(r.hits.map((h) => h.kind))] };
}
