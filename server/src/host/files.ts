/**
 * Node file-system access for the corpus: finding corpus files under the configured folders
 * and decoding them. Every problem becomes a warning string for the log; nothing throws out
 * of here for a bad file.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';

export const CORPUS_EXTENSIONS = new Set(['.txt', '.md']);
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
 */
export async function discoverCorpusFiles(roots: readonly string[], warn: Warn): Promise<CorpusFileInfo[]> {
  const found = new Map<string, CorpusFileInfo>();
  for (const root of roots) {
    let realRoot: string;
    try {
      realRoot = await fs.realpath(root);
    } catch {
      warn(`Corpus folder not found: ${root}`);
      continue;
    }
    const visited = new Set<string>();
    await walk(realRoot, realRoot, visited, found, warn);
  }
  return [...found.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

async function walk(dir: string, root: string, visited: Set<string>, found: Map<string, CorpusFileInfo>, warn: Warn): Promise<void> {
  let real: string;
  try {
    real = await fs.realpath(dir);
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
  let entries: import('node:fs').Dirent[];
  try {
    entries = await fs.readdir(real, { withFileTypes: true });
  } catch (e) {
    warn(`Cannot read folder ${dir}: ${(e as Error).message}`);
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const entry of entries) {
    const full = path.join(real, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith('.')) await walk(full, root, visited, found, warn);
      continue;
    }
    if (entry.isSymbolicLink()) {
      await followLink(full, root, visited, found, warn);
      continue;
    }
    if (entry.isFile() && CORPUS_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) await addFile(full, found, warn);
  }
}

async function followLink(link: string, root: string, visited: Set<string>, found: Map<string, CorpusFileInfo>, warn: Warn): Promise<void> {
  let target: string;
  try {
    target = await fs.realpath(link);
  } catch {
    warn(`Broken link skipped: ${link}`);
    return;
  }
  if (!isInside(target, root)) {
    warn(`Not following ${link}: it leads outside the corpus folder ${root}`);
    return;
  }
  const st = await fs.stat(target).catch(() => undefined);
  if (st?.isDirectory()) await walk(target, root, visited, found, warn);
  else if (st?.isFile() && CORPUS_EXTENSIONS.has(path.extname(target).toLowerCase())) await addFile(target, found, warn);
}

async function addFile(file: string, found: Map<string, CorpusFileInfo>, warn: Warn): Promise<void> {
  if (found.has(file)) return;
  try {
    const st = await fs.stat(file);
    found.set(file, { path: file, size: st.size, mtimeMs: st.mtimeMs });
  } catch (e) {
    warn(`Cannot read ${file}: ${(e as Error).message}`);
  }
}

function isInside(p: string, root: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
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
