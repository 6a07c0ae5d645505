/**
 * The one-line rules of redaction (redact.ts holds the multi-line private-key
 * state and the rawjson `data` fields). Each rule is a regex with bounded
 * quantifiers and no nested ambiguity, so its cost is linear in the line; a
 * line that names none of the trigger substrings skips all of them.
 *
 * Every rule leaves a marker (`[redacted:<kind>]`) in place of the value and
 * treats markers and CI masks (`***`, `[MASKED]`) as already clean, so a
 * second pass finds nothing.
 */

export type SecretKind =
  | 'private-key'
  | 'jwt'
  | 'github-token'
  | 'gitlab-token'
  | 'npm-token'
  | 'aws-access-key'
  | 'aws-secret-key'
  | 'google-api-key'
  | 'slack-token'
  | 'url-credentials'
  | 'secret-assignment'
  | 'build-arg'
  | 'host';

/** Plain words for the UI. */
export const SECRET_KIND_LABELS: Record<SecretKind, string> = {
  'private-key': 'private key',
  jwt: 'JSON web token (JWT)',
  'github-token': 'GitHub token',
  'gitlab-token': 'GitLab token',
  'npm-token': 'npm token',
  'aws-access-key': 'AWS access key ID',
  'aws-secret-key': 'AWS secret access key',
  'google-api-key': 'Google API key',
  'slack-token': 'Slack token or webhook',
  'url-credentials': 'user name and password in a URL',
  'secret-assignment': 'password, token or secret assignment',
  'build-arg': 'secret build argument',
  host: 'registry or host name',
};

export const SECRET_KINDS = Object.keys(SECRET_KIND_LABELS) as SecretKind[];

/**
 * No spaces, so a redacted `--build-arg X=…`, URL or image reference stays one
 * word for whatever splits it; brackets, so it cannot be read as a value, a
 * host or a token by any rule here (idempotence).
 */
export const marker = (kind: SecretKind): string => `[redacted:${kind}]`;

// ------------------------------------------------------------ pre-checks

/**
 * Every secret name (SECRET_WORD below) holds one of these, so a line without
 * any cannot match an assignment rule; keep the two lists in step.
 */
const TRIGGER_WORDS = /tok|secret|pass|pwd|key|auth|cred|pat/i;
const TRIGGER_SHAPES =
  /gh[pousr]_|github_pat_|gl[a-z]{2,7}-|npm_|A[KS]IA|AIza|xox[abprs]-|xapp-|hooks\.slack|eyJ|:\/\/|login/;
/** Lines without these cannot hold a URL or an image reference with a registry. */
const TRIGGER_IMAGE_HOST =
  /[a-z0-9-]\.[a-z]{2,63}(?::\d{1,5})?\/|localhost[:/]|\d\.\d{1,3}(?::\d{1,5})?\/|[a-z0-9-]:\d{2,5}\//;

export const mayHoldSecret = (line: string): boolean =>
  TRIGGER_WORDS.test(line) || TRIGGER_SHAPES.test(line);
export const mayHoldHost = (line: string): boolean =>
  line.includes('://') || TRIGGER_IMAGE_HOST.test(line);

// ------------------------------------------------------------ helpers

/** A rule's verdict on one match: its replacement and kind, or null to leave it. */
type Verdict = { text: string; kind: SecretKind } | null;

/**
 * Replaces the matches `judge` accepts. A refused match moves the search one
 * character on, so a shorter match inside it can still be found.
 */
function scan(
  line: string,
  re: RegExp,
  judge: (m: RegExpExecArray) => Verdict,
  found: SecretKind[],
): string {
  re.lastIndex = 0;
  let out = '';
  let last = 0;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    const v = judge(m);
    if (v) {
      out += line.slice(last, m.index) + v.text;
      last = m.index + m[0].length;
      found.push(v.kind);
      re.lastIndex = Math.max(last, m.index + 1);
    } else re.lastIndex = m.index + 1;
  }
  return last === 0 ? line : out + line.slice(last);
}

/**
 * Values that are not secrets: CI masks (GitHub `***`, Jenkins `****`, GitLab
 * `[MASKED]`, also inside a longer value where only the secret part was
 * masked), our own markers, variable references and templates, placeholders,
 * switches and file paths.
 */
const NOT_A_SECRET =
  /^(?:$|\$|%\w+%|\{\{|<[^>]*>$|\[redacted:|(?:true|false|yes|no|null|nil|none|undefined|on|off|0|1)$|(?:\/|\.\.?\/|~\/)[\w./@+:[\]-]*$)|\*\*\*|\[MASKED\]/i;

/** A captured value without its quotes, and the quotes to put back. */
function unquote(v: string): { inner: string; open: string; close: string } {
  for (const q of ['\\"', '"', "'"])
    if (v.length >= 2 * q.length && v.startsWith(q) && v.endsWith(q))
      return { inner: v.slice(q.length, -q.length), open: q, close: q };
  return { inner: v, open: '', close: '' };
}

/**
 * A value after `=`, `:` or a flag: quoted (also JSON-escaped `\"…\"`, as in
 * rawjson step names), or a bare word that ends at whitespace, a quote or a
 * shell/URL separator. A bare word never starts with a bracket, `=` or `:`, so
 * markers and `[MASKED]` are not values, and a value cannot be re-read as the
 * separator of a shorter match on a second pass.
 */
const BARE_STOP = String.raw`\s"'\\` + '`' + ',;&|<>()';
const VALUE =
  String.raw`(\\"[^"\\]{0,500}\\"|"(?:[^"\\\n]|\\.){0,500}"|'[^'\n]{0,500}'|` +
  `[^${BARE_STOP}\\[\\]{}=:][^${BARE_STOP}]{0,499})`;

/**
 * Left edge of a token shape: not inside a longer word, but right after an ANSI
 * colour code is fine. Here and in every left edge below, `]` counts as part of
 * a word: a marker ends with it, and an edge that a marker could create would
 * let a second pass find what the first did not (`\b` is never used for that).
 */
const EDGE = String.raw`(?:(?<![A-Za-z0-9_\]-])|(?<=\x1b\[[0-9;]*m))`;

// ------------------------------------------------------------ token shapes

/**
 * Shapes published by the issuers; each matches the whole token. GitLab's
 * prefixes are its "Token prefixes" table (docs.gitlab.com/security/tokens),
 * with the optional `.<version>.<crc>` tail of routable tokens.
 */
const TOKEN_SHAPES: { kind: SecretKind; hint: RegExp; re: RegExp }[] = [
  {
    kind: 'jwt',
    hint: /eyJ/,
    re: new RegExp(
      EDGE + String.raw`eyJ[A-Za-z0-9_-]{8,4000}\.[A-Za-z0-9_-]{8,8000}\.[A-Za-z0-9_-]{8,4000}`,
      'g',
    ),
  },
  {
    kind: 'github-token',
    hint: /gh[pousr]_|github_pat_/,
    re: new RegExp(
      EDGE +
        String.raw`(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{22,251})(?![A-Za-z0-9_])`,
      'g',
    ),
  },
  {
    kind: 'gitlab-token',
    hint: /gl[a-z]{2,7}-/,
    re: new RegExp(
      EDGE +
        String.raw`(?:glpat|gloas|gldt|glrtr|glrt|glcbt|glptt|glft|glimt|glagent|glsoat|glffct|glwt)-` +
        String.raw`[A-Za-z0-9_-]{20,300}(?:\.[0-9a-z]{1,4}\.[0-9a-z]{1,20})?(?![A-Za-z0-9_-])`,
      'g',
    ),
  },
  {
    kind: 'npm-token',
    hint: /npm_/,
    re: new RegExp(EDGE + 'npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])', 'g'),
  },
  {
    kind: 'aws-access-key',
    hint: /A[KS]IA/,
    re: new RegExp(EDGE + '(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])', 'g'),
  },
  {
    kind: 'google-api-key',
    hint: /AIza/,
    re: new RegExp(EDGE + 'AIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])', 'g'),
  },
  {
    kind: 'slack-token',
    hint: /xox[abprs]-|xapp-/,
    re: new RegExp(EDGE + '(?:xox[abprs]-|xapp-)[A-Za-z0-9-]{10,250}(?![A-Za-z0-9-])', 'g'),
  },
];

/** Slack incoming webhooks: the path after `/services/` is the secret. */
const SLACK_WEBHOOK = /(hooks\.slack\.com\/services\/)([A-Za-z0-9_/-]{8,300})/g;

// ------------------------------------------------------------ URL credentials

const URL_USERINFO =
  /(?<![A-Za-z0-9+.\]-])([A-Za-z][A-Za-z0-9+.-]{0,30}:\/\/)([^\s/?#@"'<>\\]{1,300})@/g;

/** A user part alone is a secret when it looks like a token: long, with letters and digits. */
const TOKEN_LIKE = /^(?=[^:]*\d)(?=[^:]*[A-Za-z])[A-Za-z0-9_.~+=-]{20,}$/;

function judgeUserinfo(m: RegExpExecArray): Verdict {
  const info = m[2];
  if (info.includes('[redacted:') || NOT_A_SECRET.test(info)) return null;
  const colon = info.indexOf(':');
  const secret = colon >= 0 ? info.slice(colon + 1) : info;
  if (colon >= 0 ? NOT_A_SECRET.test(secret) : !TOKEN_LIKE.test(info)) return null;
  return { text: m[1] + marker('url-credentials') + '@', kind: 'url-credentials' };
}

// ------------------------------------------------------------ assignments

/** Last words of a name that make it secret (after camelCase and `_-.` splitting). */
const SECRET_WORD =
  /^(?:TOKEN|SECRET|PASSWORD|PASSWD|PWD|PASS|PASSPHRASE|APIKEY|CREDENTIALS?|AUTH|PAT|(?:API|ACCESS|AUTH|BEARER|REFRESH|ID|SESSION|CLIENT|APP|OAUTH|NPM|GH|GITHUB|GITLAB|CI|JOB|DEPLOY|PRIVATE|PERSONAL|BOT|SECRET)TOKEN|(?:CLIENT|APP|API|JWT|SHARED|WEBHOOK|OAUTH)SECRET|(?:DB|ADMIN|ROOT|USER|SMTP|MYSQL|PG|POSTGRES|REDIS|MAIL|APP)PASS(?:WORD|WD)?|(?:API|ACCESS|SECRET|PRIVATE|CLIENT|AUTH|MASTER|SIGNING|ENCRYPTION)KEY)$/;
/** Words after the secret word that do not change what the value is (`SECRET_KEY_BASE`). */
const VALUE_SUFFIX = /^(?:BASE|VALUE|STRING|STR|B64|BASE64|RAW|HEX)$/;
/** `<word>_KEY` names whose value is not a secret: cache keys, database keys, public keys, fingerprints. */
const HARMLESS_KEY =
  /^(?:CACHE|PRIMARY|SORT|FOREIGN|PUBLIC|PUB|GPG|PGP|PARTITION|ROUTING|IDEMPOTENCY|LOOKUP|MAP|GROUP|SHARD|DEDUP|UNIQUE|COMPOSITE|RANGE|ROW|COLUMN|DICT|TRANSLATION|I18N|LOCALE|MESSAGE|S3|OBJECT|BUCKET|REGISTRY|CONTENT|INDEX|HOST)$/;

/** Does an assignment to `name` carry a secret? `NPM_TOKEN`, `db.password`, `clientSecret`, `x-api-key`; not `TOKEN_FILE`, `KEYRING`, `CACHE_KEY`. */
export function isSecretName(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter(Boolean);
  let end = words.length;
  while (end > 1 && VALUE_SUFFIX.test(words[end - 1])) end--;
  const last = (words[end - 1] ?? '').replace(/(?<=[A-Z])\d+$/, '');
  if (SECRET_WORD.test(last)) return true;
  return last === 'KEY' && end >= 2 && !HARMLESS_KEY.test(words[end - 2]);
}

const AWS_SECRET_NAME = /secret_?access_?key(?:_?(?:base|value|string|str|b64|base64|raw|hex))?$/i;
/** Keys of a BuildKit `--secret id=…,src=…` spec: the spec names a secret, it is not one. */
const SECRET_SPEC = /^(?:id|src|source|env|type|target|required|mode|uid|gid)=/;

const ASSIGNMENT = new RegExp(
  String.raw`(?<![\w.$\]-]|\$\{)(--?)?([A-Za-z_][\w.-]{0,100})(["']?)([ \t]*:?=(?![=>~])[ \t]*|[ \t]*:(?!:)[ \t]*|[ \t]+)` +
    VALUE,
  'g',
);

/** Words that follow a flag in prose (`Using --password via the CLI is insecure`), not a value. */
const PROSE_WORD =
  /^(?:via|is|are|was|and|or|to|the|a|an|flag|option|instead|with|for|on|in|of|from|not|can|will|must|should|when|if|only|also|argument|parameter|value|has|have|be)$/i;

/**
 * Is `before` the start of a line or object, up to a key: nothing, a log
 * prefix (`#12 0.345`, a CI time stamp, `web-1 |`, a YAML `-`), or `{`, `,`, `(`, `[`?
 */
function startsKey(before: string): boolean {
  // Log prefixes are short; a long `before` is prose (and scanning it for every match would be quadratic).
  if (before.length > 120) return false;
  const t = before.trimEnd();
  if (!t || /[{,([]$/.test(t)) return true;
  return t.split(/[ \t]+/).every((w) => w === '' || /\d|^[|#=>*-]+$/.test(w));
}

/** Where the line first shows a Dockerfile instruction (`] RUN `, `Step 3/7 : ENV `), or -1. */
const instructionAt = (line: string): number => line.search(/(?<![\w\]])(?:ARG|ENV|RUN)[ \t]/);

function judgeAssignment(m: RegExpExecArray, line: string, instrAt: number): Verdict {
  const [whole, dashes = '', name, quote, sep, value] = m;
  if (!isSecretName(name)) return null;
  // Only the end of what comes before matters here; a bounded slice keeps long lines linear.
  const before = line.slice(Math.max(0, m.index - 200), m.index);
  if (sep.includes('=')) {
    // `TOKEN= npm ci` is an empty assignment followed by a command, unless spaced on both sides (`password = x`).
    if (/=[ \t]/.test(sep) && !/^[ \t]/.test(sep)) return null;
  } else if (sep.includes(':')) {
    // YAML and headers put a space after the colon, JSON a quote before it; `a:b` is neither.
    if (!quote && !/:[ \t]/.test(sep)) return null;
    // `failed to fetch anonymous token: Get …` is prose: a one-word key must start its line or object.
    if (!quote && !/[A-Z_.-]|[a-z][A-Z]/.test(name.slice(1)) && !startsKey(before)) return null;
  } else if (!dashes && !/(?<![\w\]])ENV[ \t]+$/.test(before)) return null; // a value after a space only for `--flag value`, `ENV NAME value`
  const { inner, open, close } = unquote(value);
  if (NOT_A_SECRET.test(inner) || SECRET_SPEC.test(inner)) return null;
  if (!sep.trim() && (inner.startsWith('-') || (!open && PROSE_WORD.test(inner)))) return null;
  const kind: SecretKind = AWS_SECRET_NAME.test(name)
    ? 'aws-secret-key'
    : /--build-arg(?:[ \t]+|=)$/.test(before) || (instrAt >= 0 && instrAt < m.index)
      ? 'build-arg'
      : 'secret-assignment';
  return { text: whole.slice(0, whole.length - value.length) + open + marker(kind) + close, kind };
}

/** `Authorization: Bearer <credential>`: keep the scheme word. */
const AUTH_HEADER = new RegExp(
  String.raw`((?:proxy-)?authorization["']?[ \t]*[:=][ \t]*["']?(?:bearer|basic|token|digest|bot)[ \t]+)` +
    VALUE,
  'gi',
);

/** `docker login -u user -p <password>` (also podman, nerdctl, helm registry). */
const LOGIN_P = new RegExp(
  // The flag first and the command in a lookbehind: the search jumps from ` -p` to ` -p`, and the
  // value can never swallow the next command's `docker login` (idempotence).
  String.raw`([ \t]-p(?:[ \t]+|=))(?<=(?<![\w\]])(?:docker|podman|buildah|nerdctl|skopeo|oras|helm(?:[ \t]+registry)?)[ \t]+login\b[^\r\n]{0,300}?[ \t]-p(?:[ \t]+|=))` +
    VALUE,
  'g',
);

function judgeKeepingGroup1(m: RegExpExecArray): Verdict {
  const { inner, open, close } = unquote(m[2]);
  if (NOT_A_SECRET.test(inner)) return null;
  return { text: m[1] + open + marker('secret-assignment') + close, kind: 'secret-assignment' };
}

// ------------------------------------------------------------ hosts

const HOST_IN_URL =
  // The lookahead: a "host" followed by `…@` is a user part that no rule above took, not a host.
  /(?<![A-Za-z0-9+.\]-])([A-Za-z][A-Za-z0-9+.-]{0,30}:\/\/)((?:[^\s/?#@"'<>\\]{0,300}@)?)(\[[0-9A-Fa-f:.]{2,60}\]|[A-Za-z0-9][A-Za-z0-9-]{0,62}(?:\.[A-Za-z0-9-]{1,63}){0,20})(:\d{1,5})?(?![^\s/?#@"'<>\\]{0,300}@)/g;

/**
 * The registry part of an image reference: Docker reads the first component
 * as a host when it has a `.` or a `:` or is `localhost` (distribution/reference,
 * `splitDockerDomain`). Registries are written in lowercase, and the rest must
 * look like a repository path (lowercase components) ending the reference, so
 * `java.base/java.lang.Thread`, `Node.js/npm` and `config.json/x` are not
 * references; neither is a CIDR (`127.0.0.0/8`).
 */
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const FILE_SUFFIX =
  '(?:js|mjs|cjs|ts|tsx|jsx|json|txt|lock|ya?ml|toml|cfg|ini|conf|html?|css|map|log|py|rb|java|class|jar|whl|tgz|gz|zip|xml|sql|env)';
const HOST_IN_IMAGE = new RegExp(
  String.raw`(?<![\w./:@\[\]-])((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?!${FILE_SUFFIX}[/:])[a-z]{2,63}(?::\d{1,5})?|localhost(?::\d{1,5})?|(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5}|(?!\/\d{1,3}(?![\w.])))|[a-z0-9-]{1,63}:\d{2,5})` +
    String.raw`(?=(?:\/${PATH_COMPONENT}){1,10}(?:[:@\s"',;)\]]|$))`,
  'g',
);

/** A scheme-relative URL (`//registry.example.com/:_authToken=` in .npmrc): only a dotted host before a path. */
const HOST_AFTER_SLASHES =
  /(?<![\w+.:/\]-])\/\/((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}(?::\d{1,5})?)(?=\/)/g;

/**
 * The registry a `docker login` (podman, buildah, helm registry, oras) names:
 * its last argument, after options with or without values (`-u ci-bot`,
 * `--password-stdin`), a bare host with no URL or image around it.
 */
const LOGIN_HOST =
  /(\blogin(?:\s+-{1,2}[\w-]{1,40}(?:[= ][^\s-]\S{0,300})?){0,10}\s+)((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}(?::\d{1,5})?|localhost(?::\d{1,5})?)(?=\s|$)/g;

const hostVerdict: Verdict = { text: marker('host'), kind: 'host' };

/**
 * A token of a known shape cut short by an ellipsis: the analysis quotes long
 * step names shortened (`RUN git clone https://x:ghs_EXAMPLE...`), and the part
 * shown is still most of the secret. Prefixes as in TOKEN_SHAPES.
 */
const CUT_TOKEN = new RegExp(
  EDGE +
    String.raw`(gh[pousr]_|github_pat_|gl(?:pat|oas|dt|rtr|rt|cbt|ptt|ft|imt|agent|soat|ffct|wt)-|npm_|A[KS]IA|AIza|xox[abprs]-|xapp-|eyJ)[A-Za-z0-9_.-]{4,400}?(?=\.\.\.|…)`,
  'g',
);

function cutTokenKind(prefix: string): SecretKind {
  if (prefix.startsWith('gh') || prefix.startsWith('github')) return 'github-token';
  if (prefix.startsWith('gl')) return 'gitlab-token';
  if (prefix === 'npm_') return 'npm-token';
  if (prefix.endsWith('IA')) return 'aws-access-key';
  if (prefix === 'AIza') return 'google-api-key';
  if (prefix === 'eyJ') return 'jwt';
  return 'slack-token';
}

// ------------------------------------------------------------ the rules in order

/**
 * Applies every one-line rule. Order matters only for the kind a secret is
 * counted as: specific shapes first (`GITHUB_TOKEN=ghp_…` is a GitHub token),
 * then credentials in URLs, then named assignments, then hosts, whose marker
 * must not hide the `user:pass@` before it.
 */
export function redactLineRules(line: string, hideHosts: boolean, found: SecretKind[]): string {
  // Each rule runs only where a cheap test finds what it needs: most lines that
  // pass the pre-check hold a URL and nothing else.
  let s = line;
  const url = s.includes('://');
  if (s.includes('hooks.slack.com'))
    s = scan(
      s,
      SLACK_WEBHOOK,
      (m) => ({ text: m[1] + marker('slack-token'), kind: 'slack-token' }),
      found,
    );
  for (const { kind, hint, re } of TOKEN_SHAPES)
    if (hint.test(s)) s = scan(s, re, () => ({ text: marker(kind), kind }), found);
  if (s.includes('...') || s.includes('…'))
    s = scan(
      s,
      CUT_TOKEN,
      (m) => ({ text: marker(cutTokenKind(m[1])), kind: cutTokenKind(m[1]) }),
      found,
    );
  if (url && s.includes('@')) s = scan(s, URL_USERINFO, judgeUserinfo, found);
  if (TRIGGER_WORDS.test(s)) {
    if (/authorization/i.test(s)) s = scan(s, AUTH_HEADER, judgeKeepingGroup1, found);
    const cur = s;
    const instrAt = instructionAt(cur);
    s = scan(s, ASSIGNMENT, (m) => judgeAssignment(m, cur, instrAt), found);
  }
  if (s.includes('login')) s = scan(s, LOGIN_P, judgeKeepingGroup1, found);
  if (hideHosts) {
    if (url)
      s = scan(
        s,
        HOST_IN_URL,
        (m) => (m[3] ? { text: m[1] + m[2] + marker('host'), kind: 'host' } : null),
        found,
      );
    if (s.includes('login'))
      s = scan(s, LOGIN_HOST, (m) => ({ text: m[1] + marker('host'), kind: 'host' }), found);
    if (TRIGGER_IMAGE_HOST.test(s)) {
      s = scan(s, HOST_AFTER_SLASHES, () => ({ text: '//' + marker('host'), kind: 'host' }), found);
      s = scan(s, HOST_IN_IMAGE, () => hostVerdict, found);
    }
  }
  return s;
}
