/**
 * The discovery worker thread (dist/discoverWorker.js): walks the roots it is given, posts the
 * corpus files listed (discovery.ts `ListedFiles`, in shared memory) at once, stats them in
 * chunks together with the main thread, and ends. It carries only the walk (files.ts), so it
 * starts in a fraction of the index worker's time.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ListedFiles, WalkDone } from './discovery';
import { walkCorpusFolders } from './files';

if (parentPort) {
  const roots = workerData as string[];
  const walkWarnings: string[] = [];
  void walkCorpusFolders(roots, (m) => walkWarnings.push(m)).then(({ found, pending }) => {
    const list = ListedFiles.make(found.values(), pending);
    parentPort!.postMessage({ list: list.shared });
    const statWarnings: [number, string][] = [];
    while (list.statChunk((i, m) => statWarnings.push([i, m])));
    const done: WalkDone = { walkWarnings, statWarnings };
    parentPort!.postMessage({ done });
  });
}
