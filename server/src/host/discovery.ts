/**
 * Finding the corpus files at the start of a configuration, off the main thread: a one-shot
 * worker thread of its own (dist/discoverWorker.js, a few kilobytes) walks the folders while
 * the main thread reads the index cache, and the two stat the files listed together.
 *
 * Why (issue 18, warm start): on the 35,440-file corpus the walk and its stats are about 300
 * ms of CPU, yet the discovery took 900 ms when the worker loaded the 220 kB index worker
 * bundle, received the whole glossary it never used, and sent back 35k objects (cloned on
 * both sides); and on a busy machine the thread that stats 35k files finished after the main
 * thread had read the cache, so a warm start waited for it. Now:
 *  - the worker lists the folders (readdir only; link targets stat'ed as the walk meets them),
 *    sorts the paths and posts them at once, as one NUL-joined string (NUL is in no path),
 *    with shared arrays for the sizes and times;
 *  - then it stats them in chunks it claims from a shared counter (Atomics), and so does the
 *    main thread as soon as it is free (between requests, in slices): whichever thread has time
 *    does the work, and the list is complete when every chunk is done;
 *  - the main thread makes the file objects from the columns.
 * Without a worker (`workers` 0, no script, a worker that fails) the main thread walks alone
 * (files.ts `discoverCorpusFiles`, the specification: a unit test compares both).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { CorpusFileInfo, discoverCorpusFiles, SliceClock, sortedFiles, statListed } from './files';

/** Files stat'ed per claim of the shared counter. */
export const STAT_CHUNK = 256;

/** A file's state in the shared list. */
export const enum Listed {
  ToStat = 0,
  Known = 1,
  Gone = 2,
}

/**
 * The list the worker posts first: every corpus file in path order, and shared memory:
 * `values` (size, time per file), `states` (Listed per file), `control` ([next unclaimed index]).
 */
export interface SharedList {
  paths: string;
  count: number;
  values: SharedArrayBuffer;
  states: SharedArrayBuffer;
  control: SharedArrayBuffer;
}

/** The worker's last message: its stats are done; the warnings of the walk and of its stats (with the file's index, so they come out in order). */
export interface WalkDone {
  walkWarnings: string[];
  statWarnings: [number, string][];
}

/** The shared list's views. */
export class ListedFiles {
  readonly paths: string[];
  readonly values: Float64Array;
  readonly states: Int32Array;
  readonly control: Int32Array;

  constructor(readonly shared: SharedList) {
    this.paths = shared.count === 0 ? [] : shared.paths.split('\0');
    if (this.paths.length !== shared.count) throw new Error('file list and its columns differ in length');
    this.values = new Float64Array(shared.values);
    this.states = new Int32Array(shared.states);
    this.control = new Int32Array(shared.control);
    if (this.values.length !== 2 * shared.count || this.states.length !== shared.count || this.control.length < 1) throw new Error('file list and its columns differ in length');
  }

  /** The list of `known` (already stat'ed) and `pending` files, sorted, in shared memory. */
  static make(known: Iterable<CorpusFileInfo>, pending: readonly string[]): ListedFiles {
    const all = sortedFiles([...known, ...pending.map((p) => ({ path: p, size: -1, mtimeMs: -1 }))]);
    const n = all.length;
    const list = new ListedFiles({ paths: all.map((f) => f.path).join('\0'), count: n, values: new SharedArrayBuffer(16 * n), states: new SharedArrayBuffer(4 * n), control: new SharedArrayBuffer(4) });
    all.forEach((f, i) => {
      if (f.size < 0) return;
      list.values[2 * i] = f.size;
      list.values[2 * i + 1] = f.mtimeMs;
      list.states[i] = Listed.Known;
    });
    return list;
  }

  /** Claims and stats one chunk; false when none is left. Warnings go to `warn` with the file's index. */
  statChunk(warn: (index: number, message: string) => void): boolean {
    const n = this.paths.length;
    const from = Atomics.add(this.control, 0, STAT_CHUNK);
    if (from >= n) return false;
    for (let i = from; i < Math.min(n, from + STAT_CHUNK); i++) {
      if (Atomics.load(this.states, i) !== Listed.ToStat) continue;
      const info = statListed(this.paths[i]);
      if (typeof info === 'string') {
        warn(i, info);
        Atomics.store(this.states, i, Listed.Gone);
      } else {
        this.values[2 * i] = info.size;
        this.values[2 * i + 1] = info.mtimeMs;
        Atomics.store(this.states, i, Listed.Known);
      }
    }
    return true;
  }

  /** The files, once every chunk is done. */
  files(): CorpusFileInfo[] {
    const out: CorpusFileInfo[] = [];
    for (let i = 0; i < this.paths.length; i++) {
      const state = Atomics.load(this.states, i);
      if (state === Listed.ToStat) throw new Error(`${this.paths[i]} was not stat'ed`);
      if (state === Listed.Known) out.push({ path: this.paths[i], size: this.values[2 * i], mtimeMs: this.values[2 * i + 1] });
    }
    return out;
  }
}

/** The discovery worker's script beside this bundle (or the .ts file under tsx), or undefined. */
export function discoverWorkerScript(): { script: string; execArgv: string[] } | undefined {
  const js = path.join(__dirname, 'discoverWorker.js');
  if (fs.existsSync(js)) return { script: js, execArgv: [] };
  const ts = path.join(__dirname, 'discoverWorker.ts');
  if (__filename.endsWith('.ts') && fs.existsSync(ts)) return { script: ts, execArgv: ['--require', 'tsx/cjs'] };
  return undefined;
}

/**
 * Finds the corpus files on a one-shot worker thread, so the main thread can read the cache
 * meanwhile, and stats them with it once free; on the main thread (in slices) when no worker
 * can run (`workers` 0, no script, a worker that fails).
 */
export async function discoverOffThread(roots: readonly string[], warn: (m: string) => void, options: { workers?: number } = {}): Promise<CorpusFileInfo[]> {
  const resolved = options.workers !== 0 ? discoverWorkerScript() : undefined;
  if (resolved) {
    try {
      return await discoverWithWorker(resolved, roots, warn);
    } catch (e) {
      warn(`File discovery worker failed (${(e as Error).message}); finding files on the main thread`);
    }
  }
  return discoverCorpusFiles(roots, warn);
}

async function discoverWithWorker(resolved: { script: string; execArgv: string[] }, roots: readonly string[], warn: (m: string) => void): Promise<CorpusFileInfo[]> {
  const worker = new Worker(resolved.script, { workerData: [...roots], execArgv: resolved.execArgv });
  let onList: (list: SharedList) => void = () => {};
  let onDone: (done: WalkDone) => void = () => {};
  const failed = new Promise<never>((_, reject) => {
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`exit ${code}`)));
  });
  failed.catch(() => undefined);
  const listed = new Promise<SharedList>((resolve) => (onList = resolve));
  const done = new Promise<WalkDone>((resolve) => (onDone = resolve));
  worker.on('message', (m: { list?: SharedList; done?: WalkDone }) => {
    if (m.list) onList(m.list);
    else if (m.done) onDone(m.done);
  });
  try {
    const list = new ListedFiles(await Promise.race([listed, failed]));
    // Help with the stats, in slices so that requests on open briefs keep being answered.
    const statWarnings: [number, string][] = [];
    const clock = new SliceClock();
    while (list.statChunk((i, m) => statWarnings.push([i, m]))) await clock.maybeYield();
    const theirs = await Promise.race([done, failed]);
    const files = list.files();
    theirs.walkWarnings.forEach(warn);
    [...theirs.statWarnings, ...statWarnings].sort((a, b) => a[0] - b[0]).forEach(([, m]) => warn(m));
    return files;
  } finally {
    void worker.terminate().catch(() => 0);
  }
}
