/**
 * Reading a step's name and output the way the rules need them. Pure helpers,
 * shared by the rule files; nothing here decides a finding.
 */
import type { Build, Step } from '../../model/types';

const collapsed = new WeakMap<Step, string>();

/**
 * The step's name on one line: continuation lines became space runs in it, and
 * each rule asks for it, so it is collapsed once per step.
 */
function collapsedName(step: Step): string {
  let name = collapsed.get(step);
  if (name === undefined) {
    name = step.name.replace(/\s+/g, ' ').trim();
    collapsed.set(step, name);
  }
  return name;
}

/**
 * The instruction as written, without the `[stage i/n] ` prefix (FORMAT.md
 * §1.5): `COPY . .`, `RUN --mount=type=cache,… pip install …`. Continuation
 * lines became space runs in the name; they are collapsed here.
 */
export function instructionText(step: Step): string {
  const name = collapsedName(step);
  const m = /^\[[^\]]*\]\s*/.exec(name);
  return m ? name.slice(m[0].length) : name;
}

/** Leading `--flag` / `--flag=value` options of an instruction (`--mount=…`, `--chown=…`). */
function splitFlags(rest: string): { flags: string[]; body: string } {
  const flags: string[] = [];
  let body = rest.trimStart();
  for (;;) {
    const m = /^--\S+\s*/.exec(body);
    if (!m) break;
    flags.push(m[0].trim());
    body = body.slice(m[0].length);
  }
  return { flags, body };
}

/** `runCommand`'s answers while `rememberCommands` runs; null outside it. */
let commands: Map<Step, string | null> | null = null;

/**
 * Runs `f` with `runCommand` remembering its answers: the rules ask for the
 * command of each step several times in one pass (runInsights), and a step's
 * name does not change meanwhile.
 */
export function rememberCommands<T>(f: () => T): T {
  const outer = commands;
  commands = new Map();
  try {
    return f();
  } finally {
    commands = outer;
  }
}

/** A RUN step's shell command without `RUN` and its `--mount`/`--network`/`--security` options. */
export function runCommand(step: Step): string | null {
  const known = commands?.get(step);
  if (known !== undefined) return known;
  const text = instructionText(step);
  const m = /^RUN\s+/i.exec(text);
  const command = m ? splitFlags(text.slice(m[0].length)).body : null;
  commands?.set(step, command);
  return command;
}

/**
 * The name was cut off: `...` from BuildKit's 72-byte limit (FORMAT.md §1.1) or
 * `…` from a terminal. A snippet built from it could not be pasted.
 */
export function isCut(command: string): boolean {
  return /(\.\.\.|…)$/.test(command.trimEnd());
}

export interface CopyInstruction {
  keyword: 'COPY' | 'ADD';
  flags: string[];
  sources: string[];
  dest: string;
}

/** `COPY [--flags] src… dest` / `ADD …` parsed from the step name (shell form only). */
export function copyInstruction(step: Step): CopyInstruction | null {
  const text = instructionText(step);
  const m = /^(COPY|ADD)\s+/i.exec(text);
  if (!m) return null;
  const { flags, body } = splitFlags(text.slice(m[0].length));
  if (body.startsWith('[')) return null; // JSON form: rare for COPY, not worth a parser
  if (body.startsWith('<<')) return null; // heredoc COPY
  const parts = body.split(' ').filter(Boolean);
  if (parts.length < 2) return null;
  return {
    keyword: m[1].toUpperCase() as 'COPY' | 'ADD',
    flags,
    sources: parts.slice(0, -1),
    dest: parts[parts.length - 1],
  };
}

/** A COPY/ADD of the whole build context: `COPY . .`, `COPY . /app`, `ADD . .`, `COPY --chown=x ./ /srv`. */
export function copiesWholeContext(step: Step): CopyInstruction | null {
  const c = copyInstruction(step);
  if (!c) return null;
  if (c.flags.some((f) => /^--from[= ]/.test(f))) return null; // from another stage or image
  return c.sources.some((s) => s === '.' || s === './' || s === './.') ? c : null;
}

/** The step's header line: the first line of its first block (FORMAT.md §1.1). */
export function headerLine(step: Step): number | null {
  return step.segments[0]?.firstLine ?? step.statusLineNumbers[0] ?? null;
}

/** Steps of one stage share target (bake/compose service), platform and stage name. */
export function stageKey(step: Step): string {
  return `${step.target ?? ''}|${step.platform ?? ''}|${step.stage ?? ''}`;
}

/** A human label for a step: its name as BuildKit printed it, shortened. */
export function stepLabel(step: Step, max = 100): string {
  const name = collapsedName(step);
  return name.length > max ? `${name.slice(0, max - 1)}…` : name;
}

/**
 * A short label for titles: the `[stage i/n]` prefix and the instruction
 * without its `--mount=`/`--chown=` options: `[stage-0 4/4] RUN npm install --no-audit`.
 */
export function stepTitle(step: Step, max = 80): string {
  const name = collapsedName(step);
  const m = /^(\[[^\]]*\]\s*)?([A-Z]+)\s+(.*)$/.exec(name);
  const text = m && m[2] !== 'FROM' ? `${m[1] ?? ''}${m[2]} ${splitFlags(m[3]).body}` : name;
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * The shortest label that still says which step: the `[stage i/n]` prefix and
 * the first words of the command: `[5/8] RUN pip install …`.
 */
export function stepShort(step: Step, words = 2): string {
  const name = collapsedName(step);
  const m = /^(\[[^\]]*\]\s*)?([A-Z]+)\s+(.*)$/.exec(name);
  if (!m || m[2] === 'FROM') return stepTitle(step, 60);
  const body = splitFlags(m[3]).body.split(' ');
  const cut = body.slice(0, words).join(' ');
  return `${m[1] ?? ''}${m[2]} ${cut}${body.length > words ? ' …' : ''}`;
}

export interface OutputLine {
  /** Input line (0-based) where the text sits; null for rawjson/legacy text without one line per input line. */
  line: number | null;
  text: string;
  elapsedMs: number | null;
}

// `#12 3.456 text` (plain, §1.3; `#0` in v0.10–v0.11) and the v0.5–v0.7 `%#.4g` forms (`1235.`).
const PLAIN_PREFIX = /^#\d+ -?\d+(?:\.\d*)? ?/;
// Error-recap and TTY lines: `0.488 text` (§1.6, §4).
const BARE_PREFIX = /^\d+\.\d+ /;

/** Tool output of a step without the `#n <elapsed> ` prefix. */
export function stepOutput(step: Step, text: readonly string[]): OutputLine[] {
  if (step.logText) {
    // rawjson/legacy: the text is decoded apart from the input lines (§5).
    return step.logText.map((t, k) => ({
      line: null,
      text: t,
      elapsedMs: step.logElapsedMs?.[k] ?? null,
    }));
  }
  return step.outputLines.map((line, k) => ({
    line,
    text: stripLogPrefix(text[line] ?? ''),
    elapsedMs: step.outputElapsedMs[k] ?? null,
  }));
}

/** A log line without its `#n <elapsed> ` / `<elapsed> ` prefix. */
export function stripLogPrefix(raw: string): string {
  const m = PLAIN_PREFIX.exec(raw) ?? BARE_PREFIX.exec(raw);
  return m ? raw.slice(m[0].length) : raw;
}

/**
 * The failed step's lines as the error trailer repeats them (FORMAT.md §1.6,
 * §4): `------`, ` > [name]:`, the lines, `------`. TTY logs print the step's
 * output only there.
 */
export function recapLines(build: Build, step: Step, text: readonly string[]): OutputLine[] {
  const name = collapsedName(step);
  const head = name.slice(0, Math.min(name.length, 40));
  const out: OutputLine[] = [];
  const last = Math.min(build.lastLine, text.length - 1);
  for (let l = build.firstLine; l <= last; l++) {
    const t = text[l].trim();
    if (!t.startsWith('> ') || !t.replace(/\s+/g, ' ').includes(head)) continue;
    if (text[l - 1]?.trim() !== '------') continue;
    for (let k = l + 1; k <= last && text[k].trim() !== '------'; k++)
      out.push({ line: k, text: stripLogPrefix(text[k].trimEnd()), elapsedMs: null });
    return out;
  }
  return out;
}

/** The step whose `ref` the build error names (`BuildError.step` is a ref, not an index). */
export function stepByRef(build: Build, ref: number | string | null): Step | null {
  if (ref === null) return null;
  return build.steps.find((s) => s.ref === ref) ?? null;
}

/** Lines (deduplicated, ascending) with nulls dropped. */
export function lineSet(...groups: (number | null | undefined)[][]): number[] {
  let n = 0;
  for (let g = 0; g < groups.length; g++) n += groups[g].length;
  // A typed array sorts numbers natively; duplicates are then neighbours. Indexed
  // loops: a finding over a big install has tens of thousands of lines, and this
  // runs too rarely for V8 to optimise for…of's iterators away.
  const all = new Int32Array(n);
  let k = 0;
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g];
    for (let j = 0; j < group.length; j++) {
      const l = group[j];
      if (typeof l === 'number' && l >= 0) all[k++] = l;
    }
  }
  const sorted = all.subarray(0, k).sort();
  const out: number[] = [];
  for (let i = 0; i < sorted.length; i++)
    if (i === 0 || sorted[i] !== sorted[i - 1]) out.push(sorted[i]);
  return out;
}
