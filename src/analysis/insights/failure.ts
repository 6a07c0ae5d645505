/**
 * The failing step first (PRODUCT.md "What failed?"): which step, its exit
 * code, its last lines, the Dockerfile excerpt BuildKit printed (FORMAT.md
 * §1.6), what was canceled because of it, and a plain reading of the cause
 * from the error text and the tool's last lines.
 */
import type { Finding } from '../../model/analysis';
import type { Build, Step } from '../../model/types';
import { listWords, plural, quote } from './format';
import {
  copyInstruction,
  headerLine,
  lineSet,
  stepByRef,
  stepLabel,
  recapLines,
  stepOutput,
  stepTitle,
  type OutputLine,
} from './step-text';
import type { InsightContext, InsightRule } from './types';

const ID = 'failure';

/** How many of the failing step's last output lines the finding points at. */
const LAST_LINES = 10;
/** How far back from the end of the step's output a cause is looked for (pip's PEP 668 text is ~20 lines). */
const SCAN_LINES = 300;

interface Cause {
  /** What went wrong, in plain words; `$1` is the first capture of the match. */
  words: string;
  fix: string;
}

interface CauseRule {
  id: string;
  /** Tested against each output line and each error message, in order. */
  re: RegExp;
  /** Also when the exit code is this one, without any matching line. */
  exit?: number;
  cause: (m: RegExpExecArray | null, step: Step | null) => Cause;
}

/**
 * Order matters: the first rule that matches wins. Network before "package not
 * found", because pip prints `No matching distribution` when it could not reach
 * the index at all (engine d26-15-fail-pip-offline).
 */
const CAUSES: CauseRule[] = [
  {
    id: 'dockerfile-syntax',
    re: /dockerfile parse error[^:]*: (.*)|(unknown instruction: .*)/i,
    cause: (m) => ({
      words: `the Dockerfile does not parse: ${(m?.[1] ?? m?.[2] ?? '').trim()}`,
      fix: 'Fix the Dockerfile line shown in the excerpt. No step ran: BuildKit reads the whole Dockerfile before it starts.',
    }),
  },
  {
    id: 'copy-source-missing',
    re: /failed to calculate checksum of ref [^"]*"([^"]+)": not found|failed to compute cache key: "?([^"\s]+)"? not found|failed to walk [^:]+: lstat [^:]*?(\/\S+): no such file/,
    cause: (m, step) => {
      const path = m?.[1] ?? m?.[2] ?? m?.[3] ?? 'the source';
      const from = step
        ? copyInstruction(step)?.flags.find((f) => f.startsWith('--from='))
        : undefined;
      if (from)
        return {
          words: `\`${path}\` does not exist in \`${from.slice('--from='.length)}\``,
          fix: `\`COPY ${from}\` copies from another stage or image, not from the context: check that the stage creates \`${path}\` (its WORKDIR, its build output directory; Next.js creates \`public/\` only when the project has one).`,
        };
      return {
        words: `\`${path}\` is not in the build context`,
        fix: `COPY/ADD sources are relative to the build context (the directory given to \`docker build\`), not to the Dockerfile. Check that \`${path}\` exists there, is not excluded by .dockerignore, and is created before the build runs (a generated or untracked file, a CI checkout without it).`,
      };
    },
  },
  {
    id: 'out-of-memory',
    re: /(JavaScript heap out of memory|signal: SIGKILL|\bSIGKILL\b|Cannot allocate memory|fatal error: runtime: out of memory|MemoryError|\bKilled\b)/,
    exit: 137,
    cause: (m) => ({
      words: m
        ? `the process ran out of memory (${quote(m[1])})`
        : 'the process was killed (exit code 137 = SIGKILL, usually the out-of-memory killer)',
      fix: 'Give the builder more memory (Docker Desktop resources, a larger CI runner), or make the step use less: for Node, `ENV NODE_OPTIONS=--max-old-space-size=4096` sized to the machine; fewer parallel jobs (`make -j2`, `--max-workers`).',
    }),
  },
  {
    id: 'no-bridge',
    re: /(network bridge not found)/,
    cause: () => ({
      words: 'the Docker daemon has no default bridge network, which RUN steps use',
      fix: 'Build with `--network=host` (or `RUN --network=none` where the step needs no network), or start dockerd with its bridge (`"bridge": "none"` removed from daemon.json).',
    }),
  },
  {
    id: 'network',
    re: /(Temporary failure in name resolution|Could not resolve host[^\s,]*|Could not resolve '[^']+'|getaddrinfo (?:EAI_AGAIN|ENOTFOUND)|\bECONNRESET\b|\bETIMEDOUT\b|\bECONNREFUSED\b|\bENOTFOUND\b|\bEAI_AGAIN\b|connectex:[^.]*|Network is unreachable|i\/o timeout|TLS handshake timeout|Failed to establish a new connection|Connection timed out|dial tcp [^:]+:\d+: connect: [a-z ]+)/,
    cause: (m) => ({
      words: `the build could not reach the network (${quote(m?.[1] ?? '')})`,
      fix: 'Check that the build has network access and DNS: a `--network=none` build or RUN, a proxy that must be passed as `--build-arg HTTPS_PROXY=…`, a registry mirror that is down, or a transient outage (re-run). Behind a corporate proxy, pass it to the builder too.',
    }),
  },
  {
    id: 'externally-managed',
    re: /(externally-managed-environment)/,
    cause: () => ({
      words:
        "pip refused to install into the distribution's Python (PEP 668 `externally-managed-environment`)",
      fix: 'Install into a virtual environment (`RUN python3 -m venv /opt/venv` and `ENV PATH=/opt/venv/bin:$PATH` before `pip install`), use a `python:` image, or install the Debian packages (`apt-get install python3-xyz`). `--break-system-packages` works but can break the system Python.',
    }),
  },
  {
    id: 'npm-ci-lockfile',
    re: /(The `npm ci` command can only install with an existing package-lock\.json|`npm ci` can only install packages when your package\.json and package-lock\.json)/,
    cause: () => ({
      words: '`npm ci` needs a package-lock.json that matches package.json',
      fix: 'Commit package-lock.json, copy it into the image with package.json (`COPY package.json package-lock.json ./`) and check that .dockerignore does not exclude it; after changing package.json, run `npm install` locally to update the lock file.',
    }),
  },
  {
    id: 'package-not-found',
    re: /npm ERR! 404 +'([^']+)' is not in (?:this|the npm) registry|npm error 404 +'([^']+)' is not in|No matching distribution found for (\S+)|Unable to locate package (\S+)|Package '?([^' ]+)'? has no installation candidate|unable to select packages:?\s*(\S*)|ERR_PNPM_FETCH_404[^\n]*?(\S+@\S*)|Couldn't find package "([^"]+)"|no matching package named `([^`]+)`|Could not find artifact (\S+)|Could not resolve dependencies for project (\S+)|(?:^|\s)(\S+) could not be found in any version/,
    cause: (m) =>
      packageNotFound(
        m
          ?.slice(1)
          .find((g) => g)
          ?.replace(/@\*$/, '') ?? null,
      ),
  },
  {
    // npm's code line comes before the line that names the package: a fallback only.
    id: 'package-not-found-code',
    re: /npm (?:ERR!|error) code E404|ERR_PNPM_FETCH_404/,
    cause: () => packageNotFound(null),
  },
  {
    id: 'base-image',
    re: /(no match for platform in manifest[^\n]*)|(pull access denied[^,\n]*|manifest unknown|failed to resolve source metadata for \S+|repository does not exist)/,
    cause: (m) =>
      m?.[1]
        ? {
            words: `the image has no variant for the requested platform (${quote(m[1])})`,
            fix: 'Use a base image published for that platform, or build for the platforms it has (`--platform`).',
          }
        : {
            words: `an image could not be pulled (${quote(m?.[2] ?? '')})`,
            fix: 'Check the image name and tag, and log in to the registry (`docker login`) when the image is private.',
          },
  },
  {
    id: 'command-not-found',
    re: /(?:^|[\s:])([\w.+/-]+): (?:command )?not found\b|exec: "([^"]+)": executable file not found/,
    exit: 127,
    cause: (m) => {
      const name = (m?.[1] ?? m?.[2])?.replace(/^.*\//, '');
      return {
        words: name
          ? `\`${name}\` is not installed in the image at this step (command not found)`
          : 'a command was not found (exit code 127)',
        fix: name
          ? `Install \`${name}\` in an earlier step (\`apt-get install -y ${name}\`, \`apk add ${name}\`), use a base image that has it, or call it by its full path. For a project script, check that it is copied before this step and that \`node_modules/.bin\` is installed.`
          : 'Install the missing command in an earlier step or use a base image that has it.',
      };
    },
  },
  {
    id: 'missing-file',
    re: /cannot access '([^']+)': No such file or directory|(?:^|\s)(\/[^\s:]+): No such file or directory/,
    cause: (m) => ({
      words: `\`${m?.[1] ?? m?.[2] ?? ''}\` does not exist in the image at this step`,
      fix: 'Check the path: it may be created by a later step, by another stage (copy it with `COPY --from=`), or live in a cache mount, which is not part of the image.',
    }),
  },
  {
    id: 'tests-failed',
    re: /(FAILED \((?:failures|errors)=\d+[^)]*\)|Tests?:\s+\d+ failed|\d+ failing\b|There (?:were|was) \d+ failures?|AssertionError)/,
    cause: (m) => ({
      words: `the tests failed (${quote(m?.[1] ?? '')})`,
      fix: 'Read the failing test in the last lines; the build is doing its job. Run the tests outside the image build (a CI step, or a separate `--target test` stage) if a failing test should not block building the image.',
    }),
  },
  {
    id: 'compile-error',
    re: /(error TS\d+:[^\n]*|COMPILATION ERROR|cannot find symbol|error\[E\d+\][^\n]*|error: could not compile[^\n]*|Failed to compile\.?|Type error: [^\n]*|SyntaxError: [^\n]*|Module not found: [^\n]*)/,
    cause: (m) => ({
      words: `the code does not compile (${quote(m?.[1] ?? '')})`,
      fix: 'Fix the compile error shown in the last lines; it fails the same way outside Docker.',
    }),
  },
  {
    id: 'builder-gone',
    re: /(error reading from server: EOF|code = Unavailable[^\n]*|failed to receive status: [^\n]*)/,
    cause: (m) => ({
      words: `the BuildKit daemon went away mid-build (${quote(m?.[1] ?? '')})`,
      fix: 'The builder crashed, was killed (often out of memory) or its machine shut down. Re-run; if it repeats, give the builder more memory or disk and check its logs (`docker logs buildx_buildkit_<name>0`).',
    }),
  },
];

function packageNotFound(name: string | null): Cause {
  return {
    words: `${name ? `\`${name}\`` : 'a package'} was not found in the package index`,
    fix: 'Check the package name and version (a typo, a private package without credentials in the build, a version that does not exist for this platform or Python/Node version). For apt, run `apt-get update` in the same RUN as `apt-get install`.',
  };
}

const CANCELED: CauseRule = {
  id: 'canceled',
  re: /(context canceled)/,
  cause: () => ({
    words: 'the build was canceled before it finished',
    fix: 'Nothing in the Dockerfile failed: the client stopped the build (Ctrl-C, a CI job timeout or cancellation, a newer run replacing this one, or a bake target that failed elsewhere). Look at what the CI job or terminal says around it.',
  }),
};
CAUSES.push(CANCELED);

const GENERIC = (exit: number | null): Cause => ({
  words: exit !== null ? `the command exited with code ${exit}` : 'the step failed',
  fix: "Read the step's last lines: the tool printed why it stopped. If BuildKit clipped the output (`[output clipped, log limit … reached]`), raise the limit with the builder's BUILDKIT_STEP_LOG_MAX_SIZE and run again to see all of it.",
});

interface Diagnosis {
  cause: Cause;
  /** Input line of the evidence, when it is a line of the log. */
  line: number | null;
}

function diagnose(
  step: Step | null,
  output: OutputLine[],
  messages: { text: string; line: number | null }[],
  exit: number | null,
): Diagnosis {
  const texts = [
    ...output.slice(-SCAN_LINES).map((o) => ({ text: o.text, line: o.line })),
    ...messages,
  ];
  for (const rule of CAUSES) {
    for (const t of texts) {
      const m = rule.re.exec(t.text);
      if (m) return { cause: rule.cause(m, step), line: t.line };
    }
    if (rule.exit !== undefined && exit === rule.exit)
      return { cause: rule.cause(null, step), line: null };
  }
  return { cause: GENERIC(exit), line: null };
}

/** The excerpt's own lines: `Dockerfile:4`, dashes, rows, dashes. */
function excerptLines(build: Build, text: readonly string[]): number[] {
  const ex = build.excerpt;
  if (!ex) return [];
  const out: number[] = [];
  for (let l = ex.firstLine; l < Math.min(text.length, ex.firstLine + ex.rows.length + 3); l++)
    out.push(l);
  return out;
}

function excerptSnippet(build: Build): string | null {
  const ex = build.excerpt;
  if (!ex || !ex.rows.length) return null;
  const width = String(Math.max(...ex.rows.map((r) => r.number))).length;
  const rows = ex.rows.map(
    (r) => `${String(r.number).padStart(width)} | ${r.marked ? '>>>' : '   '} ${r.text}`,
  );
  return [`# ${ex.file}:${ex.line}`, ...rows].join('\n');
}

function errorStatusLines(step: Step, text: readonly string[]): number[] {
  return step.statusLineNumbers.filter((l) => /^#\S+ ERROR\b/.test(text[l] ?? ''));
}

function check(ctx: InsightContext): Finding[] {
  const { build } = ctx;
  const primary = stepByRef(build, build.error?.step ?? null);
  const failed = build.steps.filter(
    (s) =>
      s !== primary &&
      s.status === 'error' &&
      // A failed cache import is not fatal: BuildKit builds without it (FORMAT.md §1.5).
      !(s.kind === 'cache-import' && !build.error),
  );
  if (primary) failed.unshift(primary);
  if (!build.error && !failed.length) return [];
  const canceled = build.steps.filter((s) => s.status === 'canceled');
  if (!failed.length) return [describe(ctx, null, true, canceled)];
  // The first failed step carries the build's error, excerpt and cancellations.
  return failed.map((s, k) => describe(ctx, s, k === 0, k === 0 ? canceled : []));
}

function describe(
  ctx: InsightContext,
  step: Step | null,
  isPrimary: boolean,
  canceled: Step[],
): Finding {
  const { build, text } = ctx;
  const exit = step?.exitCode ?? (isPrimary ? (build.error?.exitCode ?? null) : null);
  const own = step ? stepOutput(step, text) : [];
  const output = (own.length || !step ? own : recapLines(build, step, text)).filter(
    (o) => o.text.trim() !== '',
  );
  const last = output.slice(-LAST_LINES);
  const messages: { text: string; line: number | null }[] = [];
  if (step?.error)
    messages.push({ text: step.error, line: errorStatusLines(step, text)[0] ?? null });
  if (build.error && isPrimary)
    messages.push({ text: build.error.message, line: build.error.line });
  const diagnosis = diagnose(step, output, messages, exit);
  const { line: evidence } = diagnosis;
  let cause = diagnosis.cause;
  if (!isPrimary && cause.words === GENERIC(exit).words && step?.error)
    cause = {
      words: `it failed at the same time (${quote(step.error)}), most likely because of the first failure`,
      fix: 'Fix the first failure; this one usually goes with it.',
    };
  const running = !step ? build.steps.filter((s) => s.status === 'unfinished') : [];
  const ranAny = build.steps.some((s) => s.kind === 'step' || s.kind === 'base');

  const where = step ? `\`${stepTitle(step, 90)}\`` : 'The build';
  const exitWords = exit !== null ? ` with exit code ${exit}` : '';
  const lastWords = last.length
    ? ` Its last ${plural(last.length, 'line')}:\n${last.map((o) => `    ${o.text}`).join('\n')}`
    : '';
  const ex = build.excerpt;
  const excerptWords = ex && isPrimary ? ` BuildKit points at ${ex.file} line ${ex.line}.` : '';
  const runningWords = running.length
    ? ` Still running when it stopped: ${listWords(running.map((s) => `\`${stepLabel(s, 70)}\``))}.`
    : '';
  const cancelWords = canceled.length
    ? ` ${step ? 'Canceled because of it' : 'Canceled'}: ${listWords(canceled.map((s) => `\`${stepLabel(s, 70)}\``))}.`
    : '';
  const title = step
    ? `${stepTitle(step, 70)} failed: ${cause.words}`
    : `The build failed${ranAny ? '' : ' before any step ran'}: ${cause.words}`;
  return {
    rule: ID,
    severity: isPrimary ? 'high' : 'medium',
    title,
    detail: `${where} failed${exitWords}: ${cause.words}.${excerptWords}${cancelWords}${runningWords}${lastWords}`,
    steps: [
      ...(step ? [step.index] : []),
      ...canceled.map((s) => s.index),
      ...running.map((s) => s.index),
    ],
    lines: lineSet(
      step ? [headerLine(step)] : [],
      last.map((o) => o.line),
      [evidence],
      step ? errorStatusLines(step, text) : [],
      isPrimary && build.error ? [build.error.line, ...build.errorLines] : [],
      isPrimary ? excerptLines(build, text) : [],
      canceled.map((s) => headerLine(s)),
      running.map((s) => headerLine(s)),
    ),
    timeAtStakeMs: null,
    fix: cause.fix,
    snippet: isPrimary ? excerptSnippet(build) : null,
  };
}

export const failure: InsightRule = { id: ID, check };
