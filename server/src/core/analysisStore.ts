/**
 * Where the corpus keeps the part of each analysis that no feature reads for every
 * document (analysisCodec.ts: the body's line spans, acronym uses), as bytes, decoded on
 * demand into a bounded cache.
 *
 * A document's bytes live either in memory (a fresh analysis, packed into shared chunks)
 * or in a persisted record that the host reads through `RecordSource` (a positional read of
 * the cache file: the core does no I/O). After the host writes a new cache file it moves the
 * documents it wrote there (`relocate`), and the memory they held is given back.
 *
 * Per document only two numbers in typed arrays indexed by id say where a persisted record
 * is (which source, which row of its table): no object per document.
 */
import { LRUCache } from 'lru-cache';
import { AnalysisRest, decodeRest, encodeRest } from './analysisCodec';

/** The host's side: the records of one file, by row (throws with a reason when one cannot be read). */
export interface RecordSource {
  read(row: number): Uint8Array;
  /** Called when no document refers to this source any more (the host closes its file). */
  release(): void;
}

interface InMemory {
  chunk: Uint8Array;
  start: number;
  length: number;
}

/** Where one document's bytes were when a cache writer looked (it reads them from there, even if the document changes meanwhile). */
export interface RestLocation {
  id: number;
  /** Bumped on every change of the document's entry: relocation skips a document that changed since. */
  generation: number;
  memory?: InMemory;
  source?: RecordSource;
  row?: number;
}

const CHUNK = 1 << 20;
const EMPTY_REST: AnalysisRest = Object.freeze({ body: [], uses: [] }) as unknown as AnalysisRest;

export class AnalysisStore {
  private readonly memory = new Map<number, InMemory>();
  /** Per id: 0, or 1 + the index of its record source in `sources`; and the row there. */
  private sourceOf = new Uint16Array(1024);
  private rowOf = new Uint32Array(1024);
  private generationOf = new Uint32Array(1024);
  private readonly sources: (RecordSource | undefined)[] = [];
  private readonly users: number[] = [];
  private readonly decoded: LRUCache<number, AnalysisRest>;
  private chunk = new Uint8Array(0);
  private used = 0;
  /** Bytes held in memory by live documents and by all chunks (compacted when mostly garbage). */
  private liveBytes = 0;
  private heldBytes = 0;

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

  /** Keeps a fresh document's rest that arrives encoded (an index worker encoded it). */
  putEncoded(id: number, bytes: Uint8Array): void {
    this.delete(id);
    this.putBytes(id, bytes);
  }

  /** A document whose rest is row `row` of a persisted source (a warm start). */
  attach(id: number, source: RecordSource, row: number): void {
    this.delete(id);
    this.grow(id);
    let s = this.sources.indexOf(source);
    if (s < 0) {
      s = this.sources.indexOf(undefined);
      if (s < 0) s = this.sources.push(undefined) - 1;
      this.sources[s] = source;
      this.users[s] = 0;
    }
    this.users[s]++;
    this.sourceOf[id] = s + 1;
    this.rowOf[id] = row;
  }

  delete(id: number): void {
    if (id >= this.generationOf.length) return;
    this.generationOf[id]++;
    this.decoded.delete(id);
    const mem = this.memory.get(id);
    if (mem) {
      this.memory.delete(id);
      this.liveBytes -= mem.length;
    }
    const s = this.sourceOf[id];
    if (s > 0) {
      this.sourceOf[id] = 0;
      this.unuse(s - 1);
    }
  }

  /** Where a document's rest is now (the cache writer notes it before it encodes, slice by slice). */
  location(id: number): RestLocation | undefined {
    if (id >= this.generationOf.length) return undefined;
    const generation = this.generationOf[id];
    const memory = this.memory.get(id);
    if (memory) return { id, generation, memory };
    const s = this.sourceOf[id];
    return s > 0 ? { id, generation, source: this.sources[s - 1], row: this.rowOf[id] } : undefined;
  }

  /** The encoded bytes at a location (the cache writer copies them; throws when a record cannot be read). */
  bytesAt(loc: RestLocation): Uint8Array {
    if (loc.memory) return loc.memory.chunk.subarray(loc.memory.start, loc.memory.start + loc.memory.length);
    if (loc.source && loc.row !== undefined) return loc.source.read(loc.row);
    throw new Error(`no stored analysis for document ${loc.id}`);
  }

  /** The document's rest, decoded (cached); empty, and reported, when its record is unreadable. */
  rest(id: number): AnalysisRest {
    const hit = this.decoded.get(id);
    if (hit) return hit;
    const loc = this.location(id);
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
   * The documents of `moved` now live in `source` (a cache file just written, row by row),
   * unless they changed since the writer noted their location. Memory they held is given back.
   */
  relocate(source: RecordSource, moved: Iterable<{ was: RestLocation; row: number }>): void {
    for (const { was, row } of moved) {
      if (this.generationOf[was.id] !== was.generation) continue;
      const generation = was.generation;
      this.attach(was.id, source, row);
      // Same content, another place: not a change a later writer must skip.
      this.generationOf[was.id] = generation;
    }
    if (!this.sources.includes(source)) source.release();
    this.compactIfMostlyGarbage();
  }

  /** Lets go of every record source (a build no longer live): later reads give empty rests. */
  close(): void {
    for (const s of this.sources) s?.release();
    this.sources.length = 0;
    this.users.length = 0;
    this.sourceOf.fill(0);
    this.decoded.clear();
  }

  /** Bytes of encoded rests held in memory (the rest is in cache files). */
  get memoryBytes(): number {
    return this.heldBytes;
  }

  private grow(id: number): void {
    if (id < this.sourceOf.length) return;
    let n = this.sourceOf.length;
    while (n <= id) n *= 2;
    const widen = <T extends Uint16Array | Uint32Array>(a: T, make: (n: number) => T): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.sourceOf = widen(this.sourceOf, (k) => new Uint16Array(k));
    this.rowOf = widen(this.rowOf, (k) => new Uint32Array(k));
    this.generationOf = widen(this.generationOf, (k) => new Uint32Array(k));
  }

  private unuse(s: number): void {
    if (--this.users[s] > 0) return;
    this.sources[s]?.release();
    this.sources[s] = undefined;
  }

  /** Repacks the in-memory rests when chunks hold more garbage than live bytes (documents moved to a file, or replaced). */
  private compactIfMostlyGarbage(): void {
    if (this.liveBytes > 0 && (this.heldBytes <= CHUNK || this.liveBytes * 2 > this.heldBytes)) return;
    const inMemory = [...this.memory];
    this.memory.clear();
    this.chunk = new Uint8Array(0);
    this.used = 0;
    this.heldBytes = 0;
    this.liveBytes = 0;
    for (const [id, m] of inMemory) this.putBytes(id, m.chunk.slice(m.start, m.start + m.length));
  }

  private putBytes(id: number, bytes: Uint8Array): void {
    this.grow(id);
    if (this.used + bytes.length > this.chunk.length) {
      this.chunk = new Uint8Array(Math.max(CHUNK, bytes.length));
      this.used = 0;
      this.heldBytes += this.chunk.length;
    }
    this.chunk.set(bytes, this.used);
    this.memory.set(id, { chunk: this.chunk, start: this.used, length: bytes.length });
    this.used += bytes.length;
    this.liveBytes += bytes.length;
  }
}
