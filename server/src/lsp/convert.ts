/**
 * The only place where core offsets and LSP positions meet, and the only place that knows
 * the position encoding negotiated with the client.
 *
 * The core counts UTF-16 code units (JavaScript string offsets, and line/character of
 * corpus files recorded at indexing). LSP positions are UTF-16 by default; a client may
 * prefer UTF-8 (byte columns: Helix, Emacs/eglot, newer Neovim), and then every position in
 * and out is converted here, with the text of the line it is on: the open document's, or
 * the corpus or glossary file's (read through `textOf`).
 */
import type { Position, Range, TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextRange } from '../core/analyze';
import type { OffsetRange } from '../features/context';

export type PositionEncoding = 'utf-16' | 'utf-8';

/**
 * The encoding for a client's `general.positionEncodings` (its preference order): the
 * first one this server speaks; UTF-16, the protocol's default, when it offers none.
 * UTF-32 is not offered back: clients that list it also list UTF-8 or must accept UTF-16.
 */
export function negotiatePositionEncoding(offered: readonly string[] | undefined): PositionEncoding {
  for (const e of offered ?? []) {
    if (e === 'utf-16' || e === 'utf-8') return e;
  }
  return 'utf-16';
}

/** A line/character position in UTF-16 units, as the core and the features give them. */
interface LineChar {
  line: number;
  character: number;
}

export class Positions {
  /** Line texts of recently converted files (a search or a references list repeats them). */
  private readonly files = new Map<string, TextDocument>();

  constructor(
    readonly encoding: PositionEncoding,
    /** The current text of a document or file by URI (open brief, corpus file, glossary); undefined when unknown. */
    private readonly textOf: (uri: string) => string | undefined = () => undefined,
  ) {}

  /** A client position in an open document → a UTF-16 offset into its text. */
  offsetAt(doc: TextDocument, p: Position): number {
    if (this.encoding === 'utf-16') return doc.offsetAt(p);
    const line = lineText(doc, p.line);
    return doc.offsetAt({ line: p.line, character: 0 }) + utf16Column(line, p.character);
  }

  /** A UTF-16 offset into an open document → a client position. */
  positionAt(doc: TextDocument, offset: number): Position {
    return this.fromLineChar(doc, doc.positionAt(offset));
  }

  /** Offsets into an open document → a client range. */
  range(doc: TextDocument, r: OffsetRange): Range {
    return { start: this.positionAt(doc, r.start), end: this.positionAt(doc, r.end) };
  }

  /** A UTF-16 line/character in an open document → a client position. */
  lineChar(doc: TextDocument, p: LineChar): Position {
    return this.fromLineChar(doc, p);
  }

  /**
   * A range recorded as UTF-16 line/character in the file `uri` (a corpus passage, a
   * glossary entry, a brief) → a client range. Without the file's text (unreadable) the
   * UTF-16 columns are given unchanged.
   */
  textRange(uri: string, r: TextRange | { start: LineChar; end: LineChar }): Range {
    const start = { line: r.start.line, character: r.start.character };
    const end = { line: r.end.line, character: r.end.character };
    if (this.encoding === 'utf-16') return { start, end };
    const doc = this.fileDocument(uri);
    if (!doc) return { start, end };
    return { start: this.fromLineChar(doc, start), end: this.fromLineChar(doc, end) };
  }

  /**
   * An incremental change as the client sent it → the same change in UTF-16, against the
   * document before the change (changes of one notification apply in order, so the caller
   * converts each against the text the previous ones produced).
   */
  changeToUtf16(doc: TextDocument, change: TextDocumentContentChangeEvent): TextDocumentContentChangeEvent {
    if (this.encoding === 'utf-16' || !('range' in change)) return change;
    const start = doc.positionAt(this.offsetAt(doc, change.range.start));
    const end = doc.positionAt(this.offsetAt(doc, change.range.end));
    return { range: { start, end }, text: change.text };
  }

  private fromLineChar(doc: TextDocument, p: LineChar): Position {
    if (this.encoding === 'utf-16') return { line: p.line, character: p.character };
    return { line: p.line, character: utf8Column(lineText(doc, p.line), p.character) };
  }

  private fileDocument(uri: string): TextDocument | undefined {
    const text = this.textOf(uri);
    if (text === undefined) return undefined;
    const known = this.files.get(uri);
    if (known && known.getText() === text) return known;
    const doc = TextDocument.create(uri, 'plaintext', 0, text);
    if (this.files.size >= 16) this.files.delete(this.files.keys().next().value as string);
    this.files.set(uri, doc);
    return doc;
  }
}

/** The text of one line, without its line break. */
function lineText(doc: TextDocument, line: number): string {
  const text = doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
  return text.replace(/\r?\n$|\r$/, '');
}

/** UTF-8 bytes of the first `units` UTF-16 units of a line (clamped to the line). */
function utf8Column(line: string, units: number): number {
  return Buffer.byteLength(line.slice(0, Math.max(0, Math.min(units, line.length))), 'utf8');
}

/**
 * UTF-16 units of the first `bytes` UTF-8 bytes of a line (clamped to the line; a byte
 * count inside a character counts up to that character's start).
 */
function utf16Column(line: string, bytes: number): number {
  let b = 0;
  let i = 0;
  while (i < line.length) {
    const c = line.codePointAt(i)!;
    const size = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    if (b + size > bytes) break;
    b += size;
    i += c >= 0x10000 ? 2 : 1;
  }
  return i;
}
