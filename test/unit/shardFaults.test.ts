/**
 * A sharded cold build (each index worker builds a search shard, merged on a worker) whose
 * workers fail: the build still ends with the index the main thread builds, and says why
 * in a warning. The faulty worker is the real one with a fault injected
 * (test/fixtures/workers/faultyWorker.ts).
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CorpusService } from '../../server/src/host/corpusService';
import { liveIndex } from '../helpers/liveIndex';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'vn-news');
const FAULTY = path.join(__dirname, '..', 'fixtures', 'workers', 'faultyWorker.ts');

async function build(workers: number, workerScript?: string, cacheDir?: string): Promise<{ service: CorpusService; warnings: string[] }> {
  const warnings: string[] = [];
  const service = new CorpusService({ info: () => {}, warn: (m) => warnings.push(m) }, () => {}, () => {}, { workers, workerScript, chunkSize: 16, searchWorkerMinFiles: 100, shardSegmentBytes: 4096 });
  await service.configure({ roots: [FIXTURES], glossaryPaths: [], cacheDir });
  return { service, warnings };
}

function image(s: CorpusService): Buffer {
  return Buffer.from(liveIndex(s).serialize());
}

describe('sharded build when workers fail', function () {
  this.timeout(120000);
  let reference: CorpusService;
  before(async () => {
    reference = (await build(0)).service;
  });
  after(async () => {
    await reference.dispose();
    delete process.env.POLICY_LENS_TEST_FAULT;
  });

  // Settings changed while a sharded build runs: the newer build replaces it, whole, and the
  // older one's workers end without a warning. At the first chunk, and at the last (the older
  // build is then merging its shards).
  for (const [when, at] of [['mid-way', (done: number) => done > 0], ['while it merges', (done: number, total: number) => done === total]] as const) {
    it(`a build superseded ${when}: the newer one is whole, no warning`, async () => {
      delete process.env.POLICY_LENS_TEST_FAULT;
      const warnings: string[] = [];
      let second: Promise<void> | undefined;
      const config = { roots: [FIXTURES], glossaryPaths: [] };
      const service: CorpusService = new CorpusService(
        { info: () => {}, warn: (m) => warnings.push(m) },
        () => {},
        (p) => {
          if (!second && at(p.done, p.total)) second = service.configure(config);
        },
        { workers: 2, chunkSize: 16, searchWorkerMinFiles: 100 },
      );
      try {
        await service.configure(config);
        assert.ok(second, 'the second build started during the first');
        await second;
        assert.deepEqual(warnings, []);
        assert.equal(service.status().state, 'ready');
        assert.deepEqual(image(service), image(reference));
      } finally {
        await service.dispose();
      }
    });
  }

  const cases: [string, string | undefined, string | undefined, RegExp][] = [
    // fault, worker script, expected warning
    ['a worker dies on its third chunk', 'die-on-chunk', FAULTY, /Index worker stopped.*indexed on the main thread/],
    ['the workers die when asked to merge', 'die-at-merge', FAULTY, /Search shards unusable \(an index worker stopped/],
    ['the worker script does not exist', undefined, path.join(__dirname, 'no-such-worker.js'), /Index worker stopped/],
  ];
  for (const [title, fault, script, warning] of cases) {
    it(`${title}: same index as the main thread's, with a warning`, async () => {
      if (fault) process.env.POLICY_LENS_TEST_FAULT = fault;
      else delete process.env.POLICY_LENS_TEST_FAULT;
      const { service, warnings } = await build(2, script);
      try {
        assert.ok(warnings.some((w) => warning.test(w)), warnings.join('\n'));
        assert.equal(service.status().documents, reference.status().documents);
        assert.deepEqual(image(service), image(reference));
        const q = 'ngân hàng nhà nước';
        assert.deepEqual(service.search.search(q, { limit: 10 }, service.readText), reference.search.search(q, { limit: 10 }, reference.readText));
      } finally {
        await service.dispose();
      }
    });
  }

  it('the merging process dies half-way through the search file: no file a later start trusts, the index whole, a warning', async () => {
    process.env.POLICY_LENS_TEST_FAULT = 'die-mid-write';
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-shard-faults-'));
    let warm: CorpusService | undefined;
    const { service, warnings } = await build(2, FAULTY, cacheDir);
    try {
      assert.ok(warnings.some((w) => /Search shards unusable \(an index worker stopped/.test(w)), warnings.join('\n'));
      assert.deepEqual(image(service), image(reference));
      await service.flush();
      // The half-written file stays a temporary (removed once an hour old); the one search
      // file is the one the server wrote with its cache.
      assert.ok(fs.readdirSync(cacheDir).some((n) => n.endsWith('.plsx.tmp') || /\.plsx\.\d+\.\w+\.tmp$/.test(n)), `the merging process died mid-write: ${fs.readdirSync(cacheDir).join(', ')}`);
      const plsx = fs.readdirSync(cacheDir).filter((n) => n.endsWith('.plsx'));
      assert.equal(plsx.length, 1, fs.readdirSync(cacheDir).join(', '));
      delete process.env.POLICY_LENS_TEST_FAULT;
      // The same worker script with its fault off: the same analyzer, so the cache is read (another script is another analyzer fingerprint).
      warm = (await build(2, FAULTY, cacheDir)).service;
      assert.equal(warm.status().fromCache, true);
      const q = 'ngân hàng nhà nước';
      assert.deepEqual(warm.search.search(q, { limit: 10 }, warm.readText), reference.search.search(q, { limit: 10 }, reference.readText));
    } finally {
      await Promise.all([service.dispose(), warm?.dispose()]);
      fs.rmSync(cacheDir, { recursive: true, force: true });
    }
  });
});
