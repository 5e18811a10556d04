/**
 * The discovery worker thread (dist/discoverWorker.js): finds the corpus files under the
 * roots it is given, posts them as columns (discovery.ts `packFiles`, the arrays transferred)
 * and ends. It carries only the walk (files.ts), so it starts in a fraction of the index
 * worker's time.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { packFiles } from './discovery';
import { discoverCorpusFiles } from './files';

if (parentPort) {
  const roots = workerData as string[];
  const warnings: string[] = [];
  void discoverCorpusFiles(roots, (m) => warnings.push(m), Infinity).then((files) => {
    const packed = packFiles(files, warnings);
    parentPort!.postMessage(packed, [packed.sizes.buffer as ArrayBuffer, packed.mtimes.buffer as ArrayBuffer]);
  });
}
