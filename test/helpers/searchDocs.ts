/**
 * A text as the search index's input the simple way: every non-empty line a body span, the
 * first one also the title (as a scraped page's first line is). Shared by the search file
 * tests and bench/searchFile.ts.
 */
import type { IndexedDocInput } from '../../server/src/core/search';

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
