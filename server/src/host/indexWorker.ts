/**
 * Index workers of a build (dist/indexWorker.js; the discovery of files has its own, discoverWorker.ts):
 *  - index (default): a child process (host/indexProcess.ts) that reads, decodes and
 *    analyzes the corpus files it is sent and posts back plain data. In a sharded build (a
 *    fresh build of a large corpus) it posts each analysis split and encoded as the server
 *    keeps it (postedAnalysis.ts) and also keeps a search index of its own share of the
 *    documents (a shard): it holds each chunk's texts until the main thread sends the ids
 *    the CorpusIndex gave them, then adds them; the texts never leave the worker. A shard
 *    whose postings reach the segment size is written to a file (parts.ts partsPieces) and a
 *    new one started; at the end each worker writes its last segment and ends, and a process
 *    started for the merge streams every segment into the search file the server opens from
 *    disk (core/search/segmentMerge.ts), or, without a file to write, merges them in memory
 *    (core/search/merge.ts) and posts the index as parts;
 * So the main thread of a cold build only merges analyses into the CorpusIndex and stays
 * free to answer requests on open briefs, and the build's memory leaves with its processes.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Glossary, GlossaryEntry } from '../core/glossary';
import { Generation, IndexedDocInput } from '../core/search';
import { mergeShards } from '../core/search/merge';
import { fromParts, partsFromBytes, partsPieces, SearchParts, toParts } from '../core/search/parts';
import { addDocument } from '../core/search/postings';
import { SegmentMerge } from '../core/search/segmentMerge';
import { SearchState } from '../core/search/state';
import { CorpusFileInfo } from './files';
import { FileResult, indexAnyFile, isSkipped, titleSpanOf } from './indexFile';
import { ChunkResult, shareRests, toPosted } from './postedAnalysis';
import { processParentLink } from './indexProcess';
import { FileSource, nativeChecksum, writeSearchFile } from './searchFileStore';

export interface WorkerInit {
  glossary: GlossaryEntry[];
  /** Nice value for this worker (Linux), so the server's main thread wins the CPU. */
  nice?: number;
  /** role index: where the text renditions of Word, PDF and HTML sources are written. */
  renditionDir?: string;
}

/** Where the merged index goes: a search file of this generation (the server opens it), or, without one, back as parts. */
export interface MergeTarget {
  file: string;
  generation: Generation;
}

/**
 * To an index worker: its init (first), a chunk of files; `shard` starts a shard (texts stay
 * here); the ids of a chunk's indexed documents, in order; at the end, `sendShard` (write
 * this shard to a file) or `merge` (merge this shard with those written to these files).
 */
export type WorkerRequest =
  | { type: 'init'; init: WorkerInit }
  | { type: 'index'; chunk: number; files: CorpusFileInfo[] }
  | { type: 'shard'; dir: string; segmentBytes: number }
  | { type: 'ids'; chunk: number; ids: number[] }
  | { type: 'sendShard' }
  | { type: 'merge'; files: string[]; target?: MergeTarget };

export type WorkerResponse =
  /** A chunk's results (in a sharded build, split and encoded without their texts: postedAnalysis.ts); `ms`: time spent on it, for the log. */
  | { type: 'chunk'; chunk: number; results: ChunkResult[]; ms: number }
  /** This worker's shard is in these files (its segments, in order). */
  | { type: 'shardWritten'; files: string[]; shardMs: number }
  /** The merged search index of every shard: written to the target's file (`bytes`), or its parts. */
  | { type: 'merged'; parts?: SearchParts; bytes?: number; targetError?: string; documents: number; mergeMs: number; shardMs: number }
  | { type: 'failed'; message: string };

/** A document for the search index, without its id (the main thread sends the ids of each chunk). */
export type SearchDoc = Omit<IndexedDocInput, 'id'>;

/** Below the main thread: when cores are short, the thread answering hovers on open briefs runs first. */
function lowerPriority(nice: number | undefined): void {
  if (typeof nice === 'number' && nice > 0) {
    try {
      os.setPriority(0, nice);
    } catch {
      // not permitted: stay at the default priority
    }
  }
}

const link = processParentLink();
if (link) {
  let serve: ((req: WorkerRequest) => void) | undefined;
  link.onMessage((m) => {
    const req = m as WorkerRequest;
    if (req.type === 'init') serve = indexRole(req.init, (res) => link.post(res));
    else serve?.(req);
  });
}

/** The index role: handles the requests after `init`, answering through `post`. */
function indexRole(init: WorkerInit, post: (res: WorkerResponse) => void): (req: WorkerRequest) => void {
  lowerPriority(init.nice);
  const glossary = new Glossary(init.glossary);
  /** This worker's shard, in a sharded build; its documents wait in `waiting` for their ids. */
  let shard: SearchState | undefined;
  /** Where the shard's segments go, and their size: a segment is written once its postings reach it. */
  let segments: { dir: string; bytes: number; files: string[] } | undefined;
  const waiting = new Map<number, SearchDoc[]>();
  /** Time spent adding documents to the shard. */
  let shardMs = 0;
  // Converters are asynchronous (pdf.js, mammoth): requests are handled one after another,
  // so chunks still come back in the order they were sent.
  let queue: Promise<void> = Promise.resolve();
  const fail = (e: unknown) => post({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
  const indexChunk = async (req: Extract<WorkerRequest, { type: 'index' }>) => {
    const started = performance.now();
    const results: ChunkResult[] = [];
    for (const f of req.files) results.push(await indexAnyFile(f, glossary.expansions, init.renditionDir));
    if (shard) {
      // The texts stay here for the shard; the main thread gets the analyses only, split and
      // encoded as the corpus index keeps them (postedAnalysis.ts).
      const docs: SearchDoc[] = [];
      for (let i = 0; i < results.length; i++) {
        const r = results[i] as FileResult;
        if (isSkipped(r)) continue;
        docs.push({ text: r.text, titleSpan: titleSpanOf(r.analysis), body: r.analysis.body });
        results[i] = toPosted(r);
      }
      shareRests(results);
      waiting.set(req.chunk, docs);
    }
    post({ type: 'chunk', chunk: req.chunk, results, ms: performance.now() - started });
  };
  const addToShard = (chunk: number, ids: number[]) => {
    const docs = waiting.get(chunk);
    waiting.delete(chunk);
    if (!shard || !docs) throw new Error(`ids for chunk ${chunk}, which this worker does not hold`);
    if (docs.length !== ids.length) throw new Error(`chunk ${chunk}: ${docs.length} documents, ${ids.length} ids`);
    const started = performance.now();
    for (let k = 0; k < docs.length; k++) addDocument(shard, { ...docs[k], id: ids[k] });
    // Lucene's flush: a shard that reached its segment size goes to a file and a new one
    // starts, so a worker's memory stays bounded whatever its share of the corpus.
    if (segments && shard.postingBytes >= segments.bytes) writeSegment();
    shardMs += performance.now() - started;
  };
  const writeSegment = () => {
    if (!shard || !segments || shard.documentCount === 0) return;
    const file = path.join(segments.dir, `segment-${process.pid}-${segments.files.length}.parts`);
    const fd = fs.openSync(file, 'w');
    try {
      for (const piece of partsPieces(shard)) fs.writeSync(fd, piece);
    } finally {
      fs.closeSync(fd);
    }
    segments.files.push(file);
    shard = new SearchState();
  };
  // A shard travels as files: processes share no memory, and the files never sit in the
  // server's heap. Written from the shard's own streams (no joined copy of its postings).
  const sendShard = () => {
    if (!shard || !segments) throw new Error('no shard: the build was not sharded');
    if (waiting.size > 0) throw new Error(`${waiting.size} chunks never got their ids`);
    writeSegment();
    shard = undefined;
    post({ type: 'shardWritten', files: segments.files, shardMs });
  };
  // The merge runs in a process of its own, started for it: it holds no index worker's heap.
  // With a target, the segments stream into the search file term by term (segmentMerge.ts):
  // one window of postings per segment, never the merged image. Without one (or when the
  // file cannot be written) the merged index goes back as parts, merged in memory.
  const mergeAll = async (files: string[], target: MergeTarget | undefined) => {
    const started = performance.now();
    let targetError: string | undefined;
    if (target) {
      const fds: number[] = [];
      try {
        const sources = files.map((file) => {
          const fd = fs.openSync(file, 'r');
          fds.push(fd);
          return new FileSource(fd, fs.fstatSync(fd).size);
        });
        const merge = new SegmentMerge(sources, { checksum: nativeChecksum });
        const bytes = await writeSearchFile(target.file, merge.pieces(target.generation), async () => undefined);
        post({ type: 'merged', bytes, documents: merge.documents, mergeMs: performance.now() - started, shardMs: 0 });
        return;
      } catch (e) {
        // A read-only or full cache folder: the server keeps the index in memory instead.
        targetError = (e as Error).message;
      } finally {
        for (const fd of fds) fs.closeSync(fd);
      }
    }
    const shards: SearchState[] = [];
    for (const file of files) shards.push(fromParts(partsFromBytes(fs.readFileSync(file))));
    const merged = mergeShards(shards);
    shards.length = 0;
    post({ type: 'merged', parts: toParts(merged), targetError, documents: merged.documentCount, mergeMs: performance.now() - started, shardMs: 0 });
  };
  return (req: WorkerRequest) => {
    if (req.type === 'index') queue = queue.then(() => indexChunk(req));
    else if (req.type === 'shard') {
      shard = new SearchState();
      segments = { dir: req.dir, bytes: req.segmentBytes, files: [] };
    }
    else if (req.type === 'ids') queue = queue.then(() => addToShard(req.chunk, req.ids)).catch(fail);
    else if (req.type === 'sendShard') queue = queue.then(() => sendShard()).catch(fail);
    else if (req.type === 'merge') queue = queue.then(() => mergeAll(req.files, req.target)).catch(fail);
  };
}

