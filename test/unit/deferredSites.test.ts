/**
 * A warm start's sites filed after ready (core/deferredSites.ts, CorpusIndex.deferSites):
 * every read of the index gives what an index that filed everything at once gives, whether
 * it comes before any filing, between slices or after; the status's figures come from the
 * persisted figures without filing anything; and `tableFiguresOf`, the writer's shortcut,
 * equals what the tables say (property test on random sets and orders of documents).
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { analyzeDocument, DocumentAnalysis } from '../../server/src/core/analyze';
import { AnalysisSites, splitAnalysis } from '../../server/src/core/analysisCodec';
import { RecordSource } from '../../server/src/core/analysisStore';
import { CorpusIndex } from '../../server/src/core/corpusIndex';
import { PendingSites, tableFiguresOf } from '../../server/src/core/deferredSites';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'vn-news');
const SEEDS = path.join(__dirname, '..', '..', 'seeds');

/** Corpus pages with acronym definitions, attributions, references and relations among them. */
function analyses(): DocumentAnalysis[] {
  const read = (dir: string, n: number) =>
    fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.txt') || f.endsWith('.md'))
      .sort()
      .slice(0, n)
      .map((f) => analyzeDocument(`file://${path.join(dir, f)}`, fs.readFileSync(path.join(dir, f), 'utf8'), { kind: 'corpus' }));
  const extra = [
    'Hợp tác\nTổ chức Y tế Thế giới (WHO) khuyến cáo. Nghị định số 30/2020/NĐ-CP ngày 5/3/2020 của Chính phủ thay thế Nghị định số 110/2004/NĐ-CP.\n',
    'Y tế\nTổ chức Y tế Thế giới (WHO) và Quỹ Tiền tệ Quốc tế (IMF). Theo Nghị định 30/2020/NĐ-CP, WHO (theo Reuters).\n',
  ].map((text, i) => analyzeDocument(`file:///extra/${i}.txt`, text, { kind: 'corpus' }));
  return [...read(SEEDS, 5), ...read(FIXTURES, 60), ...extra];
}

const NO_RECORDS: RecordSource = { read: () => new Uint8Array(0), release: () => undefined };

/** The sites as a cache holds them: only the documents that have any, in id order. */
class ArraySites implements PendingSites {
  released = false;
  constructor(private readonly entries: { id: number; sites: AnalysisSites }[]) {}
  get count(): number {
    return this.entries.length;
  }
  id(i: number): number {
    return this.entries[i].id;
  }
  sites(i: number): AnalysisSites {
    return structuredClone(this.entries[i].sites);
  }
  release(): void {
    this.released = true;
  }
}

/** Every document added at once (a cold build). */
function filedAtOnce(docs: DocumentAnalysis[]): CorpusIndex {
  const index = new CorpusIndex();
  docs.forEach((analysis, i) => index.add({ uri: analysis.uri, path: analysis.uri.slice(7), bytes: 100 + i, mtimeMs: 1, analysis }, i + 1));
  return index;
}

/** The same documents restored with their sites deferred (a warm start before ready). */
function restored(docs: DocumentAnalysis[]): { index: CorpusIndex; sites: ArraySites } {
  const index = new CorpusIndex();
  const entries: { id: number; sites: AnalysisSites }[] = [];
  docs.forEach((analysis, i) => {
    const { summary, sites } = splitAnalysis(analysis);
    index.restore({ uri: analysis.uri, path: analysis.uri.slice(7), bytes: 100 + i, mtimeMs: 1, summary }, i + 1, NO_RECORDS, i);
    if (sites) entries.push({ id: i + 1, sites: structuredClone(sites) });
  });
  const sites = new ArraySites(entries);
  index.deferSites(sites, tableFiguresOf(entries.map((e) => e.sites)));
  return { index, sites };
}

const plain = (x: unknown) => JSON.parse(JSON.stringify(x, (k, v) => (k === 'doc' ? v.uri : v)));

/** One read of the index, as plain data; `files`: whether it needs the tables (so files every deferred site first). */
interface Read {
  name: string;
  files: boolean;
  read: (c: CorpusIndex) => unknown;
}

const READS: Read[] = [
  { name: 'stats', files: false, read: (c) => c.stats() },
  { name: 'acronym keys', files: false, read: (c) => [...c.acronymKeys()] },
  { name: 'definitions of WHO', files: true, read: (c) => c.definitionsOf('WHO') },
  { name: 'definitions by long form', files: true, read: (c) => c.definitionsByLongForm('Tổ chức Y tế Thế giới') },
  { name: 'attributions', files: true, read: (c) => [...c.acronymKeys()].flatMap((k) => c.attributionsOf(k)) },
  { name: 'references of 30/2020/NĐ-CP', files: true, read: (c) => c.referencesOf('30/2020/NĐ-CP') },
  { name: 'reference keys', files: true, read: (c) => [...c.referenceKeys()] },
  { name: 'resolver index', files: true, read: (c) => ((r) => ({ size: r.size, byNumber: [...r.byNumber], byMeeting: [...r.byMeeting], byKey: [...r.byKey] }))(c.resolverIndex()) },
  { name: 'register', files: true, read: (c) => [...c.register.keys()].map((k) => [k, c.register.mentionsOf(k), c.register.record(k)]) },
  { name: 'a document\'s sites', files: true, read: (c) => [...c.documents()].map((d) => d.sites) },
  { name: 'a document\'s whole analysis', files: true, read: (c) => [...c.documents()].map((d) => ({ ...d.analysis, body: [], uses: [] })) },
];

describe('sites filed after ready', () => {
  const docs = analyses();
  const once = filedAtOnce(docs);

  it('the corpus has sites of every kind to file', () => {
    const s = once.stats();
    assert.ok(s.acronyms > 1 && s.references > 1, JSON.stringify(s));
    assert.ok(once.definitionsOf('WHO').length >= 2 && once.referencesOf('30/2020/NĐ-CP').length >= 2);
  });

  for (const { name, files, read } of READS) {
    it(`${name}: the same before any filing as filed at once${files ? ', and it files them' : ', without filing'}`, () => {
      const { index, sites } = restored(docs);
      assert.equal(index.deferred, true);
      assert.deepEqual(plain(read(index)), plain(read(once)));
      assert.equal(index.deferred, !files);
      assert.equal(sites.released, files, 'the bytes are let go once every site is filed');
    });

    it(`${name}: the same after filing in slices`, () => {
      const { index } = restored(docs);
      let slices = 0;
      while (!index.fileSome(3)) slices++;
      assert.ok(slices > 1);
      assert.deepEqual(plain(read(index)), plain(read(once)));
    });
  }

  it('a document added or removed while sites wait: the rest are filed first, as a cold build would have them', () => {
    const { index } = restored(docs);
    index.fileSome(2);
    const gone = docs[docs.length - 1];
    index.remove(gone.uri);
    assert.equal(index.deferred, false);
    const expected = filedAtOnce(docs);
    expected.remove(gone.uri);
    for (const { read } of READS) assert.deepEqual(plain(read(index)), plain(read(expected)));
  });

  it('a record that cannot be decoded is reported, and its document has no sites', () => {
    const { index } = restored(docs);
    const bad = new ArraySites([{ id: 1, sites: splitAnalysis(docs[0]).sites! }]);
    bad.sites = () => {
      throw new Error('not a sites record');
    };
    const fresh = new CorpusIndex();
    docs.slice(0, 2).forEach((a, i) => fresh.restore({ uri: a.uri, path: a.uri.slice(7), bytes: 1, mtimeMs: 1, summary: splitAnalysis(a).summary }, i + 1, NO_RECORDS, i));
    const reported: string[] = [];
    fresh.onUnreadable = (doc, reason) => reported.push(`${doc.uri}: ${reason}`);
    fresh.deferSites(bad, tableFiguresOf([]));
    assert.deepEqual(fresh.getById(1)!.sites.definitions, []);
    assert.deepEqual(reported, [`${docs[0].uri}: not a sites record`]);
    assert.ok(index.deferred);
  });

  it('the written figures equal the tables\' (random sets and orders of documents)', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(docs, { minLength: 0, maxLength: 25 }), (picked) => {
        const index = filedAtOnce(picked);
        const sites = picked.map((a) => splitAnalysis(a).sites).filter((s): s is AnalysisSites => s !== undefined);
        const figures = tableFiguresOf(sites);
        assert.deepEqual(figures.acronymKeys, [...index.acronymKeys()]);
        assert.equal(figures.references, index.stats().references);
      }),
      { numRuns: 60 },
    );
  });
});
