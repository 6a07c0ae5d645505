/**
 * Splits streamed text into lines: LF and CRLF end a line; a bare CR inside a
 * line is a terminal repaint (apt's `(Reading database ... 5%\r…`, FORMAT.md §1.3)
 * and stays in the line. A text that uses bare CR as its only line end (old Mac
 * files) is split on CR instead.
 */
export class LineSplitter {
  readonly lines: string[] = [];
  private carry = '';
  private mode: 'lf' | 'cr' | null = null;
  private pending = '';

  push(text: string): void {
    if (this.mode === null) {
      this.pending += text;
      const lf = this.pending.indexOf('\n');
      if (lf < 0 && this.pending.length < 65536) return;
      this.mode = lf < 0 && this.pending.includes('\r') ? 'cr' : 'lf';
      text = this.pending;
      this.pending = '';
    }
    const sep = this.mode === 'cr' ? '\r' : '\n';
    const s = this.carry ? this.carry + text : text;
    const parts = s.split(sep);
    this.carry = parts.pop()!;
    const out = this.lines;
    if (sep === '\n') {
      for (let i = 0; i < parts.length; i++) {
        const p = parts[i];
        out.push(p.charCodeAt(p.length - 1) === 13 ? p.slice(0, -1) : p);
      }
    } else {
      for (let i = 0; i < parts.length; i++) out.push(parts[i]);
    }
  }

  end(): string[] {
    if (this.mode === null) {
      this.mode = !this.pending.includes('\n') && this.pending.includes('\r') ? 'cr' : 'lf';
      const p = this.pending;
      this.pending = '';
      if (p) this.push(p);
    }
    // A final line without a newline is still a line; an empty remainder after a final newline is not.
    if (this.carry) {
      const c = this.carry;
      this.lines.push(c.charCodeAt(c.length - 1) === 13 ? c.slice(0, -1) : c);
      this.carry = '';
    }
    return this.lines;
  }
}
