/**
 * Embedded search index: an inverted index with positions over syllables (folded keys),
 * ranked by BM25 with a title boost and proximity bonuses for adjacent query syllables.
 *
 * Layout (compact from the start; figures in test/fixtures/search/QUALITY.md):
 *  - terms are interned folded keys; each term keeps its exact spellings (variants);
 *  - one append-only byte stream per term, in document-ordinal order. Per document:
 *      varint ordinalDelta
 *      varint (tf << 2) | (mixed << 1) | hasTitle
 *      [varint titleTf]        when hasTitle
 *      [varint variant]        when not mixed: every occurrence has this spelling
 *      [varint k, k x (varint variant, varint count)]   when mixed: the spelling histogram
 *      varint positionBytes
 *      positions: varint delta [, varint variant when mixed]
 *    so `exact` search reads the spelling of each posting instead of a second index;
 *  - per document ordinal: external id, length, title length, normalized text length and
 *    the indexed spans (start, end, first position) for snippets;
 *  - remove() marks the ordinal deleted (statistics are for live documents); the streams
 *    are compacted when a fifth of the ordinals are dead.
 *
 * Pure: no I/O. Texts come in with `add` and, for snippets, through `readText`.
 */

import { NormalizedText, normalizeText, toNormalizedOffset } from '../text';
import { SurfaceTable, TermDictionary, exactKeyOf, parseRefSymbol, refKey, termKeyOf } from './dictionary';
import { ParsedQuery, parseQuery } from './query';
import { TokenBuffer, scanSpan } from './scan';
import { SnippetFocus, SnippetQuery, WordSpec, makeSnippet } from './snippet';
import { IndexedDocInput, QueryExpansion, SearchBackend, SearchHitCore, SearchOptions, SearchResultCore } from './types';

export * from './types';
export { parseQuery } from './query';
export { findExpansions } from './expansion';
export type { AcronymLexicon } from './expansion';

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
};

const FORMAT_MAGIC = 0x58534c50; // "PLSX" little-endian
const FORMAT_VERSION = 3;
const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 1000;
/** Snippet window in syllables when choosing where to look. */
const FOCUS_WIDTH = 30;
/** Expansions used per query, alternatives per expansion and words per alternative (bounded query cost). */
const MAX_EXPANSIONS = 4;
const MAX_EXPANSION_ALTERNATIVES = 4;
const MAX_EXPANSION_WORDS = 12;

// ------------------------------------------------------------------ varints (module-local: hot)

// `var`, not `let`: a module-level `let` read in the hot loops pays a hole (TDZ) check per access.
var RP = 0;

function rv(buf: Uint8Array): number {
  let b = buf[RP++];
  if (b < 128) return b;
  let v = b & 127;
  let shift = 7;
  do {
    b = buf[RP++];
    v |= (b & 127) << shift;
    shift += 7;
  } while (b >= 128);
  return v >>> 0;
}

function wv(buf: Uint8Array, p: number, v: number): number {
  while (v > 127) {
    buf[p++] = (v & 127) | 128;
    v >>>= 7;
  }
  buf[p++] = v;
  return p;
}

function growBytes(a: Uint8Array, min: number, used: number): Uint8Array {
  let size = Math.max(16, a.length * 2);
  while (size < min) size *= 2;
  const b = new Uint8Array(size);
  b.set(a.subarray(0, used));
  return b;
}

function growI32<T extends Int32Array>(a: T, min: number): T {
  if (a.length >= min) return a;
  let size = Math.max(16, a.length * 2);
  while (size < min) size *= 2;
  const b = new Int32Array(size);
  b.set(a);
  return b as unknown as T;
}

/** A query syllable (or whole symbol) resolved against the dictionary, with its matches loaded. */
interface QTerm {
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

interface Clause {
  ords: number[];
  values: number[];
}

interface Plan {
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
interface ExpansionMatch {
  form: string;
  alts: { text: string; ords: number[] }[];
}

export class EmbeddedSearchIndex implements SearchBackend {
  params: ScoringParams = { ...DEFAULT_SCORING };

  private readonly dict = new TermDictionary();
  private readonly surfaces = new SurfaceTable(this.dict);

  // Per term.
  private streams: Uint8Array[] = [];
  private streamLen = new Int32Array(1024);
  private lastOrd = new Int32Array(1024);
  /** Documents per term, deleted ones included until `compact` (as Lucene counts them until a merge). */
  private termDf = new Int32Array(1024);

  // Per document ordinal.
  private nOrd = 0;
  private ordDoc = new Int32Array(1024);
  private docLen = new Int32Array(1024);
  private titleEnd = new Int32Array(1024);
  /** Normalized text length * 2, + 1 when normalization changed nothing (map null: a snippet can skip it). */
  private textLen = new Int32Array(1024);
  /** Spans of ordinal o: spanData[spanOff[o] .. spanOff[o+1]) as (start, end, first position) triples. */
  private spanOff = new Int32Array(1025);
  private spanData = new Int32Array(4096);
  private deleted = new Uint8Array(1024);
  private deletedCount = 0;
  private liveLen = 0;
  private readonly ordByDoc = new Map<number, number>();
  /** k1 * (1 - b + b * len / avgLen) per ordinal, rebuilt when the statistics change. */
  private lenNorm = new Float64Array(0);
  private lenNormKey = '';

  // Indexing scratch.
  private readonly tokens = new TokenBuffer();
  private tokTerm = new Int32Array(1024);
  private tokVar = new Int32Array(1024);
  private order = new Int32Array(1024);
  private termStamp = new Int32Array(1024);
  private termLocal = new Int32Array(1024);
  private localTerm = new Int32Array(256);
  private localCount = new Int32Array(256);
  private localStart = new Int32Array(256);
  private localFill = new Int32Array(256);
  private scratch = new Uint8Array(1 << 12);
  private gen = 0;

  // Query scratch, sized to the ordinal count.
  private qGen = 0;
  private qStamp = new Int32Array(0);
  private acc = new Float64Array(0);
  private cov = new Float64Array(0);
  private req = new Int32Array(0);
  private touched = new Int32Array(0);
  private cands = new Int32Array(0);
  private bound = new Float64Array(0);
  private cStamp = new Int32Array(0);
  private cVal = new Float64Array(0);
  private cGen = 0;
  private slotPos: Int32Array[] = [];
  private slotMeta: Int32Array[] = [];
  private slotEff: Float64Array[] = [];
  private slotOrds: Int32Array[] = [];
  private posBufs: Int32Array[] = [];
  private decodedOrd: Int32Array = new Int32Array(0);
  private decodedN: Int32Array = new Int32Array(0);

  get documentCount(): number {
    return this.ordByDoc.size;
  }

  /** Number of distinct terms (folded syllables and symbols). */
  get termCount(): number {
    return this.dict.size;
  }

  /** Bytes of postings in use. */
  get postingBytes(): number {
    let n = 0;
    for (let t = 0; t < this.streams.length; t++) n += this.streamLen[t];
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

  // ---------------------------------------------------------------- indexing

  add(doc: IndexedDocInput): void {
    if (!Number.isInteger(doc.id) || doc.id < -0x80000000 || doc.id > 0x7fffffff) throw new RangeError(`document id ${doc.id} is not a 32-bit integer`);
    if (this.ordByDoc.has(doc.id)) this.remove(doc.id);
    const norm = normalizeText(doc.text);
    const text = norm.text;
    const spans = collectSpans(doc, norm);
    const tokens = this.tokens;
    tokens.reset();
    let pos = 0;
    let titleEnd = 0;
    for (let k = 0; k < spans.length; k += 3) {
      spans[k + 2] = pos;
      pos = scanSpan(text, spans[k], spans[k + 1], pos, tokens);
      if (k === 0 && doc.titleSpan) titleEnd = pos;
      pos++; // no phrase across lines
    }
    const ord = this.newOrdinal(doc.id, spans);
    this.titleEnd[ord] = titleEnd;
    this.textLen[ord] = text.length * 2 + (norm.map === null ? 1 : 0);

    const n = tokens.n;
    if (this.tokTerm.length < n) {
      this.tokTerm = growI32(this.tokTerm, n);
      this.tokVar = growI32(this.tokVar, n);
      this.order = growI32(this.order, n);
    }
    const surfaces = this.surfaces;
    let len = 0;
    for (let k = 0; k < n; k++) {
      const sym = tokens.sym[k] === 1;
      surfaces.resolve(text, tokens.start[k], tokens.end[k], tokens.hash[k], sym, true);
      this.tokTerm[k] = surfaces.term;
      this.tokVar[k] = surfaces.variant;
      if (!sym) len++;
    }
    this.docLen[ord] = len;
    this.liveLen += len;
    this.ensureTerms(this.dict.size);
    this.encodeDocument(ord, n, titleEnd);
  }

  remove(docId: number): void {
    const ord = this.ordByDoc.get(docId);
    if (ord === undefined) return;
    this.ordByDoc.delete(docId);
    this.deleted[ord] = 1;
    this.deletedCount++;
    this.liveLen -= this.docLen[ord];
  }

  private newOrdinal(docId: number, spans: number[]): number {
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

  private ensureTerms(size: number): void {
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

  /** Groups the document's tokens by term (positions stay in order) and appends one entry per term. */
  private encodeDocument(ord: number, n: number, titleEnd: number): void {
    const gen = ++this.gen;
    const tokTerm = this.tokTerm;
    const termStamp = this.termStamp;
    const termLocal = this.termLocal;
    let nLocal = 0;
    for (let k = 0; k < n; k++) {
      const t = tokTerm[k];
      if (termStamp[t] !== gen) {
        termStamp[t] = gen;
        if (nLocal === this.localTerm.length) this.growLocal();
        termLocal[t] = nLocal;
        this.localTerm[nLocal] = t;
        this.localCount[nLocal] = 0;
        nLocal++;
      }
      this.localCount[termLocal[t]]++;
    }
    const localStart = this.localStart;
    const localFill = this.localFill;
    const localCount = this.localCount;
    let at = 0;
    for (let l = 0; l < nLocal; l++) {
      localStart[l] = at;
      localFill[l] = at;
      at += localCount[l];
    }
    const order = this.order;
    for (let k = 0; k < n; k++) order[localFill[termLocal[tokTerm[k]]]++] = k;
    const pos = this.tokens.pos;
    const vars = this.tokVar;
    for (let l = 0; l < nLocal; l++) {
      const t = this.localTerm[l];
      const a = localStart[l];
      const tf = localCount[l];
      const v0 = vars[order[a]];
      let mixed = v0 >= 255 ? 1 : 0;
      let titleTf = 0;
      for (let j = a; j < a + tf; j++) {
        const k = order[j];
        if (pos[k] < titleEnd) titleTf++;
        if (vars[k] !== v0) mixed = 1;
      }
      if (this.scratch.length < tf * 10) this.scratch = new Uint8Array(tf * 20);
      const sc = this.scratch;
      let p = 0;
      let prev = 0;
      for (let j = a; j < a + tf; j++) {
        const k = order[j];
        p = wv(sc, p, pos[k] - prev);
        prev = pos[k];
        if (mixed) p = wv(sc, p, vars[k]);
      }
      let buf = this.streams[t];
      let w = this.streamLen[t];
      const room = w + 25 + p + (mixed ? 10 * tf : 0);
      if (buf.length < room) buf = this.streams[t] = growBytes(buf, room, w);
      w = wv(buf, w, ord - this.lastOrd[t]);
      w = wv(buf, w, tf * 4 + mixed * 2 + (titleTf > 0 ? 1 : 0));
      if (titleTf > 0) w = wv(buf, w, titleTf);
      if (!mixed) w = wv(buf, w, v0);
      else w = this.writeHistogram(buf, w, a, tf);
      w = wv(buf, w, p);
      if (p < 16) for (let i = 0; i < p; i++) buf[w + i] = sc[i];
      else buf.set(sc.subarray(0, p), w);
      this.streamLen[t] = w + p;
      this.lastOrd[t] = ord;
      this.termDf[t]++;
    }
  }

  /** For a document with several spellings of a term: (spelling, count) pairs in order of first use. */
  private writeHistogram(buf: Uint8Array, w: number, a: number, tf: number): number {
    const hv: number[] = [];
    const hc: number[] = [];
    for (let j = a; j < a + tf; j++) {
      const v = this.tokVar[this.order[j]];
      const i = hv.indexOf(v);
      if (i >= 0) hc[i]++;
      else {
        hv.push(v);
        hc.push(1);
      }
    }
    w = wv(buf, w, hv.length);
    for (let i = 0; i < hv.length; i++) {
      w = wv(buf, w, hv[i]);
      w = wv(buf, w, hc[i]);
    }
    return w;
  }

  private growLocal(): void {
    const size = this.localTerm.length * 2;
    this.localTerm = growI32(this.localTerm, size);
    this.localCount = growI32(this.localCount, size);
    this.localStart = growI32(this.localStart, size);
    this.localFill = growI32(this.localFill, size);
  }

  // ---------------------------------------------------------------- compaction

  /**
   * Drops deleted documents from the streams and renumbers ordinals densely; with nothing
   * deleted, trims the spare capacity of the streams (call it after a bulk build).
   */
  compact(): void {
    if (this.deletedCount === 0) {
      for (let t = 0; t < this.streams.length; t++) {
        const len = this.streamLen[t];
        if (this.streams[t].length > len + 16) this.streams[t] = this.streams[t].slice(0, len);
      }
      return;
    }
    const remap = new Int32Array(this.nOrd).fill(-1);
    let live = 0;
    for (let o = 0; o < this.nOrd; o++) if (!this.deleted[o]) remap[o] = live++;
    for (let t = 0; t < this.streams.length; t++) {
      const buf = this.streams[t];
      const end = this.streamLen[t];
      if (end === 0) continue;
      const out = new Uint8Array(end + 8);
      let df = 0;
      let w = 0;
      let ord = -1;
      let last = -1;
      RP = 0;
      while (RP < end) {
        ord += rv(buf);
        const from = RP;
        const h = rv(buf);
        if (h & 1) rv(buf);
        skipVariants(buf, h);
        const nb = rv(buf);
        const to = RP + nb;
        RP = to;
        const nw = remap[ord];
        if (nw < 0) continue;
        w = wv(out, w, nw - last);
        last = nw;
        df++;
        out.set(buf.subarray(from, to), w);
        w += to - from;
      }
      this.streams[t] = w === 0 ? EMPTY : out.slice(0, w);
      this.streamLen[t] = w;
      this.lastOrd[t] = last;
      this.termDf[t] = df;
    }
    const spanOff = new Int32Array(live + 1);
    const spanData = new Int32Array(this.spanOff[this.nOrd]);
    let s = 0;
    for (let o = 0; o < this.nOrd; o++) {
      const nw = remap[o];
      if (nw < 0) continue;
      this.ordDoc[nw] = this.ordDoc[o];
      this.docLen[nw] = this.docLen[o];
      this.titleEnd[nw] = this.titleEnd[o];
      this.textLen[nw] = this.textLen[o];
      for (let i = this.spanOff[o]; i < this.spanOff[o + 1]; i++) spanData[s++] = this.spanData[i];
      spanOff[nw + 1] = s;
    }
    this.spanOff = spanOff;
    this.spanData = spanData.slice(0, s);
    this.deleted = new Uint8Array(this.ordDoc.length);
    this.nOrd = live;
    this.deletedCount = 0;
    this.ordByDoc.clear();
    for (let o = 0; o < live; o++) this.ordByDoc.set(this.ordDoc[o], o);
    this.lenNormKey = '';
  }

  // ---------------------------------------------------------------- search

  search(query: string, opts: SearchOptions, readText: (docId: number) => string): SearchResultCore {
    if (this.needsCompaction) this.compact();
    if (this.ordByDoc.size === 0) return { hits: [], total: 0 };
    const limit = Math.max(1, Math.min(MAX_LIMIT, Math.floor(opts.limit ?? DEFAULT_LIMIT) || DEFAULT_LIMIT));
    const exact = opts.exact === true;
    const pq = parseQuery(query);
    this.ensureQueryScratch();

    // Resolve the query's syllables: one QTerm per distinct (term, spelling in exact mode).
    const qterms: QTerm[] = [];
    const byKey = new Map<string, QTerm>();
    const qterm = (surface: string, isSymbol: boolean): QTerm => {
      const key = termKeyOf(surface);
      const ex = exactKeyOf(surface, isSymbol);
      const mapKey = exact ? key + '\u0001' + ex : key;
      let q = byKey.get(mapKey);
      if (!q) {
        const termId = this.dict.lookup(key);
        const variant = exact && termId >= 0 ? this.dict.variantOf(termId, ex, false) : -1;
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
    if (!exact) plan.expansions = this.planExpansions(pq, opts.expansions ?? [], qterm);
    if (!qterms.length) return { hits: [], total: 0 };

    for (const q of plan.phraseWords) q.kind = 2;
    for (const q of plan.unigrams) q.kind = 1;
    this.ensureSlots(qterms.length);
    try {
      return this.score(pq, qterms, plan, limit, readText);
    } finally {
      this.clearSlots(qterms);
    }
  }

  private score(pq: ParsedQuery, qterms: QTerm[], plan: Plan, limit: number, readText: (docId: number) => string): SearchResultCore {
    const P = this.params;
    const live = this.ordByDoc.size;
    const nrm = this.lengthNorms();
    const k1 = P.k1;
    const k1p = k1 + 1;
    const gen = ++this.qGen;
    const acc = this.acc;
    const cov = this.cov;
    const req = this.req;
    const qStamp = this.qStamp;
    const touched = this.touched;
    let nTouched = 0;
    let totalIdf = 0;

    // Load every query term; single words (and the words of phrases, which rank but do not
    // count for coverage) are scored in the same pass over the stream.
    const nAll = this.nOrd;
    const wT = P.titleWeight - 1;
    const deleted = this.deleted;
    const anyDeleted = this.deletedCount > 0;
    // Free words only (no phrase, symbol or reference; default mode): rarest first, and once
    // the words left cannot give a new document the coverage it needs, their streams only
    // update documents already found (the total stays exact).
    const freeOnly = P.pruneByCoverage && plan.phrases.length === 0 && plan.expansions.length === 0 && plan.symbols.length === 0 && pq.refs.length === 0 && qterms.every((q) => !q.exact && q.kind === 1);
    let remaining = Infinity;
    let needEarly = -Infinity;
    if (qterms.every((q) => !q.exact)) {
      // Rarest first (also without pruning, so that scores are summed in the same order).
      for (const q of qterms) q.idf = q.termId >= 0 && this.termDf[q.termId] > 0 ? idfOf(this.termDf[q.termId], nAll) : 0;
      qterms = [...qterms].sort((x, y) => y.idf - x.idf || x.slot - y.slot);
    }
    if (freeOnly) {
      remaining = qterms.reduce((x, q) => x + q.idf, 0);
      needEarly = remaining * P.minCoverage - 1e-9;
    }
    for (const q of qterms) {
      const restricted = remaining < needEarly;
      if (freeOnly) remaining -= q.idf;
      if (q.exact) {
        // The df of a spelling is only known after reading the stream.
        this.loadTerm(q);
        q.idf = idfOf(q.n, live);
        if (q.kind === 0 || q.n === 0) continue;
        const c = q.kind === 1 ? q.idf : 0;
        totalIdf += c;
        const w = q.idf * k1p;
        const eff = this.slotEff[q.slot];
        const ords = q.ords;
        for (let i = 0, n = q.n; i < n; i++) {
          const ord = ords[i];
          if (qStamp[ord] !== gen) {
            qStamp[ord] = gen;
            acc[ord] = 0;
            cov[ord] = 0;
            req[ord] = 0;
            touched[nTouched++] = ord;
          }
          const tf = eff[ord];
          acc[ord] += (w * tf) / (tf + nrm[ord]);
          cov[ord] += c;
        }
        continue;
      }
      q.n = 0;
      if (q.termId < 0) continue;
      q.idf = idfOf(this.termDf[q.termId], nAll);
      const c = q.kind === 1 ? q.idf : 0;
      const w = q.kind === 0 ? 0 : q.idf * k1p;
      const buf = this.streams[q.termId];
      const end = this.streamLen[q.termId];
      const pos = this.slotPos[q.slot];
      const meta = this.slotMeta[q.slot];
      const eff = this.slotEff[q.slot];
      let ords = this.slotOrds[q.slot];
      if (ords.length < this.termDf[q.termId]) ords = this.slotOrds[q.slot] = growI32(ords, this.termDf[q.termId]);
      let n = 0;
      let ord = -1;
      // The varints are read inline with a local cursor (this loop is most of a query's
      // time; the module-level RP would be a context slot read and written per byte).
      let rp = 0;
      let b = 0;
      let x = 0;
      let sh = 0;
      while (rp < end) {
        b = buf[rp++];
        if (b < 128) x = b;
        else {
          x = b & 127;
          sh = 7;
          do {
            b = buf[rp++];
            x |= (b & 127) << sh;
            sh += 7;
          } while (b >= 128);
          x >>>= 0;
        }
        ord += x;
        b = buf[rp++];
        if (b < 128) x = b;
        else {
          x = b & 127;
          sh = 7;
          do {
            b = buf[rp++];
            x |= (b & 127) << sh;
            sh += 7;
          } while (b >= 128);
          x >>>= 0;
        }
        const h = x;
        const tf = h >>> 2;
        const mixed = (h >>> 1) & 1;
        let titleTf = 0;
        if (h & 1) {
          b = buf[rp++];
          if (b < 128) x = b;
          else {
            x = b & 127;
            sh = 7;
            do {
              b = buf[rp++];
              x |= (b & 127) << sh;
              sh += 7;
            } while (b >= 128);
            x >>>= 0;
          }
          titleTf = x;
        }
        // A variant byte or, for a mixed document, a histogram (count, then count pairs).
        b = buf[rp++];
        if (b < 128) x = b;
        else {
          x = b & 127;
          sh = 7;
          do {
            b = buf[rp++];
            x |= (b & 127) << sh;
            sh += 7;
          } while (b >= 128);
          x >>>= 0;
        }
        let v = 255;
        if (!mixed) v = x;
        else for (let k = x * 2; k > 0; k--) while (buf[rp++] >= 128);
        b = buf[rp++];
        if (b < 128) x = b;
        else {
          x = b & 127;
          sh = 7;
          do {
            b = buf[rp++];
            x |= (b & 127) << sh;
            sh += 7;
          } while (b >= 128);
          x >>>= 0;
        }
        const start = rp;
        rp = start + x;
        if ((anyDeleted && deleted[ord] === 1) || (restricted && qStamp[ord] !== gen)) continue;
        const e = tf + wT * titleTf;
        ords[n++] = ord;
        pos[ord] = start + 1;
        meta[ord] = tf * 512 + mixed * 256 + v;
        eff[ord] = e;
        if (w !== 0) {
          if (qStamp[ord] !== gen) {
            qStamp[ord] = gen;
            acc[ord] = 0;
            cov[ord] = 0;
            req[ord] = 0;
            touched[nTouched++] = ord;
          }
          acc[ord] += (w * e) / (e + nrm[ord]);
          cov[ord] += c;
        }
      }
      q.n = n;
      q.ords = ords;
      if (this.termDf[q.termId] > 0) totalIdf += c;
    }
    const clause = (c: Clause, weight: number, lengthNorm: boolean, coverage: number, required: boolean, idf = idfOf(c.ords.length, live)) => {
      const w = weight * idf * k1p;
      for (let i = 0; i < c.ords.length; i++) {
        const ord = c.ords[i];
        if (qStamp[ord] !== gen) {
          qStamp[ord] = gen;
          acc[ord] = 0;
          cov[ord] = 0;
          req[ord] = 0;
          touched[nTouched++] = ord;
        }
        const tf = c.values[i];
        acc[ord] += (w * tf) / (tf + (lengthNorm ? nrm[ord] : k1));
        cov[ord] += coverage;
        if (required) req[ord]++;
      }
    };
    // Quoted phrases: required.
    for (const ph of plan.phrases) {
      const c = this.phraseClause(ph);
      if (c.ords.length === 0) return { hits: [], total: 0 };
      clause(c, P.phraseWeight, true, 0, true);
    }
    // Typed symbols: the whole symbol term, or its parts in sequence. Identifiers are not
    // diluted by a long text (saturation only).
    for (const s of plan.symbols) {
      const c = this.symbolClause(s.parts, s.whole);
      if (c.ords.length === 0) continue;
      const idf = idfOf(c.ords.length, live);
      totalIdf += idf;
      clause(c, P.symbolWeight, false, idf, false);
    }
    // "Nghị quyết 34" → reference symbols 34-NQ/TW, 35/2016/NQ-CP ...: a match on its own.
    for (const ref of pq.refs) {
      const c = this.refClause(ref.number, ref.codes, ref.year);
      if (c.ords.length) clause(c, P.refWeight, false, Infinity, false);
    }

    // Other names of parts of the query (an acronym's long forms, a long form's acronym):
    // an occurrence of an alternative counts as expansionWeight of an occurrence of each
    // word of the typed form, saturated together with the literal occurrences (as Lucene's
    // SynonymQuery sums frequencies), so a literal match with the same frequency ranks
    // first and a document holding both is not counted twice. When the typed form is not in
    // the corpus ("CSP"), the alternatives are scored as one term with their own idf.
    const expanded: ExpansionMatch[] = [];
    const usedWords = new Set<QTerm>();
    const xw = P.expansionWeight;
    for (const ex of plan.expansions) {
      const { clause: c, alts } = this.expansionClause(ex.alts);
      expanded.push({ form: ex.form, alts });
      if (c.ords.length === 0) continue;
      const words = [...new Set(ex.unit)].filter((t) => t.kind === 1 && t.n > 0 && !usedWords.has(t));
      if (words.length === 0) {
        const idf = idfOf(c.ords.length, live);
        totalIdf += idf;
        clause(c, xw, true, idf, false, idf);
        continue;
      }
      for (const t of words) {
        usedWords.add(t);
        const eff = this.slotEff[t.slot];
        const pos = this.slotPos[t.slot];
        const w = t.idf * k1p;
        for (let i = 0; i < c.ords.length; i++) {
          const ord = c.ords[i];
          if (qStamp[ord] !== gen) {
            qStamp[ord] = gen;
            acc[ord] = 0;
            cov[ord] = 0;
            req[ord] = 0;
            touched[nTouched++] = ord;
          }
          const e = pos[ord] !== 0 ? eff[ord] : 0;
          if (e > 0) acc[ord] -= (w * e) / (e + nrm[ord]);
          else cov[ord] += t.idf;
          const x = e + xw * c.values[i];
          acc[ord] += (w * x) / (x + nrm[ord]);
        }
      }
    }

    // Matching documents (total), with the upper bound of their proximity bonuses.
    const nPhrases = plan.phrases.length;
    const need = totalIdf * P.minCoverage - 1e-9;
    const cands = this.cands;
    let nc = 0;
    const pairs = plan.pairs.filter(([a, b]) => a.n > 0 && b.n > 0).map(([a, b]) => ({ a, b, w: (P.pairWeight * (a.idf + b.idf)) / 2 }));
    const runs = plan.runs.filter((r) => r.every((t) => t.n > 0)).map((terms) => ({ terms, w: P.runWeight * terms.reduce((x, t) => x + t.idf, 0) }));
    const top = new TopK(limit);
    if (pairs.length === 0 && runs.length === 0) {
      for (let i = 0; i < nTouched; i++) {
        const ord = touched[i];
        if (req[ord] !== nPhrases || cov[ord] < need) continue;
        nc++;
        top.push(ord, acc[ord]);
      }
    } else {
      // Exact top-k: upper bounds first; positions are read only where the bound can still
      // beat the k-th best full score.
      const bound = this.bound;
      const nPairs = pairs.length;
      const posA = pairs.map((p) => this.slotPos[p.a.slot]);
      const posB = pairs.map((p) => this.slotPos[p.b.slot]);
      const effA = pairs.map((p) => this.slotEff[p.a.slot]);
      const effB = pairs.map((p) => this.slotEff[p.b.slot]);
      const pw = pairs.map((p) => p.w * k1p);
      const nRuns = runs.length;
      const runFirst = runs.map((r) => this.slotEff[r.terms[0].slot]);
      const runFirstPos = runs.map((r) => this.slotPos[r.terms[0].slot]);
      const runOthers = runs.map((r) => r.terms.slice(1).map((t) => this.slotPos[t.slot]));
      const rw = runs.map((r) => r.w * k1p);
      // full >= base for every document, so the k-th best base score is a floor for the
      // final threshold; the best bounds seed the top-k.
      const floor = new TopK(limit);
      const seed = new TopK(limit);
      for (let i = 0; i < nTouched; i++) {
        const ord = touched[i];
        if (req[ord] !== nPhrases || cov[ord] < need) continue;
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
      const full = (i: number) => {
        const ord = cands[i];
        let s = acc[ord];
        for (const p of pairs) {
          if (this.slotPos[p.a.slot][ord] === 0 || this.slotPos[p.b.slot][ord] === 0) continue;
          const c = this.pairCount(p.a, p.b, ord);
          if (c > 0) s += (p.w * k1p * c) / (c + nrm[ord]);
        }
        for (const r of runs) {
          if (!this.hasAll(r.terms, ord)) continue;
          const c = this.sequenceCount(r.terms, ord);
          if (c > 0) s += (r.w * k1p * c) / (c + k1);
        }
        top.push(ord, s);
      };
      // Then the documents whose bound can still enter, in decreasing bound order, stopping
      // as soon as none can (exact); at most maxEval documents have their positions read.
      for (const i of seed.ids()) {
        full(i);
        bound[i] = -Infinity;
      }
      const thr = Math.max(floor.threshold(), top.threshold());
      const maxEval = Math.max(P.proximityDocs, 10 * limit);
      let rest: number[] = [];
      let m = 0;
      const restB = this.restB.length >= nc ? this.restB : (this.restB = new Float64Array(this.acc.length));
      for (let i = 0; i < nc; i++) if (bound[i] >= thr && bound[i] !== -Infinity) restB[m++] = bound[i];
      // The maxEval best bounds (quickselect), then in decreasing order.
      const cut = m > maxEval ? kthLargest(restB, m, maxEval) : -Infinity;
      let atCut = m > maxEval ? maxEval - countAbove(restB, m, cut) : 0;
      for (let i = 0; i < nc; i++) {
        const bnd = bound[i];
        if (bnd === -Infinity || bnd < thr || bnd < cut) continue; // -Infinity: a seed, done
        if (bnd === cut && m > maxEval) {
          if (atCut <= 0) continue;
          atCut--;
        }
        rest.push(i);
      }
      rest = rest.sort((x, y) => bound[y] - bound[x] || x - y);
      for (const i of rest) {
        if (bound[i] < top.threshold()) break;
        full(i);
      }
    }

    // Snippets.
    const sq = this.snippetQuery(plan, pq);
    const hits: SearchHitCore[] = [];
    for (const { id: ord, score } of top.sorted()) {
      const docId = this.ordDoc[ord];
      let text = '';
      try {
        text = readText(docId);
      } catch {
        text = '';
      }
      const from = this.spanOff[ord];
      const to = this.spanOff[ord + 1];
      const known = this.textLen[ord];
      // A text that needed no normalization when indexed and has the same length is taken
      // as is (Ð is folded by the term keys anyway); otherwise normalize it again.
      const norm: NormalizedText = known & 1 && text.length === known >>> 1 ? { text, map: null } : normalizeText(text);
      const focus = norm.text.length === known >>> 1 ? this.focus(plan, ord, from, to) : undefined;
      const snip = makeSnippet(text, norm, this.spanData, from, to, this.surfaces, sq, focus);
      const via = expansionsOf(expanded, ord);
      hits.push(via.length ? { docId, score, ...snip, expansions: via } : { docId, score, ...snip });
    }
    return { hits, total: nc };
  }

  private hasAll(terms: QTerm[], ord: number): boolean {
    for (const t of terms) if (this.slotPos[t.slot][ord] === 0) return false;
    return true;
  }

  /** k1 * (1 - b + b * len / avgLen) per ordinal, for the current statistics. */
  private lengthNorms(): Float64Array {
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

  /**
   * Where to look for the snippet, from the index: the span and the window of at most
   * FOCUS_WIDTH syllables holding the most distinct query weight.
   */
  private focus(plan: Plan, ord: number, from: number, to: number): SnippetFocus | undefined {
    const terms = [...plan.unigrams, ...plan.phraseWords];
    for (const s of plan.symbols) terms.push(...s.parts);
    for (const e of plan.expansions) for (const a of e.alts) terms.push(...a.terms);
    const ps: number[] = [];
    const qs: number[] = [];
    const unique = [...new Set(terms)].filter((t) => t.n > 0 && this.slotPos[t.slot][ord] !== 0);
    unique.forEach((t, qi) => {
      const n = this.positions(t, ord);
      const buf = this.posBufs[t.slot];
      for (let i = 0; i < n; i++) {
        ps.push(buf[i]);
        qs.push(qi);
      }
    });
    if (!ps.length) return undefined;
    const idx = ps.map((_, i) => i).sort((x, y) => ps[x] - ps[y] || qs[x] - qs[y]);
    // Span of each position (spans are in position order).
    const span = new Int32Array(idx.length);
    let k = from;
    for (let m = 0; m < idx.length; m++) {
      while (k + 3 < to && this.spanData[k + 5] <= ps[idx[m]]) k += 3;
      span[m] = k;
    }
    const count = new Int32Array(unique.length);
    let best = -1;
    let bestI = 0;
    let bestJ = 0;
    let j = 0;
    let score = 0;
    // Sliding window inside one span: distinct weight plus a little per repeat.
    for (let i = 0; i < idx.length; i++) {
      if (j <= i) {
        j = i;
        score = 0;
        count.fill(0);
      }
      while (j < idx.length && span[j] === span[i] && ps[idx[j]] - ps[idx[i]] < FOCUS_WIDTH) {
        const q = qs[idx[j]];
        score += count[q]++ === 0 ? unique[q].idf : unique[q].idf * 0.05;
        j++;
      }
      if (score > best + 1e-9) {
        best = score;
        bestI = i;
        bestJ = j - 1;
      }
      const q = qs[idx[i]];
      score -= --count[q] === 0 ? unique[q].idf : unique[q].idf * 0.05;
    }
    const lo = ps[idx[bestI]];
    const hi = ps[idx[bestJ]];
    return { span: span[bestI], lo, hi };
  }

  private snippetQuery(plan: Plan, pq: ParsedQuery): SnippetQuery {
    let q = 0;
    const put = (m: Map<number, WordSpec[]>, term: number, spec: WordSpec) => {
      const list = m.get(term);
      if (list) list.push(spec);
      else m.set(term, [spec]);
    };
    const words = new Map<number, WordSpec[]>();
    for (const u of plan.unigrams) if (u.termId >= 0 && u.n > 0) put(words, u.termId, { q: q++, weight: u.idf, variant: u.exact ? u.variant : -1 });
    const sequences: SnippetQuery['sequences'] = [];
    const seqOf = (terms: QTerm[]) => {
      if (terms.some((t) => t.termId < 0)) return;
      sequences.push({
        terms: terms.map((t) => ({ termId: t.termId, variant: t.exact ? t.variant : -1 })),
        q: q++,
        weight: terms.reduce((s, t) => s + t.idf, 0),
      });
    };
    plan.phrases.forEach(seqOf);
    // Alternatives found through an expansion: highlighted where the whole form occurs, so
    // the snippet shows which name matched.
    for (const e of plan.expansions) for (const a of e.alts) seqOf(a.terms);
    const syms = new Map<number, WordSpec[]>();
    for (const s of plan.symbols) {
      seqOf(s.parts);
      if (s.whole.termId >= 0) put(syms, s.whole.termId, { q: q++, weight: s.whole.idf + 1, variant: s.whole.exact ? s.whole.variant : -1 });
    }
    for (const ref of pq.refs) {
      const unit = q++;
      for (const t of this.refTerms(ref.number, ref.codes, ref.year)) put(syms, t, { q: unit, weight: 5, variant: -1 });
    }
    return { words, sequences, symbols: syms, units: q };
  }

  // ---------------------------------------------------------------- query helpers

  private ensureQueryScratch(): void {
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

  private ensureSlots(n: number): void {
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

  private clearSlots(qterms: QTerm[]): void {
    // slotEff and slotMeta are only read where slotPos is set.
    for (const q of qterms) {
      const pos = this.slotPos[q.slot];
      const ords = q.ords;
      for (let i = 0, n = q.n; i < n; i++) pos[ords[i]] = 0;
    }
  }

  /** Reads a term's stream: for each live document it matches, where its positions are and its (title-weighted) tf. */
  private loadTerm(q: QTerm): void {
    q.n = 0;
    if (q.termId < 0 || (q.exact && q.variant < 0)) return;
    const buf = this.streams[q.termId];
    const end = this.streamLen[q.termId];
    const pos = this.slotPos[q.slot];
    const meta = this.slotMeta[q.slot];
    const eff = this.slotEff[q.slot];
    let ords = this.slotOrds[q.slot];
    const deleted = this.deleted;
    const wT = this.params.titleWeight - 1;
    const exact = q.exact;
    const want = q.variant;
    let n = 0;
    let ord = -1;
    RP = 0;
    while (RP < end) {
      ord += rv(buf);
      const h = rv(buf);
      const tf = h >>> 2;
      const mixed = (h >>> 1) & 1;
      const titleTf = h & 1 ? rv(buf) : 0;
      let v = 255;
      let m = 0;
      if (!mixed) v = rv(buf);
      else {
        // Spelling histogram: the count of the wanted spelling without reading positions.
        for (let k = rv(buf); k > 0; k--) {
          const hv = rv(buf);
          const hc = rv(buf);
          if (hv === want) m = hc;
        }
      }
      const nb = rv(buf);
      const start = RP;
      RP = start + nb;
      if (deleted[ord] === 1) continue;
      let e = tf + wT * titleTf;
      if (exact) {
        if (!mixed) {
          if (v !== want) continue;
        } else if (m === 0) {
          continue;
        } else if (titleTf === 0) {
          e = m;
        } else {
          // Count the occurrences with the wanted spelling.
          const save = RP;
          RP = start;
          const te = this.titleEnd[ord];
          let p = 0;
          m = 0;
          let mt = 0;
          for (let i = 0; i < tf; i++) {
            p += rv(buf);
            if (rv(buf) === want) {
              m++;
              if (p < te) mt++;
            }
          }
          RP = save;
          if (m === 0) continue;
          e = m + wT * mt;
        }
      }
      if (n === ords.length) ords = this.slotOrds[q.slot] = growI32(ords, n + 1);
      ords[n++] = ord;
      pos[ord] = start + 1;
      meta[ord] = tf * 512 + mixed * 256 + v;
      eff[ord] = e;
    }
    q.n = n;
    q.ords = ords;
  }

  /** Positions of a loaded term in a document (into posBufs[slot], cached per document), spelling-filtered in exact mode. */
  private positions(q: QTerm, ord: number): number {
    const key = q.slot;
    if (this.decodedOrd[key] === ord) return this.decodedN[key];
    const ps = this.slotPos[q.slot][ord];
    if (ps === 0) return 0;
    const meta = this.slotMeta[q.slot][ord];
    const tf = meta >>> 9;
    const mixed = (meta >>> 8) & 1;
    let out = this.posBufs[q.slot];
    if (out.length < tf) out = this.posBufs[q.slot] = new Int32Array(tf * 2);
    const buf = this.streams[q.termId];
    // Local cursor, varints inline (as in the scoring pass).
    let rp = ps - 1;
    let p = 0;
    let n = 0;
    const exact = q.exact;
    const want = q.variant;
    let b = 0;
    let x = 0;
    let sh = 0;
    for (let i = 0; i < tf; i++) {
      b = buf[rp++];
      if (b < 128) x = b;
      else {
        x = b & 127;
        sh = 7;
        do {
          b = buf[rp++];
          x |= (b & 127) << sh;
          sh += 7;
        } while (b >= 128);
        x >>>= 0;
      }
      p += x;
      if (mixed) {
        b = buf[rp++];
        if (b < 128) x = b;
        else {
          x = b & 127;
          sh = 7;
          do {
            b = buf[rp++];
            x |= (b & 127) << sh;
            sh += 7;
          } while (b >= 128);
          x >>>= 0;
        }
        if (exact && x !== want) continue;
      }
      out[n++] = p;
    }
    this.decodedOrd[key] = ord;
    this.decodedN[key] = n;
    return n;
  }

  /** Title-weighted count of `b` right after `a` (one syllable apart counts `pairGap2`). */
  private pairCount(a: QTerm, b: QTerm, ord: number): number {
    const na = this.positions(a, ord);
    const nb = a === b ? na : this.positions(b, ord);
    const pa = this.posBufs[a.slot];
    const pb = this.posBufs[b.slot];
    const te = this.titleEnd[ord];
    const wT = this.params.titleWeight;
    const g2 = this.params.pairGap2;
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
  private sequenceCount(terms: QTerm[], ord: number): number {
    const k = terms.length;
    if (k === 1) return this.slotEff[terms[0].slot][ord];
    const lens = this.seqLens.length >= k ? this.seqLens : (this.seqLens = new Int32Array(k * 2));
    const ptr = this.seqPtr.length >= k ? this.seqPtr : (this.seqPtr = new Int32Array(k * 2));
    for (let j = 0; j < k; j++) {
      const n = this.positions(terms[j], ord);
      if (n === 0) return 0;
      lens[j] = n;
      ptr[j] = 0;
    }
    const te = this.titleEnd[ord];
    const wT = this.params.titleWeight;
    const p0 = this.posBufs[terms[0].slot];
    let c = 0;
    outer: for (let i = 0; i < lens[0]; i++) {
      const x = p0[i];
      for (let j = 1; j < k; j++) {
        const target = x + j;
        const buf = this.posBufs[terms[j].slot];
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
  private seqLens = new Int32Array(8);
  private restB = new Float64Array(0);
  private seqPtr = new Int32Array(8);

  private phraseClause(terms: QTerm[]): Clause {
    const out: Clause = { ords: [], values: [] };
    let driver = terms[0];
    for (const t of terms) {
      if (t.n === 0) return out;
      if (t.n < driver.n) driver = t;
    }
    for (let i = 0; i < driver.n; i++) {
      const ord = driver.ords[i];
      if (!this.hasAll(terms, ord)) continue;
      const c = this.sequenceCount(terms, ord);
      if (c > 0) {
        out.ords.push(ord);
        out.values.push(c);
      }
    }
    return out;
  }

  /** Documents holding any alternative (in sequence), with the largest count; and each alternative's documents. */
  private expansionClause(alts: { text: string; terms: QTerm[] }[]): { clause: Clause; alts: ExpansionMatch['alts'] } {
    const g = ++this.cGen;
    const seen: number[] = [];
    const perAlt: ExpansionMatch['alts'] = [];
    for (const a of alts) {
      const c = this.phraseClause(a.terms);
      perAlt.push({ text: a.text, ords: c.ords });
      for (let i = 0; i < c.ords.length; i++) {
        const ord = c.ords[i];
        if (this.cStamp[ord] !== g) {
          this.cStamp[ord] = g;
          this.cVal[ord] = 0;
          seen.push(ord);
        }
        if (c.values[i] > this.cVal[ord]) this.cVal[ord] = c.values[i];
      }
    }
    seen.sort((x, y) => x - y);
    return { clause: { ords: seen, values: seen.map((o) => this.cVal[o]) }, alts: perAlt };
  }

  /** The expansions whose form is a run of words of an unquoted part of the query, with their alternatives' terms. */
  private planExpansions(pq: ParsedQuery, expansions: readonly QueryExpansion[], qterm: (surface: string, isSymbol: boolean) => QTerm): Plan['expansions'] {
    const out: Plan['expansions'] = [];
    for (const ex of expansions.slice(0, MAX_EXPANSIONS)) {
      const formKeys = wordsOf(ex.form).map(termKeyOf);
      if (!formKeys.length) continue;
      let unit: QTerm[] | undefined;
      for (const seg of pq.free) {
        const at = indexOfRun(
          seg.words.map((w) => termKeyOf(w.surface)),
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

  private symbolClause(parts: QTerm[], whole: QTerm): Clause {
    const g = ++this.cGen;
    const seen: number[] = [];
    const put = (ord: number, v: number) => {
      if (this.cStamp[ord] !== g) {
        this.cStamp[ord] = g;
        this.cVal[ord] = 0;
        seen.push(ord);
      }
      if (v > this.cVal[ord]) this.cVal[ord] = v;
    };
    const byParts = this.phraseClause(parts);
    for (let i = 0; i < byParts.ords.length; i++) put(byParts.ords[i], byParts.values[i]);
    const eff = this.slotEff[whole.slot];
    for (let i = 0; i < whole.n; i++) put(whole.ords[i], eff[whole.ords[i]]);
    seen.sort((x, y) => x - y);
    return { ords: seen, values: seen.map((o) => this.cVal[o]) };
  }

  private refTerms(number: string, codes: string[], year: string | undefined): number[] {
    const out: number[] = [];
    for (const code of codes) {
      for (const t of this.dict.refIndex.get(refKey(number, code)) ?? []) {
        if (year && parseRefSymbol(this.dict.keys[t])?.year !== year) continue;
        out.push(t);
      }
    }
    return out;
  }

  private refClause(number: string, codes: string[], year: string | undefined): Clause {
    const g = ++this.cGen;
    const seen: number[] = [];
    const wT = this.params.titleWeight - 1;
    for (const t of this.refTerms(number, codes, year)) {
      const buf = this.streams[t];
      const end = this.streamLen[t];
      let ord = -1;
      RP = 0;
      while (RP < end) {
        ord += rv(buf);
        const h = rv(buf);
        const titleTf = h & 1 ? rv(buf) : 0;
        skipVariants(buf, h);
        const nb = rv(buf);
        RP += nb;
        if (this.deleted[ord]) continue;
        if (this.cStamp[ord] !== g) {
          this.cStamp[ord] = g;
          this.cVal[ord] = 0;
          seen.push(ord);
        }
        this.cVal[ord] += (h >>> 2) + wT * titleTf;
      }
    }
    seen.sort((x, y) => x - y);
    return { ords: seen, values: seen.map((o) => this.cVal[o]) };
  }

  // ---------------------------------------------------------------- persistence

  /**
   * Versioned binary image: magic, version, document count, dictionary (JSON), postings,
   * then the per-term and per-document arrays (little-endian int32). Deleted documents are
   * compacted away first.
   */
  serialize(): Uint8Array {
    this.compact();
    const nTerms = this.dict.size;
    const n = this.nOrd;
    const meta = JSON.stringify({ keys: this.dict.keys, variants: this.dict.variants, liveLen: this.liveLen });
    const metaBytes = new TextEncoder().encode(meta);
    const termOff = new Int32Array(nTerms + 1);
    for (let t = 0; t < nTerms; t++) termOff[t + 1] = termOff[t] + this.streamLen[t];
    const arrays: Int32Array[] = [
      termOff,
      this.lastOrd.subarray(0, nTerms),
      this.termDf.subarray(0, nTerms),
      this.ordDoc.subarray(0, n),
      this.docLen.subarray(0, n),
      this.titleEnd.subarray(0, n),
      this.textLen.subarray(0, n),
      this.spanOff.subarray(0, n + 1),
      this.spanData.subarray(0, this.spanOff[n]),
    ];
    const pad = (x: number) => (x + 3) & ~3;
    const postLen = termOff[nTerms];
    let size = 16 + pad(metaBytes.length) + 4 + pad(postLen);
    for (const a of arrays) size += 4 + a.byteLength;
    const out = new Uint8Array(size);
    const dv = new DataView(out.buffer);
    dv.setUint32(0, FORMAT_MAGIC, true);
    dv.setUint32(4, FORMAT_VERSION, true);
    dv.setUint32(8, n, true);
    dv.setUint32(12, metaBytes.length, true);
    let at = 16;
    out.set(metaBytes, at);
    at += pad(metaBytes.length);
    dv.setUint32(at, postLen, true);
    at += 4;
    for (let t = 0; t < nTerms; t++) out.set(this.streams[t].subarray(0, this.streamLen[t]), at + termOff[t]);
    at += pad(postLen);
    for (const a of arrays) {
      dv.setUint32(at, a.length, true);
      at += 4;
      for (let i = 0; i < a.length; i++, at += 4) dv.setInt32(at, a[i], true);
    }
    return out;
  }

  static deserialize(bytes: Uint8Array): EmbeddedSearchIndex {
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (bytes.byteLength < 16 || dv.getUint32(0, true) !== FORMAT_MAGIC) throw new Error('not a Policy Lens search index');
    const version = dv.getUint32(4, true);
    if (version !== FORMAT_VERSION) throw new Error(`search index format ${version}, expected ${FORMAT_VERSION}`);
    const n = dv.getUint32(8, true);
    const metaLen = dv.getUint32(12, true);
    const pad = (x: number) => (x + 3) & ~3;
    let at = 16;
    const need = (k: number) => {
      if (at + k > bytes.byteLength) throw new Error('truncated search index');
    };
    need(metaLen);
    const meta = JSON.parse(new TextDecoder().decode(bytes.subarray(at, at + metaLen))) as { keys: string[]; variants: string[][]; liveLen: number };
    at += pad(metaLen);
    need(4);
    const postLen = dv.getUint32(at, true);
    at += 4;
    need(postLen);
    const postings = bytes.slice(at, at + postLen);
    at += pad(postLen);
    const readI32 = (): Int32Array<ArrayBuffer> => {
      need(4);
      const len = dv.getUint32(at, true);
      at += 4;
      need(len * 4);
      const a = new Int32Array(Math.max(len, 1));
      for (let i = 0; i < len; i++, at += 4) a[i] = dv.getInt32(at, true);
      return a;
    };
    const idx = new EmbeddedSearchIndex();
    const nTerms = meta.keys.length;
    for (let t = 0; t < nTerms; t++) {
      idx.dict.intern(meta.keys[t]);
      for (const v of meta.variants[t]) idx.dict.variantOf(t, v, true);
    }
    const termOff = readI32();
    const lastOrd = readI32();
    const termDf = readI32();
    idx.ensureTerms(nTerms);
    for (let t = 0; t < nTerms; t++) {
      idx.streams[t] = postings.subarray(termOff[t], termOff[t + 1]);
      idx.streamLen[t] = termOff[t + 1] - termOff[t];
      idx.lastOrd[t] = lastOrd[t];
      idx.termDf[t] = termDf[t];
    }
    const cap = Math.max(16, n);
    idx.ordDoc = growI32(readI32(), cap);
    idx.docLen = growI32(readI32(), cap);
    idx.titleEnd = growI32(readI32(), cap);
    idx.textLen = growI32(readI32(), cap);
    idx.spanOff = growI32(readI32(), cap + 1);
    idx.spanData = readI32();
    idx.deleted = new Uint8Array(idx.ordDoc.length);
    idx.nOrd = n;
    idx.liveLen = meta.liveLen;
    for (let o = 0; o < n; o++) idx.ordByDoc.set(idx.ordDoc[o], o);
    return idx;
  }
}

/** Syllables of a text as the query parser reads them (quotes ignored). */
function wordsOf(text: string): string[] {
  const pq = parseQuery(text);
  return [...pq.free.flatMap((seg) => seg.words.map((w) => w.surface)), ...pq.phrases.flat()];
}

/** Where `run` starts in `keys`, or -1. */
function indexOfRun(keys: string[], run: string[]): number {
  outer: for (let i = 0; i + run.length <= keys.length; i++) {
    for (let j = 0; j < run.length; j++) if (keys[i + j] !== run[j]) continue outer;
    return i;
  }
  return -1;
}

/** The alternatives through which a document matched, one per expansion (the first alternative it holds). */
function expansionsOf(expanded: ExpansionMatch[], ord: number): { form: string; matched: string }[] {
  const out: { form: string; matched: string }[] = [];
  for (const e of expanded) {
    const alt = e.alts.find((a) => binarySearch(a.ords, ord));
    if (alt) out.push({ form: e.form, matched: alt.text });
  }
  return out;
}

function binarySearch(sorted: number[], v: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] === v) return true;
    if (sorted[mid] < v) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

const EMPTY = new Uint8Array(0);
const EMPTY_I32 = new Int32Array(0);

/** Skips the spelling part of an entry header `h`: one spelling, or a histogram of them. */
function skipVariants(buf: Uint8Array, h: number): void {
  if (!(h & 2)) rv(buf);
  else for (let k = rv(buf) * 2; k > 0; k--) rv(buf);
}

function idfOf(df: number, live: number): number {
  return Math.log(1 + (live - df + 0.5) / (df + 0.5));
}

/**
 * Title first (when given), then the body spans that do not overlap it, as normalized
 * offsets: (start, end, first position) triples, the position filled in by the caller.
 */
function collectSpans(doc: IndexedDocInput, norm: NormalizedText): number[] {
  const len = doc.text.length;
  const map = (o: number) => toNormalizedOffset(norm, Math.max(0, Math.min(len, Math.floor(o) || 0)));
  const out: number[] = [];
  const t = doc.titleSpan;
  if (t) {
    const s = map(t.start);
    const e = map(t.end);
    out.push(s, Math.max(s, e), 0);
  }
  const push = (start: number, end: number) => {
    const s = map(start);
    const e = map(end);
    if (e > s) out.push(s, e, 0);
  };
  for (const span of doc.body ?? []) {
    if (t && span.start < t.end && span.end > t.start) {
      // The title is indexed once: keep what the span has before and after it.
      if (span.start < t.start) push(span.start, t.start);
      if (span.end > t.end) push(t.end, span.end);
    } else push(span.start, span.end);
  }
  return out;
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

function countAbove(a: Float64Array, n: number, v: number): number {
  let c = 0;
  for (let i = 0; i < n; i++) if (a[i] > v) c++;
  return c;
}

/** Keeps the k best (score, id) pairs; ties go to the smaller id. */
class TopK {
  private readonly scores: Float64Array;
  private readonly idsArr: Int32Array;
  private n = 0;
  constructor(private readonly k: number) {
    this.scores = new Float64Array(k);
    this.idsArr = new Int32Array(k);
  }

  /** The score a new entry must reach to enter (-Infinity while not full). */
  threshold(): number {
    return this.n < this.k ? -Infinity : this.scores[0];
  }

  push(id: number, score: number): void {
    if (this.n < this.k) {
      this.scores[this.n] = score;
      this.idsArr[this.n] = id;
      this.up(this.n++);
    } else if (score > this.scores[0] || (score === this.scores[0] && id < this.idsArr[0])) {
      this.scores[0] = score;
      this.idsArr[0] = id;
      this.down(0);
    }
  }

  ids(): number[] {
    return Array.from(this.idsArr.subarray(0, this.n));
  }

  sorted(): { id: number; score: number }[] {
    const out: { id: number; score: number }[] = [];
    for (let i = 0; i < this.n; i++) out.push({ id: this.idsArr[i], score: this.scores[i] });
    return out.sort((a, b) => b.score - a.score || a.id - b.id);
  }

  /** a ranks above b. */
  private better(a: number, b: number): boolean {
    const sa = this.scores[a];
    const sb = this.scores[b];
    return sa > sb || (sa === sb && this.idsArr[a] < this.idsArr[b]);
  }

  private up(i: number): void {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.better(p, i)) break;
      this.swap(i, p);
      i = p;
    }
  }

  private down(i: number): void {
    const n = this.n;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && this.better(m, l)) m = l;
      if (r < n && this.better(m, r)) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }

  private swap(a: number, b: number): void {
    const s = this.scores[a];
    this.scores[a] = this.scores[b];
    this.scores[b] = s;
    const id = this.idsArr[a];
    this.idsArr[a] = this.idsArr[b];
    this.idsArr[b] = id;
  }
}
