/**
 * Best passage of a hit: the window (about 200 characters) inside one indexed line that
 * holds the most query weight, with the matched words highlighted. Works on the current
 * text of the document (re-tokenized with the indexer's scanner), so the offsets are right
 * even when the text was decomposed (NFD) or changed since it was indexed.
 */

import { NormalizedText, toOriginalOffset } from '../text';
import { SurfaceTable } from './dictionary';
import { TokenBuffer, scanSpan } from './scan';

export interface TermMatch {
  termId: number;
  /** Required spelling (exact search), or -1 for any. */
  variant: number;
}

/** A query unit `q` matching a term; `variant` is the required spelling (exact search) or -1. */
export interface WordSpec {
  q: number;
  weight: number;
  variant: number;
}

export interface SnippetQuery {
  /** Single words: term id → weight and required spelling. `q` identifies the query unit. */
  words: Map<number, WordSpec[]>;
  /** Phrases and the parts of typed symbols: highlighted only where the whole sequence occurs. */
  sequences: { terms: TermMatch[]; q: number; weight: number }[];
  /** Whole symbols (typed symbols, resolved references). */
  symbols: Map<number, WordSpec[]>;
  units: number;
}

/** Where the index says the best window is: the span (index of its triple) and a position range. */
export interface SnippetFocus {
  span: number;
  lo: number;
  hi: number;
}

export interface Snippet {
  start: number;
  end: number;
  snippet: string;
  highlights: [number, number][];
}

export const SNIPPET_WIDTH = 200;
/** Syllables looked up around a focused window (enough to widen it to SNIPPET_WIDTH). */
const MARGIN = 40;

interface Item {
  start: number;
  end: number;
  q: number;
  weight: number;
}

const tokens = new TokenBuffer();

/**
 * `spans` holds (start, end, first position) triples in normalized offsets; the document's
 * are spans[spanFrom .. spanTo). With a `focus` only that span is read, and only the
 * syllables near the focused positions are looked up.
 */
export function makeSnippet(
  original: string,
  norm: NormalizedText,
  spans: ArrayLike<number>,
  spanFrom: number,
  spanTo: number,
  surfaces: SurfaceTable,
  query: SnippetQuery,
  focus?: SnippetFocus,
): Snippet {
  const text = norm.text;
  const from0 = spanFrom;
  const to0 = spanTo;
  let lo = -Infinity;
  let hi = Infinity;
  if (focus) {
    spanFrom = focus.span;
    spanTo = focus.span + 3;
    lo = focus.lo - MARGIN;
    hi = focus.hi + MARGIN;
  }
  let best: { score: number; s: number; e: number; spanStart: number; spanEnd: number; items: Item[] } | undefined;
  const stamp = new Int32Array(Math.max(1, query.units));
  let gen = 0;
  for (let k = spanFrom; k < spanTo; k += 3) {
    const spanStart = Math.min(spans[k], text.length);
    const spanEnd = Math.min(spans[k + 1], text.length);
    if (spanEnd <= spanStart) continue;
    const items = matchSpan(text, spanStart, spanEnd, spans[k + 2], lo, hi, surfaces, query);
    if (!items.length) {
      if (!best) best = { score: 0, s: spanStart, e: spanStart, spanStart, spanEnd, items };
      continue;
    }
    // Two pointers over the matches: the window of width <= SNIPPET_WIDTH with the most
    // distinct query weight (repeats add a little).
    let j = 0;
    for (let i = 0; i < items.length; i++) {
      if (j < i) j = i;
      while (j + 1 < items.length && items[j + 1].end - items[i].start <= SNIPPET_WIDTH) j++;
      gen++;
      let score = 0;
      for (let m = i; m <= j; m++) {
        const it = items[m];
        if (stamp[it.q] !== gen) {
          stamp[it.q] = gen;
          score += it.weight;
        } else score += it.weight * 0.05;
      }
      if (!best || score > best.score + 1e-9) best = { score, s: items[i].start, e: items[j].end, spanStart, spanEnd, items };
    }
  }
  if (!best) return { start: 0, end: 0, snippet: '', highlights: [] };
  // The index's focus can miss (a phrase whose words also occur apart): read every span.
  if (focus && best.items.length === 0) return makeSnippet(original, norm, spans, from0, to0, surfaces, query);
  // Widen to about SNIPPET_WIDTH inside the line, cutting at spaces.
  const extra = Math.max(0, SNIPPET_WIDTH - (best.e - best.s));
  let left = Math.max(best.spanStart, best.s - Math.floor(extra / 2));
  let right = Math.min(best.spanEnd, best.e + (extra - (best.s - left)));
  left = Math.max(best.spanStart, Math.min(left, best.s));
  if (right - left < SNIPPET_WIDTH) left = Math.max(best.spanStart, right - SNIPPET_WIDTH);
  left = Math.min(left, best.s);
  while (left > best.spanStart && left < best.s && !isSpace(text.charCodeAt(left - 1))) left++;
  while (right < best.spanEnd && right > best.e && !isSpace(text.charCodeAt(right))) right--;
  while (right > best.e && isSpace(text.charCodeAt(right - 1))) right--;
  const start = toOriginalOffset(norm, left);
  const end = toOriginalOffset(norm, right);
  const highlights: [number, number][] = [];
  for (const it of best.items) {
    if (it.start < left || it.end > right) continue;
    const hs = toOriginalOffset(norm, it.start) - start;
    const he = toOriginalOffset(norm, it.end) - start;
    const last = highlights[highlights.length - 1];
    // Merge overlapping highlights and parts of one symbol ("34" "-" "NQ" "/" "TW").
    if (last && (hs <= last[1] || (hs - last[1] === 1 && isJoint(original.charCodeAt(start + last[1]))))) {
      if (he > last[1]) last[1] = he;
    } else highlights.push([hs, he]);
  }
  return { start, end, snippet: original.slice(start, end), highlights };
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0;
}

function isJoint(c: number): boolean {
  return c === 45 || c === 47 || c === 46;
}

/** Term and spelling of each token of the span being matched (reused: one span at a time). */
let spanTerms = new Int32Array(1024);
let spanVars = new Int32Array(1024);

function matchSpan(text: string, from: number, to: number, pos0: number, lo: number, hi: number, surfaces: SurfaceTable, query: SnippetQuery): Item[] {
  tokens.reset();
  // Tokens before lo are never looked up (nor part of a sequence of looked-up ones).
  scanSpan(text, from, to, pos0, tokens, hi, lo);
  const n = tokens.n;
  if (spanTerms.length < n) {
    spanTerms = new Int32Array(n * 2);
    spanVars = new Int32Array(n * 2);
  }
  const terms = spanTerms;
  const vars = spanVars;
  const items: Item[] = [];
  for (let k = 0; k < n; k++) {
    const p = tokens.pos[k];
    if (p < lo || p > hi) {
      terms[k] = -1;
      continue;
    }
    const sym = tokens.sym[k] === 1;
    surfaces.resolve(text, tokens.start[k], tokens.end[k], tokens.hash[k], sym, false);
    terms[k] = surfaces.term;
    vars[k] = surfaces.variant;
    const specs = sym ? query.symbols.get(surfaces.term) : query.words.get(surfaces.term);
    if (!specs) continue;
    for (const spec of specs) {
      if (spec.variant < 0 || spec.variant === surfaces.variant) {
        items.push({ start: tokens.start[k], end: tokens.end[k], q: spec.q, weight: spec.weight });
        break;
      }
    }
  }
  if (query.sequences.length) {
    // Word tokens only, in order (symbols are interleaved after their parts).
    const wordIdx: number[] = [];
    for (let k = 0; k < n; k++) if (tokens.sym[k] === 0) wordIdx.push(k);
    for (const seq of query.sequences) {
      const len = seq.terms.length;
      for (let i = 0; i + len <= wordIdx.length; i++) {
        let ok = true;
        for (let m = 0; m < len && ok; m++) {
          const k = wordIdx[i + m];
          const t = seq.terms[m];
          ok = terms[k] === t.termId && (t.variant < 0 || vars[k] === t.variant);
        }
        if (!ok) continue;
        for (let m = 0; m < len; m++) {
          const k = wordIdx[i + m];
          items.push({ start: tokens.start[k], end: tokens.end[k], q: seq.q, weight: seq.weight });
        }
      }
    }
  }
  items.sort((a, b) => a.start - b.start || b.end - a.end);
  return items;
}
