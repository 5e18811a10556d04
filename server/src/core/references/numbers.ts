/**
 * Small helpers: Roman numerals and terms, ordinals, numbers and symbol pieces in canonical form, years, dates.
 */
import { MIXED_CASE_PIECES } from './vocabulary';

// ---------------------------------------------------------------------------------------
// Small helpers

export const ROMAN_VALUES: Record<string, number> = { i: 1, v: 5, x: 10, l: 50, c: 100 };

/** Value of a Roman numeral written canonically (I..C), else undefined. */
export function romanValue(s: string): number | undefined {
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

export function toRoman(n: number): string {
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
export function termRoman(s: string): string | undefined {
  if (/^\d{1,2}$/.test(s)) {
    const n = Number(s);
    return n >= 1 && n <= 40 ? toRoman(n) : undefined;
  }
  const v = romanValue(s);
  return v !== undefined && v <= 40 ? toRoman(v) : undefined;
}

/** Ordinal words after "lần thứ" (folded). */
export const ORDINAL_WORDS: Record<string, number> = {
  nhat: 1, hai: 2, ba: 3, tu: 4, nam: 5, sau: 6, bay: 7, tam: 8, chin: 9, muoi: 10,
  'muoi mot': 11, 'muoi hai': 12, 'muoi ba': 13, 'muoi bon': 14, 'muoi lam': 15,
  'muoi sau': 16, 'muoi bay': 17, 'muoi tam': 18, 'muoi chin': 19,
};

export function stripLeadingZeros(n: string): string {
  const m = /^0*(\d+)(.*)$/.exec(n);
  if (!m) return n;
  return m[1].replace(/^0+(?=\d)/, '') + m[2].toLowerCase();
}

export function canonicalPiece(piece: string): string {
  let up = piece.toUpperCase().replace(/TƯ/g, 'TW');
  const mixed = MIXED_CASE_PIECES.get(up);
  if (mixed) return mixed;
  return up;
}

export function isValidYear(y: number): boolean {
  return y >= 1945 && y <= 2099;
}

export function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}
