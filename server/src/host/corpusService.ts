/**
 * Owns the corpus for one server: which folders, the glossaries, indexing them into a
 * CorpusIndex and a search backend, the persisted index, file watching, and the status
 * the client sees.
 *
 * - Indexing runs on worker threads (indexPool.ts: read, decode, analyze); the main thread
 *   only merges results, in time slices, so hover and completion on open briefs keep being
 *   answered. The previous index stays in use until the new one is complete.
 * - A warm start loads the persisted index (indexCache.ts) and re-indexes only the files
 *   whose size or time changed (or whose content hash changed, when the time alone cannot
 *   be trusted); a bad cache is rebuilt with a log line, an unwritable cache dir leaves
 *   the index in memory with a warning.
 * - After that, a created, changed or deleted file (didChangeWatchedFiles, or the node
 *   watcher for folders outside the workspace) updates only that file's entries.
 *
 * Node I/O lives in host/; the analysis itself is core code.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import { acronymKey } from '../core/acronyms';
import { CorpusIndex, CorpusDocument } from '../core/corpusIndex';
import { Glossary, GlossaryEntry, parseGlossary } from '../core/glossary';
import { EmbeddedSearchIndex, IndexedDocInput, SearchBackend } from '../core/search';
import type { StatsResult, StatusResult } from '../../../shared/protocol';
import { CorpusFileInfo, decodeCorpusBytes, discoverCorpusFiles, isCorpusFileName, isInside, SliceClock, statCorpusFile } from './files';
import { cacheFileFor, CacheImage, DocRecord, isReadOnlyError, readCacheFile, removeStaleTemporaries, SkipRecord, encodeCachePieces, writeCacheFile, CACHE_FORMAT_VERSION } from './indexCache';
import { Renditions } from './corpusRenditions';
import { formatOf } from './formats';
import { contentHash, FileResult, indexFile, IndexedFile, isSkipped, titleSpanOf } from './indexFile';
import { defaultWorkerCount, discoverOffThread, IndexPool, PoolOptions, resolveWorkerScript, SearchBuilder } from './indexPool';
import type { SearchDoc } from './indexWorker';
import { TextCache } from './textCache';
import { FolderWatcher, watchFolders } from './watch';

export { fileUri } from './indexFile';

export interface CorpusConfig {
  /** Absolute folders to index (bundled seeds included when enabled). */
  roots: string[];
  /** Absolute paths of user glossary files. */
  glossaryPaths: string[];
  /** Folder of the persisted index; undefined or empty keeps the index in memory only. */
  cacheDir?: string;
  /** Folders (among `roots`) to watch with a node file watcher: those the LSP client does not watch for us. */
  watch?: string[];
}

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
}

export interface IndexProgress {
  done: number;
  total: number;
}

export interface CorpusServiceOptions {
  /** Index worker threads (0: main thread only). Default: POLICY_LENS_WORKERS, else one per core, at most 4. */
  workers?: number;
  /** Worker entry point (tests). */
  workerScript?: string;
  /** Identifies the analysis code in cache files; default: a hash of the worker bundle. */
  fingerprint?: string;
  /** Delay before the cache is rewritten after file changes (coalesces bursts). */
  cacheWriteDelayMs?: number;
  /** Delay that coalesces bursts of watcher events. */
  changeDelayMs?: number;
  /** Files per worker message (tests use small chunks to exercise the workers on a small corpus). */
  chunkSize?: number;
  /** A fresh build of at least this many files builds its search index on a worker (default 500). */
  searchWorkerMinFiles?: number;
}

/** A modification time this close (ms) to the moment the file was read cannot tell a later write apart (coarse file-system clocks). */
const RACY_MS = 2000;

interface FileMeta {
  hash: string;
  racy: boolean;
}

/** What one index build produces before it goes live. */
interface Build {
  corpus: CorpusIndex;
  search: SearchBackend;
  meta: Map<string, FileMeta>;
  skipped: Map<string, SkipRecord>;
  /** The serialized search index when the search worker built it: the cache reuses it instead of serializing again. */
  searchImage?: Uint8Array;
}

/** A warm start re-indexing more than this share of the files builds from scratch instead (on the workers). */
const STALE_REBUILD_SHARE = 0.25;

export class CorpusService {
  corpus = new CorpusIndex();
  search: SearchBackend = new EmbeddedSearchIndex();
  glossary: Glossary;
  private state: StatusResult['state'] = 'indexing';
  private indexMs = 0;
  private fromCache = false;
  private generation = 0;
  private readyWaiters: Array<() => void> = [];
  private readonly textCache = new TextCache();
  /** Text renditions of Word, PDF and HTML sources (set per configuration). */
  private renditions = new Renditions(Renditions.dirFor(undefined, []));
  private meta = new Map<string, FileMeta>();
  private skipped = new Map<string, SkipRecord>();
  private roots: string[] = [];
  private glossaryEntries: GlossaryEntry[];
  private pool: IndexPool | undefined;
  private watcher: FolderWatcher | undefined;
  private watched: { folders: string[]; ready: boolean } = { folders: [], ready: false };
  /** Paths reported changed, applied when no build is running. */
  private readonly pendingPaths = new Set<string>();
  private changeTimer: NodeJS.Timeout | undefined;
  private compactTimer: NodeJS.Timeout | undefined;
  private applying: Promise<void> | undefined;
  /** Bumped on every change of the live index (build or file update). */
  private version = 0;
  private cache: { file: string; dir: string; roots: string[]; readOnly: boolean; writtenVersion: number; timer?: NodeJS.Timeout; writing?: Promise<void>; bytes: number; fingerprint: string } | undefined;
  /** The search worker's image of the live index, kept until the cache is written (saves serializing it again). */
  private searchImage: { image: Uint8Array; version: number } | undefined;
  private lastBuild = { files: 0, reindexed: 0, workers: 0, searchWorker: false, eventLoopP99Ms: 0, eventLoopMaxMs: 0 };
  /** Event-loop delay while a build runs: how long a request on an open brief may have waited. */
  private loopDelay: IntervalHistogram | undefined;

  constructor(
    private readonly log: Logger,
    private readonly onStatus: (status: StatusResult) => void = () => {},
    private readonly onProgress: (p: IndexProgress) => void = () => {},
    private readonly options: CorpusServiceOptions = {},
  ) {
    this.glossaryEntries = bundledEntries();
    this.glossary = new Glossary(this.glossaryEntries);
  }

  status(): StatusResult {
    const s = this.corpus.stats();
    return {
      state: this.state,
      documents: s.documents,
      bytes: s.bytes,
      // Distinct acronyms by key, so "T.Ư" in the glossary and "TƯ" in the corpus count once.
      acronyms: new Set([...this.corpus.acronymKeys(), ...this.glossary.entries.map((e) => acronymKey(e.acronym))]).size,
      references: s.references,
      indexMs: this.indexMs,
      fromCache: this.fromCache,
    };
  }

  /** Diagnostics beyond the status contract: memory, search index size, cache, workers. */
  stats(): StatsResult {
    const m = process.memoryUsage();
    const search = this.search instanceof EmbeddedSearchIndex ? this.search : undefined;
    return {
      version: this.version,
      heapUsedMB: round1(m.heapUsed / 1048576),
      heapTotalMB: round1(m.heapTotal / 1048576),
      rssMB: round1(m.rss / 1048576),
      externalMB: round1(m.external / 1048576),
      arrayBuffersMB: round1(m.arrayBuffers / 1048576),
      search: search ? { documents: search.documentCount, terms: search.termCount, postingMB: round1(search.postingBytes / 1048576) } : undefined,
      cache: this.cache
        ? { file: this.cache.file, state: this.cache.readOnly ? 'memory-only' : this.cache.writtenVersion === this.version ? 'written' : 'pending', bytes: this.cache.bytes }
        : { state: 'none' },
      workers: this.lastBuild.workers,
      lastBuild: { ...this.lastBuild },
      pendingChanges: this.pendingPaths.size,
      watcher: { folders: this.watched.folders.length, ready: this.watched.ready },
    };
  }

  whenReady(): Promise<void> {
    if (this.state === 'ready') return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /** (Re)builds everything for a configuration; a newer call supersedes a running one. */
  async configure(config: CorpusConfig): Promise<void> {
    const generation = ++this.generation;
    const started = Date.now();
    this.setState('indexing');
    this.loopDelay?.disable();
    this.loopDelay = monitorEventLoopDelay({ resolution: 5 });
    this.loopDelay.enable();
    await this.stopWatcher();
    this.glossaryEntries = [...bundledEntries(), ...this.loadUserGlossaries(config.glossaryPaths)];
    this.glossary = new Glossary(this.glossaryEntries);
    this.roots = config.roots.map((r) => realpathOr(r));
    this.renditions = new Renditions(Renditions.dirFor(config.cacheDir, config.roots));
    if (config.watch?.length) this.startWatcher(config.watch.map((r) => realpathOr(r)));
    const fingerprint = this.fingerprint();
    this.cache = config.cacheDir
      ? { file: cacheFileFor(config.cacheDir, config.roots), dir: config.cacheDir, roots: [...config.roots], readOnly: false, writtenVersion: -1, bytes: 0, fingerprint }
      : undefined;

    if (this.cache) void removeStaleTemporaries(this.cache.dir);
    // Find the files (on a worker) while this thread reads the cache.
    const discovering = discoverOffThread(config.roots, this.glossaryEntries, (m) => this.log.warn(m), this.poolOptions());
    const fromCache = await this.loadCache(config.roots, fingerprint, generation);
    const files = await discovering;
    if (generation !== this.generation) return;
    let changed = files;
    let reused = false;
    if (fromCache) {
      changed = await this.staleFiles(files, fromCache, generation);
      if (generation !== this.generation) return;
      reused = true;
      if (changed.length > 1000 && changed.length > files.length * STALE_REBUILD_SHARE) {
        this.log.info(`${changed.length} of ${files.length} corpus files changed since the cache was written; rebuilding the index`);
        reused = false;
        changed = files;
      }
    }
    const build: Build = reused && fromCache ? fromCache : { corpus: new CorpusIndex(), search: new EmbeddedSearchIndex(), meta: new Map(), skipped: new Map() };
    // Keep answering from the previous index until the new one is complete.
    const ok = await this.indexInto(build, changed, generation, !reused);
    if (!ok || generation !== this.generation) return;

    this.corpus = build.corpus;
    this.search = build.search;
    this.searchImage = build.searchImage ? { image: build.searchImage, version: this.version + 1 } : undefined;
    this.meta = build.meta;
    this.skipped = build.skipped;
    this.textCache.clear();
    this.fromCache = reused;
    this.indexMs = Date.now() - started;
    this.version++;
    this.loopDelay?.disable();
    this.lastBuild = {
      files: files.length,
      reindexed: changed.length,
      workers: this.lastBuild.workers,
      searchWorker: !!build.searchImage,
      eventLoopP99Ms: round1((this.loopDelay?.percentile(99) ?? 0) / 1e6),
      eventLoopMaxMs: round1((this.loopDelay?.max ?? 0) / 1e6),
    };
    const where = config.roots.join(', ') || 'no folder';
    if (reused) this.log.info(`Loaded the index of ${files.length} corpus files from cache in ${this.indexMs} ms (${changed.length} re-indexed) from ${where}`);
    else this.log.info(`Indexed ${files.length} corpus files (${this.corpus.stats().bytes} bytes) in ${this.indexMs} ms from ${where}`);
    if (this.cache && (!reused || changed.length > 0)) this.scheduleCacheWrite(0);
    else if (this.cache) this.cache.writtenVersion = this.version;
    this.renditions.sweep(this.corpus.documents());
    this.setState('ready');
    this.scheduleChanges(0);
  }

  /**
   * Files created, changed or deleted (from the client's watcher or ours). Each path is
   * looked at again; only that file's entries change. Folders: a deleted folder removes
   * its files, a created one is scanned.
   */
  filesChanged(paths: readonly string[]): void {
    for (const p of paths) this.pendingPaths.add(path.resolve(p));
    this.scheduleChanges(this.options.changeDelayMs ?? 100);
  }

  /** Folders being indexed (real paths). */
  corpusRoots(): readonly string[] {
    return this.roots;
  }

  /** Writes a pending cache update now (shutdown). */
  async flush(): Promise<void> {
    if (this.applying) await this.applying;
    if (this.cache?.timer) {
      clearTimeout(this.cache.timer);
      this.cache.timer = undefined;
      await this.writeCache();
    }
    if (this.cache?.writing) await this.cache.writing;
  }

  async dispose(): Promise<void> {
    this.generation++;
    if (this.changeTimer) clearTimeout(this.changeTimer);
    if (this.compactTimer) clearTimeout(this.compactTimer);
    await this.flush().catch(() => undefined);
    await this.stopWatcher();
    await this.pool?.close();
    this.pool = undefined;
  }

  /** The file text of a corpus document, read on demand (whole corpus texts are not kept in memory). */
  readText = (docId: number): string => {
    const cached = this.textCache.get(docId);
    if (cached !== undefined) return cached;
    const doc = this.corpus.getById(docId);
    if (!doc) return '';
    const text = this.decodeFile(this.renditions.textPathOf(doc));
    this.textCache.set(docId, text);
    return text;
  };

  /** A corpus file's text, decoded as at indexing time (UTF-8 or UTF-16 with BOM); '' when unreadable. */
  private decodeFile(file: string): string {
    try {
      const decoded = decodeCorpusBytes(fs.readFileSync(file), file);
      return 'text' in decoded ? decoded.text : '';
    } catch (e) {
      this.log.warn(`Cannot re-read ${file}: ${(e as Error).message}`);
      return '';
    }
  }

  // ------------------------------------------------------------------ building

  /** Indexes `files` into `build` (workers read and analyze; this thread merges in slices). */
  /**
   * Indexes `files` into `build`: index workers read and analyze, this thread adds the
   * analyses to the CorpusIndex. For a fresh build of a large corpus the search index is
   * built on its own worker and adopted at the end; otherwise it is built here, in slices.
   */
  private async indexInto(build: Build, files: CorpusFileInfo[], generation: number, fresh: boolean): Promise<boolean> {
    if (files.length === 0) return true;
    this.pool ??= new IndexPool(this.glossaryEntries, this.log, this.poolOptions());
    const pool = this.pool;
    const workers = this.options.workers ?? defaultWorkerCount();
    const searchBuilder = fresh && workers > 0 && files.length >= (this.options.searchWorkerMinFiles ?? 500) ? SearchBuilder.start(this.poolOptions()) : undefined;
    let done = 0;
    const clock = new SliceClock();
    const cancelled = () => generation !== this.generation;
    try {
      await pool.run(
        files,
        async (results, chunk, viaWorker) => {
          // With a search worker: this thread assigns the ids (CorpusIndex) and sends them;
          // the texts went there from the index worker (or go now, for a chunk indexed here).
          const ids: number[] = [];
          const docs: SearchDoc[] = [];
          const toSearch = searchBuilder
            ? ({ id, ...doc }: IndexedDocInput) => {
                ids.push(id);
                if (!viaWorker) docs.push(doc);
              }
            : undefined;
          for (const r of results) {
            if (cancelled()) return;
            this.apply(build, r, toSearch);
            done++;
            await clock.maybeYield();
          }
          if (searchBuilder) {
            if (!viaWorker) searchBuilder.docs(chunk, docs);
            await searchBuilder.ids(chunk, ids);
          }
          this.onProgress({ done, total: files.length });
        },
        cancelled,
        searchBuilder,
      );
      this.lastBuild.workers = pool.workerCount;
      if (searchBuilder && !cancelled()) {
        try {
          const { image, documents, buildMs } = await searchBuilder.finish(pool.chunkCount(files.length));
          if (documents !== build.corpus.stats().documents) throw new Error(`it indexed ${documents} documents of ${build.corpus.stats().documents}`);
          const adopting = performance.now();
          build.search = EmbeddedSearchIndex.deserialize(image);
          build.searchImage = image;
          this.log.info(`Search index built on a worker (${Math.round(buildMs)} ms of work, ${(image.length / 1048576).toFixed(1)} MB), adopted in ${Math.round(performance.now() - adopting)} ms`);
        } catch (e) {
          this.log.warn(`Search index worker failed (${(e as Error).message}); building the search index on the main thread`);
          build.search = await this.searchInThread(build, cancelled);
        }
      }
    } finally {
      await searchBuilder?.close();
      // Workers hold a heap each; a later build starts new ones.
      if (this.pool === pool) {
        this.pool = undefined;
        await pool.close();
      }
    }
    return !cancelled();
  }

  /** The search index of a build's documents, re-reading their files (when the search worker failed). */
  private async searchInThread(build: Build, cancelled: () => boolean): Promise<SearchBackend> {
    const search = new EmbeddedSearchIndex();
    const clock = new SliceClock();
    for (const doc of build.corpus.documents()) {
      if (cancelled()) break;
      const text = this.decodeFile(this.renditions.textPathOf(doc));
      search.add({ id: doc.id, text, titleSpan: titleSpanOf(doc.analysis), body: doc.analysis.body });
      await clock.maybeYield();
    }
    return search;
  }

  private poolOptions(): PoolOptions {
    return { workers: this.options.workers, script: this.options.workerScript, chunkSize: this.options.chunkSize, renditionDir: this.renditions.dir };
  }

  /**
   * Merges one file's result into a build (replacing an older entry of the same file). The
   * search document goes to `toSearch` when the search index is built elsewhere.
   */
  private apply(build: Build, r: FileResult, toSearch?: (doc: IndexedDocInput) => void): void {
    const uri = isSkipped(r) ? this.renditions.uriOf(r.path) : r.uri;
    const old = build.corpus.get(uri);
    if (old) {
      build.corpus.remove(uri);
      build.search.remove(old.id);
      build.meta.delete(old.path);
      this.textCache.delete(old.id);
    }
    if (isSkipped(r)) {
      this.log.warn(r.skip);
      this.renditions.remove(r.path);
      const st = statCorpusFile(r.path);
      if (st) build.skipped.set(r.path, { path: r.path, size: st.size, mtimeMs: st.mtimeMs, reason: r.skip });
      else build.skipped.delete(r.path);
      return;
    }
    build.skipped.delete(r.path);
    if (r.warning) this.log.warn(r.warning);
    const doc = build.corpus.add({ uri: r.uri, path: r.path, bytes: r.size, mtimeMs: r.mtimeMs, analysis: r.analysis });
    const input: IndexedDocInput = { id: doc.id, text: r.text, titleSpan: titleSpanOf(r.analysis), body: r.analysis.body };
    if (toSearch) toSearch(input);
    else build.search.add(input);
    build.meta.set(r.path, { hash: r.hash, racy: r.readMs - r.mtimeMs < RACY_MS });
  }

  // ------------------------------------------------------------------ cache

  private fingerprint(): string {
    const h = createHash('sha1');
    h.update(`format ${CACHE_FORMAT_VERSION}\n`);
    h.update(this.options.fingerprint ?? analyzerFingerprint(this.options.workerScript));
    h.update(JSON.stringify(this.glossaryEntries.map((e) => [e.acronym, e.vi, e.en ?? ''])));
    return h.digest('hex').slice(0, 16);
  }

  /** The persisted build, or undefined (no cache, or a bad one: logged, and rebuilt). */
  private async loadCache(roots: string[], fingerprint: string, generation: number): Promise<Build | undefined> {
    const cache = this.cache;
    if (!cache) return undefined;
    const started = Date.now();
    const loaded = await readCacheFile(cache.file, { fingerprint, roots });
    if (generation !== this.generation) return undefined;
    if (!loaded.ok) {
      if (!loaded.missing) this.log.info(`Index cache ${cache.file}: ${loaded.reason}; rebuilding the index`);
      return undefined;
    }
    try {
      const build = restoreBuild(loaded.image);
      cache.bytes = loaded.bytes;
      this.log.info(`Index cache ${cache.file} read (${(loaded.bytes / 1048576).toFixed(1)} MB, ${build.corpus.stats().documents} documents) in ${Date.now() - started} ms`);
      return build;
    } catch (e) {
      this.log.info(`Index cache ${cache.file}: unusable (${(e as Error).message}); rebuilding the index`);
      return undefined;
    }
  }

  /**
   * The discovered files whose cached entry is stale: new, changed size or time, or (when
   * the time cannot be trusted) changed content. Cached files that are gone are removed
   * from the build here.
   */
  private async staleFiles(files: CorpusFileInfo[], build: Build, generation: number): Promise<CorpusFileInfo[]> {
    const stale: CorpusFileInfo[] = [];
    const seen = new Set<string>();
    const clock = new SliceClock();
    const now = Date.now();
    const byPath = new Map<string, CorpusDocument>();
    for (const doc of build.corpus.documents()) byPath.set(doc.path, doc);
    for (const f of files) {
      await clock.maybeYield();
      if (generation !== this.generation) return [];
      seen.add(f.path);
      const skip = build.skipped.get(f.path);
      if (skip) {
        if (skip.size !== f.size || skip.mtimeMs !== f.mtimeMs) stale.push(f);
        continue;
      }
      const doc = byPath.get(f.path);
      const meta = build.meta.get(f.path);
      if (!doc || !meta || doc.bytes !== f.size || doc.mtimeMs !== f.mtimeMs || this.renditions.missing(f.path)) {
        stale.push(f);
        continue;
      }
      if (meta.racy || !(f.mtimeMs > 0) || f.mtimeMs > now + RACY_MS) {
        // Same size and time, but the time alone does not prove the content is the same.
        let hash = '';
        try {
          hash = contentHash(fs.readFileSync(f.path));
        } catch {
          hash = '';
        }
        if (hash !== meta.hash) stale.push(f);
        else if (now - f.mtimeMs >= RACY_MS) meta.racy = false;
      }
    }
    for (const doc of byPath.values()) {
      if (seen.has(doc.path)) continue;
      build.corpus.remove(doc.uri);
      build.search.remove(doc.id);
      build.meta.delete(doc.path);
      this.renditions.remove(doc.path);
    }
    for (const p of [...build.skipped.keys()]) if (!seen.has(p)) build.skipped.delete(p);
    return stale;
  }

  private scheduleCacheWrite(delayMs: number): void {
    const cache = this.cache;
    if (!cache || cache.readOnly) return;
    if (cache.timer) clearTimeout(cache.timer);
    cache.timer = setTimeout(() => {
      cache.timer = undefined;
      void this.writeCache();
    }, delayMs);
  }

  /** Writes the live index to the cache (one write at a time; a write finding the cache current does nothing). */
  private async writeCache(): Promise<void> {
    const cache = this.cache;
    if (!cache || cache.readOnly || this.state !== 'ready') return;
    while (cache.writing) await cache.writing;
    if (cache.writtenVersion === this.version || cache.readOnly || this.cache !== cache) return;
    cache.writing = this.encodeAndWrite(cache).finally(() => (cache.writing = undefined));
    await cache.writing;
  }

  private async encodeAndWrite(cache: NonNullable<CorpusService['cache']>): Promise<void> {
    // The snapshot is taken at once (analyses are immutable, the search image is a copy), so
    // it is one consistent version even though its JSON is encoded in slices.
    const version = this.version;
    const started = Date.now();
    let pieces: Uint8Array[];
    try {
      const clock = new SliceClock();
      pieces = await encodeCachePieces(this.snapshot(cache.fingerprint), () => clock.maybeYield());
    } catch (e) {
      this.log.warn(`Cannot serialize the index cache: ${(e as Error).message}`);
      return;
    }
    const size = pieces.reduce((n, p) => n + p.length, 0);
    const encodedMs = Date.now() - started;
    try {
      await writeCacheFile(cache.file, pieces);
      cache.writtenVersion = version;
      cache.bytes = size;
      this.log.info(`Index cache written: ${cache.file} (${(size / 1048576).toFixed(1)} MB; encoded in ${encodedMs} ms, written in ${Date.now() - started - encodedMs} ms)`);
    } catch (e) {
      if (isReadOnlyError(e)) {
        cache.readOnly = true;
        this.log.warn(`Cache folder ${cache.dir} is not writable (${(e as NodeJS.ErrnoException).code}); the index is kept in memory only and rebuilt on the next start`);
      } else {
        this.log.warn(`Cannot write the index cache ${cache.file}: ${(e as Error).message}`);
      }
    }
  }

  private snapshot(fingerprint: string): CacheImage {
    const docs: DocRecord[] = [];
    for (const doc of this.corpus.documents()) {
      const meta = this.meta.get(doc.path);
      docs.push({ id: doc.id, path: doc.path, uri: doc.uri, size: doc.bytes, mtimeMs: doc.mtimeMs, hash: meta?.hash ?? '', racy: meta?.racy ?? true, analysis: doc.analysis });
    }
    docs.sort((a, b) => a.id - b.id);
    const image = this.searchImage?.version === this.version ? this.searchImage.image : undefined;
    this.searchImage = undefined;
    const search = image ?? (this.search instanceof EmbeddedSearchIndex ? this.search.serialize() : undefined);
    return {
      header: { format: CACHE_FORMAT_VERSION, fingerprint, roots: [...(this.cache?.roots ?? [])], writtenMs: Date.now(), documents: docs.length },
      docs,
      skipped: [...this.skipped.values()],
      search,
    };
  }

  // ------------------------------------------------------------------ file changes

  private scheduleChanges(delayMs: number): void {
    if (this.changeTimer) clearTimeout(this.changeTimer);
    this.changeTimer = setTimeout(() => {
      this.changeTimer = undefined;
      void this.applyChanges();
    }, delayMs);
  }

  private async applyChanges(): Promise<void> {
    if (this.state !== 'ready' || this.pendingPaths.size === 0) return;
    if (this.applying) {
      await this.applying;
      return this.applyChanges();
    }
    this.applying = (async () => {
      const generation = this.generation;
      let touched = 0;
      const clock = new SliceClock();
      while (this.pendingPaths.size > 0 && generation === this.generation) {
        const p = this.pendingPaths.values().next().value as string;
        this.pendingPaths.delete(p);
        try {
          touched += await this.updatePath(p);
        } catch (e) {
          this.log.warn(`Cannot update ${p}: ${(e as Error).message}`);
        }
        await clock.maybeYield();
      }
      if (touched > 0) {
        this.version++;
        this.log.info(`Updated ${touched} corpus file${touched === 1 ? '' : 's'}`);
        this.onStatus(this.status());
        this.scheduleCacheWrite(this.options.cacheWriteDelayMs ?? 2000);
        this.scheduleCompaction();
      }
    })();
    try {
      await this.applying;
    } finally {
      this.applying = undefined;
    }
  }

  /**
   * After many removals the search index compacts itself on the next query (about a second
   * for 35k files); do it when the file changes have settled instead. (A cache write
   * compacts too, as part of serializing.)
   */
  private scheduleCompaction(): void {
    const search = this.search;
    if (!(search instanceof EmbeddedSearchIndex) || !search.needsCompaction) return;
    if (this.compactTimer) clearTimeout(this.compactTimer);
    this.compactTimer = setTimeout(() => {
      this.compactTimer = undefined;
      if (this.search === search && search.needsCompaction && this.pendingPaths.size === 0) search.compact();
    }, this.options.cacheWriteDelayMs ?? 2000);
  }

  /** Brings one path up to date in the live index; returns the number of files whose entries changed. */
  private async updatePath(p: string): Promise<number> {
    const file = realpathOr(p);
    if (!this.roots.some((r) => isInside(file, r))) return 0;
    const st = fs.statSync(file, { throwIfNoEntry: false });
    if (st?.isDirectory()) {
      // A folder appeared (moved in, created with files): look at every file under it.
      const files = await discoverCorpusFiles([file], (m) => this.log.warn(m));
      let n = 0;
      for (const f of files) n += await this.updateFile(f.path, f);
      return n;
    }
    if (!st) {
      // Gone: the file, or a whole folder of them.
      if (this.corpus.get(this.renditions.uriOf(file)) || this.skipped.has(file)) return this.removeFile(file);
      const prefix = file.endsWith(path.sep) ? file : file + path.sep;
      let n = 0;
      for (const doc of [...this.corpus.documents()]) if (doc.path.startsWith(prefix)) n += this.removeFile(doc.path);
      for (const s of [...this.skipped.keys()]) if (s.startsWith(prefix)) this.skipped.delete(s);
      return n;
    }
    if (!st.isFile() || !isCorpusFileName(file)) return 0;
    return this.updateFile(file, { path: file, size: st.size, mtimeMs: st.mtimeMs });
  }

  private async updateFile(file: string, info: CorpusFileInfo): Promise<number> {
    const doc = this.corpus.get(this.renditions.uriOf(file));
    const meta = this.meta.get(file);
    if (doc && meta && doc.bytes === info.size && doc.mtimeMs === info.mtimeMs && !meta.racy) return 0;
    const skip = this.skipped.get(file);
    if (skip && skip.size === info.size && skip.mtimeMs === info.mtimeMs) return 0;
    const result = await this.indexOne(info);
    if (doc && meta && !isSkipped(result) && result.hash === meta.hash && doc.bytes === result.size) {
      // Touched, same content: only the key changes (kept for the cache).
      meta.racy = result.readMs - result.mtimeMs < RACY_MS;
      if (doc.mtimeMs === result.mtimeMs) return 0;
      doc.mtimeMs = result.mtimeMs;
      return 1;
    }
    this.apply({ corpus: this.corpus, search: this.search, meta: this.meta, skipped: this.skipped }, result);
    return 1;
  }

  /**
   * One file, for a single-file update: text files here; a Word, PDF or HTML source on a
   * one-off index worker, so the main thread never loads a converter.
   */
  private async indexOne(info: CorpusFileInfo): Promise<FileResult> {
    if (!formatOf(info.path)) return indexFile(info, this.glossary.expansions, true);
    const pool = new IndexPool(this.glossaryEntries, this.log, { ...this.poolOptions(), chunkSize: 1 });
    let result: FileResult | undefined;
    try {
      await pool.run([info], (results) => void (result = results[0]), () => false);
    } finally {
      await pool.close();
    }
    return result ?? { path: info.path, skip: `${info.path} skipped: it could not be indexed` };
  }

  private removeFile(file: string): number {
    this.skipped.delete(file);
    this.renditions.remove(file);
    const doc = this.corpus.remove(this.renditions.uriOf(file));
    if (!doc) return 0;
    this.search.remove(doc.id);
    this.meta.delete(file);
    this.textCache.delete(doc.id);
    return 1;
  }

  private startWatcher(roots: string[]): void {
    try {
      const watcher = watchFolders(roots, (p) => this.filesChanged([p]), (m) => this.log.warn(m));
      const watched = { folders: roots, ready: false };
      this.watcher = watcher;
      this.watched = watched;
      void watcher.ready.then(() => (watched.ready = true));
    } catch (e) {
      this.log.warn(`Cannot watch ${roots.join(', ')}: ${(e as Error).message}`);
    }
  }

  private async stopWatcher(): Promise<void> {
    const w = this.watcher;
    this.watcher = undefined;
    this.watched = { folders: [], ready: false };
    await w?.close().catch(() => undefined);
  }

  // ------------------------------------------------------------------ misc

  private loadUserGlossaries(paths: readonly string[]): GlossaryEntry[] {
    const entries: GlossaryEntry[] = [];
    for (const p of paths) {
      let json: string;
      try {
        json = fs.readFileSync(p, 'utf8');
      } catch (e) {
        this.log.warn(`Cannot read glossary ${p}: ${(e as Error).message}`);
        continue;
      }
      const parsed = parseGlossary(json, p);
      parsed.problems.forEach((m) => this.log.warn(m));
      entries.push(...parsed.entries);
    }
    return entries;
  }

  private setState(state: StatusResult['state']): void {
    this.state = state;
    if (state === 'ready') {
      const waiters = this.readyWaiters;
      this.readyWaiters = [];
      waiters.forEach((w) => w());
    }
    this.onStatus(this.status());
  }
}

/**
 * Rebuilds a CorpusIndex and the search index from a cache image. The search image refers
 * to documents by id, so each document is restored under its persisted id (gaps left by
 * documents removed since are kept).
 */
function restoreBuild(image: CacheImage): Build {
  const corpus = new CorpusIndex();
  const meta = new Map<string, FileMeta>();
  for (const r of image.docs) {
    corpus.add({ uri: r.uri, path: r.path, bytes: r.size, mtimeMs: r.mtimeMs, analysis: r.analysis }, r.id);
    meta.set(r.path, { hash: r.hash, racy: r.racy });
  }
  let search: SearchBackend;
  if (image.search) {
    search = EmbeddedSearchIndex.deserialize(image.search);
    if (search.documentCount !== image.docs.length) throw new Error(`search index holds ${search.documentCount} documents, expected ${image.docs.length}`);
  } else {
    throw new Error('no search index in the cache');
  }
  const skipped = new Map(image.skipped.map((s) => [s.path, s]));
  return { corpus, search, meta, skipped };
}

let workerHash: string | undefined;

/** Hash of the worker bundle: it holds all the analysis code, so a new analyzer never reads old analyses. */
function analyzerFingerprint(script?: string): string {
  if (workerHash !== undefined) return workerHash;
  const resolved = resolveWorkerScript(script);
  try {
    workerHash = resolved ? createHash('sha1').update(fs.readFileSync(resolved.script)).digest('hex') : 'no-worker';
  } catch {
    workerHash = 'unknown';
  }
  return workerHash;
}

/**
 * The bundled glossary is a real file (dist/glossary.json beside the bundles, copied by
 * esbuild.js; server/data/glossary.json when run from source), not bundled JSON, so go to
 * definition can open an entry and the server bundle stays small.
 */
export const BUNDLED_GLOSSARY = [path.join(__dirname, 'glossary.json'), path.resolve(__dirname, '..', '..', 'data', 'glossary.json')].find((p) => fs.existsSync(p)) ?? path.join(__dirname, 'glossary.json');
let bundledCache: GlossaryEntry[] | undefined;

function bundledEntries(): GlossaryEntry[] {
  if (!bundledCache) {
    const parsed = parseGlossary(fs.readFileSync(BUNDLED_GLOSSARY, 'utf8'), BUNDLED_GLOSSARY);
    bundledCache = parsed.entries.map((e) => ({ ...e, bundled: true }));
  }
  return bundledCache;
}

function realpathOr(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    // A deleted file: resolve its folder (which may be a link) and keep the name.
    try {
      return path.join(fs.realpathSync(path.dirname(p)), path.basename(p));
    } catch {
      return path.resolve(p);
    }
  }
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

export type { IndexedFile };
