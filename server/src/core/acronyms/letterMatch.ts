/**
 * Schwartz–Hearst letter matching on Vietnamese syllable initials.
 */
import { FUNCTION_WORDS, VA } from './lexicon';
import type { Unit } from './shape';
import type { Word } from './words';

interface LetterMatch {
  /** index of the first word of the long form */
  first: number;
  /** acronym letters taken from inside a foreign word (Free → R of BFRC) */
  foreignInner: number;
  /** lower-case acronym letters taken from inside a word (Tg of TTg: Thủ tướng) */
  lowerInner: number;
  /** function words skipped inside the long form (của, và, the, of ...) */
  skips: number;
}

/** Alignment cost, lexicographic: foreign inner letters, then lower-case inner letters, then skips. */
const COST_FOREIGN = 10000;
const COST_LOWER = 100;
const NONE = Number.POSITIVE_INFINITY;

/**
 * Schwartz-Hearst-style alignment of the acronym units with the words lo..hi, where the
 * last word must take the last unit and the first word of the long form takes the first
 * unit at its initial. Every word in between either takes units (its initial first) or is
 * a skipped function word. Returns the cheapest alignment; among equally cheap ones the
 * shortest (latest start).
 */
export function letterMatch(
  units: Unit[],
  words: Word[],
  lo: number,
  hi: number,
  opts: { allowForeignInner: boolean },
): LetterMatch | undefined {
  const m = units.length;
  if (m === 0 || hi < lo) return undefined;
  const memo = new Map<number, number>();

  // [next unit, cost] for each way word w can take units from unit j on
  const takes = (w: Word, j: number): Array<[number, number]> => {
    const u = units[j];
    const out: Array<[number, number]> = [];
    if (u.kind === 'amp') {
      if (w.exact === VA || w.fold === 'and' || w.text === '&') out.push([j + 1, 0]);
      return out;
    }
    if (u.kind === 'digits') {
      if (w.fold === u.value) out.push([j + 1, 0]);
      return out;
    }
    if (w.text === '&' || w.fold[0] !== u.value) return out;
    out.push([j + 1, 0]);
    // an all-caps word gives all its letters (Ngân hàng TMCP → N H T M C P), but never the
    // whole acronym ("APEC - APEC App Challenge" defines nothing)
    if (w.caps) {
      let k = j;
      let ok = true;
      for (const c of w.fold.replace(/[^a-z]/g, '')) {
        if (k >= m || units[k].kind !== 'letter' || units[k].value !== c) {
          ok = false;
          break;
        }
        k++;
      }
      if (ok && k > j + 1 && !(j === 0 && k === m)) out.push([k, 0]);
    }
    // further letters from inside the word, in order: a lower-case acronym letter (TTg),
    // or any letter of a foreign word (Free → F, R)
    let k = j + 1;
    let pos = 1;
    let cost = 0;
    while (k < m && units[k].kind === 'letter') {
      const uk = units[k];
      if (!(uk.lower || (opts.allowForeignInner && w.foreign))) break;
      const at = w.fold.indexOf(uk.value, pos);
      if (at < 0) break;
      pos = at + 1;
      cost += uk.lower ? COST_LOWER : COST_FOREIGN;
      k++;
      out.push([k, cost]);
    }
    return out;
  };

  // cheapest alignment of words i..hi with units j..m-1, word i taking unit j
  const best = (i: number, j: number): number => {
    const key = i * (m + 1) + j;
    const cached = memo.get(key);
    if (cached !== undefined) return cached;
    let result = NONE;
    for (const [k, c] of takes(words[i], j)) {
      if (k === m) {
        if (i === hi) result = Math.min(result, c);
        continue;
      }
      // the next word taking units, after skipped function words
      for (let i2 = i + 1, skips = 0; i2 <= hi; i2++, skips++) {
        result = Math.min(result, c + skips + best(i2, k));
        const w2 = words[i2];
        if (!(FUNCTION_WORDS.has(w2.exact) || w2.text === '&')) break;
      }
    }
    memo.set(key, result);
    return result;
  };

  let first = -1;
  let cost = NONE;
  for (let i = hi; i >= lo; i--) {
    const c = best(i, 0);
    if (c < cost) {
      cost = c;
      first = i;
    }
  }
  if (first < 0) return undefined;
  return {
    first,
    foreignInner: Math.floor(cost / COST_FOREIGN),
    lowerInner: Math.floor((cost % COST_FOREIGN) / COST_LOWER),
    skips: cost % COST_LOWER,
  };
}

/** Every letter a word initial, an all-caps word's letter or an explicit lower-case letter (TTg). */
export function isCleanLetterMatch(lm: LetterMatch): boolean {
  return lm.foreignInner === 0;
}

/** Before "(": at most one inner foreign letter, and inner letters a minority. */
export function acceptLetterMatch(units: Unit[], lm: LetterMatch): boolean {
  return lm.foreignInner <= 1 && lm.foreignInner + lm.lowerInner <= Math.max(1, Math.floor(units.length / 3));
}
