/**
 * Building an index of the corpus: index workers read and analyse the files, this thread
 * merges the results into a Build (a CorpusIndex and a search backend) in time slices; in
 * a fresh build of a large corpus each index worker also builds the search index of its
 * own share (a shard) and the shards are merged on a worker. Also: the build restored from
 * a cache image, and which cached files are stale.
 *
 * The service (corpusService.ts) decides when to build and makes a finished build live.
 */
import * as fs from 'node:fs';
import { CorpusDocument, CorpusIndex } from '../core/corpusIndex';
import type { GlossaryEntry } from '../core/glossary';
import { EmbeddedSearchIndex, IndexedDocInput, SearchBackend } from '../core/search';
import { Renditions } from './corpusRenditions';
import type { CorpusServiceOptions, IndexProgress, Logger } from './corpusService';
import { CorpusFileInfo, decodeCorpusBytes, SliceClock, statCorpusFile } from './files';
import type { CacheImage, SkipRecord } from './indexCache';
import { contentHash, isSkipped, titleSpanOf } from './indexFile';
import { fromPartsSteps } from '../core/search/parts';
import { defaultWorkerCount, IndexPool, PoolOptions } from './indexPool';
import type { MergeTarget } from './indexWorker';
import type { TextCache } from './textCache';
import { ChunkResult, isPosted, postedDocument } from './postedAnalysis';

/**
 * How long this thread files results before it lets a waiting request run. Filing a file takes
 * tens of microseconds, so short slices cost little, and a hover on an open brief never waits
 * behind the default 8 ms slice (the results of several chunks pile up after any pause).
 */
const FILING_SLICE_MS = 2;

/** A modification time this close (ms) to the moment the file was read cannot tell a later write apart (coarse file-system clocks). */
export const RACY_MS = 2000;

export interface FileMeta {
  hash: string;
  racy: boolean;
}

/** What one index build produces before it goes live (and, once live, what file updates change). */
export interface Build {
  corpus: CorpusIndex;
  search: SearchBackend;
  meta: Map<string, FileMeta>;
  skipped: Map<string, SkipRecord>;
  /** Where this build's Word, PDF and HTML sources have their text renditions. */
  renditions: Renditions;
}

/**
 * Where a sharded build's merged search index is written and how it is then opened: the
 * cache's next search file (corpusCache.ts), so the server reads the postings from disk from
 * the start and never holds them.
 */
export interface SearchFileTarget {
  /** A new search file's path and generation. */
  next(): MergeTarget;
  /** Opens the written file; throws when it is unusable. */
  open(target: MergeTarget): EmbeddedSearchIndex;
}

export function emptyBuild(renditions = Renditions.inTemp()): Build {
  return { corpus: new CorpusIndex(), search: new EmbeddedSearchIndex(), meta: new Map(), skipped: new Map(), renditions };
}

/** A corpus file's text, decoded as at indexing time (UTF-8 or UTF-16 with BOM); '' when unreadable. */
export function readCorpusText(file: string, log: Logger): string {
  try {
    const decoded = decodeCorpusBytes(fs.readFileSync(file), file);
    return 'text' in decoded ? decoded.text : '';
  } catch (e) {
    log.warn(`Cannot re-read ${file}: ${(e as Error).message}`);
    return '';
  }
}

/**
 * Merges one file's result into a build (replacing an older entry of the same file). The
 * search document goes to `toSearch` when the search index is built elsewhere.
 */
export function applyResult(build: Build, r: ChunkResult, log: Logger, textCache: TextCache, toSearch?: (doc: IndexedDocInput) => void): void {
  const uri = isSkipped(r) ? build.renditions.uriOf(r.path) : r.uri;
  const old = build.corpus.get(uri);
  if (old) {
    build.corpus.remove(uri);
    build.search.remove(old.id);
    build.meta.delete(old.path);
    textCache.delete(old.id);
  }
  if (isSkipped(r)) {
    log.warn(r.skip);
    build.renditions.remove(r.path);
    const st = statCorpusFile(r.path);
    if (st) build.skipped.set(r.path, { path: r.path, size: st.size, mtimeMs: st.mtimeMs, reason: r.skip });
    else build.skipped.delete(r.path);
    return;
  }
  build.skipped.delete(r.path);
  if (r.warning) log.warn(r.warning);
  if (isPosted(r)) {
    // Split and encoded by an index worker, which holds its text for its search shard.
    if (!toSearch) throw new Error(`${r.path}: an analysis posted without its text needs its search document built elsewhere`);
    const doc = build.corpus.addEncoded(postedDocument(r), r.rest);
    toSearch({ id: doc.id, text: '', body: [] });
  } else {
    const doc = build.corpus.add({ uri: r.uri, path: r.path, bytes: r.size, mtimeMs: r.mtimeMs, analysis: r.analysis });
    const input: IndexedDocInput = { id: doc.id, text: r.text, titleSpan: titleSpanOf(r.analysis), body: r.analysis.body };
    if (toSearch) toSearch(input);
    else build.search.add(input);
  }
  build.meta.set(r.path, { hash: r.hash, racy: r.readMs - r.mtimeMs < RACY_MS });
}

/**
 * Runs index builds on worker threads. The pool lives for one build only (workers hold a
 * heap each); `close` ends a running one's workers.
 */
export class CorpusBuilder {
  private pool: IndexPool | undefined;
  /** Worker threads the last build used. */
  workers = 0;

  constructor(
    private readonly log: Logger,
    private readonly textCache: TextCache,
    private readonly options: CorpusServiceOptions,
  ) {}

  poolOptions(renditionDir?: string): PoolOptions {
    return { workers: this.options.workers, script: this.options.workerScript, chunkSize: this.options.chunkSize, renditionDir, segmentBytes: this.options.shardSegmentBytes };
  }

  /**
   * Indexes `files` into `build`: index workers read and analyze, this thread adds the
   * analyses to the CorpusIndex. For a fresh build of a large corpus the workers also build
   * the search index in shards, merged on a worker and adopted here in slices; otherwise it
   * is built here, in slices. False when cancelled.
   */
  async indexInto(
    build: Build,
    files: CorpusFileInfo[],
    glossaryEntries: GlossaryEntry[],
    cancelled: () => boolean,
    fresh: boolean,
    onProgress: (p: IndexProgress) => void,
    searchTarget?: SearchFileTarget,
  ): Promise<boolean> {
    this.phases = {};
    if (files.length === 0) return true;
    // Workers hold this build's shards: a build still running was superseded (its
    // cancelled() is true now), so its workers end rather than serve this one.
    if (this.pool) void this.pool.close();
    const pool = (this.pool = new IndexPool(glossaryEntries, this.log, this.poolOptions(build.renditions.dir)));
    const workers = this.options.workers ?? defaultWorkerCount();
    const sharded = fresh && workers > 0 && files.length >= (this.options.searchWorkerMinFiles ?? 500);
    const started = performance.now();
    let done = 0;
    const clock = new SliceClock(FILING_SLICE_MS);
    try {
      await pool.run(
        files,
        async (results, _chunk, viaWorker) => {
          // Sharded: this thread assigns the ids (CorpusIndex) and the pool sends them to the
          // worker holding the texts; a chunk indexed here goes into build.search as usual.
          const ids: number[] = [];
          const toShard = sharded && viaWorker ? (doc: IndexedDocInput) => ids.push(doc.id) : undefined;
          for (const r of results) {
            if (cancelled()) return;
            applyResult(build, r, this.log, this.textCache, toShard);
            done++;
            await clock.maybeYield();
          }
          onProgress({ done, total: files.length });
          return ids;
        },
        cancelled,
        sharded,
      );
      this.workers = pool.workerCount;
      this.phases.analyseMs = Math.round(performance.now() - started);
      if (pool.shards !== 'off' && !cancelled()) await this.adoptShards(build, pool, cancelled, searchTarget);
    } finally {
      // Workers hold a heap each; a later build starts new ones.
      if (this.pool === pool) {
        this.pool = undefined;
        await pool.close();
      }
    }
    return !cancelled();
  }

  /** Time of the last build's phases (ms), for the log and `stats().lastBuild`. */
  phases: { analyseMs?: number; shardMs?: number; mergeMs?: number; adoptMs?: number } = {};

  /**
   * The search index of a sharded build: merged on a worker, which writes it to the target's
   * search file (opened here, postings on disk) or, without a target, posts its parts, adopted
   * here a slice at a time; when the shards were lost or the merge failed, built here from the files.
   */
  private async adoptShards(build: Build, pool: IndexPool, cancelled: () => boolean, searchTarget?: SearchFileTarget): Promise<void> {
    const target = searchTarget?.next();
    try {
      const merged = await pool.mergeShards(target);
      const adopting = performance.now();
      const documents = build.corpus.stats().documents;
      let search: EmbeddedSearchIndex;
      if (merged.parts) {
        if (merged.targetError) this.log.warn(`Cannot write the search file (${merged.targetError}); the search index is kept in memory`);
        const steps = fromPartsSteps(merged.parts);
        const clock = new SliceClock();
        let step = steps.next();
        while (!step.done) {
          if (cancelled()) return;
          await clock.maybeYield();
          step = steps.next();
        }
        search = new EmbeddedSearchIndex(step.value);
      } else {
        if (!target || cancelled()) return;
        search = searchTarget!.open(target);
      }
      if (search.documentCount !== documents) throw new Error(`it holds ${search.documentCount} documents of ${documents}`);
      build.search = search;
      Object.assign(this.phases, { shardMs: Math.round(merged.shardMs), mergeMs: Math.round(merged.mergeMs), adoptMs: Math.round(performance.now() - adopting) });
      const size = merged.bytes !== undefined ? `a search file of ${(merged.bytes / 1048576).toFixed(1)} MB` : `${(merged.parts!.postings.length / 1048576).toFixed(1)} MB of postings`;
      this.log.info(`Search index built in ${this.workers} shards (${this.phases.shardMs} ms on the busiest worker), ${merged.segments ?? this.workers} segments merged in a process of their own in ${this.phases.mergeMs} ms (${size}), adopted in ${this.phases.adoptMs} ms`);
    } catch (e) {
      if (target) await fs.promises.rm(target.file, { force: true }).catch(() => undefined);
      if (cancelled()) return;
      this.log.warn(`Search shards unusable (${(e as Error).message}); building the search index on the main thread`);
      build.search = await this.searchInThread(build, cancelled);
    }
  }

  /** Ends a running build's workers. */
  async close(): Promise<void> {
    await this.pool?.close();
    this.pool = undefined;
  }

  /** The search index of a build's documents, re-reading their files (when the search shards were lost or their merge failed). */
  private async searchInThread(build: Build, cancelled: () => boolean): Promise<SearchBackend> {
    const search = new EmbeddedSearchIndex();
    const clock = new SliceClock();
    for (const doc of build.corpus.documents()) {
      if (cancelled()) break;
      const text = readCorpusText(build.renditions.textPathOf(doc), this.log);
      search.add({ id: doc.id, text, titleSpan: titleSpanOf(doc.analysis), body: doc.analysis.body });
      await clock.maybeYield();
    }
    return search;
  }
}

/**
 * Rebuilds a CorpusIndex and the search index from a cache image: summaries from the image,
 * sites deferred (filed after ready: core/deferredSites.ts), each document's rest left in the
 * cache file (`image.records`, read on demand),
 * and the search index opened from its search file, when the cache has one. The search
 * index refers to documents by id, so each document is restored under its persisted id
 * (gaps left by documents removed since are kept).
 */
export function restoreBuild(image: CacheImage, renditions = Renditions.inTemp(), searchFile?: SearchBackend): Build {
  const corpus = new CorpusIndex();
  const meta = new Map<string, FileMeta>();
  const { records, table } = image;
  if (!records || !table) throw new Error('no document records in the cache image');
  // Straight from the table's columns: the only objects made per document are the ones the index keeps.
  for (let row = 0; row < table.length; row++) {
    const path = table.paths[row];
    corpus.restore({ uri: table.uri(row), path, bytes: table.sizes[row], mtimeMs: table.mtimes[row], summary: table.summary(row) }, table.ids[row], records, row);
    meta.set(path, { hash: table.hashes[row], racy: table.racy(row) });
  }
  // Their sites are filed in the lookup tables once the server is ready (fileDeferredSites), or by the first read that needs them.
  corpus.deferSites(table.sites, table.figures);
  let search: SearchBackend;
  if (searchFile) {
    // Opened from the cache's search file (host/searchFileStore.ts).
    search = searchFile;
    if (search.documentCount !== table.length) throw new Error(`search file holds ${search.documentCount} documents, expected ${table.length}`);
  } else if (image.search) {
    search = EmbeddedSearchIndex.deserialize(image.search);
    if (search.documentCount !== table.length) throw new Error(`search index holds ${search.documentCount} documents, expected ${table.length}`);
  } else {
    throw new Error('no search index in the cache');
  }
  const skipped = new Map(image.skipped.map((s) => [s.path, s]));
  return { corpus, search, meta, skipped, renditions };
}

/**
 * The discovered files whose cached entry is stale: new, changed size or time, or (when
 * the time cannot be trusted) changed content. Cached files that are gone are removed
 * from the build here. [] when cancelled.
 */
export async function staleFiles(files: CorpusFileInfo[], build: Build, cancelled: () => boolean): Promise<CorpusFileInfo[]> {
  const stale: CorpusFileInfo[] = [];
  const clock = new SliceClock();
  const now = Date.now();
  const byPath = new Map<string, CorpusDocument>();
  for (const doc of build.corpus.documents()) byPath.set(doc.path, doc);
  // Paths are unique on both sides: when every document was found among the files, none is gone (no set of the files needed).
  let found = 0;
  for (let i = 0; i < files.length; i++) {
    // An await per file costs more than the check itself (35k files): yield only when the slice is used up.
    if ((i & 127) === 127 && clock.due()) {
      await clock.maybeYield();
      if (cancelled()) return [];
    }
    const f = files[i];
    const skip = build.skipped.size > 0 ? build.skipped.get(f.path) : undefined;
    if (skip) {
      if (skip.size !== f.size || skip.mtimeMs !== f.mtimeMs) stale.push(f);
      continue;
    }
    const doc = byPath.get(f.path);
    if (doc) found++;
    const meta = doc && build.meta.get(f.path);
    // Only a converted source (its summary names its origin) has a rendition that can be missing.
    if (!doc || !meta || doc.bytes !== f.size || doc.mtimeMs !== f.mtimeMs || (doc.summary.origin !== undefined && build.renditions.missing(f.path))) {
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
  const seen = found < byPath.size || build.skipped.size > 0 ? new Set(files.map((f) => f.path)) : undefined;
  if (found < byPath.size) {
    for (const doc of byPath.values()) {
      if (seen!.has(doc.path)) continue;
      build.corpus.remove(doc.uri);
      build.search.remove(doc.id);
      build.meta.delete(doc.path);
      build.renditions.remove(doc.path);
    }
  }
  for (const p of [...build.skipped.keys()]) if (!seen!.has(p)) build.skipped.delete(p);
  return stale;
}
