/**
 * Document references (số ký hiệu văn bản) in Vietnamese prose: a pure parser.
 *
 * It finds, in NFC text, the forms described in docs/vietnamese-domain §3 and in
 * test/fixtures/references/README.md (span rules and canonical keys):
 *  - Party symbols            34-NQ/TW, 788- CT/QUTW, 367 - QĐ/TWĐTN
 *  - State symbols with year  30/2020/NĐ-CP, 106/2016/QH13, 19-2017/NQ-CP, 14/2009/HS-ST
 *  - administrative symbols   480/QĐ-UBND, 211/BTC-TCDN, 25/BC/UBND, 67/CP (after a type word)
 *  - short forms              Nghị quyết 34, NĐ67, Thông tư số 15 năm 2015, Nghị định 155/2016
 *  - meeting-named forms      Nghị quyết Trung ương 4 (khóa XI), Nghị quyết Đại hội XIII
 *  - laws by title and year   Luật Đất đai năm 2013, Bộ luật Dân sự 2015
 * and, around each, the issue date, the issuing body, the subject and the term.
 *
 * How it works: symbols are found on the text itself (case matters there: issuers are
 * upper case); type words ("Nghị quyết", "nghi quyet", "NQ") are found on a folded copy
 * of the text that has exactly the same length (lower case, no marks, đ→d), so offsets
 * are shared and unaccented or oddly cased writing is still recognised. A type word
 * whose marks are present but different ("để ăn" for "đề án") is rejected.
 *
 * No I/O, no LSP: offsets are UTF-16 offsets into the string given.
 */

import { exactKey, foldKey } from './text';

export type RefForm = 'party' | 'state' | 'admin' | 'short' | 'meeting' | 'law';

export interface DocReference {
  /** Span in the given text, per the fixture's span rules (type word to end of symbol/number/term). */
  start: number;
  end: number;
  text: string;
  form: RefForm;
  /** Type code: NQ, QĐ, QĐi, CT, KL, QC, TB, HD, CTr, KH, ĐA, BC, CĐ, L, NĐ, TT, TTLT, PL, CV, TTr, BA ... Prose wins over the symbol. */
  type?: string;
  /** Vietnamese name of the type ("Nghị quyết"). */
  typeName?: string;
  /** Number without leading zeros, with its letter suffix ("30c"). */
  number?: string;
  /** Year from the symbol, the short form or the law title. */
  year?: number;
  /** Issuer from the symbol only (TW, CP, TTg, QH13, UBND, BTC-TCDN ...). */
  issuer?: string;
  /** Issue date given right after the span, as d/m/yyyy. */
  date?: string;
  /** `date` as yyyy-mm-dd. */
  isoDate?: string;
  /** Issuing body named in prose after the span: "Bộ Chính trị" from "của Bộ Chính trị". */
  issuerName?: string;
  /** The "về ..." phrase after the reference, trimmed at a sensible end. */
  subject?: string;
  /** Party or National Assembly term (khóa) in Roman numerals: "XIII". */
  term?: string;
  /** Meeting for meeting-named forms: "TW4" (4th plenum), "ĐH" (national congress). */
  meeting?: string;
  /** Canonical key (see test/fixtures/references/README.md). */
  key: string;
  /** True when the text identifies the document on its own (a symbol, a law title with year, a meeting with its term). */
  full: boolean;
  /** The longest prose form around it, for hovers: span + date + issuer + subject. */
  citation?: string;
  /** End offset of `citation` (its start is `start`). */
  citationEnd?: number;
}

// ---------------------------------------------------------------------------------------
// Vocabulary

/** Type codes with their Vietnamese names. */
export const TYPE_NAMES: Readonly<Record<string, string>> = {
  NQ: 'Nghị quyết',
  NĐ: 'Nghị định',
  QĐ: 'Quyết định',
  QĐi: 'Quy định',
  CT: 'Chỉ thị',
  KL: 'Kết luận',
  QC: 'Quy chế',
  TB: 'Thông báo',
  HD: 'Hướng dẫn',
  CTr: 'Chương trình',
  KH: 'Kế hoạch',
  PA: 'Phương án',
  ĐA: 'Đề án',
  DA: 'Dự án',
  BC: 'Báo cáo',
  TTr: 'Tờ trình',
  CĐ: 'Công điện',
  L: 'Luật',
  TT: 'Thông tư',
  TTLT: 'Thông tư liên tịch',
  PL: 'Pháp lệnh',
  CV: 'Công văn',
  BA: 'Bản án',
  NQLT: 'Nghị quyết liên tịch',
};

/**
 * Codes that can stand as the type part of a symbol, upper-cased, with their canonical
 * spelling (TTg, TTr and QĐi keep their lower-case letter).
 */
const SYMBOL_TYPE_CODES: ReadonlyMap<string, string> = new Map([
  ['NQ', 'NQ'], ['NĐ', 'NĐ'], ['QĐ', 'QĐ'], ['QĐI', 'QĐi'], ['QYĐ', 'QyĐ'], ['CT', 'CT'], ['KL', 'KL'],
  ['QC', 'QC'], ['TB', 'TB'], ['HD', 'HD'], ['CTR', 'CTr'], ['KH', 'KH'], ['PA', 'PA'], ['ĐA', 'ĐA'],
  ['DA', 'DA'], ['BC', 'BC'], ['TTR', 'TTr'], ['CĐ', 'CĐ'], ['L', 'L'], ['TT', 'TT'], ['TTLT', 'TTLT'],
  ['PL', 'PL'], ['CV', 'CV'], ['NQLT', 'NQLT'], ['HĐ', 'HĐ'], ['QĐLT', 'QĐLT'], ['CTLT', 'CTLT'],
]);

/** Mixed-case pieces that keep their spelling in keys; everything else is upper-cased. */
const MIXED_CASE_PIECES: ReadonlyMap<string, string> = new Map([
  ['TTG', 'TTg'], ['TTR', 'TTr'], ['QĐI', 'QĐi'], ['QYĐ', 'QyĐ'], ['CTR', 'CTr'],
]);

type Strength =
  /** Nouns that name documents: a bare number after them is a short form ("Nghị quyết 34"). */
  | 'strong'
  /** Also common verbs or nouns ("quyết định", "quy định"): a bare number needs a capital or "số". */
  | 'verb'
  /** Programmes, plans, reports: a bare number is often a name ("Kế hoạch 99"); needs "số". */
  | 'weak'
  /** "văn bản", "bản án", "dự án": only gives the type of a following symbol. */
  | 'generic';

interface TypeWordDef {
  /** Folded syllables. */
  folded: string[];
  /** The canonical spelling, syllable by syllable. */
  canon: string[];
  code: string;
  strength: Strength;
}

const TYPE_WORD_DEFS: TypeWordDef[] = (
  [
    ['Nghị quyết liên tịch', 'NQLT', 'strong'],
    ['Nghị quyết', 'NQ', 'strong'],
    ['Nghị định', 'NĐ', 'strong'],
    ['Quyết định', 'QĐ', 'verb'],
    ['Chỉ thị', 'CT', 'strong'],
    ['Kết luận', 'KL', 'verb'],
    ['Thông tư liên tịch', 'TTLT', 'strong'],
    ['Thông tư', 'TT', 'strong'],
    ['Bộ luật', 'L', 'strong'],
    ['Luật', 'L', 'strong'],
    ['Pháp lệnh', 'PL', 'strong'],
    ['Đề án', 'ĐA', 'strong'],
    ['Quy định', 'QĐi', 'verb'],
    ['Quy chế', 'QC', 'weak'],
    ['Công điện', 'CĐ', 'strong'],
    ['Thông báo', 'TB', 'weak'],
    ['Hướng dẫn', 'HD', 'weak'],
    ['Chương trình', 'CTr', 'weak'],
    ['Kế hoạch', 'KH', 'weak'],
    ['Phương án', 'PA', 'weak'],
    ['Báo cáo', 'BC', 'weak'],
    ['Tờ trình', 'TTr', 'weak'],
    ['Công văn', 'CV', 'strong'],
    ['Văn bản', 'CV', 'generic'],
    ['Bản án', 'BA', 'generic'],
    ['Dự án', 'DA', 'generic'],
  ] as const
).map(([word, code, strength]) => ({
  canon: word.split(' '),
  folded: foldKey(word).split(' '),
  code,
  strength,
}));

/**
 * Upper-case abbreviations used as type words before a number ("NĐ 67", "NĐ67", "TT36/2017").
 * CT, TT, KL, CĐ and ĐA also name buildings, products and units ("tòa CT2", "Cub CT 110"):
 * after them a bare number is taken only with "số" or a year.
 */
const TYPE_ABBREVIATIONS: ReadonlyMap<string, string> = new Map([
  ['NQ', 'NQ'], ['NĐ', 'NĐ'], ['QĐ', 'QĐ'], ['CT', 'CT'], ['KL', 'KL'], ['TT', 'TT'], ['TTLT', 'TTLT'],
  ['CĐ', 'CĐ'], ['ĐA', 'ĐA'],
]);

const TYPE_WORD_RE = new RegExp(
  '(?<![\\p{L}\\p{N}])(?:' +
    TYPE_WORD_DEFS.map((d) => d.folded.join('\\s+')).join('|') +
    ')(?![\\p{L}\\p{N}])',
  'gu',
);
/** TYPE_WORD_RE anchored at a given offset, for the scan that tries only plausible starts. */
const TYPE_WORD_AT = new RegExp(TYPE_WORD_RE.source, 'uy');
/**
 * A loose form of TYPE_WORD_RE: a type word after the text start or after a character
 * that is not an ASCII letter or digit (group 1). Wherever TYPE_WORD_RE matches, this
 * matches too (its lookbehind rejects at least those characters), and without a leading
 * lookbehind the regex engine can skip ahead quickly.
 */
const TYPE_WORD_LOOSE = new RegExp('(^|[^a-z0-9])(?:' + TYPE_WORD_DEFS.map((d) => d.folded.join('\\s+')).join('|') + ')', 'g');

/**
 * The matches TYPE_WORD_RE finds in `folded`, in order: TYPE_WORD_RE itself decides at
 * each offset where the loose pattern matches, so the result is that of a plain global
 * scan with TYPE_WORD_RE.
 */
function typeWordMatches(folded: string): Array<{ index: number; text: string }> {
  const out: Array<{ index: number; text: string }> = [];
  let from = 0;
  for (;;) {
    TYPE_WORD_LOOSE.lastIndex = from;
    const loose = TYPE_WORD_LOOSE.exec(folded);
    if (!loose) break;
    const i = loose.index + loose[1].length;
    TYPE_WORD_AT.lastIndex = i;
    const m = TYPE_WORD_AT.exec(folded);
    if (m) {
      out.push({ index: i, text: m[0] });
      from = i + m[0].length;
    } else from = i + 1; // (i + 1 cannot start one: folded[i] is a letter)
  }
  return out;
}

const ABBREVIATION_RE = /(?<![\p{L}\p{N}\-–/])(TTLT|NQ|NĐ|QĐ|CT|KL|TT|CĐ|ĐA)(?=\s?(?:(?:số|So|so|Số)\s*)?\d)/gu;
const AMBIGUOUS_ABBREVIATIONS = new Set(['CT', 'TT', 'KL', 'CĐ', 'ĐA']);

// ---------------------------------------------------------------------------------------
// Folding that keeps offsets

/** Folded code unit for each UTF-16 code unit at or above 0x80; 0 = not computed yet. */
const foldTable = new Uint16Array(0x10000);

function foldUnit(c: number): number {
  let f = foldTable[c];
  if (f === 0) {
    const k = foldKey(String.fromCharCode(c));
    f = (k.length === 1 ? k : k.length === 0 ? '\u0301' : k[0]).charCodeAt(0);
    foldTable[c] = f;
    if (isSurrogate(f) && !isSurrogate(c)) foldMakesSurrogates = true;
  }
  return f;
}

function isSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdfff;
}

/** Set if some non-surrogate ever folds to a surrogate (then the decoder is not used). */
let foldMakesSurrogates = false;
const SURROGATE_RE = /[\ud800-\udfff]/;
/** Decodes code units as they are (a BOM kept); only used when no unit is a surrogate. */
const UTF16_DECODER = typeof TextDecoder === 'function' ? new TextDecoder('utf-16le', { ignoreBOM: true }) : undefined;

/** Lower case, no marks, đ→d, one UTF-16 unit out for each unit in. */
export function foldSameLength(text: string): string {
  // ASCII is lower-cased as String#toLowerCase does it (A-Z only); every other unit is
  // folded alone. Built as code units: concatenating per non-ASCII letter is much slower.
  const n = text.length;
  const out = new Uint16Array(n);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    out[i] = c < 0x80 ? (c >= 65 && c <= 90 ? c + 32 : c) : foldUnit(c);
  }
  // The decoder would replace lone surrogates, so it only gets surrogate-free units.
  if (UTF16_DECODER && !foldMakesSurrogates && !SURROGATE_RE.test(text)) return UTF16_DECODER.decode(out);
  let s = '';
  for (let i = 0; i < n; i += 4096) s += String.fromCharCode.apply(null, out.subarray(i, Math.min(n, i + 4096)) as unknown as number[]);
  return s;
}

// ---------------------------------------------------------------------------------------
// Small helpers

const ROMAN_VALUES: Record<string, number> = { i: 1, v: 5, x: 10, l: 50, c: 100 };

/** Value of a Roman numeral written canonically (I..C), else undefined. */
function romanValue(s: string): number | undefined {
  const r = s.toLowerCase();
  if (!/^[ivxlc]+$/.test(r)) return undefined;
  let total = 0;
  for (let i = 0; i < r.length; i++) {
    const v = ROMAN_VALUES[r[i]];
    const next = i + 1 < r.length ? ROMAN_VALUES[r[i + 1]] : 0;
    total += v < next ? -v : v;
  }
  return toRoman(total).toLowerCase() === r ? total : undefined;
}

function toRoman(n: number): string {
  const table: [number, string][] = [
    [100, 'C'], [90, 'XC'], [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I'],
  ];
  let out = '';
  for (const [v, s] of table) {
    while (n >= v) {
      out += s;
      n -= v;
    }
  }
  return out;
}

/** A term written as "XIII", "xiii" or "13" → "XIII" (1..40), else undefined. */
function termRoman(s: string): string | undefined {
  if (/^\d{1,2}$/.test(s)) {
    const n = Number(s);
    return n >= 1 && n <= 40 ? toRoman(n) : undefined;
  }
  const v = romanValue(s);
  return v !== undefined && v <= 40 ? toRoman(v) : undefined;
}

/** Ordinal words after "lần thứ" (folded). */
const ORDINAL_WORDS: Record<string, number> = {
  nhat: 1, hai: 2, ba: 3, tu: 4, nam: 5, sau: 6, bay: 7, tam: 8, chin: 9, muoi: 10,
  'muoi mot': 11, 'muoi hai': 12, 'muoi ba': 13, 'muoi bon': 14, 'muoi lam': 15,
  'muoi sau': 16, 'muoi bay': 17, 'muoi tam': 18, 'muoi chin': 19,
};

function stripLeadingZeros(n: string): string {
  const m = /^0*(\d+)(.*)$/.exec(n);
  if (!m) return n;
  return m[1].replace(/^0+(?=\d)/, '') + m[2].toLowerCase();
}

function canonicalPiece(piece: string): string {
  let up = piece.toUpperCase().replace(/TƯ/g, 'TW');
  const mixed = MIXED_CASE_PIECES.get(up);
  if (mixed) return mixed;
  return up;
}

function isValidYear(y: number): boolean {
  return y >= 1945 && y <= 2099;
}

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}


// ---------------------------------------------------------------------------------------
// Symbols

interface SymbolMatch {
  start: number;
  end: number;
  form: 'party' | 'state' | 'admin';
  number: string;
  year?: number;
  /** Canonical type code from the symbol, when it has one. */
  code?: string;
  issuer?: string;
  /** Type part of a Party symbol as written, known code or not ("QĐNS"). */
  partyCode?: string;
  /** Court judgment (HS-ST ...). */
  judgment: boolean;
  /** Admin symbol with a single piece and no type code ("67/CP", "464/BNV"): needs prose. */
  bare: boolean;
  key: string;
}

/** A number that may start a symbol; the rest is parsed by hand in `parseSymbolAt`. */
const SYMBOL_START_RE = /(?<![\p{N}.,:/\-–])(\d{1,5})(?=[a-zđ]?\s?[-–/])/gu;
/** "309 QĐ-TTg", "10/2016 QĐ-UBND": a space in place of the slash, taken only after a type word. */
const SPACED_TAIL_RE = /\s((?:NQ|NĐ|QĐ|CT|KL|TT|TTLT|TB|HD|KH|CV|CĐ|BC|TTr)\s?[-–]\s?\p{Lu}[\p{Lu}\d&]*(?:[a-zđ]\d*)?(?:[-–]\p{Lu}[\p{Lu}\d&]*)*)(?![\p{L}\p{N}\-/])/uy;
/** A piece of a symbol: an upper-case letter, then upper-case letters, digits or &, and at most one lower-case letter (TTg, QĐi, Qh13). */
const PIECE_RE = /\p{Lu}[\p{Lu}\d&]*(?:[a-zđ]\d*)?(?![\p{L}\p{N}])|\p{Lu}[\p{Lu}\d&]*(?:[a-zđ]\d*)?(?=[-–/])|(?:Ttg|Ttr|TTG|TTR)(?![\p{L}\p{N}])/uy;
const JUDGMENT_RE = /^[A-ZĐ]{1,5}-(?:ST|PT|GĐT|TT)$/u;

function matchAt(re: RegExp, text: string, pos: number): RegExpExecArray | null {
  re.lastIndex = pos;
  return re.exec(text);
}

/** Pieces after a slash: "NĐ-CP", "QĐ- BVHTTDL", "TT – BXD", "CV/HHLTVN", "KL-BNN-TTr". */
function parsePieces(text: string, pos: number): { pieces: string[]; end: number } | undefined {
  const pieces: string[] = [];
  let p = pos;
  for (;;) {
    const m = matchAt(PIECE_RE, text, p);
    if (!m) break;
    pieces.push(m[0]);
    p += m[0].length;
    // A spaced dash is taken only right after a type code ("QĐ- TTg", "TT – BXD");
    // later ones usually start prose ("480/QĐ-UBND - TP Hà Nội").
    const spacedOk = pieces.length === 1 && SYMBOL_TYPE_CODES.has(m[0].toUpperCase());
    const sep = spacedOk ? /\s?[-–]\s?|\//y : /[-–]|\/(?=\p{Lu})/uy;
    const s = matchAt(sep, text, p);
    if (!s) break;
    const after = matchAt(PIECE_RE, text, p + s[0].length);
    if (!after) break;
    p += s[0].length;
  }
  if (pieces.length === 0) return undefined;
  return { pieces, end: p };
}

function parseSymbolAt(text: string, numStart: number, numText: string): SymbolMatch | undefined {
  let p = numStart + numText.length;
  let number = numText;
  const suffix = /[a-zđ](?=\s?[-–/])/uy;
  const sm = matchAt(suffix, text, p);
  if (sm) {
    number += sm[0];
    p += sm[0].length;
  }
  number = stripLeadingZeros(number);

  // Party: n-TYPE/ISSUER, with optional spaces around the dash.
  const dash = matchAt(/\s?[-–]\s?/y, text, p);
  if (dash) {
    const q = p + dash[0].length;
    // Hyphen in place of the year slash: 19-2017/NQ-CP.
    const yearM = matchAt(/((?:19|20)\d{2})\//y, text, q);
    if (yearM && dash[0].trim() === dash[0].replace(/\s/g, '') && !/\s/.test(dash[0])) {
      const rest = parsePieces(text, q + yearM[0].length);
      if (rest) return stateSymbol(numStart, rest.end, number, Number(yearM[1]), rest.pieces);
    }
    const typeM = matchAt(/(\p{Lu}[\p{Lu}]{0,4}[a-zđ]?)\s?\/\s?(?=\p{Lu})/uy, text, q);
    if (typeM) {
      // Unknown codes are kept as written ("476-QĐNS/TW", Party personnel decisions).
      const code = SYMBOL_TYPE_CODES.get(typeM[1].toUpperCase()) ?? canonicalPiece(typeM[1]);
      if (code) {
        const rest = parsePieces(text, q + typeM[0].length);
        if (rest) {
          const issuer = rest.pieces.map(canonicalPiece).join('-');
          return {
            start: numStart,
            end: rest.end,
            form: 'party',
            number,
            code: SYMBOL_TYPE_CODES.has(code.toUpperCase()) ? code : undefined,
            partyCode: code,
            issuer,
            judgment: false,
            bare: false,
            key: `${number}-${code}/${issuer}`,
          };
        }
      }
    }
    return undefined;
  }

  const slash = matchAt(/\s?\/(?=\s?(?:19|20)\d{2}\s?[-–/]\s?\p{Lu})|\//uy, text, p);
  if (!slash) return undefined;
  p += slash[0].length;
  // After the year: "/" or, as written in haste, "-" or " - " before an upper-case piece.
  const yearM = matchAt(/((?:19|20)\d{2})(?:\s?\/\s?|\s?[-–]\s?(?=\p{Lu}))/uy, text, p);
  if (yearM) {
    const rest = parsePieces(text, p + yearM[0].length);
    if (!rest) return undefined;
    return stateSymbol(numStart, rest.end, number, Number(yearM[1]), rest.pieces);
  }
  const rest = parsePieces(text, p);
  if (!rest) return undefined;
  const pieces = rest.pieces.map(canonicalPiece);
  const code = SYMBOL_TYPE_CODES.get(pieces[0].toUpperCase());
  if (code && pieces.length >= 2) {
    const issuer = pieces.slice(1).join('-');
    return {
      start: numStart,
      end: rest.end,
      form: 'admin',
      number,
      code,
      issuer,
      judgment: false,
      bare: false,
      key: `${number}/${code}-${issuer}`,
    };
  }
  const issuer = pieces.join('-');
  return {
    start: numStart,
    end: rest.end,
    form: 'admin',
    number,
    issuer,
    judgment: false,
    bare: pieces.length === 1,
    key: `${number}/${issuer}`,
  };
}

function stateSymbol(start: number, end: number, number: string, year: number, raw: string[]): SymbolMatch | undefined {
  if (!isValidYear(year)) return undefined;
  const pieces = raw.map(canonicalPiece);
  const rest = pieces.join('-');
  const code = SYMBOL_TYPE_CODES.get(pieces[0].toUpperCase());
  const judgment = !code && JUDGMENT_RE.test(rest);
  let issuer: string | undefined;
  if (code) issuer = pieces.length > 1 ? pieces.slice(1).join('-') : undefined;
  else if (!judgment) issuer = rest;
  return { start, end, form: 'state', number, year, code, issuer, judgment, bare: false, key: `${number}/${year}/${rest}` };
}

function scanSymbols(text: string): SymbolMatch[] {
  const out: SymbolMatch[] = [];
  SYMBOL_START_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = SYMBOL_START_RE.exec(text)) !== null) {
    const start = m.index;
    // A letter right before the number is allowed only for a glued "số" ("số31-QĐ/TW").
    if (start > 0 && /\p{L}/u.test(text[start - 1])) {
      const before = /(\p{L}+)$/u.exec(text.slice(Math.max(0, start - 8), start));
      if (!before || foldKey(before[1]) !== 'so') continue;
    }
    // Technical standards: QCVN 01:2009/BYT, TCVN ...
    if (/\b(?:QCVN|TCVN|ISO)\s*$/.test(text.slice(Math.max(0, start - 6), start))) continue;
    const sym = parseSymbolAt(text, start, m[1]);
    if (sym) {
      out.push(sym);
      SYMBOL_START_RE.lastIndex = sym.end;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Type words

interface TypeWordMatch {
  start: number;
  end: number;
  code: string;
  strength: Strength;
  capitalized: boolean;
  abbreviation: boolean;
}

/** Syllables that, before "luật", make another word. */
const LUAT_COMPOUND_BEFORE = new Set(['kỷ', 'pháp', 'quy', 'điều', 'định', 'dự', 'đạo', 'giới'].map(exactKey));
/** The same, only when "luật" is in lower case ("vi phạm luật", but "vi phạm Luật Đất đai năm 2013"). */
const LUAT_COMPOUND_BEFORE_LOWER = new Set(['trái', 'hợp', 'phạm', 'văn', 'dưới', 'luật'].map(exactKey));

function unmarked(syllable: string): boolean {
  return foldKey(syllable) === syllable.toLowerCase();
}

/** Type words whose unaccented or half-accented spelling is also a common phrase ("chỉ thi", "để ăn"). */
const COLLIDING_WHEN_UNACCENTED = new Set(['CT', 'ĐA', 'DA', 'BA', 'TB', 'CV']);

/**
 * Is the type word as written acceptable for its canonical spelling?
 *  - every syllable as canonical (tone placement and case aside): yes;
 *  - a syllable with different marks ("để ăn" for "đề án"): no;
 *  - some syllables without marks ("Nghi quyết", a typo): yes, unless the type word then
 *    reads as a common phrase ("chỉ thi 2 môn");
 *  - no marks at all ("nghi quyet 34"): yes when the text around is written without marks
 *    too, as a writer who types without marks does it throughout.
 */
/** exactKey of the few spellings type words come in (NFD work otherwise), bounded. */
const exactKeyMemo = new Map<string, string>();

function memoExactKey(word: string): string {
  let k = exactKeyMemo.get(word);
  if (k === undefined) {
    if (exactKeyMemo.size >= 10_000) exactKeyMemo.clear();
    k = exactKey(word);
    exactKeyMemo.set(word, k);
  }
  return k;
}

function typeWordAccepted(text: string, start: number, end: number, original: string[], def: TypeWordDef): boolean {
  let exact = 0;
  for (let i = 0; i < original.length; i++) {
    if (memoExactKey(original[i]) === memoExactKey(def.canon[i])) exact++;
    else if (!unmarked(original[i])) return false;
  }
  if (exact === original.length) return true;
  if (exact > 0) return !COLLIDING_WHEN_UNACCENTED.has(def.code);
  const around = text.slice(Math.max(0, start - 60), start) + text.slice(end, end + 60);
  const letters = around.match(/\p{L}/gu)?.length ?? 0;
  const marked = around.match(/[^\x00-\x7f]/gu)?.filter((c) => /\p{L}/u.test(c)).length ?? 0;
  return letters > 0 && marked / letters < 0.04;
}

function scanTypeWords(text: string, folded: string): TypeWordMatch[] {
  const out: TypeWordMatch[] = [];
  for (const tw of typeWordMatches(folded)) {
    const m = { index: tw.index, 0: tw.text };
    const syllables = m[0].split(/\s+/);
    const def = TYPE_WORD_DEFS.find((d) => d.folded.length === syllables.length && d.folded.every((s, i) => s === syllables[i]));
    if (!def) continue;
    const original = text.slice(m.index, m.index + m[0].length).split(/\s+/);
    if (!typeWordAccepted(text, m.index, m.index + m[0].length, original, def)) continue;
    if (def.canon.length === 1 && def.code === 'L') {
      // "kỷ luật", "pháp luật", "quy luật", "đạo luật" (a foreign act), "dự luật" (a bill) ...
      const prev = /([\p{L}\p{M}]+)\s+$/u.exec(text.slice(Math.max(0, m.index - 12), m.index));
      const before = prev ? exactKey(prev[1]) : '';
      if (LUAT_COMPOUND_BEFORE.has(before)) continue;
      if (LUAT_COMPOUND_BEFORE_LOWER.has(before) && !/\p{Lu}/u.test(text[m.index])) continue;
    }
    out.push({
      start: m.index,
      end: m.index + m[0].length,
      code: def.code,
      strength: def.strength,
      capitalized: /\p{Lu}/u.test(text[m.index]),
      abbreviation: false,
    });
  }
  ABBREVIATION_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ABBREVIATION_RE.exec(text)) !== null) {
    out.push({
      start: m.index,
      end: m.index + m[0].length,
      code: TYPE_ABBREVIATIONS.get(m[1])!,
      strength: 'strong',
      capitalized: true,
      abbreviation: true,
    });
  }
  out.sort((a, b) => a.start - b.start);
  return out;
}

// ---------------------------------------------------------------------------------------
// Candidates

interface Candidate extends Omit<DocReference, 'text' | 'typeName'> {
  /** Offset where the prose around the reference (date, issuer, subject) starts being read. */
  tail: number;
}

/** Words after a bare number that make it a quantity, not a document number. */
const UNIT_AFTER_NUMBER =
  /^\s*(?:tháng|ngày(?!\s*\d)|tuần|giờ|phút|giây|người|triệu|tỷ|tỉ|nghìn|ngàn|đồng(?!\s+(?:ý|thời|bộ|loạt|chí|tình|hành))|usd|lần|trang|km|ha|tấn|kg|m2|m3|điểm|tuổi|bản|câu|mục|chương|loại|nhóm|tỉnh|xã|huyện|trường hợp|năm(?!\s+(?:19|20)\d\d(?!\d)))(?![\p{L}\p{N}])/u;

function skipSo(folded: string, p: number): { pos: number; so: boolean } {
  let so = false;
  for (;;) {
    const m = matchAt(/\s*so(?![\p{L}])\s*/uy, folded, p);
    if (!m) break;
    // An unaccented "so" ("so với") counts only before a number.
    if (!/\d/.test(folded[p + m[0].length] ?? '')) break;
    so = true;
    p += m[0].length;
  }
  // "số" glued to the type word's following text is handled by the symbol scan.
  return { pos: p, so };
}

function shortNumberAt(text: string, p: number, afterSo: boolean):
  | { number: string; year?: number; end: number }
  | undefined {
  const m = matchAt(/(\d{1,5})(?:([a-zđ])(?![\p{L}]))?/uy, text, p);
  if (!m) return undefined;
  let end = p + m[0].length;
  const after = text.slice(end, end + 24);
  // Amounts, dates, scores, fractions: 6,5 / 14/12 / 3-1 / 10%.
  if (/^[.,:]\d/.test(after) || /^\s?%/.test(after)) return undefined;
  let year: number | undefined;
  const ym = /^(?:\/|-|\s+năm\s+|\s+nam\s+)((?:19|20)\d{2})(?![\p{N}\/])/u.exec(after);
  if (ym) {
    const y = Number(ym[1]);
    if (isValidYear(y) && !/^[-/]\d/.test(text.slice(end + ym[0].length, end + ym[0].length + 2))) {
      year = y;
      end += ym[0].length;
    }
  } else if (/^[-/–]/.test(after)) {
    // "14/12", "67/CP" after a weak word, "15-16": not a short form.
    return undefined;
  }
  // "Nghị quyết 2 năm qua" is a quantity; after "số" the number is the document's.
  if (year === undefined && !afterSo && UNIT_AFTER_NUMBER.test(text.slice(end, end + 24).toLowerCase())) return undefined;
  return { number: stripLeadingZeros(m[1] + (m[2] ?? '')), year, end };
}

const TERM_AFTER = /(?:\s+|\s*,\s*|\s*\(\s*)khoa\s+([ivxlc]+|\d{1,2})(?![\p{L}\p{N}])(\s*\))?/uy;

/** "Trung ương 4 (khóa XI)", "Hội nghị Trung ương 8 khóa XII", "Đại hội lần thứ XIII" after "Nghị quyết". */
function parseMeeting(text: string, folded: string, p: number): { meeting: string; term?: string; end: number; extraTerms: { start: number; end: number; term: string }[] } | undefined {
  const tw = matchAt(
    /\s+(?:hoi nghi\s+)?(?:(?:lan thu\s+)?(\d{1,2}|muoi (?:mot|hai|ba|bon|lam|sau|bay|tam|chin)|nhat|hai|ba|tu|nam|sau|bay|tam|chin|muoi)\s+ban chap hanh\s+trung uong(?:\s+dang)?|(trung uong|t\.u|tu|tw|t\.w)\s*(?:lan thu\s+)?(\d{1,2}|muoi (?:mot|hai|ba|bon|lam|sau|bay|tam|chin)|nhat|hai|ba|tu|nam|sau|bay|tam|chin|muoi))(?![\p{L}\p{N}])/uy,
    folded,
    p,
  );
  if (tw) {
    const spelled = tw[1] ?? tw[3];
    const n = /^\d+$/.test(spelled) ? Number(spelled) : ORDINAL_WORDS[spelled];
    if (tw[2] !== undefined) {
      // "TƯ"/"T.Ư"/"TW" must be upper case in the text; "tu" alone is a common word.
      const orig = text.slice(p, p + tw[0].length).trim().replace(/^\S+\s+\S+\s+(?=\S)/u, (h) => (/^h/i.test(h) ? '' : h));
      if (tw[2] !== 'trung uong' && !/^(?:TƯ|T\.Ư|TW|T\.W)/u.test(orig)) return undefined;
      // A spelled ordinal needs "lần thứ" ("Trung ương tư" is not a plenum).
      if (!/^\d+$/.test(spelled) && !/lan thu/.test(tw[0])) return undefined;
    }
    if (!n || n > 20) return undefined;
    let end = p + tw[0].length;
    let term: string | undefined;
    const t = matchAt(TERM_AFTER, folded, end);
    if (t) {
      const roman = termRoman(t[1]);
      const opened = /\(/.test(t[0]);
      if (roman && (!opened || t[2])) {
        term = roman;
        end += t[0].length;
      }
    }
    const extraTerms: { start: number; end: number; term: string }[] = [];
    if (term) {
      // "Nghị quyết Trung ương 4 khóa XI, khóa XII": the second is its own (elliptical) mention.
      let q = end;
      for (;;) {
        const e = matchAt(/\s*(?:,\s*(?:va\s+)?|\s+va\s+)(khoa\s+([ivxlc]+|\d{1,2}))(?![\p{L}\p{N}])/uy, folded, q);
        if (!e) break;
        const roman = termRoman(e[2]);
        if (!roman) break;
        const s = q + e[0].length - e[1].length;
        extraTerms.push({ start: s, end: q + e[0].length, term: roman });
        q += e[0].length;
      }
    }
    return { meeting: `TW${n}`, term, end, extraTerms };
  }
  const dh = matchAt(
    /\s+dai hoi\s+(?:(?:dai bieu\s+)?(?:dang\s+)?(?:(?:cong san viet nam|toan quoc)\s+)?)?(?:lan thu\s+)?([ivxlc]+|\d{1,2})(?![\p{L}\p{N}])/uy,
    folded,
    p,
  );
  if (dh) {
    const term = termRoman(dh[1]);
    if (!term) return undefined;
    // Roman numerals written in capitals ("XIII"), as the Congress is always named.
    const raw = text.slice(p + dh[0].length - dh[1].length, p + dh[0].length);
    if (/^[ivxlc]+$/.test(raw)) return undefined;
    return { meeting: 'ĐH', term, end: p + dh[0].length, extraTerms: [] };
  }
  return undefined;
}

/**
 * After "Nghị quyết Đại hội X": a provincial congress ("... Đảng bộ thành phố") or another
 * party ("của Đảng Nhân dân Cách mạng Lào") — not the national Congress of the CPV.
 */
function otherPartyAfter(foldedAfter: string): boolean {
  if (/^\s*\)?\s*,?\s*(?:cua\s+)?(?:dang bo|doan|cong doan|hoi)(?![a-z])/.test(foldedAfter)) return true;
  const party = /^\s*\)?\s*(?:cua\s+)?dang\s+([a-z ]{0,40})/.exec(foldedAfter);
  if (party && /^(?:cong san|nhan dan|lao dong|xa hoi|dan chu)/.test(party[1]) && !/^cong san viet nam/.test(party[1])) return true;
  return false;
}

const LAW_STOP_WORDS = new Set(
  [
    'được', 'vào', 'đã', 'sẽ', 'là', 'có', 'này', 'từ', 'trong', 'tại', 'đến', 'cho', 'với', 'khi', 'sau',
    'trước', 'thì', 'mà', 'những', 'của', 'theo', 'số', 'năm', 'tháng', 'ngày',
    'đang', 'vừa', 'mới', 'nay', 'cũ', 'này', 'đó', 'do', 'bị', 'nêu', 'ghi', 'rằng', 'như',
  ].map(exactKey),
);
/** Two-word phrases that end a law title ("Luật Đất đai có hiệu lực ...", "Luật X hiện hành"). */
const LAW_STOP_PAIRS = new Set(['ban hành', 'thông qua', 'hiệu lực', 'hiện hành', 'quy định', 'sửa đổi', 'bổ sung'].map((p) => p.split(' ').map(exactKey).join(' ')));
/** Words that, first after "luật", do not start a law title. */
const LAW_TITLE_BAD_FIRST = new Set(['sư', 'lệ', 'pháp', 'chơi', 'gia', 'học', 'định', 'hóa', 'hoá', 'nào', 'này', 'đó', 'mới', 'cũ', 'chung', 'sửa', 'về', 'và'].map(foldKey));

/** "Luật Đất đai năm 2013", "luật Đất đai 2013", "Luật Cán bộ công chức (năm 2008)". */
function parseLawTitle(text: string, folded: string, typeWord: TypeWordMatch): { title: string; year: number; end: number } | undefined {
  const words: { start: number; end: number }[] = [];
  let p = typeWord.end;
  for (let i = 0; i < 12; i++) {
    const sep = matchAt(i === 0 ? /\s+/y : /\s+|,\s+/y, text, p);
    if (!sep) return undefined;
    const q = p + sep[0].length;
    if (words.length > 0 && !sep[0].includes(',')) {
      const y = matchAt(/\(\s*(?:năm\s+|nam\s+)?((?:19|20)\d{2})\s*\)|(?:năm\s+|nam\s+)?((?:19|20)\d{2})(?![\p{L}\p{N}])(?![.,]\d)/uy, text, q);
      if (y) {
        const year = Number(y[1] ?? y[2]);
        if (!isValidYear(year)) return undefined;
        const title = text
          .slice(words[0].start, words[words.length - 1].end)
          .replace(/[,;]/g, ' ')
          .replace(/\s+/g, ' ')
          .trim();
        return { title: title[0].toUpperCase() + title.slice(1), year, end: q + y[0].length };
      }
    }
    const w = matchAt(/[\p{L}\p{M}]+/uy, text, q);
    if (!w) return undefined;
    const f = folded.slice(q, q + w[0].length);
    const ek = exactKey(w[0]);
    if (LAW_STOP_WORDS.has(ek)) return undefined;
    if (i > 0) {
      const next = matchAt(/\s+([\p{L}\p{M}]+)/uy, text, q + w[0].length);
      if (next && LAW_STOP_PAIRS.has(ek + ' ' + exactKey(next[1]))) return undefined;
    }
    if (i === 0) {
      if (LAW_TITLE_BAD_FIRST.has(f)) return undefined;
      // Lower-case "luật" needs a capitalised title ("luật Đất đai 2013"), else it is
      // too often the common noun ("vi phạm luật giao thông năm 2016").
      if (!typeWord.capitalized && !/\p{Lu}/u.test(w[0][0])) return undefined;
    }
    words.push({ start: q, end: q + w[0].length });
    p = q + w[0].length;
  }
  return undefined;
}

/** Is the law title inside the name of a treaty ("Công ước Liên hợp quốc về Luật Biển năm 1982")? */
function insideTreatyName(folded: string, start: number): boolean {
  const before = folded.slice(Math.max(0, start - 80), start);
  const clause = before.split(/[.;:!?()"“”]/).pop() ?? '';
  return /(?:cong uoc|hiep uoc|hiep dinh|cong ước)[^,]*\sve\s+$/.test(clause);
}

/** Nearest type word before "số" in the same clause, for symbols whose type word is separated ("Luật thuế GTGT số 13/2008/QH12"). */
function proseTypeBefore(text: string, folded: string, symStart: number, typeWords: TypeWordMatch[]): { code: string; generic: boolean } | undefined {
  const so = /(?:^|[^\p{L}])so\s*$/u.exec(folded.slice(Math.max(0, symStart - 12), symStart));
  if (!so) return undefined;
  const windowStart = Math.max(0, symStart - 90);
  const before = text.slice(windowStart, symStart);
  // Stop at clause punctuation and at digits (another number or symbol).
  const cut = Math.max(before.search(/[^.,;:!?()"“”\d]*$/u), 0);
  const from = windowStart + cut;
  let best: TypeWordMatch | undefined;
  for (const tw of typeWords) {
    if (tw.start >= from && tw.end <= symStart) {
      const words = text.slice(tw.end, symStart).trim().split(/\s+/).filter(Boolean);
      if (words.length <= 9) best = tw;
    }
  }
  if (!best) return undefined;
  return { code: best.code, generic: best.strength === 'generic' };
}

function typeForSymbol(sym: SymbolMatch, prose: { code: string; generic: boolean } | undefined): string {
  if (prose && !prose.generic) {
    if (prose.code === 'BA' && !sym.judgment) return sym.code ? normalType(sym.code) : 'BA';
    return prose.code;
  }
  if (sym.judgment) return 'BA';
  if (prose?.code === 'BA') return 'BA';
  if (sym.code) return normalType(sym.code);
  if (sym.partyCode) {
    // "QĐNS" (quyết định nhân sự) → QĐ
    const prefix = ['QĐ', 'NQ', 'CT', 'KL', 'HD', 'TB', 'KH', 'BC', 'QC'].find((c) => sym.partyCode!.toUpperCase().startsWith(c));
    if (prefix) return prefix;
  }
  if (sym.issuer && /^QH\d*$/.test(sym.issuer)) return 'L';
  if (sym.issuer && /^UBTVQH\d*$/.test(sym.issuer)) return 'NQ';
  return 'CV';
}

function normalType(code: string): string {
  return code === 'QyĐ' ? 'QĐi' : code;
}

function fromSymbol(sym: SymbolMatch, start: number, type: string): Candidate {
  return {
    start,
    end: sym.end,
    form: sym.form,
    type,
    number: sym.number,
    year: sym.year,
    issuer: sym.issuer,
    key: sym.key,
    full: true,
    tail: sym.end,
  };
}

function collectCandidates(text: string, folded: string): Candidate[] {
  const symbols = scanSymbols(text);
  const symbolAt = new Map<number, SymbolMatch>();
  for (const s of symbols) symbolAt.set(s.start, s);
  const used = new Set<SymbolMatch>();
  const typeWords = scanTypeWords(text, folded);
  const out: Candidate[] = [];
  let lastEnd = 0;

  for (const tw of typeWords) {
    if (tw.start < lastEnd) continue;
    let p = tw.end;
    // "Nghị quyết (NQ) số 22-NQ/TW"
    const abbr = matchAt(/\s*\(\s*\p{Lu}{1,6}\s*\)/uy, text, p);
    if (abbr) p += abbr[0].length;
    const so = skipSo(folded, p);
    const gap = matchAt(/\s*/y, text, so.pos);
    const q = so.pos + (gap ? gap[0].length : 0);
    const directGap = text.slice(tw.end, q);
    const sym = symbolAt.get(q);
    if (sym && !/\n\s*\n/.test(directGap)) {
      const weakBare = sym.bare && !so.so && tw.strength !== 'strong' && tw.strength !== 'verb';
      if (!weakBare && !(tw.strength === 'generic')) {
        used.add(sym);
        out.push(fromSymbol(sym, tw.start, typeForSymbol(sym, { code: tw.code, generic: false })));
        lastEnd = sym.end;
        continue;
      }
      if (weakBare) {
        used.add(sym); // "Chương trình 67/CP": a programme's name, not a document
        continue;
      }
      continue; // generic: the standalone pass takes the symbol
    }
    if (tw.strength === 'generic') continue;

    if (tw.code === 'NQ' && !so.so) {
      const meeting = parseMeeting(text, folded, tw.end);
      if (meeting && !otherPartyAfter(folded.slice(meeting.end, meeting.end + 60))) {
        const key = meeting.term ? `NQ ${meeting.meeting} ${meeting.term}` : `NQ ${meeting.meeting}`;
        out.push({
          start: tw.start,
          end: meeting.end,
          form: 'meeting',
          type: 'NQ',
          meeting: meeting.meeting,
          term: meeting.term,
          key,
          full: meeting.term !== undefined,
          tail: meeting.end,
        });
        lastEnd = meeting.end;
        for (const extra of meeting.extraTerms) {
          out.push({
            start: extra.start,
            end: extra.end,
            form: 'meeting',
            type: 'NQ',
            meeting: meeting.meeting,
            term: extra.term,
            key: `NQ ${meeting.meeting} ${extra.term}`,
            full: true,
            tail: extra.end,
          });
          lastEnd = extra.end;
        }
        continue;
      }
    }

    if (tw.code === 'L' && !so.so && !tw.abbreviation) {
      const law = parseLawTitle(text, folded, tw);
      if (law && !insideTreatyName(folded, tw.start)) {
        out.push({
          start: tw.start,
          end: law.end,
          form: 'law',
          type: 'L',
          year: law.year,
          key: `L ${law.title} ${law.year}`,
          full: true,
          tail: law.end,
        });
        lastEnd = law.end;
        continue;
      }
    }

    // Short form: type word, optional "số", number.
    if (/\n/.test(directGap)) continue;
    if (q === tw.end && !tw.abbreviation && !so.so) continue; // "Nghị quyết34"? too odd; skip
    if (tw.strength === 'weak' && !so.so) continue;
    // "luật" is also the second syllable of common words: "kỷ luật 7 đảng viên".
    if (tw.code === 'L' && !so.so && !tw.capitalized) continue;
    const num = shortNumberAt(text, q, so.so);
    if (!num) continue;
    if (tw.strength === 'verb' && !so.so && !tw.capitalized) {
      // "quyết định 3099 của UBND", "quyết định 49/2011", but not "quyết định 2 phương án".
      const docLike =
        num.year !== undefined ||
        /^\d{3,}/.test(num.number) ||
        /^\s*(?:của|ngày|về|do|\()/u.test(text.slice(num.end, num.end + 8));
      if (!docLike) continue;
    }
    const glued = text.slice(num.end, num.end + 2);
    // "QĐ108UB", "CT8D": a code, not a document. "Luật 106có" (a missing space) is kept.
    if (/^\p{Lu}/u.test(glued) || (tw.abbreviation && /^\p{L}/u.test(glued))) continue;
    if (tw.abbreviation && AMBIGUOUS_ABBREVIATIONS.has(tw.code) && !so.so && num.year === undefined) continue;
    // A bare year ("Nghị định 2006") is not a document number.
    if (num.year === undefined && /^(?:19|20)\d\d$/.test(num.number)) continue;
    // The Government issues a few hundred decrees a year: "NĐ 1816" is a boat number.
    if (tw.code === 'NĐ' && num.year === undefined && /^\d{4,}/.test(num.number)) continue;
    const spaced = matchAt(SPACED_TAIL_RE, text, num.end);
    if (spaced) {
      // "Quyết định 309 QĐ-TTg", "Nghị định 67/2014 NĐ-CP": the symbol with a space for the slash.
      const pieces = spaced[1].split(/\s?[-–]\s?/);
      const end = num.end + spaced[0].length;
      const sym: SymbolMatch | undefined =
        num.year !== undefined
          ? stateSymbol(tw.start, end, num.number, num.year, pieces)
          : (() => {
              const cp = pieces.map(canonicalPiece);
              const code = SYMBOL_TYPE_CODES.get(cp[0].toUpperCase())!;
              const issuer = cp.slice(1).join('-');
              return { start: tw.start, end, form: 'admin' as const, number: num.number, code, issuer, judgment: false, bare: false, key: `${num.number}/${code}-${issuer}` };
            })();
      if (sym) {
        out.push(fromSymbol(sym, tw.start, typeForSymbol(sym, { code: tw.code, generic: false })));
        lastEnd = end;
        continue;
      }
    }
    out.push({
      start: tw.start,
      end: num.end,
      form: 'short',
      type: tw.code,
      number: num.number,
      year: num.year,
      key: num.year !== undefined ? `${tw.code} ${num.number}/${num.year}` : `${tw.code} ${num.number}`,
      full: false,
      tail: num.end,
    });
    lastEnd = num.end;
  }

  // Symbols with no type word right before them.
  for (const sym of symbols) {
    if (used.has(sym)) continue;
    if (out.some((c) => c.start < sym.end && sym.start < c.end)) continue;
    const prose = proseTypeBefore(text, folded, sym.start, typeWords);
    if (sym.bare && !prose) {
      // "464/BNV" with nothing but "số" before: accept after "số" only.
      if (!/(?:^|[^\p{L}])so\s*$/u.test(folded.slice(Math.max(0, sym.start - 8), sym.start))) continue;
    }
    out.push(fromSymbol(sym, sym.start, typeForSymbol(sym, prose)));
  }

  out.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Candidate[] = [];
  let end = -1;
  for (const c of out) {
    if (c.start < end) continue;
    kept.push(c);
    end = c.end;
  }
  return kept;
}

// ---------------------------------------------------------------------------------------
// Prose around a reference: date, issuer, subject

const DATE_NUMERIC = /\s*,?\s*(?:\(\s*)?(?:(?:được\s+|duoc\s+)?(?:ban hành|ban hanh|ký|ky)\s+)?(?:ngày|ngay)\s*(\d{1,2})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{4})(?!\d)(\s*\))?/uy;
const DATE_WORDS = /\s*,?\s*(?:\(\s*)?(?:(?:được\s+|duoc\s+)?(?:ban hành|ban hanh|ký|ky)\s+)?(?:ngày|ngay)\s*(\d{1,2})\s+(?:tháng|thang)\s+(\d{1,2})\s*,?\s+(?:năm|nam)\s+(\d{4})(?!\d)(\s*\))?/uy;

function dateAfter(text: string, p: number): { date: string; iso: string; end: number } | undefined {
  let day: number, month: number, year: number, len: number;
  const m = matchAt(DATE_NUMERIC, text, p);
  if (m) {
    [day, month, year, len] = [Number(m[1]), Number(m[3]), Number(m[4]), m[0].length];
    if (/\(/.test(m[0]) && !m[5]) len = m[0].length; // unbalanced: keep, harmless
  } else {
    const w = matchAt(DATE_WORDS, text, p);
    if (!w) return undefined;
    [day, month, year, len] = [Number(w[1]), Number(w[2]), Number(w[3]), w[0].length];
  }
  if (day < 1 || day > 31 || month < 1 || month > 12 || !isValidYear(year)) return undefined;
  return { date: `${day}/${month}/${year}`, iso: `${year}-${pad2(month)}-${pad2(day)}`, end: p + len };
}

/** Words that end an issuer name ("của Bộ Chính trị về ..."). */
const ISSUER_STOP = /^(?:về|ve|Về)$/u;

/** Lower-case syllables found inside names of Vietnamese bodies. */
const ORG_LOWER_WORDS = new Set(
  (
    'trị thư tướng phủ ban nhân dân tỉnh thành phố huyện quận xã phường thị trấn trưởng tài chính nguyên môi trường và ' +
    'nông nghiệp phát triển thôn hải quan cục tổng vụ thường chấp hành trung ương hội đồng quốc kiểm sát tra an ninh công ' +
    'thương y tế giáo dục đào tạo xây dựng giao thông vận tải khoa học nghệ ngoại lao động binh tư pháp văn hóa hoá thể thao ' +
    'du lịch nội tin truyền chủ tịch nước đảng ủy uỷ sản cộng quân đội phòng bộ sở viện tòa toà án đạo chỉ đoàn mặt trận tổ ' +
    'ngân hàng nhà kế hoạch đầu tư thuế kho bạc bảo hiểm liên minh hợp tác'
  )
    .split(' ')
    .map(exactKey),
);

function issuerAfter(text: string, p: number, limit: number): { name: string; term?: string; end: number } | undefined {
  const m = matchAt(/\s*,?\s*(?:của|do)\s+/uy, text, p);
  if (!m) return undefined;
  let q = p + m[0].length;
  const words: { word: string; end: number }[] = [];
  for (let i = 0; i < 10; i++) {
    const w = matchAt(/(\s*)([\p{L}\p{M}&]+(?:\.[\p{L}\p{M}&]+)*)/uy, text, q);
    if (!w || (i > 0 && !w[1])) break;
    const wordStart = q + w[1].length;
    if (wordStart >= limit) break; // the next reference starts here
    const word = w[2];
    if (ISSUER_STOP.test(word) || /^(?:khóa|khoá)$/iu.test(word)) break;
    if (i === 0 && !/^\p{Lu}/u.test(word)) return undefined;
    // Names of bodies are capitalised words plus a known set of lower-case ones
    // ("Bộ Tài nguyên và Môi trường", "UBND tỉnh Quảng Ninh"); anything else ends the name.
    if (!/^\p{Lu}/u.test(word) && !ORG_LOWER_WORDS.has(exactKey(word))) break;
    const nextWords = text.slice(wordStart + word.length, wordStart + word.length + 6);
    if (word === 'ban' && /^\s+hành/u.test(nextWords)) break; // "... ban hành"
    if (word === 'và' && !/^\s+\p{Lu}/u.test(nextWords)) break; // "... và các cơ quan"
    words.push({ word, end: wordStart + word.length });
    q = wordStart + word.length;
  }
  while (words.length > 0 && words[words.length - 1].word === 'và') words.pop();
  if (words.length === 0) return undefined;
  let end = words[words.length - 1].end;
  let term: string | undefined;
  const t = matchAt(/\s*\(?\s*(?:khóa|khoá|Khóa|Khoá)\s+([IVXLC]+|\d{1,2})(?![\p{L}\p{N}])(?:\s*\))?/uy, text, end);
  if (t) {
    term = termRoman(t[1]);
    if (term) end += t[0].length;
  }
  return { name: words.map((w) => w.word).join(' '), term, end };
}

function subjectAfter(text: string, p: number, limit: number): { subject: string; end: number } | undefined {
  const m = matchAt(/\s*,?\s*([“"]\s*)?(về|Về)\s+/uy, text, p);
  if (!m) return undefined;
  const quoted = m[1] !== undefined;
  // The subject is the topic after "về" ("về công tác văn thư" → "công tác văn thư").
  const subjectStart = p + m[0].length;
  const max = Math.min(limit, subjectStart + 400, text.length);
  const body = text.slice(subjectStart, max);
  // Unquoted, a subject also ends where a list goes on with a new item: a comma before a
  // capitalised word ("…, Nghị quyết mới về …") or before "các"/"những" ("…, các nghị quyết").
  const stop = quoted ? /[”"\n]/u : /[.;:!?()\n“”"]|\s[-–]\s|,\s+(?=\p{Lu}|(?:các|những)\s)/u;
  const cut = body.search(stop);
  let subject = cut >= 0 ? body.slice(0, cut) : body;
  // Keep at most 30 words.
  const words = subject.split(/(\s+)/);
  if (words.length > 59) subject = words.slice(0, 59).join('');
  subject = subject.replace(/[\s,]+$/u, '');
  if (subject.split(/\s+/).length < 2) return undefined;
  let end = subjectStart + subject.length;
  if (quoted && text[end] && /[”"]/u.test(text[end])) end++;
  return { subject: subject, end };
}

function enrich(text: string, c: Candidate, nextStart: number): DocReference {
  const ref: DocReference = {
    start: c.start,
    end: c.end,
    text: text.slice(c.start, c.end),
    form: c.form,
    key: c.key,
    full: c.full,
  };
  if (c.type) {
    ref.type = c.type;
    const name = TYPE_NAMES[c.type];
    if (name) ref.typeName = name;
  }
  if (c.number !== undefined) ref.number = c.number;
  if (c.year !== undefined) ref.year = c.year;
  if (c.issuer !== undefined) ref.issuer = c.issuer;
  if (c.meeting !== undefined) ref.meeting = c.meeting;
  if (c.term !== undefined) ref.term = c.term;

  let p = c.tail;
  let citationEnd = c.end;
  const date = dateAfter(text, p);
  if (date && date.end <= nextStart) {
    ref.date = date.date;
    ref.isoDate = date.iso;
    p = citationEnd = date.end;
  }
  const issuer = issuerAfter(text, p, nextStart);
  if (issuer && issuer.end <= nextStart) {
    ref.issuerName = issuer.name;
    if (issuer.term && !ref.term) ref.term = issuer.term;
    p = citationEnd = issuer.end;
    if (!ref.date) {
      const d2 = dateAfter(text, p);
      if (d2 && d2.end <= nextStart) {
        ref.date = d2.date;
        ref.isoDate = d2.iso;
        p = citationEnd = d2.end;
      }
    }
  }
  const subject = subjectAfter(text, p, nextStart);
  if (subject) {
    ref.subject = subject.subject;
    citationEnd = subject.end;
  }
  if (citationEnd > c.end) {
    ref.citation = text.slice(c.start, citationEnd);
    ref.citationEnd = citationEnd;
  }
  return ref;
}

// ---------------------------------------------------------------------------------------
// API

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

/** Folded type words and abbreviations accepted in a query ("nghi quyet", "nq", "nđ", "nd"). */
const QUERY_TYPES: [RegExp, string][] = [
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
function upperFromFolded(piece: string, query: string): string {
  const upper = piece.toUpperCase();
  const original = new RegExp(upper.replace(/D/g, '[DĐ]').replace(/[-/]/g, '[-/]'), 'iu').exec(query);
  return original ? original[0].toUpperCase() : upper;
}
