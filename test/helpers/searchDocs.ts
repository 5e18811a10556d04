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

/** One symbol in 1,296 spellings (a tone on each of its four parts, "ma-mà-má-mả"): merged shards number them apart. */
export function tonedSymbolForms(): string[] {
  const T = ['ma', 'mà', 'má', 'mả', 'mã', 'mạ'];
  const forms: string[] = [];
  for (const a of T) for (const b of T) for (const c of T) for (const d of T) forms.push(`${a}-${b}-${c}-${d}`);
  return forms;
}

/**
 * Documents of 1-3 of `picked` forms each; the first holds the last forms too, so in the
 * shards that get them later their local spelling ids pass 255 while their merged ids are small.
 */
export function tonedSymbolDocs(picked: string[]): IndexedDocInput[] {
  const docs: IndexedDocInput[] = [lineDoc(0, `đầu\n${picked.slice(-20).join(' ')}`)];
  for (let i = 0; i < picked.length; i += 1 + (i % 3)) docs.push(lineDoc(docs.length, `tiêu đề\n${picked.slice(i, i + 1 + (i % 3)).join(' ')} ${picked[i]}`));
  return docs;
}
