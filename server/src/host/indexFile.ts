/**
 * One corpus file in, plain data out: read (with the size and time of exactly the bytes
 * read), content hash, decode, analyze. The same function runs in the index workers and
 * on the main thread (single-file updates, and the fallback when workers cannot start),
 * so both paths give the same analysis.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { analyzeDocument, DocumentAnalysis } from '../core/analyze';
import { CorpusFileInfo, decodeCorpusBytes, MAX_FILE_BYTES } from './files';
import { formatOf, FormatName, MAX_CONVERTED_BYTES } from './formats';
import { extractWithinLimit } from './formats/timeLimit';
import { renderRendition, renditionPathFor, writeRendition } from './formats/rendition';
import { unreadableReason } from './formats/types';

/** A file that was read and analysed. `text` is the decoded text, for the search index only: it is dropped once indexed. */
export interface IndexedFile {
  path: string;
  uri: string;
  size: number;
  mtimeMs: number;
  /** Content hash of the bytes (see contentHash), for files whose time cannot be trusted. */
  hash: string;
  /** Wall-clock time (ms) just before the bytes were read: an mtime this close may hide a later write. */
  readMs: number;
  analysis: DocumentAnalysis;
  text: string;
  warning?: string;
}

export interface SkippedFile {
  path: string;
  skip: string;
}

export type FileResult = IndexedFile | SkippedFile;

export function isSkipped(r: { path: string }): r is SkippedFile {
  return 'skip' in r;
}

/**
 * `detach`: copy the analysis so that none of its strings is a slice of the file text (V8
 * keeps the whole text alive behind a substring). Needed on the main thread; a worker's
 * results are copied anyway when they are posted.
 */
export function indexFile(info: CorpusFileInfo, known: (key: string) => readonly string[], detach = false): FileResult {
  const read = readWhole(info.path, MAX_FILE_BYTES);
  if ('skip' in read) return { path: info.path, skip: read.skip };
  const { bytes, mtimeMs, readMs } = read;
  const decoded = decodeCorpusBytes(bytes, info.path);
  if ('skip' in decoded) return { path: info.path, skip: decoded.skip };
  const uri = fileUri(info.path);
  try {
    const analyzed = analyzeDocument(uri, decoded.text, { kind: 'corpus', known });
    const analysis = detach ? structuredClone(analyzed) : analyzed;
    return { path: info.path, uri, size: bytes.length, mtimeMs, hash: contentHash(bytes), readMs, analysis, text: decoded.text, warning: decoded.warning };
  } catch (e) {
    return { path: info.path, skip: `Skipped ${info.path}: analysis failed (${(e as Error).message})` };
  }
}

/**
 * Any corpus file: .txt and .md as `indexFile`; Word, PDF and HTML sources are converted
 * (host/formats), written as a text rendition under `renditionDir`, and the rendition is
 * what gets analysed, so every range points into it. The result's `uri` is the
 * rendition's; its `path`, size, time and hash are the original's (what staleness checks
 * look at).
 */
export async function indexAnyFile(info: CorpusFileInfo, known: (key: string) => readonly string[], renditionDir: string | undefined, detach = false): Promise<FileResult> {
  const format = formatOf(info.path);
  if (!format) return indexFile(info, known, detach);
  if (!renditionDir) return { path: info.path, skip: `${info.path} skipped: converted formats need a folder for their text renditions` };
  const read = readWhole(info.path, MAX_CONVERTED_BYTES);
  if ('skip' in read) return { path: info.path, skip: read.skip };
  return convertAndAnalyze(info.path, format, read, known, renditionDir, detach);
}

interface ReadBytes {
  bytes: Uint8Array;
  mtimeMs: number;
  readMs: number;
}

function readWhole(file: string, limit: number): ReadBytes | { skip: string } {
  let fd: number | undefined;
  const readMs = Date.now();
  try {
    fd = fs.openSync(file, 'r');
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return { skip: `${file} is not a file; skipped` };
    if (st.size > limit) return { skip: `${file} is ${(st.size / 1048576).toFixed(1)} MB, over the ${limit / 1048576} MB limit; skipped` };
    return { bytes: readAll(fd, st.size, limit), mtimeMs: st.mtimeMs, readMs };
  } catch (e) {
    return { skip: `Cannot read ${file}: ${(e as Error).message}` };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

async function convertAndAnalyze(file: string, format: FormatName, read: ReadBytes, known: (key: string) => readonly string[], renditionDir: string, detach: boolean): Promise<FileResult> {
  let rendition;
  try {
    rendition = renderRendition(file, format, await extractWithinLimit(format, read.bytes));
  } catch (e) {
    const reason = unreadableReason(e) ?? `conversion failed (${(e as Error).message})`;
    return { path: file, skip: `${file} skipped: ${reason}` };
  }
  const target = renditionPathFor(renditionDir, file);
  try {
    writeRendition(target, rendition.text);
  } catch (e) {
    return { path: file, skip: `${file} skipped: cannot write its text rendition ${target} (${(e as Error).message})` };
  }
  const uri = fileUri(target);
  try {
    const analyzed = analyzeDocument(uri, rendition.text, { kind: 'corpus', known });
    analyzed.origin = rendition.origin;
    const analysis = detach ? structuredClone(analyzed) : analyzed;
    const warning = rendition.warnings.length ? rendition.warnings.join('\n') : undefined;
    return { path: file, uri, size: read.bytes.length, mtimeMs: read.mtimeMs, hash: contentHash(read.bytes), readMs: read.readMs, analysis, text: rendition.text, warning };
  } catch (e) {
    return { path: file, skip: `Skipped ${file}: analysis failed (${(e as Error).message})` };
  }
}

/** Reads the whole file through the descriptor (it may have grown since fstat). */
function readAll(fd: number, size: number, limit = MAX_FILE_BYTES): Uint8Array {
  let buf = Buffer.allocUnsafe(Math.max(size, 1024));
  let n = 0;
  for (;;) {
    if (n === buf.length) {
      if (n >= limit) break;
      const bigger = Buffer.allocUnsafe(buf.length * 2);
      buf.copy(bigger, 0, 0, n);
      buf = bigger;
    }
    const r = fs.readSync(fd, buf, n, buf.length - n, null);
    if (r === 0) break;
    n += r;
  }
  return buf.subarray(0, n);
}

/** Content hash for cache validation (SHA-1, first 16 hex digits; native, about 1 GB/s). */
export function contentHash(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('hex').slice(0, 16);
}

export function fileUri(p: string): string {
  return pathToFileURL(p).href;
}

/** The title line's span, weighted higher by the search index. */
export function titleSpanOf(a: DocumentAnalysis): { start: number; end: number } | undefined {
  return a.body.length > 0 && a.title ? a.body[0] : undefined;
}
