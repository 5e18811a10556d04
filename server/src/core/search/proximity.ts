/**
 * Position-level matching over loaded terms: adjacent pairs, sequences (phrases, symbol
 * parts, expansion alternatives), the clauses built from them, and the snippet focus
 * (the densest window of query positions).
 */

import { positions } from './postings';
import { SnippetFocus } from './snippet';
import { Clause, ExpansionMatch, Plan, QTerm, SearchState } from './state';

/** Snippet window in syllables when choosing where to look. */
const FOCUS_WIDTH = 30;

export function hasAll(ix: SearchState, terms: QTerm[], ord: number): boolean {
  for (const t of terms) if (ix.slotPos[t.slot][ord] === 0) return false;
  return true;
}

/** Title-weighted count of `b` right after `a` (one syllable apart counts `pairGap2`). */
export function pairCount(ix: SearchState, a: QTerm, b: QTerm, ord: number): number {
  const na = positions(ix, a, ord);
  const nb = a === b ? na : positions(ix, b, ord);
  const pa = ix.posBufs[a.slot];
  const pb = ix.posBufs[b.slot];
  const te = ix.titleEnd[ord];
  const wT = ix.params.titleWeight;
  const g2 = ix.params.pairGap2;
  let j = 0;
  let c = 0;
  for (let i = 0; i < na; i++) {
    const x = pa[i];
    while (j < nb && pb[j] <= x) j++;
    if (j >= nb) break;
    const d = pb[j] - x;
    if (d > 2) continue;
    c += (d === 1 ? 1 : g2) * (x < te ? wT : 1);
  }
  return c;
}

/** Title-weighted number of occurrences of the syllables in sequence. */
export function sequenceCount(ix: SearchState, terms: QTerm[], ord: number): number {
  const k = terms.length;
  if (k === 1) return ix.slotEff[terms[0].slot][ord];
  const lens = ix.seqLens.length >= k ? ix.seqLens : (ix.seqLens = new Int32Array(k * 2));
  const ptr = ix.seqPtr.length >= k ? ix.seqPtr : (ix.seqPtr = new Int32Array(k * 2));
  for (let j = 0; j < k; j++) {
    const n = positions(ix, terms[j], ord);
    if (n === 0) return 0;
    lens[j] = n;
    ptr[j] = 0;
  }
  const te = ix.titleEnd[ord];
  const wT = ix.params.titleWeight;
  const p0 = ix.posBufs[terms[0].slot];
  let c = 0;
  outer: for (let i = 0; i < lens[0]; i++) {
    const x = p0[i];
    for (let j = 1; j < k; j++) {
      const target = x + j;
      const buf = ix.posBufs[terms[j].slot];
      let p = ptr[j];
      const n = lens[j];
      while (p < n && buf[p] < target) p++;
      ptr[j] = p;
      if (p >= n) break outer;
      if (buf[p] !== target) continue outer;
    }
    c += x < te ? wT : 1;
  }
  return c;
}

export function phraseClause(ix: SearchState, terms: QTerm[]): Clause {
  const out: Clause = { ords: [], values: [] };
  let driver = terms[0];
  for (const t of terms) {
    if (t.n === 0) return out;
    if (t.n < driver.n) driver = t;
  }
  for (let i = 0; i < driver.n; i++) {
    const ord = driver.ords[i];
    if (!hasAll(ix, terms, ord)) continue;
    const c = sequenceCount(ix, terms, ord);
    if (c > 0) {
      out.ords.push(ord);
      out.values.push(c);
    }
  }
  return out;
}

/** Documents holding any alternative (in sequence), with the largest count; and each alternative's documents. */
export function expansionClause(ix: SearchState, alts: { text: string; terms: QTerm[] }[]): { clause: Clause; alts: ExpansionMatch['alts'] } {
  const g = ++ix.cGen;
  const seen: number[] = [];
  const perAlt: ExpansionMatch['alts'] = [];
  for (const a of alts) {
    const c = phraseClause(ix, a.terms);
    perAlt.push({ text: a.text, ords: c.ords });
    for (let i = 0; i < c.ords.length; i++) {
      const ord = c.ords[i];
      if (ix.cStamp[ord] !== g) {
        ix.cStamp[ord] = g;
        ix.cVal[ord] = 0;
        seen.push(ord);
      }
      if (c.values[i] > ix.cVal[ord]) ix.cVal[ord] = c.values[i];
    }
  }
  seen.sort((x, y) => x - y);
  return { clause: { ords: seen, values: seen.map((o) => ix.cVal[o]) }, alts: perAlt };
}

export function symbolClause(ix: SearchState, parts: QTerm[], whole: QTerm): Clause {
  const g = ++ix.cGen;
  const seen: number[] = [];
  const put = (ord: number, v: number) => {
    if (ix.cStamp[ord] !== g) {
      ix.cStamp[ord] = g;
      ix.cVal[ord] = 0;
      seen.push(ord);
    }
    if (v > ix.cVal[ord]) ix.cVal[ord] = v;
  };
  const byParts = phraseClause(ix, parts);
  for (let i = 0; i < byParts.ords.length; i++) put(byParts.ords[i], byParts.values[i]);
  const eff = ix.slotEff[whole.slot];
  for (let i = 0; i < whole.n; i++) put(whole.ords[i], eff[whole.ords[i]]);
  seen.sort((x, y) => x - y);
  return { ords: seen, values: seen.map((o) => ix.cVal[o]) };
}

/** The distinct terms whose positions the snippet focus weighs (once per query, not per hit). */
export function focusTerms(plan: Plan): QTerm[] {
  const terms = [...plan.unigrams, ...plan.phraseWords];
  for (const s of plan.symbols) terms.push(...s.parts);
  for (const e of plan.expansions) for (const a of e.alts) terms.push(...a.terms);
  return [...new Set(terms)].filter((t) => t.n > 0);
}

/**
 * Where to look for the snippet, from the index: the span and the window of at most
 * FOCUS_WIDTH syllables holding the most distinct query weight. `terms`: focusTerms(plan).
 */
export function focus(ix: SearchState, terms: QTerm[], ord: number, from: number, to: number): SnippetFocus | undefined {
  const unique = terms.filter((t) => ix.slotPos[t.slot][ord] !== 0);
  // Every (position, term) as one number, position * (number of terms) + term index, sorted
  // natively: the order of the (position, term) pairs (a sort with a comparator cost more
  // than the rest of the focus on a long article).
  const M = unique.length;
  let total = 0;
  for (const t of unique) total += positions(ix, t, ord);
  if (total === 0) return undefined;
  const keys = new Float64Array(total);
  let m0 = 0;
  unique.forEach((t, qi) => {
    const n = positions(ix, t, ord);
    const buf = ix.posBufs[t.slot];
    for (let i = 0; i < n; i++) keys[m0++] = buf[i] * M + qi;
  });
  keys.sort();
  const n = keys.length;
  const ps = new Int32Array(n);
  const qs = new Int32Array(n);
  for (let m = 0; m < n; m++) {
    const q = keys[m] % M;
    qs[m] = q;
    ps[m] = (keys[m] - q) / M;
  }
  // Span of each position (spans are in position order).
  const span = new Int32Array(n);
  let k = from;
  for (let m = 0; m < n; m++) {
    while (k + 3 < to && ix.spanData[k + 5] <= ps[m]) k += 3;
    span[m] = k;
  }
  const count = new Int32Array(unique.length);
  let best = -1;
  let bestI = 0;
  let bestJ = 0;
  let j = 0;
  let score = 0;
  // Sliding window inside one span: distinct weight plus a little per repeat.
  for (let i = 0; i < n; i++) {
    if (j <= i) {
      j = i;
      score = 0;
      count.fill(0);
    }
    while (j < n && span[j] === span[i] && ps[j] - ps[i] < FOCUS_WIDTH) {
      const q = qs[j];
      score += count[q]++ === 0 ? unique[q].idf : unique[q].idf * 0.05;
      j++;
    }
    if (score > best + 1e-9) {
      best = score;
      bestI = i;
      bestJ = j - 1;
    }
    const q = qs[i];
    score -= --count[q] === 0 ? unique[q].idf : unique[q].idf * 0.05;
  }
  return { span: span[bestI], lo: ps[bestI], hi: ps[bestJ] };
}
