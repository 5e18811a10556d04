/**
 * Worker threads of a build (dist/indexWorker.js), in one of two roles:
 *  - index (default): reads, decodes and analyzes the corpus files it is sent and posts
 *    back plain data. In a sharded build (a fresh build of a large corpus) it also keeps a
 *    search index of its own share of the documents (a shard): it holds each chunk's texts
 *    until the main thread sends the ids the CorpusIndex gave them, then adds them; the
 *    texts never leave the worker. At the end one worker receives the other shards
 *    (transferred over MessagePorts, not copied), merges them (core/search/merge.ts) and
 *    posts the merged index to the main thread as transferable parts (core/search/parts.ts);
 *  - discover: finds the corpus files under some roots, posts them, exits.
 * So the main thread of a cold build only merges analyses into the CorpusIndex and stays
 * free to answer requests on open briefs.
 */
import * as os from 'node:os';
import { MessagePort, parentPort, workerData } from 'node:worker_threads';
import { Glossary, GlossaryEntry } from '../core/glossary';
import { IndexedDocInput } from '../core/search';
import { mergeShards } from '../core/search/merge';
import { fromParts, SearchParts, toParts } from '../core/search/parts';
import { addDocument } from '../core/search/postings';
import { SearchState } from '../core/search/state';
import { CorpusFileInfo, discoverCorpusFiles } from './files';
import { FileResult, indexAnyFile, isSkipped, titleSpanOf } from './indexFile';

export interface WorkerInit {
  role?: 'index' | 'discover';
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

/**
 * To an index worker: a chunk of files; `shard` starts a shard (texts stay here); the ids
 * of a chunk's indexed documents, in order; at the end, `sendShard` (post the shard on this
 * port) or `merge` (merge this shard with those arriving on these ports, post the result).
 */
export type WorkerRequest =
  | { type: 'index'; chunk: number; files: CorpusFileInfo[] }
  | { type: 'shard' }
  | { type: 'ids'; chunk: number; ids: number[] }
  | { type: 'sendShard'; port: MessagePort }
  | { type: 'merge'; ports: MessagePort[] };

export type WorkerResponse =
  /** A chunk's results (texts emptied in a sharded build); `ms`: time spent on it, for the log. */
  | { type: 'chunk'; chunk: number; results: FileResult[]; ms: number }
  /** The merged search index of every shard. */
  | { type: 'merged'; parts: SearchParts; documents: number; mergeMs: number; shardMs: number }
  | { type: 'failed'; message: string };

/** A document for the search index, without its id (the main thread sends the ids of each chunk). */
export type SearchDoc = Omit<IndexedDocInput, 'id'>;

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
} else {
  const glossary = new Glossary(init.glossary);
  /** This worker's shard, in a sharded build; its documents wait in `waiting` for their ids. */
  let shard: SearchState | undefined;
  const waiting = new Map<number, SearchDoc[]>();
  /** Time spent adding documents to the shard. */
  let shardMs = 0;
  // Converters are asynchronous (pdf.js, mammoth): requests are handled one after another,
  // so chunks still come back in the order they were sent.
  let queue: Promise<void> = Promise.resolve();
  const fail = (e: unknown) => {
    const res: WorkerResponse = { type: 'failed', message: e instanceof Error ? e.message : String(e) };
    parentPort!.postMessage(res);
  };
  parentPort?.on('message', (req: WorkerRequest) => {
    if (req.type === 'index') queue = queue.then(() => indexChunk(req));
    else if (req.type === 'shard') shard = new SearchState();
    else if (req.type === 'ids') {
      queue = queue.then(() => addToShard(req.chunk, req.ids)).catch(fail);
    } else if (req.type === 'sendShard') {
      queue = queue.then(() => sendShard(req.port)).catch(fail);
    } else if (req.type === 'merge') {
      queue = queue.then(() => mergeAll(req.ports)).catch(fail);
    }
  });
  const indexChunk = async (req: Extract<WorkerRequest, { type: 'index' }>) => {
    const started = performance.now();
    const results: FileResult[] = [];
    for (const f of req.files) results.push(await indexAnyFile(f, glossary.expansions, init.renditionDir));
    if (shard) {
      // The texts stay here for the shard; the main thread gets the analyses only.
      const docs: SearchDoc[] = [];
      for (const r of results) {
        if (isSkipped(r)) continue;
        docs.push({ text: r.text, titleSpan: titleSpanOf(r.analysis), body: r.analysis.body });
        r.text = '';
      }
      waiting.set(req.chunk, docs);
    }
    const response: WorkerResponse = { type: 'chunk', chunk: req.chunk, results, ms: performance.now() - started };
    parentPort!.postMessage(response);
  };
  const addToShard = (chunk: number, ids: number[]) => {
    const docs = waiting.get(chunk);
    waiting.delete(chunk);
    if (!shard || !docs) throw new Error(`ids for chunk ${chunk}, which this worker does not hold`);
    if (docs.length !== ids.length) throw new Error(`chunk ${chunk}: ${docs.length} documents, ${ids.length} ids`);
    const started = performance.now();
    for (let k = 0; k < docs.length; k++) addDocument(shard, { ...docs[k], id: ids[k] });
    shardMs += performance.now() - started;
  };
  const takeShard = (): SearchState => {
    if (!shard) throw new Error('no shard: the build was not sharded');
    if (waiting.size > 0) throw new Error(`${waiting.size} chunks never got their ids`);
    const s = shard;
    shard = undefined;
    return s;
  };
  const sendShard = (port: MessagePort) => {
    const { parts, transfer } = toParts(takeShard());
    port.postMessage({ parts, shardMs }, transfer);
    port.close();
  };
  const mergeAll = async (ports: MessagePort[]) => {
    const own = takeShard();
    const others = await Promise.all(
      ports.map(
        (port) =>
          new Promise<{ parts: SearchParts; shardMs: number }>((resolve) => {
            port.once('message', (m: { parts: SearchParts; shardMs: number }) => {
              port.close();
              resolve(m);
            });
          }),
      ),
    );
    const started = performance.now();
    const merged = mergeShards([own, ...others.map((o) => fromParts(o.parts))]);
    const documents = merged.documentCount;
    const { parts, transfer } = toParts(merged);
    const res: WorkerResponse = { type: 'merged', parts, documents, mergeMs: performance.now() - started, shardMs: Math.max(shardMs, ...others.map((o) => o.shardMs)) };
    parentPort!.postMessage(res, transfer);
  };
}
