/**
 * Index worker (dist/indexWorker.js): reads, decodes and analyzes the corpus files it is
 * sent and posts back plain data. It keeps nothing between batches but the glossary, so
 * the main thread owns the index and a worker can be dropped at any time.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Glossary, GlossaryEntry } from '../core/glossary';
import type { CorpusFileInfo } from './files';
import { FileResult, indexFile } from './indexFile';

export interface WorkerInit {
  glossary: GlossaryEntry[];
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

parentPort?.on('message', (req: WorkerRequest) => {
  const started = performance.now();
  const results = req.files.map((f) => indexFile(f, glossary.expansions));
  const response: WorkerResponse = { chunk: req.chunk, results, ms: performance.now() - started };
  parentPort!.postMessage(response);
});
