/**
 * Node file-system access for the corpus: finding corpus files under the configured folders
 * and decoding them. Every problem becomes a warning string for the log; nothing throws out
 * of here for a bad file.
 */
import * as fsSync from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { detectLegacyVietnamese, legacyWarning } from '../core/legacyEncoding';
import { CONVERTED_EXTENSIONS } from './formats';

/** Text files, and the Word, PDF and HTML sources that are converted (host/formats). */
export const CORPUS_EXTENSIONS = new Set(['.txt', '.md', ...Object.keys(CONVERTED_EXTENSIONS)]);
/** Larger files are skipped with a warning: a corpus page is kilobytes, 20 MB is a dump. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);

export interface CorpusFileInfo {
  path: string;
  size: number;
  mtimeMs: number;
}

export interface Warn {
  (message: string): void;
}

/**
 * Every .txt/.md file under the roots, recursively, in a stable order. Symbolic links are
 * followed only when they stay inside the root they were found in, and each real
 * directory is visited once, so loops and links out of the corpus are not followed.
 *
 * Synchronous file-system calls in slices of about `sliceMs` with a yield to the event loop
 * between slices (Infinity in a worker): a 35,000-file corpus is found in a few hundred milliseconds (one awaited
 * stat per file took seconds) while requests on open briefs keep being answered.
 */
export async function discoverCorpusFiles(roots: readonly string[], warn: Warn, sliceMs = 8): Promise<CorpusFileInfo[]> {
  const clock = new SliceClock(sliceMs);
  const { found, pending } = await walkCorpusFolders(roots, warn, clock);
  // In path order, as the discovery thread's list (its warnings come in the same order).
  pending.sort();
  // Stat the files in slices (a flat folder may hold tens of thousands).
  for (let i = 0; i < pending.length; i++) {
    if ((i & 63) === 0) await clock.maybeYield();
    const info = statListed(pending[i]);
    if (typeof info === 'string') warn(info);
    else found.set(info.path, info);
  }
  return sortedFiles(found.values());
}

/** The files found, in path order (JavaScript string order). */
export function sortedFiles(files: Iterable<CorpusFileInfo>): CorpusFileInfo[] {
  return [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** A listed corpus file's size and time, or the warning when it cannot be read. */
export function statListed(full: string): CorpusFileInfo | string {
  try {
    const st = fsSync.statSync(full);
    return { path: full, size: st.size, mtimeMs: st.mtimeMs };
  } catch (e) {
    return `Cannot read ${full}: ${(e as Error).message}`;
  }
}

/**
 * The walk of `discoverCorpusFiles` without the stats of listed files: `found` holds what the
 * walk itself stat'ed (a single-file root, the targets of links), `pending` the other corpus
 * files listed (each once), to be stat'ed by the caller (`statListed`).
 */
export async function walkCorpusFolders(roots: readonly string[], warn: Warn, clock = new SliceClock(Infinity)): Promise<{ found: Map<string, CorpusFileInfo>; pending: string[] }> {
  const found = new Map<string, CorpusFileInfo>();
  const listed = new Set<string>();
  for (const root of roots) {
    let realRoot: string;
    try {
      realRoot = fsSync.realpathSync(root);
    } catch {
      warn(`Corpus folder not found: ${root}`);
      continue;
    }
    const st = fsSync.statSync(realRoot, { throwIfNoEntry: false });
    if (st?.isFile()) {
      // A single file given as corpus "folder": index it.
      if (CORPUS_EXTENSIONS.has(path.extname(realRoot).toLowerCase()) && !listed.has(realRoot)) found.set(realRoot, { path: realRoot, size: st.size, mtimeMs: st.mtimeMs });
      continue;
    }
    const visited = new Set<string>();
    const dirs = [realRoot];
    while (dirs.length > 0) {
      await clock.maybeYield();
      walkOne(dirs.pop()!, realRoot, visited, found, dirs, listed, warn);
    }
  }
  const pending: string[] = [];
  for (const p of listed) if (!found.has(p)) pending.push(p);
  return { found, pending };
}

/** Lists one directory: its corpus files go to `listed` (stat'ed by the caller), subfolders to `dirs`. */
function walkOne(dir: string, root: string, visited: Set<string>, found: Map<string, CorpusFileInfo>, dirs: string[], listed: Set<string>, warn: Warn): void {
  let real: string;
  try {
    real = fsSync.realpathSync(dir);
  } catch (e) {
    warn(`Cannot resolve ${dir}: ${(e as Error).message}`);
    return;
  }
  if (visited.has(real)) return;
  visited.add(real);
  if (!isInside(real, root)) {
    warn(`Not following ${dir}: it leads outside the corpus folder ${root}`);
    return;
  }
  let entries: fsSync.Dirent[];
  try {
    entries = fsSync.readdirSync(real, { withFileTypes: true });
  } catch (e) {
    warn(`Cannot read folder ${dir}: ${(e as Error).message}`);
    return;
  }
  const sub: string[] = [];
  // `real` is a real path (absolute, normalized) and a name has no separator: a path is the two
  // joined, with no path.join (which normalizes) per entry of a 35,000-file folder.
  const prefix = real.endsWith(path.sep) ? real : real + path.sep;
  for (const entry of entries) {
    if (entry.isFile()) {
      if (!CORPUS_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) continue;
      listed.add(prefix + entry.name);
      continue;
    }
    const full = prefix + entry.name;
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith('.')) sub.push(full);
      continue;
    }
    if (entry.isSymbolicLink()) {
      let target: string;
      try {
        target = fsSync.realpathSync(full);
      } catch {
        warn(`Broken link skipped: ${full}`);
        continue;
      }
      if (!isInside(target, root)) {
        warn(`Not following ${full}: it leads outside the corpus folder ${root}`);
        continue;
      }
      const st = fsSync.statSync(target, { throwIfNoEntry: false });
      if (st?.isDirectory()) sub.push(target);
      else if (st?.isFile() && CORPUS_EXTENSIONS.has(path.extname(target).toLowerCase()) && !found.has(target) && !listed.has(target)) {
        found.set(target, { path: target, size: st.size, mtimeMs: st.mtimeMs });
      }
    }
  }
  // Walk subfolders in name order (the stack pops the last one first).
  sub.sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
  dirs.push(...sub);
}

/** Size and time of one corpus file, or undefined when it is gone or not a corpus file. */
export function statCorpusFile(file: string): CorpusFileInfo | undefined {
  if (!isCorpusFileName(file)) return undefined;
  const st = fsSync.statSync(file, { throwIfNoEntry: false });
  if (!st?.isFile()) return undefined;
  return { path: file, size: st.size, mtimeMs: st.mtimeMs };
}

export function isCorpusFileName(file: string): boolean {
  return CORPUS_EXTENSIONS.has(path.extname(file).toLowerCase());
}

export function isInside(p: string, root: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Cooperative time slicing for synchronous loops on the main thread: `maybeYield` gives
 * the event loop a turn when the current slice has run for `sliceMs`.
 */
export class SliceClock {
  private started = performance.now();
  constructor(private readonly sliceMs = 8) {}

  /** True when the slice is used up (checked every call; cheap). */
  due(): boolean {
    return performance.now() - this.started >= this.sliceMs;
  }

  async maybeYield(): Promise<void> {
    if (!this.due()) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.started = performance.now();
  }
}

export type Decoded = { text: string; warning?: string } | { skip: string };

/**
 * Bytes to text: UTF-8 (BOM or not), UTF-16 LE/BE with BOM. Binary files (NUL bytes without
 * a UTF-16 BOM) are skipped; invalid UTF-8 is decoded with replacement characters and a
 * warning, so one bad byte does not hide a whole document.
 */
export function decodeCorpusBytes(bytes: Uint8Array, name: string): Decoded {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)) };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)) };
  const start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const body = bytes.subarray(start);
  if (body.subarray(0, 8192).includes(0)) return { skip: `${name} looks like a binary file (it contains NUL bytes); skipped` };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body) };
  } catch {
    // Not UTF-8: Vietnamese in a legacy 8-bit encoding (TCVN3, VNI) is converted, with a warning.
    const legacy = detectLegacyVietnamese(body);
    if (legacy) return { text: legacy.text, warning: legacyWarning(name, legacy) };
    return {
      text: new TextDecoder('utf-8').decode(body),
      warning: `${name} is not valid UTF-8; undecodable bytes were replaced (convert the file to UTF-8)`,
    };
  }
}

export async function readCorpusFile(info: CorpusFileInfo): Promise<Decoded> {
  if (info.size > MAX_FILE_BYTES) return { skip: `${info.path} is ${(info.size / 1048576).toFixed(1)} MB, over the ${MAX_FILE_BYTES / 1048576} MB limit; skipped` };
  try {
    return decodeCorpusBytes(await fs.readFile(info.path), info.path);
  } catch (e) {
    return { skip: `Cannot read ${info.path}: ${(e as Error).message}` };
  }
}

/**
 * Removes the entries of `dir` that `maxAgeOf` names (it returns how old, in ms, an entry
 * must be to go; undefined leaves it alone) and that were not modified for that long:
 * leftovers of a killed write or build. Folders go with their contents. Errors (an entry
 * gone meanwhile, one not ours to remove) leave the entry.
 */
export async function removeAged(dir: string, maxAgeOf: (name: string) => number | undefined): Promise<void> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return;
  }
  const now = Date.now();
  for (const name of names) {
    const maxAge = maxAgeOf(name);
    if (maxAge === undefined) continue;
    const entry = path.join(dir, name);
    const st = await fs.stat(entry).catch(() => undefined);
    if (st && now - st.mtimeMs >= maxAge) await fs.rm(entry, { recursive: true, force: true }).catch(() => undefined);
  }
}
