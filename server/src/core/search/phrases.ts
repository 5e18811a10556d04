/**
 * Quoted phrases, checked on candidates only (Lucene's two-phase phrase matching).
 *
 * A quoted phrase is required. Finding the documents that hold all of its words is cheap
 * (the streams are read anyway; a look-up per document of the rarest word); checking that
 * the words stand in sequence means decoding every word's positions in that document,
 * which is most of a common phrase's cost ("Việt Nam": 9,000 documents hold both words).
 * So the scorer only approximates: a document holding every word of every phrase is a
 * candidate, ranked by an upper bound of its phrase score; positions are read
 *  - for the documents whose bound can still enter the top k, in decreasing bound order
 *    (a document whose words are not in sequence is dropped, and the next one is taken);
 *  - then for others, only until `exactTotalUpTo` documents are known to match, so that
 *    `total` is exact up to that bound and a lower bound (`totalExact: false`) above it.
 *
 * A phrase's weight is the sum of its words' idf (as Lucene weighs a phrase), not the idf
 * of the phrase's own document frequency: that frequency is only known after checking
 * every candidate, which is the work this module avoids. The words themselves are scored
 * as words by the scorer; the phrase adds phraseWeight x (sum of idf) x BM25 saturation of
 * its title-weighted count.
 */

import { stopIfCancelled } from './cancel';
import { PairSpec, RunSpec, withProximity } from './maxScore';
import { hasAll, sequenceCount } from './proximity';
import { forEachByBound, proximitySpecs } from './rank';
import { Plan, QTerm, SearchState } from './state';
import { TopK } from './topK';

export interface PhraseCheck {
  terms: QTerm[];
  /** phraseWeight x (sum of the words' idf) x (k1 + 1). */
  weight: number;
}

/** The ordinals (ascending) of the documents holding every word of the phrase, in any order. */
export function phraseCandidates(ix: SearchState, terms: QTerm[]): Int32Array {
  let driver = terms[0];
  for (const t of terms) {
    if (t.n === 0) return new Int32Array(0);
    if (t.n < driver.n) driver = t;
  }
  const out = new Int32Array(driver.n);
  let n = 0;
  for (let i = 0; i < driver.n; i++) {
    const ord = driver.ords[i];
    if (hasAll(ix, terms, ord)) out[n++] = ord;
  }
  return out.subarray(0, n);
}

export function phraseCheck(ix: SearchState, terms: QTerm[]): PhraseCheck {
  const idf = terms.reduce((x, t) => x + t.idf, 0);
  return { terms, weight: ix.params.phraseWeight * idf * (ix.params.k1 + 1) };
}

/** Not yet read, read and matching, read and not matching (a candidate's phrase state). */
const UNKNOWN = 0;
const MATCHES = 1;
const FAILS = 2;

export interface PhraseRanking {
  top: TopK;
  /** Documents known to match. */
  total: number;
  /** False when candidates were left unchecked (then `total` >= exactTotalUpTo). */
  exact: boolean;
}

/**
 * The exact top k among the candidates (every phrase's words present, coverage reached,
 * `req[ord] === phrases.length`) and the count of matching documents, reading positions
 * as little as the module header says.
 */
export function rankWithPhrases(
  ix: SearchState,
  plan: Plan,
  phrases: PhraseCheck[],
  touched: Int32Array,
  nTouched: number,
  need: number,
  limit: number,
  isCancelled?: () => boolean,
): PhraseRanking {
  const P = ix.params;
  const k1p = P.k1 + 1;
  const nrm = ix.lengthNorms();
  const { acc, cov, req } = ix;
  const { pairs, runs } = proximitySpecs(ix, plan);

  // The candidates, with an upper bound of each one's full score: its word scores, each
  // phrase at a bound of its count, and the proximity bonuses at their own bounds.
  const wT = P.titleWeight;
  const withBonuses = pairs.length > 0 || runs.length > 0;
  const ords = new Int32Array(nTouched);
  const bounds = new Float64Array(nTouched);
  const proximity = new Float64Array(withBonuses ? nTouched : 0);
  let n = 0;
  for (let i = 0; i < nTouched; i++) {
    const ord = touched[i];
    if (req[ord] !== phrases.length || cov[ord] < need) continue;
    let bound = acc[ord];
    if (withBonuses) {
      proximity[n] = proximityBound(ix, pairs, runs, ord, nrm, k1p);
      bound += proximity[n];
    }
    for (const ph of phrases) {
      // Each occurrence of the phrase starts at an occurrence of its first word, counted
      // alike (title-weighted); and holds an occurrence of every other word, which weighs
      // at most titleWeight where the phrase counts it in the title.
      let c = ix.slotEff[ph.terms[0].slot][ord];
      for (let j = 1; j < ph.terms.length; j++) c = Math.min(c, wT * ix.slotEff[ph.terms[j].slot][ord]);
      bound += (ph.weight * c) / (c + nrm[ord]);
    }
    ords[n] = ord;
    bounds[n] = bound;
    n++;
  }
  const state = new Uint8Array(n);
  const scores = new Float64Array(n);
  let checked = 0;
  let matching = 0;
  /** Reads the document's phrases: its score without proximity into `scores`, or FAILS when a phrase is not in sequence there. */
  const check = (i: number): boolean => {
    if ((++checked & 15) === 0) stopIfCancelled(isCancelled);
    const ord = ords[i];
    let s = acc[ord];
    for (const ph of phrases) {
      const c = sequenceCount(ix, ph.terms, ord);
      if (c === 0) {
        state[i] = FAILS;
        return false;
      }
      s += (ph.weight * c) / (c + nrm[ord]);
    }
    state[i] = MATCHES;
    scores[i] = s;
    matching++;
    return true;
  };

  const top = new TopK(limit);
  if (!P.lazyPhrases) {
    // The specification (tests): every candidate read, every match scored.
    for (let i = 0; i < n; i++) if (check(i)) top.push(ords[i], withProximity(ix, pairs, runs, ords[i], scores[i], nrm));
    return { top, total: matching, exact: true };
  }

  // The count first: candidates are read in turn until exactTotalUpTo are known to match.
  // Those read have exact phrase scores, a floor for the k-th best final score (proximity
  // only adds) and tight bounds.
  const floor = new TopK(limit);
  let i = 0;
  for (; i < n && matching < P.exactTotalUpTo; i++) {
    if (check(i)) {
      floor.push(i, scores[i]);
      bounds[i] = withBonuses ? scores[i] + proximity[i] : scores[i];
    } else bounds[i] = -Infinity;
  }

  // Then the top k, best bounds first, until no bound left can enter (phrases read where
  // not yet). Proximity is read for at most maxEval documents (as rank.ts caps it) unless
  // the top k is not full yet.
  const maxEval = Math.max(P.proximityDocs, 10 * limit);
  let evaluated = 0;
  const theta0 = floor.threshold();
  forEachByBound(bounds, n, theta0 - 1e-9 * Math.abs(theta0), Math.max(64, 4 * limit), ix.boundScratch(n), (i, bound) => {
    // A relative margin: a bound equal to the k-th score up to rounding is still read.
    const theta = Math.max(top.threshold(), floor.threshold());
    if (bound < theta - 1e-9 * Math.abs(theta)) return false;
    if (evaluated >= maxEval && top.threshold() > -Infinity) return false;
    if (state[i] === UNKNOWN && !check(i)) return true;
    evaluated++;
    top.push(ords[i], withProximity(ix, pairs, runs, ords[i], scores[i], nrm));
    return true;
  });
  return { top, total: matching, exact: !state.includes(UNKNOWN) };
}

function proximityBound(ix: SearchState, pairs: PairSpec[], runs: RunSpec[], ord: number, nrm: Float64Array, k1p: number): number {
  let bound = 0;
  for (const p of pairs) {
    if (ix.slotPos[p.a.slot][ord] === 0 || ix.slotPos[p.b.slot][ord] === 0) continue;
    const c = Math.min(ix.slotEff[p.a.slot][ord], 2 * ix.slotEff[p.b.slot][ord]);
    bound += (p.w * k1p * c) / (c + nrm[ord]);
  }
  for (const r of runs) {
    if (!hasAll(ix, r.terms, ord)) continue;
    const c = ix.slotEff[r.terms[0].slot][ord];
    bound += (r.w * k1p * c) / (c + ix.params.k1);
  }
  return bound;
}
