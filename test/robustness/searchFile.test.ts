/**
 * Faults of the search file (`corpus-<key>-<generation>.plsx` beside the `.plic`,
 * host/searchFileStore.ts) under a running server, over stdio: postings are read from it on
 * demand, so damage found by a query must fail that request with a clear message, log a
 * line, rebuild the index and answer as before, never crash and never answer wrongly; a file
 * deleted under the server goes on being read from the open descriptor, and the next start
 * finds it missing, logs it and rebuilds. (Faults found at open: test/unit/cache.test.ts.)
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SearchRequest, SearchResult } from '../../shared/protocol';
import { cleanupTempDirs, RobustServer, startRobustServer, tempDir } from './helpers/server';

interface World {
  corpus: string;
  cacheDir: string;
}

function world(): World {
  const root = tempDir('plr-searchfile-');
  const corpus = path.join(root, 'corpus');
  fs.mkdirSync(corpus);
  for (let i = 0; i < 30; i++) fs.writeFileSync(path.join(corpus, `n${i}.txt`), `Văn bản ${i}\nNgân hàng nhà nước và hợp tác quốc tế số ${i}, lãi suất ${i % 3 ? 'thấp' : 'cao'}.\n`);
  return { corpus, cacheDir: path.join(root, 'cache') };
}

async function start(w: World): Promise<RobustServer> {
  return startRobustServer({ initializationOptions: { corpusPaths: [w.corpus], includeBundledCorpus: false, cacheDir: w.cacheDir } });
}

function searchFile(w: World): string {
  const files = fs.readdirSync(w.cacheDir).filter((f) => f.endsWith('.plsx'));
  assert.equal(files.length, 1, `search files: ${files}`);
  return path.join(w.cacheDir, files[0]);
}

const QUERIES = ['ngân hàng', 'lai suat thap', '"hợp tác quốc tế"'];

async function answers(server: RobustServer): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const query of QUERIES) {
    const r: SearchResult = await server.connection.sendRequest(SearchRequest, { query, limit: 50 });
    out.push(r.results.map((h) => [path.basename(h.uri), h.range, h.snippet]).sort());
  }
  return out;
}

/** A cold session that writes the cache, then its answers. */
async function prepare(w: World): Promise<unknown[]> {
  const server = await start(w);
  try {
    await server.ready();
    await server.waitForLog(/Index cache written/, 15_000);
    return await answers(server);
  } finally {
    await server.stop();
  }
}

describe('search file faults under a running server', function () {
  afterEach(() => cleanupTempDirs());

  it('truncated while the server reads it: the search fails with a clear message, a log line, a rebuild, then the same answers', async () => {
    const w = world();
    const expected = await prepare(w);
    const server = await start(w);
    try {
      const status = await server.ready();
      assert.equal(status.fromCache, true);
      fs.truncateSync(searchFile(w), 40);
      await assert.rejects(server.connection.sendRequest(SearchRequest, { query: 'ngân hàng' }), /search index file is damaged \(.*\); the index is being rebuilt/);
      await server.waitForLog(/The search index file is damaged \(.*(ends before|short read|cannot read).*\); rebuilding the index/);
      await server.waitForLog(/Indexed 30 corpus files/);
      await server.waitForStatus((s) => s.state === 'ready' && !s.fromCache);
      assert.deepEqual(await answers(server), expected);
      // Only the failed request's own line: nothing else reached the top.
      assert.deepEqual(server.errors().filter((l) => !/search index file is damaged/.test(l)), []);
    } finally {
      await server.stop();
    }
  });

  it('deleted while the server reads it: the same answers from the open file; the next start logs it missing and rebuilds', async () => {
    const w = world();
    const expected = await prepare(w);
    const server = await start(w);
    try {
      assert.equal((await server.ready()).fromCache, true);
      fs.rmSync(searchFile(w));
      assert.deepEqual(await answers(server), expected);
      assert.deepEqual(server.errors(), []);
    } finally {
      await server.stop();
    }
    const next = await start(w);
    try {
      const status = await next.ready();
      assert.equal(status.fromCache, false);
      await next.waitForLog(/Index cache .*: search file corpus-[0-9a-f]+-[0-9a-f]{16}\.plsx is missing; rebuilding the index/);
      assert.deepEqual(await answers(next), expected);
      await next.waitForLog(/Index cache written/, 15_000);
      assert.deepEqual(next.errors(), []);
    } finally {
      await next.stop();
    }
  });
});
