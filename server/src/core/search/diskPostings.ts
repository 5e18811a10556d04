/**
 * Postings that stay in the search file: the core reads a term's bytes through a
 * `PostingSource` (the host implements it with positional reads of the file; tests with a
 * buffer holding the same bytes) and keeps the most recently read terms in a cache bounded
 * by bytes. Each term's bytes carry a CRC-32 written beside its offset, so a damaged or
 * truncated file is found on the read that meets it and reported as a `SearchFileError`
 * (never decoded into wrong results), without checksumming the whole file at open.
 */

/** Positional reads of a search file (its whole byte range, header to trailer). */
export interface PostingSource {
  /** Total bytes. */
  readonly size: number;
  /** Exactly `length` bytes at `offset`; throws on a read error or a short read. */
  read(offset: number, length: number): Uint8Array;
}

/** A search file that cannot be read or does not check out: the host logs it and rebuilds. */
export class SearchFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SearchFileError';
  }
}

/** A source over bytes already in memory (tests, and a file read whole). */
export function bufferSource(bytes: Uint8Array): PostingSource {
  return {
    size: bytes.length,
    read(offset: number, length: number): Uint8Array {
      if (offset < 0 || offset + length > bytes.length) throw new SearchFileError(`read of ${length} bytes at ${offset} past the end (${bytes.length} bytes)`);
      return bytes.subarray(offset, offset + length);
    },
  };
}

const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

/** CRC-32 (the zlib polynomial), continuing from `crc`. */
export function crc32(bytes: Uint8Array, crc = 0): number {
  let c = ~crc;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 255] ^ (c >>> 8);
  return ~c >>> 0;
}

/**
 * The CRC-32 function the file is written and checked with: `crc32` above, or the same
 * function from the host (Node's zlib.crc32 is ten times faster than this loop; the core
 * does no native calls itself).
 */
export type Checksum = (bytes: Uint8Array, crc?: number) => number;

/** How a search file is read: bytes of postings kept in memory, and the CRC-32 implementation. */
export interface SearchFileOptions {
  cacheBytes?: number;
  checksum?: Checksum;
}

/**
 * Default bytes of postings kept in memory between reads. 32 MB, not 4: a common word's
 * postings are megabytes, and with 4 MB they were read and checked again on most queries
 * (the bench on the 123 MB corpus, same machine, back to back: p50 / p99 4.57 / 26.6 ms with
 * 4 MB, 3.49 / 13.9 ms with 32 MB, warm RSS 191 → 201 MB).
 */
export const DEFAULT_POSTING_CACHE_BYTES = 32 << 20;

/**
 * The postings block of one search file: per term its offset, length and checksum, the
 * bytes read on demand through a least-recently-used cache of at most `cacheBytes`.
 */
export class DiskPostings {
  private readonly cache = new Map<number, Uint8Array>();
  private cached = 0;
  /** Reads that went to the source (for the bench and tests). */
  reads = 0;
  /** Set once a read failed: every later read fails the same way (the host is rebuilding). */
  broken: string | undefined;

  constructor(
    private readonly source: PostingSource,
    /** Offset of the postings block in the source. */
    private readonly base: number,
    /** Per term: start in the block (termOff[t] .. termOff[t + 1]). */
    private readonly termOff: Float64Array,
    private readonly termCrc: Uint32Array,
    readonly cacheBytes = DEFAULT_POSTING_CACHE_BYTES,
    private readonly checksum: Checksum = crc32,
  ) {}

  get termCount(): number {
    return this.termCrc.length;
  }

  length(t: number): number {
    return t < this.termCrc.length ? this.termOff[t + 1] - this.termOff[t] : 0;
  }

  /** Term t's bytes, checked; throws SearchFileError when they cannot be read or do not check out. */
  bytes(t: number): Uint8Array {
    const hit = this.cache.get(t);
    if (hit) {
      // Most recently used last (a Map iterates in insertion order).
      this.cache.delete(t);
      this.cache.set(t, hit);
      return hit;
    }
    const len = this.length(t);
    if (len === 0) return EMPTY_BYTES;
    if (this.broken) throw new SearchFileError(this.broken);
    let bytes: Uint8Array;
    try {
      bytes = this.source.read(this.base + this.termOff[t], len);
      this.reads++;
    } catch (e) {
      throw this.fail(`cannot read the postings of term ${t} (${(e as Error).message})`);
    }
    if (bytes.length !== len) throw this.fail(`short read of term ${t}: ${bytes.length} of ${len} bytes`);
    if (this.checksum(bytes) >>> 0 !== this.termCrc[t]) throw this.fail(`the postings of term ${t} do not match their checksum`);
    if (len <= this.cacheBytes) {
      this.cache.set(t, bytes);
      this.cached += len;
      for (const [k, v] of this.cache) {
        if (this.cached <= this.cacheBytes) break;
        this.cache.delete(k);
        this.cached -= v.length;
      }
    }
    return bytes;
  }

  /** Bytes held by the cache. */
  get cachedBytes(): number {
    return this.cached;
  }

  private fail(message: string): SearchFileError {
    this.broken = message;
    this.cache.clear();
    this.cached = 0;
    return new SearchFileError(message);
  }
}

const EMPTY_BYTES = new Uint8Array(0);
