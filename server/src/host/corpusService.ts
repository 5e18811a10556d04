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
 * Node I/O lives in host/; the analysis itself is core code. This file is the facade the
 * server and the CLI use; the work is in corpusBuild.ts (building), corpusCache.ts (the
 * persisted index), corpusUpdates.ts (file changes, the watcher) and corpusGlossaries.ts.
 */
import { IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import { acronymKey } from '../core/acronyms';
import type { CorpusDocument, CorpusIndex } from '../core/corpusIndex';
import { Glossary, GlossaryEntry } from '../core/glossary';
import { EmbeddedSearchIndex, SearchBackend } from '../core/search';
import type { StatsResult, StatusResult } from '../../../shared/protocol';
import { Build, CorpusBuilder, emptyBuild, readCorpusText, staleFiles } from './corpusBuild';
import { cacheFingerprint, CorpusCache, fileDeferredSites } from './corpusCache';
import { bundledEntries, loadUserGlossaries } from './corpusGlossaries';
import { CorpusUpdates, realpathOr } from './corpusUpdates';
import type { IndexedFile } from './indexFile';
import { discoverOffThread } from './discovery';
import { defaultWorkerCount } from './indexPool';
import { Renditions } from './corpusRenditions';
import { TextCache } from './textCache';
import { guardSearch } from './searchFileStore';
import type { TeamDocument, TeamStatus } from './database/teamCorpus';

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
  /** Postings bytes at which an index worker writes its search shard out as a segment (host/indexPool.ts SEGMENT_BYTES); tests make it small. */
  shardSegmentBytes?: number;
  /** Bytes of postings an index read from its search file keeps in memory (default 32 MB; POLICY_LENS_POSTING_CACHE_MB). */
  postingCacheBytes?: number;
}

/** The team database's documents (setting `database`, host/database/): kept in the live CorpusIndex across builds, never in the local cache. */
export interface TeamDocuments {
  documents(): Iterable<TeamDocument>;
  owns(uri: string): boolean;
  status(): TeamStatus;
}

/** A warm start re-indexing more than this share of the files builds from scratch instead (on the workers). */
const STALE_REBUILD_SHARE = 0.25;

export class CorpusService {
  glossary: Glossary;
  /** The live index: hover, search and file updates use it; a new build replaces it whole. */
  private live: Build = emptyBuild();
  private state: StatusResult['state'] = 'indexing';
  private indexMs = 0;
  private fromCache = false;
  private generation = 0;
  private readyWaiters: Array<() => void> = [];
  private readonly textCache = new TextCache();
  private roots: string[] = [];
  private glossaryEntries: GlossaryEntry[];
  private readonly builder: CorpusBuilder;
  private readonly updates: CorpusUpdates;
  /** Bumped on every change of the live index (build or file update). */
  private version = 0;
  private cache: CorpusCache | undefined;
  private lastBuild: StatsResult['lastBuild'] = { files: 0, reindexed: 0, workers: 0, searchWorker: false, eventLoopP99Ms: 0, eventLoopMaxMs: 0 };
  /** Event-loop delay while a build runs: how long a request on an open brief may have waited. */
  private loopDelay: IntervalHistogram | undefined;
  private team: TeamDocuments | undefined;
  /** The last configuration, for the rebuild after a damaged search file. */
  private config: CorpusConfig | undefined;
  private repairing = false;

  constructor(
    private readonly log: Logger,
    private readonly onStatus: (status: StatusResult) => void = () => {},
    private readonly onProgress: (p: IndexProgress) => void = () => {},
    private readonly options: CorpusServiceOptions = {},
  ) {
    this.glossaryEntries = bundledEntries();
    this.glossary = new Glossary(this.glossaryEntries);
    this.builder = new CorpusBuilder(log, this.textCache, options);
    this.updates = new CorpusUpdates(
      log,
      this.textCache,
      options,
      () => ({ build: this.live, roots: this.roots, glossary: this.glossary, ready: this.state === 'ready', generation: this.generation }),
      (touched) => {
        this.version++;
        this.log.info(`Updated ${touched} corpus file${touched === 1 ? '' : 's'}`);
        this.onStatus(this.status());
        this.cache?.scheduleWrite(this.options.cacheWriteDelayMs ?? 2000);
      },
    );
  }

  get corpus(): CorpusIndex {
    return this.live.corpus;
  }

  /** The live search index; a damaged search file found by a query is logged and the index rebuilt (searchFileStore.ts). */
  get search(): SearchBackend {
    return guardSearch(this.live.search, (reason) => this.searchFileDamaged(reason));
  }

  private searchFileDamaged(reason: string): void {
    if (this.repairing || !this.config) return;
    this.repairing = true;
    const config = this.config;
    this.log.warn(`The search index file is damaged (${reason}); rebuilding the index`);
    void (async () => {
      try {
        await this.cache?.discard();
        if (this.config === config) await this.configure(config);
      } finally {
        this.repairing = false;
      }
    })();
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
      ...(this.team ? { database: this.team.status() } : {}),
    };
  }

  /** Serves the team database's documents beside the local corpus (undefined: none); they replace the previous team's. */
  attachTeam(team: TeamDocuments | undefined): void {
    const old = this.team;
    if (old) for (const doc of [...this.corpus.documents()]) if (old.owns(doc.uri)) this.textCache.delete(this.corpus.remove(doc.uri)!.id);
    this.team = team;
    if (team) this.addTeamDocuments(team.documents());
    this.version++;
    this.onStatus(this.status());
  }

  /** Team documents added or replaced, and removed (by URI), read from the database. */
  teamChanged(added: Iterable<TeamDocument>, removed: readonly string[]): void {
    for (const uri of removed) {
      const doc = this.corpus.remove(uri);
      if (doc) this.textCache.delete(doc.id);
    }
    this.addTeamDocuments(added);
    this.version++;
    this.onStatus(this.status());
  }

  teamStatus(): void {
    this.onStatus(this.status());
  }

  private addTeamDocuments(docs: Iterable<TeamDocument>): void {
    for (const d of docs) {
      const old = this.corpus.get(d.uri);
      if (old) this.textCache.delete(old.id);
      this.corpus.add({ uri: d.uri, path: d.path, bytes: d.bytes, mtimeMs: d.mtimeMs, analysis: d.analysis });
    }
  }

  /** Diagnostics beyond the status contract: memory, search index size, cache, workers. */
  stats(): StatsResult {
    const m = process.memoryUsage();
    const search = this.live.search instanceof EmbeddedSearchIndex ? this.live.search : undefined;
    return {
      version: this.version,
      heapUsedMB: round1(m.heapUsed / 1048576),
      heapTotalMB: round1(m.heapTotal / 1048576),
      rssMB: round1(m.rss / 1048576),
      externalMB: round1(m.external / 1048576),
      arrayBuffersMB: round1(m.arrayBuffers / 1048576),
      search: search ? { documents: search.documentCount, terms: search.termCount, postingMB: round1(search.postingBytes / 1048576), heapPostingMB: round1(search.memory.heapPostingBytes / 1048576), fileBacked: search.fileBacked } : undefined,
      cache: this.cache ? this.cache.stats(this.version) : { state: 'none' },
      workers: this.lastBuild.workers,
      lastBuild: { ...this.lastBuild },
      pendingChanges: this.updates.pending,
      watcher: this.updates.watched,
    };
  }

  whenReady(): Promise<void> {
    if (this.state === 'ready') return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /** (Re)builds everything for a configuration; a newer call supersedes a running one. */
  async configure(config: CorpusConfig): Promise<void> {
    const generation = ++this.generation;
    const cancelled = () => generation !== this.generation;
    this.config = config;
    const started = Date.now();
    this.setState('indexing');
    this.loopDelay?.disable();
    this.loopDelay = monitorEventLoopDelay({ resolution: 5 });
    this.loopDelay.enable();
    await this.updates.stopWatcher();
    const entries = [...bundledEntries(), ...loadUserGlossaries(config.glossaryPaths, this.log)];
    // The same entries as the glossary held (the bundled ones alone at a first start): it is kept, not built again (10-15 ms).
    if (entries.length !== this.glossaryEntries.length || entries.some((e, i) => e !== this.glossaryEntries[i])) {
      this.glossaryEntries = entries;
      this.glossary = new Glossary(entries);
    }
    this.roots = config.roots.map((r) => realpathOr(r));
    if (config.watch?.length) this.updates.startWatcher(config.watch.map((r) => realpathOr(r)));
    this.cache?.retire();
    const fingerprint = cacheFingerprint(this.glossaryEntries, this.options);
    const cache = (this.cache = config.cacheDir ? new CorpusCache(config.cacheDir, [...config.roots], fingerprint, this.log, () => ({ build: this.live, version: this.version, ready: this.state === 'ready', excluded: (uri) => this.team?.owns(uri) ?? false }), this.options.postingCacheBytes ?? postingCacheFromEnv()) : undefined);

    // Find the files (on a worker) while this thread reads the cache.
    const discovering = discoverOffThread(config.roots, (m) => this.log.warn(m), { workers: this.builder.poolOptions().workers ?? defaultWorkerCount() });
    let discoverMs = 0;
    void discovering.then(() => (discoverMs = Date.now() - started));
    const fromCache = cache ? await cache.load(cancelled) : undefined;
    const previous = this.live;
    try {
      await this.configureFrom(config, cache, fromCache, discovering, cancelled, started, () => discoverMs);
    } finally {
      // The cache file a build reads its records from stays open while the build is live.
      if (fromCache && this.live !== fromCache) fromCache.corpus.store.close();
      if (this.live !== previous) previous.corpus.store.close();
    }
  }

  private async configureFrom(
    config: CorpusConfig,
    cache: CorpusCache | undefined,
    fromCache: Build | undefined,
    discovering: ReturnType<typeof discoverOffThread>,
    cancelled: () => boolean,
    started: number,
    discoverMs: () => number,
  ): Promise<void> {
    // Word, PDF and HTML sources keep their text renditions beside the cache file.
    const renditions = new Renditions(Renditions.dirFor(config.cacheDir, config.roots));
    if (fromCache) fromCache.renditions = renditions;
    const files = await discovering;
    if (cancelled()) return;
    let changed = files;
    let reused = false;
    if (fromCache) {
      changed = await staleFiles(files, fromCache, cancelled);
      if (cancelled()) return;
      reused = true;
      if (changed.length > 1000 && changed.length > files.length * STALE_REBUILD_SHARE) {
        this.log.info(`${changed.length} of ${files.length} corpus files changed since the cache was written; rebuilding the index`);
        reused = false;
        changed = files;
      }
    }
    const build: Build = reused && fromCache ? fromCache : emptyBuild(renditions);
    // Keep answering from the previous index until the new one is complete.
    const ok = await this.builder.indexInto(build, changed, this.glossaryEntries, cancelled, !reused, (p) => this.onProgress(p), cache?.searchTarget());
    this.lastBuild.workers = this.builder.workers;
    if (!ok || cancelled()) return;

    this.live = build;
    this.watchRecords(build, cache);
    if (this.team) this.addTeamDocuments(this.team.documents());
    const searchWorker = this.builder.phases.mergeMs !== undefined;
    this.textCache.clear();
    this.fromCache = reused;
    this.indexMs = Date.now() - started;
    this.version++;
    this.loopDelay?.disable();
    this.lastBuild = {
      files: files.length,
      reindexed: changed.length,
      workers: this.lastBuild.workers,
      searchWorker,
      eventLoopP99Ms: round1((this.loopDelay?.percentile(99) ?? 0) / 1e6),
      eventLoopMaxMs: round1((this.loopDelay?.max ?? 0) / 1e6),
      phases: { discoverMs: discoverMs(), ...this.builder.phases },
    };
    const where = config.roots.join(', ') || 'no folder';
    if (reused) this.log.info(`Loaded the index of ${files.length} corpus files from cache in ${this.indexMs} ms (${changed.length} re-indexed) from ${where}`);
    else this.log.info(`Indexed ${files.length} corpus files (${this.corpus.stats().bytes} bytes) in ${this.indexMs} ms from ${where}`);
    if (cache && (!reused || changed.length > 0)) cache.scheduleWrite(0);
    else if (cache) cache.writtenVersion = this.version;
    renditions.sweep(build.corpus.documents());
    this.setState('ready');
    // A warm start's sites go into the lookup tables now (a request that needs them first files them itself).
    if (reused) void fileDeferredSites(build.corpus, this.log, () => this.live === build);
    this.updates.schedule(0);
  }

  /**
   * Files created, changed or deleted (from the client's watcher or ours). Each path is
   * looked at again; only that file's entries change. Folders: a deleted folder removes
   * its files, a created one is scanned.
   */
  filesChanged(paths: readonly string[]): void {
    this.updates.filesChanged(paths);
  }

  /** Folders being indexed (real paths). */
  corpusRoots(): readonly string[] {
    return this.roots;
  }

  /** Writes a pending cache update now (shutdown). */
  async flush(): Promise<void> {
    await this.updates.settled();
    await this.cache?.flush();
  }

  async dispose(): Promise<void> {
    this.generation++;
    this.updates.cancelTimers();
    await this.flush().catch(() => undefined);
    await this.updates.stopWatcher();
    await this.builder.close();
  }

  /** The file text of a corpus document, read on demand (whole corpus texts are not kept in memory). */
  readText = (docId: number): string => {
    const cached = this.textCache.get(docId);
    if (cached !== undefined) return cached;
    const doc = this.corpus.getById(docId);
    if (!doc) return '';
    const text = readCorpusText(this.live.renditions.textPathOf(doc), this.log);
    this.textCache.set(docId, text);
    return text;
  };

  /** A document whose persisted record cannot be read (a damaged cache file): said once, and the file is indexed again. */
  private watchRecords(build: Build, cache: CorpusCache | undefined): void {
    const reported = new Set<string>();
    const unreadable = (doc: CorpusDocument, reason: string) => {
      if (this.live !== build || reported.has(doc.path)) return;
      reported.add(doc.path);
      this.log.warn(`Index cache: the stored analysis of ${doc.path} is unreadable (${reason}); indexing the file again`);
      build.meta.delete(doc.path);
      this.filesChanged([doc.path]);
    };
    build.corpus.onUnreadable = unreadable;
    if (cache) cache.unreadable = unreadable;
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

function postingCacheFromEnv(): number | undefined {
  const mb = Number(process.env.POLICY_LENS_POSTING_CACHE_MB);
  return mb >= 0 && process.env.POLICY_LENS_POSTING_CACHE_MB ? Math.round(mb * 1048576) : undefined;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

export type { IndexedFile };
