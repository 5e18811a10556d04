/**
 * mineDefinitions: for each span, its parentheticals (attributions, lists, lead tags,
 * long(ACR)) and its dashes (ACR-long, ACR(long)).
 */
import { addAttribution, addDef, atParagraphStart, atSentenceStart, clauseStart, type Ctx, SpanCtx, wordIndexAtOrAfter } from './context';
import { acrDashLong, longAfter } from './dashes';
import { acceptLetterMatch, isCleanLetterMatch, letterMatch } from './letterMatch';
import { ALIAS_PREFIX, ATTRIBUTION_PREFIX, BYLINE_WORDS, CREDIT_PREFIX, FUNCTION_WORDS, HOAC, VA, VIET_NUMBERS } from './lexicon';
import { headAt } from './names';
import { acronymUnits, isAcronymShape, isAsciiAcronym } from './shape';
import { type ParenGroup, parenGroups, readShortForm, type ShortForm } from './shortForm';
import { knownBefore, longBefore } from './strategies';
import type { AcronymAttribution, AcronymDefinition, AttributionKind, MatchMethod, MinedAcronyms } from './types';
import { gapText, isCommaGap } from './words';

/**
 * Finds acronym definitions and attributions. `spans` limits mining to those ranges (the
 * article body lines from extractArticle); a long form never crosses a span boundary.
 */
export function mineDefinitions(
  text: string,
  spans?: { start: number; end: number }[],
  known?: (key: string) => readonly string[],
): MinedAcronyms {
  const defs: AcronymDefinition[] = [];
  const attrs: AcronymAttribution[] = [];
  const ranges = spans && spans.length ? spans : splitLines(text);
  for (const span of ranges) {
    const s = { start: Math.max(0, span.start), end: Math.min(text.length, span.end) };
    if (s.end <= s.start) continue;
    const ctx = new SpanCtx(text, s, known, defs, attrs);
    mineSpan(ctx);
  }
  defs.sort((a, b) => a.start - b.start || a.longStart - b.longStart);
  attrs.sort((a, b) => a.start - b.start);
  return { definitions: dedupeDefs(defs), attributions: attrs };
}

function dedupeDefs(defs: AcronymDefinition[]): AcronymDefinition[] {
  const seen = new Set<string>();
  return defs.filter((d) => {
    const k = `${d.start}:${d.longStart}:${d.pattern}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function splitLines(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text.charCodeAt(i) === 10) {
      out.push({ start, end: i });
      start = i + 1;
    }
  }
  return out;
}

function mineSpan(ctx: Ctx): void {
  const { text, span } = ctx;
  // nothing to mine without a parenthesis or a dash (most lines of a large corpus)
  const slice = text.slice(span.start, span.end);
  if (!/[(\-\u2013\u2014]/.test(slice)) return;
  const groups = parenGroups(text, span.start, span.end);
  for (const g of groups) mineParen(ctx, g);
  acrDashLong(ctx);
}

/** Acronym runs joined by "/" inside a credit ("Văn Điệp/TTXVN" → TTXVN, "AFP/TTXVN"). */
function creditAcronyms(text: string, from: number, to: number): Array<{ acronym: string; start: number }> {
  const out: Array<{ acronym: string; start: number }> = [];
  const re = /[\p{L}\p{N}]+(?:[.\-&][\p{L}\p{N}]+)*/gu;
  re.lastIndex = from;
  let m: RegExpExecArray | null;
  let run: { start: number; end: number } | undefined;
  const flush = () => {
    if (run) out.push({ acronym: text.slice(run.start, run.end), start: run.start });
    run = undefined;
  };
  while ((m = re.exec(text)) !== null && m.index < to) {
    const tok = m[0];
    const s = m.index;
    const e = s + tok.length;
    if (e > to) break;
    if (!isAcronymShape(tok)) {
      flush();
      continue;
    }
    if (run && text.slice(run.end, s) === '/') run.end = e;
    else {
      flush();
      run = { start: s, end: e };
    }
  }
  flush();
  return out;
}

function mineParen(ctx: Ctx, g: ParenGroup): void {
  const { text } = ctx;
  const cStart = g.open + 1;
  const cEnd = g.close;
  const content = g.content;

  // 1. "(Nguồn: …)", "(Ảnh: …)", "(Theo …)", "(Tin, ảnh: …)"
  const ap = ATTRIBUTION_PREFIX.exec(content) ?? CREDIT_PREFIX.exec(content);
  if (ap) {
    const word = ap[1].toLowerCase();
    const kind: AttributionKind = word.startsWith('nguồn')
      ? 'source'
      : /^(ảnh|video|clip|đồ|infographic)/u.test(word)
        ? 'photo'
        : 'credit';
    for (const a of creditAcronyms(text, cStart + ap[0].length, cEnd)) addAttribution(ctx, a.acronym, a.start, kind);
    return;
  }

  // skip leading spaces
  let p = cStart;
  while (p < cEnd && /\s/.test(text[p])) p++;

  // "(gọi tắt là VNBA)"
  let alias = false;
  const al = ALIAS_PREFIX.exec(content);
  if (al) {
    p = cStart + al[0].length;
    alias = true;
  }

  const read = readShortForm(text, p, cEnd);
  // a byline whose agency is written "Tin Tức/TTXVN"
  if (!read && !alias && /\/\s*[\p{Lu}][\p{L}&.]*\s*$/u.test(content) && isCredit(ctx, g)) {
    for (const a of creditAcronyms(text, cStart, cEnd)) addAttribution(ctx, a.acronym, a.start, 'credit');
    return;
  }

  // "(long - ACR và long - ACR)": long forms with their acronyms inside the parenthetical;
  // anything else after a first token ("(APEC App Challenge)", "(SN 1966, …)") is no short form
  if (!read || read.restKind === 'other') {
    longDashAcrInside(ctx, g);
    return;
  }
  const { sf } = read;

  // 2. lists "(CĐ, ĐH)"
  if (read.restKind === 'comma') {
    const list = readAcronymList(text, p, cEnd);
    if (list && list.length >= 2) {
      conjunctList(ctx, g, list);
      return;
    }
  }

  // 3. lead tag: "(ĐCSVN) – …" opening an article or paragraph, "(CLO) Cơ cấu …" at a line start
  if (read.restKind === 'end' && !alias) {
    const after = text.slice(g.close + 1, Math.min(ctx.span.end, g.close + 6));
    const dashAfter = /^\s*[-\u2013\u2014]/.test(after);
    if (atParagraphStart(ctx, g.open) || (dashAfter && atSentenceStart(ctx, g.open))) {
      addAttribution(ctx, sf.text, sf.start, 'lead');
      return;
    }
  }

  // 4. long(ACR): sure strategies first, then a byline check, then the name-phrase guesses
  let found = longBefore(ctx, g, sf, false);
  if (!found && read.restKind === 'end' && !alias && isCredit(ctx, g)) {
    for (const a of creditAcronyms(text, cStart, cEnd)) addAttribution(ctx, a.acronym, a.start, 'credit');
    return;
  }
  if (!found) found = longBefore(ctx, g, sf, true);
  if (found) {
    const sfOut = resolveQualifier(sf, text.slice(found.start, found.end));
    addDef(ctx, sfOut, found.start, found.end, 'long(ACR)', found.method);
  }

  // 5. "(IoT – Internet of Thing)": ACR-long inside the parenthetical
  if (read.restKind === 'dash') {
    const lf = longAfter(ctx, sf, read.rest, cEnd);
    if (lf) addDef(ctx, sf, lf.start, lf.end, 'ACR-long', lf.method);
  }
}

/** The acronym as reported: a numeric qualifier is kept when the long form carries the number. */
function resolveQualifier(sf: ShortForm, longForm: string): { text: string; start: number; end: number } {
  if (!sf.qualifier) return sf;
  const n = Number(sf.qualifier);
  const words = longForm.toLowerCase().split(/[^\p{L}\p{N}]+/u);
  const carries = words.includes(sf.qualifier) || (n <= 10 && words.includes(VIET_NUMBERS[n]));
  if (carries && !sf.wordedQualifier) return sf;
  return { text: sf.base, start: sf.start, end: sf.baseEnd };
}

function readAcronymList(text: string, p: number, end: number): Array<{ text: string; start: number; end: number }> | undefined {
  const out: Array<{ text: string; start: number; end: number }> = [];
  const re = /\s*([\p{L}\p{N}]+(?:[.\-&/][\p{L}\p{N}]+)*)\s*(,|$)/uy;
  const s = text.slice(p, end);
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  let last = 0;
  while ((m = re.exec(s)) !== null) {
    if (!isAcronymShape(m[1])) return undefined;
    const st = p + m.index + m[0].indexOf(m[1]);
    out.push({ text: m[1], start: st, end: st + m[1].length });
    last = re.lastIndex;
    if (m[2] === '') break;
    if (re.lastIndex >= s.length) break;
  }
  if (s.slice(last).trim() !== '') return undefined;
  return out;
}

/** "cao đẳng, đại học (CĐ, ĐH)": conjuncts before the parenthesis, paired in order; each must letter-match. */
function conjunctList(ctx: Ctx, g: ParenGroup, list: Array<{ text: string; start: number; end: number }>): void {
  const { words, text } = ctx;
  const hi = wordIndexAtOrAfter(words, g.open) - 1;
  if (hi < 0) return;
  const lo = clauseStart(ctx, hi, { commas: true });
  // split words lo..hi into conjuncts at commas / "và" / "hoặc"
  const parts: Array<[number, number]> = [];
  let end = hi;
  for (let i = hi; i >= lo; i--) {
    const isConj = words[i].exact === VA || words[i].exact === HOAC;
    const commaBefore = i > lo && isCommaGap(gapText(text, words[i - 1], words[i]));
    if (isConj) {
      if (end >= i + 1) parts.unshift([i + 1, end]);
      end = i - 1;
      continue;
    }
    if (commaBefore || i === lo) {
      parts.unshift([i, end]);
      end = i - 1;
    }
    if (parts.length >= list.length) break;
  }
  if (parts.length < list.length) return;
  const use = parts.slice(parts.length - list.length);
  const found: Array<[number, number]> = [];
  for (let k = 0; k < list.length; k++) {
    const [a, b] = use[k];
    const units = acronymUnits(list[k].text);
    const lm = letterMatch(units, words, a, b, { allowForeignInner: false });
    if (!lm || !isCleanLetterMatch(lm)) return;
    found.push([words[lm.first].start, words[b].end]);
  }
  for (let k = 0; k < list.length; k++) addDef(ctx, list[k], found[k][0], found[k][1], 'long(ACR)', 'letters');
}

/** A byline: "(TTXVN)" at the end of the paragraph after a short run of capitalised words (a name). */
function isCredit(ctx: Ctx, g: ParenGroup): boolean {
  const { text, span, words } = ctx;
  const after = text.slice(g.close + 1, span.end);
  if (!/^[\s.]*$/.test(after) && !/^\s*$/.test(after.slice(0, 1)) && after.length > 0) {
    // a credit can also close a paragraph inside a long scraped line only if what follows
    // starts a new sentence; keep it strict: only the end of the span
    return false;
  }
  if (!/^[\s.]*$/.test(after)) return false;
  const hi = wordIndexAtOrAfter(words, g.open) - 1;
  if (hi < 0) return true;
  let n = 0;
  for (let i = hi; i >= 0 && n < 9; i--) {
    const w = words[i];
    if (!(w.cap || BYLINE_WORDS.has(w.exact))) return false;
    n++;
    const gap = i > 0 ? gapText(text, words[i - 1], w) : '';
    if (i === 0 || /[.!?:]\s*$/.test(gap) || /[.!?]\s/.test(gap)) return true;
  }
  return false;
}

/** "(long - ACR và long - ACR)" inside one parenthetical. */
function longDashAcrInside(ctx: Ctx, g: ParenGroup): void {
  const { words } = ctx;
  const re = /\s[-\u2013]\s+([\p{L}\p{N}]+(?:[.\-&/][\p{L}\p{N}]+)*)(?=\s*(?:$|,|;|\s+và\s))/gu;
  const content = g.content;
  let m: RegExpExecArray | null;
  let segStart = g.open + 1;
  while ((m = re.exec(content)) !== null) {
    const acr = m[1];
    if (!isAcronymShape(acr)) continue;
    const dashAt = g.open + 1 + m.index;
    const acrStart = g.open + 1 + m.index + m[0].length - acr.length;
    const lo = wordIndexAtOrAfter(words, segStart);
    const hi = wordIndexAtOrAfter(words, dashAt) - 1;
    segStart = acrStart + acr.length;
    // skip a leading "và" / "," of the segment
    let a = lo;
    while (a <= hi && FUNCTION_WORDS.has(words[a].exact)) a++;
    if (hi < a) continue;
    const units = acronymUnits(acr);
    let start = -1;
    let method: MatchMethod = 'letters';
    const lm = letterMatch(units, words, a, hi, { allowForeignInner: true });
    if (lm && acceptLetterMatch(units, lm)) start = lm.first;
    else {
      const k = knownBefore(ctx, a, hi, acr);
      if (k && k.gap === 0) {
        start = k.first;
        method = 'known';
      }
    }
    // the segment is the whole name: it must open with a capitalised head noun
    if (start < 0 && isAsciiAcronym(acr) && words[a].cap && headAt(words, a, hi) && hi - a + 1 <= 15) {
      start = a;
      method = 'head';
    }
    if (start < 0) continue;
    addDef(ctx, { text: acr, start: acrStart, end: acrStart + acr.length }, words[start].start, words[hi].end, 'long(ACR)', method);
  }
}
