/**
 * The persisted index of one configuration, seen from the corpus service: reading it at
 * start (a bad cache is logged and rebuilt), writing the live index after builds and file
 * changes (one write at a time, coalesced, encoded in slices), and falling back to memory
 * only when the folder is not writable. The file format itself is indexCache.ts.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { NO_SITES } from '../core/analysisCodec';
import type { RestLocation } from '../core/analysisStore';
import type { CorpusDocument, CorpusIndex } from '../core/corpusIndex';
import type { GlossaryEntry } from '../core/glossary';
import { EmbeddedSearchIndex } from '../core/search';
import type { StatsResult } from '../../../shared/protocol';
import { analyzerFingerprintOf } from './analyzerFingerprint';
import { Build, restoreBuild, SearchFileTarget } from './corpusBuild';
import type { CorpusServiceOptions, Logger } from './corpusService';
import { SliceClock } from './files';
import { CACHE_FORMAT_VERSION, cacheFileFor, CacheImage, DocRecord, encodeCacheFile, isReadOnlyError, readCacheFile, ReaderRecords, removeStaleTemporaries, writeCacheFile } from './indexCache';
import { resolveWorkerScript } from './indexPool';
import { generationText, nativeChecksum, newGeneration, openSearchFileAt, removeOtherSearchFiles, searchFileFor, writeSearchFile } from './searchFileStore';

/** What a cache write reads: the live index and its version. */
export interface LiveIndex {
  build: Build;
  version: number;
  /** False while a build runs (nothing is written then). */
  ready: boolean;
  /** Documents served from elsewhere (the team database), not persisted here. */
  excluded?: (uri: string) => boolean;
}

export class CorpusCache {
  readonly file: string;
  readOnly = false;
  writtenVersion = -1;
  bytes = 0;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;
  /** Set when a newer configuration replaced this cache: a write then does nothing. */
  private retired = false;
  /** The search file the live index reads (the one this cache's header names), if any. */
  private searchFile: string | undefined;
  /** A search file a cold build's merger wrote and the live index opened: the next write names it instead of writing the same postings again. */
  private built: { index: EmbeddedSearchIndex; file: string; generation: string } | undefined;
  /** The service's handler of a persisted record that cannot be read (logs, re-indexes the file). */
  unreadable: ((doc: CorpusDocument, reason: string) => void) | undefined;

  constructor(
    readonly dir: string,
    readonly roots: string[],
    readonly fingerprint: string,
    private readonly log: Logger,
    private readonly live: () => LiveIndex,
    /** Bytes of postings kept in memory by an index read from its search file. */
    private readonly postingCacheBytes?: number,
  ) {
    this.file = cacheFileFor(dir, roots);
    void removeStaleTemporaries(dir);
  }

  /** The persisted build, or undefined (no cache, or a bad one: logged, and rebuilt). */
  async load(cancelled: () => boolean): Promise<Build | undefined> {
    const started = Date.now();
    const loaded = await readCacheFile(this.file, { fingerprint: this.fingerprint, roots: this.roots });
    if (loaded.ok && cancelled()) loaded.image.records?.release();
    if (cancelled()) return undefined;
    if (!loaded.ok) {
      if (!loaded.missing) this.log.info(`Index cache ${this.file}: ${loaded.reason}; rebuilding the index`);
      return undefined;
    }
    const named = loaded.image.header.search;
    let search: EmbeddedSearchIndex | undefined;
    if (named) {
      const file = path.join(this.dir, named.file);
      try {
        search = openSearchFileAt(file, named.generation, this.postingCacheBytes);
      } catch (e) {
        loaded.image.records?.release();
        this.log.info(`Index cache ${this.file}: ${(e as Error).message}; rebuilding the index`);
        return undefined;
      }
      this.searchFile = file;
      void removeOtherSearchFiles(this.file, file, 10 * 60_000);
    }
    try {
      const build = restoreBuild(loaded.image, undefined, search);
      build.corpus.onUnreadable = (doc, reason) => this.unreadable?.(doc, reason);
      this.bytes = loaded.bytes;
      this.log.info(`Index cache ${this.file} read (${(loaded.bytes / 1048576).toFixed(1)} MB, ${build.corpus.stats().documents} documents) in ${Date.now() - started} ms`);
      return build;
    } catch (e) {
      loaded.image.records?.release();
      this.log.info(`Index cache ${this.file}: unusable (${(e as Error).message}); rebuilding the index`);
      return undefined;
    }
  }

  /**
   * Where a cold build's merging worker writes the search index: a search file of a new
   * generation beside this cache file, opened with this cache's posting cache. Undefined
   * when the folder is known to be read-only (the index then comes back as parts).
   */
  searchTarget(): SearchFileTarget | undefined {
    if (this.readOnly) return undefined;
    return {
      next: () => {
        const generation = newGeneration();
        return { file: searchFileFor(this.file, generationText(generation)), generation };
      },
      open: (target) => {
        const generation = generationText(target.generation);
        const index = openSearchFileAt(target.file, generation, this.postingCacheBytes);
        this.built = { index, file: target.file, generation };
        return index;
      },
    };
  }

  /** Removes the cache and its search file (a damaged search file was found while serving): the next load rebuilds. */
  async discard(): Promise<void> {
    await fs.promises.rm(this.file, { force: true }).catch(() => undefined);
    if (this.searchFile) await fs.promises.rm(this.searchFile, { force: true }).catch(() => undefined);
    this.searchFile = undefined;
    this.writtenVersion = -1;
  }

  scheduleWrite(delayMs: number): void {
    if (this.readOnly || this.retired) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.write();
    }, delayMs);
  }

  /** Writes a pending update now (shutdown). */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
      await this.write();
    }
    if (this.writing) await this.writing;
  }

  /** A newer configuration replaced this cache. */
  retire(): void {
    this.retired = true;
  }

  stats(version: number): StatsResult['cache'] {
    return { file: this.file, state: this.readOnly ? 'memory-only' : this.writtenVersion === version ? 'written' : 'pending', bytes: this.bytes };
  }

  /** Writes the live index to the cache (one write at a time; a write finding the cache current does nothing). */
  private async write(): Promise<void> {
    if (this.readOnly || !this.live().ready) return;
    while (this.writing) await this.writing;
    if (this.writtenVersion === this.live().version || this.readOnly || this.retired) return;
    this.writing = this.encodeAndWrite().finally(() => (this.writing = undefined));
    await this.writing;
  }

  private async encodeAndWrite(): Promise<void> {
    // The snapshot is taken at once (summaries and sites are immutable, each rest is read
    // from where it was at that moment, the search file's snapshot is taken with it), so it
    // is one consistent version even though it is encoded in slices.
    const version = this.live().version;
    const corpus = this.live().build.corpus;
    const started = Date.now();
    const clock = new SliceClock();
    let pieces: Uint8Array[];
    let search: SearchFileWrite | undefined;
    let named: string | undefined;
    let was: RestLocation[];
    let encoded: Awaited<ReturnType<typeof encodeCacheFile>>;
    try {
      const snapshot = this.snapshot();
      search = snapshot.searchWrite;
      named = snapshot.namedFile;
      was = snapshot.was;
      encoded = await encodeCacheFile(snapshot.image, () => clock.maybeYield());
      pieces = encoded.pieces;
    } catch (e) {
      this.log.warn(`Cannot serialize the index cache: ${(e as Error).message}`);
      return;
    }
    let size = pieces.reduce((n, p) => n + p.length, 0);
    const encodedMs = Date.now() - started;
    try {
      // The search file first: a cache header never names a file that is not there.
      if (search) size += await writeSearchFile(search.file, search.pieces, () => clock.maybeYield());
      else if (named) size += (await fs.promises.stat(named)).size;
      const reader = await writeCacheFile(this.file, pieces, true);
      this.writtenVersion = version;
      this.bytes = size;
      // The documents' rests now come from the new file; the memory (or older file) that held them is let go.
      corpus.store.relocate(
        new ReaderRecords(reader, encoded.restsAt, encoded.rows),
        was.map((w, row) => ({ was: w, row })),
      );
      this.log.info(`Index cache written: ${this.file} (${(size / 1048576).toFixed(1)} MB with the search file; encoded in ${encodedMs} ms, written in ${Date.now() - started - encodedMs} ms)`);
      if (search) await this.adoptSearchFile(search, version);
      else if (named) await this.keepSearchFile(named);
    } catch (e) {
      if (search) await fs.promises.rm(search.file, { force: true }).catch(() => undefined);
      if (isReadOnlyError(e)) {
        this.readOnly = true;
        this.log.warn(`Cache folder ${this.dir} is not writable (${(e as NodeJS.ErrnoException).code}); the index is kept in memory only and rebuilt on the next start`);
      } else {
        this.log.warn(`Cannot write the index cache ${this.file}: ${(e as Error).message}`);
      }
    }
  }

  /**
   * The live index goes on reading the file just written (postings leave the heap), unless
   * it changed meanwhile (the next write catches up). The previous search file is removed.
   */
  private async adoptSearchFile(search: SearchFileWrite, version: number): Promise<void> {
    const { build } = this.live();
    const previous = this.searchFile;
    this.searchFile = search.file;
    // Not the service's version alone: a batch of file changes bumps it only at its end.
    if (this.live().version === version && build.search === search.index && search.index.changeCount === search.changes) {
      try {
        build.search = openSearchFileAt(search.file, search.generation, this.postingCacheBytes);
      } catch (e) {
        this.log.warn(`Cannot read back the search file just written (${(e as Error).message}); the search index stays in memory`);
      }
    }
    if (previous && previous !== search.file) await fs.promises.rm(previous, { force: true }).catch(() => undefined);
    // Files of earlier generations no cache names any more (a cache that was rebuilt).
    await removeOtherSearchFiles(this.file, search.file, 10 * 60_000);
  }

  /** The header now names `file`, which the live index already reads: earlier search files go. */
  private async keepSearchFile(file: string): Promise<void> {
    const previous = this.searchFile;
    this.searchFile = file;
    if (previous && previous !== file) await fs.promises.rm(previous, { force: true }).catch(() => undefined);
    await removeOtherSearchFiles(this.file, file, 10 * 60_000);
  }

  /** The live index as a cache image, where each document's rest was when it was taken, and the search file's write (or the file it names as it is). */
  private snapshot(): { image: CacheImage; was: RestLocation[]; searchWrite?: SearchFileWrite; namedFile?: string } {
    const { build, version, excluded } = this.live();
    const live: CorpusDocument[] = [];
    for (const doc of build.corpus.documents()) if (!excluded?.(doc.uri)) live.push(doc);
    live.sort((a, b) => a.id - b.id);
    const store = build.corpus.store;
    const was: RestLocation[] = [];
    const docs: DocRecord[] = live.map((doc) => {
      const meta = build.meta.get(doc.path);
      const loc = store.location(doc.id);
      if (!loc) throw new Error(`no stored analysis for ${doc.path}`);
      was.push(loc);
      const rest = () => {
        try {
          return store.bytesAt(loc);
        } catch (e) {
          // Re-indexed, so that the next write has it; this write is given up.
          this.unreadable?.(doc, (e as Error).message);
          throw e;
        }
      };
      return { id: doc.id, path: doc.path, uri: doc.uri, size: doc.bytes, mtimeMs: doc.mtimeMs, hash: meta?.hash ?? '', racy: meta?.racy ?? true, summary: doc.summary, sites: doc.sites === NO_SITES ? undefined : doc.sites, rest };
    });
    void version;
    // The search file's snapshot is taken now too (its first piece), so both are one version.
    let searchWrite: SearchFileWrite | undefined;
    let named: { file: string; generation: string } | undefined;
    const built = this.built;
    if (built && build.search === built.index && built.index.changeCount === 0) {
      // The file a cold build's merger wrote holds exactly the live index: named as it is.
      named = { file: built.file, generation: built.generation };
    } else if (build.search instanceof EmbeddedSearchIndex) {
      const generation = newGeneration();
      const gen = generationText(generation);
      searchWrite = { index: build.search, changes: build.search.changeCount, file: searchFileFor(this.file, gen), generation: gen, pieces: started(build.search.filePieces(generation, { checksum: nativeChecksum })) };
    }
    const image: CacheImage = {
      header: {
        format: CACHE_FORMAT_VERSION,
        fingerprint: this.fingerprint,
        roots: [...this.roots],
        writtenMs: Date.now(),
        documents: docs.length,
        ...(searchWrite ? { search: { file: path.basename(searchWrite.file), generation: searchWrite.generation } } : named ? { search: { file: path.basename(named.file), generation: named.generation } } : {}),
      },
      docs,
      skipped: [...build.skipped.values()],
      search: undefined,
    };
    return { image, was, searchWrite, namedFile: named?.file };
  }
}

/**
 * Files a warm start's deferred sites in the lookup tables (core/deferredSites.ts) once the
 * server is ready, a slice at a time between requests; a request that needs the tables
 * meanwhile files the rest itself. Stops when the build is no longer `live`.
 */
export async function fileDeferredSites(corpus: CorpusIndex, log: Logger, live: () => boolean): Promise<void> {
  if (!corpus.deferred) return;
  const started = performance.now();
  const clock = new SliceClock();
  while (live() && !corpus.fileSome(32)) await clock.maybeYield();
  if (!corpus.deferred) log.info(`Index cache: lookup tables filed ${Math.round(performance.now() - started)} ms after ready`);
}

/** A search file being written: which index, where, its generation and its pieces (already started). */
interface SearchFileWrite {
  index: EmbeddedSearchIndex;
  /** The index's change count at the snapshot. */
  changes: number;
  file: string;
  generation: string;
  pieces: Iterator<Uint8Array>;
}

/** Takes a generator's first piece now (its snapshot), and hands out every piece. */
function started(pieces: Generator<Uint8Array>): Iterator<Uint8Array> {
  const first = pieces.next();
  return (function* () {
    if (!first.done) yield first.value;
    yield* pieces;
  })();
}

/** Identifies the analysis code and the glossaries a cache was built with. */
export function cacheFingerprint(glossaryEntries: readonly GlossaryEntry[], options: CorpusServiceOptions): string {
  const h = createHash('sha1');
  h.update(`format ${CACHE_FORMAT_VERSION}\n`);
  h.update(options.fingerprint ?? analyzerFingerprint(options.workerScript));
  h.update(JSON.stringify(glossaryEntries.map((e) => [e.acronym, e.vi, e.en ?? ''])));
  return h.digest('hex').slice(0, 16);
}

const analyzerHashes = new Map<string, string>();

/** The analyzer's fingerprint (analyzerFingerprint.ts): the worker bundle holds all the analysis code, so a new analyzer never reads old analyses. */
function analyzerFingerprint(script?: string): string {
  const resolved = resolveWorkerScript(script);
  if (!resolved) return 'no-worker';
  let hash = analyzerHashes.get(resolved.script);
  if (hash === undefined) {
    try {
      hash = analyzerFingerprintOf(resolved.script);
    } catch {
      hash = 'unknown';
    }
    analyzerHashes.set(resolved.script, hash);
  }
  return hash;
}
