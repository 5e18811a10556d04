/**
 * Where the corpus keeps the part of each analysis that no feature reads for every
 * document (analysisCodec.ts: the body's line spans, acronym uses), as bytes, decoded on
 * demand into a bounded cache.
 *
 * A document's bytes live either in memory (a fresh analysis, packed into shared chunks)
 * or in a persisted record that the host reads through `RecordSource` (a positional read of
 * the cache file: the core does no I/O). After the host writes a new cache file it moves the
 * documents it wrote there (`relocate`), and the memory they held is given back.
 */
import { LRUCache } from 'lru-cache';
import { AnalysisRest, decodeRest, encodeRest } from './analysisCodec';

/** A persisted record of one document: where it is, for the source that wrote it. */
export interface StoredRecord {
  offset: number;
  length: number;
  /** CRC-32 of the record's bytes, checked by the source when it reads them. */
  crc: number;
}

/** The host's side: reads a record's bytes (throws with a reason when it cannot). */
export interface RecordSource {
  read(record: StoredRecord): Uint8Array;
  /** Called when no document refers to this source any more (the host closes its file). */
  release(): void;
}

/** Where one document's bytes are now; compared by identity, so a newer entry is told apart from an older one. */
export type RestLocation = { chunk: Uint8Array; start: number; length: number } | { source: RecordSource; record: StoredRecord };

const CHUNK = 1 << 20;
const EMPTY_REST: AnalysisRest = Object.freeze({ body: [], uses: [] }) as unknown as AnalysisRest;

export class AnalysisStore {
  private readonly where = new Map<number, RestLocation>();
  private readonly decoded: LRUCache<number, AnalysisRest>;
  private chunk = new Uint8Array(0);
  private used = 0;
  /** Bytes held in memory by live documents and by all chunks (compacted when mostly garbage). */
  private liveBytes = 0;
  private heldBytes = 0;
  /** Documents per record source, so a source is released when its last document leaves. */
  private readonly users = new Map<RecordSource, number>();

  /**
   * `onUnreadable` hears of a record that could not be read or decoded (the document then
   * has an empty rest until the host re-indexes its file).
   */
  constructor(
    cacheSize = 1024,
    private readonly onUnreadable: (id: number, reason: string) => void = () => undefined,
  ) {
    this.decoded = new LRUCache({ max: cacheSize });
  }

  /** Keeps a fresh document's rest (encoded into memory). */
  put(id: number, rest: AnalysisRest): void {
    this.delete(id);
    this.putBytes(id, encodeRest(rest));
  }

  /** A document whose rest is a persisted record (a warm start). */
  attach(id: number, source: RecordSource, record: StoredRecord): void {
    this.delete(id);
    this.where.set(id, { source, record });
    this.users.set(source, (this.users.get(source) ?? 0) + 1);
  }

  delete(id: number): void {
    const old = this.where.get(id);
    if (!old) return;
    this.where.delete(id);
    this.decoded.delete(id);
    if ('chunk' in old) this.liveBytes -= old.length;
    else this.unuse(old.source);
  }

  /** Where a document's rest is now (the cache writer notes it, to relocate only what did not change since). */
  location(id: number): RestLocation | undefined {
    return this.where.get(id);
  }

  /** The encoded bytes at a location (the cache writer copies them; throws when a record cannot be read). */
  bytesAt(loc: RestLocation): Uint8Array {
    return 'chunk' in loc ? loc.chunk.subarray(loc.start, loc.start + loc.length) : loc.source.read(loc.record);
  }

  /** The document's rest, decoded (cached); empty, and reported, when its record is unreadable. */
  rest(id: number): AnalysisRest {
    const hit = this.decoded.get(id);
    if (hit) return hit;
    const loc = this.where.get(id);
    if (!loc) return EMPTY_REST;
    let rest: AnalysisRest;
    try {
      rest = decodeRest(this.bytesAt(loc));
    } catch (e) {
      this.onUnreadable(id, (e as Error).message);
      return EMPTY_REST;
    }
    this.decoded.set(id, rest);
    return rest;
  }

  /**
   * The documents of `moved` now live in `source` (a cache file just written), unless they
   * changed since the writer noted their location. Memory they held is given back.
   */
  relocate(source: RecordSource, moved: Iterable<{ id: number; was: RestLocation; record: StoredRecord }>): void {
    for (const m of moved) if (this.where.get(m.id) === m.was) this.attach(m.id, source, m.record);
    if (!this.users.has(source)) source.release();
    this.compactIfMostlyGarbage();
  }

  /** Lets go of every record source (a build no longer live): later reads give empty rests. */
  close(): void {
    for (const source of this.users.keys()) source.release();
    this.users.clear();
    for (const [id, loc] of this.where) if (!('chunk' in loc)) this.where.delete(id);
    this.decoded.clear();
  }

  /** Bytes of encoded rests held in memory (the rest is in cache files). */
  get memoryBytes(): number {
    return this.heldBytes;
  }

  private unuse(source: RecordSource): void {
    const n = (this.users.get(source) ?? 1) - 1;
    if (n > 0) this.users.set(source, n);
    else {
      this.users.delete(source);
      source.release();
    }
  }

  /** Repacks the in-memory rests when chunks hold more garbage than live bytes (documents moved to a file, or replaced). */
  private compactIfMostlyGarbage(): void {
    if (this.liveBytes > 0 && (this.heldBytes <= CHUNK || this.liveBytes * 2 > this.heldBytes)) return;
    const inMemory = [...this.where].filter((e): e is [number, Extract<RestLocation, { chunk: Uint8Array }>] => 'chunk' in e[1]);
    this.chunk = new Uint8Array(0);
    this.used = 0;
    this.heldBytes = 0;
    this.liveBytes = 0;
    for (const [id, loc] of inMemory) {
      const bytes = loc.chunk.slice(loc.start, loc.start + loc.length);
      this.where.delete(id);
      this.putBytes(id, bytes);
    }
  }

  private putBytes(id: number, bytes: Uint8Array): void {
    if (this.used + bytes.length > this.chunk.length) {
      this.chunk = new Uint8Array(Math.max(CHUNK, bytes.length));
      this.used = 0;
      this.heldBytes += this.chunk.length;
    }
    this.chunk.set(bytes, this.used);
    this.where.set(id, { chunk: this.chunk, start: this.used, length: bytes.length });
    this.used += bytes.length;
    this.liveBytes += bytes.length;
  }
}
