/**
 * Ranking of database candidates the way the embedded index ranks (core/search/index.ts,
 * DEFAULT_SCORING): BM25 over folded syllables with the title counted three times, a
 * coverage threshold (a document must hold half of the query's idf), required quoted
 * phrases, typed symbols (whole, or their parts in sequence), and proximity bonuses for
 * adjacent query syllables found adjacent (or one apart) and for whole runs of 3+ words.
 *
 * The database finds the candidates (GIN over the tsvector) and returns, per candidate,
 * the positions of the query's lexemes; the statistics (document count, average length,
 * document frequency of each lexeme and symbol's parts in sequence) come from the database too. This module
 * only does arithmetic on them. Acronym-aware queries are ranked as the embedded index ranks
 * them (an acronym's long forms, a long form's acronym: core/search/expansion.ts, scored in
 * its scorer.ts). Reference expansion ("Nghị quyết 35" → 35/2016/NQ-CP) is not done here:
 * those queries rank by their words.
 *
 * Pure: no I/O.
 */
import { parseQuery } from '../search/query';
import { DEFAULT_SCORING } from '../search';
import { indexOfRun, MAX_EXPANSION_ALTERNATIVES, MAX_EXPANSION_WORDS, MAX_EXPANSIONS, wordsOf } from '../search/plan';
import type { QueryExpansion } from '../search/types';
import { exactLexeme, foldedLexeme, LexemePostings, quoteLexeme } from './lexemes';

export interface QueryPlan {
  /** Free words (not parts of a typed symbol): scored by BM25, counted for coverage. */
  unigrams: string[];
  /** Adjacent words of a free segment (symbol parts included). */
  pairs: [string, string][];
  /** Free segments of 3 or more words. */
  runs: string[][];
  /** Quoted phrases: required. */
  phrases: string[][];
  /** Words of phrases that are not free words: scored by BM25, not counted for coverage. */
  phraseWords: string[];
  symbols: { parts: string[]; whole: string }[];
  /** Parts of the query with other names, as the embedded index plans them (plan.ts). */
  expansions: PlannedExpansion[];
  /** Every lexeme whose positions the ranking reads. */
  lexemes: string[];
  /** The candidate query: any free word or symbol, and every phrase. Empty: nothing to search. */
  tsquery: string;
}

/** An expansion: the typed form's lexemes and each alternative's, in sequence. */
export interface PlannedExpansion {
  form: string;
  unit: string[];
  alts: { text: string; terms: string[] }[];
}

/** `expansions`: the query's other names (features/searchExpansion.ts); never in exact mode. */
export function planQuery(query: string, exact: boolean, expansions: readonly QueryExpansion[] = []): QueryPlan {
  const pq = parseQuery(query);
  const lx = (surface: string, symbol: boolean) => (exact ? exactLexeme(surface, symbol) : foldedLexeme(surface));
  const unigrams = new Set<string>();
  const pairs: [string, string][] = [];
  const runs: string[][] = [];
  const symbols: QueryPlan['symbols'] = [];
  for (const seg of pq.free) {
    const ws = seg.words.map((w) => lx(w.surface, false));
    seg.words.forEach((w, i) => {
      if (w.symbol < 0) unigrams.add(ws[i]);
      if (i > 0) pairs.push([ws[i - 1], ws[i]]);
    });
    if (ws.length >= 3) runs.push(ws);
    for (const s of seg.symbols) symbols.push({ parts: ws.slice(s.first, s.first + s.count), whole: lx(s.surface, true) });
  }
  const phrases = pq.phrases.map((p) => p.map((w) => lx(w, false)));
  const planned = exact ? [] : planExpansions(pq, expansions);
  const altTerms = planned.flatMap((e) => e.alts.map((a) => a.terms));
  const lexemes = [...new Set([...unigrams, ...phrases.flat(), ...symbols.flatMap((s) => [...s.parts, s.whole]), ...altTerms.flat()])];
  const seq = (terms: string[]) => (terms.length === 1 ? quoteLexeme(terms[0]) : `(${terms.map(quoteLexeme).join(' <-> ')})`);
  const any = [...[...unigrams].map(quoteLexeme), ...symbols.flatMap((s) => [quoteLexeme(s.whole), seq(s.parts)]), ...altTerms.map(seq)];
  const all = phrases.map(seq);
  const clauses = [...(any.length ? [`(${any.join(' | ')})`] : []), ...all];
  const phraseWords = [...new Set(phrases.flat())].filter((w) => !unigrams.has(w));
  return { unigrams: [...unigrams], pairs, runs, phrases, phraseWords, symbols, expansions: planned, lexemes, tsquery: clauses.join(' & ') };
}

/** As plan.ts plans them: the expansions whose form is a run of an unquoted part of the query. */
function planExpansions(pq: ReturnType<typeof parseQuery>, expansions: readonly QueryExpansion[]): PlannedExpansion[] {
  const out: PlannedExpansion[] = [];
  for (const ex of expansions.slice(0, MAX_EXPANSIONS)) {
    const form = wordsOf(ex.form).map(foldedLexeme);
    if (!form.length) continue;
    let unit: string[] | undefined;
    for (const seg of pq.free) {
      const keys = seg.words.map((w) => foldedLexeme(w.surface));
      const at = indexOfRun(keys, form);
      if (at >= 0) {
        unit = keys.slice(at, at + form.length);
        break;
      }
    }
    if (!unit) continue;
    const alts = (ex.alternatives ?? [])
      .slice(0, MAX_EXPANSION_ALTERNATIVES)
      .map((text) => ({ text, terms: wordsOf(text).slice(0, MAX_EXPANSION_WORDS).map(foldedLexeme) }))
      .filter((a) => a.terms.length > 0);
    if (alts.length) out.push({ form: ex.form, unit, alts });
  }
  return out;
}

/**
 * How each expansion is scored, as scorer.ts does: its alternatives add to the typed form's
 * free words found in the corpus (each word extended by the first expansion that names it),
 * or, when none is, count as one term of their own (`unionKey`'s document frequency).
 */
interface ExpansionScoring {
  ex: PlannedExpansion;
  words: string[];
}

function expansionScoring(plan: QueryPlan, df: (key: string) => number): ExpansionScoring[] {
  const used = new Set<string>();
  const unigrams = new Set(plan.unigrams);
  return plan.expansions.map((ex) => {
    const words = [...new Set(ex.unit)].filter((u) => unigrams.has(u) && df(u) > 0 && !used.has(u));
    for (const w of words) used.add(w);
    return { ex, words };
  });
}

/** The key in `CorpusStats.df` of the documents holding any alternative of an expansion. */
export function unionKey(ex: PlannedExpansion): string {
  return `any:${ex.alts.map((a) => phraseKey(a.terms)).join('|')}`;
}

/** The tsquery of documents holding any alternative of an expansion. */
export function unionQuery(ex: PlannedExpansion): string {
  return ex.alts.map((a) => sequenceQuery(a.terms)).join(' | ');
}

/** Title-weighted occurrences of the best alternative in a document, and which one (the first that occurs). */
function alternativesIn(ex: PlannedExpansion, postings: Map<string, LexemePostings>): { count: number; first?: string } {
  let count = 0;
  let first: string | undefined;
  for (const a of ex.alts) {
    const c = sequenceCount(a.terms, postings);
    if (c > 0 && first === undefined) first = a.text;
    if (c > count) count = c;
  }
  return { count, first };
}

/** A query item that counts for coverage: a free word, or a typed symbol (whole, or its parts in sequence). */
export interface CoverageItem {
  /** tsquery of the item. */
  query: string;
  idf: number;
}

/** The items of a plan with their idf (items found in no document are left out: they can never count). */
export function coverageItems(plan: QueryPlan, stats: CorpusStats): CoverageItem[] {
  const n = Math.max(1, stats.documents);
  const items: CoverageItem[] = [];
  const scoring = expansionScoring(plan, (k) => stats.df.get(k) ?? 0);
  for (const u of plan.unigrams) {
    const df = stats.df.get(u) ?? 0;
    if (df === 0) continue;
    // A document holding an alternative of the word's expansion covers the word.
    const by = scoring.find((x) => x.words.includes(u));
    items.push({ query: by ? `(${quoteLexeme(u)} | ${unionQuery(by.ex)})` : quoteLexeme(u), idf: idf(df, n) });
  }
  for (const x of scoring) {
    const df = x.words.length === 0 ? (stats.df.get(unionKey(x.ex)) ?? 0) : 0;
    if (df > 0) items.push({ query: `(${unionQuery(x.ex)})`, idf: idf(df, n) });
  }
  for (const s of plan.symbols) {
    const df = Math.max(stats.df.get(s.whole) ?? 0, stats.df.get(phraseKey(s.parts)) ?? 0);
    if (df > 0) items.push({ query: `(${quoteLexeme(s.whole)} | ${sequenceQuery(s.parts)})`, idf: idf(df, n) });
  }
  return items;
}

/** At most this many items are combined exactly (2^n subsets); beyond, any item is enough. */
const MAX_COVERAGE_ITEMS = 10;

/**
 * The minimal sets of items (indexes) whose idf reaches the coverage the ranking requires
 * (minCoverage of the total): a document passes the coverage test exactly when it holds
 * all the items of one of these sets. Beyond MAX_COVERAGE_ITEMS items, each item alone
 * (a superset of the passing documents).
 */
export function coverageSets(items: readonly CoverageItem[]): number[][] {
  const total = items.reduce((x, i) => x + i.idf, 0);
  const need = total * P.minCoverage - 1e-9;
  if (items.length > MAX_COVERAGE_ITEMS) return items.map((_, i) => [i]);
  const sets: number[][] = [];
  for (let mask = 1; mask < 1 << items.length; mask++) {
    let sum = 0;
    const members: number[] = [];
    for (let i = 0; i < items.length; i++) {
      if (!(mask & (1 << i))) continue;
      sum += items[i].idf;
      members.push(i);
    }
    if (sum < need) continue;
    // Minimal: without any one member it would fall short.
    if (members.every((m) => sum - items[m].idf < need)) sets.push(members);
  }
  return sets;
}

/**
 * The candidate query for a ranking: documents that pass the coverage test (exactly, up to
 * MAX_COVERAGE_ITEMS items) and hold every phrase. The GIN index then skips documents that
 * hold only the query's common words. Empty: nothing can match.
 */
export function candidateQuery(plan: QueryPlan, stats: CorpusStats): string {
  const items = coverageItems(plan, stats);
  const phrases = plan.phrases.map(sequenceQuery);
  const sets = coverageSets(items).map((set) => (set.length === 1 ? items[set[0]].query : `(${set.map((i) => items[i].query).join(' & ')})`));
  const clauses = [...(sets.length ? [sets.length === 1 ? sets[0] : `(${sets.join(' | ')})`] : []), ...phrases];
  return clauses.join(' & ');
}

function sequenceQuery(terms: string[]): string {
  return terms.length === 1 ? quoteLexeme(terms[0]) : `(${terms.map(quoteLexeme).join(' <-> ')})`;
}

/** A sequence's key in `CorpusStats.df` (a symbol's parts in sequence are counted like a lexeme). */
export function phraseKey(terms: string[]): string {
  return terms.join(' ');
}

export interface CorpusStats {
  documents: number;
  averageLength: number;
  /** Documents holding each lexeme, and each symbol's parts in sequence (phraseKey). */
  df: Map<string, number>;
}

export interface Candidate {
  id: number;
  /** BM25 length (syllables). */
  length: number;
  /** Positions of the query's lexemes in this document (missing: absent). */
  postings: Map<string, LexemePostings>;
}

export interface Ranked {
  id: number;
  score: number;
  /** The other names through which it matched, one per expansion (as SearchHit.expansions). */
  expansions?: { form: string; matched: string }[];
}

const P = DEFAULT_SCORING;

function idf(df: number, n: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

/** Term frequency with title occurrences counted titleWeight times. */
function effective(p: LexemePostings | undefined): number {
  if (!p) return 0;
  let e = 0;
  for (const t of p.title) e += t ? P.titleWeight : 1;
  return e;
}

/** Title-weighted occurrences of `terms` in sequence. */
export function sequenceCount(terms: string[], postings: Map<string, LexemePostings>): number {
  const lists = terms.map((t) => postings.get(t));
  if (lists.some((l) => !l)) return 0;
  const first = lists[0]!;
  const sets = lists.map((l) => new Set(l!.positions));
  let c = 0;
  first.positions.forEach((x, i) => {
    for (let j = 1; j < terms.length; j++) if (!sets[j].has(x + j)) return;
    c += first.title[i] ? P.titleWeight : 1;
  });
  return c;
}

/** Title-weighted count of `b` right after `a` (one syllable apart counts pairGap2). */
export function pairCount(a: string, b: string, postings: Map<string, LexemePostings>): number {
  const pa = postings.get(a);
  const pb = postings.get(b);
  if (!pa || !pb) return 0;
  let j = 0;
  let c = 0;
  for (let i = 0; i < pa.positions.length; i++) {
    const x = pa.positions[i];
    while (j < pb.positions.length && pb.positions[j] <= x) j++;
    if (j >= pb.positions.length) break;
    const d = pb.positions[j] - x;
    if (d > 2) continue;
    c += (d === 1 ? 1 : P.pairGap2) * (pa.title[i] ? P.titleWeight : 1);
  }
  return c;
}

/** The candidates that pass the coverage threshold, best first (ties by id), at most `limit`. */
export function rankCandidates(plan: QueryPlan, candidates: readonly Candidate[], stats: CorpusStats, limit: number): Ranked[] {
  const n = Math.max(1, stats.documents);
  const k1 = P.k1;
  const k1p = k1 + 1;
  const avg = Math.max(1, stats.averageLength);
  const idfOf = (key: string) => {
    const df = stats.df.get(key) ?? 0;
    return df > 0 ? idf(df, n) : 0;
  };
  let totalIdf = 0;
  for (const u of plan.unigrams) totalIdf += idfOf(u);
  const symbolIdf = plan.symbols.map((s) => {
    const df = Math.max(stats.df.get(s.whole) ?? 0, stats.df.get(phraseKey(s.parts)) ?? 0);
    return df > 0 ? idf(df, n) : 0;
  });
  for (const x of symbolIdf) totalIdf += x;
  const xw = P.expansionWeight;
  const scoring = expansionScoring(plan, (k) => stats.df.get(k) ?? 0);
  const extendedBy = new Map<string, PlannedExpansion>();
  for (const x of scoring) for (const w of x.words) extendedBy.set(w, x.ex);
  const unionIdf = scoring.map((x) => (x.words.length === 0 ? idfOf(unionKey(x.ex)) : 0));
  for (const x of unionIdf) totalIdf += x;
  const need = totalIdf * P.minCoverage - 1e-9;
  const out: Ranked[] = [];
  for (const cand of candidates) {
    const nrm = k1 * (1 - P.b + (P.b * cand.length) / avg);
    let score = 0;
    let cov = 0;
    // A document counts only when a word, phrase or symbol of the query is in it (the parts of a symbol alone are not).
    let matched = false;
    const alts = scoring.map((x) => alternativesIn(x.ex, cand.postings));
    for (const u of plan.unigrams) {
      // An occurrence of an alternative counts expansionWeight of one of the typed word,
      // saturated with the literal ones (scorer.ts).
      const ex = extendedBy.get(u);
      const x = effective(cand.postings.get(u)) + (ex ? xw * alts[plan.expansions.indexOf(ex)].count : 0);
      if (x === 0) continue;
      const w = idfOf(u);
      score += (w * k1p * x) / (x + nrm);
      cov += w;
      matched = true;
    }
    scoring.forEach((s, i) => {
      const c = s.words.length === 0 ? alts[i].count : 0;
      if (c === 0 || unionIdf[i] === 0) return;
      score += (xw * unionIdf[i] * k1p * c) / (c + nrm);
      cov += unionIdf[i];
      matched = true;
    });
    for (const u of plan.phraseWords) {
      const e = effective(cand.postings.get(u));
      if (e > 0) score += (idfOf(u) * k1p * e) / (e + nrm);
    }
    let phrasesOk = true;
    for (const ph of plan.phrases) {
      const c = sequenceCount(ph, cand.postings);
      if (c === 0) phrasesOk = false;
      // Weighed by the sum of its words' idf, as the embedded index weighs it (core/search/phrases.ts).
      else score += (P.phraseWeight * ph.reduce((x, t) => x + idfOf(t), 0) * k1p * c) / (c + nrm);
      matched = true;
    }
    if (!phrasesOk) continue;
    plan.symbols.forEach((s, i) => {
      const c = Math.max(effective(cand.postings.get(s.whole)), sequenceCount(s.parts, cand.postings));
      if (c === 0) return;
      score += (P.symbolWeight * symbolIdf[i] * k1p * c) / (c + k1);
      cov += symbolIdf[i];
      matched = true;
    });
    if (!matched || cov < need) continue;
    for (const [a, b] of plan.pairs) {
      const c = pairCount(a, b, cand.postings);
      if (c > 0) score += ((P.pairWeight * (idfOf(a) + idfOf(b))) / 2) * k1p * (c / (c + nrm));
    }
    for (const run of plan.runs) {
      const c = sequenceCount(run, cand.postings);
      if (c > 0) score += P.runWeight * run.reduce((x, t) => x + idfOf(t), 0) * k1p * (c / (c + k1));
    }
    const via = scoring.flatMap((s, i) => (alts[i].first !== undefined ? [{ form: s.ex.form, matched: alts[i].first! }] : []));
    out.push(via.length ? { id: cand.id, score, expansions: via } : { id: cand.id, score });
  }
  out.sort((x, y) => y.score - x.score || x.id - y.id);
  return out.slice(0, limit);
}
