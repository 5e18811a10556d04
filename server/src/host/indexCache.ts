/**
 * The persisted index: one file per corpus configuration in the cache dir, holding every
 * file's key (path, size, mtime, content hash), its analysis, and the search index image.
 *
 * Layout (little-endian):
 *   u32 magic "PLIC", u32 format version, u32 header length, header JSON
 *   u32 documents length, documents JSON (array of records, see DocRecord)
 *   u32 search length, search image (EmbeddedSearchIndex.serialize)
 *   u32 CRC-32 of everything before it, u32 end magic "PLIE"
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

export const CACHE_FORMAT_VERSION = 1;
const MAGIC = 0x43494c50; // "PLIC"
const END_MAGIC = 0x45494c50; // "PLIE"

export interface CacheHeader {
  format: number;
  /** Identifies the analysis code and settings that produced the analyses. */
  fingerprint: string;
  roots: string[];
  writtenMs: number;
  documents: number;
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

export function encodeCache(image: CacheImage): Uint8Array {
  const enc = new TextEncoder();
  const header = enc.encode(JSON.stringify(image.header));
  const rows: DocRow[] = image.docs.map((d) => {
    const { uri: _uri, ...analysis } = d.analysis;
    return [d.id, d.path, d.uri, d.size, d.mtimeMs, d.hash, d.racy ? 1 : 0, analysis];
  });
  const skips: SkipRow[] = image.skipped.map((s) => [s.path, s.size, s.mtimeMs, s.reason]);
  const docs = enc.encode(JSON.stringify({ docs: rows, skipped: skips }));
  const search = image.search ?? new Uint8Array(0);
  const size = 12 + header.length + 4 + docs.length + 4 + search.length + 8;
  const out = new Uint8Array(size);
  const dv = new DataView(out.buffer);
  let at = 0;
  dv.setUint32(at, MAGIC, true);
  dv.setUint32(at + 4, CACHE_FORMAT_VERSION, true);
  dv.setUint32(at + 8, header.length, true);
  at += 12;
  out.set(header, at);
  at += header.length;
  dv.setUint32(at, docs.length, true);
  at += 4;
  out.set(docs, at);
  at += docs.length;
  dv.setUint32(at, search.length, true);
  at += 4;
  out.set(search, at);
  at += search.length;
  dv.setUint32(at, zlib.crc32(out.subarray(0, at)) >>> 0, true);
  dv.setUint32(at + 4, END_MAGIC, true);
  return out;
}

/** Checks and decodes a cache image; `expected` fingerprint and roots must match. */
export function decodeCache(bytes: Uint8Array, expected: { fingerprint: string; roots: readonly string[] }): CacheLoad {
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
    bytes = await fs.promises.readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, missing: code === 'ENOENT', reason: code === 'ENOENT' ? 'no cache yet' : `cannot read (${(e as Error).message})` };
  }
  return decodeCache(bytes, expected);
}

/** Writes atomically: a temporary file next to the target, then rename. Throws on failure (the caller decides). */
export async function writeCacheFile(file: string, bytes: Uint8Array): Promise<void> {
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.tmp`;
  try {
    const handle = await fs.promises.open(tmp, 'w');
    try {
      await handle.writeFile(bytes);
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

/** True for the errors of a folder we may not write (read-only mount, permissions). */
export function isReadOnlyError(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException)?.code;
  return code === 'EACCES' || code === 'EROFS' || code === 'EPERM';
}
