/**
 * Tokenizer: Vietnamese is written one syllable per space-separated token, so a "word"
 * here is a syllable (letters with their marks, digits). Document symbols such as
 * `34-NQ/TW` or `30/2020/NĐ-CP` are reported a second time whole, so that search can
 * match them as one term while their parts still match on their own.
 */

export interface Token {
  /** Offset of the first UTF-16 unit, in the text given to the tokenizer. */
  start: number;
  /** Offset after the last UTF-16 unit. */
  end: number;
  text: string;
}

const WORD = /[\p{L}\p{M}\p{N}]+/gu;
/** Two or more alphanumeric parts joined by - / . with no space (kept only when a joint is - or /). */
const SYMBOL = /[\p{L}\p{M}\p{N}]+(?:[-/.][\p{L}\p{M}\p{N}]+)+/gu;

/** Syllables in order. */
export function words(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(WORD)) out.push({ start: m.index!, end: m.index! + m[0].length, text: m[0] });
  return out;
}

/** Whole symbols: "34-NQ/TW", "30/2020/NĐ-CP", "KT-XH". Only those that contain '-' or '/'. */
export function symbols(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(SYMBOL)) {
    const t = m[0];
    if (!/[-/]/.test(t)) continue;
    out.push({ start: m.index!, end: m.index! + t.length, text: t });
  }
  return out;
}
