/**
 * Every way a log comes in ends as one LoadSource for the store's `load()`.
 * These only build sources: reading happens in the worker.
 */
import { isShareFragment } from '../../src/index';
import type { LoadSource } from '../worker/protocol';

/** The samples under public/samples/ ("Try a sample"), real logs each. */
export const SAMPLES: { file: string; title: string; about: string }[] = [
  {
    file: 'multistage-parallel.log',
    title: 'Parallel multi-stage build',
    about: 'two stages built at once, then joined',
  },
  {
    file: 'pip-cache-cold.log',
    title: 'pip with a cache mount, cold',
    about: 'the first build: 7 packages downloaded into the mount, 2 built from source',
  },
  {
    file: 'pip-cache-warm.log',
    title: 'pip with a cache mount, warm',
    about: 'the same build with one package added: 7 come from the mount, 1 is downloaded',
  },
  {
    file: 'failed-build.log',
    title: 'A failed build',
    about: 'a RUN step exits with code 2; the parallel stage is canceled',
  },
  {
    file: 'github-actions.log',
    title: 'A log with GitHub Actions timestamps',
    about: 'pip with no cache mount, every line stamped the way GitHub Actions does',
  },
];

export const fromText = (text: string, label = 'pasted text'): LoadSource => ({
  kind: 'text',
  text,
  label,
});

export const fromFile = (file: File): LoadSource => ({ kind: 'file', file });

export const fromUrl = (url: string, label = url): LoadSource => ({ kind: 'url', url, label });

/** A share link's fragment; the worker decodes it (a large one is work, and hostile input). */
export const fromShareLink = (hash: string, label = 'shared link'): LoadSource => ({
  kind: 'link',
  hash,
  label,
});

const SAMPLE_NAME = /^[\w.-]+$/;

/** A sample by file name; its address is made absolute here, since the worker fetches from elsewhere. */
export function fromSample(file: string, base = import.meta.env.BASE_URL): LoadSource | null {
  if (!SAMPLE_NAME.test(file)) return null;
  const url = new URL(`${base}samples/${file}`, globalThis.location?.href).href;
  return fromUrl(url, `sample: ${file}`);
}

/**
 * `#share=…` (a share link), `#url=<address>` or `#sample=<file>` in the page address; null for anything
 * else. Only http(s) addresses are fetched.
 */
export function sourceFromHash(hash: string): LoadSource | null {
  if (isShareFragment(hash)) return fromShareLink(hash);
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const url = params.get('url');
  if (url) {
    try {
      const u = new URL(url, globalThis.location?.href);
      if (u.protocol === 'http:' || u.protocol === 'https:') return fromUrl(u.href, url);
    } catch {
      return null;
    }
    return null;
  }
  const sample = params.get('sample');
  return sample ? fromSample(sample) : null;
}
