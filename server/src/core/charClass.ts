/**
 * The one character-class table and the one string hash of the hand-written scanners (the
 * acronym miner's span scanner, acronyms/words.ts, and the search indexer's tokenizer,
 * search/scan.ts). Both scan text by UTF-16 code unit without allocating, and both need
 * "is this a letter, mark or number" and a hash of a token computed on the way.
 *
 * The table answers for the BMP code units what these regex classes answer for one
 * character (a lone surrogate is neither): bit WORD = [\p{L}\p{M}\p{N}], bit LETTER =
 * [\p{L}\p{M}]. test/unit/scanners.test.ts checks it against the regexes on every code
 * unit, and each scanner against the regex it replaced.
 */

/** [\p{L}\p{M}\p{N}]: a character of a syllable. */
export const WORD = 1;
/** [\p{L}\p{M}]: a letter or a combining mark. */
export const LETTER = 2;

/** The class bits of every BMP code unit (built once at load: 65,536 regex tests, a few ms). */
export const CHAR_CLASS: Uint8Array = buildTable();

function buildTable(): Uint8Array {
  const table = new Uint8Array(0x10000);
  const word = /[\p{L}\p{M}\p{N}]/u;
  const letter = /[\p{L}\p{M}]/u;
  for (let c = 0; c < 0x10000; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    const ch = String.fromCharCode(c);
    if (word.test(ch)) table[c] = WORD | (letter.test(ch) ? LETTER : 0);
  }
  return table;
}

/** The characters of the regex class \s (JavaScript's white space and line terminators). */
export function isJsSpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * FNV-1a over UTF-16 code units, 32 bits: `let h = HASH_SEED; h = hashStep(h, unit)` for each
 * unit gives hashRange of those units. The scanners hash a token while they scan it; the
 * search dictionary rehashes its strings with hashRange, so all must agree.
 */
export const HASH_SEED = 0x811c9dc5 | 0;
const FNV_PRIME = 16777619;

export function hashStep(h: number, unit: number): number {
  return Math.imul(h ^ unit, FNV_PRIME);
}

/** Hash of text[start, end), the same as the scanners compute for a token. */
export function hashRange(text: string, start: number, end: number): number {
  let h = HASH_SEED;
  for (let i = start; i < end; i++) h = hashStep(h, text.charCodeAt(i));
  return h;
}
