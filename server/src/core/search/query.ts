/**
 * Query syntax, independent of any index:
 *  - words are syllables, matched accent-insensitively by default;
 *  - "double quotes" (also “ ” „ « ») make a phrase: adjacent syllables, function words
 *    ("của", "và") included;
 *  - a document symbol typed whole ("34-NQ/TW", "24/2017/QD-TTg", "39/2016") matches the
 *    symbol term or its parts in sequence (so "39/2016" finds "39/2016/TT-NHNN");
 *  - a document type spelled out and a number ("nghị quyết 34", "Chỉ thị số 12",
 *    "thong tu 39/2016") also asks for reference symbols of that type and number
 *    ("34-NQ/TW", "35/2016/NQ-CP"), per vietnamese-domain.md §3.
 */

import { foldKey, hasDiacritics, normalizeText } from '../text';
import { TokenBuffer, scanSpan } from './scan';

export interface QueryWord {
  /** NFC surface as typed. */
  surface: string;
  /** Index of the symbol (in `symbols` of the segment) this word is a part of, or -1. */
  symbol: number;
}

export interface QuerySymbol {
  surface: string;
  /** Index of its first part in `words` and the number of parts. */
  first: number;
  count: number;
}

export interface FreeSegment {
  words: QueryWord[];
  symbols: QuerySymbol[];
}

export interface QueryRef {
  number: string;
  codes: string[];
  year?: string;
}

export interface ParsedQuery {
  /** The query after NFC (NFD input works). */
  text: string;
  marked: boolean;
  free: FreeSegment[];
  /** Quoted phrases, as syllable surfaces. */
  phrases: string[][];
  refs: QueryRef[];
}

const QUOTE = /["“”„«»]/;
/** Syllables of a query that are used (phrases first, then free words). */
export const MAX_QUERY_WORDS = 32;

/** Folded type names (as syllables) → reference type codes (folded). */
const TYPE_NAMES: [string[], string[]][] = [
  [['nghi', 'quyet'], ['nq']],
  [['chi', 'thi'], ['ct']],
  [['ket', 'luan'], ['kl']],
  [['quyet', 'dinh'], ['qd']],
  [['quy', 'dinh'], ['qd', 'qyd', 'qdi']],
  [['thong', 'bao'], ['tb']],
  [['huong', 'dan'], ['hd']],
  [['chuong', 'trinh'], ['ctr']],
  [['ke', 'hoach'], ['kh']],
  [['de', 'an'], ['da']],
  [['bao', 'cao'], ['bc']],
  [['to', 'trinh'], ['ttr']],
  [['cong', 'dien'], ['cd']],
  [['nghi', 'dinh'], ['nd']],
  [['thong', 'tu', 'lien', 'tich'], ['ttlt']],
  [['thong', 'tu'], ['tt']],
  [['phap', 'lenh'], ['pl']],
  [['quy', 'che'], ['qc']],
];

const tokenScratch = new TokenBuffer();

export function parseQuery(query: string): ParsedQuery {
  const text = normalizeText(query).text;
  const free: FreeSegment[] = [];
  const phrases: string[][] = [];
  let inQuote = false;
  let from = 0;
  const flush = (to: number) => {
    if (to > from) {
      if (inQuote) {
        const words = segmentWords(text, from, to).words.map((w) => w.surface);
        if (words.length) phrases.push(words);
      } else {
        const seg = segmentWords(text, from, to);
        if (seg.words.length) free.push(seg);
      }
    }
  };
  for (let i = 0; i < text.length; i++) {
    if (QUOTE.test(text[i])) {
      flush(i);
      inQuote = !inQuote;
      from = i + 1;
    }
  }
  flush(text.length);
  // A pasted paragraph is not a query: keep the first MAX_QUERY_WORDS syllables.
  let budget = MAX_QUERY_WORDS;
  for (const p of phrases) {
    p.splice(Math.max(0, budget));
    budget -= p.length;
  }
  for (const seg of free) {
    const keep = Math.max(0, budget);
    budget -= seg.words.length;
    if (seg.words.length > keep) {
      seg.words.splice(keep);
      seg.symbols = seg.symbols.filter((sy) => sy.first + sy.count <= keep);
      for (const w of seg.words) if (w.symbol >= seg.symbols.length) w.symbol = -1;
    }
  }
  const nonEmpty = (x: { length: number }) => x.length > 0;
  phrases.splice(0, phrases.length, ...phrases.filter(nonEmpty));
  free.splice(0, free.length, ...free.filter((f) => f.words.length > 0));
  const refs: QueryRef[] = [];
  for (const seg of free) findRefs(seg, refs);
  return { text, marked: hasDiacritics(text), free, phrases, refs };
}

function segmentWords(text: string, from: number, to: number): FreeSegment {
  const t = tokenScratch;
  t.reset();
  scanSpan(text, from, to, 0, t);
  const words: QueryWord[] = [];
  const symbols: QuerySymbol[] = [];
  for (let k = 0; k < t.n; k++) {
    if (t.sym[k] === 0) {
      words.push({ surface: text.slice(t.start[k], t.end[k]), symbol: -1 });
    } else {
      // Parts were pushed before the symbol, at positions pos[k] .. (last word).
      const first = t.pos[k];
      let count = 0;
      for (let w = first; w < words.length; w++) {
        words[w].symbol = symbols.length;
        count++;
      }
      symbols.push({ surface: text.slice(t.start[k], t.end[k]), first, count });
    }
  }
  return { words, symbols };
}

function findRefs(seg: FreeSegment, out: QueryRef[]): void {
  const folded = seg.words.map((w) => foldKey(w.surface));
  for (let i = 0; i < folded.length; i++) {
    for (const [name, codes] of TYPE_NAMES) {
      if (!name.every((s, k) => folded[i + k] === s)) continue;
      let j = i + name.length;
      if (folded[j] === 'so') j++;
      const num = folded[j];
      if (num === undefined || !/^\d+$/.test(num)) break;
      const ref: QueryRef = { number: num.replace(/^0+(?=\d)/, ''), codes };
      // "39/2016": the next part of the same symbol is the year.
      const w = seg.words[j];
      const next = folded[j + 1];
      if (w.symbol >= 0 && seg.words[j + 1]?.symbol === w.symbol && next && /^(19|20)\d\d$/.test(next)) ref.year = next;
      out.push(ref);
      i = j;
      break;
    }
  }
}
