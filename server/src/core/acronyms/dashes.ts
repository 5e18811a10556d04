/**
 * ACR-long and ACR(long) in running text, and the hand scan that finds their dashes and
 * parentheses.
 */
import { isJsSpace } from '../charClass';
import { addAttribution, addDef, atSentenceStart, type Ctx, type Found, wordIndexAtOrAfter } from './context';
import { acronymKey, longFormKey } from './keys';
import { acceptLetterMatch, isCleanLetterMatch, letterMatch } from './letterMatch';
import { ATTRIBUTION_PREFIX, CREDIT_PREFIX } from './lexicon';
import { acronymUnits, isAcronymShape, isDigit, isUpper, TOKEN_CHAR } from './shape';
import { SF_TOKEN, type ShortForm } from './shortForm';
import { gapText, isCommaGap, isHardBreakGap } from './words';

/** The long form after a dash (ACR-long): a clean letter match or a known expansion at the start. */
export function longAfter(ctx: Ctx, sf: ShortForm, from: number, to: number): Found | undefined {
  const { words } = ctx;
  const lo = wordIndexAtOrAfter(words, from);
  let hiMax = wordIndexAtOrAfter(words, to) - 1;
  if (hiMax < lo) return undefined;
  // stop at the clause end
  for (let i = lo; i < hiMax; i++) {
    if (isHardBreakGap(gapText(ctx.text, words[i], words[i + 1])) || isCommaGap(gapText(ctx.text, words[i], words[i + 1]))) {
      hiMax = i;
      break;
    }
  }
  const units = acronymUnits(sf.base);
  if (units.length < 2) return undefined;
  // the long form starts at the first word; find the shortest end that matches cleanly
  for (let hi = lo; hi <= Math.min(hiMax, lo + 3 * units.length + 2); hi++) {
    const lm = letterMatch(units, words, lo, hi, { allowForeignInner: true });
    if (lm && lm.first === lo && acceptLetterMatch(units, lm) && isCleanLetterMatch(lm)) {
      return { start: words[lo].start, end: words[hi].end, method: 'letters' };
    }
  }
  if (ctx.known) {
    for (const e of ctx.known(acronymKey(sf.base))) {
      const ew = longFormKey(e).split(' ').filter(Boolean);
      const hi = lo + ew.length - 1;
      if (hi > hiMax) continue;
      if (ew.every((f, k) => words[lo + k].fold === f)) return { start: words[lo].start, end: words[hi].end, method: 'known' };
    }
  }
  return undefined;
}

/**
 * Where /\s[-\u2013\u2014]\s|\(/g matches, for the matches that start in [from, to): the
 * same left-to-right, non-overlapping scan, jumping from one "(" or dash to the next.
 */
export function dashOrParenHits(full: string, from: number, to: number): number[] {
  const out: number[] = [];
  // searched within the span plus the 2 characters a match can reach past it, so that a
  // search never runs on through the rest of the text (offsets below are segment offsets)
  const text = full.slice(from, Math.min(full.length, to + 2));
  const base = from;
  to -= base;
  // the "(" and dash characters in order: a "(" is a hit where it is, a dash one before
  // it (a space, the dash, a space); positions only grow, so the first one past the end stops
  const re = /[(\-\u2013\u2014]/g;
  let at = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const q = m.index;
    if (text.charCodeAt(q) === 40) {
      if (q < at) continue;
      if (q >= to) break;
      out.push(base + q);
      at = q + 1;
      continue;
    }
    const p = q - 1;
    if (p < at) continue;
    if (p >= to) break;
    if (q + 1 < text.length && isJsSpace(text.charCodeAt(p)) && isJsSpace(text.charCodeAt(q + 1))) {
      out.push(base + p);
      at = p + 3;
    }
  }
  return out;
}

export function acrDashLong(ctx: Ctx): void {
  const { text, span } = ctx;
  // acronym-like tokens followed by a spaced dash or a parenthesis: find each dash or "("
  // and read the token before it
  const hits: Array<{ tok: string; start: number }> = [];
  for (const hitAt of dashOrParenHits(text, span.start, span.end)) {
    let e = hitAt;
    while (e > span.start && (text[e - 1] === ' ' || text[e - 1] === '\u00a0')) e--;
    let b = e;
    while (b > span.start && TOKEN_CHAR.test(text[b - 1])) b--;
    // the token may not end in a joiner ("ABC-" before a dash)
    while (b < e && !/[\p{L}\p{N}+]/u.test(text[e - 1])) e--;
    if (b < e && isUpper(text[b])) hits.push({ tok: text.slice(b, e), start: b });
  }
  for (const h of hits) {
    const end = h.start + h.tok.length;
    if (!isAcronymShape(h.tok)) continue;
    // inside a parenthetical already handled
    const after = text.slice(end, Math.min(span.end, end + 4));
    const dash = /^\s+[-\u2013\u2014]\s+/u.exec(text.slice(end, Math.min(span.end, end + 6)));
    const sf: ShortForm = { text: h.tok, start: h.start, end, base: h.tok, baseEnd: end };
    if (dash) {
      const open = text.lastIndexOf('(', h.start);
      const close = text.lastIndexOf(')', h.start);
      const insideParen = open >= span.start && open > close && text.slice(open + 1, h.start).trim() === '';
      if (insideParen) continue; // "(IoT – …)" is handled with its parenthetical
      const lf = longAfter(ctx, sf, end + dash[0].length, span.end);
      if (lf) {
        addDef(ctx, sf, lf.start, lf.end, 'ACR-long', lf.method);
        continue;
      }
      // "NDO - Sáng 28/10, …": a tag opening the paragraph (or a sentence), then a capital
      const next = text.charAt(end + dash[0].length);
      if (atSentenceStart(ctx, h.start) && (isUpper(next) || isDigit(next))) addAttribution(ctx, h.tok, h.start, 'lead');
      continue;
    }
    if (/^\s*\(/.test(after)) {
      const open = end + after.indexOf('(');
      const close = text.indexOf(')', open);
      if (close < 0 || close > span.end) continue;
      const inner = text.slice(open + 1, close);
      if (ATTRIBUTION_PREFIX.test(inner) || CREDIT_PREFIX.test(inner)) continue;
      const first = SF_TOKEN.exec(inner.trim());
      if (first && isAcronymShape(first[0])) continue; // "(ACR)" content is a short form itself
      const lf = longInside(ctx, sf, open + 1, close);
      if (lf) addDef(ctx, sf, lf.start, lf.end, 'ACR(long)', lf.method);
    }
  }
}

/** ACR(long): the whole parenthetical (up to a comma) is the expansion. */
function longInside(ctx: Ctx, sf: ShortForm, from: number, to: number): Found | undefined {
  const { words, text } = ctx;
  const lo = wordIndexAtOrAfter(words, from);
  let hi = wordIndexAtOrAfter(words, to) - 1;
  if (hi < lo) return undefined;
  for (let i = lo; i < hi; i++) {
    const gap = gapText(text, words[i], words[i + 1]);
    if (isCommaGap(gap) || isHardBreakGap(gap)) {
      hi = i;
      break;
    }
  }
  const units = acronymUnits(sf.base);
  if (units.length < 2) return undefined;
  const lm = letterMatch(units, words, lo, hi, { allowForeignInner: true });
  if (lm && lm.first === lo && acceptLetterMatch(units, lm) && isCleanLetterMatch(lm)) {
    return { start: words[lo].start, end: words[hi].end, method: 'letters' };
  }
  if (ctx.known) {
    for (const e of ctx.known(acronymKey(sf.base))) {
      const ew = longFormKey(e).split(' ').filter(Boolean);
      if (ew.length === hi - lo + 1 && ew.every((f, k) => words[lo + k].fold === f)) {
        return { start: words[lo].start, end: words[hi].end, method: 'known' };
      }
    }
  }
  return undefined;
}
