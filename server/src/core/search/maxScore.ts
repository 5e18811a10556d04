/**
 * MaxScore pruning with block-max bounds, for free-word queries (the scorer reads the
 * query's words rarest first, term at a time). Once `exactTotalUpTo` documents surely
 * match (their coverage is reached), the exact total no longer matters, only the top k:
 *
 *  1. a pilot: the `limit` documents with the best partial scores have the words not yet
 *     read probed through the skip data and their full scores (BM25 and proximity)
 *     computed, exactly as the scorer will; the k-th best is a floor θ of the final k-th
 *     best score;
 *  2. before each word, a document not found yet can gain at most the bounds of the words
 *     left (and of the pairs and runs made of them only): below θ, no new document is
 *     taken (the scorer's restricted phase, as with coverage pruning);
 *  3. a document already found can gain at most its partial score plus, per word left, the
 *     block-max bound of the block holding it, plus the bounds of its pairs and runs: below
 *     θ, it is dropped and its postings are no longer decoded (fewer candidates also let
 *     the restricted phase jump over whole blocks).
 *
 * Every pruned document scores below θ, so the hits and scores are those of the unpruned
 * scorer (the specification, `pruneByScore: false`). The total counts what surely matched
 * and is reported as a lower bound.
 */

import { Cursor, blockMaxTable, blockBound, averageLength, readVarint, termBound, termStream } from './blockMax';
import { skipTable } from './postings';
import { hasAll, pairCount, sequenceCount } from './proximity';
import { QTerm, SearchState } from './state';
import { TopK } from './topK';

export interface PairSpec {
  a: QTerm;
  b: QTerm;
  /** pairWeight x mean idf: the bonus is w * k1p * c / (c + norm) for a (title-weighted) count c. */
  w: number;
}

export interface RunSpec {
  terms: QTerm[];
  w: number;
}

/** The proximity bonuses of a document added to `base`, in the scorer's order (so the sums are the same floats). */
export function withProximity(ix: SearchState, pairs: PairSpec[], runs: RunSpec[], ord: number, base: number, nrm: Float64Array): number {
  const k1 = ix.params.k1;
  const k1p = k1 + 1;
  let s = base;
  for (const p of pairs) {
    if (ix.slotPos[p.a.slot][ord] === 0 || ix.slotPos[p.b.slot][ord] === 0) continue;
    const c = pairCount(ix, p.a, p.b, ord);
    if (c > 0) s += (p.w * k1p * c) / (c + nrm[ord]);
  }
  for (const r of runs) {
    if (!hasAll(ix, r.terms, ord)) continue;
    const c = sequenceCount(ix, r.terms, ord);
    if (c > 0) s += (r.w * k1p * c) / (c + k1);
  }
  return s;
}

/** A relative margin below θ, so that a bound equal to θ up to rounding is never pruned. */
function below(x: number, theta: number): boolean {
  return x < theta - 1e-9 * Math.abs(theta);
}

/** The pilot scores this many times `limit` documents: a k-th best among more is closer to the final one. */
const PILOT_FACTOR = 2;

export class MaxScore {
  /** θ: a floor of the final k-th best score (-Infinity until the pilot has run). */
  theta = -Infinity;
  piloted = false;
  private readonly index = new Map<QTerm, number>();
  private bounds: number[] = [];
  private readonly blockUb: (Float64Array | undefined)[] = [];
  private tables: Int32Array[] = [];
  private readonly avg: number;
  private readonly k1p: number;

  /** `terms`: the free words with postings, in the order the scorer reads them. */
  constructor(
    private readonly ix: SearchState,
    private readonly terms: QTerm[],
    private readonly pairs: PairSpec[],
    private readonly runs: RunSpec[],
    private readonly block: number,
  ) {
    this.k1p = ix.params.k1 + 1;
    this.avg = averageLength(ix);
    terms.forEach((q, i) => this.index.set(q, i));
  }

  /** Position of a word in the reading order (words without postings: never read, -1). */
  indexOf(q: QTerm): number {
    return this.at(q);
  }

  private at(q: QTerm): number {
    return this.index.get(q) ?? -1;
  }

  /** The most a document holding none of the words before `j` can score. */
  newDocumentBound(j: number): number {
    let s = 0;
    for (let i = j; i < this.terms.length; i++) s += this.bounds[i];
    for (const p of this.pairs) if (this.at(p.a) >= j && this.at(p.b) >= j) s += p.w * this.k1p;
    for (const r of this.runs) if (r.terms.every((t) => this.at(t) >= j)) s += r.w * this.k1p;
    return s;
  }

  /**
   * The pilot (see above): θ from the full scores of the documents with the best bounds
   * of the last `scan` (PILOT_FACTOR x limit of them), the words from `j` on probed for
   * them. Leaves the slots as it found them.
   */
  pilot(j: number, touched: Int32Array, n: number, ubs: Float64Array, limit: number, need: number, nrm: Float64Array): void {
    const ix = this.ix;
    this.piloted = true;
    const best = new TopK(PILOT_FACTOR * limit);
    for (let i = 0; i < n; i++) best.push(i, ubs[i]);
    const ords = best
      .ids()
      .map((i) => touched[i])
      .sort((x, y) => x - y);
    const probed: [QTerm, number[]][] = [];
    for (let i = j; i < this.terms.length; i++) probed.push([this.terms[i], probeTerm(ix, this.terms[i], ords, this.block)]);
    const scores = new TopK(limit);
    for (const ord of ords) {
      let base = 0;
      let cov = 0;
      for (const q of this.terms) {
        if (ix.slotPos[q.slot][ord] === 0) continue;
        const e = ix.slotEff[q.slot][ord];
        base += (q.idf * this.k1p * e) / (e + nrm[ord]);
        cov += q.idf;
      }
      if (cov < need) continue;
      scores.push(ord, withProximity(ix, this.pairs, this.runs, ord, base, nrm));
    }
    for (const [q, found] of probed) for (const ord of found) ix.slotPos[q.slot][ord] = 0;
    ix.decodedOrd.fill(-1);
    this.theta = Math.max(this.theta, scores.threshold());
  }

  /** Documents dropped so far that had reached their coverage (they match all the same), and those that had not. */
  droppedMatching = 0;
  droppedOthers = 0;

  /**
   * Bounds the documents found before word `j` (those stamped `gen`, in ordinal order for
   * the block cursors): each one's partial score plus, per word left, the block-max bound
   * of its block, plus the bounds of its pairs and runs. Those below θ are dropped
   * (unstamped); the others are written to `touched` in ascending order with their bounds
   * in `ubs`. Returns their count.
   */
  scan(j: number, stamp: Int32Array, gen: number, touched: Int32Array, ubs: Float64Array, acc: Float64Array, cov: Float64Array, need: number, nrm: Float64Array): number {
    this.prepare();
    const ix = this.ix;
    const theta = this.theta;
    const k1 = ix.params.k1;
    const k1p = this.k1p;
    const left = this.terms.length - j;
    // Per word left: its skip data (the block of each document, found in ascending order) and its block bounds.
    const skips: (Int32Array | undefined)[] = [];
    const blockUb: Float64Array[] = [];
    for (let i = j; i < this.terms.length; i++) {
      skips.push(skipTable(ix, this.terms[i].termId, this.block));
      blockUb.push(this.blockBounds(i));
    }
    const cursor = new Int32Array(left);
    // What the words left and every pair and run can add at most, whatever the document.
    let rest = 0;
    for (let i = j; i < this.terms.length; i++) rest += this.bounds[i];
    for (const p of this.pairs) rest += p.w * k1p;
    for (const r of this.runs) rest += r.w * k1p;
    // Pairs and runs as parallel arrays (read words: their slots; words left: null).
    const slotOf = (q: QTerm) => (this.at(q) >= 0 && this.at(q) < j ? q.slot : -1);
    const pw = this.pairs.map((p) => p.w * k1p);
    const posA = this.pairs.map((p) => (slotOf(p.a) >= 0 ? ix.slotPos[p.a.slot] : null));
    const posB = this.pairs.map((p) => (slotOf(p.b) >= 0 ? ix.slotPos[p.b.slot] : null));
    const effA = this.pairs.map((p) => ix.slotEff[p.a.slot]);
    const effB = this.pairs.map((p) => ix.slotEff[p.b.slot]);
    const rw = this.runs.map((r) => r.w * k1p);
    const runPos = this.runs.map((r) => r.terms.filter((t) => slotOf(t) >= 0 || this.at(t) < 0).map((t) => ix.slotPos[t.slot]));
    const runFirst = this.runs.map((r) => (slotOf(r.terms[0]) >= 0 ? ix.slotEff[r.terms[0].slot] : null));
    const nPairs = pw.length;
    const nRuns = rw.length;
    let m = 0;
    for (let ord = 0, nOrd = ix.nOrd; ord < nOrd; ord++) {
      if (stamp[ord] !== gen) continue;
      const base = acc[ord];
      if (below(base + rest, theta)) {
        this.drop(ord, stamp, cov, need);
        continue;
      }
      const nr = nrm[ord];
      let ub = base;
      for (let i = 0; i < left; i++) {
        const sk = skips[i];
        if (sk === undefined) {
          ub += blockUb[i][0];
          continue;
        }
        let c = cursor[i];
        const ns = sk.length >> 1;
        while (c < ns && sk[2 * c] < ord) c++;
        cursor[i] = c;
        ub += blockUb[i][c];
      }
      for (let k = 0; k < nPairs; k++) {
        const pa = posA[k];
        const pb = posB[k];
        let c = Infinity;
        if (pa !== null) {
          if (pa[ord] === 0) continue;
          c = effA[k][ord];
        }
        if (pb !== null) {
          if (pb[ord] === 0) continue;
          c = Math.min(c, 2 * effB[k][ord]);
        }
        ub += c === Infinity ? pw[k] : (pw[k] * c) / (c + nr);
      }
      for (let k = 0; k < nRuns; k++) {
        const ps = runPos[k];
        let all = true;
        for (let i = 0; i < ps.length; i++) if (ps[i][ord] === 0) all = false;
        if (!all) continue;
        const first = runFirst[k];
        if (first !== null) {
          const c = first[ord];
          ub += (rw[k] * c) / (c + k1);
        } else ub += rw[k];
      }
      if (below(ub, theta)) this.drop(ord, stamp, cov, need);
      else {
        ubs[m] = ub;
        touched[m++] = ord;
      }
    }
    return m;
  }

  /** Drops the documents of the last `scan` whose bound is below θ (now known); returns the count kept. */
  dropBelow(stamp: Int32Array, touched: Int32Array, ubs: Float64Array, n: number, cov: Float64Array, need: number): number {
    let m = 0;
    for (let i = 0; i < n; i++) {
      if (below(ubs[i], this.theta)) this.drop(touched[i], stamp, cov, need);
      else {
        ubs[m] = ubs[i];
        touched[m++] = touched[i];
      }
    }
    return m;
  }

  /** The block-max data, only once pruning can pay (built once per term and kept). */
  private prepare(): void {
    if (this.tables.length === this.terms.length) return;
    this.tables = this.terms.map((q) => blockMaxTable(this.ix, q.termId, this.block));
    this.bounds = this.terms.map((q, i) => termBound(this.ix, this.tables[i], q.idf * this.k1p, this.avg));
  }

  private drop(ord: number, stamp: Int32Array, cov: Float64Array, need: number): void {
    stamp[ord] = 0;
    if (cov[ord] >= need) this.droppedMatching++;
    else this.droppedOthers++;
  }

  /** The bound of each block of word i (for a word without skip data, one: the whole term's). */
  private blockBounds(i: number): Float64Array {
    const cached = this.blockUb[i];
    if (cached) return cached;
    const q = this.terms[i];
    const table = this.tables[i];
    const hasSkips = skipTable(this.ix, q.termId, this.block) !== undefined;
    const out = hasSkips ? new Float64Array(table.length >> 1) : Float64Array.of(this.bounds[i]);
    if (hasSkips) for (let b = 0; b < out.length; b++) out[b] = blockBound(this.ix, table, b, q.idf * this.k1p, this.avg);
    this.blockUb[i] = out;
    return out;
  }

  /** True when a document not found before word `j` cannot reach θ. */
  closesNewDocuments(j: number): boolean {
    return below(this.newDocumentBound(j), this.theta);
  }
}

/**
 * Reads a term's postings for the given documents only (ascending), jumping over blocks
 * with the skip data: sets their slots as the scorer's stream loop does; returns the
 * documents found.
 */
export function probeTerm(ix: SearchState, q: QTerm, ords: number[], block: number): number[] {
  const found: number[] = [];
  if (q.termId < 0 || ords.length === 0) return found;
  const buf = termStream(ix, q.termId);
  const end = ix.streamLen[q.termId];
  const skips = skipTable(ix, q.termId, block);
  const nSkips = skips ? skips.length >> 1 : 0;
  const pos = ix.slotPos[q.slot];
  const meta = ix.slotMeta[q.slot];
  const eff = ix.slotEff[q.slot];
  const wT = ix.params.titleWeight - 1;
  const c: Cursor = { buf, rp: 0 };
  const read = () => readVarint(c);
  let ord = -1;
  let si = 0;
  // A merge of the stream with the wanted documents, jumping to the block of the next one.
  let ti = 0;
  while (ti < ords.length) {
    if (skips) {
      const target = ords[ti];
      while (si < nSkips && skips[2 * si] < target) si++;
      if (si > 0 && skips[2 * si - 1] > c.rp) {
        ord = skips[2 * si - 2];
        c.rp = skips[2 * si - 1];
      }
    }
    if (c.rp >= end) break;
    ord += read();
    const h = read();
    const titleTf = h & 1 ? read() : 0;
    let v = 255;
    if (!(h & 2)) v = read();
    else for (let k = read() * 2; k > 0; k--) read();
    const nb = read();
    const start = c.rp;
    c.rp += nb;
    while (ti < ords.length && ords[ti] < ord) ti++;
    if (ti === ords.length || ords[ti] !== ord) continue;
    ti++;
    const tf = h >>> 2;
    pos[ord] = start + 1;
    meta[ord] = tf * 512 + ((h >>> 1) & 1) * 256 + v;
    eff[ord] = tf + wT * titleTf;
    found.push(ord);
  }
  return found;
}
