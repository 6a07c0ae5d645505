/**
 * Bytes in a link: raw DEFLATE (fflate) and base64url (RFC 4648 §5, no padding:
 * every character is safe in a URL fragment). Decompression is capped, since a
 * few kilobytes of DEFLATE can expand a thousandfold (a zip bomb).
 */
import { deflateSync, Inflate } from 'fflate';

export function deflate(text: string): Uint8Array {
  return deflateSync(new TextEncoder().encode(text), { level: 9 });
}

const CHUNK = 0x8000;

export function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let at = 0; at < bytes.length; at += CHUNK)
    binary += String.fromCharCode(...bytes.subarray(at, at + CHUNK));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Null when `s` is not base64url. */
export function fromBase64Url(s: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(s) || s.length % 4 === 1) return null;
  const binary = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

export type Inflated = { ok: true; text: string } | { ok: false; reason: 'damaged' | 'too-large' };

/**
 * Inflates at most `maxBytes` of output. The input is pushed a kilobyte at a
 * time; DEFLATE expands at most about 1032:1 (a 258-byte match from each pair of
 * bits of a fixed-Huffman block), so no push produces much more than a megabyte
 * past the cap before the count stops it.
 */
export function inflateCapped(bytes: Uint8Array, maxBytes: number): Inflated {
  const parts: Uint8Array[] = [];
  let size = 0;
  let over = false;
  let ended = false;
  const inflater = new Inflate((chunk, final) => {
    size += chunk.length;
    if (size > maxBytes) over = true;
    else parts.push(chunk);
    if (final) ended = true;
  });
  try {
    for (let at = 0; at < bytes.length && !over; at += 1024) {
      const end = Math.min(bytes.length, at + 1024);
      inflater.push(bytes.subarray(at, end), end === bytes.length);
    }
  } catch {
    return { ok: false, reason: 'damaged' };
  }
  if (over) return { ok: false, reason: 'too-large' };
  if (!ended) return { ok: false, reason: 'damaged' };
  const all = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(all) };
  } catch {
    return { ok: false, reason: 'damaged' };
  }
}
