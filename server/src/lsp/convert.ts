/**
 * The only place where core offsets and LSP positions meet. LSP positions are UTF-16 code
 * units, the same unit as JavaScript string offsets, so conversion is by line starts.
 */
import type { Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextRange } from '../core/analyze';
import type { OffsetRange } from '../features/context';

export function toLspRange(doc: TextDocument, r: OffsetRange): Range {
  return { start: doc.positionAt(r.start), end: doc.positionAt(r.end) };
}

export function textRangeToLsp(r: TextRange): Range {
  return { start: { line: r.start.line, character: r.start.character }, end: { line: r.end.line, character: r.end.character } };
}
