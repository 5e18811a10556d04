/**
 * The persisted index: one file per corpus configuration in the cache dir, holding every
 * file's key (path, size, mtime, content hash), its analysis, and the search index image.
 *
 * Layout (little-endian):
 *   u32 magic "PLIC", u32 format version, u32 header length, header JSON
 *   u32 documents length, documents JSON (array of records, see DocRecord)
 *   u32 search length, search image (empty since format 2: the search index is its own
 *       file beside this one, `corpus-<key>-<generation>.plsx`, named with its generation
 *       in the header; host/searchFileStore.ts)
 *   u32 CRC-32 of everything before it, u32 end magic "PLIE"
 *
 * The documents JSON is an object {docs: DocRow[], skipped: SkipRow[]}.
 *
 * A wrong magic, another format version, another analyzer or glossary, a bad checksum or a
 * short file is reported as a reason and the caller rebuilds. Writes go to a temporary file
 * in the same folder that is then renamed over the old one, so a reader never sees half a
 * file and a crash leaves the previous cache intact.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import type { DocumentAnalysis } from '../core/analyze';

export const CACHE_FORMAT_VERSION = 2;
const MAGIC = 0x43494c50; // "PLIC"
const END_MAGIC = 0x45494c50; // "PLIE"

export interface CacheHeader {
  format: number;
  /** Identifies the analysis code and settings that produced the analyses. */
  fingerprint: string;
  roots: string[];
  writtenMs: number;
  documents: number;
  /** The search file this cache goes with (its name in the same folder) and its generation. */
  search?: { file: string; generation: string };
}

/** One indexed file. `racy`: its mtime was too close to the moment it was read to be trusted alone. */
export interface DocRecord {
  id: number;
  path: string;
  uri: string;
  size: number;
  mtimeMs: number;
  hash: string;
  racy: boolean;
  analysis: DocumentAnalysis;
}

/** A file that was skipped (binary, too large, unreadable); kept so a warm start does not re-read it. */
export interface SkipRecord {
  path: string;
  size: number;
  mtimeMs: number;
  reason: string;
}

export interface CacheImage {
  header: CacheHeader;
  docs: DocRecord[];
  skipped: SkipRecord[];
  search: Uint8Array | undefined;
}

export type CacheLoad = { ok: true; image: CacheImage; bytes: number } | { ok: false; reason: string; missing?: boolean };

/** The cache file of one corpus configuration (its folders), inside `cacheDir`. */
export function cacheFileFor(cacheDir: string, roots: readonly string[]): string {
  const key = createHash('sha1').update(JSON.stringify([...roots].sort())).digest('hex').slice(0, 16);
  return path.join(cacheDir, `corpus-${key}.plic`);
}

// Compact JSON rows: [id, path, uri, size, mtimeMs, hash, racy, analysis-without-uri]
type DocRow = [number, string, string, number, number, string, 0 | 1, Omit<DocumentAnalysis, 'uri'>];
type SkipRow = [string, number, number, string];

/**
 * The cache file as a list of byte pieces (written with one writev, never concatenated: the
 * search image alone is tens of MB). The documents JSON is produced a slice of documents at
 * a time, with `pause` called between slices so the caller can yield to the event loop.
 */
export async function encodeCachePieces(image: CacheImage, pause: () => Promise<void> = async () => {}): Promise<Uint8Array[]> {
  const enc = new TextEncoder();
  const header = enc.encode(JSON.stringify(image.header));
  const docPieces: Uint8Array[] = [enc.encode('{"docs":[')];
  const SLICE = 500;
  for (let i = 0; i < image.docs.length; i += SLICE) {
    const rows: DocRow[] = image.docs.slice(i, i + SLICE).map((d) => {
      const { uri: _uri, ...analysis } = d.analysis;
      return [d.id, d.path, d.uri, d.size, d.mtimeMs, d.hash, d.racy ? 1 : 0, analysis];
    });
    const json = JSON.stringify(rows);
    docPieces.push(enc.encode((i > 0 ? ',' : '') + json.slice(1, -1)));
    await pause();
  }
  const skips: SkipRow[] = image.skipped.map((s) => [s.path, s.size, s.mtimeMs, s.reason]);
  docPieces.push(enc.encode(`],"skipped":${JSON.stringify(skips)}}`));
  const docsLength = docPieces.reduce((n, p) => n + p.length, 0);
  const search = image.search ?? new Uint8Array(0);

  const u32 = (...values: number[]) => {
    const b = new Uint8Array(4 * values.length);
    const dv = new DataView(b.buffer);
    values.forEach((v, i) => dv.setUint32(4 * i, v >>> 0, true));
    return b;
  };
  const pieces: Uint8Array[] = [u32(MAGIC, CACHE_FORMAT_VERSION, header.length), header, u32(docsLength), ...docPieces, u32(search.length), search];
  let crc = 0;
  for (const p of pieces) crc = zlib.crc32(p, crc);
  pieces.push(u32(crc, END_MAGIC));
  return pieces;
}

/** The whole cache file in one array (tests). */
export async function encodeCache(image: CacheImage): Promise<Uint8Array> {
  return Buffer.concat(await encodeCachePieces(image));
}

/** Checks and decodes a cache image; `expected` fingerprint and roots must match. */
export function decodeCache(input: Uint8Array, expected: { fingerprint: string; roots: readonly string[] }): CacheLoad {
  // A plain view, not a Buffer: Buffer#slice shares memory, so a slice kept by the search
  // index (its postings) would keep the whole file buffer (documents JSON included) alive.
  const bytes = new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  if (bytes.length < 20) return { ok: false, reason: `truncated (${bytes.length} bytes)` };
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (dv.getUint32(0, true) !== MAGIC) return { ok: false, reason: 'not a Policy Lens cache file' };
  const format = dv.getUint32(4, true);
  if (format !== CACHE_FORMAT_VERSION) return { ok: false, reason: `cache format ${format}, this version reads ${CACHE_FORMAT_VERSION}` };
  if (dv.getUint32(bytes.length - 4, true) !== END_MAGIC) return { ok: false, reason: 'truncated (no end marker)' };
  const crcAt = bytes.length - 8;
  if ((zlib.crc32(bytes.subarray(0, crcAt)) >>> 0) !== dv.getUint32(crcAt, true)) return { ok: false, reason: 'checksum mismatch (corrupt or truncated)' };
  try {
    const dec = new TextDecoder();
    let at = 8;
    const section = (): Uint8Array => {
      const len = dv.getUint32(at, true);
      at += 4;
      if (at + len > crcAt) throw new Error('section runs past the end');
      const s = bytes.subarray(at, at + len);
      at += len;
      return s;
    };
    const header = JSON.parse(dec.decode(section())) as CacheHeader;
    if (header.fingerprint !== expected.fingerprint) return { ok: false, reason: 'written by another analyzer version or glossary' };
    if (JSON.stringify(header.roots) !== JSON.stringify([...expected.roots])) return { ok: false, reason: 'written for other corpus folders' };
    const body = JSON.parse(dec.decode(section())) as { docs: DocRow[]; skipped: SkipRow[] };
    const searchBytes = section();
    const docs: DocRecord[] = body.docs.map((r) => {
      const analysis = r[7] as DocumentAnalysis;
      analysis.uri = r[2];
      return { id: r[0], path: r[1], uri: r[2], size: r[3], mtimeMs: r[4], hash: r[5], racy: r[6] === 1, analysis };
    });
    const skipped = body.skipped.map((s) => ({ path: s[0], size: s[1], mtimeMs: s[2], reason: s[3] }));
    return { ok: true, bytes: bytes.length, image: { header, docs, skipped, search: searchBytes.length > 0 ? searchBytes : undefined } };
  } catch (e) {
    return { ok: false, reason: `unreadable (${(e as Error).message})` };
  }
}

export async function readCacheFile(file: string, expected: { fingerprint: string; roots: readonly string[] }): Promise<CacheLoad> {
  let bytes: Uint8Array;
  try {
    bytes = await readWhole(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, missing: code === 'ENOENT', reason: code === 'ENOENT' ? 'no cache yet' : `cannot read (${(e as Error).message})` };
  }
  return decodeCache(bytes, expected);
}

/** One read into one buffer (fs.promises.readFile reads 512 kB at a time: five times slower for a large cache). */
async function readWhole(file: string): Promise<Uint8Array> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const { size } = await handle.stat();
    const buf = Buffer.allocUnsafe(size);
    let n = 0;
    while (n < size) {
      const { bytesRead } = await handle.read(buf, n, size - n, n);
      if (bytesRead === 0) break;
      n += bytesRead;
    }
    return buf.subarray(0, n);
  } finally {
    await handle.close();
  }
}

/** Writes atomically: a temporary file next to the target, then rename. Throws on failure (the caller decides). */
export async function writeCacheFile(file: string, data: Uint8Array | Uint8Array[]): Promise<void> {
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.tmp`;
  const pieces = Array.isArray(data) ? data : [data];
  try {
    const handle = await fs.promises.open(tmp, 'w');
    try {
      // writev takes at most IOV_MAX (1024) buffers per call.
      for (let i = 0; i < pieces.length; i += 512) {
        const group = pieces.slice(i, i + 512);
        let left = group.reduce((n, p) => n + p.length, 0);
        let { bytesWritten } = await handle.writev(group);
        left -= bytesWritten;
        if (left > 0) {
          // Short write: finish the group piece by piece.
          const rest = Buffer.concat(group).subarray(bytesWritten);
          while (left > 0) {
            ({ bytesWritten } = await handle.write(rest, rest.length - left));
            left -= bytesWritten;
          }
        }
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.promises.rename(tmp, file);
  } catch (e) {
    await fs.promises.rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
}

/**
 * Removes temporary files that a crashed or killed write left in the cache folder (an
 * hour old at least, so a write in progress in another window is left alone).
 */
export async function removeStaleTemporaries(cacheDir: string, olderThanMs = 3600_000): Promise<void> {
  let names: string[];
  try {
    names = await fs.promises.readdir(cacheDir);
  } catch {
    return;
  }
  const now = Date.now();
  for (const name of names) {
    if (!/^corpus-[0-9a-f]+\.plic\.\d+\.[0-9a-z]+\.tmp$/.test(name)) continue;
    const file = path.join(cacheDir, name);
    const st = await fs.promises.stat(file).catch(() => undefined);
    if (st && now - st.mtimeMs > olderThanMs) await fs.promises.rm(file, { force: true }).catch(() => undefined);
  }
}

/** True for the errors of a cache folder we cannot write at all (read-only mount, permissions, a file in the way). */
export function isReadOnlyError(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException)?.code;
  return code === 'EACCES' || code === 'EROFS' || code === 'EPERM' || code === 'ENOTDIR' || code === 'EEXIST';
}
