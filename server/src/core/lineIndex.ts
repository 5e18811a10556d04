/**
 * Offsets <-> line/character (UTF-16 code units, the LSP default). Plain numbers only:
 * the LSP edge turns them into LSP positions; core code uses them to record where a
 * corpus passage is without keeping the file's text in memory.
 */

export interface LineChar {
  line: number;
  character: number;
}

export class LineIndex {
  private readonly starts: Uint32Array;

  constructor(readonly text: string) {
    // Line breaks as LSP counts them: \n, \r\n, and a lone \r.
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
    }
    this.starts = Uint32Array.from(starts);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  positionAt(offset: number): LineChar {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.starts[lo] };
  }

  offsetAt(pos: LineChar): number {
    if (pos.line < 0) return 0;
    if (pos.line >= this.starts.length) return this.text.length;
    const lineStart = this.starts[pos.line];
    return Math.max(lineStart, Math.min(lineStart + pos.character, this.lineEnd(pos.line)));
  }

  lineText(line: number): string {
    if (line < 0 || line >= this.starts.length) return '';
    return this.text.slice(this.starts[line], this.lineEnd(line));
  }

  /** Offset of the end of a line's text, before its line break. */
  private lineEnd(line: number): number {
    if (line + 1 >= this.starts.length) return this.text.length;
    const next = this.starts[line + 1];
    return this.text.charCodeAt(next - 1) === 10 && this.text.charCodeAt(next - 2) === 13 ? next - 2 : next - 1;
  }
}
