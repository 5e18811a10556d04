/**
 * Ranking of database candidates the way the embedded index ranks (core/search/index.ts,
 * DEFAULT_SCORING): BM25 over folded syllables with the title counted three times, a
 * coverage threshold (a document must hold half of the query's idf), required quoted
 * phrases, typed symbols (whole, or their parts in sequence), and proximity bonuses for
 * adjacent query syllables found adjacent (or one apart) and for whole runs of 3+ words.
 *
 * The database finds the candidates (GIN over the tsvector) and returns, per candidate,
 * the positions of the query's lexemes; the statistics (document count, average length,
 * document frequency of each lexeme and phrase) come from the database too. This module
 * only does arithmetic on them. Reference expansion ("Nghị quyết 35" → 35/2016/NQ-CP) is
 * not done here: those queries rank by their words.
 *
 * Pure: no I/O.
 */
import { parseQuery } from '../search/query';
import { DEFAULT_SCORING } from '../search';
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
  /** Every lexeme whose positions the ranking reads. */
  lexemes: string[];
  /** The candidate query: any free word or symbol, and every phrase. Empty: nothing to search. */
  tsquery: string;
}

export function planQuery(query: string, exact: boolean): QueryPlan {
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
  const lexemes = [...new Set([...unigrams, ...phrases.flat(), ...symbols.flatMap((s) => [...s.parts, s.whole])])];
  const seq = (terms: string[]) => (terms.length === 1 ? quoteLexeme(terms[0]) : `(${terms.map(quoteLexeme).join(' <-> ')})`);
  const any = [...[...unigrams].map(quoteLexeme), ...symbols.flatMap((s) => [quoteLexeme(s.whole), seq(s.parts)])];
  const all = phrases.map(seq);
  const clauses = [...(any.length ? [`(${any.join(' | ')})`] : []), ...all];
  const phraseWords = [...new Set(phrases.flat())].filter((w) => !unigrams.has(w));
  return { unigrams: [...unigrams], pairs, runs, phrases, phraseWords, symbols, lexemes, tsquery: clauses.join(' & ') };
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
  for (const u of plan.unigrams) {
    const df = stats.df.get(u) ?? 0;
    if (df > 0) items.push({ query: quoteLexeme(u), idf: idf(df, n) });
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

/** A phrase's key in `CorpusStats.df` (a phrase's document frequency is counted like a lexeme's). */
export function phraseKey(terms: string[]): string {
  return terms.join(' ');
}

export interface CorpusStats {
  documents: number;
  averageLength: number;
  /** Documents holding each lexeme, and each phrase / symbol part sequence (phraseKey). */
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
  const need = totalIdf * P.minCoverage - 1e-9;
  const out: Ranked[] = [];
  for (const cand of candidates) {
    const nrm = k1 * (1 - P.b + (P.b * cand.length) / avg);
    let score = 0;
    let cov = 0;
    // A document counts only when a word, phrase or symbol of the query is in it (the parts of a symbol alone are not).
    let matched = false;
    for (const u of plan.unigrams) {
      const e = effective(cand.postings.get(u));
      if (e === 0) continue;
      const w = idfOf(u);
      score += (w * k1p * e) / (e + nrm);
      cov += w;
      matched = true;
    }
    for (const u of plan.phraseWords) {
      const e = effective(cand.postings.get(u));
      if (e > 0) score += (idfOf(u) * k1p * e) / (e + nrm);
    }
    let phrasesOk = true;
    for (const ph of plan.phrases) {
      const c = sequenceCount(ph, cand.postings);
      if (c === 0) phrasesOk = false;
      else score += (P.phraseWeight * idfOf(phraseKey(ph)) * k1p * c) / (c + nrm);
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
    out.push({ id: cand.id, score });
  }
  out.sort((x, y) => y.score - x.score || x.id - y.id);
  return out.slice(0, limit);
}
