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
import { EmbeddedSearchIndex } from '../server/src/core/search';
import { FileSource } from '../server/src/host/searchFileStore';
import { lineDoc } from '../test/helpers/searchDocs';
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
  mem!.add(lineDoc(id, text));
});
mem.compact();
const buildMs = performance.now() - t0;

// Heap of the in-memory index: measured as the drop when it is released (texts kept).
t0 = performance.now();
const fd0 = fs.openSync(out, 'w');
let fileBytes = 0;
for (const piece of mem.filePieces([1, 2], { checksum: zlib.crc32 })) {
  fs.writeSync(fd0, piece);
  fileBytes += piece.length;
}
fs.closeSync(fd0);
const writeMs = performance.now() - t0;
const queries: { query: string }[] = JSON.parse(fs.readFileSync(path.join(__dirname, 'queries.json'), 'utf8')).queries;
const readText = (id: number) => texts.get(id) ?? '';

/** Wall p50 / p99 per query and CPU time per query (process.cpuUsage: less sensitive to other processes' load), after a warm-up round. */
function latency(ix: EmbeddedSearchIndex): { p50: number; p99: number; cpu: number } {
  const times: number[] = [];
  let cpu0 = process.cpuUsage();
  for (let round = 0; round < 6; round++) {
    if (round === 1) cpu0 = process.cpuUsage();
    for (const q of queries) {
      const s = performance.now();
      ix.search(q.query, { limit: 20 }, readText);
      if (round > 0) times.push(performance.now() - s);
    }
  }
  const cpu = process.cpuUsage(cpu0);
  times.sort((a, b) => a - b);
  const pick = (p: number) => Math.round(times[Math.min(times.length - 1, Math.floor(p * times.length))] * 100) / 100;
  return { p50: pick(0.5), p99: pick(0.99), cpu: Math.round(((cpu.user + cpu.system) / 1000 / times.length) * 100) / 100 };
}

const terms = mem.termCount;
const postingMB = Math.round((mem.postingBytes / 1048576) * 10) / 10;


// Latencies first, in-memory and file-backed alternating (the machine's load drifts).
const lat = new Map<number, { p50: number; p99: number; cpu: number; openMs: number }>();
const memRuns: { p50: number; p99: number; cpu: number }[] = [];
const CACHES = [0, 1, 4, 16];
for (const cacheMB of CACHES) {
  memRuns.push(latency(mem));
  const fd = fs.openSync(out, 'r');
  t0 = performance.now();
  const { index } = EmbeddedSearchIndex.open(new FileSource(fd, fs.fstatSync(fd).size), { cacheBytes: cacheMB * 1048576, checksum: zlib.crc32 });
  const openMs = performance.now() - t0;
  lat.set(cacheMB, { ...latency(index), openMs });
  fs.closeSync(fd);
}
// Then memory, once the in-memory index is gone: each form's heap + ArrayBuffers after a GC.
const withMem = heapMB();
mem = undefined;
const memHeapMB = Math.round((withMem - heapMB()) * 10) / 10;
const rows: string[] = [];
for (const cacheMB of CACHES) {
  const fd = fs.openSync(out, 'r');
  const without = heapMB();
  const { index } = EmbeddedSearchIndex.open(new FileSource(fd, fs.fstatSync(fd).size), { cacheBytes: cacheMB * 1048576, checksum: zlib.crc32 });
  const opened = heapMB();
  for (const q of queries) index.search(q.query, { limit: 20 }, readText);
  const after = heapMB();
  const m = index.memory;
  const l = lat.get(cacheMB)!;
  rows.push(
    `| file, cache ${cacheMB} MB | ${Math.round(l.openMs)} ms | ${Math.round((opened - without) * 10) / 10} MB (dictionary ${Math.round((m.compactDictionaryBytes / 1048576) * 10) / 10} MB) | ${Math.round((after - without) * 10) / 10} MB | ${l.p50} / ${l.p99} ms | ${l.cpu} ms | ${m.postingReads} |`,
  );
  fs.closeSync(fd);
}
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
console.log('| index | open | heap + ArrayBuffers once open | after one round of queries | query p50 / p99 | CPU per query | file reads (one round) |');
console.log('|---|---|---|---|---|---|---|');
for (const r of memRuns) console.log(`| in memory | – | ${memHeapMB} MB | – | ${r.p50} / ${r.p99} ms | ${r.cpu} ms | – |`);
for (const r of rows) console.log(r);
console.log(`dictionary: ${dictMB.plain} MB as JS strings, arrays and a Map (a fresh build's); ${dictMB.compact} MB compact (blobs and tables, plus one head string per 16 terms)`);
fs.rmSync(out, { force: true });
