/**
 * The search index in memory vs read from its search file (issue 18, i18-disk), in one
 * process, without the server: build over a corpus folder (one body span per non-empty
 * line, the first also the title), write the search file, then measure the heap of each
 * form after a GC (the dictionary included), the time to open the file, and the query
 * latency of bench/queries.json (ranking and snippets, texts in memory) with posting caches
 * of several sizes.
 *
 *   node --expose-gc --import tsx bench/searchFile.ts --corpus /work/corpus-35k/data [--share 0.25] [--out /tmp/x.plsx]
 *
 * Speed and memory are measured here and in `npm run bench`, never asserted by a test.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { EmbeddedSearchIndex, IndexedDocInput, PostingSource } from '../server/src/core/search';
import { TermDictionary } from '../server/src/core/search/dictionary';

const args = process.argv.slice(2);
const opt = (name: string, def: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const corpus = opt('corpus', '/work/corpus-35k/data');
const share = Number(opt('share', '1'));
const out = opt('out', path.join(require('node:os').tmpdir(), `pl-searchfile-${process.pid}.plsx`));
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

function docOf(id: number, text: string): IndexedDocInput {
  const body: { start: number; end: number }[] = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text[i] === '\n') {
      if (i > start) body.push({ start, end: i });
      start = i + 1;
    }
  }
  return { id, text, titleSpan: body[0], body };
}

function heapMB(): number {
  gc!();
  gc!();
  const m = process.memoryUsage();
  return Math.round(((m.heapUsed + m.arrayBuffers) / 1048576) * 10) / 10;
}

const names = fs.readdirSync(corpus).filter((n) => n.endsWith('.txt')).sort();
const picked = names.slice(0, Math.round(names.length * share));
const texts = new Map<number, string>();
let t0 = performance.now();
let mem: EmbeddedSearchIndex | undefined = new EmbeddedSearchIndex();
picked.forEach((n, id) => {
  const text = fs.readFileSync(path.join(corpus, n), 'utf8');
  texts.set(id, text);
  mem!.add(docOf(id, text));
});
mem.compact();
const buildMs = performance.now() - t0;

// Heap of the in-memory index: measured as the drop when it is released (texts kept).
t0 = performance.now();
const fd0 = fs.openSync(out, 'w');
let fileBytes = 0;
for (const piece of mem.filePieces([1, 2], zlib.crc32)) {
  fs.writeSync(fd0, piece);
  fileBytes += piece.length;
}
fs.closeSync(fd0);
const writeMs = performance.now() - t0;
const queries: { query: string }[] = JSON.parse(fs.readFileSync(path.join(__dirname, 'queries.json'), 'utf8')).queries;
const readText = (id: number) => texts.get(id) ?? '';

function latency(ix: EmbeddedSearchIndex): { p50: number; p99: number } {
  const times: number[] = [];
  for (let round = 0; round < 6; round++) {
    for (const q of queries) {
      const s = performance.now();
      ix.search(q.query, { limit: 20 }, readText);
      if (round > 0) times.push(performance.now() - s);
    }
  }
  times.sort((a, b) => a - b);
  const pick = (p: number) => Math.round(times[Math.min(times.length - 1, Math.floor(p * times.length))] * 100) / 100;
  return { p50: pick(0.5), p99: pick(0.99) };
}

const terms = mem.termCount;
const postingMB = Math.round((mem.postingBytes / 1048576) * 10) / 10;

class FileSource implements PostingSource {
  constructor(
    readonly fd: number,
    readonly size: number,
  ) {}
  read(offset: number, length: number): Uint8Array {
    const buf = Buffer.allocUnsafeSlow(length);
    let n = 0;
    while (n < length) n += fs.readSync(this.fd, buf, n, length - n, offset + n);
    return buf;
  }
}

const rows: string[] = [];
let memLatency = { p50: 0, p99: 0 };
for (const cacheMB of [0, 1, 4, 16]) {
  // In-memory and file-backed latencies alternate (the machine's load drifts).
  memLatency = latency(mem);
  const fd = fs.openSync(out, 'r');
  const without = heapMB();
  t0 = performance.now();
  const { index } = EmbeddedSearchIndex.open(new FileSource(fd, fs.fstatSync(fd).size), { cacheBytes: cacheMB * 1048576, checksum: zlib.crc32 });
  const openMs = performance.now() - t0;
  const opened = heapMB();
  const lat = latency(index);
  const after = heapMB();
  const m = index.memory;
  rows.push(
    `| file, cache ${cacheMB} MB | ${Math.round(openMs)} ms | ${Math.round((opened - without) * 10) / 10} MB (dictionary ${Math.round((m.compactDictionaryBytes / 1048576) * 10) / 10} MB) | ${Math.round((after - without) * 10) / 10} MB | ${lat.p50} / ${lat.p99} ms | ${m.postingReads} |`,
  );
  fs.closeSync(fd);
}
const withMem = heapMB();
mem = undefined;
const memHeapMB = Math.round((withMem - heapMB()) * 10) / 10;
// The dictionary alone: the JS form a fresh index builds (keys, spellings, a Map) vs the compact one.
let dictMB = { plain: 0, compact: 0 };
{
  const fd = fs.openSync(out, 'r');
  const { index } = EmbeddedSearchIndex.open(new FileSource(fd, fs.fstatSync(fd).size), { cacheBytes: 0 });
  const dict = (index as unknown as { s: { dict: TermDictionary } }).s.dict;
  const keys: string[] = [];
  const spellings: string[][] = [];
  for (let t = 0; t < dict.size; t++) {
    keys.push(dict.keyOf(t));
    spellings.push([...dict.spellingsOf(t)]);
  }
  const before = heapMB();
  let plain: TermDictionary | undefined = new TermDictionary();
  // Fresh strings, as a build interns them (not the ones decoded above).
  keys.forEach((k, t) => {
    const id = plain!.intern((' ' + k).slice(1));
    for (const sp of spellings[t]) plain!.variantOf(id, (' ' + sp).slice(1), true);
  });
  const withPlain = heapMB();
  plain = undefined;
  const afterPlain = heapMB();
  dictMB = { plain: Math.round((withPlain - before) * 10) / 10, compact: Math.round((dict.compactBytes / 1048576) * 100) / 100 };
  void afterPlain;
  fs.closeSync(fd);
}

console.log(`corpus ${corpus} x ${share}: ${picked.length} files, ${terms} terms, postings ${postingMB} MB; build ${Math.round(buildMs)} ms; search file ${(fileBytes / 1048576).toFixed(1)} MB written in ${Math.round(writeMs)} ms`);
console.log('| index | open | heap + ArrayBuffers once open | after the queries | query p50 / p99 | file reads |');
console.log('|---|---|---|---|---|---|');
console.log(`| in memory | – | ${memHeapMB} MB | – | ${memLatency.p50} / ${memLatency.p99} ms | – |`);
for (const r of rows) console.log(r);
console.log(`dictionary: ${dictMB.plain} MB as JS strings, arrays and a Map (a fresh build's); ${dictMB.compact} MB compact (blobs and tables, plus one head string per 16 terms)`);
fs.rmSync(out, { force: true });
