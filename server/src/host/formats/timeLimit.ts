/**
 * Converting a source within a time limit. The converters are libraries' parsers (pdf.js,
 * mammoth, word-extractor) run on whatever files a writer collects; a damaged or hostile
 * file can keep one busy for good, and an index worker stuck in one file never finishes the
 * build, so the corpus never becomes ready. JavaScript cannot interrupt a busy thread, so
 * conversions run on a converter thread of their own (convertWorker.ts), ended when a file
 * outlasts its limit: the file is skipped with a warning that says so, and the next file
 * gets a fresh thread.
 *
 * One converter thread per index worker, started on the first converted file and kept
 * while files come (it holds the loaded converters); it does not keep the process alive.
 * Where threads cannot start (a sandbox), conversion runs in this thread, without a limit.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { extract, FormatName } from './index';
import { Extracted, UnreadableFile } from './types';

/** The limit for a file of `bytes`: generous (a 10 MB PDF legitimately takes a minute on a busy machine). */
export function conversionLimitMs(bytes: number): number {
  return 60_000 + Math.ceil((bytes / (1024 * 1024)) * 30_000);
}

interface Job {
  format: FormatName;
  bytes: Uint8Array;
  limitMs: number;
  resolve: (x: Extracted) => void;
  reject: (e: Error) => void;
}

/** What crosses back from the converter thread: the blocks, or the error as plain data. */
export type ConvertReply = { id: number; ok: true; extracted: Extracted } | { id: number; ok: false; name: string; message: string; reason?: string };

let thread: Worker | undefined;
let unavailable = false;
let nextId = 1;
/** One file at a time on the thread, so a limit never charges a file for the one before it. */
const queue: Job[] = [];
let running: { id: number; job: Job; timer: NodeJS.Timeout; worker: Worker } | undefined;

function converterScript(): { script: string; execArgv: string[] } | undefined {
  const bundled = path.join(__dirname, 'formats', 'convertWorker.js');
  if (fs.existsSync(bundled)) return { script: bundled, execArgv: [] };
  const source = path.join(__dirname, 'convertWorker.ts');
  if (__filename.endsWith('.ts') && fs.existsSync(source)) return { script: source, execArgv: ['--require', 'tsx/cjs'] };
  return undefined;
}

function startThread(): Worker | undefined {
  if (thread) return thread;
  if (unavailable) return undefined;
  const found = converterScript();
  if (!found) {
    unavailable = true;
    return undefined;
  }
  try {
    const w = new Worker(found.script, { execArgv: found.execArgv });
    w.on('message', (reply: ConvertReply) => settle(w, reply));
    // A thread that dies (out of memory in a huge file) fails the file it had; the next file starts another.
    w.on('error', (e) => threadEnded(w, e instanceof Error ? e : new Error(String(e))));
    w.on('exit', (code) => threadEnded(w, new Error(`the converter thread stopped (exit code ${code})`)));
    w.unref();
    thread = w;
    return w;
  } catch {
    unavailable = true;
    return undefined;
  }
}

function threadEnded(w: Worker, why: Error): void {
  if (thread === w) thread = undefined;
  if (running?.worker === w) {
    const { job, timer } = running;
    running = undefined;
    clearTimeout(timer);
    job.reject(why);
  }
  pump();
}

function settle(w: Worker, reply: ConvertReply): void {
  if (!running || running.worker !== w || running.id !== reply.id) return;
  const { job, timer } = running;
  running = undefined;
  clearTimeout(timer);
  if (reply.ok) job.resolve(reply.extracted);
  else if (reply.name === 'UnreadableFile') job.reject(new UnreadableFile(reply.reason ?? reply.message));
  else job.reject(Object.assign(new Error(reply.message), { name: reply.name }));
  pump();
}

/** Sends the next queued file, on a fresh thread if the last one was ended. */
function pump(): void {
  if (running) return;
  const job = queue.shift();
  if (!job) {
    thread?.unref();
    return;
  }
  const w = startThread();
  if (!w) {
    extract(job.format, job.bytes).then(job.resolve, job.reject);
    return pump();
  }
  const id = nextId++;
  const timer = setTimeout(() => {
    if (running?.id !== id) return;
    running = undefined;
    if (thread === w) thread = undefined;
    const limit = job.limitMs >= 1000 ? `${Math.round(job.limitMs / 1000)} s` : `${job.limitMs} ms`;
    job.reject(new UnreadableFile(`its conversion was stopped after ${limit} (a damaged file can keep the converter busy for good; open and save it again, or convert it to text)`));
    void w.terminate();
    pump();
  }, job.limitMs);
  running = { id, job, timer, worker: w };
  w.ref();
  // A copy, not a transfer: the caller still hashes and keeps the bytes.
  w.postMessage({ id, format: job.format, bytes: job.bytes });
}

/**
 * The file's blocks, converted on the converter thread within `limitMs` (default: by size).
 * Past the limit the thread is ended and the file is refused as unreadable, with the limit
 * in the reason.
 */
export function extractWithinLimit(format: FormatName, bytes: Uint8Array, limitMs = conversionLimitMs(bytes.length)): Promise<Extracted> {
  if (unavailable) return extract(format, bytes);
  return new Promise<Extracted>((resolve, reject) => {
    queue.push({ format, bytes, limitMs, resolve, reject });
    pump();
  });
}

/** Ends the converter thread (tests, and a worker that is done). */
export async function stopConverterThread(): Promise<void> {
  const w = thread;
  if (!w) return;
  thread = undefined;
  await w.terminate();
}
