import type { IndexedDocInput } from '../../server/src/core/search';

/** A search document whose every non-empty line is a body span, the first one also the title (as vn-news files are indexed). */
export function lineDoc(id: number, text: string): IndexedDocInput {
  const body: { start: number; end: number }[] = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text[i] === '\n') {
      if (i > start) body.push({ start, end: i });
      start = i + 1;
    }
  }
  return { id, text, titleSpan: body[0], body };
}
