/**
 * Worker threads of a build (dist/indexWorker.js), in one of three roles:
 *  - index (default): reads, decodes and analyzes the corpus files it is sent and posts
 *    back plain data; it keeps nothing between batches but the glossary;
 *  - search: builds the search index from the documents the main thread forwards (ids
 *    assigned there) and, on `finish`, posts its serialized image (transferred, not
 *    copied); the main thread adopts it with EmbeddedSearchIndex.deserialize;
 *  - discover: finds the corpus files under some roots, posts them, exits.
 * So the main thread of a cold build only merges analyses into the CorpusIndex and stays
 * free to answer requests on open briefs.
 */
import * as os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { Glossary, GlossaryEntry } from '../core/glossary';
import { EmbeddedSearchIndex, IndexedDocInput } from '../core/search';
import { CorpusFileInfo, discoverCorpusFiles } from './files';
import { FileResult, indexFile } from './indexFile';

export interface WorkerInit {
  role?: 'index' | 'search' | 'discover';
  glossary: GlossaryEntry[];
  /** Nice value for this worker thread (Linux: per thread), so the main thread wins the CPU. */
  nice?: number;
  /** role discover: the roots to search. */
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

export type SearchWorkerRequest = { type: 'add'; batch: number; docs: IndexedDocInput[] } | { type: 'finish' };
export type SearchWorkerResponse = { type: 'ack'; batch: number } | { type: 'image'; image: Uint8Array; documents: number; buildMs: number };

const init = workerData as WorkerInit;

// Below the main thread: when cores are short, the thread answering hovers on open briefs
// runs first. On Linux a nice value is per thread, so this lowers this worker only.
if (typeof init.nice === 'number' && init.nice > 0) {
  try {
    os.setPriority(0, init.nice);
  } catch {
    // not permitted: stay at the default priority
  }
}

const role = init.role ?? (init.discover ? 'discover' : 'index');

if (role === 'discover') {
  const warnings: string[] = [];
  void discoverCorpusFiles(init.discover ?? [], (m) => warnings.push(m), Infinity).then((files) => {
    const response: DiscoverResponse = { files, warnings };
    parentPort!.postMessage(response);
  });
} else if (role === 'search') {
  const index = new EmbeddedSearchIndex();
  let buildMs = 0;
  parentPort?.on('message', (req: SearchWorkerRequest) => {
    if (req.type === 'add') {
      const started = performance.now();
      for (const doc of req.docs) index.add(doc);
      buildMs += performance.now() - started;
      const ack: SearchWorkerResponse = { type: 'ack', batch: req.batch };
      parentPort!.postMessage(ack);
    } else if (req.type === 'finish') {
      const started = performance.now();
      const image = index.serialize();
      buildMs += performance.now() - started;
      const done: SearchWorkerResponse = { type: 'image', image, documents: index.documentCount, buildMs };
      parentPort!.postMessage(done, [image.buffer as ArrayBuffer]);
    }
  });
} else {
  const glossary = new Glossary(init.glossary);
  parentPort?.on('message', (req: WorkerRequest) => {
    const started = performance.now();
    const results = req.files.map((f) => indexFile(f, glossary.expansions));
    const response: WorkerResponse = { chunk: req.chunk, results, ms: performance.now() - started };
    parentPort!.postMessage(response);
  });
}
