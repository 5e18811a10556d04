/**
 * The persisted index: one file per corpus configuration in the cache dir, holding every
 * file's key (path, size, mtime, content hash), its analysis, and the search index image.
 *
 * Layout (little-endian), format 4 (format 3 had the same sections with a JSON documents table):
 *   u32 magic "PLIC", u32 format version, u32 header length, header JSON
 *   the sections the header locates ([offset, length, CRC-32] each, offsets from the file's start):
 *     docs    the documents table (analysisFile.ts, binary columns): keys, URIs, summaries, where each rest is
 *     titles  the documents' titles, UTF-8 (kept as bytes, decoded when read)
 *     sites   definitions, attributions, references, relations of the documents that have any
 *     rests   one record per document (body spans, uses), each with its own CRC-32 in the table
 *     search  the search image (EmbeddedSearchIndex.serialize); empty when the search index is
 *             its own file beside this one, `corpus-<key>-<generation>.plsx`, named with its
 *             generation in the header (host/searchFileStore.ts), as the server writes it
 *   u32 CRC-32 of the header JSON, u32 end magic "PLIE"
 *
 * A warm start reads the header, the docs, sites and search sections (each checked against
 * its CRC) by positional reads, and leaves the rests in the file: a document's record is
 * read when its whole analysis is asked for (analysisStore.ts), so nothing of the size of
 * the corpus is parsed at start. The file stays open for that.
 *
 * A wrong magic, another format version (formats 1 and 2 held one JSON of every analysis, 3 a JSON documents table), another
 * analyzer or glossary, a bad checksum or a short file is reported as a reason and the
 * caller rebuilds. Writes go to a temporary file in the same folder that is then renamed
 * over the old one, so a reader never sees half a file and a crash leaves the previous cache
 * intact; a reader that still has the old file open keeps reading it.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { removeAged } from './files';
import { ByteReader, bufferReader, decodeDocSections, DocRecord, DocTable, encodeDocSections, fileReader, ReaderRecords, SkipRecord } from './analysisFile';

export type { DocRecord, SkipRecord } from './analysisFile';
export { DocTable, ReaderRecords } from './analysisFile';

export const CACHE_FORMAT_VERSION = 4;
const MAGIC = 0x43494c50; // "PLIC"
const END_MAGIC = 0x45494c50; // "PLIE"

/** [offset from the file's start, length, CRC-32 (0 for the rests: each record has its own)]. */
type Section = [number, number, number];

export interface CacheHeader {
  format: number;
  /** Identifies the analysis code and settings that produced the analyses. */
  fingerprint: string;
  roots: string[];
  writtenMs: number;
  documents: number;
  /** The search file this cache goes with (its name in the same folder) and its generation. */
  search?: { file: string; generation: string };
  /** Filled in by the encoder. */
  fileBytes?: number;
  sections?: { docs: Section; titles: Section; sites: Section; rests: Section; search: Section };
}

export interface CacheImage {
  header: CacheHeader;
  /** To write: one record per document. Read back: made from `table` when asked for (tools, tests). */
  docs: DocRecord[];
  /** Read back: the documents table's columns (a warm start restores from these, making no record per document). */
  table?: DocTable;
  skipped: SkipRecord[];
  search: Uint8Array | undefined;
  /** Read back: the rest records, read from the file on demand (the file stays open until released). */
  records?: ReaderRecords;
}

export type CacheLoad = { ok: true; image: CacheImage; bytes: number } | { ok: false; reason: string; missing?: boolean };

/** The cache file of one corpus configuration (its folders), inside `cacheDir`. */
export function cacheFileFor(cacheDir: string, roots: readonly string[]): string {
  const key = createHash('sha1').update(JSON.stringify([...roots].sort())).digest('hex').slice(0, 16);
  return path.join(cacheDir, `corpus-${key}.plic`);
}

const u32 = (...values: number[]) => {
  const b = new Uint8Array(4 * values.length);
  const dv = new DataView(b.buffer);
  values.forEach((v, i) => dv.setUint32(4 * i, v >>> 0, true));
  return b;
};

/**
 * The cache file as a list of byte pieces (written with one writev, never concatenated: the
 * search image alone is tens of MB). The documents are encoded a slice at a time, with
 * `pause` called between slices so the caller can yield to the event loop.
 */
export async function encodeCachePieces(image: CacheImage, pause: () => Promise<void> = async () => {}): Promise<Uint8Array[]> {
  return (await encodeCacheFile(image, pause)).pieces;
}

/** The pieces, and where each document's rest record is in them (`image.docs` order; offsets within the rests section at `restsAt`). */
export async function encodeCacheFile(image: CacheImage, pause: () => Promise<void> = async () => {}): Promise<{ pieces: Uint8Array[]; restsAt: number; rows: Uint32Array }> {
  const enc = new TextEncoder();
  const body = await encodeDocSections(image.docs, image.skipped, pause, image.records);
  const search = image.search ?? new Uint8Array(0);
  const restsLength = body.rests.reduce((n, p) => n + p.length, 0);
  // The header holds the sections' offsets, and its own length moves them: encode it until it stops changing.
  let header = enc.encode('');
  let restsAt = 0;
  for (let guess = 0; ; ) {
    let at = 12 + guess;
    const section = (len: number, crc: number): Section => {
      const s: Section = [at, len, crc];
      at += len;
      return s;
    };
    const sections = {
      docs: section(body.docs.length, zlib.crc32(body.docs) >>> 0),
      titles: section(body.titles.length, zlib.crc32(body.titles) >>> 0),
      sites: section(body.sites.length, zlib.crc32(body.sites) >>> 0),
      rests: section(restsLength, 0),
      search: section(search.length, zlib.crc32(search) >>> 0),
    };
    restsAt = sections.rests[0];
    header = enc.encode(JSON.stringify({ ...image.header, format: CACHE_FORMAT_VERSION, fileBytes: at + 8, sections }));
    if (header.length === guess) break;
    guess = header.length;
  }
  const pieces = [u32(MAGIC, CACHE_FORMAT_VERSION, header.length), header, body.docs, body.titles, body.sites, ...body.rests, search, u32(zlib.crc32(header) >>> 0, END_MAGIC)];
  return { pieces, restsAt, rows: body.rows };
}

/** The whole cache file in one array (tests). */
export async function encodeCache(image: CacheImage): Promise<Uint8Array> {
  return Buffer.concat(await encodeCachePieces(image));
}

/** Checks and decodes a whole cache file held in memory (tests, tools); `expected` fingerprint and roots must match. */
export function decodeCache(input: Uint8Array, expected: { fingerprint: string; roots: readonly string[] }): CacheLoad {
  return decodeFrom(bufferReader(input), expected);
}

/**
 * Checks and decodes a cache through positional reads. On success the reader stays open
 * for the rest records (released by the store when no document uses them); otherwise it is closed.
 */
function decodeFrom(reader: ByteReader, expected: { fingerprint: string; roots: readonly string[] }): CacheLoad {
  const result = decodeSections(reader, expected);
  if (!result.ok) reader.close();
  return result;
}

function decodeSections(reader: ByteReader, expected: { fingerprint: string; roots: readonly string[] }): CacheLoad {
  const size = reader.size;
  if (size < 20) return { ok: false, reason: `truncated (${size} bytes)` };
  try {
    const head = view(reader.read(0, 12));
    if (head.getUint32(0, true) !== MAGIC) return { ok: false, reason: 'not a Policy Lens cache file' };
    const format = head.getUint32(4, true);
    if (format !== CACHE_FORMAT_VERSION) return { ok: false, reason: `cache format ${format}, this version reads ${CACHE_FORMAT_VERSION}` };
    const tail = view(reader.read(size - 8, 8));
    if (tail.getUint32(4, true) !== END_MAGIC) return { ok: false, reason: 'truncated (no end marker)' };
    const headerLength = head.getUint32(8, true);
    if (12 + headerLength + 8 > size) return { ok: false, reason: 'truncated (header runs past the end)' };
    const headerBytes = reader.read(12, headerLength);
    if ((zlib.crc32(headerBytes) >>> 0) !== tail.getUint32(0, true)) return { ok: false, reason: 'checksum mismatch (corrupt or truncated)' };
    const header = JSON.parse(new TextDecoder().decode(headerBytes)) as CacheHeader;
    if (header.fileBytes !== size) return { ok: false, reason: `truncated (${size} bytes of ${header.fileBytes})` };
    if (header.fingerprint !== expected.fingerprint) return { ok: false, reason: 'written by another analyzer version or glossary' };
    if (JSON.stringify(header.roots) !== JSON.stringify([...expected.roots])) return { ok: false, reason: 'written for other corpus folders' };
    const sections = header.sections;
    if (!sections) throw new Error('no sections');
    const checked = (name: keyof NonNullable<CacheHeader['sections']>): Uint8Array => {
      const [offset, length, crc] = sections[name];
      if (!(offset >= 12 + headerLength && offset + length <= size - 8)) throw new Error(`section ${name} runs past the end`);
      const { bytes, crc: got } = readWithCrc(reader, offset, length);
      if (got !== crc) throw new Error(`checksum mismatch in section ${name}`);
      return bytes;
    };
    const [restsAt, restsLength] = sections.rests;
    if (!(restsAt >= 12 + headerLength && restsAt + restsLength <= size - 8)) throw new Error('section rests runs past the end');
    const { table, skipped, records } = decodeDocSections(checked('docs'), checked('titles'), checked('sites'), reader, { at: restsAt, length: restsLength });
    const search = checked('search');
    const image: CacheImage = {
      header,
      get docs() {
        return table.records();
      },
      table,
      skipped,
      search: search.length > 0 ? search : undefined,
      records,
    };
    return { ok: true, bytes: size, image };
  } catch (e) {
    const message = (e as Error).message;
    return { ok: false, reason: /checksum/.test(message) ? `${message} (corrupt or truncated)` : `unreadable (${message})` };
  }
}

/** Bytes read per step of `readWithCrc` (one buffer, reused by every read). */
const READ_STEP = 1 << 18;
let readStep: Uint8Array | undefined;

/**
 * A section's bytes and their CRC-32. From a file, through one small buffer reused by every
 * read and checksummed while it is warm, then copied to the section's own memory: on this
 * project's VM, reading 12 MB of sections straight into fresh memory and then checksumming it
 * cost about 1.4 times as much (the first touch of freshly read pages is slow).
 */
export function readWithCrc(reader: ByteReader, offset: number, length: number): { bytes: Uint8Array; crc: number } {
  if (!reader.readInto || length <= READ_STEP) {
    const bytes = reader.read(offset, length);
    return { bytes, crc: zlib.crc32(bytes) >>> 0 };
  }
  const step = (readStep ??= new Uint8Array(READ_STEP));
  const bytes = new Uint8Array(length);
  let crc = 0;
  for (let at = 0; at < length; at += READ_STEP) {
    const part = step.subarray(0, Math.min(READ_STEP, length - at));
    reader.readInto(part, offset + at);
    crc = zlib.crc32(part, crc);
    bytes.set(part, at);
  }
  return { bytes, crc: crc >>> 0 };
}

function view(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

export async function readCacheFile(file: string, expected: { fingerprint: string; roots: readonly string[] }): Promise<CacheLoad> {
  let reader: ByteReader;
  try {
    reader = fileReader(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, missing: code === 'ENOENT', reason: code === 'ENOENT' ? 'no cache yet' : `cannot read (${(e as Error).message})` };
  }
  return decodeFrom(reader, expected);
}

/**
 * Writes atomically: a temporary file next to the target, then rename. Throws on failure (the
 * caller decides). `keepOpen`: returns a reader of the written file, opened before the rename
 * so that it reads these bytes even if another process replaces the file at once.
 */
export async function writeCacheFile(file: string, data: Uint8Array | Uint8Array[], keepOpen?: false): Promise<undefined>;
export async function writeCacheFile(file: string, data: Uint8Array | Uint8Array[], keepOpen: true): Promise<ByteReader>;
export async function writeCacheFile(file: string, data: Uint8Array | Uint8Array[], keepOpen = false): Promise<ByteReader | undefined> {
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
    const reader = keepOpen ? fileReader(tmp) : undefined;
    try {
      await fs.promises.rename(tmp, file);
    } catch (e) {
      reader?.close();
      throw e;
    }
    return reader;
  } catch (e) {
    await fs.promises.rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
}

/**
 * Removes temporary files that a crashed or killed write left in the cache folder (an
 * hour old at least, so a write in progress in another window is left alone).
 */
export function removeStaleTemporaries(cacheDir: string, olderThanMs = 3600_000): Promise<void> {
  return removeAged(cacheDir, (name) => (/^corpus-[0-9a-f]+\.plic\.\d+\.[0-9a-z]+\.tmp$/.test(name) ? olderThanMs : undefined));
}

/** True for the errors of a cache folder we cannot write at all (read-only mount, permissions, a file in the way). */
export function isReadOnlyError(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException)?.code;
  return code === 'EACCES' || code === 'EROFS' || code === 'EPERM' || code === 'ENOTDIR' || code === 'EEXIST';
}
