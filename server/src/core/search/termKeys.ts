/**
 * The term keys of a search file, compact: sorted (JavaScript string order), in blocks of
 * BLOCK keys, each block a full head key then front-coded keys (the UTF-16 units shared
 * with the previous key, then the rest in UTF-8). Lookup is a binary search over the
 * block heads (kept as strings) and a scan of one block; the id of a key is its rank.
 * Memory: the byte blob, one offset and one head string per block.
 *
 * The spellings (exact keys) of every term are a second blob: per term a count, then each
 * spelling's UTF-8 length and bytes; read on demand (exact search, a new spelling).
 */

const BLOCK = 16;

const decoder = new TextDecoder();

function utf8(s: string): Uint8Array {
  let ascii = true;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) ascii = false;
  if (!ascii) return new TextEncoder().encode(s);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

function decode(bytes: Uint8Array, from: number, to: number): string {
  let ascii = true;
  for (let i = from; i < to; i++) if (bytes[i] > 127) ascii = false;
  if (!ascii) return decoder.decode(bytes.subarray(from, to));
  let s = '';
  for (let i = from; i < to; i++) s += String.fromCharCode(bytes[i]);
  return s;
}

/** Appends varints and bytes to a growing buffer. */
export class ByteWriter {
  buf = new Uint8Array(1024);
  n = 0;
  private room(k: number): void {
    if (this.n + k <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.n + k) size *= 2;
    const b = new Uint8Array(size);
    b.set(this.buf.subarray(0, this.n));
    this.buf = b;
  }
  varint(v: number): void {
    this.room(5);
    while (v > 127) {
      this.buf[this.n++] = (v & 127) | 128;
      v >>>= 7;
    }
    this.buf[this.n++] = v;
  }
  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.n);
    this.n += b.length;
  }
  result(): Uint8Array {
    return this.buf.slice(0, this.n);
  }
}

/** A cursor over varints. */
class ByteReader {
  constructor(
    readonly buf: Uint8Array,
    public at = 0,
  ) {}
  varint(): number {
    let b = this.buf[this.at++];
    let v = b & 127;
    let shift = 7;
    while (b >= 128) {
      b = this.buf[this.at++];
      v |= (b & 127) << shift;
      shift += 7;
    }
    return v >>> 0;
  }
  /** Not `at += varint()`: that reads `at` before varint moves it. */
  skip(n: number): void {
    this.at += n;
  }
}

/** The keys blob of `keys` (already sorted). */
export function encodeTermKeys(keys: readonly string[]): Uint8Array {
  const w = new TermKeysWriter();
  for (const k of keys) w.add(k);
  return w.result();
}

/** The keys blob built a key at a time (sorted order), so a writer need not hold every key. */
export class TermKeysWriter {
  private readonly w = new ByteWriter();
  private prev = '';
  private count = 0;

  add(k: string): void {
    const prev = this.prev;
    let shared = 0;
    if (this.count++ % BLOCK !== 0) {
      const max = Math.min(k.length, prev.length);
      while (shared < max && k.charCodeAt(shared) === prev.charCodeAt(shared)) shared++;
      // Never split a surrogate pair.
      if (shared > 0 && shared < k.length && (k.charCodeAt(shared - 1) & 0xfc00) === 0xd800) shared--;
      this.w.varint(shared);
    }
    const rest = utf8(k.slice(shared));
    this.w.varint(rest.length);
    this.w.bytes(rest);
    this.prev = k;
  }

  result(): Uint8Array {
    return this.w.result();
  }
}

/** The spellings blob: per term, its spellings in order. */
export function encodeSpellings(lists: readonly (readonly string[])[]): Uint8Array {
  const w = new SpellingsWriter();
  for (const list of lists) w.add(list);
  return w.result();
}

/** The spellings blob built a term at a time. */
export class SpellingsWriter {
  private readonly w = new ByteWriter();

  add(list: readonly string[]): void {
    this.w.varint(list.length);
    for (const s of list) {
      const b = utf8(s);
      this.w.varint(b.length);
      this.w.bytes(b);
    }
  }

  result(): Uint8Array {
    return this.w.result();
  }
}

/** Sorted, front-coded keys (ids are ranks) and their spellings, read from a search file. */
export class CompactTerms {
  private readonly blockOff: Int32Array;
  private readonly heads: string[] = [];
  private readonly spellOff: Int32Array;

  constructor(
    private readonly keyBlob: Uint8Array,
    private readonly spellBlob: Uint8Array,
    readonly size: number,
  ) {
    const nBlocks = Math.ceil(size / BLOCK);
    this.blockOff = new Int32Array(nBlocks);
    const r = new ByteReader(keyBlob);
    for (let i = 0; i < size; i++) {
      if (i % BLOCK === 0) {
        this.blockOff[i / BLOCK] = r.at;
        const len = r.varint();
        this.heads.push(decode(keyBlob, r.at, r.at + len));
        r.at += len;
      } else {
        r.varint();
        r.skip(r.varint());
      }
      if (r.at > keyBlob.length) throw new RangeError('term keys run past their section');
    }
    this.spellOff = new Int32Array(size + 1);
    const s = new ByteReader(spellBlob);
    for (let t = 0; t < size; t++) {
      this.spellOff[t] = s.at;
      for (let k = s.varint(); k > 0; k--) s.skip(s.varint());
      if (s.at > spellBlob.length) throw new RangeError('spellings run past their section');
    }
    this.spellOff[size] = s.at;
  }

  /** Bytes held (blobs and tables; the head strings about as much again as their blocks' first keys). */
  get bytes(): number {
    return this.keyBlob.length + this.spellBlob.length + this.blockOff.byteLength + this.spellOff.byteLength;
  }

  lookup(key: string): number {
    const heads = this.heads;
    let lo = 0;
    let hi = heads.length - 1;
    if (hi < 0 || key < heads[0]) return -1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (heads[mid] <= key) lo = mid;
      else hi = mid - 1;
    }
    let found = -1;
    this.scan(lo, BLOCK, (id, k) => {
      if (k === key) found = id;
      return k < key;
    });
    return found;
  }

  keyOf(t: number): string {
    let out = '';
    const b = Math.floor(t / BLOCK);
    this.scan(b, (t % BLOCK) + 1, (id, k) => {
      out = k;
      return id < t;
    });
    return out;
  }

  /** Every key in id order. */
  forEach(fn: (id: number, key: string) => void): void {
    for (let b = 0; b < this.heads.length; b++)
      this.scan(b, BLOCK, (id, k) => {
        fn(id, k);
        return true;
      });
  }

  spellings(t: number): string[] {
    const r = new ByteReader(this.spellBlob, this.spellOff[t]);
    const out: string[] = [];
    for (let k = r.varint(); k > 0; k--) {
      const len = r.varint();
      out.push(decode(this.spellBlob, r.at, r.at + len));
      r.at += len;
    }
    return out;
  }

  /** Decodes up to `count` keys of block `b`, while `go` returns true. */
  private scan(b: number, count: number, go: (id: number, key: string) => boolean): void {
    const r = new ByteReader(this.keyBlob, this.blockOff[b]);
    let prev = '';
    const first = b * BLOCK;
    const end = Math.min(this.size, first + count);
    for (let id = first; id < end; id++) {
      const shared = id === first ? 0 : r.varint();
      const len = r.varint();
      const k = prev.slice(0, shared) + decode(this.keyBlob, r.at, r.at + len);
      r.at += len;
      if (!go(id, k)) return;
      prev = k;
    }
  }
}
