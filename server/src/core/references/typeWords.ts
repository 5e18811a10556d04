/**
 * Type words ("Nghị quyết", "nghi quyet", "NQ") found on the folded text, accepted by how they are written.
 */
import { exactKey, foldKey } from '../text';
import { ABBREVIATION_RE, Strength, TYPE_ABBREVIATIONS, TYPE_WORD_DEFS, TypeWordDef } from './vocabulary';

export const TYPE_WORD_RE = new RegExp(
  '(?<![\\p{L}\\p{N}])(?:' +
    TYPE_WORD_DEFS.map((d) => d.folded.join('\\s+')).join('|') +
    ')(?![\\p{L}\\p{N}])',
  'gu',
);
/** TYPE_WORD_RE anchored at a given offset, for the scan that tries only plausible starts. */
export const TYPE_WORD_AT = new RegExp(TYPE_WORD_RE.source, 'uy');
/**
 * A loose form of TYPE_WORD_RE: a type word after the text start or after a character
 * that is not an ASCII letter or digit (group 1). Wherever TYPE_WORD_RE matches, this
 * matches too (its lookbehind rejects at least those characters), and without a leading
 * lookbehind the regex engine can skip ahead quickly.
 */
export const TYPE_WORD_LOOSE = new RegExp('(^|[^a-z0-9])(?:' + TYPE_WORD_DEFS.map((d) => d.folded.join('\\s+')).join('|') + ')', 'g');

/**
 * The matches TYPE_WORD_RE finds in `folded`, in order: TYPE_WORD_RE itself decides at
 * each offset where the loose pattern matches, so the result is that of a plain global
 * scan with TYPE_WORD_RE.
 */
export function typeWordMatches(folded: string): Array<{ index: number; text: string }> {
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

// ---------------------------------------------------------------------------------------
// Type words

export interface TypeWordMatch {
  start: number;
  end: number;
  code: string;
  strength: Strength;
  capitalized: boolean;
  abbreviation: boolean;
}

/** Syllables that, before "luật", make another word. */
export const LUAT_COMPOUND_BEFORE = new Set(['kỷ', 'pháp', 'quy', 'điều', 'định', 'dự', 'đạo', 'giới'].map(exactKey));
/** The same, only when "luật" is in lower case ("vi phạm luật", but "vi phạm Luật Đất đai năm 2013"). */
export const LUAT_COMPOUND_BEFORE_LOWER = new Set(['trái', 'hợp', 'phạm', 'văn', 'dưới', 'luật'].map(exactKey));

export function unmarked(syllable: string): boolean {
  return foldKey(syllable) === syllable.toLowerCase();
}

/** Type words whose unaccented or half-accented spelling is also a common phrase ("chỉ thi", "để ăn"). */
export const COLLIDING_WHEN_UNACCENTED = new Set(['CT', 'ĐA', 'DA', 'BA', 'TB', 'CV']);

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
export const exactKeyMemo = new Map<string, string>();

export function memoExactKey(word: string): string {
  let k = exactKeyMemo.get(word);
  if (k === undefined) {
    if (exactKeyMemo.size >= 10_000) exactKeyMemo.clear();
    k = exactKey(word);
    exactKeyMemo.set(word, k);
  }
  return k;
}

export function typeWordAccepted(text: string, start: number, end: number, original: string[], def: TypeWordDef): boolean {
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

export function scanTypeWords(text: string, folded: string): TypeWordMatch[] {
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
