/**
 * The search file of a cache (`corpus-<key>-<generation>.plsx`, beside the `.plic`; format
 * in core/search/searchFile.ts): written atomically (temporary file, fsync, rename) from a
 * live index in pieces with pauses between them, and opened with positional reads so the
 * postings stay on disk. Each write has a new generation in its name and in its trailer;
 * the `.plic` header names the file and generation it goes with, so a cache whose search
 * file is missing, replaced or of another generation is rebuilt, never mixed.
 *
 * A file deleted or replaced under a running server does not change what it reads: the
 * open descriptor keeps the old file (POSIX). A file truncated or damaged under it fails
 * the read that meets it (per-term checksum): the service logs it and rebuilds.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { EmbeddedSearchIndex, Generation, PostingSource, SearchBackend, SearchFileError } from '../core/search';
import { removeAged } from './files';

/** The search file of cache file `cacheFile` and generation `gen` (same folder, same key). */
export function searchFileFor(cacheFile: string, gen: string): string {
  return cacheFile.replace(/\.plic$/, '') + `-${gen}.plsx`;
}

export function newGeneration(): Generation {
  const b = randomBytes(8);
  return [b.readUInt32LE(0), b.readUInt32LE(4)];
}

/** Node's CRC-32 (native), the same function as the core's crc32. */
export const nativeChecksum = zlib.crc32;

export function generationText(g: Generation): string {
  return g.map((x) => (x >>> 0).toString(16).padStart(8, '0')).join('');
}

/** Closes a file's descriptor once its index is gone (a replaced index may still answer a moment). */
const closer = new FinalizationRegistry<number>((fd) => {
  try {
    fs.closeSync(fd);
  } catch {
    // already closed
  }
});

/** Positional reads of one open file. */
export class FileSource implements PostingSource {
  constructor(
    readonly fd: number,
    readonly size: number,
  ) {}

  read(offset: number, length: number): Uint8Array {
    const buf = Buffer.allocUnsafeSlow(length);
    let n = 0;
    while (n < length) {
      const got = fs.readSync(this.fd, buf, n, length - n, offset + n);
      if (got === 0) throw new Error(`the file ends before byte ${offset + length} (read ${offset + n})`);
      n += got;
    }
    return buf;
  }
}

/**
 * Opens a search file and checks that it is the generation the cache header names. Throws
 * with the reason (missing, damaged, another generation); the caller rebuilds.
 */
export function openSearchFileAt(file: string, expected: string, cacheBytes?: number): EmbeddedSearchIndex {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new SearchFileError(code === 'ENOENT' ? `search file ${path.basename(file)} is missing` : `cannot open search file ${path.basename(file)} (${(e as Error).message})`);
  }
  try {
    const source = new FileSource(fd, fs.fstatSync(fd).size);
    const { index, generation } = EmbeddedSearchIndex.open(source, { cacheBytes, checksum: nativeChecksum });
    if (generationText(generation) !== expected) throw new SearchFileError(`search file ${path.basename(file)} is of generation ${generationText(generation)}, the cache names ${expected}`);
    closer.register(index, fd);
    return index;
  } catch (e) {
    fs.closeSync(fd);
    throw e;
  }
}

/**
 * Writes `index` as a search file of generation `gen` (temporary file, fsync, rename);
 * `pieces` are its pieces already started (so their snapshot is the caller's moment).
 * Returns the bytes written. Throws on failure, leaving no temporary file.
 */
export async function writeSearchFile(file: string, pieces: Iterator<Uint8Array>, pause: () => Promise<void>): Promise<number> {
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.tmp`;
  let bytes = 0;
  try {
    const handle = await fs.promises.open(tmp, 'w');
    try {
      for (let r = pieces.next(); !r.done; r = pieces.next()) {
        let off = 0;
        while (off < r.value.length) off += (await handle.write(r.value, off)).bytesWritten;
        bytes += r.value.length;
        await pause();
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.promises.rename(tmp, file);
    return bytes;
  } catch (e) {
    await fs.promises.rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
}

/**
 * Removes this cache's search files other than `keep` that are at least `minAgeMs` old
 * (another window may have just written one for a cache header it is about to write), and
 * temporaries of them an hour old.
 */
export function removeOtherSearchFiles(cacheFile: string, keep: string | undefined, minAgeMs: number): Promise<void> {
  const stem = path.basename(cacheFile).replace(/\.plic$/, '');
  const kept = keep === undefined ? undefined : path.basename(keep);
  return removeAged(path.dirname(cacheFile), (name) => {
    if (!name.startsWith(`${stem}-`) || name === kept) return undefined;
    const rest = name.slice(stem.length + 1);
    if (/^[0-9a-f]{16}\.plsx$/.test(rest)) return minAgeMs;
    return /^[0-9a-f]{16}\.plsx\.\d+\.[0-9a-z]+\.tmp$/.test(rest) ? 3600_000 : undefined;
  });
}

const guarded = new WeakMap<SearchBackend, SearchBackend>();

/**
 * The index as the features see it: a SearchFileError from a search (a damaged or
 * truncated search file, a read error) calls `onDamage` with the reason (the service logs
 * it and rebuilds) and fails that request with a clear message instead of a wrong answer.
 */
export function guardSearch(index: SearchBackend, onDamage: (reason: string) => void): SearchBackend {
  let g = guarded.get(index);
  if (!g) {
    g = {
      add: (doc) => index.add(doc),
      remove: (id) => index.remove(id),
      get documentCount() {
        return index.documentCount;
      },
      search(query, opts, readText) {
        try {
          return index.search(query, opts, readText);
        } catch (e) {
          if (!(e instanceof SearchFileError)) throw e;
          onDamage(e.message);
          throw new Error(`The search index file is damaged (${e.message}); the index is being rebuilt, search again in a moment`);
        }
      },
    };
    guarded.set(index, g);
  }
  return g;
}
