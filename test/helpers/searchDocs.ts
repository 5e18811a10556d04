/**
 * A text as the search index's input the simple way: every non-empty line a body span, the
 * first one also the title (as a scraped page's first line is). Shared by the search file
 * tests and bench/searchFile.ts.
 */
import { EmbeddedSearchIndex, type IndexedDocInput } from '../../server/src/core/search';

export function lineDoc(id: number, text: string, title = true): IndexedDocInput {
  const body: { start: number; end: number }[] = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text[i] === '\n') {
      if (i > start) body.push({ start, end: i });
      start = i + 1;
    }
  }
  return { id, text, titleSpan: title ? body[0] : undefined, body };
}

/** An index of `texts` (ids 0..n-1, as lineDoc reads them) with the given scoring parameters, and the texts by id. */
export function lineIndex(texts: string[], params: Partial<EmbeddedSearchIndex['params']>): { index: EmbeddedSearchIndex; texts: Map<number, string> } {
  const index = new EmbeddedSearchIndex();
  Object.assign(index.params, params);
  const map = new Map<number, string>();
  texts.forEach((t, id) => {
    map.set(id, t);
    index.add(lineDoc(id, t));
  });
  return { index, texts: map };
}
