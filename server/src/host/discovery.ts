/**
 * Finding the corpus files at the start of a configuration, off the main thread: a one-shot
 * worker thread of its own (dist/discoverWorker.js, a few kilobytes) walks the folders and
 * stats every file while the main thread reads the index cache.
 *
 * Why not the index worker's bundle, and why columns (issue 18, warm start): on the 35,440-file
 * corpus the walk itself is about 300 ms of CPU, yet the discovery took 900 ms when the worker
 * loaded the 220 kB index worker bundle, received the whole glossary it never used, and sent
 * back 35k objects (cloned on both sides). The list now travels as one string of paths and
 * two Float64Arrays (transferred), and the main thread makes the file objects from them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { CorpusFileInfo, discoverCorpusFiles } from './files';

/** The found files as columns: paths joined by NUL (which no path holds), sizes and times. */
export interface PackedFiles {
  paths: string;
  sizes: Float64Array;
  mtimes: Float64Array;
  warnings: string[];
}

export function packFiles(files: readonly CorpusFileInfo[], warnings: string[]): PackedFiles {
  const sizes = new Float64Array(files.length);
  const mtimes = new Float64Array(files.length);
  files.forEach((f, i) => {
    sizes[i] = f.size;
    mtimes[i] = f.mtimeMs;
  });
  return { paths: files.map((f) => f.path).join('\0'), sizes, mtimes, warnings };
}

/** The files of `packFiles`, checked: a list whose columns disagree is an error (the caller walks on the main thread). */
export function unpackFiles(packed: PackedFiles): CorpusFileInfo[] {
  const n = packed.sizes.length;
  if (packed.mtimes.length !== n) throw new Error('file list columns differ in length');
  if (n === 0) return [];
  const paths = packed.paths.split('\0');
  if (paths.length !== n) throw new Error('file list columns differ in length');
  const files = new Array<CorpusFileInfo>(n);
  for (let i = 0; i < n; i++) files[i] = { path: paths[i], size: packed.sizes[i], mtimeMs: packed.mtimes[i] };
  return files;
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
 * meanwhile; on the main thread (in slices) when no worker can run (`workers` 0, no script,
 * a worker that fails).
 */
export async function discoverOffThread(roots: readonly string[], warn: (m: string) => void, options: { workers?: number } = {}): Promise<CorpusFileInfo[]> {
  const resolved = options.workers !== 0 ? discoverWorkerScript() : undefined;
  if (resolved) {
    try {
      const worker = new Worker(resolved.script, { workerData: [...roots], execArgv: resolved.execArgv });
      const packed = await new Promise<PackedFiles>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
        worker.once('exit', (code) => reject(new Error(`exit ${code}`)));
      }).finally(() => void worker.terminate().catch(() => 0));
      const files = unpackFiles(packed);
      packed.warnings.forEach(warn);
      return files;
    } catch (e) {
      warn(`File discovery worker failed (${(e as Error).message}); finding files on the main thread`);
    }
  }
  return discoverCorpusFiles(roots, warn);
}
