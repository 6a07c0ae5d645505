/**
 * Share links: `#share=<version>.<data>&build=…&step=…`, all in the URL
 * fragment, which browsers never send to a server. `<data>` is the payload as
 * JSON, raw DEFLATE, base64url; the view parameters beside it are readable
 * (view.ts). Decoding treats the link as hostile: the length is capped before
 * anything is unpacked, the unpacked size during, and the result is validated
 * against its version's schema, then brought up to the current version by the
 * upgraders, one version at a time (the Firefox Profiler's way with URL state).
 */
import type { z } from 'zod';
import { deflate, fromBase64Url, inflateCapped, toBase64Url } from './compress';
import { payloadV1Schema, type PayloadV1 } from './schema-v1';
import { readViewParams, viewParams, type ShareView } from './view';

/** The version links are written in. Raise it (and add a schema and an upgrader) when the payload changes shape. */
export const SHARE_VERSION = 1;

export type SharePayload = PayloadV1;
export type FullPayload = Extract<SharePayload, { kind: 'full' }>;
export type CompactPayload = Extract<SharePayload, { kind: 'compact' }>;

/** Each version's schema; decode validates a link against the one it was written in. */
const SCHEMAS: Record<number, z.ZodType> = { 1: payloadV1Schema };

/**
 * `UPGRADERS[n]` turns a valid version-n payload into a version n+1 one. None
 * yet: version 1 is the first. Every version keeps a frozen link among the
 * test fixtures (fixtures/link-v1.txt), so an upgrader is tested on real links.
 */
const UPGRADERS: Record<number, (payload: unknown) => unknown> = {};

export const LINK_LIMITS = {
  /**
   * Links longer than this are cut or refused by some of the places people
   * paste them: Microsoft Teams takes about 28 kB a message, Slack 40,000
   * characters. Above it, the share panel proposes the compact link.
   */
  chatChars: 28_000,
  /** Chromium refuses addresses over 2 MiB (`url::kMaxURLChars`); nothing longer is written or read. */
  maxChars: 2 * 1024 * 1024,
  /** A payload may unpack to this many bytes at most (a full link's log). */
  maxUnpackedBytes: 64 * 1024 * 1024,
} as const;

/** The `<version>.<data>` token of a link: the expensive part, made once per payload. */
export function encodePayload(payload: SharePayload): string {
  return `${SHARE_VERSION}.${toBase64Url(deflate(JSON.stringify(payload)))}`;
}

/** The fragment (without `#`) for a payload token and a view. */
export function shareFragment(token: string, view: ShareView): string {
  const params = new URLSearchParams([['share', token], ...viewParams(view)]);
  // URLSearchParams writes spaces as `+`; the token itself is base64url and passes unchanged.
  return params.toString();
}

export function encodeShareLink(payload: SharePayload, view: ShareView): string {
  return shareFragment(encodePayload(payload), view);
}

export type LinkProblem = 'damaged' | 'too-large' | 'newer-version';

export type DecodedLink =
  | { ok: true; version: number; payload: SharePayload; view: ShareView }
  | { ok: false; problem: LinkProblem; message: string };

/** The fragment holds a share link (it may still be damaged). */
export function isShareFragment(hash: string): boolean {
  return new URLSearchParams(hash.replace(/^#/, '')).has('share');
}

const fail = (problem: LinkProblem, message: string): DecodedLink => ({
  ok: false,
  problem,
  message,
});

const DAMAGED =
  'This share link is damaged, so it cannot be opened. It may have been cut short when it was copied: ask for the link again.';

/** Reads a link's fragment (with or without `#`). Never throws. */
export function decodeShareLink(hash: string): DecodedLink {
  try {
    return decode(hash);
  } catch {
    return fail('damaged', DAMAGED);
  }
}

function decode(hash: string): DecodedLink {
  const fragment = hash.replace(/^#/, '');
  if (fragment.length > LINK_LIMITS.maxChars)
    return fail(
      'too-large',
      `This share link is ${fragment.length.toLocaleString('en')} characters long; plainsight opens links of up to ${LINK_LIMITS.maxChars.toLocaleString('en')}.`,
    );
  const params = new URLSearchParams(fragment);
  const token = params.get('share') ?? '';
  const m = /^(\d{1,6})\.([A-Za-z0-9_-]+)$/.exec(token);
  if (!m) return fail('damaged', DAMAGED);
  const version = Number(m[1]);
  if (version > SHARE_VERSION)
    return fail(
      'newer-version',
      `This share link was made by a newer plainsight (link version ${version}; this one reads versions up to ${SHARE_VERSION}). Open it with the latest plainsight.`,
    );
  const schema = SCHEMAS[version];
  const bytes = fromBase64Url(m[2]);
  if (!schema || !bytes) return fail('damaged', DAMAGED);
  const inflated = inflateCapped(bytes, LINK_LIMITS.maxUnpackedBytes);
  if (!inflated.ok)
    return inflated.reason === 'too-large'
      ? fail(
          'too-large',
          `This share link unpacks to more than ${LINK_LIMITS.maxUnpackedBytes / 1024 / 1024} MB, more than plainsight opens from a link.`,
        )
      : fail('damaged', DAMAGED);
  const parsed = schema.safeParse(JSON.parse(inflated.text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return fail(
      'damaged',
      `This share link's contents are not valid (${issue.path.join('.') || 'payload'}: ${issue.message}), so it cannot be opened.`,
    );
  }
  if (version === SHARE_VERSION)
    return {
      ok: true,
      version,
      payload: parsed.data as SharePayload,
      view: readViewParams(params),
    };
  let data: unknown = parsed.data;
  for (let v = version; v < SHARE_VERSION; v++) data = UPGRADERS[v](data);
  const current = SCHEMAS[SHARE_VERSION].safeParse(data);
  if (!current.success) return fail('damaged', DAMAGED);
  return { ok: true, version, payload: current.data as SharePayload, view: readViewParams(params) };
}

/**
 * Why the receiver would refuse this payload, or null: the sender checks what it
 * makes against the schema the receiver will hold it to.
 */
export function payloadProblem(payload: SharePayload): string | null {
  const r = SCHEMAS[SHARE_VERSION].safeParse(payload);
  if (r.success) return null;
  const issue = r.error.issues[0];
  return `${issue.path.join('.') || 'payload'}: ${issue.message}`;
}
