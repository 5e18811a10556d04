/**
 * The search file (`.plsx`, core/search/searchFile.ts): postings read on demand through a
 * bounded cache, the compact dictionary, the in-memory delta after a warm start, merges.
 * The all-in-memory index is the specification: the same operations on both give the same
 * answers. The file bytes come from the real writer; `bufferSource` reads them from a
 * buffer instead of a file (the host's file source is tested in cache.test.ts).
 */
import { strict as assert } from 'node:assert';
import * as zlib from 'node:zlib';
import fc from 'fast-check';
import { EmbeddedSearchIndex, Generation, SearchFileError, SearchOptions, bufferSource } from '../../server/src/core/search/index';
import { lineDoc } from '../helpers/searchDocs';
import { CompactTerms, encodeSpellings, encodeTermKeys } from '../../server/src/core/search/termKeys';
import { crc32 } from '../../server/src/core/search/diskPostings';

const doc = lineDoc;

const GEN: Generation = [0x12345678, 0x9abcdef0];

function fileOf(index: EmbeddedSearchIndex, generation = GEN, pieceBytes?: number): Uint8Array {
  return new Uint8Array(Buffer.concat([...index.filePieces(generation, { pieceBytes })]));
}

/** A source whose every read is a buffer of its own, as the host's file source gives (the index then takes its columns as views of it). */
function ownReads(bytes: Uint8Array) {
  return { size: bytes.length, read: (offset: number, length: number) => bytes.slice(offset, offset + length) };
}

/** An index and its texts; `disk` makes it file-backed (written, then opened from the bytes). */
class Side {
  texts = new Map<number, string>();
  /** The file it was last opened from, and a copy of it: the index never writes into a source's bytes. */
  file: { bytes: Uint8Array; copy: Uint8Array } | undefined;
  constructor(
    public index: EmbeddedSearchIndex,
    readonly cacheBytes = 256,
    /** Pieces of the written file (1 byte: every term crosses a piece boundary). */
    readonly pieceBytes?: number,
    /** Open through `ownReads` instead of `bufferSource` (views of the buffer). */
    readonly own = false,
  ) {}
  add(id: number, text: string) {
    this.texts.set(id, text);
    this.index.add(doc(id, text));
  }
  remove(id: number) {
    this.texts.delete(id);
    this.index.remove(id);
  }
  /** Writes the merged file and reopens from it (what the host does after a cache write). */
  persist() {
    const bytes = fileOf(this.index, GEN, this.pieceBytes);
    this.file = { bytes, copy: bytes.slice() };
    this.index = EmbeddedSearchIndex.open(this.own ? ownReads(bytes) : bufferSource(bytes), { cacheBytes: this.cacheBytes }).index;
  }
  search(q: string, opts: SearchOptions = {}) {
    return this.index.search(q, { limit: 50, ...opts }, (id) => this.texts.get(id) ?? '');
  }
}

const TEXTS = ['Biển Đông\nTự do hàng hải ở Biển Đông, theo 34-NQ/TW.', 'Hoà bình\nhòa bình và hợp tác ở biển'.normalize('NFD'), 'Tỷ giá\nNgân hàng Nhà nước công bố tỷ giá trung tâm.', 'Nghị quyết 35/2016/NQ-CP\nvề hỗ trợ doanh nghiệp, hòa bình.'];

describe('search file', () => {
  describe('round trip', () => {
    const mem = new Side(new EmbeddedSearchIndex());
    TEXTS.forEach((t, i) => mem.add(i, t));
    const bytes = fileOf(mem.index);
    const disk = new Side(EmbeddedSearchIndex.open(bufferSource(bytes)).index);
    disk.texts = mem.texts;
    const cases: [string, SearchOptions][] = [
      ['bien dong', {}],
      ['34-NQ/TW', {}],
      ['Nghị quyết 35', {}],
      ['hoà bình', { exact: true }],
      ['tỉ giá', {}],
      ['"hop tac"', {}],
      ['CSP', { expansions: [{ form: 'CSP', alternatives: ['hòa bình'] }] }],
    ];
    for (const [q, opts] of cases) it(`"${q}" ${JSON.stringify(opts)}: same answer from the file`, () => assert.deepEqual(disk.search(q, opts), mem.search(q, opts)));
    it('keeps the generation, and postings are not in the heap', () => {
      const opened = EmbeddedSearchIndex.open(bufferSource(bytes));
      assert.deepEqual(opened.generation, GEN);
      assert.equal(opened.index.fileBacked, true);
      assert.equal(opened.index.memory.heapPostingBytes, 0);
      assert.equal(opened.index.postingBytes, mem.index.postingBytes);
      assert.equal(opened.index.termCount, mem.index.termCount);
    });
    it('a file written from a file-backed index is the same file', () => {
      assert.deepEqual(fileOf(EmbeddedSearchIndex.open(bufferSource(bytes)).index), bytes);
    });
  });

  describe('bad files fail with a reason, never with wrong results', () => {
    const mem = new Side(new EmbeddedSearchIndex());
    TEXTS.forEach((t, i) => mem.add(i, t));
    const bytes = fileOf(mem.index);
    const open = (b: Uint8Array) => EmbeddedSearchIndex.open(bufferSource(b));
    const table: [string, (b: Uint8Array) => Uint8Array, RegExp][] = [
      ['empty', () => new Uint8Array(0), /truncated search file/],
      ['not ours', (b) => new Uint8Array(b.length), /not a Policy Lens search file/],
      ['another version', (b) => (new DataView(b.buffer).setUint32(4, 99, true), b), /version 99/],
      ['cut short', (b) => b.slice(0, b.length - 100), /truncated search file \(no trailer\)/],
      ['cut at the middle', (b) => b.slice(0, b.length >> 1), /truncated/],
      ['a flipped byte in the dictionary', (b) => (b[b.length - 200] ^= 1, b), /checksum/],
      ['a flipped byte in the trailer', (b) => (b[b.length - 30] ^= 1, b), /trailer checksum/],
    ];
    for (const [what, damage, reason] of table)
      it(`${what}: ${reason}`, () => {
        assert.throws(() => open(damage(bytes.slice())), (e: Error) => e instanceof SearchFileError && reason.test(e.message));
      });
    it('a flipped byte in the postings: the query that reads it throws SearchFileError, and so does every later read', () => {
      const b = bytes.slice();
      b[20] ^= 0x40; // the first term's postings (header is 16 bytes)
      const ix = open(b).index;
      const read = (id: number) => mem.texts.get(id) ?? '';
      let failed = 0;
      for (const q of ['biển', 'hòa bình', 'tỷ giá', 'ngân hàng', '34-nq/tw', 'nghị quyết', 'doanh nghiệp', '2016']) {
        try {
          assert.deepEqual(ix.search(q, {}, read), mem.index.search(q, {}, read), q);
        } catch (e) {
          assert.ok(e instanceof SearchFileError, String(e));
          assert.match((e as Error).message, /checksum/);
          failed++;
        }
      }
      // The first term in key order is '16' or '2016' (digits sort first): read by '2016'.
      assert.ok(failed >= 1);
    });
    it('a read error of the source is a SearchFileError naming it', () => {
      const src = bufferSource(bytes);
      let fail = false;
      const flaky = { size: src.size, read: (o: number, n: number) => (fail ? (() => { throw new Error('EIO: i/o error'); })() : src.read(o, n)) };
      const ix = EmbeddedSearchIndex.open(flaky, { cacheBytes: 0 }).index;
      fail = true;
      assert.throws(() => ix.search('biển', {}, () => ''), (e: Error) => e instanceof SearchFileError && /EIO/.test(e.message));
    });
  });

  it("the core's CRC-32 is zlib's (the host writes and checks files with Node's)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(), (b, seed) => {
        assert.equal(crc32(b), zlib.crc32(b));
        assert.equal(crc32(b, seed >>> 0), zlib.crc32(b, seed >>> 0));
      }),
    );
    const mem = new EmbeddedSearchIndex();
    TEXTS.forEach((t, i) => mem.add(doc(i, t)));
    assert.deepEqual(new Uint8Array(Buffer.concat([...mem.filePieces(GEN, { checksum: zlib.crc32 })])), fileOf(mem));
  });

  describe('the compact dictionary', () => {
    it('finds every key by its rank, and nothing else (property)', () => {
      const key = fc.string({ unit: fc.constantFrom(...'abcdđưy0129-/ệ😀'.split(/(?:)/u)), minLength: 1, maxLength: 8 });
      fc.assert(
        fc.property(fc.uniqueArray(key, { maxLength: 80 }), fc.array(key, { maxLength: 10 }), (keys, probes) => {
          const sorted = [...keys].sort();
          const spell = sorted.map((k) => [k.toUpperCase(), k]);
          const terms = new CompactTerms(encodeTermKeys(sorted), encodeSpellings(spell), sorted.length);
          sorted.forEach((k, i) => {
            assert.equal(terms.lookup(k), i);
            assert.equal(terms.keyOf(i), k);
            assert.deepEqual(terms.spellings(i), spell[i]);
          });
          for (const p of probes) assert.equal(terms.lookup(p), sorted.indexOf(p));
        }),
        { numRuns: 300 },
      );
    });
  });

  describe('properties: file + delta rank as one in-memory index', () => {
    const VOCAB = ['hoà', 'hòa', 'hoa', 'bình', 'biển', 'biến', 'đông', 'thủy', 'thuỷ', 'tỷ', 'tỉ', 'giá', 'của', 'và', 'các', 'Nghị', 'quyết', '34-NQ/TW', '35/2016/NQ-CP', 'Việt', 'Nam', 'ASEAN', '2017', 'mới', 'xyz'];
    const word = fc.constantFrom(...VOCAB);
    const text = fc.array(fc.array(word, { minLength: 1, maxLength: 10 }), { minLength: 1, maxLength: 4 }).map((lines) => lines.map((l) => l.join(' ')).join('\n'));
    type Op = { kind: 'add'; id: number; text: string } | { kind: 'remove'; id: number } | { kind: 'persist' };
    const op: fc.Arbitrary<Op> = fc.oneof(
      { weight: 5, arbitrary: fc.record({ kind: fc.constant('add' as const), id: fc.integer({ min: 0, max: 30 }), text }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('remove' as const), id: fc.integer({ min: 0, max: 30 }) }) },
      { weight: 1, arbitrary: fc.constant({ kind: 'persist' as const }) },
    );
    const query = fc.tuple(fc.array(word, { minLength: 1, maxLength: 3 }), fc.constantFrom('free', 'quoted', 'exact', 'expanded')).map(([ws, mode]) => ({ ws, mode }));
    it('random corpora, written and read back, then random adds, removes and merges', function () {
      this.timeout(120000);
      fc.assert(
        fc.property(fc.array(text, { minLength: 1, maxLength: 20 }), fc.array(op, { maxLength: 25 }), fc.array(query, { minLength: 1, maxLength: 4 }), fc.constantFrom(0, 64, 1 << 20), fc.constantFrom(1, 5, 64, undefined), fc.boolean(), (start, ops, queries, cacheBytes, pieceBytes, own) => {
          const spec = new Side(new EmbeddedSearchIndex());
          const disk = new Side(new EmbeddedSearchIndex(), cacheBytes, pieceBytes, own);
          start.forEach((t, i) => {
            spec.add(i, t);
            disk.add(i, t);
          });
          // The warm start: the file written after the build, opened.
          spec.index.compact();
          disk.persist();
          const check = () => {
            for (const { ws, mode } of queries) {
              const q = mode === 'quoted' ? `"${ws.join(' ')}"` : ws.join(' ');
              const opts: SearchOptions = mode === 'exact' ? { exact: true } : mode === 'expanded' ? { expansions: [{ form: ws[0], alternatives: ['biển đông', 'ASEAN'] }] } : {};
              assert.deepEqual(disk.search(q, opts), spec.search(q, opts), `${q} ${mode}`);
            }
            assert.deepEqual(disk.file!.bytes, disk.file!.copy, 'the bytes it reads are never written');
          };
          check();
          for (const o of ops) {
            if (o.kind === 'add') {
              spec.add(o.id, o.text);
              disk.add(o.id, o.text);
            } else if (o.kind === 'remove') {
              spec.remove(o.id);
              disk.remove(o.id);
            } else {
              // A merge: the file drops deleted documents as compaction does in memory.
              spec.index.compact();
              disk.persist();
            }
            check();
          }
          assert.equal(disk.index.documentCount, spec.index.documentCount);
        }),
        { numRuns: 120 },
      );
    });
  });
});
