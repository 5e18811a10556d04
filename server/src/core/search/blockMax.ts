/**
 * Block-max metadata: for every block of `block` postings of a term (the blocks of the
 * skip data, postings.ts `skipTable`), the largest title-weighted term frequency and the
 * shortest document length in it. With the length norm of the query's statistics this
 * bounds the BM25 contribution of the term to any document of the block (the largest
 * frequency over the shortest document), so the scorer can tell which documents cannot
 * reach the top k without reading the rest of their postings (maxScore.ts).
 *
 * Built on first use and kept while the term's stream is unchanged, like the skip data;
 * nothing is persisted. Deleted documents stay in the blocks: they only loosen the bound.
 */

import { termBytes } from './postings';
import { SearchState, growI32 } from './state';

/** The one place this module (and maxScore.ts) reads a term's postings bytes (on the heap or from the search file: postings.ts `termBytes`). */
export function termStream(ix: SearchState, t: number): Uint8Array {
  return termBytes(ix, t);
}

/** A position in a term's bytes (the probes and block-max passes; the hot loops keep theirs in locals). */
export interface Cursor {
  buf: Uint8Array;
  rp: number;
}

/** The varint at the cursor, which moves past it. */
export function readVarint(c: Cursor): number {
  const buf = c.buf;
  let b = buf[c.rp++];
  if (b < 128) return b;
  let v = b & 127;
  let shift = 7;
  do {
    b = buf[c.rp++];
    v |= (b & 127) << shift;
    shift += 7;
  } while (b >= 128);
  return v >>> 0;
}

/**
 * (largest title-weighted tf, shortest document length) per block of `block` postings,
 * block i covering postings [i * block, (i + 1) * block): the block after skip entry i - 1.
 */
export function blockMaxTable(ix: SearchState, t: number, block: number): Int32Array {
  if (ix.blockMaxOf !== block) {
    ix.blockMax = [];
    ix.blockMaxOf = block;
  }
  if (ix.blockMaxAt.length < ix.streams.length) ix.blockMaxAt = growI32(ix.blockMaxAt, ix.streams.length);
  const end = ix.streamLen[t];
  const cached = ix.blockMax[t];
  if (cached && ix.blockMaxAt[t] === end) return cached;
  const buf = termStream(ix, t);
  const wT = ix.params.titleWeight - 1;
  const out = new Int32Array(2 * Math.ceil(Math.max(1, ix.termDf[t]) / block));
  let i = 0;
  let ord = -1;
  const c: Cursor = { buf, rp: 0 };
  const read = () => readVarint(c);
  let maxE = 0;
  let minLen = 0x7fffffff;
  while (c.rp < end) {
    ord += read();
    const h = read();
    const titleTf = h & 1 ? read() : 0;
    if (!(h & 2)) read();
    else for (let k = read() * 2; k > 0; k--) read();
    const nb = read();
    c.rp += nb;
    const e = (h >>> 2) + wT * titleTf;
    if (e > maxE) maxE = e;
    if (ix.docLen[ord] < minLen) minLen = ix.docLen[ord];
    i++;
    if (i % block === 0 || c.rp >= end) {
      const at = 2 * (Math.ceil(i / block) - 1);
      out[at] = maxE;
      out[at + 1] = minLen;
      maxE = 0;
      minLen = 0x7fffffff;
    }
  }
  ix.blockMax[t] = out;
  ix.blockMaxAt[t] = end;
  return out;
}

/** The query's average document length, as `SearchState.lengthNorms` computes it. */
export function averageLength(ix: SearchState): number {
  return Math.max(1, ix.liveLen / Math.max(1, ix.ordByDoc.size));
}

/**
 * An upper bound of w * e / (e + norm) over block i: its largest tf over the length norm
 * of its shortest document, computed with the expression of `SearchState.lengthNorms`
 * (so the rounding keeps the bound at or above every document's contribution).
 */
export function blockBound(ix: SearchState, table: Int32Array, i: number, w: number, avg: number): number {
  const e = table[2 * i];
  if (e === 0) return 0;
  const { k1, b } = ix.params;
  const norm = k1 * (1 - b + (b * table[2 * i + 1]) / avg);
  return (w * e) / (e + norm);
}

/** The largest block bound of a term: the most it can add to any one document. */
export function termBound(ix: SearchState, table: Int32Array, w: number, avg: number): number {
  let best = 0;
  for (let i = 0, n = table.length >> 1; i < n; i++) best = Math.max(best, blockBound(ix, table, i, w, avg));
  return best;
}
