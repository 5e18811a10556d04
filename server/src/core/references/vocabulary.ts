/**
 * Vocabulary: type codes and names, symbol type codes, type words with their strength, abbreviations.
 */
import { foldKey } from '../text';

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
export const SYMBOL_TYPE_CODES: ReadonlyMap<string, string> = new Map([
  ['NQ', 'NQ'], ['NĐ', 'NĐ'], ['QĐ', 'QĐ'], ['QĐI', 'QĐi'], ['QYĐ', 'QyĐ'], ['CT', 'CT'], ['KL', 'KL'],
  ['QC', 'QC'], ['TB', 'TB'], ['HD', 'HD'], ['CTR', 'CTr'], ['KH', 'KH'], ['PA', 'PA'], ['ĐA', 'ĐA'],
  ['DA', 'DA'], ['BC', 'BC'], ['TTR', 'TTr'], ['CĐ', 'CĐ'], ['L', 'L'], ['TT', 'TT'], ['TTLT', 'TTLT'],
  ['PL', 'PL'], ['CV', 'CV'], ['NQLT', 'NQLT'], ['HĐ', 'HĐ'], ['QĐLT', 'QĐLT'], ['CTLT', 'CTLT'],
]);

/** Mixed-case pieces that keep their spelling in keys; everything else is upper-cased. */
export const MIXED_CASE_PIECES: ReadonlyMap<string, string> = new Map([
  ['TTG', 'TTg'], ['TTR', 'TTr'], ['QĐI', 'QĐi'], ['QYĐ', 'QyĐ'], ['CTR', 'CTr'],
]);

export type Strength =
  /** Nouns that name documents: a bare number after them is a short form ("Nghị quyết 34"). */
  | 'strong'
  /** Also common verbs or nouns ("quyết định", "quy định"): a bare number needs a capital or "số". */
  | 'verb'
  /** Programmes, plans, reports: a bare number is often a name ("Kế hoạch 99"); needs "số". */
  | 'weak'
  /** "văn bản", "bản án", "dự án": only gives the type of a following symbol. */
  | 'generic';

export interface TypeWordDef {
  /** Folded syllables. */
  folded: string[];
  /** The canonical spelling, syllable by syllable. */
  canon: string[];
  code: string;
  strength: Strength;
}

export const TYPE_WORD_DEFS: TypeWordDef[] = (
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
export const TYPE_ABBREVIATIONS: ReadonlyMap<string, string> = new Map([
  ['NQ', 'NQ'], ['NĐ', 'NĐ'], ['QĐ', 'QĐ'], ['CT', 'CT'], ['KL', 'KL'], ['TT', 'TT'], ['TTLT', 'TTLT'],
  ['CĐ', 'CĐ'], ['ĐA', 'ĐA'],
]);

export const ABBREVIATION_RE = /(?<![\p{L}\p{N}\-–/])(TTLT|NQ|NĐ|QĐ|CT|KL|TT|CĐ|ĐA)(?=\s?(?:(?:số|So|so|Số)\s*)?\d)/gu;
export const AMBIGUOUS_ABBREVIATIONS = new Set(['CT', 'TT', 'KL', 'CĐ', 'ĐA']);
