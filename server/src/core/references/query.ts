/**
 * What a user types in a symbol search ("34-NQ", "nghi quyet 34", "NĐ 30/2020") as a partial key.
 */
import { foldKey } from '../text';
import { normalType } from './forms/symbol';
import { parseReferences } from './parse';
import { canonicalPiece, stripLeadingZeros } from './numbers';
import { SYMBOL_TYPE_CODES, TYPE_WORD_DEFS } from './vocabulary';

/** Folded type words and abbreviations accepted in a query ("nghi quyet", "nq", "nđ", "nd"). */
export const QUERY_TYPES: [RegExp, string][] = [
  ...TYPE_WORD_DEFS.filter((d) => d.strength !== 'generic').map((d): [RegExp, string] => [new RegExp('^' + d.folded.join('\\s*') + '(?![a-z])'), d.code]),
  [/^ttlt(?![a-z])/, 'TTLT'],
  [/^nq(?![a-z])/, 'NQ'],
  [/^nd(?![a-z])/, 'NĐ'],
  [/^qd(?![a-z])/, 'QĐ'],
  [/^ct(?![a-z])/, 'CT'],
  [/^kl(?![a-z])/, 'KL'],
  [/^tt(?![a-z])/, 'TT'],
  [/^cd(?![a-z])/, 'CĐ'],
  [/^da(?![a-z])/, 'ĐA'],
];

/**
 * Parse what a user types in a symbol search ("34-NQ", "nghi quyet 34", "30/2020",
 * "NĐ 30/2020", "30/2020/NĐ-CP") into a partial key for lookup. Undefined when the query
 * has no document number.
 */
export function parseReferenceQuery(q: string): { type?: string; number?: string; year?: number; issuer?: string } | undefined {
  const query = q.normalize('NFC').replace(/\u00d0/g, 'Đ').replace(/\u00f0/g, 'đ').trim();
  if (!query) return undefined;
  const refs = parseReferences(query);
  if (refs.length === 1 && refs[0].form !== 'law' && refs[0].form !== 'meeting' && refs[0].end - refs[0].start >= query.length - 2) {
    const r = refs[0];
    const out: { type?: string; number?: string; year?: number; issuer?: string } = {};
    if (r.type) out.type = r.type;
    if (r.number) out.number = r.number;
    if (r.year !== undefined) out.year = r.year;
    if (r.issuer) out.issuer = r.issuer;
    return out;
  }
  const f = foldKey(query).replace(/\s+/g, ' ');
  const out: { type?: string; number?: string; year?: number; issuer?: string } = {};
  let rest = f;
  for (const [re, code] of QUERY_TYPES) {
    const m = re.exec(rest);
    if (m) {
      out.type = code;
      rest = rest.slice(m[0].length).trim().replace(/^so\s*/, '');
      break;
    }
  }
  // 34-NQ, 34-nq/tw, 30/2020, 30/2020/nd-cp, 480/qd-ubnd, 34
  const m = /^(\d{1,5}[a-z]?)(?:\s*(?:-|\/)\s*((?:19|20)\d{2})(?![0-9]))?(?:\s*[-/]\s*([a-z]+)(?:\s*[-/]\s*([a-z0-9-]+))?)?\s*$/.exec(rest);
  if (!m) return out.type && !rest ? undefined : undefined;
  out.number = stripLeadingZeros(m[1]);
  if (m[2]) out.year = Number(m[2]);
  if (m[3]) {
    const code = SYMBOL_TYPE_CODES.get(upperFromFolded(m[3], query));
    if (code) {
      if (!out.type) out.type = normalType(code);
      if (m[4]) out.issuer = canonicalPiece(upperFromFolded(m[4], query));
    } else {
      out.issuer = canonicalPiece(upperFromFolded(m[3] + (m[4] ? '-' + m[4] : ''), query));
    }
  }
  return out;
}

/** Upper-cases a folded piece, restoring Đ where the query had it ("nđ" folded to "nd"). */
export function upperFromFolded(piece: string, query: string): string {
  const upper = piece.toUpperCase();
  const original = new RegExp(upper.replace(/D/g, '[DĐ]').replace(/[-/]/g, '[-/]'), 'iu').exec(query);
  return original ? original[0].toUpperCase() : upper;
}
