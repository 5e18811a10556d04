/**
 * Analyses held in parts (core/analysisCodec.ts) and the store of their rests
 * (core/analysisStore.ts): the parts join back into the analyzer's output, the rest's bytes
 * decode to what was encoded, the store moves documents to a record source and back without
 * changing what `analysis` gives, and a record that cannot be read is reported, not thrown.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { analyzeDocument, DocumentAnalysis } from '../../server/src/core/analyze';
import { decodeRest, encodeRest, joinAnalysis, splitAnalysis } from '../../server/src/core/analysisCodec';
import { RecordSource } from '../../server/src/core/analysisStore';
import { CorpusIndex } from '../../server/src/core/corpusIndex';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'vn-news');
const plain = (a: DocumentAnalysis) => JSON.parse(JSON.stringify(a));

function analyses(kind: 'corpus' | 'brief', count: number): DocumentAnalysis[] {
  return fs
    .readdirSync(FIXTURES)
    .filter((n) => n.endsWith('.txt'))
    .sort()
    .slice(0, count)
    .map((n) => analyzeDocument(`file:///c/${n}`, fs.readFileSync(path.join(FIXTURES, n), 'utf8'), { kind }));
}

/** Records in an array, as the host's cache file would hold them; `damaged` rows fail like a bad checksum. */
class ArraySource implements RecordSource {
  released = false;
  readonly rows: Uint8Array[] = [];
  readonly damaged = new Set<number>();
  read(row: number): Uint8Array {
    if (this.damaged.has(row)) throw new Error(`record ${row} fails its checksum`);
    return this.rows[row];
  }
  release(): void {
    this.released = true;
  }
}

describe('analyses in parts', () => {
  it('split then joined gives the analysis back (vn-news pages as corpus and as briefs)', () => {
    for (const a of [...analyses('corpus', 120), ...analyses('brief', 30)]) {
      const { summary, sites, rest } = splitAnalysis(a);
      assert.deepEqual(plain(joinAnalysis(a.uri, summary, sites, rest)), plain(a), a.uri);
      assert.deepEqual(plain(joinAnalysis(a.uri, summary, sites, decodeRest(encodeRest(rest)))), plain(a), `${a.uri} through bytes`);
    }
  });

  it('a rest survives its bytes (random spans and uses)', () => {
    const range = fc.record({ start: fc.record({ line: fc.nat(), character: fc.nat() }), end: fc.record({ line: fc.nat(), character: fc.nat() }) });
    const use = fc.record({ startOffset: fc.nat(), endOffset: fc.nat(), range, acronym: fc.string(), key: fc.string() });
    fc.assert(
      fc.property(fc.array(fc.record({ start: fc.nat(), end: fc.nat() })), fc.array(use, { maxLength: 5 }), (body, uses) => {
        assert.deepEqual(decodeRest(encodeRest({ body, uses })), JSON.parse(JSON.stringify({ body, uses })));
      }),
      { numRuns: 300 },
    );
  });

  it('bytes that are not a rest are refused', () => {
    for (const bad of ['', '{"a":1}', '[[1,2,3]]', 'not json']) assert.throws(() => decodeRest(new TextEncoder().encode(bad)), bad);
  });
});

describe('analysis store', () => {
  const docs = analyses('corpus', 40);

  function corpusOf(cacheSize?: number): CorpusIndex {
    const corpus = new CorpusIndex({ cacheSize });
    docs.forEach((a, i) => corpus.add({ uri: a.uri, path: `/c/${i}.txt`, bytes: 1, mtimeMs: 0, analysis: a }));
    return corpus;
  }

  it('gives every analysis back from memory, whatever the size of the decoded cache', () => {
    for (const size of [1, 3, 1024]) {
      const corpus = corpusOf(size);
      for (let round = 0; round < 2; round++) for (const a of docs) assert.deepEqual(plain(corpus.get(a.uri)!.analysis), plain(a), `${a.uri}, cache ${size}`);
    }
  });

  it('moves documents to a record source, skips one that changed since it was noted, and lets go of the memory', () => {
    const corpus = corpusOf();
    const store = corpus.store;
    assert.ok(store.memoryBytes > 0);
    const all = [...corpus.documents()];
    const noted = all.map((d) => store.location(d.id)!);
    const source = new ArraySource();
    noted.forEach((loc) => source.rows.push(store.bytesAt(loc)));
    // A document replaced after the writer noted it keeps its new analysis.
    const changed = all[3];
    const replacement = { ...docs[0], uri: changed.uri };
    const again = corpus.add({ uri: changed.uri, path: changed.path, bytes: 1, mtimeMs: 0, analysis: replacement });
    store.relocate(
      source,
      noted.map((was, row) => ({ was, row })),
    );
    assert.equal(source.released, false);
    assert.ok(store.location(again.id)?.memory, 'the changed document stays in memory');
    for (const d of all) if (d !== changed) assert.equal(store.location(d.id)?.source, source, d.uri);
    assert.deepEqual(plain(corpus.get(changed.uri)!.analysis), plain(replacement));
    for (const a of docs) if (a.uri !== changed.uri) assert.deepEqual(plain(corpus.get(a.uri)!.analysis), plain(a));
    // Every document gone from the source: it is released.
    for (const d of all) if (d !== changed) corpus.remove(d.uri);
    assert.equal(source.released, true);
  });

  it('reports a record that cannot be read once per read, and gives an empty rest', () => {
    const corpus = corpusOf();
    const source = new ArraySource();
    const all = [...corpus.documents()];
    const noted = all.map((d) => corpus.store.location(d.id)!);
    noted.forEach((loc) => source.rows.push(corpus.store.bytesAt(loc)));
    corpus.store.relocate(
      source,
      noted.map((was, row) => ({ was, row })),
    );
    const withBody = all.findIndex((d) => docs[all.indexOf(d)].body.length > 0);
    source.damaged.add(withBody);
    const reports: string[] = [];
    corpus.onUnreadable = (doc, reason) => reports.push(`${doc.uri}: ${reason}`);
    const a = all[withBody].analysis;
    assert.deepEqual(a.body, []);
    assert.deepEqual(a.definitions, docs[withBody].definitions, 'sites do not come from the record');
    assert.deepEqual(reports, [`${all[withBody].uri}: record ${withBody} fails its checksum`]);
  });
});
