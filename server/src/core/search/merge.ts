/**
 * Merging shards of the search index into one, as Lucene merges segments: the index
 * workers of a cold build each index their own share of the documents (a shard, with the
 * document ids the main thread assigned) and the shards are merged here into the index a
 * single thread would have built adding every document in id order. Exactly that index:
 * the same term ids, spelling ids, postings bytes and per-document arrays, so it searches
 * and serializes the same (a property test checks both).
 *
 * How the sequential numbering is recovered without the documents:
 *  - documents: ordinals in ascending id order (each shard's ordinals must ascend by id);
 *  - terms: a sequential build interns a term at its first occurrence, so terms are sorted
 *    by the (merged) ordinal of their first posting; terms first met in the same document
 *    all come from the shard holding it, where they were interned in token order, so the
 *    shard's term id breaks the tie;
 *  - spellings of a term: likewise by the first document using each, then by the order of
 *    first use inside it (the spelling histogram's order);
 *  - postings: each term's entries from every shard, in merged ordinal order; an entry is
 *    copied as it is unless its spellings were renumbered, and re-encoded when a spelling
 *    crosses the 255 line (postings.ts writes such entries "mixed").
 *
 * Pure: no I/O. The shards are read, not changed (except that deleted documents are
 * compacted away first, as `serialize` does).
 */

import { compactIndex } from './postings';
import { growBytes, SearchState } from './state';

/**
 * One shard's part of one merged term: its stream, its ordinals' merged numbers, its
 * spellings and (set by `mergeTermSpellings`) their merged numbers. Plain data, so the
 * in-memory merge and the streaming one (segmentMerge.ts) share the per-term work.
 */
export interface TermFeed {
  /** The term's stream in this shard: bytes [0, end) of buf. */
  buf: Uint8Array;
  end: number;
  /** The shard's ordinal → merged ordinal. */
  ordMap: Int32Array;
  /** The term's spellings in this shard, in local variant order. */
  names: readonly string[];
  /** Local spelling id → merged spelling id. */
  spellings: Int32Array;
}

/** A varint cursor over one term's stream of one shard. */
class Cursor {
  at = 0;
  constructor(readonly buf: Uint8Array, readonly end: number) {}
  next(): number {
    const buf = this.buf;
    let b = buf[this.at++];
    if (b < 128) return b;
    let v = b & 127;
    let shift = 7;
    do {
      b = buf[this.at++];
      v |= (b & 127) << shift;
      shift += 7;
    } while (b >= 128);
    return v >>> 0;
  }
}

/** A growable output byte buffer. */
export class Writer {
  bytes: Uint8Array;
  at = 0;
  constructor(capacity: number) {
    this.bytes = new Uint8Array(Math.max(16, capacity));
  }
  room(n: number): void {
    if (this.at + n > this.bytes.length) this.bytes = growBytes(this.bytes, this.at + n, this.at);
  }
  varint(v: number): void {
    const buf = this.bytes;
    while (v > 127) {
      buf[this.at++] = (v & 127) | 128;
      v >>>= 7;
    }
    buf[this.at++] = v;
  }
}

/**
 * The index holding every shard's documents, numbered as if added one by one in id order.
 * Throws when two shards hold the same document id or a shard's ordinals do not ascend by id.
 */
export function mergeShards(shards: readonly SearchState[]): SearchState {
  if (shards.some((s) => s.disk)) throw new Error('a shard reads a search file: only in-memory shards merge');
  for (const s of shards) if (s.deletedCount > 0) compactIndex(s);
  const out = new SearchState();
  if (shards.length > 0) out.params = { ...shards[0].params };
  const ordMaps = mergeDocuments(shards, out);
  const terms = mergeDictionary(shards, ordMaps, out);
  writePostings(shards, terms, out);
  return out;
}

/** A shard's per-document arrays (a SearchState's, or a segment file's). */
export type DocumentTable = Pick<SearchState, 'nOrd' | 'ordDoc' | 'docLen' | 'titleEnd' | 'textLen' | 'spanOff' | 'spanData'>;

/**
 * Per-document arrays in id order, added to `out` (an empty index); returns each shard's
 * ordinal → merged ordinal. Throws when two shards hold the same document id or a shard's
 * ids do not ascend.
 */
export function mergeDocuments(shards: readonly DocumentTable[], out: SearchState): Int32Array[] {
  const maps = shards.map((s) => new Int32Array(s.nOrd));
  shards.forEach((s, i) => {
    for (let o = 1; o < s.nOrd; o++) if (s.ordDoc[o] <= s.ordDoc[o - 1]) throw new Error(`shard ${i}: document ids do not ascend (${s.ordDoc[o - 1]} then ${s.ordDoc[o]})`);
  });
  const heads = new Int32Array(shards.length);
  const total = shards.reduce((n, s) => n + s.nOrd, 0);
  for (let g = 0; g < total; g++) {
    let best = -1;
    for (let i = 0; i < shards.length; i++) {
      if (heads[i] >= shards[i].nOrd) continue;
      if (best < 0 || shards[i].ordDoc[heads[i]] < shards[best].ordDoc[heads[best]]) best = i;
      else if (shards[i].ordDoc[heads[i]] === shards[best].ordDoc[heads[best]]) throw new Error(`document ${shards[i].ordDoc[heads[i]]} is in two shards`);
    }
    const s = shards[best];
    const o = heads[best]++;
    maps[best][o] = g;
    const spans = Array.from(s.spanData.subarray(s.spanOff[o], s.spanOff[o + 1]));
    const ord = out.newOrdinal(s.ordDoc[o], spans);
    out.docLen[ord] = s.docLen[o];
    out.titleEnd[ord] = s.titleEnd[o];
    out.textLen[ord] = s.textLen[o];
    out.liveLen += s.docLen[o];
  }
  return maps;
}

/** The first local ordinal of a term in a shard (-1: no postings). */
function firstOrdinal(s: SearchState, t: number): number {
  if (s.streamLen[t] === 0) return -1;
  return new Cursor(s.streams[t], s.streamLen[t]).next() - 1;
}

/** Term ids below this fit in a sort key with the ordinal (ordinal * TERM_SPAN + term). */
const TERM_SPAN = 2 ** 24;

/**
 * Interns every shard's terms and spellings into `out` in sequential order; returns, per
 * merged term, the shard terms that feed it.
 */
function mergeDictionary(shards: readonly SearchState[], ordMaps: Int32Array[], out: SearchState): TermFeed[][] {
  const total = out.nOrd;
  // The shard of each merged ordinal: terms first met in a document come from its shard.
  const shardOfOrd = new Int32Array(total);
  ordMaps.forEach((map, i) => map.forEach((g) => (shardOfOrd[g] = i)));
  // Per distinct key, where it is first met, as one number: ordinal * TERM_SPAN + local term.
  // Terms without postings (all their documents were removed) go last, in shard order.
  const slotOf = new Map<string, number>();
  const firstAt: number[] = [];
  shards.forEach((s, i) => {
    if (s.dict.size > TERM_SPAN) throw new Error(`shard ${i} has ${s.dict.size} terms, more than a merge handles`);
    for (let t = 0; t < s.dict.size; t++) {
      const local = firstOrdinal(s, t);
      const at = (local < 0 ? total + i : ordMaps[i][local]) * TERM_SPAN + t;
      const key = s.dict.keyOf(t);
      const slot = slotOf.get(key);
      if (slot === undefined) {
        slotOf.set(key, firstAt.length);
        firstAt.push(at);
      } else if (at < firstAt[slot]) firstAt[slot] = at;
    }
  });
  const sorted = Float64Array.from(firstAt).sort();
  for (const at of sorted) {
    const ord = Math.floor(at / TERM_SPAN);
    const shard = ord >= total ? ord - total : shardOfOrd[ord];
    out.dict.intern(shards[shard].dict.keyOf(at - ord * TERM_SPAN));
  }
  out.ensureTerms(out.dict.size);

  const feeds: TermFeed[][] = [];
  for (let g = 0; g < sorted.length; g++) feeds.push([]);
  shards.forEach((s, i) => {
    for (let t = 0; t < s.dict.size; t++) feeds[out.dict.lookup(s.dict.keyOf(t))].push({ buf: s.streams[t], end: s.streamLen[t], ordMap: ordMaps[i], names: s.dict.spellingsOf(t), spellings: IDENTITY });
  });
  for (let g = 0; g < feeds.length; g++) for (const name of mergeTermSpellings(feeds[g])) out.dict.variantOf(g, name, true);
  return feeds;
}

/**
 * The spellings of one merged term in sequential order (first document, then first use in
 * it); sets each feed's renumbering (`spellings`).
 */
export function mergeTermSpellings(feed: TermFeed[]): readonly string[] {
  const quick = prefixesOfOne(feed);
  if (quick) return quick;
  const firstUse = new Map<string, { ord: number; rank: number }>();
  for (const f of feed) {
    const names = f.names;
    const ordOf = new Float64Array(names.length).fill(Infinity);
    const rankOf = new Int32Array(names.length);
    let left = names.length;
    const c = new Cursor(f.buf, f.end);
    let ord = -1;
    while (c.at < c.end && left > 0) {
      ord += c.next();
      const h = c.next();
      if (h & 1) c.next();
      const merged = f.ordMap[ord];
      if (!(h & 2)) {
        const v = c.next();
        if (ordOf[v] === Infinity) {
          ordOf[v] = merged;
          left--;
        }
      } else {
        for (let k = c.next(), r = 0; r < k; r++) {
          const v = c.next();
          c.next();
          if (ordOf[v] === Infinity) {
            ordOf[v] = merged;
            rankOf[v] = r;
            left--;
          }
        }
      }
      // Not `c.at += c.next()`: that reads `at` before next() moves it.
      const nb = c.next();
      c.at += nb;
    }
    names.forEach((name, v) => {
      const seen = firstUse.get(name);
      if (!seen || ordOf[v] < seen.ord) firstUse.set(name, { ord: ordOf[v], rank: rankOf[v] });
    });
  }
  const order = [...firstUse.entries()].sort((a, b) => a[1].ord - b[1].ord || a[1].rank - b[1].rank).map(([name]) => name);
  const merged = new Map(order.map((name, v) => [name, v]));
  for (const f of feed) f.spellings = Int32Array.from(f.names, (name) => merged.get(name)!);
  return order;
}

/**
 * The quick case (most terms): every shard's spellings of the term are a prefix of one
 * list. Each shard met them in that order, so the merged first uses keep it too (the first
 * use of the i-th spelling anywhere is before that of the (i+1)-th), and no stream needs
 * reading. That list, or undefined when the lists disagree.
 */
function prefixesOfOne(feed: TermFeed[]): readonly string[] | undefined {
  let longest: readonly string[] = [];
  for (const f of feed) if (f.names.length > longest.length) longest = f.names;
  for (const f of feed) {
    const names = f.names;
    for (let v = 0; v < names.length; v++) if (names[v] !== longest[v]) return undefined;
  }
  if (IDENTITY.length < longest.length) IDENTITY = Int32Array.from({ length: longest.length * 2 }, (_, i) => i);
  for (const f of feed) f.spellings = IDENTITY;
  return longest;
}

/** 0, 1, 2, ...: the renumbering that changes nothing (grown on demand, shared). */
let IDENTITY = Int32Array.from({ length: 256 }, (_, i) => i);

/** Every merged term's stream, all in one buffer (the streams are views of it). */
function writePostings(shards: readonly SearchState[], feeds: TermFeed[][], out: SearchState): void {
  let capacity = 1024;
  for (const s of shards) for (let t = 0; t < s.dict.size; t++) capacity += s.streamLen[t];
  const w = new Writer(capacity + (capacity >> 6));
  const offsets = new Int32Array(feeds.length + 1);
  const merger = new PostingsMerger();
  for (let g = 0; g < feeds.length; g++) {
    merger.merge(feeds[g], w);
    offsets[g + 1] = w.at;
    out.lastOrd[g] = merger.last;
    out.termDf[g] = merger.df;
    out.streamLen[g] = w.at - offsets[g];
  }
  for (let g = 0; g < feeds.length; g++) out.streams[g] = w.bytes.subarray(offsets[g], offsets[g + 1]);
}

/** Merges one term's feeds into one stream (entries in merged ordinal order), reusing its scratch between terms. */
export class PostingsMerger {
  /** The merged term's document count and last ordinal, after `merge`. */
  df = 0;
  last = -1;
  private readonly scratch = new Writer(256);
  private readonly cursors: Cursor[] = [];
  // Per feeding cursor: its last local ordinal and the merged ordinal of its next entry.
  private local = new Int32Array(8);
  private next = new Float64Array(8);

  /** Appends the merged stream of the term fed by `feed` (spellings already renumbered) to `w`. */
  merge(feed: readonly TermFeed[], w: Writer): void {
    const k = feed.length;
    if (this.local.length < k) {
      this.local = new Int32Array(k * 2);
      this.next = new Float64Array(k * 2);
    }
    const { cursors, local, next, scratch } = this;
    cursors.length = 0;
    for (let i = 0; i < k; i++) {
      cursors.push(new Cursor(feed[i].buf, feed[i].end));
      local[i] = -1;
      next[i] = peekOrdinal(cursors[i], -1, feed[i].ordMap);
    }
    let last = -1;
    let df = 0;
    for (;;) {
      // The cursor with the smallest next ordinal, and the next ordinal of the others.
      let best = -1;
      let second = Infinity;
      for (let i = 0; i < k; i++) {
        const o = next[i];
        if (best < 0 || o < next[best]) {
          if (best >= 0) second = Math.min(second, next[best]);
          best = i;
        } else second = Math.min(second, o);
      }
      if (best < 0 || next[best] === Infinity) break;
      // Copy its entries while they come before every other cursor's (shards interleave by chunks).
      const c = cursors[best];
      const map = feed[best].ordMap;
      const spellings = feed[best].spellings;
      let lo = local[best];
      let o = next[best];
      do {
        lo += c.next();
        copyEntry(c, spellings, o - last, w, scratch);
        last = o;
        df++;
        o = c.at < c.end ? map[lo + peekDelta(c)] : Infinity;
      } while (o < second);
      local[best] = lo;
      next[best] = o;
    }
    this.df = df;
    this.last = last;
  }
}

/** The next ordinal delta of a cursor, without moving it. */
function peekDelta(c: Cursor): number {
  const save = c.at;
  const d = c.next();
  c.at = save;
  return d;
}

function peekOrdinal(c: Cursor, local: number, map: Int32Array): number {
  return c.at < c.end ? map[local + peekDelta(c)] : Infinity;
}

/**
 * Copies one entry (the cursor is after its ordinal delta) with the new delta and the
 * spellings renumbered. postings.ts writes an entry "mixed" (a spelling histogram, and a
 * spelling after each position) when its occurrences differ in spelling or its one spelling
 * is 255 or more; renumbering can move a spelling across that line either way.
 */
function copyEntry(c: Cursor, spellings: Int32Array, delta: number, w: Writer, scratch: Writer): void {
  const h = c.next();
  const tf = h >>> 2;
  const titleTf = h & 1 ? c.next() : 0;
  if (!(h & 2)) {
    const v = spellings[c.next()];
    if (v < 255) {
      // The common case: one spelling, still under 255; positions copied as they are.
      const nb = c.next();
      w.room(30 + nb);
      w.varint(delta);
      w.varint(h);
      if (h & 1) w.varint(titleTf);
      w.varint(v);
      w.varint(nb);
      const src = c.buf;
      const dst = w.bytes;
      let from = c.at;
      let to = w.at;
      if (nb < 64) for (let i = 0; i < nb; i++) dst[to++] = src[from++];
      else {
        dst.set(src.subarray(from, from + nb), to);
        to += nb;
        from += nb;
      }
      c.at = from;
      w.at = to;
      return;
    }
    copyMixed(c, spellings, delta, w, scratch, h, titleTf, [v, tf]);
    return;
  }
  const hist: number[] = [];
  for (let k = c.next(); k > 0; k--) hist.push(spellings[c.next()], c.next());
  copyMixed(c, spellings, delta, w, scratch, h, titleTf, hist);
}

/** An entry with several spellings, or one at 255 or more (before or after renumbering): positions rewritten. */
function copyMixed(c: Cursor, spellings: Int32Array, delta: number, w: Writer, scratch: Writer, h: number, titleTf: number, hist: number[]): void {
  const tf = h >>> 2;
  const nb = c.next();
  const from = c.at;
  const mixedIn = (h >>> 1) & 1;
  const mixedOut = hist.length > 2 || hist[0] >= 255 ? 1 : 0;
  w.room(40 + 10 * hist.length + 2 * nb + 10 * tf);
  w.varint(delta);
  w.varint(tf * 4 + mixedOut * 2 + (h & 1));
  if (h & 1) w.varint(titleTf);
  if (mixedOut) {
    w.varint(hist.length / 2);
    for (const x of hist) w.varint(x);
  } else w.varint(hist[0]);
  scratch.at = 0;
  scratch.room(20 * tf);
  for (let i = 0; i < tf; i++) {
    scratch.varint(c.next());
    const v = mixedIn ? spellings[c.next()] : hist[0];
    if (mixedOut) scratch.varint(v);
  }
  c.at = from + nb;
  w.room(scratch.at + 10);
  w.varint(scratch.at);
  w.bytes.set(scratch.bytes.subarray(0, scratch.at), w.at);
  w.at += scratch.at;
}
