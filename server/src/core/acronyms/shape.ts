/**
 * What an acronym looks like (G20, TTg, KT-XH; not ĐẢNG, XIII or 34-NQ/TW), and its
 * letters as the units letter matching aligns.
 */
import { foldKey } from '../text';

const TONE_MARK = /[\u0300\u0301\u0303\u0309\u0323]/;
/** I/V/X Roman numerals (khóa XIII, thế kỷ XXI, quý IV). */
const ROMAN = /^(?=[IVX]+$)X{0,3}(?:IX|IV|V?I{0,3})$/;
/** A character of an acronym-ish token (letters, digits and the joiners . - & / +). */
export const TOKEN_CHAR = /[\p{L}\p{N}.\-&/+]/u;

export function isUpper(c: string): boolean {
  const x = c.charCodeAt(0);
  if (x < 128) return x >= 65 && x <= 90;
  return c !== c.toLowerCase() && c === c.toUpperCase();
}
export function isLower(c: string): boolean {
  const x = c.charCodeAt(0);
  if (x < 128) return x >= 97 && x <= 122;
  return c !== c.toUpperCase() && c === c.toLowerCase();
}
export function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

/**
 * True when a token (no spaces) has the shape of an acronym: starts with a capital, at
 * least two capitals (or one capital and a digit: G20, COP28), no more lower-case than
 * upper-case letters (TTg, HoREA, IoT yes; VietinBank no), no tone marks (an all-caps word
 * such as ĐẢNG is shouting, not an acronym), not an I/V/X Roman numeral, not a single letter.
 */
export function isAcronymShape(token: string): boolean {
  if (token.length < 2 || token.length > 20) return false;
  if (!isUpper(token[0])) return false;
  let upper = 0;
  let lower = 0;
  let digits = 0;
  for (const c of token) {
    if (isUpper(c)) upper++;
    else if (isLower(c)) lower++;
    else if (isDigit(c)) digits++;
  }
  if (upper + lower + digits < 2) return false;
  if (upper < 2 && !(upper >= 1 && digits >= 1)) return false;
  if (lower > upper) return false;
  if (/[^\x00-\x7f]/.test(token) && TONE_MARK.test(token.normalize('NFD'))) return false;
  const bare = token.replace(/[.\-&/+]/g, '');
  if (ROMAN.test(bare)) return false;
  // a document number (30/2020/NĐ-CP, 34-NQ/TW) is a reference, not an acronym use
  if (/\d/.test(token) && /\//.test(token) && /(^|[/-])\d+([/-]|$)/.test(token)) return false;
  return true;
}

export interface Unit {
  kind: 'letter' | 'digits' | 'amp';
  /** folded lower-case letter, or the digit string */
  value: string;
  /** the letter was lower case in the acronym (TTg): may come from inside the previous word */
  lower: boolean;
}

export function acronymUnits(acronym: string): Unit[] {
  const units: Unit[] = [];
  let i = 0;
  while (i < acronym.length) {
    const c = acronym[i];
    if (isDigit(c)) {
      let j = i;
      while (j < acronym.length && isDigit(acronym[j])) j++;
      units.push({ kind: 'digits', value: acronym.slice(i, j), lower: false });
      i = j;
      continue;
    }
    if (c === '&') units.push({ kind: 'amp', value: '&', lower: false });
    else if (isUpper(c) || isLower(c)) units.push({ kind: 'letter', value: foldKey(c), lower: isLower(c) });
    i++;
  }
  return units;
}

export function isAsciiAcronym(acronym: string): boolean {
  return /^[A-Za-z0-9.\-&/+ ]+$/.test(acronym);
}
