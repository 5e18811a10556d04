/** Cursor markers in test texts: `|` marks the cursor; the marker is removed from the text. */
export function withCursor(marked: string, marker = '|'): { text: string; offset: number; position: { line: number; character: number } } {
  const offset = marked.indexOf(marker);
  if (offset < 0) throw new Error(`no cursor marker "${marker}" in: ${marked}`);
  const text = marked.slice(0, offset) + marked.slice(offset + marker.length);
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { text, offset, position: { line, character: offset - (before.lastIndexOf('\n') + 1) } };
}
