/**
 * One cold build of a corpus in process, as the server runs it (index workers, search
 * shards, merge, adoption, cache write), with where the time went and the memory it took:
 *
 *   npx tsx bench/coldBuild.ts <corpus folder> [workers]
 *
 * Prints the service's log lines, `stats().lastBuild` (phases, event-loop delay), the
 * process's peak RSS (VmHWM, Linux) and its CPU time (all threads). Needs `npm run build`
 * (the workers run dist/indexWorker.js). SEGMENT_MB=n sets the index workers' segment size
 * (default host/indexPool.ts SEGMENT_BYTES). Issue 18's figures: test/fixtures/search/QUALITY.md.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CorpusService } from '../server/src/host/corpusService';

const corpus = process.argv[2];
if (!corpus) {
  console.error('usage: npx tsx bench/coldBuild.ts <corpus folder> [workers]');
  process.exit(2);
}
const t0 = performance.now();
const ms = () => Math.round(performance.now() - t0);
const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-cold-'));
const service = new CorpusService(
  { info: (m: string) => console.log(ms(), m), warn: (m: string) => console.log(ms(), 'warning:', m) },
  () => {},
  () => {},
  { workerScript: path.join(__dirname, '..', 'dist', 'indexWorker.js'), workers: process.argv[3] ? Number(process.argv[3]) : undefined, fingerprint: `bench-${Date.now()}`, shardSegmentBytes: process.env.SEGMENT_MB ? Number(process.env.SEGMENT_MB) * 2 ** 20 : undefined },
);
// The index processes are unref'd (a server may exit while they run): without a timer of its
// own, this script's event loop would empty while it waits for them, and it would exit silently.
const keepAlive = setInterval(() => undefined, 1000);
void (async () => {
  await service.configure({ roots: [corpus], glossaryPaths: [], cacheDir });
  const stats = service.stats();
  console.log(ms(), 'ready:', JSON.stringify(stats.lastBuild), `RSS ${stats.rssMB} MB`);
  await service.flush();
  await service.dispose();
  fs.rmSync(cacheDir, { recursive: true, force: true });
  const hwm = /VmHWM:\s+(\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1];
  const cpu = process.cpuUsage();
  console.log(`peak RSS (VmHWM) ${Math.round(Number(hwm) / 1024)} MB, CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s (all threads), load ${os.loadavg()[0].toFixed(1)}`);
  clearInterval(keepAlive);
  process.exit(0);
})();
