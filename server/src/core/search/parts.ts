/**
 * The index as a few flat parts for moving it between processes (a file, IPC): the postings
 * in one byte buffer, the per-term and per-document typed arrays, the dictionary as two
 * strings. The buffers are the index's own (no copy is made here) and the strings are one
 * block each, so a serializer copies a few large blocks, never a graph of small objects; the
 * receiver rebuilds the dictionary a slice of terms at a time (`fromPartsSteps`), so a host
 * can answer requests in between.
 *
 * Pure: no I/O, no processes (the host writes or posts the parts).
 */

import { growI32, SearchState } from './state';

export interface SearchParts {
  /** Term keys, one per line. */
  keys: string;
  /** Per term (one per line): its spellings, separated by U+0001. */
  spellings: string;
  liveLen: number;
  nOrd: number;
  /** Every term's stream, term after term: term t is postings[termOff[t], termOff[t + 1]). */
  postings: Uint8Array<ArrayBuffer>;
  termOff: Int32Array<ArrayBuffer>;
  lastOrd: Int32Array<ArrayBuffer>;
  termDf: Int32Array<ArrayBuffer>;
  ordDoc: Int32Array<ArrayBuffer>;
  docLen: Int32Array<ArrayBuffer>;
  titleEnd: Int32Array<ArrayBuffer>;
  textLen: Int32Array<ArrayBuffer>;
  spanOff: Int32Array<ArrayBuffer>;
  spanData: Int32Array<ArrayBuffer>;
  /**
   * When the terms are in key order (a segment file, `partsPieces`): the id each had in its
   * index (the order it was first met, which the in-memory merge's numbering follows).
   * Absent: the terms are in id order.
   */
  termSeq?: Int32Array<ArrayBuffer>;
}

const TERM_SEP = '\n';
const SPELLING_SEP = '\u0001';

/**
 * The parts of an index with no deleted documents (a merged or freshly built one). They share
 * the index's arrays, so the index must not be used afterwards.
 * The postings are not copied when the streams already lie term after term in one buffer
 * (as merge.ts writes them).
 */
export function toParts(s: SearchState): SearchParts {
  const { keys, spellings, termOff } = dictionaryParts(s);
  const postings = joinedStreams(s, termOff);
  return {
    keys,
    spellings,
    liveLen: s.liveLen,
    nOrd: s.nOrd,
    postings,
    termOff,
    lastOrd: s.lastOrd,
    termDf: s.termDf,
    ordDoc: s.ordDoc,
    docLen: s.docLen,
    titleEnd: s.titleEnd,
    textLen: s.textLen,
    spanOff: s.spanOff,
    spanData: s.spanData,
  };
}

/**
 * The dictionary as two strings and where each term's stream starts in the joined postings,
 * terms in the order `order` gives (ids; default id order); checks the index can move.
 */
function dictionaryParts(s: SearchState, order?: Int32Array): { keys: string; spellings: string; termOff: Int32Array<ArrayBuffer> } {
  if (s.deletedCount > 0) throw new Error('index has deleted documents: compact it first');
  if (s.disk) throw new Error('index reads a search file: only in-memory indexes move as parts');
  const nTerms = s.dict.size;
  const keys: string[] = [];
  const spellings: string[] = [];
  for (let i = 0; i < nTerms; i++) {
    const t = order ? order[i] : i;
    const key = s.dict.keyOf(t);
    const names = s.dict.spellingsOf(t);
    if (key.includes(TERM_SEP) || names.some((v) => v.includes(TERM_SEP) || v.includes(SPELLING_SEP))) throw new Error(`term ${JSON.stringify(key)} holds a separator`);
    keys.push(key);
    spellings.push(names.join(SPELLING_SEP));
  }
  const termOff = new Int32Array(nTerms + 1);
  for (let i = 0; i < nTerms; i++) termOff[i + 1] = termOff[i] + s.streamLen[order ? order[i] : i];
  return { keys: keys.join(TERM_SEP), spellings: spellings.join(TERM_SEP), termOff };
}

/** Term ids sorted by key (JavaScript string order, as the search file sorts them). */
export function keyOrder(s: SearchState): Int32Array<ArrayBuffer> {
  const keys = Array.from({ length: s.dict.size }, (_, t) => s.dict.keyOf(t));
  return Int32Array.from(keys.keys()).sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : 0));
}

/** The typed arrays of SearchParts besides the postings, in the order the bytes form keeps them. */
export const ARRAY_PARTS = ['termOff', 'lastOrd', 'termDf', 'termSeq', 'ordDoc', 'docLen', 'titleEnd', 'textLen', 'spanOff', 'spanData'] as const;

/**
 * The parts of an index as bytes (a segment file), terms in key order as Lucene keeps a
 * segment's terms, so segments merge by walking their terms side by side
 * (segmentMerge.ts); `termSeq` keeps each term's id. Layout: a header (u32 length, then
 * JSON: the dictionary strings, the scalars, each array's length), the postings term after
 * term, then the arrays; every section starts at a multiple of 4 so `partsFromBytes` can view
 * the arrays in place. Streams are copied into chunks of `chunkBytes` (a write per term
 * would be one system call per term); the index's own streams are not joined first.
 */
export function* partsPieces(s: SearchState, chunkBytes = 1 << 20): Generator<Uint8Array> {
  const order = keyOrder(s);
  const { keys, spellings, termOff } = dictionaryParts(s, order);
  const pick = (a: Int32Array) => Int32Array.from(order, (t) => a[t]);
  const arrays = { termOff, lastOrd: pick(s.lastOrd), termDf: pick(s.termDf), termSeq: order, ordDoc: s.ordDoc, docLen: s.docLen, titleEnd: s.titleEnd, textLen: s.textLen, spanOff: s.spanOff, spanData: s.spanData };
  const nTerms = termOff.length - 1;
  const lengths = ARRAY_PARTS.map((name) => arrays[name].length);
  const header = new TextEncoder().encode(JSON.stringify({ keys, spellings, liveLen: s.liveLen, nOrd: s.nOrd, postingBytes: termOff[nTerms], lengths } satisfies SegmentHeader));
  const start = new Uint8Array(4);
  new DataView(start.buffer).setUint32(0, header.length, true);
  yield start;
  yield header;
  yield new Uint8Array(pad4(header.length));
  let chunk = new Uint8Array(chunkBytes);
  let at = 0;
  for (let i = 0; i < nTerms; i++) {
    const t = order[i];
    const stream = s.streams[t].subarray(0, s.streamLen[t]);
    if (at + stream.length > chunk.length) {
      if (at > 0) yield chunk.subarray(0, at);
      chunk = new Uint8Array(chunkBytes);
      at = 0;
      if (stream.length > chunk.length) {
        yield stream;
        continue;
      }
    }
    chunk.set(stream, at);
    at += stream.length;
  }
  if (at > 0) yield chunk.subarray(0, at);
  yield new Uint8Array(pad4(termOff[nTerms]));
  for (const name of ARRAY_PARTS) yield new Uint8Array(arrays[name].buffer, arrays[name].byteOffset, arrays[name].length * 4);
}

/** The JSON header of a segment file. */
export interface SegmentHeader {
  keys: string;
  spellings: string;
  liveLen: number;
  nOrd: number;
  postingBytes: number;
  /** Elements of each of ARRAY_PARTS. */
  lengths: number[];
}

/** Where the sections of a segment file lie: its header, the postings' offset, each array's offset (bytes). */
export interface SegmentLayout {
  header: SegmentHeader;
  postingsAt: number;
  arrayAt: number[];
  /** Bytes the sections need. */
  end: number;
}

/** A segment file's layout, from `read(offset, length)` of its bytes (`size` of them); throws on a file that is not one. */
export function segmentLayout(read: (offset: number, length: number) => Uint8Array, size: number): SegmentLayout {
  if (size < 4) throw new Error('search parts: too short');
  const b = read(0, 4);
  const headerLength = new DataView(b.buffer, b.byteOffset, 4).getUint32(0, true);
  if (4 + headerLength > size) throw new Error('search parts: the header runs past the end');
  const header = JSON.parse(new TextDecoder().decode(read(4, headerLength))) as SegmentHeader;
  if (!Array.isArray(header.lengths) || header.lengths.length !== ARRAY_PARTS.length) throw new Error('search parts: not a segment of this version');
  let at = 4 + headerLength + pad4(headerLength);
  const postingsAt = at;
  at += header.postingBytes + pad4(header.postingBytes);
  const arrayAt = header.lengths.map((n) => {
    const here = at;
    at += n * 4;
    return here;
  });
  if (at > size) throw new Error('search parts: a section runs past the end');
  return { header, postingsAt, arrayAt, end: at };
}

/** The parts written by `partsPieces`, read back: the arrays are views of `bytes` when it is aligned (copies otherwise). */
export function partsFromBytes(bytes: Uint8Array): SearchParts {
  // A plain Uint8Array view (a Node Buffer's subarray would be a Buffer).
  const view = (offset: number, length: number) => new Uint8Array(bytes.buffer as ArrayBuffer, bytes.byteOffset + offset, length);
  const { header, postingsAt, arrayAt } = segmentLayout(view, bytes.length);
  const arrays = {} as Record<(typeof ARRAY_PARTS)[number], Int32Array<ArrayBuffer>>;
  ARRAY_PARTS.forEach((name, k) => {
    const raw = view(arrayAt[k], header.lengths[k] * 4);
    arrays[name] = raw.byteOffset % 4 === 0 ? new Int32Array(raw.buffer, raw.byteOffset, header.lengths[k]) : new Int32Array(raw.slice().buffer as ArrayBuffer);
  });
  return { keys: header.keys, spellings: header.spellings, liveLen: header.liveLen, nOrd: header.nOrd, postings: view(postingsAt, header.postingBytes), ...arrays };
}

function pad4(n: number): number {
  return (4 - (n % 4)) % 4;
}

/** All postings in term order (termOff: where each term starts): a view when the streams already lie so in one buffer, else a copy. */
export function joinedStreams(s: SearchState, termOff: Int32Array): Uint8Array<ArrayBuffer> {
  const n = termOff.length - 1;
  if (n === 0) return new Uint8Array(0);
  const buffer = s.streams[0].buffer;
  const base = s.streams[0].byteOffset;
  let inPlace = true;
  for (let t = 0; t < n && inPlace; t++) inPlace = s.streamLen[t] === 0 || (s.streams[t].buffer === buffer && s.streams[t].byteOffset === base + termOff[t]);
  if (inPlace) return new Uint8Array(buffer as ArrayBuffer, base, termOff[n]);
  const out = new Uint8Array(termOff[n]);
  for (let t = 0; t < n; t++) out.set(s.streams[t].subarray(0, s.streamLen[t]), termOff[t]);
  return out;
}

/**
 * Rebuilds the index from its parts, yielding after every `slice` terms or documents so that
 * the caller can pause between slices; the generator's return value is the index.
 */
export function* fromPartsSteps(parts: SearchParts, slice = 2000): Generator<void, SearchState> {
  const s = new SearchState();
  const keys = parts.keys === '' && parts.termOff.length <= 1 ? [] : parts.keys.split(TERM_SEP);
  const spellings = parts.spellings.split(TERM_SEP);
  const nTerms = parts.termOff.length - 1;
  if (keys.length !== nTerms) throw new Error(`search parts: ${keys.length} keys for ${nTerms} terms`);
  // Terms in key order (a segment) are interned back in id order: the position of each id.
  const at = new Int32Array(nTerms).map((_, i) => i);
  if (parts.termSeq) {
    if (parts.termSeq.length !== nTerms) throw new Error(`search parts: ${parts.termSeq.length} term ids for ${nTerms} terms`);
    parts.termSeq.forEach((t, i) => (at[t] = i));
  }
  for (let t = 0; t < nTerms; t++) {
    s.dict.intern(keys[at[t]]);
    if (spellings[at[t]] !== '') for (const v of spellings[at[t]].split(SPELLING_SEP)) s.dict.variantOf(t, v, true);
    if (t % slice === slice - 1) yield;
  }
  if (s.dict.size !== nTerms) throw new Error('search parts: a term appears twice');
  s.ensureTerms(nTerms);
  const { postings, termOff } = parts;
  for (let t = 0; t < nTerms; t++) {
    const i = at[t];
    s.streams[t] = postings.subarray(termOff[i], termOff[i + 1]);
    s.streamLen[t] = termOff[i + 1] - termOff[i];
    s.lastOrd[t] = parts.lastOrd[i];
    s.termDf[t] = parts.termDf[i];
  }
  yield;
  const n = parts.nOrd;
  const cap = Math.max(16, n);
  s.ordDoc = growI32(parts.ordDoc, cap);
  s.docLen = growI32(parts.docLen, cap);
  s.titleEnd = growI32(parts.titleEnd, cap);
  s.textLen = growI32(parts.textLen, cap);
  s.spanOff = growI32(parts.spanOff, cap + 1);
  s.spanData = parts.spanData;
  s.deleted = new Uint8Array(s.ordDoc.length);
  s.nOrd = n;
  s.liveLen = parts.liveLen;
  for (let o = 0; o < n; o++) {
    s.ordByDoc.set(s.ordDoc[o], o);
    if (o % slice === slice - 1) yield;
  }
  return s;
}

/** Rebuilds the index from its parts in one go. */
export function fromParts(parts: SearchParts): SearchState {
  const steps = fromPartsSteps(parts);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}
