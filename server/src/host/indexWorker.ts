/**
 * Index worker (dist/indexWorker.js): reads, decodes and analyzes the corpus files it is
 * sent and posts back plain data. It keeps nothing between batches but the glossary, so
 * the main thread owns the index and a worker can be dropped at any time.
 */
import * as os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { Glossary, GlossaryEntry } from '../core/glossary';
import { CorpusFileInfo, discoverCorpusFiles } from './files';
import { FileResult, indexFile } from './indexFile';

export interface WorkerInit {
  glossary: GlossaryEntry[];
  /** Nice value for this worker thread (Linux: per thread), so the main thread wins the CPU. */
  nice?: number;
  /** A one-shot discovery worker: find the corpus files under these roots, post them, exit. */
  discover?: string[];
}

export interface DiscoverResponse {
  files: CorpusFileInfo[];
  warnings: string[];
}

export interface WorkerRequest {
  chunk: number;
  files: CorpusFileInfo[];
}

export interface WorkerResponse {
  chunk: number;
  results: FileResult[];
  /** Time spent in this batch, for the log. */
  ms: number;
}

const init = workerData as WorkerInit;
const glossary = new Glossary(init.glossary);

// Below the main thread: when cores are short, the thread answering hovers on open briefs
// runs first. On Linux a nice value is per thread, so this lowers this worker only.
if (typeof init.nice === 'number' && init.nice > 0) {
  try {
    os.setPriority(0, init.nice);
  } catch {
    // not permitted: stay at the default priority
  }
}

if (init.discover) {
  const warnings: string[] = [];
  void discoverCorpusFiles(init.discover, (m) => warnings.push(m), Infinity).then((files) => {
    const response: DiscoverResponse = { files, warnings };
    parentPort!.postMessage(response);
  });
}

parentPort?.on('message', (req: WorkerRequest) => {
  const started = performance.now();
  const results = req.files.map((f) => indexFile(f, glossary.expansions));
  const response: WorkerResponse = { chunk: req.chunk, results, ms: performance.now() - started };
  parentPort!.postMessage(response);
});
