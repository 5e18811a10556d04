/**
 * Indexing on worker threads gives exactly what indexing on the main thread gives: the same
 * analyses, the same document ids, the same search results and search image (results are
 * merged in file order; each worker builds a search shard, the shards are merged on a
 * worker). Uses the fixture slice with small chunks so several workers take part.
 */
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { CorpusService } from '../../server/src/host/corpusService';
import { indexFile } from '../../server/src/host/indexFile';
import { liveIndex } from '../helpers/liveIndex';
import { Glossary, readGlossaryData } from '../../server/src/core/glossary';
import bundled from '../../server/data/glossary.json';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'vn-news');
const SEEDS = path.join(__dirname, '..', '..', 'seeds');

async function build(workers: number): Promise<CorpusService> {
  const warnings: string[] = [];
  const s = new CorpusService({ info: () => {}, warn: (m) => warnings.push(m) }, () => {}, () => {}, { workers, chunkSize: 16, searchWorkerMinFiles: 100 });
  await s.configure({ roots: [FIXTURES, SEEDS], glossaryPaths: [] });
  return s;
}

describe('indexing on worker threads', function () {
  this.timeout(120000);

  it('gives the same documents, analyses and search results as the main thread', async () => {
    const inThread = await build(0);
    const threaded = await build(2);
    try {
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
      for (const query of ['ngân hàng nhà nước', 'giao thong', 'Nghị quyết 35', '"hợp tác"']) {
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
