/**
 * Redaction on a log with planted secrets of every kind (fixtures/planted-secrets.log),
 * on the shapes the fixture cannot hold (rawjson `data`, CI-wrapped keys, ANSI),
 * and on random text (fast-check). The real logs are in redact-corpus.test.ts.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readLog } from '../read/read-log';
import { SECRET_KIND_LABELS, redactLog, redactText, type SecretKind } from './redact';
import { isSecretName } from './redact-rules';

const fixture = readFileSync(new URL('./fixtures/planted-secrets.log', import.meta.url), 'utf8');
const lines = (s: string) => s.split('\n');

/** Hits as `grep -n` line numbers (1-based) with the kinds found on each, in order. */
function hitTable(text: string, hideHosts = false): [number, SecretKind[]][] {
  const by = new Map<number, SecretKind[]>();
  for (const h of redactLog(text, { hideHosts }).hits)
    by.set(h.line + 1, [...(by.get(h.line + 1) ?? []), h.kind]);
  return [...by];
}

/** Every hit of the fixture, judged by hand against the file (`grep -n`). */
const EXPECTED_HITS: [number, SecretKind[]][] = [
  [1, ['build-arg']], // --build-arg DEPLOY_KEY=…
  [24, ['github-token']], // ghs_ in the clone URL of a step name
  [27, ['gitlab-token']], // glpat-
  [30, ['build-arg']], // RUN … TOKEN=… npm ci (step name)
  [40, ['npm-token']], // _authToken=npm_… in a step name
  [41, ['npm-token']], // … and in its output
  [47, ['private-key']], // BEGIN RSA PRIVATE KEY: lines 47-55 are one key
  [57, ['private-key']], // a key on one line with \n escapes
  [61, ['jwt']], // Authorization: Bearer eyJ…
  [63, ['aws-access-key']],
  [64, ['aws-secret-key']],
  [66, ['google-api-key']],
  [67, ['slack-token']],
  [68, ['github-token']], // github_pat_
  [69, ['gitlab-token']], // glrt-
  [74, ['url-credentials']], // https://__token__:…@
  [84, ['url-credentials']], // postgres://app:…@
  [85, ['secret-assignment']], // DB_PASSWORD=
  [86, ['secret-assignment']], // "client_secret": "…"
  [87, ['secret-assignment']], // --password=
  [88, ['secret-assignment']], // ?access_token=
  [89, ['secret-assignment']], // docker login -p
];

/** Lines that change without a hit of their own: the rest of the key that starts on line 47 (50 is blank). */
const KEY_BODY = [48, 49, 51, 52, 53, 54, 55];

/** Every planted secret value, exactly as written in the fixture. */
const PLANTED = [
  'example-deploy-key-0042',
  'ghs_EXAMPLEexampleEXAMPLEexampleEXAMPLEe',
  'glpat-EXAMPLEexample0EXAMP',
  'abc-example-build-token',
  'npm_EXAMPLE0exampleEXAMPLE0exampleEXAMPL',
  'Proc-Type: 4,ENCRYPTED',
  'DEK-Info: AES-128-CBC',
  'MIIEowIBAAKCAQEA',
  'eEXAMPLEexampleEXAMPLEexampleEXAMPLEexampleEXAMPLEexampleEXAMPLE',
  'NOTAREALKEY',
  'ZXhhbXBsZQ==',
  'MIIEvgIBADAN',
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9',
  'ZXhhbXBsZS1zaWduYXR1cmUtbm90LXJlYWw',
  'AKIAIOSFODNN7EXAMPLE',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'AIzaSyEXAMPLE-example_SyEXAMPLE-example',
  'xoxb-123456789012-1234567890123-EXAMPLEexampleEXAMPLEexa',
  'github_pat_11EXAMPLE0example11EXA_',
  'glrt-EXAMPLE0exampleEXAMPLE0e',
  'pypi-EXAMPLEexample0123',
  'example-db-pw',
  'example-db-password-1',
  'example-client-secret',
  'example-root-pw',
  'exampleaccesstoken42',
  'example-login-pw',
];

/** Look-alikes that must come through untouched. */
const KEPT = [
  'sha256:a3f1c2e4b5d6a7980b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6',
  'sha256:5d6e7f8091a2b3c4d5e6f708192a3b4c5d6a3f1c2e4b5d6a7980b1c2d3e4f5a6',
  'HEAD is now at 3f2c1e9d4b5a6c7d8e9f0a1b2c3d4e5f6a7b8c9d',
  'lodash@4.17.21 left-pad@1.3.0 @types/node@20.11.5',
  'numpy-1.26.4-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl',
  '--mount=type=secret,id=npmrc,target=/root/.npmrc',
  '--secret id=api_token,src=./api_token.txt',
  'npm notice New major version of npm available! 10.8.2 -> 11.0.0',
  'request id 123e4567-e89b-12d3-a456-426614174000',
  'AWS_SESSION_TOKEN=',
  "Unexpected token '<' in JSON at position 0: the token is probably an HTML page",
  'GITHUB_TOKEN=${GITHUB_TOKEN} TOKEN_FILE=/run/secrets/token KEY_ID= CACHE_KEY=linux-node20-abc123',
  'https://__token__:****@pypi.example.org/simple',
  'Collecting tokenizers==0.21.2',
  'keyring 24.3.0 is already installed',
  'DB_USER=app',
  '"client_id": "abc123"',
  'WARNING! Using --password via the CLI is insecure. Use --password-stdin.',
  'masked by CI: password: *** TOKEN=[MASKED] --password **** API_KEY=***',
  'ENV PIP_NO_CACHE_DIR=1 NODE_ENV=production',
  'always-auth=true',
  'fingerprint SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8',
  'secret mounted: 25 bytes',
  'SecretsUsedInArgOrEnv: Do not use ARG or ENV instructions for sensitive data (ARG "DEPLOY_KEY")',
];

describe('redactLog on planted secrets (fixtures/planted-secrets.log)', () => {
  const r = redactLog(fixture);
  const before = lines(fixture);
  const after = lines(r.text);

  it('finds exactly the planted secrets, on their lines, and counts them by kind', () => {
    expect(hitTable(fixture)).toEqual(EXPECTED_HITS);
    const counts = Object.fromEntries(Object.keys(SECRET_KIND_LABELS).map((k) => [k, 0]));
    for (const [, kinds] of EXPECTED_HITS) for (const k of kinds) counts[k]++;
    expect(r.counts).toEqual(counts);
    expect(r.counts.host).toBe(0); // hosts only when asked
  });

  it('removes every planted value and changes no other line', () => {
    for (const v of PLANTED) {
      expect(fixture, v).toContain(v);
      expect(r.text, v).not.toContain(v);
    }
    const touched = new Set([...EXPECTED_HITS.map(([n]) => n), ...KEY_BODY]);
    for (let i = 0; i < before.length; i++)
      if (!touched.has(i + 1)) expect(after[i], `line ${i + 1}`).toBe(before[i]);
    for (const k of KEPT) expect(r.text, k).toContain(k);
  });

  it('keeps names, prefixes and the line count; the key keeps its `#9 0.5xx` prefixes', () => {
    expect(after).toHaveLength(before.length);
    expect(after[0]).toContain(
      '--build-arg DEPLOY_KEY=[redacted:build-arg] --build-arg APP_VERSION=1.4.2',
    );
    expect(after[29]).toContain('TOKEN=[redacted:build-arg] npm ci');
    expect(after[85]).toContain('{"client_secret": "[redacted:secret-assignment]"');
    expect(after[83]).toBe(
      '#12 0.031 connecting to postgres://[redacted:url-credentials]@db.example.com:5432/app',
    );
    expect(after.slice(46, 55)).toEqual([
      '#9 0.513 [redacted:private-key]',
      '#9 0.513 [redacted:private-key]',
      '#9 0.513 [redacted:private-key]',
      '#9 0.513',
      '#9 0.514 [redacted:private-key]',
      '#9 0.514 [redacted:private-key]',
      '#9 0.514 [redacted:private-key]',
      '#9 0.515 [redacted:private-key]',
      '#9 0.515 [redacted:private-key]',
    ]);
  });

  it('is idempotent, also with hideHosts', () => {
    for (const hideHosts of [false, true]) {
      const once = redactLog(fixture, { hideHosts });
      const twice = redactLog(once.text, { hideHosts });
      expect(twice.text).toBe(once.text);
      expect(twice.hits).toEqual([]);
    }
  });

  it('hideHosts also replaces registry and URL hosts, and nothing else more', () => {
    const table = hitTable(fixture, true);
    const hostLines = table.filter(([, k]) => k.includes('host')).map(([n]) => n);
    expect(hostLines).toEqual([1, 8, 15, 16, 24, 32, 40, 41, 61, 74, 75, 84, 88, 89, 109]);
    const withoutHosts = table
      .map(([n, k]): [number, SecretKind[]] => [n, k.filter((x) => x !== 'host')])
      .filter(([, k]) => k.length > 0);
    expect(withoutHosts).toEqual(EXPECTED_HITS);
    const h = lines(redactLog(fixture, { hideHosts: true }).text);
    expect(h[14]).toBe(
      '#4 [build 1/9] FROM [redacted:host]/library/node:20@sha256:a3f1c2e4b5d6a7980b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6',
    );
    expect(h[40]).toBe('#8 0.051 //[redacted:host]/:_authToken=[redacted:npm-token]');
    expect(h[83]).toBe(
      '#12 0.031 connecting to postgres://[redacted:url-credentials]@[redacted:host]/app',
    );
    // The registry `docker login` names is a bare host, neither a URL nor an image reference.
    expect(h[88]).toBe(
      '#12 0.036 docker login -u ci-bot -p [redacted:secret-assignment] [redacted:host]',
    );
    expect(h.join('\n')).not.toMatch(/[a-z]\.example\.(com|org)\b/);
  });

  it('reads to the same builds and steps', () => {
    for (const hideHosts of [false, true]) {
      const a = readLog(fixture).builds;
      const b = readLog(redactLog(fixture, { hideHosts }).text).builds;
      const shape = (bs: typeof a) =>
        bs.map((bd) => bd.steps.map((s) => [s.ref, s.status, s.durationMs]));
      expect(shape(b)).toEqual(shape(a));
      expect(a[0].steps.length).toBe(16);
    }
  });
});

describe('redactLog: shapes the fixture cannot hold', () => {
  const one = (s: string, hideHosts = false) => redactLog(s, { hideHosts });

  it('a private key behind a CI time stamp, with CRLF, keeps every prefix and the line ends', () => {
    const log = [
      '2024-05-01T10:00:00.1000000Z #7 0.100 -----BEGIN OPENSSH PRIVATE KEY-----',
      '2024-05-01T10:00:00.1000001Z #7 0.100 b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW',
      '2024-05-01T10:00:00.1000002Z #7 0.101 QyNTUxOQAAACBFWEFNUExFZXhhbXBsZUVYQU1QTEVleGFtcGxlAAAA',
      '2024-05-01T10:00:00.1000003Z #7 0.101 -----END OPENSSH PRIVATE KEY-----',
      '2024-05-01T10:00:00.2000000Z #7 DONE 0.2s',
      '',
    ].join('\r\n');
    const r = one(log);
    expect(r.text.split('\r\n')).toEqual([
      '2024-05-01T10:00:00.1000000Z #7 0.100 [redacted:private-key]',
      '2024-05-01T10:00:00.1000001Z #7 0.100 [redacted:private-key]',
      '2024-05-01T10:00:00.1000002Z #7 0.101 [redacted:private-key]',
      '2024-05-01T10:00:00.1000003Z #7 0.101 [redacted:private-key]',
      '2024-05-01T10:00:00.2000000Z #7 DONE 0.2s',
      '',
    ]);
    expect(r.hits).toEqual([{ kind: 'private-key', line: 0 }]);
  });

  it('a key cut short ends at the first line that is not key material', () => {
    const r = one(
      '#9 0.5 -----BEGIN EC PRIVATE KEY-----\n#9 0.5 MHcCAQEEIEXAMPLEexample\n#9 DONE 0.6s\n#10 [b 2/2] RUN x',
    );
    expect(r.text).toBe(
      '#9 0.5 [redacted:private-key]\n#9 0.5 [redacted:private-key]\n#9 DONE 0.6s\n#10 [b 2/2] RUN x',
    );
  });

  it('another step interleaved inside a key is left alone (its `#N` differs)', () => {
    const r = one(
      '#9 0.5 -----BEGIN PRIVATE KEY-----\n#10 0.5 MIIEvgIBADANBg\n#9 0.6 MIIEvgIBADANBg',
    );
    expect(r.text).toBe(
      '#9 0.5 [redacted:private-key]\n#10 0.5 MIIEvgIBADANBg\n#9 0.6 MIIEvgIBADANBg',
    );
  });

  it('rawjson: secrets inside base64 `data` are decoded, redacted and encoded again; other data is untouched', () => {
    const b64 = (s: string) => Buffer.from(s, 'latin1').toString('base64');
    const secret = b64('login ok\nexport NPM_TOKEN=hunter2-example\n\xff\xfe raw bytes\n');
    const plain = b64('{"hello":"world"} eyJzdWIiOiJ4In0 sha256:' + 'ab'.repeat(32) + '\n');
    const log = [
      '{',
      '  "logs": [',
      '    {',
      '      "vertex": "sha256:' + 'cd'.repeat(32) + '",',
      `      "data": "${secret}",`,
      '      "timestamp": "2024-05-01T10:00:00.000000000Z"',
      '    },',
      `    { "stream": 1, "data": "${plain}" }`,
      '  ],',
      '  "vertexes": [{ "name": "[build 2/3] RUN PASSWORD=\\"s3cret-example\\" make" }]',
      '}',
    ].join('\n');
    const r = one(log);
    const out = r.text.split('\n');
    expect(r.hits).toEqual([
      { kind: 'secret-assignment', line: 4 },
      { kind: 'build-arg', line: 9 },
    ]);
    expect(out[4]).toBe(
      `      "data": "${b64('login ok\nexport NPM_TOKEN=[redacted:secret-assignment]\n\xff\xfe raw bytes\n')}",`,
    );
    expect(out[7]).toBe(log.split('\n')[7]);
    expect(out[9]).toContain('RUN PASSWORD=\\"[redacted:build-arg]\\" make');
    expect(one(r.text).hits).toEqual([]);
    expect(readLog(r.text).builds.map((b) => b.steps.length)).toEqual(
      readLog(log).builds.map((b) => b.steps.length),
    );
  });

  it('token shapes after an ANSI colour code, and in a Slack webhook URL', () => {
    const ghp = 'ghp_' + 'FAKEfake0'.repeat(4);
    expect(one(`\x1b[32m${ghp}\x1b[0m`).text).toBe('\x1b[32m[redacted:github-token]\x1b[0m');
    // The webhook host is the shape itself, so it appears here and not in the fixture.
    expect(
      one('POST https://hooks.slack.com/services/T0EXAMPLE/B0EXAMPLE/EXAMPLEexample').text,
    ).toBe('POST https://hooks.slack.com/services/[redacted:slack-token]');
  });

  it('assignments: forms that carry a secret', () => {
    const cases: [string, string][] = [
      ['ENV API_TOKEN abc123def', 'ENV API_TOKEN [redacted:build-arg]'],
      ['Step 3/7 : ENV DB_PASSWORD=pw-example', 'Step 3/7 : ENV DB_PASSWORD=[redacted:build-arg]'],
      ["  --token 'tok-example'", "  --token '[redacted:secret-assignment]'"],
      ['  client_secret: cs-example', '  client_secret: [redacted:secret-assignment]'],
      [
        'spring.datasource.password = pw-example',
        'spring.datasource.password = [redacted:secret-assignment]',
      ],
      ['SECRET_KEY_BASE=abcdef0123', 'SECRET_KEY_BASE=[redacted:secret-assignment]'],
      ['x-api-key: k-example', 'x-api-key: [redacted:secret-assignment]'],
      ['PRIVATE-TOKEN: t-example', 'PRIVATE-TOKEN: [redacted:secret-assignment]'],
      ['"auth": "dXNlcjpwYXNz"', '"auth": "[redacted:secret-assignment]"'],
      ['aws_secret_access_key: short-example', 'aws_secret_access_key: [redacted:aws-secret-key]'],
      [
        'git clone https://ghp_likeTOKEN0123456789abcdef@git.example.com/x',
        'git clone https://[redacted:url-credentials]@git.example.com/x',
      ],
    ];
    for (const [input, output] of cases) expect(one(input).text, input).toBe(output);
  });

  it('assignments: look-alikes that are not secrets', () => {
    const kept = [
      'TOKEN= npm ci',
      '--build-arg NPM_TOKEN=$NPM_TOKEN --build-arg GH=${{ secrets.GH }}',
      'docker buildx build --secret id=gh_token,env=GH_TOKEN .',
      'failed to fetch anonymous token: Get "https://auth.example.com/token?scope=x"',
      'failed to load cache key: pull access denied',
      'persist-credentials: true',
      'RUN SECRET_KEY_BASE_DUMMY=1 ./bin/rails assets:precompile',
      'ENV GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D',
      'conda install tiktoken=0.9.0',
      'if [ "$TOKEN" = "" ]; then exit 1; fi',
      '${TOKEN:-unset}',
      'ssh://git@git.example.com/org/repo.git',
      'https://user@git.example.com/org/repo.git',
      'expression evaluated to %!t(string=***)',
      'resolved 1***6, reused 0',
      'Tokenizer: 1200 tokens, key: value pairs',
      'npm notice integrity: sha512-' + 'QmFzZTY0bm90QVNlY3JldA'.repeat(4) + '==',
      'npm notice shasum: 3f2c1e9d4b5a6c7d8e9f0a1b2c3d4e5f6a7b8c9d',
      'npm notice Publishing to https://registry.example.com/ with tag latest and default access',
      'image sha256:' + 'ab'.repeat(32) + ' id 123e4567-e89b-12d3-a456-426614174000',
    ];
    for (const s of kept) expect(one(s).text, s).toBe(s);
  });

  it('hideHosts: registries at the start of image references, hosts in URLs; not plain names or paths', () => {
    const cases: [string, string][] = [
      ['FROM localhost:5000/img:1', 'FROM [redacted:host]/img:1'],
      ['pushing 123456789012.dkr.registry.example.com/app:2', 'pushing [redacted:host]/app:2'],
      ['naming to registry.example.com/a/b:c done', 'naming to [redacted:host]/a/b:c done'],
      ['ref=myregistry:5000/cache,mode=max', 'ref=[redacted:host]/cache,mode=max'],
      ['Get "https://[::1]:8080/v2/"', 'Get "https://[redacted:host]/v2/"'],
    ];
    for (const [input, output] of cases) expect(one(input, true).text, input).toBe(output);
    const kept = [
      'FROM node:20',
      'FROM library/node:20-alpine AS build',
      'at java.base/java.lang.Thread.run(Thread.java:833)',
      '127.0.0.0/8',
      'Affects: Node.js/npm/yarn',
      '/usr/local/lib/python3.12/site-packages/pip',
      'COPY package.json/ ./',
    ];
    for (const s of kept) expect(one(s, true).text, s).toBe(s);
  });
});

describe('redactText and the labels', () => {
  it('redacts a step name and lists each kind once', () => {
    const ghp = 'ghp_' + 'FAKEfake0'.repeat(4);
    expect(redactText(`[build 3/7] RUN TOKEN=${ghp} SECRET=${ghp} npm ci`)).toEqual({
      text: '[build 3/7] RUN TOKEN=[redacted:github-token] SECRET=[redacted:github-token] npm ci',
      kinds: ['github-token'],
    });
    expect(
      redactText('ERROR: failed to push registry.example.com/app:1', { hideHosts: true }),
    ).toEqual({
      text: 'ERROR: failed to push [redacted:host]/app:1',
      kinds: ['host'],
    });
    expect(redactText('plain words')).toEqual({ text: 'plain words', kinds: [] });
  });

  it('has a plain label for every kind', () => {
    const kinds: SecretKind[] = [
      'private-key',
      'jwt',
      'github-token',
      'gitlab-token',
      'npm-token',
      'aws-access-key',
      'aws-secret-key',
      'google-api-key',
      'slack-token',
      'url-credentials',
      'secret-assignment',
      'build-arg',
      'host',
    ];
    expect(Object.keys(SECRET_KIND_LABELS).sort()).toEqual([...kinds].sort());
    expect(SECRET_KIND_LABELS['github-token']).toBe('GitHub token');
    expect(SECRET_KIND_LABELS['secret-assignment']).toBe('password, token or secret assignment');
  });

  it('isSecretName: the last word decides', () => {
    const yes = [
      'NPM_TOKEN',
      'db.password',
      'clientSecret',
      'x-api-key',
      'SECRET_KEY_BASE',
      'DEPLOY_KEY',
      '_authToken',
      'apikey',
      'GITLAB_PAT',
      'TOKEN2',
    ];
    const no = [
      'TOKEN_FILE',
      'KEYRING',
      'CACHE_KEY',
      'PASSWORD_REQUIRED',
      'tokenizers',
      'tiktoken',
      'SECRET_KEY_BASE_DUMMY',
      'GPG_KEY',
      'KEY',
      'KEY_ID',
      'AWS_ACCESS_KEY_ID',
    ];
    for (const n of yes) expect(isSecretName(n), n).toBe(true);
    for (const n of no) expect(isSecretName(n), n).toBe(false);
  });
});

function firstDiff(a: string, b: string): [string, string] {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return [a.slice(Math.max(0, i - 40), i + 60), b.slice(Math.max(0, i - 40), i + 60)];
}

describe('redactLog on random text (fast-check)', () => {
  const PIECES = [
    '#12 0.345 ',
    '#3 DONE 0.1s',
    ' ',
    '\t',
    '\r',
    '=',
    ':',
    ': ',
    '"',
    "'",
    '\\"',
    '\\',
    '-',
    '--',
    '/',
    '//',
    '@',
    '.',
    ',',
    '[',
    ']',
    '{',
    '}',
    '***',
    '[MASKED]',
    '[redacted:host]',
    '[redacted:',
    'redacted',
    '$',
    '${',
    '\x1b[0m',
    'TOKEN',
    'token',
    'password',
    'NPM_TOKEN',
    'api_key',
    'KEY',
    'auth',
    'secret',
    '--password',
    '--build-arg ',
    'ENV ',
    'RUN ',
    'ARG ',
    'Authorization: Bearer ',
    'docker login -p ',
    'https://',
    'postgres://',
    'user:pw',
    'registry.example.com',
    'localhost:5000',
    '/img:1',
    'node:20',
    'sha256:',
    'ghp_',
    'github_pat_',
    'glpat-',
    'npm_',
    'AKIA',
    'AIza',
    'xoxb-',
    'eyJ',
    'hooks.slack.com/services/',
    'EXAMPLEexample0123456789',
    'abcdefghijklmnopqrstuvwxyz',
    'ABCDEFGHIJKLMNOP',
    '0123456789',
    '-----BEGIN RSA PRIVATE KEY-----',
    '-----END RSA PRIVATE KEY-----',
    'PRIVATE KEY',
    'MIIEvgIBADAN==',
    '"data": "',
    'aGVsbG8=',
  ];
  const logLine = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((a) => a.join(''));
  const logText = fc
    .array(fc.oneof(logLine, fc.string({ maxLength: 60 })), { maxLength: 30 })
    .map((a) => a.join('\n'));

  /** Booleans, not `toBe` on the texts: a failing 200 kB line would flood the report. */
  const check = (text: string, hideHosts: boolean) => {
    const once = redactLog(text, { hideHosts });
    const twice = redactLog(once.text, { hideHosts });
    const sameLines = once.text.split('\n').length === text.split('\n').length;
    const idem = twice.text === once.text && twice.hits.length === 0;
    if (!sameLines || !idem)
      throw new Error(
        `${sameLines ? '' : 'line count changed; '}${idem ? '' : 'not idempotent; '}first change: ` +
          JSON.stringify(firstDiff(once.text, twice.text)),
      );
  };

  it('never throws, keeps the line count and is idempotent (random strings)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.boolean(), (s, h) =>
        check(s, h),
      ),
      { numRuns: 500 },
    );
  });

  it('never throws, keeps the line count and is idempotent (log-like pieces)', () => {
    fc.assert(
      fc.property(logText, fc.boolean(), (s, h) => check(s, h)),
      { numRuns: 2000 },
    );
  });

  it('stays linear on long hostile lines (a hang here is a backtracking regex)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PIECES), fc.constantFrom(...PIECES), (a, b) => {
        const line = (a + b).repeat(Math.ceil(200_000 / (a.length + b.length)));
        check(line, true);
      }),
      { numRuns: 60 },
    );
  });
});
