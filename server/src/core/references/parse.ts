/**
 * Parsing a text: candidates from the form readers, each enriched with the prose after it
 * (up to the next candidate); and the one reference at an offset.
 */
import { collectCandidates } from './candidates';
import { foldSameLength } from './fold';
import { enrich } from './prose';
import type { DocReference } from './types';

/** All document references in `text` (NFC), in order, not overlapping. */
export function parseReferences(text: string): DocReference[] {
  // Every form has a digit or a Roman numeral (upper case, or lower case in unaccented text).
  if (!/[\dIVXivx]/.test(text)) return [];
  const folded = foldSameLength(text);
  const candidates = collectCandidates(text, folded);
  return candidates.map((c, i) => enrich(text, c, i + 1 < candidates.length ? candidates[i + 1].start : text.length));
}

/** The reference whose span contains `offset` (or ends at it). Parses only the paragraph around it. */
export function referenceAt(text: string, offset: number): DocReference | undefined {
  if (offset < 0 || offset > text.length) return undefined;
  const before = text.lastIndexOf('\n\n', offset);
  let from = before < 0 ? 0 : before + 2;
  const after = text.indexOf('\n\n', offset);
  let to = after < 0 ? text.length : after;
  // Very long paragraphs (scraped pages keep a whole article on one line): a window is enough.
  if (offset - from > 4000) from = Math.max(from, text.lastIndexOf('\n', offset - 4000) + 1, offset - 4000);
  if (to - offset > 4000) to = offset + 4000;
  const refs = parseReferences(text.slice(from, to));
  for (const r of refs) {
    const start = r.start + from;
    const end = r.end + from;
    if (offset >= start && offset <= end) {
      return shift(r, from);
    }
  }
  return undefined;
}

function shift(r: DocReference, by: number): DocReference {
  if (by === 0) return r;
  const out = { ...r, start: r.start + by, end: r.end + by };
  if (r.citationEnd !== undefined) out.citationEnd = r.citationEnd + by;
  return out;
}
