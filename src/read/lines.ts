/**
 * Splits streamed text into lines: LF and CRLF end a line; a bare CR inside a
 * line is a terminal repaint (apt's `(Reading database ... 5%\r…`, FORMAT.md §1.3)
 * and stays in the line. A text that uses bare CR as its only line end (old Mac
 * files) is split on CR instead.
 */
export class LineSplitter {
  /** Lines of each pushed chunk; joined once at the end (cheaper than pushing line by line). */
  private chunks: string[][] = [];
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
    if (sep === '\n' && s.indexOf('\r') >= 0) {
      for (let i = 0; i < parts.length; i++) {
        const p = parts[i];
        if (p.charCodeAt(p.length - 1) === 13) parts[i] = p.slice(0, -1);
      }
    }
    if (parts.length) this.chunks.push(parts);
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
      this.chunks.push([c.charCodeAt(c.length - 1) === 13 ? c.slice(0, -1) : c]);
      this.carry = '';
    }
    const lines =
      this.chunks.length === 1 ? this.chunks[0] : ([] as string[]).concat(...this.chunks);
    this.chunks = [];
    return lines;
  }
}
