/**
 * Merging search shards (core/search/merge.ts): documents split into random shards, each
 * indexed on its own and merged, give exactly the index a sequential build gives (same
 * serialized image, same search results) — the specification of the parallel cold build.
 */
import { strict as assert } from 'node:assert';
import * as v8 from 'node:v8';
import fc from 'fast-check';
import { EmbeddedSearchIndex, IndexedDocInput } from '../../server/src/core/search/index';
import { mergeShards } from '../../server/src/core/search/merge';
import { addDocument, removeDocument } from '../../server/src/core/search/postings';
import { SearchState } from '../../server/src/core/search/state';
import { fromParts, partsFromBytes, partsPieces, SearchParts, toParts } from '../../server/src/core/search/parts';
import { lineDoc, tonedSymbolDocs, tonedSymbolForms } from '../helpers/searchDocs';

const doc = (id: number, text: string) => lineDoc(id, text);

function sequential(docs: IndexedDocInput[]): EmbeddedSearchIndex {
  const ix = new EmbeddedSearchIndex();
  for (const d of [...docs].sort((a, b) => a.id - b.id)) ix.add(d);
  return ix;
}

/** Each shard adds its documents in id order, as an index worker gets them. */
function shardsOf(docs: IndexedDocInput[], shardOf: number[], shards: number): SearchState[] {
  const states = Array.from({ length: shards }, () => new SearchState());
  const order = docs.map((d, i) => [d, shardOf[i]] as const).sort((a, b) => a[0].id - b[0].id);
  for (const [d, s] of order) addDocument(states[s], d);
  return states;
}

function sharded(docs: IndexedDocInput[], shardOf: number[], shards: number): EmbeddedSearchIndex {
  return new EmbeddedSearchIndex(mergeShards(shardsOf(docs, shardOf, shards)));
}

/** The index moved as the workers move it: parts, v8-serialized (a shard's file; the IPC link's 'advanced' serialization is the same serializer), rebuilt. */
function moved(state: SearchState): EmbeddedSearchIndex {
  return new EmbeddedSearchIndex(fromParts(throughV8(toParts(state))));
}

/** A shard as the workers write it to its file and read it back (partsPieces → one buffer → partsFromBytes). */
function throughFile(state: SearchState): SearchParts {
  const pieces = [...partsPieces(state, 64)];
  const file = Buffer.concat(pieces);
  // Also from a misaligned copy: the arrays are then copied, not viewed.
  const shifted = new Uint8Array(file.length + 1).subarray(1);
  shifted.set(file);
  assert.deepEqual(partsFromBytes(shifted), partsFromBytes(file));
  return partsFromBytes(file);
}

function throughV8(parts: SearchParts): SearchParts {
  return v8.deserialize(v8.serialize(parts)) as SearchParts;
}

// Syllables with the same folded key and several spellings, i/y variants, symbols and references.
const SYLLABLES = ['nghị', 'nghi', 'Nghĩ', 'quyết', 'quyet', 'hòa', 'hoà', 'bình', 'Binh', 'kỹ', 'kĩ', 'thuật', 'Đà', 'Nẵng', 'đa', 'ngân', 'hàng', 'nhà', 'nước', 'FDI', 'ASEAN', '34-NQ/TW', '35/2016/NQ-CP', 'Hà-Nội', 'số', '2020'];
const line = fc.array(fc.constantFrom(...SYLLABLES), { minLength: 1, maxLength: 12 }).map((w) => w.join(' '));
const text = fc.array(line, { minLength: 1, maxLength: 5 }).map((l) => l.join('\n'));
const QUERIES = ['nghi quyet', 'hòa bình', 'hoa binh', 'ky thuat', 'kĩ thuật', 'Đà Nẵng', '"ngân hàng nhà nước"', 'Nghị quyết 34', '35/2016/NQ-CP', 'ha-noi', 'FDI ASEAN', 'so 2020'];

function results(ix: EmbeddedSearchIndex, texts: Map<number, string>) {
  return QUERIES.flatMap((q) => [false, true].map((exact) => ix.search(q, { limit: 10, exact }, (id) => texts.get(id) ?? '')));
}

describe('search shards merged (merge.ts) and moved as parts (parts.ts)', function () {
  this.timeout(120000);
  it('give the serialized image and search results of a sequential build (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(text, fc.integer({ min: 0, max: 3 })), { minLength: 1, maxLength: 25 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 5 }),
        (entries, shards, gap) => {
          // Ids ascend with gaps, as the CorpusIndex gives them after removals.
          const docs = entries.map(([t], i) => doc(i * gap + 3, t));
          const shardOf = entries.map(([, s]) => s % shards);
          const texts = new Map(docs.map((d) => [d.id, d.text]));
          const a = sequential(docs);
          const shardStates = shardsOf(docs, shardOf, shards);
          const b = new EmbeddedSearchIndex(mergeShards(shardStates));
          assert.deepEqual(results(b, texts), results(a, texts));
          assert.deepEqual(Buffer.from(b.serialize()), Buffer.from(a.serialize()));
          // Moved between processes as parts (shards to the merging worker through files, in
          // small chunks so streams straddle them; the result to the main thread over IPC).
          const c = moved(mergeShards(shardStates.map((s) => fromParts(throughFile(s)))));
          assert.deepEqual(results(c, texts), results(a, texts));
          assert.deepEqual(Buffer.from(c.serialize()), Buffer.from(a.serialize()));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('renumbers spellings across the 255 line both ways (re-encoding "mixed" entries)', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(tonedSymbolForms(), { minLength: 700, maxLength: 900 }), fc.integer({ min: 2, max: 3 }), fc.integer({ min: 0, max: 1000 }), (picked, shards, seed) => {
        // Shard i gets every shards-th document, rotated by seed.
        const docs = tonedSymbolDocs(picked);
        const shardOf = docs.map((_, i) => (i + seed) % shards);
        const texts = new Map(docs.map((d) => [d.id, d.text]));
        const a = sequential(docs);
        const b = sharded(docs, shardOf, shards);
        assert.deepEqual(Buffer.from(b.serialize()), Buffer.from(a.serialize()));
        for (const q of [picked[0], picked[picked.length - 1], 'ma-ma-ma-ma']) {
          for (const exact of [false, true]) assert.deepEqual(b.search(q, { limit: 5, exact }, (id) => texts.get(id) ?? ''), a.search(q, { limit: 5, exact }, (id) => texts.get(id) ?? ''), q);
        }
      }),
      { numRuns: 20 },
    );
  });

  it('drops documents removed from a shard, as serialize does', () => {
    const texts = ['Nghị quyết số 34\nBộ Chính trị', 'Hòa bình\nĐà Nẵng', 'Kỹ thuật\nngân hàng nhà nước', 'Nghị quyết\nhoà bình'];
    const docs = texts.map((t, i) => doc(i, t));
    const one = new SearchState();
    const two = new SearchState();
    docs.forEach((d, i) => addDocument(i % 2 ? two : one, d));
    removeDocument(one, 2);
    const merged = new EmbeddedSearchIndex(mergeShards([one, two]));
    const expected = sequential(docs.filter((d) => d.id !== 2));
    assert.equal(merged.documentCount, 3);
    assert.deepEqual(merged.search('ky thuat', { limit: 5 }, () => ''), expected.search('ky thuat', { limit: 5 }, () => ''));
    assert.deepEqual(merged.search('hoa binh', { limit: 5 }, (id) => texts[id]), expected.search('hoa binh', { limit: 5 }, (id) => texts[id]));
  });

  it('refuses shards that share a document or whose ids do not ascend', () => {
    const a = new SearchState();
    const b = new SearchState();
    addDocument(a, doc(1, 'một'));
    addDocument(b, doc(1, 'hai'));
    assert.throws(() => mergeShards([a, b]), /document 1 is in two shards/);
    const c = new SearchState();
    addDocument(c, doc(5, 'ba'));
    addDocument(c, doc(4, 'bốn'));
    assert.throws(() => mergeShards([c]), /do not ascend/);
  });

  it('merges nothing into an empty index', () => {
    const ix = new EmbeddedSearchIndex(mergeShards([]));
    assert.equal(ix.documentCount, 0);
    assert.deepEqual(Buffer.from(ix.serialize()), Buffer.from(new EmbeddedSearchIndex().serialize()));
    assert.deepEqual(Buffer.from(moved(mergeShards([new SearchState()])).serialize()), Buffer.from(new EmbeddedSearchIndex().serialize()));
  });
});
