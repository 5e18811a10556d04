/**
 * Embedded search index: an inverted index with positions over syllables (folded keys),
 * ranked by BM25 with a title boost and a proximity bonus for adjacent query syllables.
 *
 * Layout (compact from the start, see QUALITY.md for the figures):
 *  - terms are interned folded keys; each term has its exact spellings (variants);
 *  - one byte stream per term, append-only, in document-ordinal order. Per document:
 *      varint ordinalDelta
 *      varint (tf << 2) | (mixed << 1) | hasTitle
 *      [varint titleTf]        when hasTitle
 *      [varint variant]        when not mixed: every occurrence has this spelling
 *      varint positionBytes
 *      positions: varint delta [, varint variant when mixed]
 *    so `exact` search reads the variant of each posting instead of a second index;
 *  - per document ordinal: external id, length, title length, indexed spans (for snippets);
 *  - remove() marks the ordinal deleted; stats are kept for live documents only and the
 *    streams are compacted when a fifth of the ordinals are dead.
 *
 * Pure: no I/O. Texts come in with `add` and, for snippets, through `readText`.
 */

import { NormalizedText, normalizeText, toNormalizedOffset } from '../text';
import { SurfaceTable, TermDictionary, exactKeyOf, parseRefSymbol, refKey, termKeyOf } from './dictionary';
import { ParsedQuery, parseQuery } from './query';
import { TokenBuffer, scanSpan } from './scan';
import { SnippetQuery, makeSnippet } from './snippet';
import { IndexedDocInput, SearchBackend, SearchHitCore, SearchOptions, SearchResultCore } from './types';
import { cursor, growBytes, growI32, readVarint, writeVarint } from './varint';

export * from './types';
export { parseQuery } from './query';

export interface ScoringParams {
  k1: number;
  b: number;
  /** A title occurrence counts this many times. */
  titleWeight: number;
  /** Weight of the proximity bonus of two adjacent query syllables, times their mean idf. */
  pairWeight: number;
  /** Credit of a pair one syllable apart ("Nghị quyết số 34") relative to adjacent. */
  pairGap2: number;
  phraseWeight: number;
  symbolWeight: number;
  refWeight: number;
  /** A document matches when it holds this share of the query's idf (quoted phrases are always required). */
  minCoverage: number;
  /** Bonus when a whole unquoted run of 3+ syllables occurs as typed, times the sum of its idf. */
  runWeight: number;
  runLengthNorm: boolean;
}

export const DEFAULT_SCORING: ScoringParams = {
  k1: 1.2,
  b: 0.5,
  titleWeight: 3,
  pairWeight: 2,
  pairGap2: 0.3,
  phraseWeight: 1,
  symbolWeight: 1,
  refWeight: 1,
  minCoverage: 0.5,
  runWeight: 0.5,
  runLengthNorm: false,
};

const FORMAT_MAGIC = 0x58534c50; // "PLSX" little-endian
const FORMAT_VERSION = 1;
const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 1000;

/** A query syllable (or whole symbol) resolved against the dictionary, with its matches loaded. */
interface QTerm {
  slot: number;
  termId: number;
  /** Exact search: the only spelling accepted (-1: the spelling is not in the corpus). */
  exact: boolean;
  variant: number;
  n: number;
  idf: number;
  ords: Int32Array;
}

interface Clause {
  ords: number[];
  values: number[];
}

export class EmbeddedSearchIndex implements SearchBackend {
  params: ScoringParams = { ...DEFAULT_SCORING };

  private readonly dict = new TermDictionary();
  private readonly surfaces = new SurfaceTable(this.dict);

  // Per term.
  private streams: Uint8Array[] = [];
  private streamLen = new Int32Array(1024);
  private lastOrd = new Int32Array(1024);

  // Per document ordinal.
  private nOrd = 0;
  private ordDoc = new Int32Array(1024);
  private docLen = new Int32Array(1024);
  private titleEnd = new Int32Array(1024);
  private spanOff = new Int32Array(1025);
  private spanData = new Int32Array(4096);
  private deleted = new Uint8Array(1024);
  private deletedCount = 0;
  private liveLen = 0;
  private readonly ordByDoc = new Map<number, number>();

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

  /** Bytes held by postings and per-document arrays (not the dictionary strings). */
  get postingBytes(): number {
    let n = 0;
    for (let t = 0; t < this.streams.length; t++) n += this.streamLen[t];
    return n;
  }

  has(docId: number): boolean {
    return this.ordByDoc.has(docId);
  }

  // ---------------------------------------------------------------- indexing

  add(doc: IndexedDocInput): void {
    if (this.ordByDoc.has(doc.id)) this.remove(doc.id);
    const norm = normalizeText(doc.text);
    const text = norm.text;
    const spans = collectSpans(doc, norm);
    const tokens = this.tokens;
    tokens.reset();
    let pos = 0;
    let titleEnd = 0;
    for (let k = 0; k < spans.length; k += 2) {
      pos = scanSpan(text, spans[k], spans[k + 1], pos, tokens);
      if (k === 0 && doc.titleSpan) titleEnd = pos;
      pos++; // no phrase across lines
    }
    const ord = this.newOrdinal(doc.id, spans);
    this.titleEnd[ord] = titleEnd;

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
      const old = this.lastOrd.length;
      this.lastOrd = growI32(this.lastOrd, size);
      this.lastOrd.fill(-1, old);
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
    let nLocal = 0;
    for (let k = 0; k < n; k++) {
      const t = tokTerm[k];
      if (this.termStamp[t] !== gen) {
        this.termStamp[t] = gen;
        if (nLocal === this.localTerm.length) this.growLocal();
        this.termLocal[t] = nLocal;
        this.localTerm[nLocal] = t;
        this.localCount[nLocal] = 0;
        nLocal++;
      }
      this.localCount[this.termLocal[t]]++;
    }
    let at = 0;
    for (let l = 0; l < nLocal; l++) {
      this.localStart[l] = at;
      this.localFill[l] = at;
      at += this.localCount[l];
    }
    for (let k = 0; k < n; k++) this.order[this.localFill[this.termLocal[tokTerm[k]]]++] = k;
    const pos = this.tokens.pos;
    const vars = this.tokVar;
    for (let l = 0; l < nLocal; l++) {
      const t = this.localTerm[l];
      const a = this.localStart[l];
      const tf = this.localCount[l];
      const v0 = vars[this.order[a]];
      let mixed = v0 >= 255 ? 1 : 0;
      let titleTf = 0;
      for (let j = a; j < a + tf; j++) {
        const k = this.order[j];
        if (pos[k] < titleEnd) titleTf++;
        if (vars[k] !== v0) mixed = 1;
      }
      if (this.scratch.length < tf * 10) this.scratch = new Uint8Array(tf * 20);
      const sc = this.scratch;
      let p = 0;
      let prev = 0;
      for (let j = a; j < a + tf; j++) {
        const k = this.order[j];
        p = writeVarint(sc, p, pos[k] - prev);
        prev = pos[k];
        if (mixed) p = writeVarint(sc, p, vars[k]);
      }
      let buf = this.streams[t];
      let w = this.streamLen[t];
      if (buf.length < w + 25 + p) buf = this.streams[t] = growBytes(buf, w + 25 + p, w);
      w = writeVarint(buf, w, ord - this.lastOrd[t]);
      w = writeVarint(buf, w, tf * 4 + mixed * 2 + (titleTf > 0 ? 1 : 0));
      if (titleTf > 0) w = writeVarint(buf, w, titleTf);
      if (!mixed) w = writeVarint(buf, w, v0);
      w = writeVarint(buf, w, p);
      buf.set(sc.subarray(0, p), w);
      this.streamLen[t] = w + p;
      this.lastOrd[t] = ord;
    }
  }

  private growLocal(): void {
    const size = this.localTerm.length * 2;
    this.localTerm = growI32(this.localTerm, size);
    this.localCount = growI32(this.localCount, size);
    this.localStart = growI32(this.localStart, size);
    this.localFill = growI32(this.localFill, size);
  }

  // ---------------------------------------------------------------- compaction

  /** Drops deleted documents from the streams and renumbers ordinals densely. */
  compact(): void {
    if (this.deletedCount === 0) return;
    const remap = new Int32Array(this.nOrd).fill(-1);
    let live = 0;
    for (let o = 0; o < this.nOrd; o++) if (!this.deleted[o]) remap[o] = live++;
    for (let t = 0; t < this.streams.length; t++) {
      const buf = this.streams[t];
      const end = this.streamLen[t];
      if (end === 0) continue;
      const out = new Uint8Array(end + 8);
      let w = 0;
      let ord = -1;
      let last = -1;
      cursor.p = 0;
      while (cursor.p < end) {
        ord += readVarint(buf);
        const from = cursor.p;
        const h = readVarint(buf);
        if (h & 1) readVarint(buf);
        if (!(h & 2)) readVarint(buf);
        const nb = readVarint(buf);
        const to = cursor.p + nb;
        cursor.p = to;
        const nw = remap[ord];
        if (nw < 0) continue;
        w = writeVarint(out, w, nw - last);
        last = nw;
        out.set(buf.subarray(from, to), w);
        w += to - from;
      }
      this.streams[t] = w === 0 ? EMPTY : out.slice(0, w);
      this.streamLen[t] = w;
      this.lastOrd[t] = last;
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
  }

  // ---------------------------------------------------------------- search

  search(query: string, opts: SearchOptions, readText: (docId: number) => string): SearchResultCore {
    if (this.deletedCount > 0 && this.deletedCount * 5 > this.nOrd) this.compact();
    const live = this.ordByDoc.size;
    if (live === 0) return { hits: [], total: 0 };
    const limit = Math.max(1, Math.min(MAX_LIMIT, Math.floor(opts.limit ?? DEFAULT_LIMIT)));
    const exact = opts.exact === true;
    const pq = parseQuery(query);
    return this.run(pq, exact, limit, readText);
  }

  private run(pq: ParsedQuery, exact: boolean, limit: number, readText: (docId: number) => string): SearchResultCore {
    this.ensureQueryScratch();
    const live = this.ordByDoc.size;
    const idfOf = (df: number) => Math.log(1 + (live - df + 0.5) / (df + 0.5));

    // Resolve the query's syllables, one QTerm per distinct (term, spelling).
    const qterms: QTerm[] = [];
    const byKey = new Map<string, QTerm>();
    const qterm = (surface: string, isSymbol: boolean): QTerm => {
      const fold = termKeyOf(surface);
      const ex = exactKeyOf(surface, isSymbol);
      const key = exact ? fold + '\u0001' + ex : fold;
      let q = byKey.get(key);
      if (!q) {
        const termId = this.dict.lookup(fold);
        const variant = exact && termId >= 0 ? this.dict.variantOf(termId, ex, false) : -1;
        q = { slot: qterms.length, termId, exact, variant, n: 0, idf: 0, ords: EMPTY_I32 };
        byKey.set(key, q);
        qterms.push(q);
      }
      return q;
    };
    const unigrams = new Set<QTerm>();
    const pairs: [QTerm, QTerm][] = [];
    const runs: QTerm[][] = [];
    const symbols: { parts: QTerm[]; whole: QTerm }[] = [];
    for (const seg of pq.free) {
      const ws = seg.words.map((w) => qterm(w.surface, false));
      seg.words.forEach((w, i) => {
        if (w.symbol < 0) unigrams.add(ws[i]);
        if (i > 0) pairs.push([ws[i - 1], ws[i]]);
      });
      if (ws.length >= 3) runs.push(ws);
      for (const s of seg.symbols) symbols.push({ parts: ws.slice(s.first, s.first + s.count), whole: qterm(s.surface, true) });
    }
    const phrases = pq.phrases.map((p) => p.map((w) => qterm(w, false)));
    if (!qterms.length) return { hits: [], total: 0 };

    this.ensureSlots(qterms.length);
    try {
      for (const q of qterms) {
        this.loadTerm(q);
        q.idf = idfOf(q.n);
      }
      return this.score(pq, unigrams, pairs, runs, symbols, phrases, limit, readText);
    } finally {
      this.clearSlots(qterms);
    }
  }

  private score(
    pq: ParsedQuery,
    unigrams: Set<QTerm>,
    pairs: [QTerm, QTerm][],
    runs: QTerm[][],
    symbols: { parts: QTerm[]; whole: QTerm }[],
    phrases: QTerm[][],
    limit: number,
    readText: (docId: number) => string,
  ): SearchResultCore {
    const P = this.params;
    const live = this.ordByDoc.size;
    const avgLen = Math.max(1, this.liveLen / live);
    const idfOf = (df: number) => Math.log(1 + (live - df + 0.5) / (df + 0.5));
    const docLen = this.docLen;
    const k1 = P.k1;
    const b = P.b;
    const bm25 = (tf: number, ord: number) => (tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * docLen[ord]) / avgLen));
    // Identifiers (symbols, resolved references) are not diluted by a long text: saturation only.
    const saturate = (tf: number) => (tf * (k1 + 1)) / (tf + k1);

    const gen = ++this.qGen;
    const acc = this.acc;
    const cov = this.cov;
    const req = this.req;
    const qStamp = this.qStamp;
    const touched = this.touched;
    let nTouched = 0;
    const touch = (ord: number) => {
      if (qStamp[ord] !== gen) {
        qStamp[ord] = gen;
        acc[ord] = 0;
        cov[ord] = 0;
        req[ord] = 0;
        touched[nTouched++] = ord;
      }
    };
    let totalIdf = 0;

    // Single words (and the words of phrases, which rank but do not count for coverage).
    const scored = new Set<QTerm>([...unigrams, ...phrases.flat()]);
    for (const q of scored) {
      if (q.n === 0) continue;
      const counts = unigrams.has(q);
      if (counts) totalIdf += q.idf;
      const eff = this.slotEff[q.slot];
      for (let i = 0; i < q.n; i++) {
        const ord = q.ords[i];
        touch(ord);
        acc[ord] += q.idf * bm25(eff[ord], ord);
        if (counts) cov[ord] += q.idf;
      }
    }

    // Quoted phrases: required.
    for (const ph of phrases) {
      const c = this.phraseClause(ph);
      if (c.ords.length === 0) return { hits: [], total: 0 };
      const idf = idfOf(c.ords.length);
      for (let i = 0; i < c.ords.length; i++) {
        const ord = c.ords[i];
        touch(ord);
        acc[ord] += P.phraseWeight * idf * bm25(c.values[i], ord);
        req[ord]++;
      }
    }

    // Typed symbols: the whole symbol term, or its parts in sequence.
    for (const s of symbols) {
      const c = this.symbolClause(s.parts, s.whole);
      if (c.ords.length === 0) continue;
      const idf = idfOf(c.ords.length);
      totalIdf += idf;
      for (let i = 0; i < c.ords.length; i++) {
        const ord = c.ords[i];
        touch(ord);
        acc[ord] += P.symbolWeight * idf * saturate(c.values[i]);
        cov[ord] += idf;
      }
    }

    // "Nghị quyết 34" → reference symbols 34-NQ/..., 35/2016/NQ-CP ... (a match on its own).
    for (const ref of pq.refs) {
      const c = this.refClause(ref.number, ref.codes, ref.year);
      if (c.ords.length === 0) continue;
      const idf = idfOf(c.ords.length);
      for (let i = 0; i < c.ords.length; i++) {
        const ord = c.ords[i];
        touch(ord);
        acc[ord] += P.refWeight * idf * saturate(c.values[i]);
        cov[ord] = Infinity;
      }
    }

    // Matching documents.
    const nPhrases = phrases.length;
    const need = totalIdf * P.minCoverage - 1e-9;
    const cands = new Int32Array(nTouched);
    let nc = 0;
    for (let i = 0; i < nTouched; i++) {
      const ord = touched[i];
      if (req[ord] === nPhrases && cov[ord] >= need) cands[nc++] = ord;
    }

    // Proximity: adjacent query syllables found adjacent (or one apart) in the document.
    const livePairs = pairs
      .filter(([a, bq]) => a.n > 0 && bq.n > 0)
      .map(([a, bq]) => ({ a, b: bq, w: (P.pairWeight * (a.idf + bq.idf)) / 2 }));
    const liveRuns = runs
      .filter((r) => r.every((t) => t.n > 0))
      .map((terms) => ({ terms, w: P.runWeight * terms.reduce((x, t) => x + t.idf, 0) }));
    const runScore = (c: number, ord: number) => (P.runLengthNorm ? bm25(c, ord) : saturate(c));
    const top = new TopK(limit);
    if (livePairs.length === 0) {
      for (let i = 0; i < nc; i++) top.push(cands[i], acc[cands[i]]);
    } else {
      // Exact top-k: full scores only where an upper bound can still beat the k-th best.
      const bound = new Float64Array(nc);
      const pre = new TopK(limit);
      for (let i = 0; i < nc; i++) {
        const ord = cands[i];
        let bonus = 0;
        for (const p of livePairs) {
          const ea = this.slotEff[p.a.slot][ord];
          const eb = this.slotEff[p.b.slot][ord];
          if (this.slotPos[p.a.slot][ord] !== 0 && this.slotPos[p.b.slot][ord] !== 0) bonus += p.w * bm25(Math.min(ea, 2 * eb), ord);
        }
        for (const r of liveRuns) {
          if (r.terms.every((t) => this.slotPos[t.slot][ord] !== 0)) bonus += r.w * runScore(this.slotEff[r.terms[0].slot][ord], ord);
        }
        bound[i] = acc[ord] + bonus;
        pre.push(i, bound[i]);
      }
      const evaluated = new Uint8Array(nc);
      const full = (i: number) => {
        const ord = cands[i];
        let s = acc[ord];
        for (const p of livePairs) {
          if (this.slotPos[p.a.slot][ord] === 0 || this.slotPos[p.b.slot][ord] === 0) continue;
          const c = this.pairCount(p.a, p.b, ord);
          if (c > 0) s += p.w * bm25(c, ord);
        }
        for (const r of liveRuns) {
          if (!r.terms.every((t) => this.slotPos[t.slot][ord] !== 0)) continue;
          const c = this.sequenceCount(r.terms, ord);
          if (c > 0) s += r.w * runScore(c, ord);
        }
        evaluated[i] = 1;
        top.push(ord, s);
      };
      for (const i of pre.ids()) full(i);
      for (let i = 0; i < nc; i++) {
        if (evaluated[i] || bound[i] < top.threshold()) continue;
        full(i);
      }
    }

    // Snippets.
    const sq = this.snippetQuery(unigrams, phrases, symbols, pq);
    const hits: SearchHitCore[] = [];
    for (const { id: ord, score } of top.sorted()) {
      const docId = this.ordDoc[ord];
      let text = '';
      try {
        text = readText(docId);
      } catch {
        text = '';
      }
      const norm = normalizeText(text);
      const snip = makeSnippet(text, norm, this.spanData, this.spanOff[ord], this.spanOff[ord + 1], this.surfaces, sq);
      hits.push({ docId, score, ...snip });
    }
    return { hits, total: nc };
  }

  private snippetQuery(unigrams: Set<QTerm>, phrases: QTerm[][], symbols: { parts: QTerm[]; whole: QTerm }[], pq: ParsedQuery): SnippetQuery {
    let q = 0;
    const words = new Map<number, { q: number; weight: number; variant: number }>();
    for (const u of unigrams) if (u.termId >= 0 && u.n > 0) words.set(u.termId, { q: q++, weight: u.idf, variant: u.exact ? u.variant : -1 });
    const sequences: SnippetQuery['sequences'] = [];
    const seqOf = (terms: QTerm[]) => {
      if (terms.some((t) => t.termId < 0)) return;
      sequences.push({
        terms: terms.map((t) => ({ termId: t.termId, variant: t.exact ? t.variant : -1 })),
        q: q++,
        weight: terms.reduce((s, t) => s + t.idf, 0),
      });
    };
    phrases.forEach(seqOf);
    const syms = new Map<number, { q: number; weight: number; variant: number }>();
    for (const s of symbols) {
      seqOf(s.parts);
      if (s.whole.termId >= 0) syms.set(s.whole.termId, { q: q++, weight: s.whole.idf + 1, variant: s.whole.exact ? s.whole.variant : -1 });
    }
    for (const ref of pq.refs) {
      const unit = q++;
      for (const t of this.refTerms(ref.number, ref.codes, ref.year)) if (!syms.has(t)) syms.set(t, { q: unit, weight: 5, variant: -1 });
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
      this.posBufs.push(new Int32Array(64));
    }
    if (this.decodedOrd.length < n) {
      this.decodedOrd = new Int32Array(n * 2);
      this.decodedN = new Int32Array(n * 2);
    }
    this.decodedOrd.fill(-1);
  }

  private clearSlots(qterms: QTerm[]): void {
    for (const q of qterms) {
      const pos = this.slotPos[q.slot];
      for (let i = 0; i < q.n; i++) pos[q.ords[i]] = 0;
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
    let n = 0;
    let ord = -1;
    cursor.p = 0;
    while (cursor.p < end) {
      ord += readVarint(buf);
      const h = readVarint(buf);
      const tf = h >>> 2;
      const mixed = (h >>> 1) & 1;
      const titleTf = h & 1 ? readVarint(buf) : 0;
      const v = mixed ? 255 : readVarint(buf);
      const nb = readVarint(buf);
      const start = cursor.p;
      cursor.p = start + nb;
      if (deleted[ord]) continue;
      let e = tf + wT * titleTf;
      if (q.exact) {
        if (!mixed) {
          if (v !== q.variant) continue;
        } else {
          // Count the occurrences with the wanted spelling.
          const save = cursor.p;
          cursor.p = start;
          const te = this.titleEnd[ord];
          let p = 0;
          let m = 0;
          let mt = 0;
          for (let i = 0; i < tf; i++) {
            p += readVarint(buf);
            if (readVarint(buf) === q.variant) {
              m++;
              if (p < te) mt++;
            }
          }
          cursor.p = save;
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

  /** Positions of a loaded term in a document (cached per document), spelling-filtered in exact mode. */
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
    cursor.p = ps - 1;
    let p = 0;
    let n = 0;
    for (let i = 0; i < tf; i++) {
      p += readVarint(buf);
      if (mixed) {
        const v = readVarint(buf);
        if (q.exact && v !== q.variant) continue;
      }
      out[n++] = p;
    }
    this.decodedOrd[key] = ord;
    this.decodedN[key] = n;
    return n;
  }

  /** Title-weighted count of `b` right after `a` (gap 2 counts `pairGap2`). */
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
    const lens: number[] = [];
    for (let j = 0; j < k; j++) {
      const n = this.positions(terms[j], ord);
      if (n === 0) return 0;
      lens.push(n);
    }
    const bufs = terms.map((t) => this.posBufs[t.slot]);
    const ptr = new Array<number>(k).fill(0);
    const te = this.titleEnd[ord];
    const wT = this.params.titleWeight;
    let c = 0;
    const p0 = bufs[0];
    outer: for (let i = 0; i < lens[0]; i++) {
      const x = p0[i];
      for (let j = 1; j < k; j++) {
        const target = x + j;
        const buf = bufs[j];
        let p = ptr[j];
        while (p < lens[j] && buf[p] < target) p++;
        ptr[j] = p;
        if (p >= lens[j]) break outer;
        if (buf[p] !== target) continue outer;
      }
      c += x < te ? wT : 1;
    }
    return c;
  }

  private phraseClause(terms: QTerm[]): Clause {
    const out: Clause = { ords: [], values: [] };
    let driver = terms[0];
    for (const t of terms) {
      if (t.n === 0) return out;
      if (t.n < driver.n) driver = t;
    }
    for (let i = 0; i < driver.n; i++) {
      const ord = driver.ords[i];
      let all = true;
      for (const t of terms) if (this.slotPos[t.slot][ord] === 0) all = false;
      if (!all) continue;
      const c = this.sequenceCount(terms, ord);
      if (c > 0) {
        out.ords.push(ord);
        out.values.push(c);
      }
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
      cursor.p = 0;
      while (cursor.p < end) {
        ord += readVarint(buf);
        const h = readVarint(buf);
        const titleTf = h & 1 ? readVarint(buf) : 0;
        if (!(h & 2)) readVarint(buf);
        const nb = readVarint(buf);
        cursor.p += nb;
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

  /** Versioned binary image: header, dictionary (JSON), then the typed arrays. Deleted documents are compacted away first. */
  serialize(): Uint8Array {
    this.compact();
    const nTerms = this.dict.size;
    const n = this.nOrd;
    const meta = JSON.stringify({ keys: this.dict.keys, variants: this.dict.variants, liveLen: this.liveLen });
    const metaBytes = new TextEncoder().encode(meta);
    const termOff = new Int32Array(nTerms + 1);
    for (let t = 0; t < nTerms; t++) termOff[t + 1] = termOff[t] + this.streamLen[t];
    const postings = new Uint8Array(termOff[nTerms]);
    for (let t = 0; t < nTerms; t++) postings.set(this.streams[t].subarray(0, this.streamLen[t]), termOff[t]);
    const arrays: Int32Array[] = [
      termOff,
      this.lastOrd.subarray(0, nTerms),
      this.ordDoc.subarray(0, n),
      this.docLen.subarray(0, n),
      this.titleEnd.subarray(0, n),
      this.spanOff.subarray(0, n + 1),
      this.spanData.subarray(0, this.spanOff[n]),
    ];
    const pad = (x: number) => (x + 3) & ~3;
    let size = 16 + pad(metaBytes.length) + pad(postings.length) + 4;
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
    dv.setUint32(at, postings.length, true);
    at += 4;
    out.set(postings, at);
    at += pad(postings.length);
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
    const meta = JSON.parse(new TextDecoder().decode(bytes.subarray(at, at + metaLen))) as { keys: string[]; variants: string[][]; liveLen: number };
    at += pad(metaLen);
    const postLen = dv.getUint32(at, true);
    at += 4;
    const postings = bytes.slice(at, at + postLen);
    at += pad(postLen);
    const readI32 = (): Int32Array<ArrayBuffer> => {
      const len = dv.getUint32(at, true);
      at += 4;
      if (at + len * 4 > bytes.byteLength) throw new Error('truncated search index');
      const a = new Int32Array(Math.max(len, 1));
      for (let i = 0; i < len; i++, at += 4) a[i] = dv.getInt32(at, true);
      return a;
    };
    const idx = new EmbeddedSearchIndex();
    for (let t = 0; t < meta.keys.length; t++) {
      idx.dict.intern(meta.keys[t]);
      for (const v of meta.variants[t]) idx.dict.variantOf(t, v, true);
    }
    const nTerms = meta.keys.length;
    const termOff = readI32();
    const lastOrd = readI32();
    idx.ensureTerms(nTerms);
    for (let t = 0; t < nTerms; t++) {
      idx.streams[t] = postings.subarray(termOff[t], termOff[t + 1]);
      idx.streamLen[t] = termOff[t + 1] - termOff[t];
      idx.lastOrd[t] = lastOrd[t];
    }
    const cap = Math.max(16, n);
    idx.ordDoc = growI32(readI32(), cap);
    idx.docLen = growI32(readI32(), cap);
    idx.titleEnd = growI32(readI32(), cap);
    idx.spanOff = growI32(readI32(), cap + 1);
    idx.spanData = readI32();
    idx.deleted = new Uint8Array(cap);
    idx.nOrd = n;
    idx.liveLen = meta.liveLen;
    for (let o = 0; o < n; o++) idx.ordByDoc.set(idx.ordDoc[o], o);
    return idx;
  }
}

const EMPTY = new Uint8Array(0);
const EMPTY_I32 = new Int32Array(0);

/** Title first (when given), then the body spans that do not overlap it, as normalized offsets. */
function collectSpans(doc: IndexedDocInput, norm: NormalizedText): number[] {
  const len = doc.text.length;
  const map = (o: number) => toNormalizedOffset(norm, Math.max(0, Math.min(len, Math.floor(o) || 0)));
  const out: number[] = [];
  const t = doc.titleSpan;
  if (t) {
    const s = map(t.start);
    const e = map(t.end);
    if (e > s) out.push(s, e);
    else out.push(s, s);
  }
  for (const span of doc.body ?? []) {
    if (t && span.start < t.end && span.end > t.start) continue;
    const s = map(span.start);
    const e = map(span.end);
    if (e > s) out.push(s, e);
  }
  return out;
}

/** Keeps the k best (score, id) pairs; ties go to the smaller id. */
class TopK {
  private readonly scores: number[] = [];
  private readonly idsArr: number[] = [];
  constructor(private readonly k: number) {}

  /** The score a new entry must reach to enter (-Infinity while not full). */
  threshold(): number {
    return this.scores.length < this.k ? -Infinity : this.scores[0];
  }

  push(id: number, score: number): void {
    const s = this.scores;
    const ids = this.idsArr;
    if (s.length < this.k) {
      s.push(score);
      ids.push(id);
      this.up(s.length - 1);
    } else if (this.better(score, id, s[0], ids[0])) {
      s[0] = score;
      ids[0] = id;
      this.down(0);
    }
  }

  ids(): number[] {
    return [...this.idsArr];
  }

  sorted(): { id: number; score: number }[] {
    return this.idsArr
      .map((id, i) => ({ id, score: this.scores[i] }))
      .sort((a, b) => b.score - a.score || a.id - b.id);
  }

  private better(sa: number, ia: number, sb: number, ib: number): boolean {
    return sa > sb || (sa === sb && ia < ib);
  }

  private up(i: number): void {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.better(this.scores[p], this.idsArr[p], this.scores[i], this.idsArr[i])) break;
      this.swap(i, p);
      i = p;
    }
  }

  private down(i: number): void {
    const n = this.scores.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && this.better(this.scores[m], this.idsArr[m], this.scores[l], this.idsArr[l])) m = l;
      if (r < n && this.better(this.scores[m], this.idsArr[m], this.scores[r], this.idsArr[r])) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }

  private swap(a: number, b: number): void {
    [this.scores[a], this.scores[b]] = [this.scores[b], this.scores[a]];
    [this.idsArr[a], this.idsArr[b]] = [this.idsArr[b], this.idsArr[a]];
  }
}

