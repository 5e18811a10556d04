/**
 * Postings writer and cursor: one append-only byte stream per term, in document-ordinal
 * order. Per document:
 *    varint ordinalDelta
 *    varint (tf << 2) | (mixed << 1) | hasTitle
 *    [varint titleTf]        when hasTitle
 *    [varint variant]        when not mixed: every occurrence has this spelling
 *    [varint k, k x (varint variant, varint count)]   when mixed: the spelling histogram
 *    varint positionBytes
 *    positions: varint delta [, varint variant when mixed]
 * so `exact` search reads the spelling of each posting instead of a second index.
 * Writing (add, remove, compact) and reading (a term's documents, a document's positions,
 * reference terms) share the module-local varint cursor.
 */

import { NormalizedText, normalizeText, toNormalizedOffset } from '../text';
import { parseRefSymbol, refKey } from './dictionary';
import { scanSpan } from './scan';
import { Clause, EMPTY, QTerm, SearchState, growBytes, growI32 } from './state';
import { IndexedDocInput } from './types';

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

// ------------------------------------------------------------------ the one way to a term's bytes

/**
 * Term t's whole stream, bytes [0, streamLen[t]): in the heap, or read from the search file
 * (through its cache) and joined with what was appended since. Every reader of postings
 * (loading, positions, skip data, references) goes through here. Inside a query the bytes
 * are pinned until `unpinTerms`, so offsets kept by loadTerm stay valid for `positions`
 * even when the cache has let them go. Throws SearchFileError when the file's bytes cannot
 * be read or do not check out.
 */
export function termBytes(ix: SearchState, t: number): Uint8Array {
  const disk = ix.disk;
  if (disk === undefined || t >= disk.termCount) return ix.streams[t];
  const pinned = ix.pinned.get(t);
  if (pinned !== undefined && pinned.length === ix.streamLen[t]) return pinned;
  const bytes = readTerm(ix, t);
  ix.pinned.set(t, bytes);
  return bytes;
}

/** Term t's whole stream, not pinned (whole-index passes: writing a file, compaction). */
export function readTerm(ix: SearchState, t: number): Uint8Array {
  const disk = ix.disk;
  if (disk === undefined || t >= disk.termCount) return ix.streams[t].subarray(0, ix.streamLen[t]);
  const base = disk.bytes(t);
  const tail = ix.streamLen[t] - base.length;
  if (tail === 0) return base;
  const joined = new Uint8Array(base.length + tail);
  joined.set(base);
  joined.set(ix.streams[t].subarray(0, tail), base.length);
  return joined;
}

/** Ends a query's pins (the cache alone bounds the memory again). */
export function unpinTerms(ix: SearchState): void {
  ix.pinned.clear();
}

/** Reads every term of the search file into the heap and drops the file (compaction of a file-backed index). */
function materialize(ix: SearchState): void {
  const streams = ix.streams.slice();
  for (let t = 0; t < streams.length; t++) streams[t] = readTerm(ix, t).slice();
  ix.streams = streams;
  ix.disk = undefined;
  ix.pinned.clear();
}

/** Skips the spelling part of an entry header `h`: one spelling, or a histogram of them. */
function skipVariants(buf: Uint8Array, h: number): void {
  if (!(h & 2)) rv(buf);
  else for (let k = rv(buf) * 2; k > 0; k--) rv(buf);
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

export function addDocument(ix: SearchState, doc: IndexedDocInput): void {
  if (!Number.isInteger(doc.id) || doc.id < -0x80000000 || doc.id > 0x7fffffff) throw new RangeError(`document id ${doc.id} is not a 32-bit integer`);
  if (ix.ordByDoc.has(doc.id)) removeDocument(ix, doc.id);
  ix.changes++;
  const norm = normalizeText(doc.text);
  const text = norm.text;
  const spans = collectSpans(doc, norm);
  const tokens = ix.tokens;
  tokens.reset();
  let pos = 0;
  let titleEnd = 0;
  for (let k = 0; k < spans.length; k += 3) {
    spans[k + 2] = pos;
    pos = scanSpan(text, spans[k], spans[k + 1], pos, tokens);
    if (k === 0 && doc.titleSpan) titleEnd = pos;
    pos++; // no phrase across lines
  }
  const ord = ix.newOrdinal(doc.id, spans);
  ix.titleEnd[ord] = titleEnd;
  ix.textLen[ord] = text.length * 2 + (norm.map === null ? 1 : 0);

  const n = tokens.n;
  if (ix.tokTerm.length < n) {
    ix.tokTerm = growI32(ix.tokTerm, n);
    ix.tokVar = growI32(ix.tokVar, n);
    ix.order = growI32(ix.order, n);
  }
  const surfaces = ix.surfaces;
  let len = 0;
  for (let k = 0; k < n; k++) {
    const sym = tokens.sym[k] === 1;
    surfaces.resolve(text, tokens.start[k], tokens.end[k], tokens.hash[k], sym, true);
    ix.tokTerm[k] = surfaces.term;
    ix.tokVar[k] = surfaces.variant;
    if (!sym) len++;
  }
  ix.docLen[ord] = len;
  ix.liveLen += len;
  ix.ensureTerms(ix.dict.size);
  encodeDocument(ix, ord, n, titleEnd);
}

export function removeDocument(ix: SearchState, docId: number): void {
  const ord = ix.ordByDoc.get(docId);
  if (ord === undefined) return;
  ix.changes++;
  ix.ordByDoc.delete(docId);
  ix.deleted[ord] = 1;
  ix.deletedCount++;
  ix.liveLen -= ix.docLen[ord];
}

/** Groups the document's tokens by term (positions stay in order) and appends one entry per term. */
export function encodeDocument(ix: SearchState, ord: number, n: number, titleEnd: number): void {
  const gen = ++ix.gen;
  const tokTerm = ix.tokTerm;
  const termStamp = ix.termStamp;
  const termLocal = ix.termLocal;
  let nLocal = 0;
  for (let k = 0; k < n; k++) {
    const t = tokTerm[k];
    if (termStamp[t] !== gen) {
      termStamp[t] = gen;
      if (nLocal === ix.localTerm.length) ix.growLocal();
      termLocal[t] = nLocal;
      ix.localTerm[nLocal] = t;
      ix.localCount[nLocal] = 0;
      nLocal++;
    }
    ix.localCount[termLocal[t]]++;
  }
  const localStart = ix.localStart;
  const localFill = ix.localFill;
  const localCount = ix.localCount;
  let at = 0;
  for (let l = 0; l < nLocal; l++) {
    localStart[l] = at;
    localFill[l] = at;
    at += localCount[l];
  }
  const order = ix.order;
  for (let k = 0; k < n; k++) order[localFill[termLocal[tokTerm[k]]]++] = k;
  const pos = ix.tokens.pos;
  const vars = ix.tokVar;
  for (let l = 0; l < nLocal; l++) {
    const t = ix.localTerm[l];
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
    if (ix.scratch.length < tf * 10) ix.scratch = new Uint8Array(tf * 20);
    const sc = ix.scratch;
    let p = 0;
    let prev = 0;
    for (let j = a; j < a + tf; j++) {
      const k = order[j];
      p = wv(sc, p, pos[k] - prev);
      prev = pos[k];
      if (mixed) p = wv(sc, p, vars[k]);
    }
    // A term of the search file keeps only what is appended after its file bytes here.
    const base = ix.diskLen(t);
    let buf = ix.streams[t];
    let w = ix.streamLen[t] - base;
    const room = w + 25 + p + (mixed ? 10 * tf : 0);
    if (buf.length < room) buf = ix.streams[t] = growBytes(buf, room, w);
    w = wv(buf, w, ord - ix.lastOrd[t]);
    w = wv(buf, w, tf * 4 + mixed * 2 + (titleTf > 0 ? 1 : 0));
    if (titleTf > 0) w = wv(buf, w, titleTf);
    if (!mixed) w = wv(buf, w, v0);
    else w = writeHistogram(ix, buf, w, a, tf);
    w = wv(buf, w, p);
    if (p < 16) for (let i = 0; i < p; i++) buf[w + i] = sc[i];
    else buf.set(sc.subarray(0, p), w);
    ix.streamLen[t] = base + w + p;
    ix.lastOrd[t] = ord;
    ix.termDf[t]++;
  }
}

/** For a document with several spellings of a term: (spelling, count) pairs in order of first use. */
export function writeHistogram(ix: SearchState, buf: Uint8Array, w: number, a: number, tf: number): number {
  const hv: number[] = [];
  const hc: number[] = [];
  for (let j = a; j < a + tf; j++) {
    const v = ix.tokVar[ix.order[j]];
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

/**
 * Drops deleted documents from the streams and renumbers ordinals densely; with nothing
 * deleted, trims the spare capacity of the streams (call it after a bulk build).
 */
export function compactIndex(ix: SearchState): void {
  // Ordinals are renumbered: every term's skip and block-max data is stale.
  ix.skips = [];
  ix.blockMax = [];
  if (ix.deletedCount === 0) {
    for (let t = 0; t < ix.streams.length; t++) {
      const len = ix.streamLen[t] - ix.diskLen(t);
      if (ix.streams[t].length > len + 16) ix.streams[t] = ix.streams[t].slice(0, len);
    }
    return;
  }
  // A file-backed index compacts in memory: every stream changes. The host avoids this by
  // writing a merged file first (searchFile.ts), which drops the deleted documents there.
  if (ix.disk) materialize(ix);
  const remap = new Int32Array(ix.nOrd).fill(-1);
  let live = 0;
  for (let o = 0; o < ix.nOrd; o++) if (!ix.deleted[o]) remap[o] = live++;
  for (let t = 0; t < ix.streams.length; t++) {
    const buf = ix.streams[t];
    const end = ix.streamLen[t];
    if (end === 0) continue;
    const { bytes, df, last } = remapStream(buf, end, remap);
    ix.streams[t] = bytes.length === 0 ? EMPTY : bytes.slice();
    ix.streamLen[t] = bytes.length;
    ix.lastOrd[t] = last;
    ix.termDf[t] = df;
  }
  const docs = documentArrays(ix, remap, live);
  ix.ordDoc = docs.ordDoc;
  ix.docLen = docs.docLen;
  ix.titleEnd = docs.titleEnd;
  ix.textLen = docs.textLen;
  ix.spanOff = docs.spanOff;
  ix.spanData = docs.spanData;
  ix.deleted = new Uint8Array(ix.ordDoc.length);
  ix.nOrd = live;
  ix.deletedCount = 0;
  ix.ordByDoc.clear();
  for (let o = 0; o < live; o++) ix.ordByDoc.set(ix.ordDoc[o], o);
  ix.lenNormKey = '';
}

/** The per-document arrays without the ordinals `remap` drops (capacity for `live` and more; spanData exact). */
export function documentArrays(ix: SearchState, remap: Int32Array, live: number) {
  const cap = Math.max(16, live);
  const out = { ordDoc: new Int32Array(cap), docLen: new Int32Array(cap), titleEnd: new Int32Array(cap), textLen: new Int32Array(cap), spanOff: new Int32Array(cap + 1), spanData: new Int32Array(0) };
  const spanData = new Int32Array(ix.spanOff[ix.nOrd]);
  let s = 0;
  for (let o = 0; o < ix.nOrd; o++) {
    const nw = remap[o];
    if (nw < 0) continue;
    out.ordDoc[nw] = ix.ordDoc[o];
    out.docLen[nw] = ix.docLen[o];
    out.titleEnd[nw] = ix.titleEnd[o];
    out.textLen[nw] = ix.textLen[o];
    spanData.set(ix.spanData.subarray(ix.spanOff[o], ix.spanOff[o + 1]), s);
    s += ix.spanOff[o + 1] - ix.spanOff[o];
    out.spanOff[nw + 1] = s;
  }
  out.spanData = spanData.slice(0, s);
  return out;
}

/**
 * Stream bytes [0, end) without the postings of ordinals that `remap` maps to -1, the others
 * renumbered (ascending, as compaction and a merged search file need); the result is a view
 * of a new buffer.
 */
export function remapStream(buf: Uint8Array, end: number, remap: Int32Array): { bytes: Uint8Array; df: number; last: number } {
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
  return { bytes: out.subarray(0, w), df, last };
}

/** Reads a term's stream: for each live document it matches, where its positions are and its (title-weighted) tf. */
export function loadTerm(ix: SearchState, q: QTerm): void {
  q.n = 0;
  if (q.termId < 0 || (q.exact && q.variant < 0)) return;
  const buf = termBytes(ix, q.termId);
  const end = ix.streamLen[q.termId];
  const pos = ix.slotPos[q.slot];
  const meta = ix.slotMeta[q.slot];
  const eff = ix.slotEff[q.slot];
  let ords = ix.slotOrds[q.slot];
  const deleted = ix.deleted;
  const wT = ix.params.titleWeight - 1;
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
        const te = ix.titleEnd[ord];
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
    if (n === ords.length) ords = ix.slotOrds[q.slot] = growI32(ords, n + 1);
    ords[n++] = ord;
    pos[ord] = start + 1;
    meta[ord] = tf * 512 + mixed * 256 + v;
    eff[ord] = e;
  }
  q.n = n;
  q.ords = ords;
}

/** Positions of a loaded term in a document (into posBufs[slot], cached per document), spelling-filtered in exact mode. */
export function positions(ix: SearchState, q: QTerm, ord: number): number {
  const key = q.slot;
  if (ix.decodedOrd[key] === ord) return ix.decodedN[key];
  const ps = ix.slotPos[q.slot][ord];
  if (ps === 0) return 0;
  const meta = ix.slotMeta[q.slot][ord];
  const tf = meta >>> 9;
  const mixed = (meta >>> 8) & 1;
  let out = ix.posBufs[q.slot];
  if (out.length < tf) out = ix.posBufs[q.slot] = new Int32Array(tf * 2);
  const buf = termBytes(ix, q.termId);
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
  ix.decodedOrd[key] = ord;
  ix.decodedN[key] = n;
  return n;
}

export function refTerms(ix: SearchState, number: string, codes: string[], year: string | undefined): number[] {
  const out: number[] = [];
  for (const code of codes) {
    for (const t of ix.dict.refIndex.get(refKey(number, code)) ?? []) {
      if (year && parseRefSymbol(ix.dict.keyOf(t))?.year !== year) continue;
      out.push(t);
    }
  }
  return out;
}

export function refClause(ix: SearchState, number: string, codes: string[], year: string | undefined): Clause {
  const g = ++ix.cGen;
  const seen: number[] = [];
  const wT = ix.params.titleWeight - 1;
  for (const t of refTerms(ix, number, codes, year)) {
    const buf = termBytes(ix, t);
    const end = ix.streamLen[t];
    let ord = -1;
    RP = 0;
    while (RP < end) {
      ord += rv(buf);
      const h = rv(buf);
      const titleTf = h & 1 ? rv(buf) : 0;
      skipVariants(buf, h);
      const nb = rv(buf);
      RP += nb;
      if (ix.deleted[ord]) continue;
      if (ix.cStamp[ord] !== g) {
        ix.cStamp[ord] = g;
        ix.cVal[ord] = 0;
        seen.push(ord);
      }
      ix.cVal[ord] += (h >>> 2) + wT * titleTf;
    }
  }
  seen.sort((x, y) => x - y);
  return { ords: seen, values: seen.map((o) => ix.cVal[o]) };
}

/**
 * Skip data of a term, built on first use and kept while its stream is unchanged: for
 * every `block` postings after the first block, the ordinal of the posting before it and
 * the byte offset where the block starts, as (ordinal, offset) pairs. Undefined when the
 * term has too few postings for skipping to pay.
 */
export function skipTable(ix: SearchState, t: number, block: number): Int32Array | undefined {
  if (ix.termDf[t] <= 2 * block) return undefined;
  if (ix.skipOf !== block) {
    ix.skips = [];
    ix.skipOf = block;
  }
  if (ix.skipAt.length < ix.streams.length) ix.skipAt = growI32(ix.skipAt, ix.streams.length);
  const end = ix.streamLen[t];
  const cached = ix.skips[t];
  if (cached && ix.skipAt[t] === end) return cached;
  const buf = termBytes(ix, t);
  const out = new Int32Array(2 * Math.floor(ix.termDf[t] / block));
  let k = 0;
  let i = 0;
  let ord = -1;
  RP = 0;
  while (RP < end) {
    if (i > 0 && i % block === 0 && k < out.length) {
      out[k++] = ord;
      out[k++] = RP;
    }
    ord += rv(buf);
    const h = rv(buf);
    if (h & 1) rv(buf);
    skipVariants(buf, h);
    // Not `RP += rv(buf)`: that reads RP before rv moves it.
    const nb = rv(buf);
    RP += nb;
    i++;
  }
  const table = k === out.length ? out : out.slice(0, k);
  ix.skips[t] = table;
  ix.skipAt[t] = end;
  return table;
}

