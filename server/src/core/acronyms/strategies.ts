/**
 * The long form before "(": an ordered list of strategies, most reliable first; the
 * first that succeeds wins.
 */
import { clauseStart, type Ctx, type Found, wordIndexAtOrAfter } from './context';
import { acronymKey, longFormKey } from './keys';
import { acceptLetterMatch, letterMatch } from './letterMatch';
import { CURRENCIES, HOAC, LAN, QUALIFIER_WORDS, VA } from './lexicon';
import { nameBefore } from './names';
import { acronymUnits, isAsciiAcronym, type Unit } from './shape';
import type { ParenGroup, ShortForm } from './shortForm';
import { gapText, isQuoteGap } from './words';

/** What every strategy sees: the short form and the words before its "(". */
interface Window {
  ctx: Ctx;
  sf: ShortForm;
  units: Unit[];
  /** the last word before "(" */
  hi: number;
  /** the last word before a numeric qualifier repeated before "(" (else hi) */
  hiBase: number;
  /** the first word of the clause, commas crossed */
  loAll: number;
  /** the characters between the last word and "(" (spaces, a closing quote) */
  between: string;
}

interface Strategy {
  /** A guess (the name-phrase rules) runs only once the caller has ruled out a byline. */
  guess: boolean;
  applies: (w: Window) => boolean;
  find: (w: Window) => Found | undefined;
}

/**
 * The strategies, most reliable first. The first that finds a long form decides: its
 * long form is taken, or, when it is a brand (the acronym among its words), nothing is.
 */
const STRATEGIES: Strategy[] = [
  // a. letters, ending at the word before "(" (or before the qualifier)
  { guess: false, applies: () => true, find: lettersBefore },
  // b. known expansions (a few plain words may stand between: "… Hồi giáo tự xưng (IS)")
  { guess: false, applies: (w) => !w.sf.multi, find: knownExpansionBefore },
  // c. letters with a short trailing gap: "Ngân hàng Chính sách Xã hội Chi nhánh TP Đà Nẵng (NHCSXH)"
  { guess: false, applies: (w) => !w.sf.multi && w.units.length >= 3 && w.hiBase === w.hi, find: lettersBeforeTrailingGap },
  // d. a quoted name: tổ chức "Nhà nước Hồi giáo" (IS)
  { guess: true, applies: (w) => nameGuessAllowed(w) && isQuotedBefore(w), find: (w) => quotedNameBefore(w) },
  // e. head noun / capitalised run
  { guess: true, applies: (w) => nameGuessAllowed(w) && !isQuotedBefore(w), find: (w) => nameBefore(w.ctx, w.hi, w.sf, w.units) },
];

/**
 * The long form before "(" for a short form, trying the strategies in order. `guess`
 * enables the name-phrase rules (the caller first rules out a byline).
 */
export function longBefore(ctx: Ctx, g: ParenGroup, sf: ShortForm, guess: boolean): Found | undefined {
  const { words, text } = ctx;
  const hi = wordIndexAtOrAfter(words, g.open) - 1;
  if (hi < 0) return undefined;
  // the parenthesis must follow its words closely (spaces or a closing quote)
  const between = text.slice(words[hi].end, g.open);
  if (!/^[\s"“”»']*$/.test(between)) return undefined;
  const base = sf.base;
  if (CURRENCIES.has(base.toUpperCase())) return undefined;
  const units = acronymUnits(base);
  if (units.length < 2) return undefined;

  // a numeric qualifier written right before the parenthesis ("… năm 1982 (UNCLOS 1982)")
  let hiBase = hi;
  if (sf.qualifier && words[hi].fold === sf.qualifier) {
    hiBase = hi - 1;
    if (hiBase >= 0 && QUALIFIER_WORDS.has(words[hiBase].exact)) {
      hiBase--;
      if (hiBase >= 0 && words[hiBase].exact === LAN) hiBase--;
    }
  }

  const w: Window = { ctx, sf, units, hi, hiBase, loAll: clauseStart(ctx, hi, { commas: true }), between };
  for (const s of STRATEGIES) {
    if (s.guess && !guess) break;
    if (!s.applies(w)) continue;
    const found = s.find(w);
    if (found) return notABrand(w, found) ? found : undefined;
  }
  return undefined;
}

/** The acronym itself among the long form's words ("Công ty TNHH ZION (ZION)"): a brand, not an expansion. */
function notABrand(w: Window, f: Found): boolean {
  const { words } = w.ctx;
  const baseKey = acronymKey(w.sf.base);
  const a = wordIndexAtOrAfter(words, f.start);
  const b = wordIndexAtOrAfter(words, f.end) - 1;
  for (let i = a; i <= b; i++) if (acronymKey(words[i].text) === baseKey) return false;
  return true;
}

function lettersBefore({ ctx, units, hi, hiBase, loAll }: Window): Found | undefined {
  const { words } = ctx;
  for (const h of hiBase !== hi ? [hiBase, hi] : [hi]) {
    if (h < loAll) continue;
    const lm = letterMatch(units, words, loAll, h, { allowForeignInner: true });
    if (lm && acceptLetterMatch(units, lm)) return { start: words[lm.first].start, end: words[hi].end, method: 'letters' };
  }
  return undefined;
}

function knownExpansionBefore({ ctx, sf, hi, hiBase, loAll }: Window): Found | undefined {
  const { words } = ctx;
  // "(COP 28)": the numbered acronym's own expansions first ("Hội nghị lần thứ 28 các bên …")
  const kn = (sf.qualifier ? knownBefore(ctx, loAll, hi, sf.base + sf.qualifier) : undefined) ?? knownBefore(ctx, loAll, hiBase, sf.base);
  return kn && { start: words[kn.first].start, end: kn.gap ? words[kn.last].end : words[hi].end, method: 'known' };
}

function lettersBeforeTrailingGap({ ctx, units, hi }: Window): Found | undefined {
  const { words } = ctx;
  const loNoComma = clauseStart(ctx, hi, { commas: false });
  for (let gap = 1; gap <= 5 && hi - gap >= loNoComma; gap++) {
    const h = hi - gap;
    const lm = letterMatch(units, words, loNoComma, h, { allowForeignInner: false });
    if (lm && lm.foreignInner + lm.lowerInner === 0 && trailingGapOk(ctx, h, hi)) {
      return { start: words[lm.first].start, end: words[h].end, method: 'letters' };
    }
  }
  return undefined;
}

/**
 * The name-phrase rules guess a name from its shape: only for acronyms that cannot be
 * Vietnamese initials (plain ASCII, no dots: T.Ư, TP.HCM and brands such as V.CAR are not
 * foreign organisation acronyms) with at least two letters, and never for a parenthesis
 * glued to the word before it ("…of ISIL(ISIS)" is not prose). Several acronyms in one
 * parenthetical ("CTCP TS&TM") are paired by letters only.
 */
function nameGuessAllowed({ sf, units, between }: Window): boolean {
  if (sf.multi || between === '') return false;
  return isAsciiAcronym(sf.base) && !/\./.test(sf.base) && units.filter((u) => u.kind === 'letter').length >= 2;
}

function isQuotedBefore(w: Window): boolean {
  return /["“”»]/.test(w.between);
}

function quotedNameBefore({ ctx, hi }: Window): Found | undefined {
  const q = quotedBefore(ctx, hi);
  return q && { ...q, method: 'quoted' };
}

/** Words between a letter-matched long form and the "(": few, and not a clause of their own. */
function trailingGapOk(ctx: Ctx, h: number, hi: number): boolean {
  const { words, text } = ctx;
  for (let i = h + 1; i <= hi; i++) {
    const gap = gapText(text, words[i - 1], words[i]);
    if (gap.trim() !== '' && !/^\s*$/.test(gap)) return false;
    if (words[i].exact === VA || words[i].exact === HOAC || words[i].text === '&') return false;
  }
  return true;
}

/**
 * A known expansion ending at word `hi`, or up to three plain words earlier (a name then,
 * starting with a capital): its first and last word.
 */
export function knownBefore(ctx: Ctx, lo: number, hi: number, acronym: string): { first: number; last: number; gap: number } | undefined {
  if (!ctx.known || hi < lo) return undefined;
  const exps = ctx.known(acronymKey(acronym));
  if (!exps || !exps.length) return undefined;
  const { words, text } = ctx;
  let best: { first: number; last: number; len: number; gap: number } | undefined;
  for (const ew of exps.flatMap((e) => withOrdinalMoved(longFormKey(e).split(' ').filter(Boolean)))) {
    if (!ew.length) continue;
    for (let gap = 0; gap <= 3; gap++) {
      const end = hi - gap;
      const first = end - ew.length + 1;
      if (first < lo) break;
      let ok = true;
      for (let k = 0; k < ew.length && ok; k++) if (words[first + k].fold !== ew[k]) ok = false;
      if (ok && gap > 0) {
        if (!words[first].cap) ok = false;
        // gap words: plain lower-case words, no punctuation, no conjunction
        for (let i = end + 1; i <= hi && ok; i++) {
          if (gapText(text, words[i - 1], words[i]).trim() !== '' || words[i].exact === VA || words[i].cap) ok = false;
        }
      }
      if (ok && (!best || gap < best.gap || (gap === best.gap && ew.length > best.len))) best = { first, last: end, len: ew.length, gap };
    }
  }
  return best;
}

/**
 * An expansion's words, and, when it holds an ordinal "lần thứ N", the same words with the
 * ordinal at the end: "Hội nghị lần thứ 28 các bên … khí hậu" is also written "Hội nghị các
 * bên … khí hậu lần thứ 28 (COP28)".
 */
function withOrdinalMoved(ew: string[]): string[][] {
  const i = ew.findIndex((w, k) => w === 'lan' && ew[k + 1] === 'thu' && /^\d+$/.test(ew[k + 2] ?? ''));
  if (i < 0 || i + 3 === ew.length) return [ew];
  return [ew, [...ew.slice(0, i), ...ew.slice(i + 3), ...ew.slice(i, i + 3)]];
}

/** The quoted phrase that closes right before the "(". */
function quotedBefore(ctx: Ctx, hi: number): { start: number; end: number } | undefined {
  const { text, words } = ctx;
  // find the opening quote going left within the clause
  const lo = clauseStart(ctx, hi, { commas: false });
  for (let i = hi; i >= lo; i--) {
    const before = i > 0 ? text.slice(words[i - 1].end, words[i].start) : text.slice(ctx.span.start, words[i].start);
    if (/["“«„]\s*$/.test(before)) {
      const n = hi - i + 1;
      if (n > 15 || !words[i].cap) return undefined;
      return { start: words[i].start, end: words[hi].end };
    }
    if (i < hi && isQuoteGap(gapText(text, words[i], words[i + 1]))) return undefined;
  }
  return undefined;
}
