/**
 * The embedded index's terms, written for PostgreSQL full text: a document becomes a
 * `tsvector` literal whose lexemes are exactly the terms the embedded index indexes
 * (same scanner, same normalization, same folded keys, same positions), so a database
 * search matches what the embedded search matches. PostgreSQL's own parsers and
 * dictionaries are never used ('simple' configuration; the literal is cast, not parsed).
 *
 *  - folded term ("nghi", "34-nq/tw"): what default (accent-insensitive) search matches;
 *  - exact spelling, prefixed with "=" ("=nghị"): what `exact` search matches (stored in
 *    a second vector, see tsvectorLiteral);
 *  - positions: the embedded index's syllable positions + 1 (a line break skips one, so
 *    a phrase never spans two lines); title positions carry weight A, the rest D.
 *
 * Pure: no I/O.
 */
import { normalizeText, toNormalizedOffset } from '../text';
import { exactKeyOf, termKeyOf } from '../search/dictionary';
import { TokenBuffer, scanSpan } from '../search/scan';
import type { IndexedDocInput } from '../search/types';

/** PostgreSQL keeps positions 1..16383 and at most 256 of them per lexeme. */
export const MAX_POSITION = 16383;
export const MAX_POSITIONS_PER_LEXEME = 256;
/** A lexeme is at most 2 KB (UTF-8); longer tokens (a run-away symbol) are left out. 600 UTF-16 units are at most 1,800 bytes. */
const MAX_LEXEME_UNITS = 600;

export interface LexemePostings {
  /** 1-based positions, ascending (at most MAX_POSITIONS_PER_LEXEME). */
  positions: number[];
  /** Same length: true where the position is in the title (weight A). */
  title: boolean[];
}

export interface DocumentLexemes {
  lexemes: Map<string, LexemePostings>;
  /** Syllables counted as the embedded index counts them (symbols not included): BM25 length. */
  length: number;
}

const scratch = new TokenBuffer();

/**
 * Folded and exact lexemes by surface and kind: a corpus has a few tens of thousands of
 * distinct surfaces, and folding one (NFD, mark removal) costs far more than a lookup.
 * Keyed by the scanner's hash of the surface and compared in place, so a known token
 * allocates nothing. Bounded: cleared when it grows past MEMO_LIMIT.
 */
interface MemoEntry {
  surface: string;
  symbol: boolean;
  folded: string;
  exact: string;
}
const memo = new Map<number, MemoEntry[]>();
let memoSize = 0;
const MEMO_LIMIT = 500_000;

function keysOf(text: string, start: number, end: number, hash: number, symbol: boolean): MemoEntry {
  const list = memo.get(hash);
  if (list) {
    for (const e of list) if (e.symbol === symbol && e.surface.length === end - start && text.startsWith(e.surface, start)) return e;
  }
  if (memoSize >= MEMO_LIMIT) {
    memo.clear();
    memoSize = 0;
  }
  const surface = text.slice(start, end);
  const entry = { surface, symbol, folded: foldedLexeme(surface), exact: exactLexeme(surface, symbol) };
  const l = memo.get(hash);
  if (l) l.push(entry);
  else memo.set(hash, [entry]);
  memoSize++;
  return entry;
}

/** The folded lexeme of a token (default search). */
export function foldedLexeme(surface: string): string {
  return termKeyOf(surface);
}

/** The exact-spelling lexeme of a token (`exact` search). NUL (the tone separator of exactKey) cannot be stored in PostgreSQL text. */
export function exactLexeme(surface: string, isSymbol: boolean): string {
  return '=' + exactKeyOf(surface, isSymbol).replace(/\u0000/g, '~');
}

/** The lexemes of one document, as the embedded index would index it. */
export function documentLexemes(doc: Omit<IndexedDocInput, 'id'>): DocumentLexemes {
  const norm = normalizeText(doc.text);
  const text = norm.text;
  const len = doc.text.length;
  const map = (o: number) => toNormalizedOffset(norm, Math.max(0, Math.min(len, Math.floor(o) || 0)));
  // Title first, then the body spans around it (as the embedded index's collectSpans).
  const spans: [number, number][] = [];
  const t = doc.titleSpan;
  if (t) spans.push([map(t.start), Math.max(map(t.start), map(t.end))]);
  const push = (s: number, e: number) => {
    const a = map(s);
    const b = map(e);
    if (b > a) spans.push([a, b]);
  };
  for (const span of doc.body ?? []) {
    if (t && span.start < t.end && span.end > t.start) {
      if (span.start < t.start) push(span.start, t.start);
      if (span.end > t.end) push(t.end, span.end);
    } else push(span.start, span.end);
  }
  const tokens = scratch;
  tokens.reset();
  let pos = 0;
  let titleEnd = 0;
  spans.forEach(([s, e], k) => {
    pos = scanSpan(text, s, e, pos, tokens);
    if (k === 0 && t) titleEnd = pos;
    pos++;
  });
  const lexemes = new Map<string, LexemePostings>();
  const add = (lexeme: string, p: number, title: boolean) => {
    // A token of combining marks alone folds to nothing: PostgreSQL has no empty lexeme.
    if (lexeme.length > MAX_LEXEME_UNITS || lexeme === '' || lexeme === '=') return;
    let post = lexemes.get(lexeme);
    if (!post) lexemes.set(lexeme, (post = { positions: [], title: [] }));
    const last = post.positions.length - 1;
    if (post.positions.length >= MAX_POSITIONS_PER_LEXEME || (last >= 0 && post.positions[last] === p)) return;
    post.positions.push(p);
    post.title.push(title);
  };
  let length = 0;
  for (let k = 0; k < tokens.n; k++) {
    const sym = tokens.sym[k] === 1;
    if (!sym) length++;
    const p = tokens.pos[k] + 1;
    if (p > MAX_POSITION) continue;
    const keys = keysOf(text, tokens.start[k], tokens.end[k], tokens.hash[k], sym);
    const title = tokens.pos[k] < titleEnd;
    add(keys.folded, p, title);
    add(keys.exact, p, title);
  }
  return { lexemes, length };
}

const NEEDS_ESCAPE = /['\\]/;

/** A lexeme quoted for tsvector / tsquery input. */
export function quoteLexeme(lexeme: string): string {
  return NEEDS_ESCAPE.test(lexeme) ? `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'` : `'${lexeme}'`;
}

/**
 * The `tsvector` literal (cast with `::tsvector`) of a document's folded lexemes, or of its
 * exact ones: two columns, so that default searches read vectors half the size.
 */
export function tsvectorLiteral(doc: DocumentLexemes, which: 'folded' | 'exact' = 'folded'): string {
  const exact = which === 'exact';
  let out = '';
  for (const [lexeme, post] of doc.lexemes) {
    if ((lexeme.charCodeAt(0) === 61) /* = */ !== exact) continue;
    if (out) out += ' ';
    out += quoteLexeme(lexeme) + ':';
    for (let i = 0; i < post.positions.length; i++) {
      if (i > 0) out += ',';
      out += post.title[i] ? post.positions[i] + 'A' : post.positions[i];
    }
  }
  return out;
}
