/**
 * From a query string to a plan: the query's syllables resolved against the dictionary
 * (one QTerm per distinct term, or term and spelling in exact mode), grouped into single
 * words, pairs, runs, symbols, phrases and expansions; then the scorer runs it.
 */

import { exactKeyOf, termKeyOf } from './dictionary';
import { ParsedQuery, parseQuery } from './query';
import { compactIndex, unpinTerms } from './postings';
import { scoreQuery } from './scorer';
import { EMPTY_I32, Plan, QTerm, SearchState } from './state';
import { QueryExpansion, SearchOptions, SearchResultCore } from './types';

const DEFAULT_LIMIT = 20;

const MAX_LIMIT = 1000;

/** Expansions used per query, alternatives per expansion and words per alternative (bounded query cost). */
export const MAX_EXPANSIONS = 4;

export const MAX_EXPANSION_ALTERNATIVES = 4;

export const MAX_EXPANSION_WORDS = 12;

export function searchIndex(ix: SearchState, query: string, opts: SearchOptions, readText: (docId: number) => string): SearchResultCore {
  if (ix.needsCompaction) compactIndex(ix);
  if (ix.ordByDoc.size === 0) return { hits: [], total: 0 };
  const limit = Math.max(1, Math.min(MAX_LIMIT, Math.floor(opts.limit ?? DEFAULT_LIMIT) || DEFAULT_LIMIT));
  const exact = opts.exact === true;
  const pq = parseQuery(query);
  ix.ensureQueryScratch();

  // Resolve the query's syllables: one QTerm per distinct (term, spelling in exact mode).
  const qterms: QTerm[] = [];
  const byKey = new Map<string, QTerm>();
  const qterm = (surface: string, isSymbol: boolean): QTerm => {
    const key = termKeyOf(surface);
    const ex = exactKeyOf(surface, isSymbol);
    const mapKey = exact ? key + '\u0001' + ex : key;
    let q = byKey.get(mapKey);
    if (!q) {
      const termId = ix.dict.lookup(key);
      const variant = exact && termId >= 0 ? ix.dict.variantOf(termId, ex, false) : -1;
      q = { slot: qterms.length, termId, exact, variant, n: 0, idf: 0, ords: EMPTY_I32, kind: 0 };
      byKey.set(mapKey, q);
      qterms.push(q);
    }
    return q;
  };
  const unigrams = new Set<QTerm>();
  const plan: Plan = { unigrams: [], phraseWords: [], pairs: [], runs: [], symbols: [], phrases: [], expansions: [] };
  for (const seg of pq.free) {
    const ws = seg.words.map((w) => qterm(w.surface, false));
    seg.words.forEach((w, i) => {
      if (w.symbol < 0) unigrams.add(ws[i]);
      if (i > 0) plan.pairs.push([ws[i - 1], ws[i]]);
    });
    if (ws.length >= 3) plan.runs.push(ws);
    for (const s of seg.symbols) plan.symbols.push({ parts: ws.slice(s.first, s.first + s.count), whole: qterm(s.surface, true) });
  }
  plan.phrases = pq.phrases.map((p) => p.map((w) => qterm(w, false)));
  plan.unigrams = [...unigrams];
  plan.phraseWords = [...new Set(plan.phrases.flat())].filter((q) => !unigrams.has(q));
  if (!exact) plan.expansions = planExpansions(pq, opts.expansions ?? [], qterm);
  if (!qterms.length) return { hits: [], total: 0 };

  for (const q of plan.phraseWords) q.kind = 2;
  for (const q of plan.unigrams) q.kind = 1;
  ix.ensureSlots(qterms.length);
  try {
    return scoreQuery(ix, pq, qterms, plan, limit, readText, opts.isCancelled);
  } finally {
    ix.clearSlots(qterms);
    unpinTerms(ix);
  }
}

/** The expansions whose form is a run of words of an unquoted part of the query, with their alternatives' terms. */
function planExpansions(pq: ParsedQuery, expansions: readonly QueryExpansion[], qterm: (surface: string, isSymbol: boolean) => QTerm): Plan['expansions'] {
  const out: Plan['expansions'] = [];
  for (const ex of expansions.slice(0, MAX_EXPANSIONS)) {
    const formKeys = wordsOf(ex.form).map(termKeyOf);
    if (!formKeys.length) continue;
    let unit: QTerm[] | undefined;
    for (const seg of pq.free) {
      // Not inside a typed document symbol: "NĐ" of "30/2020/NĐ-CP" is part of an
      // identifier matched whole, not the word "nghị định" (expanding it made the query
      // rank every decree of the corpus, 30x its cost, for a noisier list).
      const at = indexOfRun(
        seg.words.map((w) => (w.symbol >= 0 ? '\u0000' : termKeyOf(w.surface))),
        formKeys,
      );
      if (at >= 0) {
        unit = seg.words.slice(at, at + formKeys.length).map((w) => qterm(w.surface, false));
        break;
      }
    }
    if (!unit) continue;
    const alts = (ex.alternatives ?? [])
      .slice(0, MAX_EXPANSION_ALTERNATIVES)
      .map((text) => ({ text, terms: wordsOf(text).slice(0, MAX_EXPANSION_WORDS).map((w) => qterm(w, false)) }))
      .filter((a) => a.terms.length > 0);
    if (alts.length) out.push({ form: ex.form, unit, alts });
  }
  return out;
}

/** Syllables of a text as the query parser reads them (quotes ignored). */
export function wordsOf(text: string): string[] {
  const pq = parseQuery(text);
  return [...pq.free.flatMap((seg) => seg.words.map((w) => w.surface)), ...pq.phrases.flat()];
}

/** Where `run` starts in `keys`, or -1. */
export function indexOfRun(keys: string[], run: string[]): number {
  outer: for (let i = 0; i + run.length <= keys.length; i++) {
    for (let j = 0; j < run.length; j++) if (keys[i + j] !== run[j]) continue outer;
    return i;
  }
  return -1;
}
