/**
 * The persisted index (host/indexCache.ts through CorpusService): round trip, warm start
 * re-indexing only stale files, and every bad cache rebuilt with a log line; a cache dir
 * that cannot be written leaves the index in memory with a warning.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CorpusService, CorpusServiceOptions } from '../../server/src/host/corpusService';
import { cacheFileFor, CACHE_FORMAT_VERSION, CacheHeader, decodeCache, removeStaleTemporaries } from '../../server/src/host/indexCache';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'vn-news');
const QUERIES = ['ngân hàng', 'giao thong', 'Hà Nội', '"phát triển"'];

interface Run {
  service: CorpusService;
  logs: string[];
}

function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A small corpus: twelve fixture pages and one page with an acronym definition. */
function makeCorpus(): string {
  const dir = tempDir('pl-cache-corpus-');
  const names = fs.readdirSync(FIXTURES).filter((n) => n.endsWith('.txt')).sort().slice(0, 12);
  for (const n of names) fs.copyFileSync(path.join(FIXTURES, n), path.join(dir, n));
  fs.writeFileSync(path.join(dir, 'who.txt'), 'Y tế toàn cầu\nTổ chức Y tế Thế giới (WHO) khuyến cáo tiêm chủng đầy đủ.\n');
  return dir;
}

async function run(corpus: string, cacheDir: string, options: CorpusServiceOptions = {}): Promise<Run> {
  const logs: string[] = [];
  const service = new CorpusService({ info: (m) => logs.push(`info ${m}`), warn: (m) => logs.push(`warn ${m}`) }, () => {}, () => {}, { workers: 0, ...options });
  await service.configure({ roots: [corpus], glossaryPaths: [], cacheDir });
  await service.flush();
  return { service, logs };
}

/** Search results as plain data that does not depend on document ids. */
function searchView(s: CorpusService): unknown[] {
  return QUERIES.map((query) => {
    const r = s.search.search(query, { limit: 10 }, s.readText);
    return { total: r.total, hits: r.hits.map((h) => ({ uri: s.corpus.getById(h.docId)?.uri, score: h.score, start: h.start, snippet: h.snippet })) };
  });
}

/** Analyses by uri, as JSON data (a cached analysis has no keys whose value is undefined). */
function analyses(s: CorpusService): Map<string, unknown> {
  return new Map([...s.corpus.documents()].map((d) => [d.uri, JSON.parse(JSON.stringify(d.analysis))]));
}

function sameStatus(a: CorpusService, b: CorpusService): void {
  const { indexMs: _a, fromCache: _fa, ...sa } = a.status();
  const { indexMs: _b, fromCache: _fb, ...sb } = b.status();
  assert.deepEqual(sb, sa);
}

function cacheFile(cacheDir: string, corpus: string): string {
  return cacheFileFor(cacheDir, [corpus]);
}

/** Waits for a condition (polled), failing after 20 s. */
async function until(condition: () => boolean): Promise<void> {
  const limit = Date.now() + 20_000;
  while (!condition()) {
    assert.ok(Date.now() < limit, 'condition not reached in 20 s');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The cache's header (it locates the sections). */
function headerOf(b: Buffer): CacheHeader {
  return JSON.parse(b.subarray(12, 12 + b.readUInt32LE(8)).toString('utf8'));
}

function sectionOf(b: Buffer, name: 'docs' | 'sites' | 'rests' | 'search'): [number, number, number] {
  return headerOf(b).sections![name];
}

/** Where a document's rest record is in the file (the documents table's rest column). */
function recordOf(b: Buffer, file: string): { at: number; length: number } {
  const header = headerOf(b);
  const loaded = decodeCache(b, { fingerprint: header.fingerprint, roots: header.roots });
  assert.ok(loaded.ok, JSON.stringify(loaded));
  const row = loaded.image.table!.paths.indexOf(file);
  assert.ok(row >= 0, `${file} is in the cache`);
  return loaded.image.records!.where(row);
}

describe('persisted index (cache)', function () {
  this.timeout(60000);
  const services: CorpusService[] = [];
  const track = (r: Run) => (services.push(r.service), r);
  afterEach(async () => {
    await Promise.all(services.splice(0).map((s) => s.dispose()));
  });

  it('round-trips: a second start loads the cache and answers the same', async () => {
    const corpus = makeCorpus();
    const cacheDir = tempDir('pl-cache-');
    const cold = track(await run(corpus, cacheDir));
    assert.equal(cold.service.status().fromCache, false);
    assert.equal(cold.service.stats().cache.state, 'written');
    assert.ok(fs.existsSync(cacheFile(cacheDir, corpus)));
    assert.deepEqual(fs.readdirSync(cacheDir).filter((n) => n.endsWith('.tmp')), [], 'no temporary file left behind');

    const warm = track(await run(corpus, cacheDir));
    const status = warm.service.status();
    assert.equal(status.state, 'ready');
    assert.equal(status.fromCache, true);
    assert.equal(warm.service.stats().lastBuild.reindexed, 0);
    sameStatus(cold.service, warm.service);
    assert.deepEqual(analyses(warm.service), analyses(cold.service));
    assert.deepEqual(searchView(warm.service), searchView(cold.service));
    assert.ok(warm.service.corpus.definitionsOf('WHO').length > 0, 'the acronym definition survives the round trip');
  });

  it('re-indexes only the files that changed, appeared or disappeared while it was not running', async () => {
    const corpus = makeCorpus();
    const cacheDir = tempDir('pl-cache-');
    const cold = track(await run(corpus, cacheDir));
    const before = cold.service.status().documents;
    const names = fs.readdirSync(corpus).filter((n) => n.endsWith('.txt') && n !== 'who.txt').sort();
    fs.appendFileSync(path.join(corpus, names[0]), '\nỦy ban Kiểm tra Trung ương (UBKTTW) họp phiên thường kỳ.\n');
    fs.rmSync(path.join(corpus, names[1]));
    fs.writeFileSync(path.join(corpus, 'new.md'), '# Hợp tác\nQuỹ Tiền tệ Quốc tế (IMF) dự báo tăng trưởng.\n');

    const warm = track(await run(corpus, cacheDir));
    assert.equal(warm.service.status().fromCache, true);
    assert.equal(warm.service.stats().lastBuild.reindexed, 2, 'the changed and the new file');
    assert.equal(warm.service.status().documents, before);
    assert.ok(warm.service.corpus.definitionsOf('UBKTTW').length > 0);
    assert.ok(warm.service.corpus.definitionsOf('IMF').length > 0);
    assert.equal([...warm.service.corpus.documents()].some((d) => d.path.endsWith(names[1])), false);
    // The same as a build from scratch.
    const fresh = track(await run(corpus, tempDir('pl-cache-')));
    sameStatus(fresh.service, warm.service);
    assert.deepEqual(analyses(warm.service), analyses(fresh.service));
  });

  it('checks the content when size and mtime are equal but the mtime cannot be trusted', async () => {
    const corpus = makeCorpus();
    const cacheDir = tempDir('pl-cache-');
    // A whole-second mtime, as coarse file systems keep it; the file is indexed within the same second or two.
    const file = path.join(corpus, 'who.txt');
    const seconds = Math.floor(Date.now() / 1000);
    fs.utimesSync(file, seconds, seconds);
    track(await run(corpus, cacheDir));
    // Same length, same mtime, other content.
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, text.replace('(WHO)', '(OHW)'));
    fs.utimesSync(file, seconds, seconds);
    assert.equal(fs.statSync(file).mtimeMs, seconds * 1000);

    const warm = track(await run(corpus, cacheDir));
    assert.equal(warm.service.status().fromCache, true);
    assert.equal(warm.service.stats().lastBuild.reindexed, 1);
    assert.equal(warm.service.corpus.definitionsOf('WHO').length, 0);
    assert.ok(warm.service.corpus.definitionsOf('OHW').length > 0);
  });

  const damaged: [string, (bytes: Buffer) => Buffer | Promise<Buffer>, RegExp][] = [
    ['corrupt (a flipped byte)', (b) => (b[Math.floor(b.length / 2)] ^= 0xff, b), /checksum/],
    ['truncated', (b) => b.subarray(0, Math.floor(b.length / 2)), /truncated|checksum/],
    ['empty', () => Buffer.alloc(0), /truncated/],
    ['not a cache file', () => Buffer.from('{"hello": "world"} and some more bytes'), /not a Policy Lens cache/],
    ['of an older format version', (b) => (b.writeUInt32LE(CACHE_FORMAT_VERSION - 1, 4), b), /format \d+, this version reads/],
    ['whose documents table fails its checksum', (b) => (b[sectionOf(b, 'docs')[0] + 5] ^= 0xff, b), /checksum mismatch in section docs/],
    ['whose sites section fails its checksum', (b) => (b[sectionOf(b, 'sites')[0] + 2] ^= 0xff, b), /checksum mismatch in section sites/],
    ['with a header that says more bytes than the file has', (b) => Buffer.concat([b.subarray(0, b.length - 8), Buffer.alloc(100), b.subarray(b.length - 8)]), /truncated \(\d+ bytes of \d+\)/],
  ];
  for (const [what, damage, reason] of damaged) {
    it(`rebuilds a cache ${what}, with a log line`, async () => {
      const corpus = makeCorpus();
      const cacheDir = tempDir('pl-cache-');
      const cold = track(await run(corpus, cacheDir));
      const file = cacheFile(cacheDir, corpus);
      fs.writeFileSync(file, await damage(fs.readFileSync(file)));

      const again = track(await run(corpus, cacheDir));
      assert.equal(again.service.status().fromCache, false);
      const line = again.logs.find((l) => l.includes(file));
      assert.ok(line && reason.test(line) && /rebuilding/.test(line), `log: ${again.logs.join('\n')}`);
      sameStatus(cold.service, again.service);
      // ... and the rebuilt cache is good again.
      const third = track(await run(corpus, cacheDir));
      assert.equal(third.service.status().fromCache, true);
    });
  }

  it('reads each document\'s rest from the file only when asked, and re-indexes a file whose record is damaged', async () => {
    const corpus = makeCorpus();
    const cacheDir = tempDir('pl-cache-');
    const cold = track(await run(corpus, cacheDir));
    // Taken before the damage: the cold service reads its records from this very file (written in place below).
    const expected = analyses(cold.service);
    const file = cacheFile(cacheDir, corpus);
    const who = path.join(fs.realpathSync(corpus), 'who.txt');
    const bytes = fs.readFileSync(file);
    const record = recordOf(bytes, who);
    bytes[record.at + Math.floor(record.length / 2)] ^= 0x20;
    fs.writeFileSync(file, bytes);

    // The damage is in a record, which a warm start does not read: the cache is used...
    const warm = track(await run(corpus, cacheDir));
    assert.equal(warm.service.status().fromCache, true);
    assert.ok(warm.service.corpus.definitionsOf('WHO').length > 0, 'the sites are in the cache\'s own section');
    // ... until the analysis is read: a warning, and the file is indexed again.
    const doc = [...warm.service.corpus.documents()].find((d) => d.path === who)!;
    assert.deepEqual(doc.analysis.body, [], 'a record that cannot be read gives no body');
    await until(() => warm.logs.some((l) => /Updated 1 corpus file/.test(l)));
    await warm.service.flush();
    const line = warm.logs.find((l) => /stored analysis of .*who\.txt is unreadable \(record at \d+ fails its checksum\); indexing the file again/.test(l));
    assert.ok(line, warm.logs.join('\n'));
    assert.deepEqual(analyses(warm.service), expected);
    // The next start reads a good cache again.
    const third = track(await run(corpus, cacheDir));
    assert.equal(third.service.status().fromCache, true);
    assert.deepEqual(analyses(third.service), expected);
    assert.equal(third.logs.filter((l) => l.startsWith('warn')).length, 0, third.logs.join('\n'));
  });

  // The search file (host/searchFileStore.ts) beside the .plic: each fault is found at
  // open (header, trailer, dictionary and tables are checked then) and rebuilt.
  const searchFileOf = (cacheDir: string): string => {
    const files = fs.readdirSync(cacheDir).filter((n) => n.endsWith('.plsx'));
    assert.equal(files.length, 1, `search files: ${files}`);
    return path.join(cacheDir, files[0]);
  };
  /** Waits until the file changes are applied (log line), then for the cache write. */
  const updated = async (r: Run) => {
    while (!r.logs.some((l) => /^info Updated \d+ corpus file/.test(l))) await new Promise((res) => setTimeout(res, 10));
    await r.service.flush();
  };
  const searchDamaged: [string, (file: string) => void, RegExp][] = [
    ['missing', (f) => fs.rmSync(f), /search file corpus-[0-9a-f]+-[0-9a-f]{16}\.plsx is missing/],
    ['of another version', (f) => fs.writeFileSync(f, ((b) => (b.writeUInt32LE(99, 4), b))(fs.readFileSync(f))), /search file version 99, this version reads \d+/],
    ['cut short', (f) => fs.truncateSync(f, Math.floor(fs.statSync(f).size / 2)), /truncated search file/],
    ['damaged (a flipped byte in its dictionary)', (f) => fs.writeFileSync(f, ((b) => (b[b.length - 100] ^= 0xff, b))(fs.readFileSync(f))), /checksum/],
    [
      'of another generation (another write put its file there)',
      (f) => {
        const other = tempDir('pl-cache-other-');
        return run(makeCorpus(), other).then((r) => (services.push(r.service), fs.copyFileSync(searchFileOf(other), f)));
      },
      /generation [0-9a-f]{16}, the cache names [0-9a-f]{16}/,
    ],
  ];
  for (const [what, damage, reason] of searchDamaged) {
    it(`rebuilds a cache whose search file is ${what}, with a log line`, async () => {
      const corpus = makeCorpus();
      const cacheDir = tempDir('pl-cache-');
      const cold = track(await run(corpus, cacheDir));
      await damage(searchFileOf(cacheDir));
      const again = track(await run(corpus, cacheDir));
      assert.equal(again.service.status().fromCache, false);
      const line = again.logs.find((l) => l.includes(cacheFile(cacheDir, corpus)));
      assert.ok(line && reason.test(line) && /rebuilding/.test(line), `log: ${again.logs.join('\n')}`);
      assert.deepEqual(searchView(again.service), searchView(cold.service));
      const third = track(await run(corpus, cacheDir));
      assert.equal(third.service.status().fromCache, true);
      assert.deepEqual(searchView(third.service), searchView(cold.service));
    });
  }

  it('a warm start reads postings from the search file; file changes go to the delta, and the next write merges', async () => {
    const corpus = makeCorpus();
    const cacheDir = tempDir('pl-cache-');
    const cold = track(await run(corpus, cacheDir));
    // After the write, even the cold build reads its postings from the file.
    assert.equal(cold.service.stats().search?.fileBacked, true);
    const warm = track(await run(corpus, cacheDir, { cacheWriteDelayMs: 0, changeDelayMs: 0 }));
    const before = warm.service.stats().search!;
    assert.equal(before.fileBacked, true);
    assert.equal(before.heapPostingMB, 0);
    assert.deepEqual(searchView(warm.service), searchView(cold.service));
    const first = searchFileOf(cacheDir);
    // A new file and a removed one: the index stays file-backed (delta), then a merged file replaces the old one.
    fs.writeFileSync(path.join(corpus, 'moi.txt'), 'Ngân hàng mới\nNgân hàng xanh ra mắt ở Hà Nội.\n');
    const gone = fs.readdirSync(corpus).filter((n) => n.endsWith('.txt') && n !== 'who.txt' && n !== 'moi.txt')[0];
    fs.rmSync(path.join(corpus, gone));
    warm.service.filesChanged([path.join(corpus, 'moi.txt'), path.join(corpus, gone)]);
    await updated(warm);
    const after = warm.service.stats().search!;
    assert.equal(after.fileBacked, true);
    assert.notEqual(searchFileOf(cacheDir), first, 'a merged file of a new generation');
    assert.equal(fs.existsSync(first), false, 'the previous search file is removed');
    const fresh = track(await run(corpus, tempDir('pl-cache-fresh-')));
    assert.deepEqual(searchView(warm.service), searchView(fresh.service));
    const third = track(await run(corpus, cacheDir));
    assert.equal(third.service.status().fromCache, true);
    assert.deepEqual(searchView(third.service), searchView(fresh.service));
  });

  it('a search file damaged under a running server: the query fails with a clear message, a log line, and the index is rebuilt', async () => {
    const corpus = makeCorpus();
    const cacheDir = tempDir('pl-cache-');
    const cold = track(await run(corpus, cacheDir));
    const expected = searchView(cold.service);
    const warm = track(await run(corpus, cacheDir));
    assert.equal(warm.service.status().fromCache, true);
    // Garbage over the postings block (bytes 16 .. where the dictionary starts, from the trailer).
    const file = searchFileOf(cacheDir);
    const bytes = fs.readFileSync(file);
    const metaStart = bytes.readDoubleLE(bytes.length - 64 + 24);
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(metaStart - 16, 0x5a), 0, metaStart - 16, 16);
    fs.closeSync(fd);
    assert.throws(() => warm.service.search.search('ngân hàng', {}, warm.service.readText), /search index file is damaged .*checksum.*rebuilt/);
    while (!warm.logs.some((l) => /^info Indexed \d+ corpus files/.test(l))) await new Promise((r) => setImmediate(r));
    await warm.service.whenReady();
    assert.ok(warm.logs.some((l) => /^warn The search index file is damaged \(.*checksum.*\); rebuilding the index/.test(l)), warm.logs.join('\n'));
    assert.deepEqual(searchView(warm.service), expected);
  });

  it('a search file deleted under a running server: it goes on answering from the open file, and writes a new one', async () => {
    const corpus = makeCorpus();
    const cacheDir = tempDir('pl-cache-');
    const cold = track(await run(corpus, cacheDir));
    const warm = track(await run(corpus, cacheDir, { cacheWriteDelayMs: 0, changeDelayMs: 0 }));
    fs.rmSync(searchFileOf(cacheDir));
    assert.deepEqual(searchView(warm.service), searchView(cold.service));
    fs.writeFileSync(path.join(corpus, 'moi.txt'), 'Ngân hàng mới\nNgân hàng xanh.\n');
    warm.service.filesChanged([path.join(corpus, 'moi.txt')]);
    await updated(warm);
    const third = track(await run(corpus, cacheDir));
    assert.equal(third.service.status().fromCache, true);
    assert.deepEqual(searchView(third.service), searchView(warm.service));
  });

  it('rebuilds when the analyzer or the glossary changed', async () => {
    const corpus = makeCorpus();
    const cacheDir = tempDir('pl-cache-');
    track(await run(corpus, cacheDir, { fingerprint: 'analyzer-1' }));
    const other = track(await run(corpus, cacheDir, { fingerprint: 'analyzer-2' }));
    assert.equal(other.service.status().fromCache, false);
    assert.ok(other.logs.some((l) => /another analyzer version or glossary; rebuilding/.test(l)), other.logs.join('\n'));
  });

  it('runs in memory with a warning when the cache dir cannot be written', async () => {
    const corpus = makeCorpus();
    const base = tempDir('pl-cache-ro-');
    let cacheDir: string;
    if (process.getuid?.() === 0) {
      // root ignores permission bits: a file where the folder should be fails just as well.
      fs.writeFileSync(path.join(base, 'blocked'), 'a file, not a folder');
      cacheDir = path.join(base, 'blocked', 'cache');
    } else {
      cacheDir = path.join(base, 'readonly');
      fs.mkdirSync(cacheDir);
      fs.chmodSync(cacheDir, 0o555);
    }
    try {
      const r = track(await run(corpus, cacheDir));
      assert.equal(r.service.status().state, 'ready');
      assert.equal(r.service.status().fromCache, false);
      assert.ok(r.service.status().documents > 0);
      assert.equal(r.service.stats().cache.state, 'memory-only');
      assert.ok(r.logs.some((l) => l.startsWith('warn ') && /not writable.*kept in memory/.test(l)), r.logs.join('\n'));
      // Still answers.
      assert.ok(r.service.search.search('ngân hàng', {}, r.service.readText).total >= 0);
    } finally {
      if (process.getuid?.() !== 0) fs.chmodSync(path.join(base, 'readonly'), 0o755);
    }
  });

  it('removes temporary files left by an interrupted write, once they are old', async () => {
    const cacheDir = tempDir('pl-cache-');
    const old = path.join(cacheDir, 'corpus-0123456789abcdef.plic.4242.abc123.tmp');
    const recent = path.join(cacheDir, 'corpus-0123456789abcdef.plic.4243.def456.tmp');
    const other = path.join(cacheDir, 'notes.tmp');
    for (const f of [old, recent, other]) fs.writeFileSync(f, 'partial');
    const twoHoursAgo = (Date.now() - 2 * 3600_000) / 1000;
    fs.utimesSync(old, twoHoursAgo, twoHoursAgo);
    fs.utimesSync(other, twoHoursAgo, twoHoursAgo);
    await removeStaleTemporaries(cacheDir);
    assert.equal(fs.existsSync(old), false);
    assert.equal(fs.existsSync(recent), true, 'a write in progress elsewhere is left alone');
    assert.equal(fs.existsSync(other), true, 'files that are not ours are left alone');
  });

  it('keeps the index in memory only when no cache dir is configured', async () => {
    const corpus = makeCorpus();
    const logs: string[] = [];
    const s = new CorpusService({ info: (m) => logs.push(m), warn: (m) => logs.push(m) }, () => {}, () => {}, { workers: 0 });
    services.push(s);
    await s.configure({ roots: [corpus], glossaryPaths: [] });
    assert.equal(s.stats().cache.state, 'none');
    assert.equal(s.status().fromCache, false);
  });
});
