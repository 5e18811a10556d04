/**
 * The mining context of one span (its text, its words, what was found) and the small
 * position helpers every strategy shares.
 */
import { acronymKey } from './keys';
import type { AcronymAttribution, AcronymDefinition, AttributionKind, DefinitionPattern, MatchMethod } from './types';
import { gapText, isCommaGap, isHardBreakGap, isQuoteGap, isSpacedDashGap, type Word, wordsIn } from './words';

export interface Ctx {
  text: string;
  span: { start: number; end: number };
  readonly words: Word[];
  known?: (key: string) => readonly string[];
  defs: AcronymDefinition[];
  attrs: AcronymAttribution[];
}

/**
 * A span's mining context. The span's words are built on first use: most spans that pass
 * the "(" / dash pre-check never need them (a hyphenated date, a credit, a lead tag), and
 * building word objects is the costliest part of mining.
 */
export class SpanCtx implements Ctx {
  private wordList: Word[] | undefined;
  constructor(
    readonly text: string,
    readonly span: { start: number; end: number },
    readonly known: ((key: string) => readonly string[]) | undefined,
    readonly defs: AcronymDefinition[],
    readonly attrs: AcronymAttribution[],
  ) {}

  get words(): Word[] {
    return (this.wordList ??= wordsIn(this.text, this.span.start, this.span.end));
  }
}

/** Index of the first word at or after offset. */
export function wordIndexAtOrAfter(words: Word[], offset: number): number {
  let lo = 0;
  let hi = words.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (words[mid].start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Offset of the first space of the run of spaces that ends at `offset` (not before the span). */
function skipSpacesBack(ctx: Ctx, offset: number): number {
  let i = offset;
  while (i > ctx.span.start && /\s/.test(ctx.text[i - 1])) i--;
  return i;
}

/** Only spaces lie between the span (line or paragraph) start and `offset`. */
export function atParagraphStart(ctx: Ctx, offset: number): boolean {
  return skipSpacesBack(ctx, offset) === ctx.span.start;
}

/** At a paragraph start, or after sentence punctuation (. ! ? …, maybe a closing quote) and a space. */
export function atSentenceStart(ctx: Ctx, offset: number): boolean {
  const i = skipSpacesBack(ctx, offset);
  if (i === ctx.span.start) return true;
  if (i === offset) return false;
  let c = ctx.text[i - 1];
  if ((c === '"' || c === '”' || c === ')') && i - 2 >= ctx.span.start) c = ctx.text[i - 2];
  return c === '.' || c === '!' || c === '?' || c === '…';
}

export function addAttribution(ctx: Ctx, acronym: string, start: number, kind: AttributionKind): void {
  ctx.attrs.push({ acronym, key: acronymKey(acronym), start, end: start + acronym.length, kind });
}

export function addDef(
  ctx: Ctx,
  sf: { text: string; start: number; end: number },
  longStart: number,
  longEnd: number,
  pattern: DefinitionPattern,
  method: MatchMethod,
): void {
  const longForm = ctx.text.slice(longStart, longEnd);
  if (!longForm.trim()) return;
  ctx.defs.push({
    acronym: sf.text,
    key: acronymKey(sf.text),
    start: sf.start,
    end: sf.end,
    longForm,
    longStart,
    longEnd,
    pattern,
    method,
  });
}

/**
 * Start of the clause that ends at word `hi`: going left, the first hard break (. ; : ( ) …).
 * With commas: true a comma does not end the clause (letter matching may cross it).
 */
export function clauseStart(ctx: Ctx, hi: number, opts: { commas: boolean; dashes?: boolean; quotes?: boolean }): number {
  const { words, text } = ctx;
  let lo = hi;
  while (lo > 0) {
    const gap = gapText(text, words[lo - 1], words[lo]);
    if (isHardBreakGap(gap)) break;
    if (!opts.commas && isCommaGap(gap)) break;
    if (opts.dashes === false && isSpacedDashGap(gap)) break;
    if (opts.quotes === false && isQuoteGap(gap)) break;
    if (hi - lo >= 40) break;
    lo--;
  }
  return lo;
}

export interface Found {
  start: number;
  end: number;
  method: MatchMethod;
}
