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
import type { CorpusDocument } from '../core/corpusIndex';
import type { GlossaryEntry } from '../core/glossary';
import { EmbeddedSearchIndex } from '../core/search';
import type { StatsResult } from '../../../shared/protocol';
import { Build, restoreBuild } from './corpusBuild';
import type { CorpusServiceOptions, Logger } from './corpusService';
import { SliceClock } from './files';
import { CACHE_FORMAT_VERSION, cacheFileFor, CacheImage, DocRecord, encodeCacheFile, isReadOnlyError, readCacheFile, ReaderRecords, removeStaleTemporaries, writeCacheFile } from './indexCache';
import { resolveWorkerScript } from './indexPool';

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
  /** The search worker's image of the live index, kept until the cache is written (saves serializing it again). */
  private searchImage: { image: Uint8Array; version: number } | undefined;
  /** Set when a newer configuration replaced this cache: a write then does nothing. */
  private retired = false;
  /** The service's handler of a persisted record that cannot be read (logs, re-indexes the file). */
  unreadable: ((doc: CorpusDocument, reason: string) => void) | undefined;

  constructor(
    readonly dir: string,
    readonly roots: string[],
    readonly fingerprint: string,
    private readonly log: Logger,
    private readonly live: () => LiveIndex,
  ) {
    this.file = cacheFileFor(dir, roots);
    void removeStaleTemporaries(dir);
  }

  /** The persisted build, or undefined (no cache, or a bad one: logged, and rebuilt). */
  async load(cancelled: () => boolean): Promise<Build | undefined> {
    const started = Date.now();
    const loaded = await readCacheFile(this.file, { fingerprint: this.fingerprint, roots: this.roots });
    if (cancelled()) return undefined;
    if (!loaded.ok) {
      if (!loaded.missing) this.log.info(`Index cache ${this.file}: ${loaded.reason}; rebuilding the index`);
      return undefined;
    }
    try {
      const build = restoreBuild(loaded.image);
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

  /** A build went live as `version`; its search worker's image (if any) saves serializing it again. */
  keepSearchImage(image: Uint8Array | undefined, version: number): void {
    this.searchImage = image ? { image, version } : undefined;
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
    // from where it was at that moment, the search image is a copy), so it is one consistent
    // version even though it is encoded in slices.
    const version = this.live().version;
    const corpus = this.live().build.corpus;
    const started = Date.now();
    let encoded: Awaited<ReturnType<typeof encodeCacheFile>>;
    let snapshot: ReturnType<CorpusCache['snapshot']>;
    try {
      snapshot = this.snapshot();
      const clock = new SliceClock();
      encoded = await encodeCacheFile(snapshot.image, () => clock.maybeYield());
    } catch (e) {
      this.log.warn(`Cannot serialize the index cache: ${(e as Error).message}`);
      return;
    }
    const size = encoded.pieces.reduce((n, p) => n + p.length, 0);
    const encodedMs = Date.now() - started;
    try {
      const reader = await writeCacheFile(this.file, encoded.pieces, true);
      this.writtenVersion = version;
      this.bytes = size;
      // The documents' rests now come from the new file; the memory (or older file) that held them is let go.
      const records = new ReaderRecords(reader, encoded.restsAt, encoded.rows);
      corpus.store.relocate(
        records,
        snapshot.was.map((was, row) => ({ was, row })),
      );
      this.log.info(`Index cache written: ${this.file} (${(size / 1048576).toFixed(1)} MB; encoded in ${encodedMs} ms, written in ${Date.now() - started - encodedMs} ms)`);
    } catch (e) {
      if (isReadOnlyError(e)) {
        this.readOnly = true;
        this.log.warn(`Cache folder ${this.dir} is not writable (${(e as NodeJS.ErrnoException).code}); the index is kept in memory only and rebuilt on the next start`);
      } else {
        this.log.warn(`Cannot write the index cache ${this.file}: ${(e as Error).message}`);
      }
    }
  }

  /** The live index as a cache image, and where each document's rest was when it was taken. */
  private snapshot(): { image: CacheImage; was: RestLocation[] } {
    const { build, version, excluded } = this.live();
    const docs: CorpusDocument[] = [];
    for (const doc of build.corpus.documents()) if (!excluded?.(doc.uri)) docs.push(doc);
    docs.sort((a, b) => a.id - b.id);
    const store = build.corpus.store;
    const was: RestLocation[] = [];
    const records: DocRecord[] = docs.map((doc) => {
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
    const image = this.searchImage?.version === version ? this.searchImage.image : undefined;
    this.searchImage = undefined;
    const search = image ?? (build.search instanceof EmbeddedSearchIndex ? build.search.serialize() : undefined);
    return {
      image: {
        header: { format: CACHE_FORMAT_VERSION, fingerprint: this.fingerprint, roots: [...this.roots], writtenMs: Date.now(), documents: records.length },
        docs: records,
        skipped: [...build.skipped.values()],
        search,
      },
      was,
    };
  }
}

/** Identifies the analysis code and the glossaries a cache was built with. */
export function cacheFingerprint(glossaryEntries: readonly GlossaryEntry[], options: CorpusServiceOptions): string {
  const h = createHash('sha1');
  h.update(`format ${CACHE_FORMAT_VERSION}\n`);
  h.update(options.fingerprint ?? analyzerFingerprint(options.workerScript));
  h.update(JSON.stringify(glossaryEntries.map((e) => [e.acronym, e.vi, e.en ?? ''])));
  return h.digest('hex').slice(0, 16);
}

let workerHash: string | undefined;

/** Hash of the worker bundle: it holds all the analysis code, so a new analyzer never reads old analyses. */
function analyzerFingerprint(script?: string): string {
  if (workerHash !== undefined) return workerHash;
  const resolved = resolveWorkerScript(script);
  try {
    if (resolved) {
      const h = createHash('sha1').update(fs.readFileSync(resolved.script));
      // The Word, PDF and HTML converters are bundles of their own beside it (dist/formats/): they make analyses too.
      const formats = path.join(path.dirname(resolved.script), 'formats');
      if (fs.existsSync(formats)) for (const f of fs.readdirSync(formats).sort()) if (f.endsWith('.js')) h.update(fs.readFileSync(path.join(formats, f)));
      workerHash = h.digest('hex');
    } else workerHash = 'no-worker';
  } catch {
    workerHash = 'unknown';
  }
  return workerHash;
}
