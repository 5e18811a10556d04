/**
 * Folding that keeps offsets: lower case, no marks, đ→d, one UTF-16 unit per unit, so the folded copy shares offsets with the text.
 */
import { foldKey } from '../text';

// ---------------------------------------------------------------------------------------
// Folding that keeps offsets

/** Folded code unit for each UTF-16 code unit at or above 0x80; 0 = not computed yet. */
export const foldTable = new Uint16Array(0x10000);

export function foldUnit(c: number): number {
  let f = foldTable[c];
  if (f === 0) {
    const k = foldKey(String.fromCharCode(c));
    f = (k.length === 1 ? k : k.length === 0 ? '\u0301' : k[0]).charCodeAt(0);
    foldTable[c] = f;
    if (isSurrogate(f) && !isSurrogate(c)) foldMakesSurrogates = true;
  }
  return f;
}

export function isSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdfff;
}

/** Set if some non-surrogate ever folds to a surrogate (then the decoder is not used). */
export let foldMakesSurrogates = false;
export const SURROGATE_RE = /[\ud800-\udfff]/;
/** Decodes code units as they are (a BOM kept); only used when no unit is a surrogate. */
export const UTF16_DECODER = typeof TextDecoder === 'function' ? new TextDecoder('utf-16le', { ignoreBOM: true }) : undefined;

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
