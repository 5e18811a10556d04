/**
 * The serialized image of the index (the persisted cache): magic, version, document
 * count, dictionary (JSON), postings, then the per-term and per-document arrays
 * (little-endian int32).
 */

import { compactIndex, readTerm } from './postings';
import { SearchState, growI32 } from './state';

const FORMAT_MAGIC = 0x58534c50; // "PLSX" little-endian
const FORMAT_VERSION = 3;

/**
 * Versioned binary image: magic, version, document count, dictionary (JSON), postings,
 * then the per-term and per-document arrays (little-endian int32). Deleted documents are
 * compacted away first.
 */
export function writeImage(ix: SearchState): Uint8Array {
  compactIndex(ix);
  const nTerms = ix.dict.size;
  const n = ix.nOrd;
  const keys: string[] = [];
  const variants: (readonly string[])[] = [];
  for (let t = 0; t < nTerms; t++) {
    keys.push(ix.dict.keyOf(t));
    variants.push(ix.dict.spellingsOf(t));
  }
  const meta = JSON.stringify({ keys, variants, liveLen: ix.liveLen });
  const metaBytes = new TextEncoder().encode(meta);
  const termOff = new Int32Array(nTerms + 1);
  for (let t = 0; t < nTerms; t++) termOff[t + 1] = termOff[t] + ix.streamLen[t];
  const arrays: Int32Array[] = [
    termOff,
    ix.lastOrd.subarray(0, nTerms),
    ix.termDf.subarray(0, nTerms),
    ix.ordDoc.subarray(0, n),
    ix.docLen.subarray(0, n),
    ix.titleEnd.subarray(0, n),
    ix.textLen.subarray(0, n),
    ix.spanOff.subarray(0, n + 1),
    ix.spanData.subarray(0, ix.spanOff[n]),
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
  for (let t = 0; t < nTerms; t++) out.set(readTerm(ix, t), at + termOff[t]);
  at += pad(postLen);
  for (const a of arrays) {
    dv.setUint32(at, a.length, true);
    at += 4;
    for (let i = 0; i < a.length; i++, at += 4) dv.setInt32(at, a[i], true);
  }
  return out;
}

export function readImage(bytes: Uint8Array): SearchState {
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
  const idx = new SearchState();
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
