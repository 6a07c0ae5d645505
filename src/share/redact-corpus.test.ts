/**
 * Redaction over every log of the shared corpus (`../shared/corpus`, see its
 * README.md; skipped, saying so, when it is absent).
 *
 * The corpus holds real logs that were published, so CI had already masked
 * what it knew (`***`) and nobody left a live secret in them: by default the
 * rules find nothing in any file, and every file comes back byte for byte.
 * That "nothing" was checked by hand, not assumed: a grep of every line with a
 * secret-looking name before `=`, `:` or a flag, and with every token prefix,
 * showed only the look-alikes in LOOK_ALIKES below; the two rules that first
 * misfired on them (`anonymous token: Get …` read as a YAML key, and
 * `--password via the CLI` read as a flag value) were fixed.
 *
 * With hideHosts the hits are registry and URL hosts only, 10,205 of them in
 * 162 files (real/ 8,260, engine/ 1,610, engine-pip/ 335), judged by listing
 * every distinct replaced host with its count and an example line: all are
 * host names, IP addresses with ports, or the host of a `docker-desktop://`
 * link; none is a file name, Java module, CIDR or version (those misfired once
 * and the image-reference rule was narrowed). Most come from one Maven log
 * (6,523 `Downloading from central: https://…`). The table is per file.
 */
import { expect, it } from 'vitest';
import { analyze } from '../analysis/analyze';
import type { LogModel } from '../model/types';
import { readLog } from '../read/read-log';
import { corpusFiles, describeCorpus, HAVE_CORPUS, readCorpus } from '../test-support/corpus';
import { redactLog, type Redaction } from './redact';

const ALL_FILES = HAVE_CORPUS
  ? [...corpusFiles('real'), ...corpusFiles('engine'), ...corpusFiles('engine-pip')]
  : [];

/** The file's text, decoded the way the corpus README counts lines (as src/corpus.test.ts does). */
function decoded(rel: string): string {
  const b = readCorpus(rel);
  if (b[0] === 0xff && b[1] === 0xfe) return new TextDecoder('utf-16le').decode(b);
  return new TextDecoder('utf-8').decode(b);
}

const texts = new Map<string, string>();
const text = (rel: string): string => {
  let t = texts.get(rel);
  if (t === undefined) texts.set(rel, (t = decoded(rel)));
  return t;
};
const redactions = new Map<string, Redaction>();
function redacted(rel: string, hideHosts: boolean): Redaction {
  const key = `${hideHosts}:${rel}`;
  let r = redactions.get(key);
  if (!r) redactions.set(key, (r = redactLog(text(rel), { hideHosts })));
  return r;
}

/** Every occurrence of `re` in `s`, sorted (a multiset to compare). */
const all = (s: string, re: RegExp): string[] => (s.match(re) ?? []).sort();

const HOST_MARKER = '[redacted:host]';

/**
 * What the host markers of a line stand for: the original is the redacted line
 * with each marker replaced by one piece; pieces are read left to right.
 */
function replacedPieces(orig: string, red: string): string[] | null {
  const parts = red.split(HOST_MARKER);
  if (!orig.startsWith(parts[0])) return null;
  const pieces: string[] = [];
  let at = parts[0].length;
  for (let k = 1; k < parts.length; k++) {
    const next = parts[k];
    const end = next ? orig.indexOf(next.slice(0, 12), at + 1) : orig.length;
    if (end < 0) return null;
    pieces.push(orig.slice(at, end));
    at = end + Math.min(next.length, 12);
    if (next.length > 12) {
      if (!orig.startsWith(next.slice(12), at)) return null;
      at += next.length - 12;
    }
  }
  return at === orig.length ? pieces : null;
}

/** A host name, an IPv4/IPv6 address, with or without a port. */
const HOST_SHAPE =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(?::\d+)?$/;

/**
 * Lines of the corpus that look like secrets and are not, each judged by hand
 * (1-based, as `grep -n` prints them). CI masks, variable references, a
 * switch, package names and prose.
 */
const LOOK_ALIKES: [string, number, string][] = [
  ['real/ci-github-docker-build-then-docker-push.log', 31, '  token: ***'],
  ['real/ci-github-docker-build-then-docker-push.log', 34, '  persist-credentials: true'],
  ['real/ci-github-docker-build-then-docker-push.log', 77, 'AUTHORIZATION: basic ***'],
  ['real/ci-github-docker-build-then-docker-push.log', 98, '  password: ***'],
  ['real/ci-github-flyio-depot-retry-bun-nextjs-cache-mounts.log', 123, 'FLY_API_TOKEN: ***'],
  ['real/ci-github-buildx-multiplatform-no-match-for-platform.log', 12, 'github-token: ***'],
  [
    'real/ci-gitea-act-runner-two-parallel-builds-interleaved-masked-digits.log',
    36,
    "'%!t(string=***)'",
  ],
  [
    'real/ci-gitea-act-runner-two-parallel-builds-interleaved-masked-digits.log',
    237,
    'resolved 1***6',
  ],
  ['real/ci-gitlab-raw-trace-ansi-sections-shell-executor.log', 65, '-p $CI_REGISTRY_PASSWORD'],
  ['real/ci-gitlab-raw-trace-ansi-sections-shell-executor.log', 66, 'Using --password via the CLI'],
  ['real/ci-gitlab-webui-k8s-executor-docker-build-push.log', 45, '-p "$CI_REGISTRY_PASSWORD"'],
  [
    'real/plain-compose-bake-windows-registry-auth-timeout.log',
    19,
    'anonymous token: Get "https://',
  ],
  ['real/ci-kamal-sshkit-debug-prefixed-buildx-push.log', 89, 'RUN SECRET_KEY_BASE_DUMMY=1'],
  [
    'real/plain-compose-bake-3-services-arm64-containerd-unpacking-pip-nextjs.log',
    1549,
    'tokenizers==0.21.2',
  ],
  [
    'real/plain-compose-bake-3-services-arm64-containerd-unpacking-pip-nextjs.log',
    1553,
    'tiktoken==0.9.0',
  ],
  ['real/plain-2020-buildx-cache-from-local-pull-denied.log', 26, 'failed to load cache key: pull'],
  ['engine/d26-23-args-secret-target.plain.log', 20, '--mount=type=secret,id=api_token'],
  ['engine/d26-23-args-secret-target.plain.log', 21, 'secret mounted: 25 bytes'],
];

/** Host hits per file with hideHosts (files not listed have none); see the header for how they were judged. */
const HOSTS_BY_FILE: Record<string, number> = {
  'real/ci-coolify-deploy-nextjs-build-failure.log': 34,
  'real/ci-gitea-act-runner-two-parallel-builds-interleaved-masked-digits.log': 30,
  'real/ci-github-build-push-git-context-gradle-push.log': 117,
  'real/ci-github-buildx-multiplatform-no-match-for-platform.log': 14,
  'real/ci-github-docker-build-then-docker-push.log': 14,
  'real/ci-github-flyio-depot-retry-bun-nextjs-cache-mounts.log': 29,
  'real/ci-github-selfhosted-webui-compose-up-build.log': 3,
  'real/ci-github-webui-multiplatform-apt-failure-canceled-lint-warnings.log': 62,
  'real/ci-gitlab-raw-trace-ansi-sections-shell-executor.log': 5,
  'real/ci-gitlab-webui-k8s-executor-docker-build-push.log': 8,
  'real/ci-jenkins-windows-compose-v1-buildkit-digest-lines.log': 19,
  'real/ci-kamal-sshkit-debug-prefixed-buildx-push.log': 17,
  'real/ci-render-deploy-nanosecond-ts-local-cache-import-lazy-pull.log': 8,
  'real/legacy-buildctl-k8s-push-wrapped.log': 7,
  'real/legacy-buildctl-v0.3.0-2026-rerun-ubuntu.log': 7,
  'real/legacy-buildctl-v0.4.0-2026-rerun-ubuntu.log': 7,
  'real/mangled-agent-transcript-line-numbered-truncated.log': 3,
  'real/mangled-flyio-depot-dashboard-copy-blank-lines-sigkill.log': 10,
  'real/mangled-gha-webui-copy-emoji-lost.log': 6,
  'real/mangled-github-issue-transfer-step-refs-rewritten.log': 7,
  'real/mangled-korean-translation-seconds-as-cho-tty.log': 2,
  'real/mangled-powershell-utf16le-23col-wrap-npm-econnreset.log': 7,
  'real/mangled-powershell-utf16le-gbk-mojibake-pip-bars-truncated.log': 41,
  'real/mangled-powershell-utf16le-nativecommanderror-80col-wrap.log': 55,
  'real/mangled-qemu-devel-email-quoted-printable-tty-190col-padded.log': 6,
  'real/mangled-tty-compose-error-indented-crlf-doubled-lines.log': 7,
  'real/plain-2020-buildx-cache-from-local-pull-denied.log': 5,
  'real/plain-bake-web-api-npm-ci-error-target-prefix.log': 4,
  'real/plain-buildctl-v0.21.1-same-dockerfile.log': 5,
  'real/plain-buildctl-v0.5.0-first-compact-format.log': 5,
  'real/plain-compose-bake-3-services-arm64-containerd-unpacking-pip-nextjs.log': 264,
  'real/plain-compose-bake-7-java-services-maven-unprefixed-progress-3.7mb.log': 6466,
  'real/plain-compose-bake-windows-registry-auth-timeout.log': 12,
  'real/plain-compose-node-python-npm-ci-error-canceled.log': 23,
  'real/plain-compose-web-debian-jessie-apache-php.log': 211,
  'real/plain-daemon-eof-unavailable-mid-run.log': 10,
  'real/plain-easypanel-compose-bake-4-services-uv-pnpm-nextjs.log': 35,
  'real/plain-easypanel-nixpacks-cache-mount-truncated.log': 111,
  'real/plain-gradle-task-wrapped-docker-build-cached.log': 8,
  'real/plain-huge-wasm-emscripten-pixi-340kb.log': 84,
  'real/plain-jenkins-image-plugin-cli-version-error.log': 5,
  'real/plain-lean-lake-padded-steps-crlf.log': 176,
  'real/plain-nestjs-prisma-error-cp437-mojibake.log': 11,
  'real/plain-nextjs-build-then-cache-key-checksum-not-found.log': 21,
  'real/plain-npm-patch-package-exit-127.log': 5,
  'real/plain-paas-banner-npm-ci-nextjs-swc-error.log': 8,
  'real/plain-python-pip-multistage-parallel-lambda.log': 73,
  'real/plain-python-pip-nltk-ml-app.log': 4,
  'real/plain-ros-colcon-empty-continuation-warn-canceled.log': 15,
  'real/plain-script-wrapped-n8n-arm64-big-context.log': 17,
  'real/plain-short-canceled-context-canceled.log': 4,
  'real/tty-2021-yarn-astro-oom-exit-134-hash-prefixed-recap.log': 5,
  'real/tty-compose-bake-frontend-backend-pnpm-uv-windows.log': 9,
  'real/tty-compose-build-three-services-prefixed.log': 11,
  'real/tty-raw-ansi-redraw-utf16le-maven-compile-error.log': 128,
  'engine/d20-00-image-node.plain.log': 368,
  'engine/d20-00-image-python.plain.log': 46,
  'engine/d20-01-multistage-parallel.plain.log': 3,
  'engine/d20-02-multistage-cached.plain.log': 3,
  'engine/d20-03-npm-cold.plain.log': 3,
  'engine/d20-04-npm-cached.plain.log': 3,
  'engine/d20-05-npm-pkgjson-changed.plain.log': 3,
  'engine/d20-06-npm-src-changed.plain.log': 3,
  'engine/d20-07-apt-cache-cold.plain.log': 31,
  'engine/d20-08-apt-cache-warm.plain.log': 6,
  'engine/d20-09-apt-nocache.plain.log': 31,
  'engine/d20-10-fail-run.plain.log': 2,
  'engine/d20-11-fail-npm-404.plain.log': 3,
  'engine/d20-12-fail-copy-missing.plain.log': 2,
  'engine/d20-14-fail-parallel-cancel.plain.log': 2,
  'engine/d20-15-fail-pip-offline.plain.log': 2,
  'engine/d20-16-fail-pep668.plain.log': 2,
  'engine/d20-17-fail-no-bridge.plain.log': 2,
  'engine/d20-19-big-output-fast.plain.log': 2,
  'engine/d20-20-big-output-slow.plain.log': 2,
  'engine/d20-21-python-app.plain.log': 3,
  'engine/d20-22-python-tests-fail.plain.log': 2,
  'engine/d20-23-args-secret-target.plain.log': 3,
  'engine/d20-24-multistage-nocache.plain.log': 3,
  'engine/d20-31-multistage-nocache.tty.log': 53,
  'engine/d20-32-fail-run.tty.log': 6,
  'engine/d20-33-npm-nocache.tty.log': 89,
  'engine/d26-00-image-node.plain.log': 368,
  'engine/d26-00-image-python.plain.log': 46,
  'engine/d26-00-image-python.rawjson.log': 50,
  'engine/d26-01-multistage-parallel.plain.log': 3,
  'engine/d26-01-multistage-parallel.rawjson.log': 8,
  'engine/d26-02-multistage-cached.plain.log': 3,
  'engine/d26-02-multistage-cached.rawjson.log': 6,
  'engine/d26-03-npm-cold.plain.log': 3,
  'engine/d26-03-npm-cold.rawjson.log': 8,
  'engine/d26-04-npm-cached.plain.log': 3,
  'engine/d26-04-npm-cached.rawjson.log': 6,
  'engine/d26-05-npm-pkgjson-changed.plain.log': 3,
  'engine/d26-05-npm-pkgjson-changed.rawjson.log': 6,
  'engine/d26-06-npm-src-changed.plain.log': 3,
  'engine/d26-06-npm-src-changed.rawjson.log': 6,
  'engine/d26-07-apt-cache-cold.plain.log': 31,
  'engine/d26-07-apt-cache-cold.rawjson.log': 35,
  'engine/d26-08-apt-cache-warm.plain.log': 6,
  'engine/d26-08-apt-cache-warm.rawjson.log': 10,
  'engine/d26-09-apt-nocache.plain.log': 31,
  'engine/d26-09-apt-nocache.rawjson.log': 34,
  'engine/d26-10-fail-run.plain.log': 2,
  'engine/d26-10-fail-run.rawjson.log': 4,
  'engine/d26-11-fail-npm-404.plain.log': 4,
  'engine/d26-11-fail-npm-404.rawjson.log': 5,
  'engine/d26-12-fail-copy-missing.plain.log': 2,
  'engine/d26-12-fail-copy-missing.rawjson.log': 5,
  'engine/d26-14-fail-parallel-cancel.plain.log': 2,
  'engine/d26-14-fail-parallel-cancel.rawjson.log': 5,
  'engine/d26-15-fail-pip-offline.plain.log': 2,
  'engine/d26-15-fail-pip-offline.rawjson.log': 6,
  'engine/d26-16-fail-pep668.plain.log': 2,
  'engine/d26-16-fail-pep668.rawjson.log': 5,
  'engine/d26-17-fail-no-bridge.plain.log': 2,
  'engine/d26-17-fail-no-bridge.rawjson.log': 5,
  'engine/d26-18-heredoc.plain.log': 2,
  'engine/d26-18-heredoc.rawjson.log': 5,
  'engine/d26-19-big-output-fast.plain.log': 2,
  'engine/d26-19-big-output-fast.rawjson.log': 6,
  'engine/d26-20-big-output-slow.plain.log': 2,
  'engine/d26-20-big-output-slow.rawjson.log': 5,
  'engine/d26-21-python-app.plain.log': 3,
  'engine/d26-21-python-app.rawjson.log': 7,
  'engine/d26-22-python-tests-fail.plain.log': 2,
  'engine/d26-22-python-tests-fail.rawjson.log': 4,
  'engine/d26-23-args-secret-target.plain.log': 3,
  'engine/d26-23-args-secret-target.rawjson.log': 7,
  'engine/d26-24-multistage-nocache.plain.log': 3,
  'engine/d26-24-multistage-nocache.rawjson.log': 6,
  'engine/d26-31-multistage-nocache.tty.log': 68,
  'engine/d26-32-fail-run.tty.log': 6,
  'engine/d26-33-npm-nocache.tty.log': 81,
  'engine-pip/pip-cache-cold.gha.log': 14,
  'engine-pip/pip-cache-cold.plain.log': 14,
  'engine-pip/pip-cache-cold.rawjson.log': 23,
  'engine-pip/pip-cache-warm.gha.log': 13,
  'engine-pip/pip-cache-warm.plain.log': 13,
  'engine-pip/pip-cache-warm.rawjson.log': 20,
  'engine-pip/pip-no-cache-dir-run1.gha.log': 11,
  'engine-pip/pip-no-cache-dir-run1.plain.log': 11,
  'engine-pip/pip-no-cache-dir-run2.gha.log': 12,
  'engine-pip/pip-no-cache-dir-run2.plain.log': 12,
  'engine-pip/pip-nomount-changed.gha.log': 15,
  'engine-pip/pip-nomount-changed.plain.log': 15,
  'engine-pip/pip-nomount-cold.gha.log': 14,
  'engine-pip/pip-nomount-cold.plain.log': 14,
  'engine-pip/pip-private-concurrent-a.gha.log': 9,
  'engine-pip/pip-private-concurrent-a.plain.log': 9,
  'engine-pip/pip-private-concurrent-b.gha.log': 11,
  'engine-pip/pip-private-concurrent-b.plain.log': 11,
  'engine-pip/pip-private-warmup.gha.log': 11,
  'engine-pip/pip-private-warmup.plain.log': 11,
  'engine-pip/pip-target-mount-mkdir-run1.gha.log': 9,
  'engine-pip/pip-target-mount-mkdir-run1.plain.log': 9,
  'engine-pip/pip-target-mount-mkdir-run2.gha.log': 9,
  'engine-pip/pip-target-mount-mkdir-run2.plain.log': 9,
  'engine-pip/pip-target-mount-run1.gha.log': 9,
  'engine-pip/pip-target-mount-run1.plain.log': 9,
  'engine-pip/pip-target-mount-run2.gha.log': 9,
  'engine-pip/pip-target-mount-run2.plain.log': 9,
};

/** What a reader and the analysis make of a log, without the names redaction may change. */
function structure(m: LogModel) {
  const analyses = analyze(m);
  return m.builds.map((b, i) => ({
    wallMs: b.wallMs,
    exitCode: b.error?.exitCode ?? null,
    steps: b.steps.map((s) => [s.ref, s.status, s.durationMs, s.startMs]),
    criticalPath: analyses[i].criticalPath.steps,
    findings: analyses[i].findings.map((f) => [f.rule, f.steps, f.lines]),
  }));
}

describeCorpus('redaction over the corpus', () => {
  it('covers every log of real/, engine/ and engine-pip/', () => {
    expect(ALL_FILES.length).toBe(169);
  });

  it('keeps the line count and every sha256 digest of every file; versions too when hosts stay', () => {
    const problems: string[] = [];
    for (const rel of ALL_FILES) {
      const t = text(rel);
      for (const hideHosts of [false, true]) {
        const r = redacted(rel, hideHosts);
        if (r.text.split('\n').length !== t.split('\n').length) problems.push(`${rel}: line count`);
        const digests = /sha256:[0-9a-f]{64}/g;
        if (all(r.text, digests).join() !== all(t, digests).join())
          problems.push(`${rel}: digests`);
        // With hideHosts an IP registry (`127.0.0.1:8631`) looks like a version and goes.
        const versions = /\b\d+\.\d+\.\d+\b/g;
        if (!hideHosts && all(r.text, versions).join() !== all(t, versions).join())
          problems.push(`${rel}: versions`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('finds no secret in any file, so each comes back unchanged; the look-alikes stay', () => {
    const hits = ALL_FILES.flatMap((rel) =>
      redacted(rel, false).hits.map((h) => `${rel}:${h.line + 1} ${h.kind}`),
    );
    expect(hits).toEqual([]);
    for (const rel of ALL_FILES) expect(redacted(rel, false).text === text(rel), rel).toBe(true);
    for (const [rel, n, snippet] of LOOK_ALIKES)
      expect(text(rel).split('\n')[n - 1], `${rel}:${n}`).toContain(snippet);
  });

  it('with hideHosts finds hosts only, as many per file as the table says, and each one is a host', () => {
    const byFile: Record<string, number> = {};
    const problems: string[] = [];
    for (const rel of ALL_FILES) {
      const r = redacted(rel, true);
      const kinds = new Set(r.hits.map((h) => h.kind));
      if ([...kinds].some((k) => k !== 'host')) problems.push(`${rel}: ${[...kinds].join(',')}`);
      if (r.counts.host) byFile[rel] = r.counts.host;
      const a = text(rel).split('\n');
      const b = r.text.split('\n');
      for (let i = 0; i < a.length; i++) {
        // rawjson `data` lines change inside base64; their hosts are counted, not shown.
        if (a[i] === b[i] || a[i].includes('"data":')) continue;
        const pieces = replacedPieces(a[i], b[i]);
        if (!pieces) problems.push(`${rel}:${i + 1}: changed beyond host markers`);
        else
          for (const p of pieces)
            if (!HOST_SHAPE.test(p)) problems.push(`${rel}:${i + 1}: ${JSON.stringify(p)}`);
      }
    }
    expect(problems.slice(0, 20)).toEqual([]);
    expect(byFile).toEqual(HOSTS_BY_FILE);
    expect(Object.values(byFile).reduce((s, n) => s + n, 0)).toBe(10_205);
  });

  it('is idempotent on every file', () => {
    const problems: string[] = [];
    for (const rel of ALL_FILES) {
      const once = redacted(rel, true);
      const twice = redactLog(once.text, { hideHosts: true });
      if (twice.text !== once.text || twice.hits.length) problems.push(rel);
    }
    expect(problems).toEqual([]);
  });

  it('reads and analyses a redacted log to the same builds, steps, statuses and durations', () => {
    const problems: string[] = [];
    for (const rel of ALL_FILES) {
      const before = JSON.stringify(structure(readLog(text(rel))));
      const after = JSON.stringify(structure(readLog(redacted(rel, true).text)));
      if (after !== before) problems.push(rel);
    }
    expect(problems).toEqual([]);
  });
});
