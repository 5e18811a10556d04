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
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { GlossaryEntry } from '../core/glossary';
import { Glossary } from '../core/glossary';
import type { CorpusFileInfo } from './files';
import { discoverCorpusFiles, SliceClock } from './files';
import { FileResult, indexFile } from './indexFile';
import type { IndexedDocInput } from '../core/search';
import type { DiscoverResponse, SearchWorkerRequest, SearchWorkerResponse, WorkerInit, WorkerRequest, WorkerResponse } from './indexWorker';

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
  worker: Worker;
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

/**
 * Finds the corpus files on a one-shot worker thread, so the main thread can read the
 * cache meanwhile; on the main thread (in slices) when no worker can run.
 */
export async function discoverOffThread(roots: readonly string[], entries: GlossaryEntry[], warn: (m: string) => void, options: PoolOptions = {}): Promise<CorpusFileInfo[]> {
  const resolved = (options.workers ?? defaultWorkerCount()) > 0 ? resolveWorkerScript(options.script) : undefined;
  if (resolved) {
    try {
      const init: WorkerInit = { glossary: entries, discover: [...roots] };
      const worker = new Worker(resolved.script, { workerData: init, execArgv: resolved.execArgv });
      const result = await new Promise<DiscoverResponse>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
        worker.once('exit', (code) => reject(new Error(`exit ${code}`)));
      }).finally(() => void worker.terminate().catch(() => 0));
      result.warnings.forEach(warn);
      return result.files;
    } catch (e) {
      warn(`File discovery worker failed (${(e as Error).message}); finding files on the main thread`);
    }
  }
  return discoverCorpusFiles(roots, warn);
}

/**
 * The search index of a cold build, built on its own worker thread from the documents the
 * main thread forwards (with the ids the CorpusIndex gave them). `finish` resolves with the
 * serialized index, which is also the search part of the persisted cache. At most
 * `maxPending` batches wait in the worker, so texts do not pile up when it falls behind.
 */
export class SearchBuilder {
  private batch = 0;
  private acked = 0;
  private failed: Error | undefined;
  private waiters: Array<() => void> = [];
  private image: ((r: SearchWorkerResponse & { type: 'image' }) => void) | undefined;

  private constructor(
    private readonly worker: Worker,
    private readonly maxPending: number,
  ) {
    worker.on('message', (m: SearchWorkerResponse) => {
      if (m.type === 'ack') {
        this.acked = m.batch;
        this.wake();
      } else if (m.type === 'image') {
        this.image?.(m);
      }
    });
    const die = (e: unknown) => {
      if (this.failed) return;
      this.failed = e instanceof Error ? e : new Error(`search worker exited (${String(e)})`);
      this.wake();
      this.image?.({ type: 'image', image: new Uint8Array(0), documents: -1, buildMs: 0 });
    };
    worker.on('error', die);
    worker.on('exit', die);
  }

  /** A builder on a new worker, or undefined when no worker can start. */
  static start(options: PoolOptions, maxPending = 8): SearchBuilder | undefined {
    const resolved = resolveWorkerScript(options.script);
    if (!resolved) return undefined;
    try {
      const init: WorkerInit = { role: 'search', glossary: [], nice: options.nice ?? WORKER_NICE };
      return new SearchBuilder(new Worker(resolved.script, { workerData: init, execArgv: resolved.execArgv }), maxPending);
    } catch {
      return undefined;
    }
  }

  get error(): Error | undefined {
    return this.failed;
  }

  /** Sends documents; waits while too many batches are still queued in the worker. */
  async add(docs: IndexedDocInput[]): Promise<void> {
    if (this.failed || docs.length === 0) return;
    const req: SearchWorkerRequest = { type: 'add', batch: ++this.batch, docs };
    this.worker.postMessage(req);
    while (!this.failed && this.batch - this.acked >= this.maxPending) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  /** The serialized search index of every document sent; rejects when the worker failed. */
  async finish(): Promise<{ image: Uint8Array; documents: number; buildMs: number }> {
    if (this.failed) throw this.failed;
    const result = await new Promise<SearchWorkerResponse & { type: 'image' }>((resolve) => {
      this.image = resolve;
      const req: SearchWorkerRequest = { type: 'finish' };
      this.worker.postMessage(req);
    });
    if (this.failed) throw this.failed;
    return result;
  }

  async close(): Promise<void> {
    this.failed ??= new Error('closed');
    this.wake();
    await this.worker.terminate().catch(() => 0);
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    w.forEach((f) => f());
  }
}

export class IndexPool {
  private slots: Slot[] = [];
  private readonly glossary: Glossary;
  private readonly chunkSize: number;
  /** Workers that failed to start or died: the pool stops trying after this. */
  private broken = false;

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

  /**
   * Indexes `files`, calling `consume` with each chunk's results in file order. `consume`
   * may be async (it yields to the event loop); `cancelled` stops the run early.
   */
  async run(files: CorpusFileInfo[], consume: (results: FileResult[]) => Promise<void> | void, cancelled: () => boolean): Promise<void> {
    const chunks: Chunk[] = [];
    for (let i = 0; i < files.length; i += this.chunkSize) chunks.push({ index: chunks.length, files: files.slice(i, i + this.chunkSize) });
    if (chunks.length === 0) return;
    const wanted = this.options.workers ?? defaultWorkerCount();
    // Small jobs (a few files) are not worth a worker's start-up.
    if (wanted > 0 && files.length > this.chunkSize) this.start(Math.min(wanted, chunks.length));

    const done = new Map<number, FileResult[]>();
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
          const req: WorkerRequest = { chunk: chunk.index, files: chunk.files };
          slot.worker.postMessage(req);
        }
      }
    };
    const onMessage = (slot: Slot) => (res: WorkerResponse) => {
      slot.inFlight.delete(res.chunk);
      done.set(res.chunk, res.results);
      notify();
    };
    const onDeath = (slot: Slot) => (err?: unknown) => {
      if (slot.requeued) return;
      slot.requeued = true;
      slot.alive = false;
      this.broken = true;
      this.log.warn(`Index worker stopped (${err instanceof Error ? err.message : `exit ${String(err)}`}); its files are indexed on the main thread`);
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
          await consume(ready);
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
          results.push(indexFile(f, this.glossary.expansions, true));
          await clock.maybeYield();
        }
        done.set(chunk.index, results);
      }
    } finally {
      listeners.forEach((off) => off());
    }
  }

  /** Stops the workers (they hold a heap each); the next run starts new ones. */
  async close(): Promise<void> {
    const slots = this.slots;
    this.slots = [];
    await Promise.all(slots.map((s) => s.worker.terminate().catch(() => 0)));
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
    const init: WorkerInit = { glossary: this.entries, nice: this.options.nice ?? WORKER_NICE };
    while (this.slots.length < n) {
      try {
        const worker = new Worker(resolved.script, { workerData: init, execArgv: resolved.execArgv });
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
