/**
 * The embedded index's state, shared by its parts (postings.ts writes and reads the
 * streams, proximity.ts and scorer.ts rank, image.ts persists): per-term streams, per-
 * document arrays and the query scratch, all typed arrays sized to the ordinal count. Plain
 * fields on one object so that the hot loops in the other modules read them directly.
 */

import { DiskPostings } from './diskPostings';
import { SurfaceTable, TermDictionary } from './dictionary';
import { TokenBuffer } from './scan';

export interface ScoringParams {
  k1: number;
  b: number;
  /** A title occurrence counts this many times. */
  titleWeight: number;
  /** Proximity bonus of two adjacent query syllables found adjacent, times their mean idf. */
  pairWeight: number;
  /** Credit of a pair found one syllable apart ("Nghị quyết số 34") relative to adjacent. */
  pairGap2: number;
  /** Bonus when a whole unquoted run of 3+ syllables occurs as typed, times the sum of its idf. */
  runWeight: number;
  phraseWeight: number;
  symbolWeight: number;
  refWeight: number;
  /**
   * A document found through an expansion (an acronym's long form, a long form's acronym)
   * scores this share of what the typed form would score there with the same frequency
   * (the idf of the typed form, or of the alternative when the typed form is not in the
   * corpus), so expanded matches rank below literal ones.
   */
  expansionWeight: number;
  /** A document matches when it holds this share of the query's idf (quoted phrases are always required). */
  minCoverage: number;
  /**
   * At most this many documents (or 10 x limit) have their positions read for the
   * proximity bonuses, best upper bounds first; the ranking is exact unless the cap is hit.
   */
  proximityDocs: number;
  /** Skip documents that can no longer reach the coverage (same results, less work; off only to test that). */
  pruneByCoverage: boolean;
  /**
   * Postings per skip entry (the ordinal before each block and where it starts), built
   * lazily for the terms read in the restricted phase: once the words left cannot give a
   * new document its coverage, their streams are probed for the documents already found
   * instead of read whole. 0 turns skipping off (same results; off only to test that).
   */
  skipBlock: number;
  /**
   * MaxScore pruning with block-max bounds (maxScore.ts), once `exactTotalUpTo` documents
   * surely match: documents that cannot reach the k-th best score are neither found nor
   * updated (same hits and scores; the total becomes a lower bound). Off by default: on the
   * 35k-article corpus its pilot and bound passes cost as much as they save (QUALITY.md,
   * 2026-12-07); the property test keeps it equal to the unpruned scorer.
   */
  pruneByScore: boolean;
  /** `total` is exact up to this many matching documents; above it, a lower bound (at least this). */
  exactTotalUpTo: number;
  /**
   * Quoted phrases checked on candidates only (phrases.ts): positions are read for the
   * documents that can still enter the top k, then until `exactTotalUpTo` are known to
   * match. Off: every candidate is read (the specification; off only to test that).
   */
  lazyPhrases: boolean;
}

export const DEFAULT_SCORING: ScoringParams = {
  k1: 1.2,
  b: 0.5,
  titleWeight: 3,
  pairWeight: 2,
  pairGap2: 0.3,
  runWeight: 0.5,
  phraseWeight: 1,
  symbolWeight: 1,
  refWeight: 1,
  expansionWeight: 0.8,
  minCoverage: 0.5,
  proximityDocs: 200,
  pruneByCoverage: true,
  skipBlock: 64,
  pruneByScore: false,
  exactTotalUpTo: 1000,
  lazyPhrases: true,
};

/** A query syllable (or whole symbol) resolved against the dictionary, with its matches loaded. */
export interface QTerm {
  slot: number;
  termId: number;
  /** Exact search: only `variant` is accepted (-1: that spelling is not in the corpus). */
  exact: boolean;
  variant: number;
  n: number;
  idf: number;
  ords: Int32Array;
  /** Scored as a single word: 1 counts for coverage (free word), 2 does not (word of a quoted phrase), 0 not scored alone. */
  kind: number;
}

export interface Clause {
  ords: number[];
  values: number[];
}

export interface Plan {
  unigrams: QTerm[];
  /** Words of quoted phrases that are not free words: they rank but do not count for coverage. */
  phraseWords: QTerm[];
  pairs: [QTerm, QTerm][];
  runs: QTerm[][];
  symbols: { parts: QTerm[]; whole: QTerm }[];
  phrases: QTerm[][];
  /** Parts of the query with other names: the part's words and each alternative's words. */
  expansions: { form: string; unit: QTerm[]; alts: { text: string; terms: QTerm[] }[] }[];
}

/** Where the documents of one expansion are: each alternative's documents (ordinals, ascending). */
export interface ExpansionMatch {
  form: string;
  alts: { text: string; ords: number[] }[];
}

export const EMPTY = new Uint8Array(0);

export const EMPTY_I32 = new Int32Array(0);

export function growBytes(a: Uint8Array, min: number, used: number): Uint8Array {
  let size = Math.max(16, a.length * 2);
  while (size < min) size *= 2;
  const b = new Uint8Array(size);
  b.set(a.subarray(0, used));
  return b;
}

export function growI32<T extends Int32Array>(a: T, min: number): T {
  if (a.length >= min) return a;
  let size = Math.max(16, a.length * 2);
  while (size < min) size *= 2;
  const b = new Int32Array(size);
  b.set(a);
  return b as unknown as T;
}

export function idfOf(df: number, live: number): number {
  return Math.log(1 + (live - df + 0.5) / (df + 0.5));
}

export class SearchState {
  params: ScoringParams = { ...DEFAULT_SCORING };
  readonly dict: TermDictionary;
  readonly surfaces: SurfaceTable;
  /**
   * The postings of a search file (terms 0 .. disk.termCount - 1), read on demand; undefined
   * for an index built in memory. Postings added since go to `streams` (the delta).
   */
  disk: DiskPostings | undefined;
  // Per term.
  /**
   * Heap bytes per term: the whole stream, or for a term of `disk` the postings appended
   * after its file bytes (`streamLen` counts both). Read them through postings.ts `termBytes`.
   */
  streams: Uint8Array[] = [];
  /** Term bytes read from `disk` in the current query, joined with their heap part (postings.ts `termBytes`). */
  readonly pinned = new Map<number, Uint8Array>();
  streamLen = new Int32Array(1024);
  lastOrd = new Int32Array(1024);
  /** Documents per term, deleted ones included until `compact` (as Lucene counts them until a merge). */
  termDf = new Int32Array(1024);
  // Per document ordinal.
  nOrd = 0;
  ordDoc = new Int32Array(1024);
  docLen = new Int32Array(1024);
  titleEnd = new Int32Array(1024);
  /** Normalized text length * 2, + 1 when normalization changed nothing (map null: a snippet can skip it). */
  textLen = new Int32Array(1024);
  /** Spans of ordinal o: spanData[spanOff[o] .. spanOff[o+1]) as (start, end, first position) triples. */
  spanOff = new Int32Array(1025);
  spanData = new Int32Array(4096);
  deleted = new Uint8Array(1024);
  deletedCount = 0;
  liveLen = 0;
  /** Adds and removes so far: a host compares it to know whether the index changed since a snapshot. */
  changes = 0;
  readonly ordByDoc = new Map<number, number>();
  /** k1 * (1 - b + b * len / avgLen) per ordinal, rebuilt when the statistics change. */
  lenNorm = new Float64Array(0);
  lenNormKey = '';
  // Indexing scratch.
  readonly tokens = new TokenBuffer();
  tokTerm = new Int32Array(1024);
  tokVar = new Int32Array(1024);
  order = new Int32Array(1024);
  termStamp = new Int32Array(1024);
  termLocal = new Int32Array(1024);
  localTerm = new Int32Array(256);
  localCount = new Int32Array(256);
  localStart = new Int32Array(256);
  localFill = new Int32Array(256);
  scratch = new Uint8Array(1 << 12);
  gen = 0;
  // Query scratch, sized to the ordinal count.
  qGen = 0;
  qStamp = new Int32Array(0);
  acc = new Float64Array(0);
  cov = new Float64Array(0);
  req = new Int32Array(0);
  touched = new Int32Array(0);
  cands = new Int32Array(0);
  bound = new Float64Array(0);
  cStamp = new Int32Array(0);
  cVal = new Float64Array(0);
  cGen = 0;
  slotPos: Int32Array[] = [];
  slotMeta: Int32Array[] = [];
  slotEff: Float64Array[] = [];
  slotOrds: Int32Array[] = [];
  posBufs: Int32Array[] = [];
  decodedOrd: Int32Array = new Int32Array(0);
  decodedN: Int32Array = new Int32Array(0);
  /** Skip data per term (postings.ts `skipTable`): (ordinal before the block, byte offset) pairs, valid for `skipAt[t]` stream bytes and `skipOf` block size. */
  skips: (Int32Array | undefined)[] = [];
  skipAt = new Int32Array(0);
  skipOf = 0;
  /** Block-max data per term (blockMax.ts): (largest tf, shortest length) per block of `blockMaxOf` postings, valid for `blockMaxAt[t]` stream bytes. */
  blockMax: (Int32Array | undefined)[] = [];
  blockMaxAt = new Int32Array(0);
  blockMaxOf = 0;
  /** Candidates of the restricted phase, ascending. */
  candSorted = new Int32Array(0);
  constructor(dict = new TermDictionary()) {
    this.dict = dict;
    this.surfaces = new SurfaceTable(dict);
  }
  get documentCount(): number {
    return this.ordByDoc.size;
  }
  /** Number of distinct terms (folded syllables and symbols). */
  get termCount(): number {
    return this.dict.size;
  }
  /** Bytes of postings in use (in the file and in the heap). */
  get postingBytes(): number {
    let n = 0;
    for (let t = 0; t < this.streams.length; t++) n += this.streamLen[t];
    return n;
  }
  /** Bytes of term t in the search file (0 without one, or for a term added since). */
  diskLen(t: number): number {
    return this.disk === undefined ? 0 : this.disk.length(t);
  }
  /** Bytes of postings held in the heap (the delta of a file-backed index, or everything). */
  get heapPostingBytes(): number {
    let n = 0;
    for (let t = 0; t < this.streams.length; t++) n += this.streamLen[t] - this.diskLen(t);
    return n;
  }
  /**
   * True when a fifth of the ordinals belong to removed documents: `search` will compact
   * first (about a second for 35k files), so a host may prefer to call `compact()` when idle.
   */
  get needsCompaction(): boolean {
    return this.deletedCount > 0 && this.deletedCount * 5 > this.nOrd;
  }
  has(docId: number): boolean {
    return this.ordByDoc.has(docId);
  }
  newOrdinal(docId: number, spans: number[]): number {
    const ord = this.nOrd++;
    if (this.ordDoc.length < this.nOrd) {
      const size = this.ordDoc.length * 2;
      this.ordDoc = growI32(this.ordDoc, size);
      this.docLen = growI32(this.docLen, size);
      this.titleEnd = growI32(this.titleEnd, size);
      this.textLen = growI32(this.textLen, size);
      const d = new Uint8Array(size);
      d.set(this.deleted);
      this.deleted = d;
    }
    this.spanOff = growI32(this.spanOff, this.nOrd + 1);
    const at = this.spanOff[ord];
    this.spanData = growI32(this.spanData, at + spans.length);
    for (let i = 0; i < spans.length; i++) this.spanData[at + i] = spans[i];
    this.spanOff[ord + 1] = at + spans.length;
    this.ordDoc[ord] = docId;
    this.deleted[ord] = 0;
    this.ordByDoc.set(docId, ord);
    return ord;
  }
  ensureTerms(size: number): void {
    if (this.streamLen.length < size) {
      this.streamLen = growI32(this.streamLen, size);
      this.lastOrd = growI32(this.lastOrd, size);
      this.termDf = growI32(this.termDf, size);
      this.termStamp = growI32(this.termStamp, size);
      this.termLocal = growI32(this.termLocal, size);
    }
    while (this.streams.length < size) {
      this.lastOrd[this.streams.length] = -1;
      this.streams.push(EMPTY);
    }
  }
  growLocal(): void {
    const size = this.localTerm.length * 2;
    this.localTerm = growI32(this.localTerm, size);
    this.localCount = growI32(this.localCount, size);
    this.localStart = growI32(this.localStart, size);
    this.localFill = growI32(this.localFill, size);
  }
  /** k1 * (1 - b + b * len / avgLen) per ordinal, for the current statistics. */
  lengthNorms(): Float64Array {
    const live = this.ordByDoc.size;
    const { k1, b } = this.params;
    const key = `${this.nOrd}/${live}/${this.liveLen}/${k1}/${b}`;
    if (key !== this.lenNormKey || this.lenNorm.length < this.nOrd) {
      const avg = Math.max(1, this.liveLen / Math.max(1, live));
      if (this.lenNorm.length < this.nOrd) this.lenNorm = new Float64Array(this.acc.length);
      for (let o = 0; o < this.nOrd; o++) this.lenNorm[o] = k1 * (1 - b + (b * this.docLen[o]) / avg);
      this.lenNormKey = key;
    }
    return this.lenNorm;
  }
  ensureQueryScratch(): void {
    const n = Math.max(16, this.nOrd);
    if (this.acc.length >= n) return;
    const size = Math.max(n, this.acc.length * 2);
    this.acc = new Float64Array(size);
    this.cov = new Float64Array(size);
    this.req = new Int32Array(size);
    this.qStamp = new Int32Array(size);
    this.touched = new Int32Array(size);
    this.cands = new Int32Array(size);
    this.bound = new Float64Array(size);
    this.cStamp = new Int32Array(size);
    this.cVal = new Float64Array(size);
    this.qGen = 0;
    this.cGen = 0;
    this.slotPos = [];
    this.slotMeta = [];
    this.slotEff = [];
    this.slotOrds = [];
  }
  ensureSlots(n: number): void {
    const size = this.acc.length;
    while (this.slotPos.length < n) {
      this.slotPos.push(new Int32Array(size));
      this.slotMeta.push(new Int32Array(size));
      this.slotEff.push(new Float64Array(size));
      this.slotOrds.push(new Int32Array(64));
    }
    while (this.posBufs.length < n) this.posBufs.push(new Int32Array(64));
    if (this.decodedOrd.length < n) {
      this.decodedOrd = new Int32Array(n * 2);
      this.decodedN = new Int32Array(n * 2);
    }
    this.decodedOrd.fill(-1);
  }
  clearSlots(qterms: QTerm[]): void {
    // slotEff and slotMeta are only read where slotPos is set.
    for (const q of qterms) {
      const pos = this.slotPos[q.slot];
      const ords = q.ords;
      for (let i = 0, n = q.n; i < n; i++) pos[ords[i]] = 0;
    }
  }
  seqLens = new Int32Array(8);
  /** Scratch of rank.ts forEachByBound: at least n entries, grown to the ordinal count when needed. */
  boundScratch(n: number): Float64Array {
    if (this.restB.length < n) this.restB = new Float64Array(Math.max(n, this.acc.length));
    return this.restB;
  }
  private restB = new Float64Array(0);
  seqPtr = new Int32Array(8);
}
