/**
 * The extension point for package managers (STYLE.md): one file per tool
 * exporting a `PackageParser`, listed once in `index.ts`.
 *
 * The hot loop (`index.ts`) hands each tool line only to the parsers that
 * declared a `starts` entry the line begins with (after its leading blanks),
 * so a parser never sees a line it could not want and runs none of its own
 * regular expressions on the other 99 % of a build's output.
 */
import type {
  PackageEvent,
  PackageEventKind,
  PackageSummary,
  PackageTool,
} from '../../model/analysis';

export interface PackageParser {
  readonly tool: PackageTool;
  /**
   * Exact texts the tool's lines begin with, after leading blanks (`Downloading `,
   * `Get:`, `➤ `). A line reaches `line()` only if it starts with one of them.
   */
  readonly starts: readonly string[];
  /**
   * Optional, for tools that right-align their verbs (uv, cargo): the one indent
   * (`acc.indent`, the blanks before the tool text) that lines beginning with a
   * start listed here can have. The dispatch does not call the parser for such
   * a line at any other indent, which it would only refuse; `line()` still checks.
   */
  readonly indents?: Readonly<Record<string, number>>;
  /**
   * One line of tool output that begins (after blanks) with one of `starts`.
   * `text` is the line as read — for an input line still with BuildKit's
   * `#N 1.234 ` prefix, which is not cut off so that no line costs a copy —
   * and `at` the index of the tool text's first non-blank character; the
   * blanks before it are `acc.indent` (a few tools are told apart by their
   * indentation). `line` is the 0-based input line the facts point at. Must
   * not throw; unrecognised lines are ignored.
   */
  line(text: string, at: number, line: number, acc: PackageAccumulator): void;
  /**
   * After the step's last line, for a tool that recognised something: add what
   * its summaries say beyond its per-package lines, and its notes.
   */
  finish?(acc: PackageAccumulator): void;
}

/**
 * An empty array whose elements kind is already "objects": `[]` starts as
 * small-integers-only, and V8 does not inline a push that must change that kind
 * (it calls out to its `Array.prototype.push` builtin, once per package event).
 */
function objectArray<T>(): T[] {
  const a: T[] = [null as T];
  a.pop();
  return a;
}

/** What the parsers of one step collect. */
export class PackageAccumulator {
  /** An array of objects from the start (`objectArray`), so that `add` pushes inline. */
  readonly items: PackageEvent[] = objectArray();
  readonly summaries: PackageSummary[] = [];
  readonly notes: string[] = [];
  /** Tools that recognised at least one line, in order of first sight. */
  readonly tools: PackageTool[] = [];
  /**
   * Counts and bytes that summaries add beyond the per-package events (pnpm's
   * `Progress:` line, uv's `Prepared`/`Installed`, apt's `Need to get 0 B/…`).
   */
  extraDownloaded = 0;
  extraReused = 0;
  extraBytesDownloaded = 0;
  extraBytesReused = 0;
  /**
   * Set by a parser when the current line is download activity (a download
   * event sets it too); the loop turns it into `downloadMs` and clears it.
   */
  downloading = false;
  /**
   * Downloads a tool announced and has not reported finished (uv's
   * `Downloading x` … ` Downloaded x`): while above 0, every gap between timed
   * lines counts as download time, not only the one after a download line.
   */
  inFlight = 0;
  /** Blanks before the current line's tool text (pip indents by 2, uv and cargo right-align verbs). */
  indent = 0;
  private readonly states = new Map<PackageTool, unknown>();
  // Lines come in runs of one tool: the last tool `seen` and `state` were asked
  // about answers most calls without a lookup.
  private lastSeen: PackageTool | null = null;
  private lastStateTool: PackageTool | null = null;
  private lastState: unknown = undefined;

  /** The tool recognised a line (even one that says nothing about the cache). */
  seen(tool: PackageTool): void {
    if (tool === this.lastSeen) return;
    this.lastSeen = tool;
    if (!this.tools.includes(tool)) this.tools.push(tool);
  }

  add(
    tool: PackageTool,
    event: PackageEventKind,
    name: string,
    bytes: number | null,
    line: number,
  ): PackageEvent {
    this.seen(tool);
    const e: PackageEvent = { tool, event, name, bytes, line };
    this.items.push(e);
    if (event === 'downloaded') this.downloading = true;
    return e;
  }

  summary(
    tool: PackageTool,
    line: number,
    text: string,
    downloaded: number | null,
    reused: number | null,
    bytes: number | null,
  ): PackageSummary {
    this.seen(tool);
    const s: PackageSummary = { tool, line, text, downloaded, reused, bytes };
    this.summaries.push(s);
    return s;
  }

  note(text: string): void {
    if (!this.notes.includes(text)) this.notes.push(text);
  }

  /** Per-step scratch state of one tool, made on first use. */
  state<S>(tool: PackageTool, init: () => S): S {
    if (tool === this.lastStateTool) return this.lastState as S;
    let s = this.states.get(tool) as S | undefined;
    if (s === undefined) {
      s = init();
      this.states.set(tool, s);
    }
    this.lastStateTool = tool;
    this.lastState = s;
    return s;
  }

  /** The tool's events of one kind. */
  count(tool: PackageTool, event: PackageEventKind): number {
    let n = 0;
    for (const e of this.items) if (e.tool === tool && e.event === event) n++;
    return n;
  }

  /** Sum of the known sizes of the tool's events of one kind. */
  bytes(tool: PackageTool, event: PackageEventKind): number {
    let n = 0;
    for (const e of this.items) if (e.tool === tool && e.event === event) n += e.bytes ?? 0;
    return n;
  }
}

/** A count as printed; null when masked (`1***9`, a CI secret mask over digits) or absent. */
export function countOf(text: string | undefined): number | null {
  if (text === undefined || !/^\d+$/.test(text)) return null;
  return Number(text);
}
