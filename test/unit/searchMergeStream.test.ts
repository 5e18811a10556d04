/**
 * The streaming merge of segment files into a search file (core/search/segmentMerge.ts)
 * against its specification, the in-memory merge (merge.ts): segments written as the index
 * workers write them (each worker's share of the documents, cut into consecutive segments),
 * merged both ways; the streamed file must be byte for byte the file the in-memory merged
 * index writes, and search like a sequential build.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { EmbeddedSearchIndex, IndexedDocInput, PostingSource } from '../../server/src/core/search/index';
import { mergeShards } from '../../server/src/core/search/merge';
import { fromParts, partsFromBytes, partsPieces } from '../../server/src/core/search/parts';
import { addDocument } from '../../server/src/core/search/postings';
import { Generation, searchFilePieces } from '../../server/src/core/search/searchFile';
import { SegmentMerge } from '../../server/src/core/search/segmentMerge';
import { SearchState } from '../../server/src/core/search/state';
import { lineDoc, tonedSymbolDocs, tonedSymbolForms } from '../helpers/searchDocs';

const GENERATION: Generation = [0x12345678, 0x9abcdef0];

/** A segment file's bytes, read through a source as the merging process reads it (positional reads), at `shift` bytes into its buffer. */
function sourceOf(bytes: Uint8Array, shift = 0): PostingSource {
  const buf = new Uint8Array(bytes.length + shift).subarray(shift);
  buf.set(bytes);
  return {
    size: buf.length,
    read: (offset, length) => {
      if (offset < 0 || offset + length > buf.length) throw new Error(`read past the end (${offset} + ${length} of ${buf.length})`);
      return buf.slice(offset, offset + length);
    },
  };
}

function concat(pieces: Iterable<Uint8Array>): Buffer {
  return Buffer.concat([...pieces]);
}

/**
 * Segment files of a build: documents (in id order) dealt to workers by `workerOf`; each
 * worker cuts its share into consecutive segments, starting a new one after `cut[k]`.
 */
function segmentFiles(docs: IndexedDocInput[], workerOf: number[], workers: number, cut: boolean[]): Uint8Array[] {
  const files: Uint8Array[] = [];
  const open: (SearchState | undefined)[] = Array.from({ length: workers }, () => undefined);
  const close = (w: number) => {
    if (open[w]) files.push(concat(partsPieces(open[w]!, 64)));
    open[w] = undefined;
  };
  docs.forEach((d, k) => {
    const w = workerOf[k];
    open[w] ??= new SearchState();
    addDocument(open[w]!, d);
    if (cut[k]) close(w);
  });
  for (let w = 0; w < workers; w++) close(w);
  return files;
}

function sequential(docs: IndexedDocInput[]): EmbeddedSearchIndex {
  const ix = new EmbeddedSearchIndex();
  for (const d of docs) ix.add(d);
  return ix;
}

/** The file both ways: streamed, and the in-memory merge of the segments read back, written. */
function bothWays(files: Uint8Array[], readBytes: number, pieceBytes: number): { streamed: Buffer; inMemory: Buffer; documents: number } {
  const merge = new SegmentMerge(
    files.map((f, i) => sourceOf(f, i % 3)),
    { readBytes, pieceBytes },
  );
  const streamed = concat(merge.pieces(GENERATION));
  const inMemory = concat(searchFilePieces(mergeShards(files.map((f) => fromParts(partsFromBytes(f)))), GENERATION));
  return { streamed, inMemory, documents: merge.documents };
}

const SYLLABLES = ['nghị', 'nghi', 'Nghĩ', 'quyết', 'quyet', 'hòa', 'hoà', 'bình', 'Binh', 'kỹ', 'kĩ', 'thuật', 'Đà', 'Nẵng', 'đa', 'ngân', 'hàng', 'nhà', 'nước', 'FDI', 'ASEAN', '34-NQ/TW', '35/2016/NQ-CP', 'Hà-Nội', 'số', '2020', 'a', 'ab', 'abc', 'Ă', '𝔸'];
const line = fc.array(fc.constantFrom(...SYLLABLES), { minLength: 1, maxLength: 12 }).map((w) => w.join(' '));
const text = fc.array(line, { minLength: 1, maxLength: 5 }).map((l) => l.join('\n'));
const QUERIES = ['nghi quyet', 'hòa bình', 'hoa binh', 'ky thuat', 'kĩ thuật', 'Đà Nẵng', '"ngân hàng nhà nước"', 'Nghị quyết 34', '35/2016/NQ-CP', 'ha-noi', 'FDI ASEAN', 'so 2020', 'abc'];

describe('search segments merged as a stream into a search file (segmentMerge.ts)', function () {
  this.timeout(120000);

  it('write the file the in-memory merge writes, and search as a sequential build (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(text, fc.integer({ min: 0, max: 3 }), fc.boolean()), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 500 }),
        (entries, workers, gap, readBytes, pieceBytes) => {
          // Ids ascend with gaps, as the CorpusIndex gives them after removals.
          const docs = entries.map(([t], i) => lineDoc(i * gap + 3, t));
          const files = segmentFiles(
            docs,
            entries.map(([, w]) => w % workers),
            workers,
            entries.map(([, , c]) => c),
          );
          const { streamed, inMemory, documents } = bothWays(files, readBytes, pieceBytes);
          assert.equal(documents, docs.length);
          assert.deepEqual(streamed, inMemory);
          const texts = new Map(docs.map((d) => [d.id, d.text]));
          const { index, generation } = EmbeddedSearchIndex.open(sourceOf(streamed));
          assert.deepEqual(generation, GENERATION);
          const a = sequential(docs);
          for (const q of QUERIES) {
            for (const exact of [false, true]) assert.deepEqual(index.search(q, { limit: 10, exact }, (id) => texts.get(id) ?? ''), a.search(q, { limit: 10, exact }, (id) => texts.get(id) ?? ''), q);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('renumbers spellings across the 255 line both ways, as the in-memory merge does', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(tonedSymbolForms(), { minLength: 700, maxLength: 900 }), fc.integer({ min: 2, max: 3 }), fc.integer({ min: 0, max: 1000 }), (picked, workers, seed) => {
        const docs = tonedSymbolDocs(picked);
        const files = segmentFiles(
          docs,
          docs.map((_, i) => (i + seed) % workers),
          workers,
          docs.map((_, i) => (i * 7 + seed) % 97 === 0),
        );
        const { streamed, inMemory } = bothWays(files, 4096, 1 << 16);
        assert.deepEqual(streamed, inMemory);
      }),
      { numRuns: 10 },
    );
  });

  it('merges no segments into an empty file, and refuses segments that share a document', () => {
    const { streamed, inMemory } = bothWays([], 100, 100);
    assert.deepEqual(streamed, inMemory);
    assert.equal(EmbeddedSearchIndex.open(sourceOf(streamed)).index.documentCount, 0);
    const one = new SearchState();
    addDocument(one, lineDoc(1, 'một'));
    const two = new SearchState();
    addDocument(two, lineDoc(1, 'hai'));
    assert.throws(() => new SegmentMerge([sourceOf(concat(partsPieces(one))), sourceOf(concat(partsPieces(two)))]), /document 1 is in two shards/);
  });

  it('refuses a file that is not a segment, with the reason', () => {
    assert.throws(() => new SegmentMerge([sourceOf(new Uint8Array([1, 2]))]), /segment 0: search parts: too short/);
    const bytes = concat(partsPieces(sequentialState(['Nghị quyết', 'hòa bình'])));
    assert.throws(() => new SegmentMerge([sourceOf(bytes.subarray(0, bytes.length - 8))]), /segment 0: search parts: a section runs past the end/);
  });
});

function sequentialState(texts: string[]): SearchState {
  const s = new SearchState();
  texts.forEach((t, i) => addDocument(s, lineDoc(i, t)));
  return s;
}
