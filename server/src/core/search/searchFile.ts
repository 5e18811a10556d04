/**
 * The search file (`.plsx`): the index as the host keeps it on disk, read on demand.
 *
 *   header   16 bytes: magic "PLSF", version, 0, 0
 *   postings every term's stream, terms in key order (sorted: the term id is the rank)
 *   meta     read whole at open, checked by one CRC-32 (in the trailer):
 *              term keys (front-coded, termKeys.ts), spellings, then per term the offset
 *              in the postings block (float64, n + 1), CRC-32, document count and last
 *              ordinal (int32), then per document ordinal the id, length, title end, text
 *              length, span offsets (n + 1) and the span triples (int32)
 *   trailer  TRAILER_BYTES: magic "PLST", version, generation (two u32), term and
 *            document counts, where the meta starts and its parts' lengths, liveLen,
 *            the meta's CRC, the trailer's own CRC, end magic "PLSE"
 *
 * The postings are not checked at open: each term's bytes are checked against their CRC
 * when read (diskPostings.ts). A file is written by a generator of byte pieces from a
 * snapshot of the index, dropping deleted documents as it goes (the merge of the file and
 * the in-memory delta into a new file, ordinals renumbered densely as `compact` does), so
 * the whole file never sits in memory; the host writes the pieces to a temporary file and
 * renames it.
 */

import { Checksum, DiskPostings, PostingSource, SearchFileError, SearchFileOptions, crc32 } from './diskPostings';
import { TermDictionary } from './dictionary';
import { documentArrays, readTerm, remapStream } from './postings';
import { SearchState } from './state';
import { CompactTerms, encodeSpellings, encodeTermKeys } from './termKeys';

const MAGIC = 0x46534c50; // "PLSF"
const TRAILER_MAGIC = 0x54534c50; // "PLST"
const END_MAGIC = 0x45534c50; // "PLSE"
export const SEARCH_FILE_VERSION = 1;
const HEADER_BYTES = 16;
const TRAILER_BYTES = 64;
/** Postings are handed out in pieces of about this size. */
const PIECE = 1 << 20;

/** A file's generation: two random u32, recorded by the host's cache header too. */
export type Generation = [number, number];

export interface OpenedSearchFile {
  state: SearchState;
  generation: Generation;
}

/**
 * The pieces of a search file holding `ix` as it is now (deleted documents left out). The
 * snapshot is taken on the first `next()`; adds and removes while the pieces are consumed
 * do not change what is written (postings are append-only; the small arrays are copied).
 */
export interface FileWriteOptions {
  /** The CRC-32 implementation (default the core's loop). */
  checksum?: Checksum;
  /** Postings are handed out in pieces of about this many bytes (default 1 MB). */
  pieceBytes?: number;
}

export function* searchFilePieces(ix: SearchState, generation: Generation, opts: FileWriteOptions = {}): Generator<Uint8Array> {
  const checksum = opts.checksum ?? crc32;
  // Snapshot.
  const nTerms = ix.dict.size;
  const nOrd = ix.nOrd;
  const lens = ix.streamLen.slice(0, nTerms);
  const heap = ix.streams.slice(0, nTerms);
  const disk = ix.disk;
  const deleted = ix.deleted.slice(0, nOrd);
  const dfs = ix.termDf.slice(0, nTerms);
  const lasts = ix.lastOrd.slice(0, nTerms);
  const liveLen = ix.liveLen;
  const keys: string[] = new Array(nTerms);
  const spellings: string[][] = new Array(nTerms);
  for (let t = 0; t < nTerms; t++) {
    keys[t] = ix.dict.keyOf(t);
    spellings[t] = ix.dict.spellingsOf(t).slice();
  }
  const remap = new Int32Array(nOrd);
  let live = 0;
  for (let o = 0; o < nOrd; o++) remap[o] = deleted[o] ? -1 : live++;
  const anyDeleted = live < nOrd;
  const doc = documentArrays(ix, remap, live);
  // A term's logical stream from the snapshot (file bytes, then the heap part as it was).
  const view = { streams: heap, streamLen: lens, disk } as unknown as SearchState;
  const order = Array.from({ length: nTerms }, (_, i) => i).sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : 0));

  const termOff = new Float64Array(nTerms + 1);
  const termCrc = new Uint32Array(nTerms);
  const termDf = new Int32Array(nTerms);
  const lastOrd = new Int32Array(nTerms);
  yield searchFileHeader();
  const pieces = new PostingPieces(opts.pieceBytes);
  const ready: Uint8Array[] = [];
  let at = 0;
  for (let i = 0; i < nTerms; i++) {
    const t = order[i];
    let bytes = readTerm(view, t);
    let df = dfs[t];
    let last = lasts[t];
    if (anyDeleted && bytes.length > 0) ({ bytes, df, last } = remapStream(bytes, bytes.length, remap));
    termOff[i] = at;
    termCrc[i] = checksum(bytes) >>> 0;
    termDf[i] = df;
    lastOrd[i] = last;
    at += bytes.length;
    pieces.add(bytes, ready);
    while (ready.length > 0) yield ready.shift()!;
  }
  termOff[nTerms] = at;
  pieces.flush(ready);
  yield* ready;
  const keyBlob = encodeTermKeys(order.map((t) => keys[t]));
  const spellBlob = encodeSpellings(order.map((t) => spellings[t]));
  yield* searchFileTail({ generation, postingBytes: at, keyBlob, spellBlob, termOff, termCrc, termDf, lastOrd, doc, live, liveLen }, checksum);
}

/** Gathers term streams into pieces of about `pieceBytes` (a write per term would be a system call per term). */
export class PostingPieces {
  private piece: Uint8Array;
  private fill = 0;

  constructor(pieceBytes = PIECE) {
    this.piece = new Uint8Array(Math.max(1, pieceBytes));
  }

  /** Adds a term's bytes (copied); pushes the pieces now complete onto `ready`. */
  add(bytes: Uint8Array, ready: Uint8Array[]): void {
    if (this.fill + bytes.length > this.piece.length) {
      if (this.fill > 0) ready.push(this.piece.slice(0, this.fill));
      this.fill = 0;
      if (bytes.length > this.piece.length) {
        ready.push(bytes.slice());
        return;
      }
    }
    this.piece.set(bytes, this.fill);
    this.fill += bytes.length;
  }

  /** Pushes the last, partial piece. */
  flush(ready: Uint8Array[]): void {
    if (this.fill > 0) ready.push(this.piece.slice(0, this.fill));
    this.fill = 0;
  }
}

/** A search file's parts after its postings: the dictionary and the document table. */
export interface SearchFileMeta {
  generation: Generation;
  /** Bytes of the postings block (which the header starts and the meta follows). */
  postingBytes: number;
  keyBlob: Uint8Array;
  spellBlob: Uint8Array;
  /** Per term (key order): its stream's offset in the postings (n + 1), CRC-32, document count, last ordinal. */
  termOff: Float64Array;
  termCrc: Uint32Array;
  termDf: Int32Array;
  lastOrd: Int32Array;
  /** Per-document arrays (at least `live` entries; spanOff live + 1). */
  doc: { ordDoc: Int32Array; docLen: Int32Array; titleEnd: Int32Array; textLen: Int32Array; spanOff: Int32Array; spanData: Int32Array };
  live: number;
  liveLen: number;
}

/** The pieces after the postings: padding, the meta (checked by one CRC) and the trailer. */
export function* searchFileTail(m: SearchFileMeta, checksum: Checksum = crc32): Generator<Uint8Array> {
  const nTerms = m.termOff.length - 1;
  const { doc, live } = m;
  // The meta starts 4-aligned.
  const pad = (4 - ((HEADER_BYTES + m.postingBytes) & 3)) & 3;
  if (pad > 0) yield new Uint8Array(pad);
  const parts: Uint8Array[] = [
    padded(m.keyBlob),
    padded(m.spellBlob),
    bytesOf(m.termOff),
    bytesOf(m.termCrc),
    bytesOf(m.termDf),
    bytesOf(m.lastOrd),
    bytesOf(doc.ordDoc.subarray(0, live)),
    bytesOf(doc.docLen.subarray(0, live)),
    bytesOf(doc.titleEnd.subarray(0, live)),
    bytesOf(doc.textLen.subarray(0, live)),
    bytesOf(doc.spanOff.subarray(0, live + 1)),
    bytesOf(doc.spanData),
  ];
  let metaCrc = 0;
  for (const p of parts) metaCrc = checksum(p, metaCrc) >>> 0;
  const metaStart = HEADER_BYTES + m.postingBytes + pad;
  for (const p of parts) yield p;

  const trailer = new Uint8Array(TRAILER_BYTES);
  const dv = new DataView(trailer.buffer);
  dv.setUint32(0, TRAILER_MAGIC, true);
  dv.setUint32(4, SEARCH_FILE_VERSION, true);
  dv.setUint32(8, m.generation[0] >>> 0, true);
  dv.setUint32(12, m.generation[1] >>> 0, true);
  dv.setUint32(16, nTerms, true);
  dv.setUint32(20, live, true);
  dv.setFloat64(24, metaStart, true);
  dv.setUint32(32, m.keyBlob.length, true);
  dv.setUint32(36, m.spellBlob.length, true);
  dv.setUint32(40, doc.spanData.length, true);
  dv.setFloat64(44, m.liveLen, true);
  dv.setUint32(52, metaCrc, true);
  dv.setUint32(56, crc32(trailer.subarray(0, 56)), true);
  dv.setUint32(60, END_MAGIC, true);
  yield trailer;
}

/** A copy in a buffer of its own (a Node Buffer's `slice` would share the pool's memory). */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function copy(b: Uint8Array): Uint8Array {
  return new Uint8Array(b);
}

/** The first bytes of a search file (the postings follow). */
export function searchFileHeader(): Uint8Array {
  const h = new Uint8Array(HEADER_BYTES);
  const dv = new DataView(h.buffer);
  dv.setUint32(0, MAGIC, true);
  dv.setUint32(4, SEARCH_FILE_VERSION, true);
  return h;
}

function padded(b: Uint8Array): Uint8Array {
  const n = (b.length + 3) & ~3;
  if (n === b.length) return b;
  const out = new Uint8Array(n);
  out.set(b);
  return out;
}

/** Little-endian bytes of a typed array (a copy: the snapshot's arrays may be views). */
function bytesOf(a: Float64Array | Int32Array | Uint32Array): Uint8Array {
  const out = new Uint8Array(a.byteLength);
  const dv = new DataView(out.buffer);
  const size = a.BYTES_PER_ELEMENT;
  for (let i = 0; i < a.length; i++) {
    if (a instanceof Float64Array) dv.setFloat64(i * size, a[i], true);
    else if (a instanceof Uint32Array) dv.setUint32(i * size, a[i], true);
    else dv.setInt32(i * size, a[i], true);
  }
  return out;
}

/**
 * Opens a search file: reads the header, trailer and meta (checked), and leaves the
 * postings in the file, read through a cache of at most `opts.cacheBytes`. Throws
 * SearchFileError with the reason when the file is not one, is another version, is
 * truncated or damaged.
 */
export function openSearchFile(source: PostingSource, opts: SearchFileOptions = {}): OpenedSearchFile {
  const checksum = opts.checksum ?? crc32;
  const size = source.size;
  if (size < HEADER_BYTES + TRAILER_BYTES) throw new SearchFileError(`truncated search file (${size} bytes)`);
  const read = (offset: number, length: number): Uint8Array => {
    try {
      const b = source.read(offset, length);
      if (b.length !== length) throw new Error(`short read: ${b.length} of ${length} bytes`);
      return b;
    } catch (e) {
      if (e instanceof SearchFileError) throw e;
      throw new SearchFileError(`cannot read the search file (${(e as Error).message})`);
    }
  };
  const head = new DataView(copy(read(0, HEADER_BYTES)).buffer);
  if (head.getUint32(0, true) !== MAGIC) throw new SearchFileError('not a Policy Lens search file');
  const version = head.getUint32(4, true);
  if (version !== SEARCH_FILE_VERSION) throw new SearchFileError(`search file version ${version}, this version reads ${SEARCH_FILE_VERSION}`);
  const trailer = copy(read(size - TRAILER_BYTES, TRAILER_BYTES));
  const dv = new DataView(trailer.buffer);
  if (dv.getUint32(0, true) !== TRAILER_MAGIC || dv.getUint32(60, true) !== END_MAGIC) throw new SearchFileError('truncated search file (no trailer)');
  if (dv.getUint32(56, true) !== crc32(trailer.subarray(0, 56))) throw new SearchFileError('damaged search file (trailer checksum)');
  const generation: Generation = [dv.getUint32(8, true), dv.getUint32(12, true)];
  const nTerms = dv.getUint32(16, true);
  const n = dv.getUint32(20, true);
  const metaStart = dv.getFloat64(24, true);
  const keyLen = dv.getUint32(32, true);
  const spellLen = dv.getUint32(36, true);
  const spanN = dv.getUint32(40, true);
  const liveLen = dv.getFloat64(44, true);
  const pad = (x: number) => (x + 3) & ~3;
  const metaLen = pad(keyLen) + pad(spellLen) + 8 * (nTerms + 1) + 12 * nTerms + 16 * n + 4 * (n + 1) + 4 * spanN;
  if (metaStart + metaLen + TRAILER_BYTES !== size) throw new SearchFileError(`damaged search file (its parts do not add up to its ${size} bytes)`);
  const meta = read(metaStart, metaLen);
  if (checksum(meta) >>> 0 !== dv.getUint32(52, true)) throw new SearchFileError('damaged search file (dictionary or document table checksum)');
  let at = 0;
  // When the read gave a buffer of its own (the file source does), the integer columns on a
  // little-endian host (every platform the server runs on) are views of it, not copies: a
  // warm start touches no fresh memory for them (on this project's VM each fresh page costs
  // tens of microseconds). A source that hands out views of its bytes (bufferSource) gets
  // copies, so the index never writes into them; the DataView loops stay for other hosts.
  const views = LITTLE_ENDIAN && meta.byteOffset === 0 && meta.buffer.byteLength === meta.length;
  const take = (bytes: number): Uint8Array => {
    const b = copy(meta.subarray(at, at + bytes));
    at += pad(bytes);
    return b;
  };
  const keyBlob = take(keyLen);
  const spellBlob = take(spellLen);
  const f64 = (count: number) => {
    if (LITTLE_ENDIAN) {
      // One copy of the bytes (the column may not sit at a multiple of 8 for a view).
      const a = new Float64Array(count);
      new Uint8Array(a.buffer).set(meta.subarray(at, at + 8 * count));
      at += 8 * count;
      return a;
    }
    const b = take(8 * count);
    const v = new DataView(b.buffer);
    const a = new Float64Array(count);
    for (let i = 0; i < count; i++) a[i] = v.getFloat64(8 * i, true);
    return a;
  };
  const i32 = (count: number, cap = count) => {
    if (views && cap === count) {
      const a = new Int32Array(meta.buffer as ArrayBuffer, meta.byteOffset + at, count);
      at += 4 * count;
      return count > 0 ? a : new Int32Array(1);
    }
    const b = take(4 * count);
    const v = new DataView(b.buffer);
    const a = new Int32Array(Math.max(cap, 1));
    for (let i = 0; i < count; i++) a[i] = v.getInt32(4 * i, true);
    return a;
  };
  const termOff = f64(nTerms + 1);
  const crcColumn = i32(nTerms);
  const termCrc = new Uint32Array(crcColumn.buffer, crcColumn.byteOffset, nTerms);
  const termDf = i32(nTerms);
  const lastOrd = i32(nTerms);
  const cap = Math.max(16, n);
  const ordDoc = i32(n, cap);
  const docLen = i32(n, cap);
  const titleEnd = i32(n, cap);
  const textLen = i32(n, cap);
  const spanOff = i32(n + 1, cap + 1);
  const spanData = i32(spanN);
  if (termOff[nTerms] + HEADER_BYTES > metaStart) throw new SearchFileError('damaged search file (postings run past their block)');
  let terms: CompactTerms;
  try {
    terms = new CompactTerms(keyBlob, spellBlob, nTerms);
  } catch (e) {
    throw new SearchFileError(`damaged search file (${(e as Error).message})`);
  }
  const ix = new SearchState(TermDictionary.fromCompact(terms));
  ix.ensureTerms(nTerms);
  for (let t = 0; t < nTerms; t++) {
    ix.streamLen[t] = termOff[t + 1] - termOff[t];
    ix.termDf[t] = termDf[t];
    ix.lastOrd[t] = lastOrd[t];
  }
  ix.disk = new DiskPostings(source, HEADER_BYTES, termOff, termCrc, opts.cacheBytes, checksum);
  ix.ordDoc = ordDoc;
  ix.docLen = docLen;
  ix.titleEnd = titleEnd;
  ix.textLen = textLen;
  ix.spanOff = spanOff;
  ix.spanData = spanData;
  ix.deleted = new Uint8Array(ordDoc.length);
  ix.nOrd = n;
  ix.liveLen = liveLen;
  for (let o = 0; o < n; o++) ix.ordByDoc.set(ordDoc[o], o);
  if (ix.ordByDoc.size !== n) throw new SearchFileError('damaged search file (a document id appears twice)');
  return { state: ix, generation };
}
