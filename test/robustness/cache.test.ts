/**
 * Faults of the persisted index (host/indexCache.ts, host/corpusService.ts): a cache file
 * cut short by a crash, another format version, garbage, a flipped bit, a valid checksum
 * over unusable content, a cache path that is a folder, an unwritable cache folder, and
 * two servers writing one cache at once. Each time: a clear log line, the index rebuilt
 * (or kept in memory), the same answers, and a good cache again afterwards.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DidChangeWatchedFilesNotification, FileChangeType, HoverRequest, MarkupContent } from 'vscode-languageserver-protocol/node';
import { decodeCache, encodeCache } from '../../server/src/host/indexCache';
import { canRunServerAs, cleanupTempDirs, positionOf, RobustServer, RobustStartOptions, startRobustServer, tempDir } from './helpers/server';

const BRIEF = 'Ủy ban Bộ đệm (UBBĐ) và VUFO.\n';

interface World {
  corpus: string;
  cacheDir: string;
}

function world(): World {
  const root = tempDir('plr-cachefault-');
  const corpus = path.join(root, 'corpus');
  fs.mkdirSync(corpus);
  fs.writeFileSync(path.join(corpus, 'a.txt'), 'Tài liệu bộ đệm\nỦy ban Bộ đệm (UBBĐ) họp phiên thứ nhất.\n');
  for (let i = 0; i < 20; i++) fs.writeFileSync(path.join(corpus, `n${i}.txt`), `Văn bản ${i}\nNội dung hợp tác quốc tế số ${i}.\n`);
  return { corpus, cacheDir: path.join(root, 'cache') };
}

async function start(w: World, extra: RobustStartOptions = {}): Promise<RobustServer> {
  return startRobustServer({ ...extra, watchedFilesClient: true, initializationOptions: { corpusPaths: [w.corpus], includeBundledCorpus: true, cacheDir: w.cacheDir } });
}

/** One session: ready, answers a hover from the corpus, waits for the cache write (unless told not to), stops. */
async function session(w: World, opts: { expectWrite?: boolean; extra?: RobustStartOptions } = {}): Promise<{ fromCache: boolean; documents: number; logs: string[] }> {
  const server = await start(w, opts.extra);
  try {
    const status = await server.ready();
    const uri = 'untitled:cache-brief.md';
    server.open(uri, BRIEF);
    const h = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: positionOf(BRIEF, 'UBBĐ') });
    assert.ok(h && (h.contents as MarkupContent).value.includes('Ủy ban Bộ đệm'), `hover: ${JSON.stringify(h)}`);
    if (opts.expectWrite !== false && !status.fromCache) await server.waitForLog(/Index cache written/, 15_000);
    assert.deepEqual(server.errors(), []);
    return { fromCache: status.fromCache, documents: status.documents, logs: [...server.logs] };
  } finally {
    await server.stop();
  }
}

function cacheFile(w: World): string {
  const files = fs.readdirSync(w.cacheDir).filter((f) => f.endsWith('.plic'));
  assert.equal(files.length, 1, `cache files: ${files}`);
  return path.join(w.cacheDir, files[0]);
}

/** Decodes a cache file with the fingerprint and roots it says it has (to rewrite it with a valid checksum). */
function readImage(file: string) {
  const bytes = fs.readFileSync(file);
  const headerLen = bytes.readUInt32LE(8);
  const header = JSON.parse(bytes.subarray(12, 12 + headerLen).toString('utf8'));
  const loaded = decodeCache(bytes, { fingerprint: header.fingerprint, roots: header.roots });
  assert.ok(loaded.ok, JSON.stringify(loaded));
  return loaded.image;
}

/** One way to damage a cache file, and the log line it must cause. */
interface Fault {
  name: string;
  damage: (file: string) => void | Promise<void>;
  log: RegExp;
}

/**
 * Faults over stdio. The plain ones (a flipped byte, empty, not a cache file, an older
 * format, a search image of another format) are covered in process by
 * test/unit/cacheWorkers.test.ts; here: the crash case end to end, and damage that passes
 * the checksum.
 */
const FAULTS: Fault[] = [
  { name: 'cut short by a crash (half of it)', damage: (f) => fs.truncateSync(f, Math.floor(fs.statSync(f).size / 2)), log: /Index cache .*(truncated|checksum).*rebuilding/ },
  {
    // The search index is its own file beside the .plic (host/searchFileStore.ts); more of its faults: test/robustness/searchFile.test.ts.
    name: 'its search file cut short by a crash',
    damage: (f) => {
      // The one the cache header names (an older one may wait for its sweep).
      const named = readImage(f).header.search;
      assert.ok(named, 'the cache names no search file');
      const file = path.join(path.dirname(f), named.file);
      fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2));
    },
    log: /Index cache .*truncated search file.*rebuilding/,
  },
  {
    name: 'document ids out of step under a valid checksum',
    damage: async (f) => {
      const image = readImage(f);
      const docs = image.docs.map((d, i) => ({ ...d, id: image.docs.length - i }));
      fs.writeFileSync(f, await encodeCache({ ...image, docs }));
    },
    log: /Index cache .*(unusable|unreadable).*rebuilding/,
  },
];

describe('cache faults', function () {
  afterEach(() => cleanupTempDirs());
  const outcomes: string[] = [];
  after(() => outcomes.forEach((o) => console.log(`      ${o}`)));

  it(`each damaged cache file (${FAULTS.map((f) => f.name).join('; ')}) is logged, rebuilt and written again`, async () => {
    const w = world();
    const first = await session(w);
    assert.equal(first.fromCache, false);
    for (const fault of FAULTS) {
      // The previous session rebuilt and wrote a good cache (each fault's log line below needs one).
      await fault.damage(cacheFile(w));
      const hurt = await session(w);
      assert.equal(hurt.fromCache, false, `${fault.name}: the damaged cache was used`);
      assert.equal(hurt.documents, first.documents, fault.name);
      const line = hurt.logs.find((l) => fault.log.test(l));
      assert.ok(line, `${fault.name}: no log line matches ${fault.log}:\n${hurt.logs.join('\n')}`);
      outcomes.push(`${fault.name}: ${line!.replace(/.*\.plic: /, '')}`);
    }
    const healed = await session(w);
    assert.equal(healed.fromCache, true, 'the cache was not written again after the last fault');
    assert.equal(healed.documents, first.documents);
  });

  it('a damaged analysis record (every section checksum right): the cache is used, the record is caught when read and its file indexed again', async () => {
    const w = world();
    await session(w);
    // Flip a byte inside a.txt's record (the documents table says where it is; records are checked when read).
    const file = cacheFile(w);
    const bytes = fs.readFileSync(file);
    const image = readImage(file);
    const row = image.table!.paths.findIndex((p) => p.endsWith(`${path.sep}a.txt`));
    assert.ok(row >= 0, 'a.txt is in the cache');
    bytes[image.records!.where(row).at + 1] ^= 0x20;
    fs.writeFileSync(file, bytes);

    const server = await start(w);
    try {
      const status = await server.ready();
      assert.equal(status.fromCache, true, 'a damaged record alone does not make the start rebuild');
      const uri = 'untitled:record.md';
      server.open(uri, BRIEF);
      const h = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: positionOf(BRIEF, 'UBBĐ') });
      assert.ok(h && (h.contents as MarkupContent).value.includes('Ủy ban Bộ đệm'), 'the definition comes from the sites section');
      // A new file makes the server write the cache, which reads every record.
      const added = path.join(w.corpus, 'moi.txt');
      fs.writeFileSync(added, 'Tài liệu mới\nNội dung bổ sung.\n');
      await server.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToFileURL(added).href, type: FileChangeType.Created }] });
      const line = await server.waitForLog(/stored analysis of .*a\.txt is unreadable \(record at \d+ fails its checksum\); indexing the file again/, 30_000);
      outcomes.push(`damaged record: ${line.replace(/.*stored analysis of \S+/, 'stored analysis of a.txt')}`);
      await server.waitForLog(/Index cache written/, 30_000);
      assert.deepEqual(server.errors(), []);
    } finally {
      await server.stop();
    }
    const healed = await session(w);
    assert.equal(healed.fromCache, true);
    assert.equal(healed.logs.filter((l) => /unreadable/.test(l)).length, 0, healed.logs.join('\n'));
  });

  it('a cache path that is a folder: read fails, write fails, the index stays in memory with a warning', async () => {
    const w = world();
    fs.mkdirSync(w.cacheDir, { recursive: true });
    const first = await session(w);
    fs.rmSync(w.cacheDir, { recursive: true });
    fs.mkdirSync(w.cacheDir, { recursive: true });
    // The exact file name the server uses, as a folder.
    const name = path.basename(first.logs.map((l) => /Index cache written: (\S+\.plic)/.exec(l)?.[1]).find(Boolean)!);
    fs.mkdirSync(path.join(w.cacheDir, name));
    const server = await start(w);
    try {
      const status = await server.ready();
      assert.equal(status.fromCache, false);
      const line = await server.waitForLog(/(Cannot write the index cache|not writable).*\.plic|\.plic.*(EISDIR|cannot read)/, 15_000);
      outcomes.push(`cache path is a folder: ${line.replace(/.*\/pl-cachefault-[^/]+\//, '')}`);
      assert.deepEqual(server.errors(), []);
    } finally {
      await server.stop();
    }
  });

  it('an unwritable cache folder keeps the index in memory with a warning, and still answers', async function () {
    const w = world();
    fs.mkdirSync(w.cacheDir, { recursive: true });
    let extra: RobustStartOptions = {};
    if (process.getuid?.() === 0) {
      // Root writes anywhere: run the server as nobody in a root-owned read-only folder.
      fs.chmodSync(w.cacheDir, 0o555);
      extra = { uid: 65534, gid: 65534 };
      if (!canRunServerAs({ uid: 65534, gid: 65534 })) this.skip(); // nobody cannot run the server here
    } else {
      fs.chmodSync(w.cacheDir, 0o555);
    }
    const server = await start(w, extra);
    try {
      const status = await server.ready();
      assert.equal(status.fromCache, false);
      const line = await server.waitForLog(/Cache folder .* is not writable \((EACCES|EPERM|EROFS)\); the index is kept in memory only/, 15_000);
      outcomes.push(`read-only cache folder: ${line.replace(/.*\/cache /, 'cache ')}`);
      const uri = 'untitled:ro.md';
      server.open(uri, BRIEF);
      const h = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: positionOf(BRIEF, 'UBBĐ') });
      assert.ok(h, 'no hover from the in-memory index');
      assert.deepEqual(server.errors(), []);
    } finally {
      await server.stop();
      fs.chmodSync(w.cacheDir, 0o755);
    }
  });

  it('a cache folder under a regular file (ENOTDIR) keeps the index in memory with a warning', async () => {
    const w = world();
    fs.writeFileSync(path.join(path.dirname(w.cacheDir), 'file'), 'x');
    const bad = { ...w, cacheDir: path.join(path.dirname(w.cacheDir), 'file', 'cache') };
    const server = await start(bad);
    try {
      const status = await server.ready();
      assert.equal(status.fromCache, false);
      const line = await server.waitForLog(/(Cannot write the index cache|not writable)/, 15_000);
      outcomes.push(`cache folder under a file: ${line.replace(/\/tmp\/\S+\//g, '…/')}`);
      assert.deepEqual(server.errors(), []);
    } finally {
      await server.stop();
    }
  });

  it('two servers writing the same cache at once leave a good cache', async () => {
    const w = world();
    const [a, b] = await Promise.all([session(w), session(w)]);
    assert.equal(a.documents, b.documents);
    const next = await session(w);
    assert.equal(next.fromCache, true, 'the cache written by two servers at once is not usable');
    assert.equal(next.documents, a.documents);
    assert.deepEqual(fs.readdirSync(w.cacheDir).filter((f) => f.endsWith('.tmp')), [], 'temporary files left behind');
    outcomes.push('two writers at once: the next start loads the cache; no temporary file left');
  });
});
