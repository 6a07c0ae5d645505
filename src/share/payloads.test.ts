/**
 * The payloads a share link carries, made from the planted-secrets log: nothing
 * planted survives in either kind, the full one reads back to the same build,
 * and the options do what they say.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from '../analysis/analyze';
import { buildViewDoc } from '../analysis/view-doc';
import { readLog } from '../read/read-log';
import { decodeShareLink, encodeShareLink } from './link';
import { makeCompactPayload, makeFullPayload, packageEvidence, redactView } from './payloads';
import { initialShareView } from './view';

const bytes = readFileSync(new URL('./fixtures/planted-secrets.log', import.meta.url));
const model = readLog(bytes);
const analyses = analyze(model);
const doc = buildViewDoc(model, analyses, 'planted-secrets.log');
const evidence = packageEvidence(analyses, doc);
const NONE = { hideHosts: false, timelineOnly: false };

/** Planted values the step names and outputs carry (redact.test.ts lists them all). */
const PLANTED = [
  'example-deploy-key-0042',
  'ghs_EXAMPLEexampleEXAMPLEexampleEXAMPLEe',
  'abc-example-build-token',
  'npm_EXAMPLE0exampleEXAMPLE0exampleEXAMPL',
  'example-db-password-1',
];

describe('share payloads', () => {
  it('the planted log has secrets in step names and in output, and a build', () => {
    const text = bytes.toString('utf8');
    for (const p of PLANTED) expect(text).toContain(p);
    expect(doc.builds[0].steps.some((s) => s.name.includes('abc-example-build-token'))).toBe(true);
  });

  it('the full payload carries the log without a planted secret, and reads back to the same steps', () => {
    const { payload, removed } = makeFullPayload(model, 'planted-secrets.log', NONE);
    for (const p of PLANTED) expect(payload.log).not.toContain(p);
    expect(payload.log.split('\n')).toHaveLength(model.raw.length);
    expect(removed.counts).toMatchObject({ 'build-arg': 2, 'npm-token': 2, 'private-key': 2 });
    expect(removed.hits.length).toBe(Object.values(removed.counts).reduce((a, b) => a + b, 0));
    const again = readLog(payload.log);
    const shape = (m: typeof model) =>
      m.builds.flatMap((b) => b.steps.map((s) => [s.ref, s.status, s.durationMs]));
    expect(shape(again)).toEqual(shape(model));
  });

  it('the compact payload redacts every text of the model, and validates as a link', () => {
    const { payload, removed } = makeCompactPayload(doc, evidence, NONE);
    const all = JSON.stringify(payload);
    for (const p of PLANTED) expect(all).not.toContain(p);
    // Not even cut short: the cache break's explanation quotes the clone step's name shortened.
    expect(all).not.toContain('ghs_EXAMPLE');
    expect(all).toContain('x-access-token:[redacted:github-token]...');
    expect(removed.counts['build-arg']).toBeGreaterThan(0);
    expect(removed.hits).toEqual([]);
    const decoded = decodeShareLink(encodeShareLink(payload, initialShareView()));
    expect(decoded.ok).toBe(true);
  });

  it('hides hosts on request, in both kinds', () => {
    const host = 'registry.example.com';
    expect(makeFullPayload(model, 'x', NONE).payload.log).toContain(host);
    const opts = { hideHosts: true, timelineOnly: false };
    expect(makeFullPayload(model, 'x', opts).payload.log).not.toContain(host);
    const compact = makeCompactPayload(doc, evidence, opts);
    expect(JSON.stringify(compact.payload)).not.toContain(host);
    expect(compact.removed.counts.host).toBeGreaterThan(0);
  });

  it('timeline only leaves every step package evidence out', () => {
    const withEvidence = makeCompactPayload(doc, evidence, NONE).payload;
    expect(withEvidence.packages.flat().some((p) => p && p.items.length > 0)).toBe(true);
    const timeline = makeCompactPayload(doc, evidence, { hideHosts: false, timelineOnly: true });
    expect(timeline.payload.packages.flat().every((p) => p === null)).toBe(true);
    expect(timeline.payload.doc.builds[0].steps).toHaveLength(doc.builds[0].steps.length);
  });

  it('redacts a private key spread over the Dockerfile excerpt rows as one key', () => {
    // A heredoc in the Dockerfile: the key's lines are rows of their own.
    const key = [
      'RUN cat > /root/.ssh/id_ed25519 <<EOF',
      '-----BEGIN OPENSSH PRIVATE KEY-----',
      'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW',
      'QyNTUxOQAAACBexampleEXAMPLEexampleEXAMPLEexampleEXAMPLEexampleAAAA',
      '-----END OPENSSH PRIVATE KEY-----',
      'EOF',
    ];
    const withKey = {
      ...doc,
      builds: doc.builds.map((b) => ({
        ...b,
        excerpt: {
          file: 'Dockerfile',
          line: 6,
          firstLine: 0,
          rows: key.map((text, i) => ({
            number: 5 + i,
            text,
            marked: i === 2,
          })),
        },
      })),
    };
    const { payload } = makeCompactPayload(withKey, evidence, NONE);
    const all = JSON.stringify(payload);
    expect(all).not.toContain('b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ');
    expect(all).not.toContain('QyNTUxOQAAACBexample');
    expect(payload.doc.builds[0].excerpt!.rows.map((r) => r.text)).toEqual([
      key[0],
      '[redacted:private-key]',
      '[redacted:private-key]',
      '[redacted:private-key]',
      '[redacted:private-key]',
      'EOF',
    ]);
  });

  it('timeline only carries none of the tool output, findings explanations included', () => {
    const { payload } = makeCompactPayload(doc, evidence, { hideHosts: false, timelineOnly: true });
    const all = JSON.stringify(payload);
    const names = doc.builds.flatMap((b) => b.steps.map((s) => s.name)).join('\n');
    // Each output line's tool text (after `#N 0.123 `) that is not also part of a step name.
    const output = model.builds.flatMap((b) =>
      b.steps.flatMap((s) =>
        s.outputLines.map((n, k) => model.text[n].slice(Math.max(0, s.outputTextAt[k] ?? 0))),
      ),
    );
    const distinctive = output.filter((t) => t.length >= 12 && !names.includes(t));
    expect(distinctive.length).toBeGreaterThan(20);
    for (const t of distinctive) expect(all).not.toContain(JSON.stringify(t).slice(1, -1));
  });

  it('redacts the texts of the view the link carries', () => {
    const view = {
      ...initialShareView(),
      filters: { statuses: [], stage: null, text: 'token=abc-example-build-token' },
    };
    expect(redactView(view, NONE).filters.text).toBe('token=[redacted:secret-assignment]');
  });
});
