/**
 * Documents that share a key (core/documents/editions.ts): Party numbering starts again each
 * term, so one symbol names documents decades apart. A small corpus of articles in, the card
 * a brief's mention gets out (cursor marker `|`), and what it says of the other document.
 */
import { strict as assert } from 'node:assert';
import { analyzeDocument } from '../../server/src/core/analyze';
import { CorpusIndex } from '../../server/src/core/corpusIndex';
import { splitEditions } from '../../server/src/core/documents/editions';
import type { FeatureContext } from '../../server/src/features/context';
import { documentCardAt, documentCardForKey } from '../../server/src/features/documentCard';
import { hover } from '../../server/src/features/hover';
import { bundledGlossary, cursor, openBrief } from './briefHelpers';

const ARTICLES = [
  'Cải cách tư pháp\n\nNghị quyết số 49-NQ/TW ngày 2/6/2005 của Bộ Chính trị về Chiến lược cải cách tư pháp đến năm 2020 đã đạt nhiều kết quả.',
  'Hai mươi năm cải cách\n\nThực hiện Nghị quyết số 49-NQ/TW ngày 2/6/2005 của Bộ Chính trị, ngành tòa án đã đổi mới.',
  'Tư pháp hôm nay\n\nTheo Nghị quyết 49-NQ/TW của Bộ Chính trị, tranh tụng là khâu đột phá.',
  'Lịch sử công an\n\nNghị quyết số 49-NQ/TW ngày 20/6/1961 của Ủy ban Thường vụ Quốc hội về việc tập trung giáo dục, cải tạo những phần tử có hành động nguy hại cho xã hội. Nghị quyết 49-NQ/TW là cơ sở pháp lý của công tác cải tạo.',
  'Luật mới\n\nNghị định 30/2020/NĐ-CP ngày 5/3/2020 của Chính phủ về công tác văn thư. Nghị định 30/2020/NĐ-CP ngày 5/3/2021 được nhắc lại.',
];

function context(): FeatureContext {
  const glossary = bundledGlossary();
  const corpus = new CorpusIndex();
  ARTICLES.forEach((text, i) => {
    const uri = `file:///corpus/a${i}.txt`;
    corpus.add({ uri, path: `/corpus/a${i}.txt`, bytes: text.length, mtimeMs: 0, analysis: analyzeDocument(uri, text, { kind: 'corpus', known: glossary.expansions }) });
  });
  return { corpus, glossary };
}

interface Case {
  name: string;
  brief: string;
  expect: { signed?: string; issuer?: string; subject?: string; other?: string | null };
}

const CASES: Case[] = [
  {
    name: 'a bare mention: the document most dated mentions name (2005), the 1961 one pointed out',
    brief: 'Nghị quyết |49-NQ/TW đặt ra mục tiêu xây dựng nền tư pháp trong sạch.',
    expect: { signed: '2005-06-02', issuer: 'Bộ Chính trị', subject: 'Chiến lược cải cách tư pháp đến năm 2020', other: '1961-06-20' },
  },
  {
    name: 'a mention dated 1961 gets the 1961 document, its undated sibling in that article counted with it',
    brief: 'Nghị quyết số |49-NQ/TW ngày 20/6/1961 của Ủy ban Thường vụ Quốc hội.',
    expect: { signed: '1961-06-20', subject: 'tập trung giáo dục, cải tạo những phần tử có hành động nguy hại cho xã hội', other: '2005-06-02' },
  },
  {
    name: 'a key with its year is never split: two dates are a conflict, not two documents',
    brief: 'Nghị định |30/2020/NĐ-CP về công tác văn thư.',
    expect: { other: null },
  },
];

describe('documents sharing a key (register editions)', () => {
  const ctx = context();
  for (const c of CASES) {
    it(c.name, () => {
      const { text, offset } = cursor(c.brief);
      const brief = openBrief(text, 'file:///tmp/brief.md', ctx);
      const at = documentCardAt(ctx, brief, offset);
      assert.ok(at, 'a card');
      const card = at.card;
      if (c.expect.signed) assert.equal(card.signed, c.expect.signed);
      if (c.expect.issuer) assert.equal(card.issuer, c.expect.issuer);
      if (c.expect.subject) assert.equal(card.subject, c.expect.subject);
      if (c.expect.other === null) assert.equal(card.otherEditions, undefined);
      else if (c.expect.other) assert.deepEqual(card.otherEditions?.map((e) => e.signed), [c.expect.other]);
    });
  }

  it('the hover says the key also names another document, with its date and a link', () => {
    const { text, offset } = cursor('Nghị quyết |49-NQ/TW.');
    const brief = openBrief(text, 'file:///tmp/brief.md', ctx);
    const md = hover(ctx, brief, offset)?.markdown ?? '';
    assert.match(md, /also names another document in the corpus \(told apart by date\): 20\/6\/1961, [^«]*«tập trung giáo dục/);
    assert.match(md, /a3\.txt/);
  });

  it('a key and a year pick the document (policyLens/document { key, year })', () => {
    assert.equal(documentCardForKey(ctx, '49-NQ/TW', [], 1961)?.signed, '1961-06-20');
    assert.equal(documentCardForKey(ctx, '49-NQ/TW', [], 2005)?.signed, '2005-06-02');
    assert.equal(documentCardForKey(ctx, '49-NQ/TW')?.signed, '2005-06-02');
  });

  it('splitEditions: years one apart stay one document; a single dated year is never split', () => {
    const m = (uri: string, iso?: string) => ({ uri, site: { isoDate: iso } as never });
    assert.equal(splitEditions([m('a', '2016-12-30'), m('b', '2017-01-02'), m('c')], false).length, 1);
    assert.equal(splitEditions([m('a', '2016-12-30'), m('b')], false).length, 1);
    const two = splitEditions([m('a', '1951-05-12'), m('a'), m('b', '2016-05-15'), m('c', '2016-05-15'), m('d')], false);
    assert.deepEqual(two.map((e) => [e.from, e.mentions.map((x) => x.uri)]), [[2016, ['b', 'c', 'd']], [1951, ['a', 'a']]]);
    assert.equal(splitEditions([m('a', '1951-05-12'), m('b', '2016-05-15')], true).length, 1);
  });
});
