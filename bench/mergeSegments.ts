/**
 * The cold build's merge on its own, so the two ways can be compared on the same segments
 * in fresh processes (alternate them: the machine's load bends a single run):
 *
 *   npx tsx bench/mergeSegments.ts make <corpus folder> <segment folder> [workers]
 *       segments as the index workers write them: chunks of 32 files dealt to the workers in
 *       turn, ids in file order, a segment whenever a shard's postings reach SEGMENT_BYTES
 *   npx tsx bench/mergeSegments.ts stream <segment folder>
 *       the merge the merging process runs (core/search/segmentMerge.ts)
 *   npx tsx bench/mergeSegments.ts memory <segment folder>
 *       the in-memory merge it replaced: every segment read whole, merge.ts, searchFilePieces
 *
 * `stream` and `memory` write the search file to a temporary folder and print its bytes and
 * SHA-256 (the same for both: the generation is fixed), the time, the CPU time and this
 * process's peak RSS (VmHWM). Issue 18's figures: test/fixtures/search/QUALITY.md.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Glossary } from '../server/src/core/glossary';
import { Generation } from '../server/src/core/search';
import { mergeShards } from '../server/src/core/search/merge';
import { fromParts, partsFromBytes, partsPieces } from '../server/src/core/search/parts';
import { addDocument } from '../server/src/core/search/postings';
import { searchFilePieces } from '../server/src/core/search/searchFile';
import { SegmentMerge } from '../server/src/core/search/segmentMerge';
import { SearchState } from '../server/src/core/search/state';
import { discoverCorpusFiles } from '../server/src/host/files';
import { indexAnyFile, isSkipped, titleSpanOf } from '../server/src/host/indexFile';
import { SEGMENT_BYTES } from '../server/src/host/indexPool';
import { FileSource, nativeChecksum, writeSearchFile } from '../server/src/host/searchFileStore';

const GENERATION: Generation = [1, 2];
const [mode, a, b, c] = process.argv.slice(2);

async function make(corpus: string, dir: string, workers: number): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  const files = await discoverCorpusFiles([corpus], (m) => console.warn(m));
  const glossary = new Glossary([]);
  const shards = Array.from({ length: workers }, () => new SearchState());
  let written = 0;
  const flush = (w: number) => {
    if (shards[w].documentCount === 0) return;
    const fd = fs.openSync(path.join(dir, `segment-${w}-${written++}.parts`), 'w');
    for (const piece of partsPieces(shards[w])) fs.writeSync(fd, piece);
    fs.closeSync(fd);
    shards[w] = new SearchState();
  };
  let id = 0;
  for (let i = 0; i < files.length; i++) {
    const w = Math.floor(i / 32) % workers;
    const r = await indexAnyFile(files[i], glossary.expansions, undefined);
    if (isSkipped(r)) continue;
    addDocument(shards[w], { id: id++, text: r.text, titleSpan: titleSpanOf(r.analysis), body: r.analysis.body });
    if (shards[w].postingBytes >= SEGMENT_BYTES) flush(w);
  }
  for (let w = 0; w < workers; w++) flush(w);
  console.log(`${written} segments of ${id} documents in ${dir}`);
}

async function merge(how: 'stream' | 'memory', dir: string): Promise<void> {
  const files = fs.readdirSync(dir).filter((n) => n.endsWith('.parts')).sort().map((n) => path.join(dir, n));
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pl-merge-')), 'merged.plsx');
  const started = performance.now();
  const cpu = process.cpuUsage();
  let bytes: number;
  if (how === 'stream') {
    const fds = files.map((f) => fs.openSync(f, 'r'));
    const m = new SegmentMerge(fds.map((fd) => new FileSource(fd, fs.fstatSync(fd).size)), { checksum: nativeChecksum });
    bytes = await writeSearchFile(out, m.pieces(GENERATION), async () => undefined);
    fds.forEach((fd) => fs.closeSync(fd));
  } else {
    const merged = mergeShards(files.map((f) => fromParts(partsFromBytes(fs.readFileSync(f)))));
    bytes = await writeSearchFile(out, searchFilePieces(merged, GENERATION, { checksum: nativeChecksum }), async () => undefined);
  }
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const hwm = /VmHWM:\s+(\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1];
  const sha = createHash('sha256').update(fs.readFileSync(out)).digest('hex').slice(0, 16);
  fs.rmSync(path.dirname(out), { recursive: true, force: true });
  console.log(`${how}: ${files.length} segments → ${bytes} bytes (sha256 ${sha}) in ${Math.round(ms)} ms, CPU ${((used.user + used.system) / 1000).toFixed(0)} ms, peak RSS (VmHWM) ${Math.round(Number(hwm) / 1024)} MB, load ${os.loadavg()[0].toFixed(1)}`);
}

if (mode === 'make' && a && b) void make(a, b, Number(c ?? 2));
else if ((mode === 'stream' || mode === 'memory') && a) void merge(mode, a);
else {
  console.error('usage: npx tsx bench/mergeSegments.ts make <corpus> <segment folder> [workers] | stream <segment folder> | memory <segment folder>');
  process.exit(2);
}
