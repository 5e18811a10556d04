/**
 * Node file watcher for corpus folders the LSP client does not watch (folders outside the
 * workspace, or a client without dynamic didChangeWatchedFiles registration).
 *
 * chokidar rather than `fs.watch(dir, { recursive: true })`: on Linux, Node 20's recursive
 * watch is emulated in JavaScript with one inotify watch per file *and* folder, set up
 * with a synchronous readdir + stat of the whole tree on the main thread (35,000 watches
 * and a long event-loop stall for the vn-news corpus), and it has had missed-event bugs for
 * folders created after start. chokidar watches each folder once, scans asynchronously,
 * and reports files of renamed/moved folders and editors' atomic saves (write temp, rename)
 * as ordinary add/change/unlink events. The service re-stats every reported path anyway,
 * so an event is only a hint to look at that path again.
 */
import { watch as chokidarWatch, FSWatcher } from 'chokidar';
import * as path from 'node:path';
import { isCorpusFileName } from './files';

export interface FolderWatcher {
  /** Resolves when the initial scan is done (events before it may be missed). */
  ready: Promise<void>;
  close(): Promise<void>;
}

const SKIPPED = new Set(['node_modules', '.git', '.hg', '.svn']);

export function watchFolders(roots: readonly string[], onPath: (p: string) => void, warn: (m: string) => void): FolderWatcher {
  const watcher: FSWatcher = chokidarWatch([...roots], {
    ignoreInitial: true,
    persistent: true,
    followSymlinks: true,
    ignored: (p: string, stats?: { isFile(): boolean; isDirectory(): boolean }) => {
      const base = path.basename(p);
      if (SKIPPED.has(base) || (base.startsWith('.') && !roots.includes(p))) return true;
      return !!stats?.isFile() && !isCorpusFileName(p);
    },
  });
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  for (const event of ['add', 'change', 'unlink', 'unlinkDir', 'addDir'] as const) {
    watcher.on(event, (p: string) => {
      // A new folder's files come as their own 'add' events; the folder itself matters only when removed.
      if (event === 'addDir') return;
      onPath(p);
    });
  }
  watcher.on('error', (e: unknown) => warn(`File watcher: ${(e as Error)?.message ?? String(e)}`));
  return {
    ready,
    close: () => watcher.close(),
  };
}
