/**
 * Query-latency probe (issue 18, i18-query): the 60 queries of bench/queries.json against a
 * real search file, as the server runs them — postings read through the posting cache
 * (32 MB, the server's default), texts read from disk through the server's TextCache,
 * `searchCorpus` (ranking, snippets, line/character ranges) — without the server, so that
 * before/after builds can be alternated cheaply on a busy machine.
 *
 *   node bench/queryLatency.js --out /tmp/probe     # bundles this file as the server is bundled (esbuild, cjs)
 *   node /tmp/probe/queryLatency.js --build --corpus /work/corpus-35k/data --file /tmp/q.plsx
 *   node /tmp/probe/queryLatency.js --corpus /work/corpus-35k/data --file /tmp/q.plsx [--rounds 8] [--dump out.json]
 *     [--per-query] [--only rank|feature] [--text-cache-chars N] [--queries file.json]
 *
 * Run bundled, not through tsx: tsx turns every imported binding into a getter call (the
 * scanner's character table alone was a tenth of a query's profile), which the server's
 * bundle does not have.
 *
 * Prints p50 / p99 / mean of the feature's time per query (all rounds after one warm-up
 * round), the same for the ranking alone (no texts: snippets find nothing), and the CPU
 * time per query. `--dump` writes every query's total, hits, scores, ranges and snippets,
 * to compare two builds' answers byte for byte. Speed is measured here, never asserted.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { EmbeddedSearchIndex } from '../server/src/core/search';
import { FileSource } from '../server/src/host/searchFileStore';
import { TextCache } from '../server/src/host/textCache';
import { searchCorpus, searchCorpusCancellable, searchExpansions, SearchSource } from '../server/src/features/search';
import { lineDoc } from '../test/helpers/searchDocs';
import { Glossary } from '../server/src/core/glossary';
import { bundledEntries } from '../server/src/host/corpusGlossaries';
import { analyzeDocument } from '../server/src/core/analyze';
import { longFormKey } from '../server/src/core/acronyms/keys';

const args = process.argv.slice(2);
const opt = (name: string, def: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const corpus = opt('corpus', '/work/corpus-35k/data');
const file = opt('file', '/tmp/pl-query-latency.plsx');
const rounds = Number(opt('rounds', '8'));
const dump = opt('dump', '');
const queriesFile = opt('queries', path.join(__dirname, 'queries.json'));
// `--only rank` or `--only feature`: that search alone (for a CPU profile of it).
const only = opt('only', '');
const names = fs.readdirSync(corpus).filter((n) => n.endsWith('.txt')).sort();

const glossary = new Glossary(bundledEntries());
// The corpus's own acronym definitions ("Ngân hàng Nhà nước (NHNN)"), mined as the server
// mines them, beside the search file: the server's search expands queries with them too.
const definitionsFile = file + '.definitions.json';
if (args.includes('--build')) {
  const t0 = performance.now();
  const ix = new EmbeddedSearchIndex();
  const definitions: [string, string, string][] = [];
  names.forEach((n, id) => {
    const text = fs.readFileSync(path.join(corpus, n), 'utf8');
    ix.add(lineDoc(id, text));
    for (const d of analyzeDocument(`file:///${n}`, text, { kind: 'corpus', known: glossary.expansions }).definitions) definitions.push([d.key, d.acronym, d.longForm]);
  });
  ix.compact();
  const fd = fs.openSync(file, 'w');
  for (const piece of ix.filePieces([1, 2], { checksum: zlib.crc32 })) fs.writeSync(fd, piece);
  fs.closeSync(fd);
  fs.writeFileSync(definitionsFile, JSON.stringify(definitions));
  console.log(`${names.length} files indexed and written to ${file} (${definitions.length} acronym definitions) in ${Math.round(performance.now() - t0)} ms`);
  process.exit(0);
}
const byKey = new Map<string, { def: { acronym: string; longForm: string } }[]>();
const byLongForm = new Map<string, { def: { acronym: string; longForm: string } }[]>();
for (const [key, acronym, longForm] of JSON.parse(fs.readFileSync(definitionsFile, 'utf8')) as [string, string, string][]) {
  const hit = { def: { acronym, longForm } };
  byKey.set(key, [...(byKey.get(key) ?? []), hit]);
  byLongForm.set(longFormKey(longForm), [...(byLongForm.get(longFormKey(longForm)) ?? []), hit]);
}

const fd = fs.openSync(file, 'r');
const { index } = EmbeddedSearchIndex.open(new FileSource(fd, fs.fstatSync(fd).size), { cacheBytes: 32 * 1048576, checksum: zlib.crc32 });
// `--text-cache-chars 0`: every text read from disk (the server keeps 6 M characters).
const texts = new TextCache(Number(opt('text-cache-chars', '6000000')));
let diskReads = 0;
const readText = (id: number): string => {
  const cached = texts.get(id);
  if (cached !== undefined) return cached;
  diskReads++;
  const text = fs.readFileSync(path.join(corpus, names[id]), 'utf8');
  texts.set(id, text);
  return text;
};
// What searchCorpus asks of the corpus index: a document's uri and summary, and the
// corpus's own acronym definitions.
const corpusIndex = {
  getById: (id: number) => (id < names.length ? { uri: `file://${corpus}/${names[id]}`, summary: { title: names[id] } } : undefined),
  definitionsOf: (key: string) => byKey.get(key) ?? [],
  definitionsByLongForm: (longForm: string) => byLongForm.get(longFormKey(longForm)) ?? [],
};
const source = { search: index, corpus: corpusIndex, readText, glossary } as unknown as SearchSource;
const queries: string[] = JSON.parse(fs.readFileSync(queriesFile, 'utf8')).queries.map((q: { query: string }) => q.query);

const feature: number[] = [];
const ranking: number[] = [];
const withExpansions: number[] = [];
const withSnippets: number[] = [];
const cancellable: number[] = [];
let cpu = 0;
const answers: unknown[] = [];
async function main(): Promise<void> {
  for (let r = 0; r <= rounds; r++) {
    for (const q of queries) {
      if (only === 'rank') {
        index.search(q, { limit: 20, expansions: searchExpansions(source, { query: q, limit: 20 }) }, () => '');
        continue;
      }
      if (only === 'feature') {
        searchCorpus(source, { query: q, limit: 20 });
        continue;
      }
      let t = performance.now();
      index.search(q, { limit: 20 }, () => '');
      if (r > 0) ranking.push(performance.now() - t);
      t = performance.now();
      const expansions = searchExpansions(source, { query: q, limit: 20 });
      index.search(q, { limit: 20, expansions }, () => '');
      if (r > 0) withExpansions.push(performance.now() - t);
      t = performance.now();
      index.search(q, { limit: 20, expansions: searchExpansions(source, { query: q, limit: 20 }) }, readText);
      if (r > 0) withSnippets.push(performance.now() - t);
      const c0 = process.cpuUsage();
      t = performance.now();
      const res = searchCorpus(source, { query: q, limit: 20 });
      if (r > 0) feature.push(performance.now() - t);
      const c = process.cpuUsage(c0);
      if (r > 0) cpu += (c.user + c.system) / 1000;
      // As the server's handler runs it: expansions first, then the cancellable search (its
      // tookMs, which the bench reports, includes two turns of the event loop).
      const ex = searchExpansions(source, { query: q, limit: 20 });
      const took = (await searchCorpusCancellable(source, { query: q, limit: 20 }, { isCancellationRequested: false }, ex))!.tookMs;
      if (r > 0) cancellable.push(took);
      if (r === 0) answers.push({ query: q, total: res.total, totalExact: res.totalExact, hits: res.results.map((h) => [h.uri.slice(-12), h.score, h.range, h.snippet, h.highlights]) });
    }
  }
}
void main().then(report);

function report(): void {
  if (only) process.exit(0);
  const stats = (a: number[]) => {
    const s = [...a].sort((x, y) => x - y);
    const pick = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
    return `p50 ${pick(0.5).toFixed(2)} p99 ${pick(0.99).toFixed(2)} mean ${(s.reduce((x, y) => x + y, 0) / s.length).toFixed(2)} ms`;
  };
  console.log(`feature (searchCorpus, texts from disk through a TextCache): ${stats(feature)}; CPU ${(cpu / feature.length).toFixed(2)} ms/query; ${diskReads} text reads; ${index.memory.postingReads} posting reads (${(index.memory.cachedPostingBytes / 1048576).toFixed(1)} MB cached)`);
  console.log(`ranking only (no texts, no expansions): ${stats(ranking)}`);
  console.log(`ranking with the query's expansions (no texts): ${stats(withExpansions)}`);
  console.log(`ranking and snippets (core search, texts through the TextCache): ${stats(withSnippets)}`);
  console.log(`the server's tookMs (searchCorpusCancellable after the expansions, as the handler runs it): ${stats(cancellable)}`);
  // Minimum over the rounds per query (the other sessions' load only adds to a time), summed
  // over the queries: the figure that moves least between runs on a busy machine.
  const min = (a: number[], i: number) => Math.min(...Array.from({ length: rounds }, (_, r) => a[r * queries.length + i]));
  const sumMin = (a: number[]) => queries.reduce((x, _, i) => x + min(a, i), 0).toFixed(1);
  console.log(`sum of per-query minima (ms): feature ${sumMin(feature)}, ranking ${sumMin(ranking)}, with expansions ${sumMin(withExpansions)}, with snippets ${sumMin(withSnippets)}, tookMs ${sumMin(cancellable)}`);
  if (args.includes('--per-query')) {
    const rows = queries.map((q, i) => ({ q, f: min(feature, i), r: min(ranking, i), x: min(withExpansions, i), s: min(withSnippets, i), total: (answers[i] as { total: number }).total }));
    console.log('feature, ranking, with expansions, with snippets (ms, min over rounds), total, query');
    const col = (v: number) => v.toFixed(2).padStart(6);
    for (const row of rows.sort((a, b) => b.f - a.f)) console.log(`${col(row.f)} ${col(row.r)} ${col(row.x)} ${col(row.s)} ${String(row.total).padStart(6)}  ${row.q}`);
  }
  if (dump) fs.writeFileSync(dump, JSON.stringify(answers, null, 1));
}
