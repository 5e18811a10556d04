/**
 * Lookup keys of acronyms and long forms: every layer (index, hover, checks, glossary) compares on these.
 */
import { foldKey } from '../text';

/**
 * Canonical lookup key of an acronym: NFC, Ð→Đ, upper case, and the separators writers use
 * interchangeably removed: dots, hyphens, dashes, spaces and "&" (TP.HCM = TPHCM = TP HCM,
 * KT-XH = KTXH, NN&PTNT = NNPTNT, SOM -2 = SOM 2 = SOM2). "/" and "+" are kept because they
 * change the meaning (C/O is not CO, ADMM+ is not ADMM).
 *
 * TƯ / T.Ư / TW: all three abbreviate "Trung ương" (the Central Committee). TW is the form
 * of document symbols (34-NQ/TW), TƯ and T.Ư the forms of prose; a writer looking up one
 * wants the others, so the key maps "TƯ" to "TW" (after separators are removed, so T.Ư
 * too). No other acronym uses Ư for something else in practice; the letter stays as it is
 * elsewhere. Đ stays distinct from D (ĐH đại học is not DH).
 */
export function acronymKey(acronym: string): string {
  return acronym
    .normalize('NFC')
    .replace(/\u00d0/g, '\u0110')
    .replace(/\u00f0/g, '\u0111')
    .toUpperCase()
    .replace(/[\s.\-\u2010-\u2015&]/g, '')
    .replace(/TƯ/g, 'TW');
}

/**
 * Key of a long form for the reverse lookup (hover on "Đối tác chiến lược toàn diện" shows
 * CSP): folded (no marks, đ→d, lower case), every run of non-letters/digits one space, so
 * "châu Á-Thái Bình Dương" and "châu Á - Thái Bình Dương" are one key.
 */
export function longFormKey(longForm: string): string {
  return foldKey(longForm.normalize('NFC'))
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
