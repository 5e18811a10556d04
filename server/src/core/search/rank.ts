/**
 * The matching documents (coverage reached; queries with quoted phrases: phrases.ts) and the exact top k
 * among them: the BM25 sums of the scorer plus the proximity bonuses (pairs, runs), read
 * from positions only for documents whose upper bound can still enter. A function of its
 * own (called once per query) so that V8 optimizes it with its own type feedback instead
 * of deoptimizing the scorer's long function at its first unseen branch.
 */

import { stopIfCancelled } from './cancel';
import { PairSpec, RunSpec, withProximity } from './maxScore';
import { Plan, SearchState } from './state';
import { TopK } from './topK';

export function rankMatches(ix: SearchState, plan: Plan, touched: Int32Array, nTouched: number, need: number, limit: number, isCancelled?: () => boolean): { top: TopK; nc: number } {
  const P = ix.params;
  const k1 = P.k1;
  const k1p = k1 + 1;
  const nrm = ix.lengthNorms();
  const acc = ix.acc;
  const cov = ix.cov;
  const cands = ix.cands;
  let nc = 0;
  const { pairs, runs } = proximitySpecs(ix, plan);
  const top = new TopK(limit);
  if (pairs.length === 0 && runs.length === 0) {
    for (let i = 0; i < nTouched; i++) {
      const ord = touched[i];
      if (cov[ord] < need) continue;
      nc++;
      top.push(ord, acc[ord]);
    }
  } else {
    // Exact top-k: upper bounds first; positions are read only where the bound can still
    // beat the k-th best full score.
    const bound = ix.bound;
    const posA = pairs.map((p) => ix.slotPos[p.a.slot]);
    const posB = pairs.map((p) => ix.slotPos[p.b.slot]);
    const effA = pairs.map((p) => ix.slotEff[p.a.slot]);
    const effB = pairs.map((p) => ix.slotEff[p.b.slot]);
    const pw = pairs.map((p) => p.w * k1p);
    const runFirst = runs.map((r) => ix.slotEff[r.terms[0].slot]);
    const runFirstPos = runs.map((r) => ix.slotPos[r.terms[0].slot]);
    const runOthers = runs.map((r) => r.terms.slice(1).map((t) => ix.slotPos[t.slot]));
    const rw = runs.map((r) => r.w * k1p);
    // full >= base for every document, so the k-th best base score is a floor for the
    // final threshold; the best bounds seed the top-k.
    const floor = new TopK(limit);
    const seed = new TopK(limit);
    nc = boundMatches(ix, touched, nTouched, need, { posA, posB, effA, effB, pw, runFirst, runFirstPos, runOthers, rw }, floor, seed);
    let evaluated = 0;
    const full = (i: number) => {
      // Positions are the costly part: ask the host every 16 documents.
      if ((++evaluated & 15) === 0) stopIfCancelled(isCancelled);
      const ord = cands[i];
      top.push(ord, withProximity(ix, pairs, runs, ord, acc[ord], nrm));
    };
    // Then the documents whose bound can still enter, in decreasing bound order, stopping
    // as soon as none can (exact); at most maxEval documents have their positions read.
    for (const i of seed.ids()) {
      full(i);
      bound[i] = -Infinity;
    }
    const thr = Math.max(floor.threshold(), top.threshold());
    const maxEval = Math.max(P.proximityDocs, 10 * limit);
    let read = 0;
    forEachByBound(bound, nc, thr, maxEval, ix.boundScratch(nc), (i, bnd) => {
      if (read >= maxEval || bnd < top.threshold()) return false;
      read++;
      full(i);
      return true;
    });
  }

  return { top, nc };
}

/** The query's pairs and runs whose words are all in the corpus, with their weights. */
export function proximitySpecs(ix: SearchState, plan: Plan): { pairs: PairSpec[]; runs: RunSpec[] } {
  const P = ix.params;
  return {
    pairs: plan.pairs.filter(([a, b]) => a.n > 0 && b.n > 0).map(([a, b]) => ({ a, b, w: (P.pairWeight * (a.idf + b.idf)) / 2 })),
    runs: plan.runs.filter((r) => r.every((t) => t.n > 0)).map((terms) => ({ terms, w: P.runWeight * terms.reduce((x, t) => x + t.idf, 0) })),
  };
}

/** The k-th largest of a[0..n) (1-based k <= n); reorders a. Exported for tests. */
export function kthLargest(a: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  const want = k - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] > pivot) i++;
      while (a[j] < pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (want <= j) hi = j;
    else if (want >= i) lo = i;
    else return a[want];
  }
  return a[want];
}

/**
 * Calls `visit(i, bound)` with the indices of `bounds[0..n)` whose bound is at least `floor`,
 * in decreasing bound order (ties: smaller index first), until it returns false. Consumes
 * `bounds`: a visited index's bound becomes -Infinity (never visited again). The order is
 * built lazily, a chunk at a time (the best `firstChunk` bounds by quickselect, then the
 * next twice as many ...): a query usually stops within the first chunk, and sorting every
 * candidate would cost more than the ranking. `scratch` (length >= n) holds the bounds left
 * while a chunk's cut is chosen.
 */
export function forEachByBound(bounds: Float64Array, n: number, floor: number, firstChunk: number, scratch: Float64Array, visit: (i: number, bound: number) => boolean): void {
  for (let chunk = firstChunk; ; chunk *= 2) {
    let m = 0;
    for (let i = 0; i < n; i++) if (bounds[i] >= floor && bounds[i] !== -Infinity) scratch[m++] = bounds[i];
    if (m === 0) return;
    // The chunk: the bounds above its cut (the chunk-th largest), and as many equal to the
    // cut as fit, smaller indices first; all that are left when they fit.
    const cut = m > chunk ? kthLargest(scratch, m, chunk) : floor;
    let atCut = chunk;
    if (m > chunk) for (let j = 0; j < m; j++) if (scratch[j] > cut) atCut--;
    const picked: number[] = [];
    for (let i = 0; i < n; i++) {
      const b = bounds[i];
      if (b === -Infinity || b < cut) continue;
      if (b === cut && m > chunk) {
        if (atCut <= 0) continue;
        atCut--;
      }
      picked.push(i);
    }
    picked.sort((x, y) => bounds[y] - bounds[x] || x - y);
    for (const i of picked) {
      const b = bounds[i];
      bounds[i] = -Infinity;
      if (!visit(i, b)) return;
    }
    if (m <= chunk) return; // every bound left was in this chunk
  }
}

interface BoundArrays {
  posA: Int32Array[];
  posB: Int32Array[];
  effA: Float64Array[];
  effB: Float64Array[];
  pw: number[];
  runFirst: Float64Array[];
  runFirstPos: Int32Array[];
  runOthers: Int32Array[][];
  rw: number[];
}

/**
 * The matching documents into `ix.cands` with the upper bounds of their proximity bonuses
 * into `ix.bound`; returns their count. The query's hottest loop after the streams', in a
 * function that ends with it (its on-stack-replaced code never meets a branch without
 * type feedback).
 */
function boundMatches(ix: SearchState, touched: Int32Array, nTouched: number, need: number, a: BoundArrays, floor: TopK, seed: TopK): number {
  const k1 = ix.params.k1;
  const nrm = ix.lengthNorms();
  const { acc, cov, cands, bound } = ix;
  const { posA, posB, effA, effB, pw, runFirst, runFirstPos, runOthers, rw } = a;
  const nPairs = pw.length;
  const nRuns = rw.length;
  let nc = 0;
  for (let i = 0; i < nTouched; i++) {
    const ord = touched[i];
    if (cov[ord] < need) continue;
    const base = acc[ord];
    const nr = nrm[ord];
    let bnd = base;
    for (let p = 0; p < nPairs; p++) {
      if (posA[p][ord] === 0 || posB[p][ord] === 0) continue;
      const c = Math.min(effA[p][ord], 2 * effB[p][ord]);
      bnd += (pw[p] * c) / (c + nr);
    }
    for (let r = 0; r < nRuns; r++) {
      if (runFirstPos[r][ord] === 0) continue;
      const c = runFirst[r][ord];
      const others = runOthers[r];
      let all = true;
      for (let j = 0; j < others.length; j++) if (others[j][ord] === 0) all = false;
      if (all) bnd += (rw[r] * c) / (c + k1);
    }
    cands[nc] = ord;
    bound[nc] = bnd;
    floor.push(nc, base);
    seed.push(nc, bnd);
    nc++;
  }
  return nc;
}
