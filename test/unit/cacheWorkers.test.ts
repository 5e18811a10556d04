/**
 * Indexing on worker processes gives exactly what indexing on the main thread gives: the same
 * analyses, the same document ids, the same search results and search image (results are
 * merged in file order; each worker builds a search shard, the shards are merged on a
 * worker, which writes the merged index as the cache's search file when there is a cache).
 * Uses the fixture slice with small chunks so several workers take part.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CorpusService } from '../../server/src/host/corpusService';
import { indexFile } from '../../server/src/host/indexFile';
import { removeStaleSegmentDirs } from '../../server/src/host/indexPool';
import { liveIndex } from '../helpers/liveIndex';
import { Glossary, readGlossaryData } from '../../server/src/core/glossary';
import bundled from '../../server/data/glossary.json';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'vn-news');
const SEEDS = path.join(__dirname, '..', '..', 'seeds');

async function build(workers: number, cacheDir?: string, warnings: string[] = [], infos: string[] = []): Promise<CorpusService> {
  // Small segments: each worker writes its shard out many times, so the merge joins many segments.
  const s = new CorpusService({ info: (m) => infos.push(m), warn: (m) => warnings.push(m) }, () => {}, () => {}, { workers, chunkSize: 16, searchWorkerMinFiles: 100, cacheWriteDelayMs: 0, shardSegmentBytes: 64 << 10 });
  await s.configure({ roots: [FIXTURES, SEEDS], glossaryPaths: [], cacheDir });
  return s;
}

/** Waits for a condition (polled), failing after 30 s. */
async function until(condition: () => boolean, what: string): Promise<void> {
  const limit = Date.now() + 30_000;
  while (!condition()) {
    assert.ok(Date.now() < limit, `${what}: not reached in 30 s`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const QUERIES = ['ngân hàng nhà nước', 'giao thong', 'Nghị quyết 35', '"hợp tác"', 'FDI'];

describe('indexing on worker processes', function () {
  this.timeout(120000);

  it('gives the same documents, analyses and search results as the main thread', async () => {
    const inThread = await build(0);
    const infos: string[] = [];
    const threaded = await build(2, undefined, [], infos);
    try {
      const segments = Number(/(\d+) segments merged/.exec(infos.join('\n'))?.[1]);
      assert.ok(segments > 4, `the shards were written out as several segments each: ${infos.filter((l) => /Search index/.test(l)).join('\n')}`);
      assert.equal(inThread.stats().workers, 0);
      assert.equal(threaded.stats().workers, 2, 'two workers took part');
      assert.equal(threaded.stats().lastBuild.searchWorker, true, 'the search index was built on the workers');
      assert.equal(inThread.stats().lastBuild.searchWorker, false);
      assert.deepEqual(threaded.status().documents, inThread.status().documents);
      const { indexMs: _a, ...a } = inThread.status();
      const { indexMs: _b, ...b } = threaded.status();
      assert.deepEqual(b, a);
      const docs = [...inThread.corpus.documents()];
      assert.ok(docs.length > 400);
      for (const d of docs) {
        const other = threaded.corpus.get(d.uri);
        assert.ok(other, `missing ${d.uri}`);
        assert.equal(other!.id, d.id, `id of ${d.uri}`);
        assert.deepEqual(other!.analysis, d.analysis, `analysis of ${d.uri}`);
      }
      for (const query of QUERIES) {
        const x = inThread.search.search(query, { limit: 20 }, inThread.readText);
        const y = threaded.search.search(query, { limit: 20 }, threaded.readText);
        assert.deepEqual(y, x, query);
      }
      // The merged shards are the index the main thread builds, byte for byte.
      assert.deepEqual(Buffer.from(liveIndex(threaded).serialize()), Buffer.from(liveIndex(inThread).serialize()));
    } finally {
      await inThread.dispose();
      await threaded.dispose();
    }
  });

  it('with a cache: the merging worker writes the search file, the server reads it from disk and the cache names it as it is', async () => {
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-cache-workers-'));
    const warnings: string[] = [];
    const inThread = await build(0);
    const cold = await build(2, cacheDir, warnings);
    let warm: CorpusService | undefined;
    try {
      assert.equal(cold.stats().lastBuild.searchWorker, true);
      assert.equal(cold.stats().search?.fileBacked, true, 'postings are read from the search file from the start');
      assert.equal(cold.stats().search?.heapPostingMB, 0);
      for (const query of QUERIES) assert.deepEqual(cold.search.search(query, { limit: 20 }, cold.readText), inThread.search.search(query, { limit: 20 }, inThread.readText), query);
      await until(() => cold.stats().cache.state === 'written', 'the cache write');
      const searchFiles = fs.readdirSync(cacheDir).filter((n) => n.endsWith('.plsx'));
      assert.equal(searchFiles.length, 1, `one search file, the merged one, not written again: ${searchFiles.join(', ')}`);
      assert.deepEqual(fs.readdirSync(cacheDir).filter((n) => n.endsWith('.tmp')), [], 'no temporary file left behind');
      assert.deepEqual(warnings, []);

      warm = await build(2, cacheDir, warnings);
      assert.equal(warm.status().fromCache, true);
      // (A search file keeps its terms sorted, so its serialized image numbers them otherwise: the answers are what must agree.)
      for (const query of QUERIES) assert.deepEqual(warm.search.search(query, { limit: 20 }, warm.readText), inThread.search.search(query, { limit: 20 }, inThread.readText), query);
    } finally {
      await Promise.all([inThread.dispose(), cold.dispose(), warm?.dispose()]);
      fs.rmSync(cacheDir, { recursive: true, force: true });
    }
  });

  it('a cache folder the merging worker cannot write: the index comes back in memory, with a warning', async () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-cache-workers-'));
    // A file where the folder should be fails for root too (root ignores permission bits).
    fs.writeFileSync(path.join(base, 'blocked'), 'a file, not a folder');
    const warnings: string[] = [];
    const inThread = await build(0);
    const s = await build(2, path.join(base, 'blocked', 'cache'), warnings);
    try {
      assert.equal(s.status().state, 'ready');
      assert.equal(s.stats().lastBuild.searchWorker, true, 'the shards were still merged on a worker');
      assert.equal(s.stats().search?.fileBacked, false);
      assert.ok(warnings.some((w) => /Cannot write the search file \(.*\); the search index is kept in memory/.test(w)), warnings.join('\n'));
      for (const query of QUERIES) assert.deepEqual(s.search.search(query, { limit: 20 }, s.readText), inThread.search.search(query, { limit: 20 }, inThread.readText), query);
    } finally {
      await Promise.all([inThread.dispose(), s.dispose()]);
      fs.rmSync(base, { recursive: true, force: true });
    }
  });

  it('segment folders left by a server killed mid-build are removed once a day old, newer ones kept', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-segment-sweep-'));
    try {
      const table: [string, number, boolean][] = [
        // folder, age in hours, kept?
        ['policy-lens-shards-old', 25, false],
        ['policy-lens-shards-new', 1, true],
        ['other-old', 48, true],
      ];
      for (const [name, hours] of table) {
        const dir = path.join(tmp, name);
        fs.mkdirSync(dir);
        fs.writeFileSync(path.join(dir, 'segment-1-0.parts'), 'x');
        const when = new Date(Date.now() - hours * 3600_000);
        fs.utimesSync(dir, when, when);
      }
      await removeStaleSegmentDirs(tmp, 24 * 3600_000);
      for (const [name, , kept] of table) assert.equal(fs.existsSync(path.join(tmp, name)), kept, name);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('indexFile (the function the workers run) is deterministic apart from the read time', () => {
    const glossary = new Glossary(readGlossaryData(bundled, 'bundled').entries);
    const file = path.join(SEEDS, '004_a7945d2b60266b08.txt');
    const info = { path: file, size: 0, mtimeMs: 0 };
    const a = indexFile(info, glossary.expansions);
    const b = indexFile(info, glossary.expansions);
    assert.ok(!('skip' in a));
    assert.deepEqual({ ...a, readMs: 0 }, { ...b, readMs: 0 });
  });
});
