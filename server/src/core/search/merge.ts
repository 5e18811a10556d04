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

/** One term of one shard: where it goes in the merged index and how its spellings are renumbered. */
interface ShardTerm {
  shard: number;
  term: number;
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
class Writer {
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
  for (const s of shards) if (s.deletedCount > 0) compactIndex(s);
  const out = new SearchState();
  if (shards.length > 0) out.params = { ...shards[0].params };
  const ordMaps = mergeDocuments(shards, out);
  const terms = mergeDictionary(shards, ordMaps, out);
  writePostings(shards, ordMaps, terms, out);
  return out;
}

/** Per-document arrays in id order; returns each shard's ordinal → merged ordinal. */
function mergeDocuments(shards: readonly SearchState[], out: SearchState): Int32Array[] {
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

/**
 * Interns every shard's terms and spellings into `out` in sequential order; returns, per
 * merged term, the shard terms that feed it.
 */
function mergeDictionary(shards: readonly SearchState[], ordMaps: Int32Array[], out: SearchState): ShardTerm[][] {
  // Where each distinct key is first met: (merged ordinal, shard, local term).
  const first = new Map<string, { ord: number; shard: number; term: number }>();
  shards.forEach((s, i) => {
    for (let t = 0; t < s.dict.size; t++) {
      const local = firstOrdinal(s, t);
      // Terms without postings (all their documents were removed) go last, in shard order.
      const ord = local < 0 ? Infinity : ordMaps[i][local];
      const key = s.dict.keys[t];
      const seen = first.get(key);
      if (!seen || ord < seen.ord) first.set(key, { ord, shard: i, term: t });
    }
  });
  const order = [...first.entries()].sort((a, b) => a[1].ord - b[1].ord || a[1].shard - b[1].shard || a[1].term - b[1].term);
  for (const [key] of order) out.dict.intern(key);
  out.ensureTerms(out.dict.size);

  const feeds: ShardTerm[][] = order.map(() => []);
  shards.forEach((s, i) => {
    for (let t = 0; t < s.dict.size; t++) feeds[out.dict.lookup(s.dict.keys[t])].push({ shard: i, term: t, spellings: new Int32Array(0) });
  });
  for (let g = 0; g < feeds.length; g++) mergeSpellings(shards, ordMaps, feeds[g], g, out);
  return feeds;
}

/** The spellings of merged term g in sequential order (first document, then first use in it), and each shard's renumbering. */
function mergeSpellings(shards: readonly SearchState[], ordMaps: Int32Array[], feed: ShardTerm[], g: number, out: SearchState): void {
  const firstUse = new Map<string, { ord: number; rank: number }>();
  for (const f of feed) {
    const s = shards[f.shard];
    const names = s.dict.variants[f.term];
    const ordOf = new Float64Array(names.length).fill(Infinity);
    const rankOf = new Int32Array(names.length);
    let left = names.length;
    const c = new Cursor(s.streams[f.term], s.streamLen[f.term]);
    let ord = -1;
    while (c.at < c.end && left > 0) {
      ord += c.next();
      const h = c.next();
      if (h & 1) c.next();
      const merged = ordMaps[f.shard][ord];
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
  const order = [...firstUse.entries()].sort((a, b) => a[1].ord - b[1].ord || a[1].rank - b[1].rank);
  for (const [name] of order) out.dict.variantOf(g, name, true);
  for (const f of feed) {
    const names = shards[f.shard].dict.variants[f.term];
    f.spellings = Int32Array.from(names, (name) => out.dict.variantOf(g, name, false));
  }
}

/** Every merged term's stream, all in one buffer (the streams are views of it). */
function writePostings(shards: readonly SearchState[], ordMaps: Int32Array[], feeds: ShardTerm[][], out: SearchState): void {
  let capacity = 1024;
  for (const s of shards) for (let t = 0; t < s.dict.size; t++) capacity += s.streamLen[t];
  const w = new Writer(capacity + (capacity >> 6));
  const offsets = new Int32Array(feeds.length + 1);
  const scratch = new Writer(256);
  for (let g = 0; g < feeds.length; g++) {
    const feed = feeds[g];
    const cursors = feed.map((f) => new Cursor(shards[f.shard].streams[f.term], shards[f.shard].streamLen[f.term]));
    // Each cursor's next entry: its local ordinal (-1 before the first) and merged ordinal.
    const local = new Int32Array(feed.length).fill(-1);
    const next = new Float64Array(feed.length);
    const peek = (i: number) => {
      const c = cursors[i];
      if (c.at >= c.end) return (next[i] = Infinity);
      const save = c.at;
      const ord = local[i] + c.next();
      c.at = save;
      return (next[i] = ordMaps[feed[i].shard][ord]);
    };
    feed.forEach((_, i) => peek(i));
    let last = -1;
    let df = 0;
    for (;;) {
      let best = -1;
      for (let i = 0; i < feed.length; i++) if (next[i] !== Infinity && (best < 0 || next[i] < next[best])) best = i;
      if (best < 0) break;
      const c = cursors[best];
      local[best] += c.next();
      const ord = next[best];
      copyEntry(c, feed[best].spellings, ord - last, w, scratch);
      last = ord;
      df++;
      peek(best);
    }
    offsets[g + 1] = w.at;
    out.lastOrd[g] = last;
    out.termDf[g] = df;
    out.streamLen[g] = w.at - offsets[g];
  }
  for (let g = 0; g < feeds.length; g++) out.streams[g] = w.bytes.subarray(offsets[g], offsets[g + 1]);
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
  const hist: number[] = [];
  if (h & 2) for (let k = c.next(); k > 0; k--) hist.push(spellings[c.next()], c.next());
  else hist.push(spellings[c.next()], tf);
  const nb = c.next();
  const from = c.at;
  c.at += nb;
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
  if (!mixedIn && !mixedOut) {
    w.varint(nb);
    w.bytes.set(c.buf.subarray(from, from + nb), w.at);
    w.at += nb;
    return;
  }
  // Positions carry a spelling each when mixed: rewrite them.
  const p = new Cursor(c.buf, from + nb);
  p.at = from;
  scratch.at = 0;
  scratch.room(20 * tf);
  for (let i = 0; i < tf; i++) {
    scratch.varint(p.next());
    const v = mixedIn ? spellings[p.next()] : hist[0];
    if (mixedOut) scratch.varint(v);
  }
  w.room(scratch.at + 10);
  w.varint(scratch.at);
  w.bytes.set(scratch.bytes.subarray(0, scratch.at), w.at);
  w.at += scratch.at;
}
