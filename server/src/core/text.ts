/**
 * Vietnamese text normalization: the single place that decides when two spellings are
 * "the same word". See docs/vietnamese-domain.md §1 (NFC vs NFD, tone placement, Đ vs Ð).
 *
 * Two keys per word:
 *  - exact key: NFC, lower case, Ð→Đ, and the tone mark moved to the end of the syllable,
 *    so that "hoà" and "hòa" (old and new tone placement) get one key while "hoa" does not;
 *  - folded key: no marks at all, đ→d, lower case ("Nghị quyết" → "nghi quyet").
 *
 * Normalized text keeps an offset map back to the original UTF-16 offsets, so every
 * range we report lands on what the writer sees, NFD input included.
 */

/** The five Vietnamese tone marks as combining characters (grave, acute, tilde, hook, dot below). */
const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/g;
const TONE_MARK = /[\u0300\u0301\u0303\u0309\u0323]/;
const ALL_MARKS = /\p{M}/gu;
const HAS_MARK_OR_ETH = /[\u0300-\u036f\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u00d0\u00f0]/;

/** Ð (Icelandic eth) and ð look like Đ/đ and turn up in scraped or hand-typed text. */
function replaceEth(s: string): string {
  return s.replace(/\u00d0/g, '\u0110').replace(/\u00f0/g, '\u0111');
}

export interface NormalizedText {
  /** NFC text with Ð/ð replaced by Đ/đ. */
  readonly text: string;
  /**
   * map[i] is the offset in the original text of normalized offset i; map[text.length] is
   * the original length. Null when the normalization changed nothing (the common case),
   * which saves a map per corpus file.
   */
  readonly map: Uint32Array | null;
}

/** NFC + Ð→Đ, with an offset map back to the original text. */
export function normalizeText(original: string): NormalizedText {
  if (original.normalize('NFC') === original) {
    // Ð→Đ keeps the length, so no map is needed.
    return { text: /[\u00d0\u00f0]/.test(original) ? replaceEth(original) : original, map: null };
  }
  return normalizeSegmentwise(original);
}

/**
 * Normalizes one grapheme-ish segment (a base character and its combining marks) at a
 * time: NFC never composes across such a boundary, so the map stays exact.
 */
function normalizeSegmentwise(original: string): NormalizedText {
  const out: string[] = [];
  const map: number[] = [];
  let i = 0;
  while (i < original.length) {
    let j = i + 1;
    // Keep surrogate pairs and following combining marks with their base.
    if (isHighSurrogate(original.charCodeAt(i)) && j < original.length) j++;
    while (j < original.length && isCombining(original.charCodeAt(j))) j++;
    const seg = replaceEth(original.slice(i, j)).normalize('NFC');
    // Unchanged segments map one to one; a composed segment maps to its start.
    const inLength = j - i;
    for (let k = 0; k < seg.length; k++) map.push(seg.length === inLength ? i + k : i + Math.min(k, inLength - 1));
    out.push(seg);
    i = j;
  }
  map.push(original.length);
  const text = out.join('');
  const sameLength = text.length === original.length;
  if (sameLength && map.every((v, k) => v === k)) return { text, map: null };
  return { text, map: Uint32Array.from(map) };
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isCombining(c: number): boolean {
  return (c >= 0x0300 && c <= 0x036f) || (c >= 0x1dc0 && c <= 0x1dff) || (c >= 0x20d0 && c <= 0x20ff) || (c >= 0xfe20 && c <= 0xfe2f);
}

/** Original offset of a normalized offset. */
export function toOriginalOffset(n: NormalizedText, offset: number): number {
  if (!n.map) return offset;
  const clamped = Math.max(0, Math.min(offset, n.map.length - 1));
  return n.map[clamped];
}

/** Normalized offset of an original offset (first normalized offset mapping at or after it). */
export function toNormalizedOffset(n: NormalizedText, originalOffset: number): number {
  if (!n.map) return originalOffset;
  let lo = 0;
  let hi = n.map.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (n.map[mid] < originalOffset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Exact key of a word: case-folded NFC with the tone mark moved behind the letters, so
 * that tone placement (hoà / hòa, thuý / thúy, khoẻ / khỏe) does not matter but marks do.
 */
export function exactKey(word: string): string {
  const lower = replaceEth(word).toLowerCase();
  if (!HAS_MARK_OR_ETH.test(lower.normalize('NFD'))) return lower.normalize('NFC');
  const nfd = lower.normalize('NFD');
  const tone = nfd.match(TONE_MARK);
  const toneless = nfd.replace(TONE_MARKS, '').normalize('NFC');
  // The tone goes after the whole syllable as a bare combining mark. Tokens never end
  // in a combining mark otherwise, so the key cannot collide with a real word.
  return tone ? toneless + '\u0000' + tone[0] : toneless;
}

/** Folded key: every mark removed, đ→d, lower case. "Nghị quyết" → "nghi quyet". */
export function foldKey(text: string): string {
  return replaceEth(text)
    .normalize('NFD')
    .replace(ALL_MARKS, '')
    .replace(/[đĐ]/g, (c) => (c === 'đ' ? 'd' : 'D'))
    .toLowerCase();
}

/** True when a string has any Vietnamese diacritic, i.e. the writer typed marks. */
export function hasDiacritics(text: string): boolean {
  return foldKey(text) !== text.toLowerCase();
}

/** Vietnamese collation for sorted lists (abbreviation tables, glossary views). */
export const vietnameseCollator = new Intl.Collator('vi', { sensitivity: 'base', numeric: true });
