/**
 * Node file watcher for corpus folders the LSP client does not watch (folders outside the
 * workspace, or a client without dynamic didChangeWatchedFiles registration). A reported
 * path is only a hint: the corpus service stats it again and updates that file (or the
 * files under that folder).
 *
 * Built on fs.watch: recursive where the OS does it natively (macOS FSEvents, Windows
 * ReadDirectoryChangesW); on Linux one non-recursive fs.watch (inotify) per folder. Not
 * Node 20's `recursive: true` on Linux, which is emulated in JavaScript with one watch per
 * file and folder set up by a synchronous stat of the whole tree; and not chokidar, which
 * was tried first: its initial scan stats every file, and on the 35,000-file corpus those
 * stat callbacks held the main thread for 200-300 ms at a time while the corpus was
 * indexing (hovers on open briefs waited). Watching folders needs no per-file work at all.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface FolderWatcher {
  /** Resolves when every folder is watched (changes before that may be missed). */
  ready: Promise<void>;
  close(): Promise<void>;
}

const SKIPPED = new Set(['node_modules', '.git', '.hg', '.svn']);

function skippedName(name: string): boolean {
  return SKIPPED.has(name) || name.startsWith('.');
}

export function watchFolders(roots: readonly string[], onPath: (p: string) => void, warn: (m: string) => void): FolderWatcher {
  if (process.platform === 'darwin' || process.platform === 'win32') return nativeRecursive(roots, onPath, warn);
  return new FolderTreeWatcher(roots, onPath, warn);
}

function nativeRecursive(roots: readonly string[], onPath: (p: string) => void, warn: (m: string) => void): FolderWatcher {
  const watchers: fs.FSWatcher[] = [];
  for (const root of roots) {
    try {
      const w = fs.watch(root, { recursive: true, persistent: false }, (_event, name) => onPath(name ? path.join(root, String(name)) : root));
      w.on('error', (e) => warn(`File watcher on ${root}: ${e.message}`));
      watchers.push(w);
    } catch (e) {
      warn(`Cannot watch ${root}: ${(e as Error).message}`);
    }
  }
  return { ready: Promise.resolve(), close: async () => watchers.forEach((w) => w.close()) };
}

/** One fs.watch per folder of the tree; folders created later are added, removed ones dropped. */
class FolderTreeWatcher implements FolderWatcher {
  readonly ready: Promise<void>;
  private readonly watchers = new Map<string, fs.FSWatcher>();
  private closed = false;

  constructor(
    roots: readonly string[],
    private readonly onPath: (p: string) => void,
    private readonly warn: (m: string) => void,
  ) {
    this.ready = (async () => {
      for (const root of roots) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        await this.addTree(root, root);
      }
    })();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
  }

  /**
   * Watches `dir` at once, then its subfolders. The folder is listed by an asynchronous
   * readdir (the thread pool), not on the main thread: a warm start's main thread spent
   * 50-60 ms listing the 35,000-file corpus folder for its few subfolders.
   */
  private async addTree(dir: string, root: string): Promise<void> {
    if (this.closed || this.watchers.has(dir)) return;
    let watcher: fs.FSWatcher;
    try {
      watcher = fs.watch(dir, { persistent: false }, (_event, name) => this.onEvent(dir, root, name ? String(name) : undefined));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') this.warn(`Cannot watch ${dir}: ${(e as Error).message}${code === 'ENOSPC' ? ' (raise fs.inotify.max_user_watches)' : ''}`);
      return;
    }
    watcher.on('error', () => this.dropTree(dir));
    this.watchers.set(dir, watcher);
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (this.closed) return;
      // Files are most entries (35,000 in one folder): only folders and links need their full path.
      if (!e.isDirectory() && !e.isSymbolicLink()) continue;
      if (skippedName(e.name)) continue;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) await this.addTree(full, root);
      else await this.addLinkedFolder(full, root);
    }
  }

  /** A link to a folder inside the root is followed (as discovery does); one leading out is not. */
  private async addLinkedFolder(link: string, root: string): Promise<void> {
    let target: string;
    try {
      target = fs.realpathSync(link);
      const rel = path.relative(root, target);
      if (rel.startsWith('..') || path.isAbsolute(rel)) return;
      if (!fs.statSync(target).isDirectory()) return;
    } catch {
      return; // broken link
    }
    await this.addTree(target, root);
  }

  private onEvent(dir: string, root: string, name: string | undefined): void {
    if (this.closed) return;
    if (!name) {
      this.onPath(dir);
      return;
    }
    const full = path.join(dir, name);
    if (!skippedName(name)) {
      const st = fs.statSync(full, { throwIfNoEntry: false });
      if (st?.isDirectory()) void this.addTree(full, root);
      else if (!st && this.watchers.has(full)) this.dropTree(full);
    }
    this.onPath(full);
  }

  private dropTree(dir: string): void {
    const prefix = dir + path.sep;
    for (const [d, w] of this.watchers) {
      if (d === dir || d.startsWith(prefix)) {
        w.close();
        this.watchers.delete(d);
      }
    }
  }
}
