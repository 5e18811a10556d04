/**
 * The span scanner: the words of a line or paragraph, with their keys computed on first use,
 * and the tests on the characters between two words.
 */
import { CHAR_CLASS, HASH_SEED, hashStep, LETTER, WORD } from '../charClass';
import { exactKey, foldKey } from '../text';
import { isLower, isUpper } from './shape';

export interface Word {
  start: number;
  end: number;
  text: string;
  fold: string;
  /** exact key (diacritics kept): head nouns are compared on it */
  exact: string;
  cap: boolean;
  /** all letters upper case and at least two of them (an embedded acronym such as TMCP) */
  caps: boolean;
  /** no Vietnamese letters: a foreign word (inner letters may be acronym letters) */
  foreign: boolean;
}

const WORD_RE = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}]+)*|&/gu;

type WordInfo = Omit<Word, 'start' | 'end'>;

/**
 * Everything about a word that depends on its text only, memoised: a corpus has a few
 * thousand distinct syllables, and the keys (NFD work) dominate mining time otherwise.
 * Bounded so memory stays flat.
 */
const wordMemo = new Map<string, WordInfo>();

function wordInfo(text: string): WordInfo {
  let info = wordMemo.get(text);
  if (!info) {
    if (wordMemo.size >= 100_000) wordMemo.clear();
    let upper = 0;
    let letters = 0;
    for (const c of text) {
      if (isUpper(c)) upper++;
      if (isUpper(c) || isLower(c)) letters++;
    }
    info = {
      text,
      fold: foldKey(text),
      exact: exactKey(text),
      cap: text.length > 0 && isUpper(text[0]),
      caps: upper >= 2 && upper === letters,
      foreign: /^[A-Za-z'’]+$/.test(text),
    };
    wordMemo.set(text, info);
  }
  return info;
}

function makeWord(text: string, start: number): Word {
  const i = wordInfo(text);
  return { text, fold: i.fold, exact: i.exact, cap: i.cap, caps: i.caps, foreign: i.foreign, start, end: start + text.length };
}

/**
 * A second, allocation-free memo for the scanner: words are found by a hash of their
 * characters (computed while scanning) and compared in place, so a known word costs no
 * substring. Open addressing; cleared when full, like wordMemo.
 */
const SCAN_MEMO_MAX = 100_000;
const SCAN_SLOTS = 1 << 18;
const scanSlots = new Int32Array(SCAN_SLOTS);
const scanHashes: number[] = [];
const scanInfos: WordInfo[] = [];

function scannedInfo(text: string, start: number, end: number, hash: number): WordInfo {
  const len = end - start;
  let slot = hash & (SCAN_SLOTS - 1);
  for (let k = scanSlots[slot]; k !== 0; k = scanSlots[slot]) {
    const info = scanInfos[k - 1];
    if (scanHashes[k - 1] === hash && info.text.length === len && text.startsWith(info.text, start)) return info;
    slot = (slot + 1) & (SCAN_SLOTS - 1);
  }
  if (scanInfos.length >= SCAN_MEMO_MAX) {
    scanSlots.fill(0);
    scanHashes.length = 0;
    scanInfos.length = 0;
    slot = hash & (SCAN_SLOTS - 1);
  }
  const info = wordInfo(text.slice(start, end));
  scanHashes.push(hash);
  scanInfos.push(info);
  scanSlots[slot] = scanInfos.length;
  return info;
}

/**
 * A word found by the scanner. Its text-dependent fields are looked up on first use: a
 * long line has hundreds of words and the rules read only those near a parenthesis or dash.
 */
class ScannedWord implements Word {
  private info: WordInfo | undefined;
  constructor(
    private readonly src: string,
    readonly start: number,
    readonly end: number,
    private readonly hash: number,
  ) {}

  private get i(): WordInfo {
    return (this.info ??= scannedInfo(this.src, this.start, this.end, this.hash));
  }
  get text(): string {
    return this.i.text;
  }
  get fold(): string {
    return this.i.fold;
  }
  get exact(): string {
    return this.i.exact;
  }
  get cap(): boolean {
    return this.i.cap;
  }
  get caps(): boolean {
    return this.i.caps;
  }
  get foreign(): boolean {
    return this.i.foreign;
  }
}

const SURROGATE = /[\ud800-\udfff]/;

/**
 * The words WORD_RE finds in [from, to): a word is a maximal run of letters, marks and
 * digits, then any number of an apostrophe and a run of letters/marks; or "&". Scanned by
 * hand (no match objects); a span with surrogates goes through the regex.
 */
export function wordsIn(text: string, from: number, to: number): Word[] {
  // (up to 2 past the end: the regex decides whether a word ends by the end by looking at
  // the character after it, or at an apostrophe and the character after that)
  if (SURROGATE.test(text.slice(from, Math.min(text.length, to + 2)))) return wordsInByRegex(text, from, to);
  const out: Word[] = [];
  const n = text.length;
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c === 38) {
      // "&"
      out.push(new ScannedWord(text, i, i + 1, hashStep(HASH_SEED, 38)));
      i++;
      continue;
    }
    if (c < 128 ? !((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57)) : (CHAR_CLASS[c] & WORD) === 0) {
      i++;
      continue;
    }
    const start = i;
    let hash = hashStep(HASH_SEED, c);
    let e = i + 1;
    while (e < n) {
      const d = text.charCodeAt(e);
      if (d < 128 ? (d >= 97 && d <= 122) || (d >= 65 && d <= 90) || (d >= 48 && d <= 57) : (CHAR_CLASS[d] & WORD) !== 0) {
        hash = hashStep(hash, d);
        e++;
      } else break;
    }
    // apostrophe + letters/marks, any number of times
    while (e + 1 < n) {
      const q = text.charCodeAt(e);
      if (q !== 39 && q !== 0x2019) break;
      let f = e + 1;
      while (f < n) {
        const d = text.charCodeAt(f);
        if (d < 128 ? (d >= 97 && d <= 122) || (d >= 65 && d <= 90) : (CHAR_CLASS[d] & LETTER) !== 0) f++;
        else break;
      }
      if (f === e + 1) break;
      for (let k = e; k < f; k++) hash = hashStep(hash, text.charCodeAt(k));
      e = f;
    }
    if (e > to) break;
    out.push(new ScannedWord(text, start, e, hash));
    i = e;
  }
  return out;
}

function wordsInByRegex(text: string, from: number, to: number): Word[] {
  const out: Word[] = [];
  WORD_RE.lastIndex = from;
  let m: RegExpExecArray | null;
  while ((m = WORD_RE.exec(text)) !== null && m.index < to) {
    if (m.index + m[0].length > to) break;
    out.push(makeWord(m[0], m.index));
  }
  return out;
}

/** The characters between two adjacent words. */
export function gapText(text: string, a: Word, b: Word): string {
  return text.slice(a.end, b.start);
}

/** Punctuation that ends a clause: a long form never spans it. */
export function isHardBreakGap(gap: string): boolean {
  const g = gap.replace(/\s+/g, '');
  if (g === '') return false;
  // sentence punctuation with no letters after it inside the gap
  if (/[!?;:…]/.test(g)) return true;
  // "." ends a sentence only when followed by space (TP.HCM, 12.5 are inner)
  if (/\.\s/.test(gap) || /\.$/.test(gap.trimEnd()) && /\s$/.test(gap)) return true;
  if (/[()[\]{}]/.test(g)) return true;
  return false;
}

export function isCommaGap(gap: string): boolean {
  return /,/.test(gap);
}

/** A spaced dash ("kinh tế - xã hội"); an unspaced hyphen joins one compound (Á-Thái). */
export function isSpacedDashGap(gap: string): boolean {
  return /\s[-\u2010-\u2015]|[-\u2010-\u2015]\s/.test(gap);
}

export function isQuoteGap(gap: string): boolean {
  return /["“”«»„]/.test(gap);
}
