/**
 * File changes after a build: paths reported created, changed or deleted (by the client's
 * watcher through didChangeWatchedFiles, or by our own watcher for folders the client does
 * not watch) are queued, coalesced and applied one file at a time to the live index, in
 * time slices. Only that file's entries change.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Glossary } from '../core/glossary';
import { EmbeddedSearchIndex } from '../core/search';
import { applyResult, Build, RACY_MS } from './corpusBuild';
import type { CorpusServiceOptions, Logger } from './corpusService';
import { CorpusFileInfo, discoverCorpusFiles, isCorpusFileName, isInside, SliceClock } from './files';
import { formatOf } from './formats';
import { FileResult, indexFile, isSkipped } from './indexFile';
import { IndexPool } from './indexPool';
import type { TextCache } from './textCache';
import { FolderWatcher, watchFolders } from './watch';

/** What updates read from the service: the live index and the configuration it was built for. */
export interface UpdateTarget {
  build: Build;
  roots: readonly string[];
  glossary: Glossary;
  /** False while a build runs: changes wait for it (it sees them anyway, or they are applied after). */
  ready: boolean;
  /** Bumped by every new configuration: a queue being applied for an older one stops. */
  generation: number;
}

export class CorpusUpdates {
  /** Paths reported changed, applied when no build is running. */
  private readonly pendingPaths = new Set<string>();
  private changeTimer: NodeJS.Timeout | undefined;
  private compactTimer: NodeJS.Timeout | undefined;
  private applying: Promise<void> | undefined;
  private watcher: FolderWatcher | undefined;
  private watchedFolders: { folders: string[]; ready: boolean } = { folders: [], ready: false };

  constructor(
    private readonly log: Logger,
    private readonly textCache: TextCache,
    private readonly options: CorpusServiceOptions,
    private readonly target: () => UpdateTarget,
    /** Called after a batch changed `touched` files of the live index. */
    private readonly changed: (touched: number) => void,
  ) {}

  get pending(): number {
    return this.pendingPaths.size;
  }

  get watched(): { folders: number; ready: boolean } {
    return { folders: this.watchedFolders.folders.length, ready: this.watchedFolders.ready };
  }

  /**
   * Files created, changed or deleted. Each path is looked at again; only that file's
   * entries change. Folders: a deleted folder removes its files, a created one is scanned.
   */
  filesChanged(paths: readonly string[]): void {
    for (const p of paths) this.pendingPaths.add(path.resolve(p));
    this.schedule(this.options.changeDelayMs ?? 100);
  }

  schedule(delayMs: number): void {
    if (this.changeTimer) clearTimeout(this.changeTimer);
    this.changeTimer = setTimeout(() => {
      this.changeTimer = undefined;
      void this.applyChanges();
    }, delayMs);
  }

  /** Waits for a batch being applied. */
  async settled(): Promise<void> {
    if (this.applying) await this.applying;
  }

  cancelTimers(): void {
    if (this.changeTimer) clearTimeout(this.changeTimer);
    if (this.compactTimer) clearTimeout(this.compactTimer);
  }

  startWatcher(roots: string[]): void {
    try {
      const watcher = watchFolders(roots, (p) => this.filesChanged([p]), (m) => this.log.warn(m));
      const watched = { folders: roots, ready: false };
      this.watcher = watcher;
      this.watchedFolders = watched;
      void watcher.ready.then(() => (watched.ready = true));
    } catch (e) {
      this.log.warn(`Cannot watch ${roots.join(', ')}: ${(e as Error).message}`);
    }
  }

  async stopWatcher(): Promise<void> {
    const w = this.watcher;
    this.watcher = undefined;
    this.watchedFolders = { folders: [], ready: false };
    await w?.close().catch(() => undefined);
  }

  private async applyChanges(): Promise<void> {
    if (!this.target().ready || this.pendingPaths.size === 0) return;
    if (this.applying) {
      await this.applying;
      return this.applyChanges();
    }
    this.applying = (async () => {
      const generation = this.target().generation;
      let touched = 0;
      const clock = new SliceClock();
      while (this.pendingPaths.size > 0 && generation === this.target().generation) {
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
        this.changed(touched);
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
    const search = this.target().build.search;
    // An index read from its search file is compacted by the cache write instead (a merged file).
    if (!(search instanceof EmbeddedSearchIndex) || !search.needsCompaction || search.fileBacked) return;
    if (this.compactTimer) clearTimeout(this.compactTimer);
    this.compactTimer = setTimeout(() => {
      this.compactTimer = undefined;
      if (this.target().build.search === search && search.needsCompaction && this.pendingPaths.size === 0) search.compact();
    }, this.options.cacheWriteDelayMs ?? 2000);
  }

  /** Brings one path up to date in the live index; returns the number of files whose entries changed. */
  private async updatePath(p: string): Promise<number> {
    const { build, roots } = this.target();
    const file = realpathOr(p);
    if (!roots.some((r) => isInside(file, r))) return 0;
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
      if (build.corpus.get(build.renditions.uriOf(file)) || build.skipped.has(file)) return this.removeFile(file);
      const prefix = file.endsWith(path.sep) ? file : file + path.sep;
      let n = 0;
      for (const doc of [...build.corpus.documents()]) if (doc.path.startsWith(prefix)) n += this.removeFile(doc.path);
      for (const s of [...build.skipped.keys()]) if (s.startsWith(prefix)) build.skipped.delete(s);
      return n;
    }
    if (!st.isFile() || !isCorpusFileName(file)) return 0;
    return this.updateFile(file, { path: file, size: st.size, mtimeMs: st.mtimeMs });
  }

  private async updateFile(file: string, info: CorpusFileInfo): Promise<number> {
    const { build, glossary } = this.target();
    const doc = build.corpus.get(build.renditions.uriOf(file));
    const meta = build.meta.get(file);
    if (doc && meta && doc.bytes === info.size && doc.mtimeMs === info.mtimeMs && !meta.racy) return 0;
    const skip = build.skipped.get(file);
    if (skip && skip.size === info.size && skip.mtimeMs === info.mtimeMs) return 0;
    const result = await this.indexOne(info, build, glossary);
    // A new configuration went live meanwhile: it indexed this file itself.
    if (this.target().build !== build) return 0;
    if (doc && meta && !isSkipped(result) && result.hash === meta.hash && doc.bytes === result.size) {
      // Touched, same content: only the key changes (kept for the cache).
      meta.racy = result.readMs - result.mtimeMs < RACY_MS;
      if (doc.mtimeMs === result.mtimeMs) return 0;
      doc.mtimeMs = result.mtimeMs;
      return 1;
    }
    applyResult(build, result, this.log, this.textCache);
    return 1;
  }

  /**
   * One file: text files here; a Word, PDF or HTML source on a one-off index worker, so the
   * main thread never loads a converter.
   */
  private async indexOne(info: CorpusFileInfo, build: Build, glossary: Glossary): Promise<FileResult> {
    if (!formatOf(info.path)) return indexFile(info, glossary.expansions, true);
    const pool = new IndexPool([...glossary.entries], this.log, { workers: this.options.workers, script: this.options.workerScript, chunkSize: 1, renditionDir: build.renditions.dir });
    let result: FileResult | undefined;
    try {
      await pool.run([info], (results) => void (result = results[0]), () => false);
    } finally {
      await pool.close();
    }
    return result ?? { path: info.path, skip: `${info.path} skipped: it could not be indexed` };
  }

  private removeFile(file: string): number {
    const { build } = this.target();
    build.skipped.delete(file);
    build.renditions.remove(file);
    const doc = build.corpus.remove(build.renditions.uriOf(file));
    if (!doc) return 0;
    build.search.remove(doc.id);
    build.meta.delete(file);
    this.textCache.delete(doc.id);
    return 1;
  }
}

/** The real path; for a deleted file, its folder's real path and its name. */
export function realpathOr(p: string): string {
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
