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
import { MessageChannel, MessagePort, Worker } from 'node:worker_threads';
import type { GlossaryEntry } from '../core/glossary';
import { Glossary } from '../core/glossary';
import type { CorpusFileInfo } from './files';
import { discoverCorpusFiles, SliceClock } from './files';
import { formatOf } from './formats';
import { FileResult, indexAnyFile } from './indexFile';
import type { DiscoverResponse, SearchDoc, SearchWorkerRequest, SearchWorkerResponse, WorkerInit, WorkerRequest, WorkerResponse } from './indexWorker';

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
 * The search index of a cold build, built on its own worker thread. Index workers post
 * their documents' texts to it directly (a MessagePort each, see `connect`); this thread
 * posts, per chunk and in file order, the ids the CorpusIndex gave those documents; the
 * search worker adds each chunk once it has both, so its document order and ids are the
 * ones an in-thread build would give. `finish` resolves with the serialized index, which is
 * also the search part of the persisted cache.
 */
export class SearchBuilder {
  private acked = -1;
  private failed: Error | undefined;
  private waiters: Array<() => void> = [];
  private image: ((r: SearchWorkerResponse & { type: 'image' }) => void) | undefined;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (m: SearchWorkerResponse) => {
      if (m.type === 'ack') {
        this.acked = m.chunk;
        this.wake();
      } else if (m.type === 'image') {
        this.image?.(m);
      }
    });
    const die = (e: unknown) => this.abandon(e instanceof Error ? e : new Error(`search worker exited (${String(e)})`));
    worker.on('error', die);
    worker.on('exit', die);
  }

  /** A builder on a new worker, or undefined when no worker can start. */
  static start(options: PoolOptions): SearchBuilder | undefined {
    const resolved = resolveWorkerScript(options.script);
    if (!resolved) return undefined;
    try {
      const init: WorkerInit = { role: 'search', glossary: [], nice: options.nice ?? WORKER_NICE };
      return new SearchBuilder(new Worker(resolved.script, { workerData: init, execArgv: resolved.execArgv }));
    } catch {
      return undefined;
    }
  }

  get error(): Error | undefined {
    return this.failed;
  }

  /** A port for an index worker to post its texts on. */
  connect(): MessagePort | undefined {
    if (this.failed) return undefined;
    const { port1, port2 } = new MessageChannel();
    const req: SearchWorkerRequest = { type: 'port', port: port2 };
    this.worker.postMessage(req, [port2]);
    return port1;
  }

  /** The documents of a chunk indexed on this thread (their texts did not go to the search worker). */
  docs(chunk: number, docs: SearchDoc[]): void {
    if (this.failed) return;
    const req: SearchWorkerRequest = { type: 'docs', chunk, docs };
    this.worker.postMessage(req);
  }

  /** The ids of a chunk's documents, in order; waits while the search worker is more than `maxBehind` chunks behind. */
  async ids(chunk: number, ids: number[], maxBehind = 16): Promise<void> {
    if (this.failed) return;
    const req: SearchWorkerRequest = { type: 'ids', chunk, ids };
    this.worker.postMessage(req);
    while (!this.failed && chunk - this.acked > maxBehind) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  /** The serialized search index of chunks 0 .. chunks-1; rejects when the builder failed. */
  async finish(chunks: number): Promise<{ image: Uint8Array; documents: number; buildMs: number }> {
    if (this.failed) throw this.failed;
    const result = await new Promise<SearchWorkerResponse & { type: 'image' }>((resolve) => {
      this.image = resolve;
      const req: SearchWorkerRequest = { type: 'finish', chunks };
      this.worker.postMessage(req);
    });
    if (this.failed) throw this.failed;
    return result;
  }

  /** Gives up on this builder (a worker died: some texts may never arrive). */
  abandon(reason: Error): void {
    if (this.failed) return;
    this.failed = reason;
    this.wake();
    this.image?.({ type: 'image', image: new Uint8Array(0), documents: -1, buildMs: 0 });
  }

  async close(): Promise<void> {
    this.abandon(new Error('closed'));
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

  /** Chunks the next run will cut `files` into. */
  chunkCount(files: number): number {
    return Math.ceil(files / this.chunkSize);
  }

  /**
   * Indexes `files`, calling `consume` with each chunk's results in file order. `consume`
   * may be async (it yields to the event loop); `cancelled` stops the run early.
   *
   * With a `search` builder, each worker posts its documents' texts straight to the search
   * worker and `consume` gets the results without them (`viaWorker` true): the texts never
   * pass through this thread. A chunk indexed here (fallback) keeps its texts. If a worker
   * dies, the builder is abandoned (its texts may be lost) and the caller builds the search
   * index another way.
   */
  async run(
    files: CorpusFileInfo[],
    consume: (results: FileResult[], chunk: number, viaWorker: boolean) => Promise<void> | void,
    cancelled: () => boolean,
    search?: SearchBuilder,
  ): Promise<void> {
    const chunks: Chunk[] = [];
    for (let i = 0; i < files.length; i += this.chunkSize) chunks.push({ index: chunks.length, files: files.slice(i, i + this.chunkSize) });
    if (chunks.length === 0) return;
    const wanted = this.options.workers ?? defaultWorkerCount();
    // Small jobs (a few files) are not worth a worker's start-up, unless a file needs a
    // converter: those load only in workers, keeping the main thread's heap small.
    if (wanted > 0 && (files.length > this.chunkSize || files.some((f) => formatOf(f.path)))) this.start(Math.min(wanted, chunks.length));
    for (const slot of this.slots) {
      if (!slot.alive) continue;
      const port = search?.connect();
      const req: WorkerRequest = { type: 'searchPort', port };
      slot.worker.postMessage(req, port ? [port] : []);
    }

    const done = new Map<number, { results: FileResult[]; viaWorker: boolean }>();
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
          slot.worker.postMessage(req);
        }
      }
    };
    const onMessage = (slot: Slot) => (res: WorkerResponse) => {
      slot.inFlight.delete(res.chunk);
      if (!done.has(res.chunk)) done.set(res.chunk, { results: res.results, viaWorker: true });
      notify();
    };
    const onDeath = (slot: Slot) => (err?: unknown) => {
      if (slot.requeued) return;
      slot.requeued = true;
      slot.alive = false;
      this.broken = true;
      this.log.warn(`Index worker stopped (${err instanceof Error ? err.message : `exit ${String(err)}`}); its files are indexed on the main thread`);
      search?.abandon(new Error('an index worker stopped'));
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
          await consume(ready.results, nextApply - 1, ready.viaWorker);
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
        done.set(chunk.index, { results, viaWorker: false });
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
    const init: WorkerInit = { glossary: this.entries, nice: this.options.nice ?? WORKER_NICE, renditionDir: this.options.renditionDir };
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
