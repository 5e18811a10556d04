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
import { MessagePort, parentPort, workerData } from 'node:worker_threads';
import { Glossary, GlossaryEntry } from '../core/glossary';
import { EmbeddedSearchIndex, IndexedDocInput } from '../core/search';
import { CorpusFileInfo, discoverCorpusFiles } from './files';
import { FileResult, indexAnyFile, isSkipped, titleSpanOf } from './indexFile';

export interface WorkerInit {
  role?: 'index' | 'search' | 'discover';
  glossary: GlossaryEntry[];
  /** Nice value for this worker thread (Linux: per thread), so the main thread wins the CPU. */
  nice?: number;
  /** role discover: the roots to search. */
  discover?: string[];
  /** role index: where the text renditions of Word, PDF and HTML sources are written. */
  renditionDir?: string;
}

export interface DiscoverResponse {
  files: CorpusFileInfo[];
  warnings: string[];
}

/** To an index worker: a chunk of files, or the port of the search worker (texts go there, not back). */
export type WorkerRequest = { type: 'index'; chunk: number; files: CorpusFileInfo[] } | { type: 'searchPort'; port?: MessagePort };

export interface WorkerResponse {
  chunk: number;
  results: FileResult[];
  /** Time spent in this batch, for the log. */
  ms: number;
}

/** A document for the search index, without its id (the main thread sends the ids of each chunk). */
export type SearchDoc = Omit<IndexedDocInput, 'id'>;

/** To the search worker: a port of an index worker, a chunk's documents, a chunk's ids, or finish after `chunks` chunks. */
export type SearchWorkerRequest =
  | { type: 'port'; port: MessagePort }
  | { type: 'docs'; chunk: number; docs: SearchDoc[] }
  | { type: 'ids'; chunk: number; ids: number[] }
  | { type: 'finish'; chunks: number };
export type SearchWorkerResponse = { type: 'ack'; chunk: number } | { type: 'image'; image: Uint8Array; documents: number; buildMs: number };

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
  const docs = new Map<number, SearchDoc[]>();
  const ids = new Map<number, number[]>();
  let next = 0;
  let total = -1;
  let buildMs = 0;
  const drain = () => {
    const started = performance.now();
    let added = false;
    while (docs.has(next) && ids.has(next)) {
      const d = docs.get(next)!;
      const i = ids.get(next)!;
      docs.delete(next);
      ids.delete(next);
      if (d.length !== i.length) throw new Error(`chunk ${next}: ${d.length} documents, ${i.length} ids`);
      for (let k = 0; k < d.length; k++) index.add({ ...d[k], id: i[k] });
      next++;
      added = true;
    }
    buildMs += performance.now() - started;
    if (added) {
      const ack: SearchWorkerResponse = { type: 'ack', chunk: next - 1 };
      parentPort!.postMessage(ack);
    }
    if (total >= 0 && next >= total) {
      total = -1;
      const t = performance.now();
      const image = index.serialize();
      buildMs += performance.now() - t;
      const done: SearchWorkerResponse = { type: 'image', image, documents: index.documentCount, buildMs };
      parentPort!.postMessage(done, [image.buffer as ArrayBuffer]);
    }
  };
  const onMessage = (req: SearchWorkerRequest) => {
    if (req.type === 'port') req.port.on('message', onMessage);
    else if (req.type === 'docs') {
      // The first copy wins (a chunk re-indexed after a worker died may come twice).
      if (req.chunk >= next && !docs.has(req.chunk)) docs.set(req.chunk, req.docs);
    } else if (req.type === 'ids') ids.set(req.chunk, req.ids);
    else if (req.type === 'finish') total = req.chunks;
    drain();
  };
  parentPort?.on('message', onMessage);
} else {
  const glossary = new Glossary(init.glossary);
  let searchPort: MessagePort | undefined;
  // Converters are asynchronous (pdf.js, mammoth): requests are handled one after another,
  // so chunks still come back in the order they were sent.
  let queue: Promise<void> = Promise.resolve();
  parentPort?.on('message', (req: WorkerRequest) => {
    if (req.type === 'searchPort') {
      searchPort = req.port;
      return;
    }
    queue = queue.then(() => indexChunk(req));
  });
  const indexChunk = async (req: Extract<WorkerRequest, { type: 'index' }>) => {
    const started = performance.now();
    const results: FileResult[] = [];
    for (const f of req.files) results.push(await indexAnyFile(f, glossary.expansions, init.renditionDir));
    if (searchPort) {
      // Texts go to the search worker; the main thread gets the analyses only.
      const docs: SearchDoc[] = [];
      for (const r of results) {
        if (isSkipped(r)) continue;
        docs.push({ text: r.text, titleSpan: titleSpanOf(r.analysis), body: r.analysis.body });
        r.text = '';
      }
      const toSearch: SearchWorkerRequest = { type: 'docs', chunk: req.chunk, docs };
      searchPort.postMessage(toSearch);
    }
    const response: WorkerResponse = { chunk: req.chunk, results, ms: performance.now() - started };
    parentPort!.postMessage(response);
  };
}
