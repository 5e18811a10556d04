/**
 * Runs `indexFile` over many files on worker threads (one per core by default) and hands
 * the results to the main thread in file order, a chunk at a time. The main thread only
 * merges (CorpusIndex.add, search add); reading, decoding and analysis run in the workers.
 *
 * Order is kept so an index built by workers is the same as one built in-thread (same
 * document ids, same tie-breaks). At most a few chunks per worker are in flight or waiting,
 * so a slow consumer does not pile up decoded texts in memory.
 *
 * When workers cannot start (no worker script, a sandbox) or die, the remaining chunks are
 * indexed on the main thread in time slices, with a warning.
 *
 * A sharded run (a fresh build of a large corpus) also builds the search index on the
 * workers: each keeps a shard of its own documents (indexWorker.ts), `consume` returns the
 * ids the main thread gave a chunk's documents and they go back to the worker that indexed
 * it, and `mergeShards` ends the run with the merged index, made on one of the workers.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { GlossaryEntry } from '../core/glossary';
import { Glossary } from '../core/glossary';
import type { ChunkResult } from './postedAnalysis';
import type { CorpusFileInfo } from './files';
import { removeAged, SliceClock } from './files';
import { formatOf } from './formats';
import { FileResult, indexAnyFile } from './indexFile';
import type { SearchParts } from '../core/search/parts';
import { IndexProcess } from './indexProcess';
import type { MergeTarget, WorkerInit, WorkerRequest, WorkerResponse } from './indexWorker';

export interface PoolLogger {
  info(message: string): void;
  warn(message: string): void;
}

export interface PoolOptions {
  /** Number of worker threads; 0 indexes on the main thread. Default: POLICY_LENS_WORKERS, else one per core (at most 4). */
  workers?: number;
  /** Worker entry; default dist/indexWorker.js next to this bundle (or the .ts file under tsx). */
  script?: string;
  /** Files per message. */
  chunkSize?: number;
  /** Nice value of the worker threads (Linux, per thread); default WORKER_NICE. */
  nice?: number;
  /** Where Word, PDF and HTML sources get their text renditions (host/formats/rendition.ts). */
  renditionDir?: string;
  /** Postings bytes at which a worker writes its shard out as a segment; default SEGMENT_BYTES. */
  segmentBytes?: number;
}

/**
 * A worker writes its shard to a file and starts a new one when its postings reach this: its
 * memory then stays bounded whatever the corpus's size, at the cost of more segments to merge
 * (on the 123 MB corpus, 35 MB of postings per worker: three segments each).
 */
export const SEGMENT_BYTES = 12 << 20;

const SEGMENT_DIR_PREFIX = 'policy-lens-shards-';
/** A segment folder this old belongs to no running build (a build takes minutes): a server that was killed left it. */
const SEGMENT_DIR_MAX_AGE_MS = 24 * 3600_000;

/** Removes the segment folders in `dir` not touched for `maxAgeMs` (left by a server killed mid-build). */
export function removeStaleSegmentDirs(dir: string, maxAgeMs: number): Promise<void> {
  return removeAged(dir, (name) => (name.startsWith(SEGMENT_DIR_PREFIX) ? maxAgeMs : undefined));
}

/**
 * Workers run below the main thread: with as many workers as cores, the main thread (which
 * merges results and answers requests) would otherwise wait for a time slice.
 */
export const WORKER_NICE = Number(process.env.POLICY_LENS_WORKER_NICE ?? 5);

interface Chunk {
  index: number;
  files: CorpusFileInfo[];
}

interface Slot {
  worker: IndexProcess;
  inFlight: Set<number>;
  alive: boolean;
  /** Set once its in-flight chunks were put back after it died. */
  requeued: boolean;
}

export function defaultWorkerCount(): number {
  const env = process.env.POLICY_LENS_WORKERS;
  if (env !== undefined && env !== '' && Number.isFinite(Number(env))) return Math.max(0, Math.floor(Number(env)));
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, Math.min(4, cores));
}

/** The worker script and the execArgv it needs, or undefined when none is found. */
export function resolveWorkerScript(explicit?: string): { script: string; execArgv: string[] } | undefined {
  if (explicit) return { script: explicit, execArgv: explicit.endsWith('.ts') ? ['--require', 'tsx/cjs'] : [] };
  const js = path.join(__dirname, 'indexWorker.js');
  if (fs.existsSync(js)) return { script: js, execArgv: [] };
  const ts = path.join(__dirname, 'indexWorker.ts');
  if (__filename.endsWith('.ts') && fs.existsSync(ts)) return { script: ts, execArgv: ['--require', 'tsx/cjs'] };
  return undefined;
}

/** The merged search index of a sharded run (in the target's file, or as parts when there was none), with what it cost. */
export interface MergedShards {
  parts?: SearchParts;
  /** Bytes of the search file written to the target. */
  bytes?: number;
  /** Why the target could not be written (the parts came instead). */
  targetError?: string;
  /** Segment files merged (each worker writes one whenever its shard reaches the segment size, and a last one). */
  segments?: number;
  documents: number;
  /** Longest time one worker spent adding documents to its shard, and the merge's time. */
  shardMs: number;
  mergeMs: number;
}

/** What `run` calls with each chunk's results in file order; returns the ids it gave their documents (sharded). */
type Consume<R> = (results: R[], chunk: number, viaWorker: boolean) => Promise<number[] | void> | number[] | void;

export class IndexPool {
  private slots: Slot[] = [];
  private readonly glossary: Glossary;
  private readonly chunkSize: number;
  /** Workers that failed to start or died: the pool stops trying after this. */
  private broken = false;
  /** The last run's search shards: none, held by the workers, or lost with a worker. */
  shards: 'off' | 'live' | 'lost' = 'off';
  /** The temporary folder of a sharded run's segment files (removed with the pool). */
  private segmentDir: string | undefined;

  constructor(
    private readonly entries: GlossaryEntry[],
    private readonly log: PoolLogger,
    private readonly options: PoolOptions = {},
  ) {
    this.glossary = new Glossary(entries);
    this.chunkSize = options.chunkSize ?? 32;
  }

  get workerCount(): number {
    return this.slots.filter((s) => s.alive).length;
  }

  /** Chunks the next run will cut `files` into. */
  chunkCount(files: number): number {
    return Math.ceil(files / this.chunkSize);
  }

  /**
   * Indexes `files`, calling `consume` with each chunk's results in file order. `consume`
   * may be async (it yields to the event loop); `cancelled` stops the run early.
   *
   * With `sharded`, each worker keeps its documents' texts for its search shard and
   * `consume` gets the results without them, split and encoded (`viaWorker` true), and returns the ids it gave
   * those documents, which go back to that worker. A chunk indexed here (fallback) keeps its
   * texts. If a worker dies or fails, the shards are lost (`shards` becomes 'lost') and the
   * caller builds the search index another way.
   */
  run(files: CorpusFileInfo[], consume: Consume<FileResult>, cancelled: () => boolean): Promise<void>;
  /** Sharded: a worker's results come split and encoded (postedAnalysis.ts). */
  run(files: CorpusFileInfo[], consume: Consume<ChunkResult>, cancelled: () => boolean, sharded: boolean): Promise<void>;
  async run(files: CorpusFileInfo[], consumer: Consume<FileResult> | Consume<ChunkResult>, cancelled: () => boolean, sharded = false): Promise<void> {
    // Workers split and encode results only for a shard: a run that is not sharded gets FileResults alone.
    const consume = consumer as Consume<ChunkResult>;
    const chunks: Chunk[] = [];
    for (let i = 0; i < files.length; i += this.chunkSize) chunks.push({ index: chunks.length, files: files.slice(i, i + this.chunkSize) });
    this.shards = 'off';
    if (chunks.length === 0) return;
    const wanted = this.options.workers ?? defaultWorkerCount();
    // Small jobs (a few files) are not worth a worker's start-up, unless a file needs a
    // converter: those load only in workers, keeping the main thread's heap small.
    if (wanted > 0 && (files.length > this.chunkSize || files.some((f) => formatOf(f.path)))) this.start(Math.min(wanted, chunks.length));
    if (sharded && this.workerCount > 0) {
      this.shards = 'live';
      void removeStaleSegmentDirs(os.tmpdir(), SEGMENT_DIR_MAX_AGE_MS);
      this.segmentDir = fs.mkdtempSync(path.join(os.tmpdir(), SEGMENT_DIR_PREFIX));
      const req: WorkerRequest = { type: 'shard', dir: this.segmentDir, segmentBytes: this.options.segmentBytes ?? SEGMENT_BYTES };
      for (const slot of this.slots) slot.worker.post(req);
    }
    const lose = (why: string) => {
      if (this.shards !== 'live') return;
      this.shards = 'lost';
      this.log.warn(`Search shards lost (${why}); the search index is built on the main thread`);
    };

    const done = new Map<number, { results: ChunkResult[]; slot?: Slot }>();
    const pending: Chunk[] = [...chunks].reverse(); // a stack: pop() gives the next chunk
    let nextApply = 0;
    let wake: (() => void) | undefined;
    const notify = () => {
      const w = wake;
      wake = undefined;
      w?.();
    };
    const maxAhead = Math.max(4, this.slots.length * 4);

    const dispatch = () => {
      for (const slot of this.slots) {
        while (slot.alive && slot.inFlight.size < 2 && pending.length > 0 && pending[pending.length - 1].index - nextApply < maxAhead) {
          const chunk = pending.pop()!;
          slot.inFlight.add(chunk.index);
          const req: WorkerRequest = { type: 'index', chunk: chunk.index, files: chunk.files };
          slot.worker.post(req);
        }
      }
    };
    const onMessage = (slot: Slot) => (res: WorkerResponse) => {
      if (res.type === 'failed') lose(res.message);
      if (res.type !== 'chunk') return;
      slot.inFlight.delete(res.chunk);
      if (!done.has(res.chunk)) done.set(res.chunk, { results: res.results, slot });
      notify();
    };
    const onDeath = (slot: Slot) => (err?: unknown) => {
      // A cancelled run's workers are ended on purpose (a newer build replaced it).
      if (cancelled()) {
        slot.alive = false;
        notify();
        return;
      }
      if (slot.requeued) return;
      slot.requeued = true;
      slot.alive = false;
      this.broken = true;
      this.log.warn(`Index worker stopped (${err instanceof Error ? err.message : `exit ${String(err)}`}); its files are indexed on the main thread`);
      lose('an index worker stopped');
      for (const index of slot.inFlight) pending.push(chunks[index]);
      pending.sort((a, b) => b.index - a.index);
      slot.inFlight.clear();
      notify();
    };
    const listeners = this.slots.map((slot) => {
      const m = onMessage(slot);
      const d = onDeath(slot);
      slot.worker.on('message', m);
      slot.worker.on('error', d);
      slot.worker.on('exit', d);
      return () => {
        slot.worker.off('message', m);
        slot.worker.off('error', d);
        slot.worker.off('exit', d);
      };
    });

    try {
      const clock = new SliceClock();
      while (nextApply < chunks.length) {
        if (cancelled()) return;
        dispatch();
        const ready = done.get(nextApply);
        if (ready) {
          done.delete(nextApply);
          nextApply++;
          const ids = await consume(ready.results, nextApply - 1, !!ready.slot);
          if (this.shards === 'live' && ready.slot?.alive) {
            const req: WorkerRequest = { type: 'ids', chunk: nextApply - 1, ids: ids ?? [] };
            ready.slot.worker.post(req);
          }
          continue;
        }
        if (this.workerCount > 0) {
          // The next chunk is in a worker, or waits for a free one.
          await new Promise<void>((resolve) => (wake = resolve));
          continue;
        }
        // No worker (none started, or all died): index the next chunk here, in slices.
        const at = pending.findIndex((c) => c.index === nextApply);
        const chunk = at >= 0 ? pending.splice(at, 1)[0] : chunks[nextApply];
        const results: FileResult[] = [];
        for (const f of chunk.files) {
          if (cancelled()) return;
          results.push(await indexAnyFile(f, this.glossary.expansions, this.options.renditionDir, true));
          await clock.maybeYield();
        }
        done.set(chunk.index, { results });
      }
    } finally {
      listeners.forEach((off) => off());
    }
  }

  /**
   * Ends a sharded run: every worker writes the rest of its shard as a last segment, says
   * which files hold its segments and ends; a new process, started for the merge, streams
   * them into `target`'s search file term by term (core/search/segmentMerge.ts), or without
   * one merges them in memory and posts the index as parts. So no process holds an index worker's heap and the merge at once. Rejects when the
   * shards are lost or a process fails meanwhile.
   */
  async mergeShards(target?: MergeTarget): Promise<MergedShards> {
    const slots = this.slots.filter((s) => s.alive);
    if (this.shards !== 'live' || slots.length === 0) throw new Error(this.shards === 'lost' ? 'the shards were lost' : 'the run was not sharded');
    const files: string[][] = slots.map(() => []);
    let slowestShardMs = 0;
    await this.each(slots, (slot, k, res, done) => {
      if (res.type !== 'shardWritten') return;
      files[k] = res.files;
      slowestShardMs = Math.max(slowestShardMs, res.shardMs);
      // Its segments are on disk: the process and all it holds go now, before the merge.
      slot.alive = false;
      done();
      void slot.worker.terminate();
    }, { type: 'sendShard' });
    const resolved = resolveWorkerScript(this.options.script);
    if (!resolved) throw new Error('no worker script for the merge');
    const merger: Slot = { worker: new IndexProcess(resolved.script, resolved.execArgv, { glossary: [], nice: this.options.nice ?? WORKER_NICE } satisfies WorkerInit), inFlight: new Set(), alive: true, requeued: false };
    merger.worker.on('error', () => (merger.alive = false));
    merger.worker.on('exit', () => (merger.alive = false));
    this.slots.push(merger);
    let merged: MergedShards | undefined;
    await this.each([merger], (_slot, _k, res, done) => {
      if (res.type !== 'merged') return;
      merged = { ...res, shardMs: slowestShardMs, segments: files.flat().length };
      done();
    }, { type: 'merge', files: files.flat(), target });
    return merged!;
  }

  /**
   * Sends `req` to each slot and resolves once `onMessage` has called `done` for every one;
   * rejects when one fails or stops first.
   */
  private each(slots: Slot[], onMessage: (slot: Slot, k: number, res: WorkerResponse, done: () => void) => void, req: WorkerRequest): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const listeners = new Map<Slot, () => void>();
      const settle = (f: () => void) => {
        listeners.forEach((off) => off());
        listeners.clear();
        f();
      };
      slots.forEach((slot, k) => {
        const onResponse = (res: WorkerResponse) => {
          if (res.type === 'failed') return settle(() => reject(new Error(res.message)));
          onMessage(slot, k, res, () => {
            listeners.get(slot)?.();
            listeners.delete(slot);
            if (listeners.size === 0) resolve();
          });
        };
        const onDeath = (err?: unknown) => settle(() => reject(new Error(`an index worker stopped (${err instanceof Error ? err.message : `exit ${String(err)}`})`)));
        slot.worker.on('message', onResponse);
        slot.worker.on('error', onDeath);
        slot.worker.on('exit', onDeath);
        listeners.set(slot, () => {
          slot.worker.off('message', onResponse);
          slot.worker.off('error', onDeath);
          slot.worker.off('exit', onDeath);
        });
      });
      for (const slot of slots) slot.worker.post(req);
    });
  }

  /** Stops the workers (they hold a heap each); the next run starts new ones. */
  async close(): Promise<void> {
    const slots = this.slots;
    this.slots = [];
    await Promise.all(slots.map((s) => s.worker.terminate().catch(() => 0)));
    const dir = this.segmentDir;
    this.segmentDir = undefined;
    if (dir) await fs.promises.rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }

  private start(n: number): void {
    if (this.broken) return;
    this.slots = this.slots.filter((s) => s.alive);
    if (this.slots.length >= n) return;
    const resolved = resolveWorkerScript(this.options.script);
    if (!resolved) {
      this.broken = true;
      this.log.warn('Index worker script not found; indexing on the main thread');
      return;
    }
    const init: WorkerInit = { glossary: this.entries, nice: this.options.nice ?? WORKER_NICE, renditionDir: this.options.renditionDir };
    while (this.slots.length < n) {
      try {
        const worker = new IndexProcess(resolved.script, resolved.execArgv, init);
        worker.unref();
        const slot: Slot = { worker, inFlight: new Set(), alive: true, requeued: false };
        // Keep a listener so a worker error never becomes an uncaught exception between runs.
        worker.on('error', () => (slot.alive = false));
        worker.on('exit', () => (slot.alive = false));
        this.slots.push(slot);
      } catch (e) {
        this.broken = true;
        this.log.warn(`Cannot start an index worker (${(e as Error).message}); indexing on the main thread`);
        return;
      }
    }
  }
}
