/**
 * The document card (features/documentCard.ts) and what the editor shows from it: hover,
 * definition. Brief text with a cursor marker in, the card's fields (or the hover's lines)
 * out. The seeds are the corpus unless the case says "no corpus".
 */
import { strict as assert } from 'node:assert';
import { definition } from '../../server/src/features/definition';
import { documentCardAt, documentCardForKey, DocumentCard } from '../../server/src/features/documentCard';
import { hover } from '../../server/src/features/hover';
import { citedDocumentsList } from '../../server/src/features/briefCommands';
import { glossaryView } from '../../server/src/features/glossaryView';
import { cursor, emptyContext, openBrief, seedWorld } from './briefHelpers';

interface CardCase {
  name: string;
  brief: string;
  noCorpus?: boolean;
  expect: Partial<DocumentCard>;
}

const CARDS: CardCase[] = [
  {
    name: 'Chỉ thị 12 (seed 002): a descriptive mention gives issuer, date and subject',
    brief: 'Theo Chỉ |thị 12, công tác đối ngoại nhân dân được đẩy mạnh.',
    expect: { key: 'CT 12', type: 'CT', issuer: 'Ban Bí thư', signed: '2022-01-05', subject: 'nâng cao hiệu đối ngoại nhân dân', confidence: 'descriptive', status: 'unknown' },
  },
  {
    name: 'Đề án 01 (seed 002): the issuer carries over the list "Chỉ thị 12 … và Đề án 01"',
    brief: 'Thực hiện Đề án |01 trong năm nay.',
    expect: { key: 'ĐA 1', issuer: 'Ban Bí thư', signed: '2022-03-03', subject: 'tăng cường và nâng cao hiệu quả quan hệ đối ngoại Đảng', confidence: 'descriptive' },
  },
  {
    name: 'Luật số 94/2015/QH13 with no corpus: Quốc hội khóa XIII from the symbol',
    brief: 'Luật số |94/2015/QH13 quy định về xử lý vi phạm.',
    noCorpus: true,
    expect: { key: '94/2015/QH13', type: 'L', number: '94', symbol: '94/2015/QH13', issuer: 'Quốc hội khóa XIII', term: 'XIII', confidence: 'full' },
  },
  {
    name: 'a circular of the State Bank, no corpus',
    brief: 'Thông tư |39/2016/TT-NHNN về cho vay.',
    noCorpus: true,
    expect: { key: '39/2016/TT-NHNN', issuer: 'Ngân hàng Nhà nước Việt Nam', subject: 'cho vay' },
  },
  {
    name: 'a joint circular names each issuer',
    brief: 'Thông tư liên tịch số |12/2015/TTLT-BTC-BYT ngày 3/2/2015.',
    noCorpus: true,
    expect: { key: '12/2015/TTLT-BTC-BYT', issuer: 'Bộ Tài chính, Bộ Y tế', signed: '2015-02-03' },
  },
  {
    name: 'a Party symbol: the organ the text names',
    brief: 'Nghị quyết số |34-NQ/TW của Bộ Chính trị.',
    expect: { key: '34-NQ/TW', issuer: 'Bộ Chính trị', signed: '2023-01-09' },
  },
  {
    name: 'a subject introduced by "quy định", ending where the citation ends',
    brief: 'Nghị định |100/2019/NĐ-CP của Chính phủ quy định xử phạt vi phạm hành chính trong lĩnh vực giao thông đường bộ là cơ sở pháp lý quan trọng.',
    noCorpus: true,
    expect: { issuer: 'Chính phủ', subject: 'quy định xử phạt vi phạm hành chính trong lĩnh vực giao thông đường bộ' },
  },
  {
    name: 'dates written in words, the effective date',
    brief: 'Nghị định số |30/2020/NĐ-CP ngày 5 tháng 3 năm 2020 về công tác văn thư có hiệu lực kể từ ngày 5/3/2020.',
    noCorpus: true,
    expect: { signed: '2020-03-05', effective: '2020-03-05', subject: 'công tác văn thư', status: 'in-force' },
  },
  {
    name: 'the signer is a person, not the issuer',
    brief: 'Quyết định số |1234/QĐ-TTg do Phó Thủ tướng Vương Đình Huệ ký ngày 5/3/2019.',
    noCorpus: true,
    expect: { issuer: 'Thủ tướng Chính phủ', signer: 'Vương Đình Huệ', signed: '2019-03-05' },
  },
  {
    name: 'an effective date given after the cited documents belongs to the main one, with its year',
    brief: 'Thông tư |37/2017/TT-BTC của Bộ Tài chính về việc sửa đổi, bổ sung Thông tư 39/2014/TT-BTC, Thông tư 26/2015/TT-BTC, có hiệu lực từ ngày 12-6.',
    noCorpus: true,
    expect: { issuer: 'Bộ Tài chính', effective: '2017-06-12' },
  },
];

describe('document card', () => {
  for (const c of CARDS) {
    it(c.name, () => {
      const ctx = c.noCorpus ? emptyContext() : seedWorld().ctx;
      const { text, offset } = cursor(c.brief);
      const at = documentCardAt(ctx, openBrief(text), offset);
      assert.ok(at, 'a card');
      const got = Object.fromEntries(Object.keys(c.expect).map((k) => [k, (at.card as unknown as Record<string, unknown>)[k]]));
      assert.deepEqual(got, c.expect);
    });
  }

  it('a key alone, with no mention anywhere, still gives the decoded card', () => {
    const card = documentCardForKey(emptyContext(), '94/2015/QH13');
    assert.equal(card?.issuer, 'Quốc hội khóa XIII');
    assert.equal(card?.status, 'unknown');
    assert.deepEqual(card?.sources, []);
    assert.equal(documentCardForKey(emptyContext(), 'không phải văn bản'), undefined);
  });
});

describe('document hover and definition', () => {
  const HOVERS: Array<{ brief: string; contains: Array<string | RegExp> }> = [
    { brief: 'Theo Chỉ |thị 12, đối ngoại nhân dân.', contains: ['Ban Bí thư', '5/1/2022', 'nâng cao hiệu đối ngoại nhân dân', /descriptive mentions/] },
    { brief: 'Thực hiện Đề án |01.', contains: ['Ban Bí thư', '3/3/2022', 'quan hệ đối ngoại Đảng'] },
    { brief: 'Kết luận |71 nêu rõ.', contains: ['No full form', /cited in 1 corpus document/] },
  ];
  for (const h of HOVERS) {
    it(`hover: ${h.brief}`, () => {
      const { text, offset } = cursor(h.brief);
      const md = hover(seedWorld().ctx, openBrief(text), offset)?.markdown ?? '';
      for (const c of h.contains) typeof c === 'string' ? assert.ok(md.includes(c), `${JSON.stringify(c)} in\n${md}`) : assert.match(md, c);
    });
  }

  it('hover with no corpus: "Luật số 94/2015/QH13" says Quốc hội khóa XIII', () => {
    const { text, offset } = cursor('Luật số |94/2015/QH13.');
    assert.match(hover(emptyContext(), openBrief(text), offset)?.markdown ?? '', /Quốc hội khóa XIII/);
  });

  it('definition of a document known only by bare mentions lists its mentions', () => {
    const { text, offset } = cursor('Kết luận |71 nêu rõ.');
    const locs = definition(seedWorld().ctx, openBrief(text), offset, (p) => p);
    assert.equal(locs.length, 1);
    assert.match(locs[0].uri, /000_a19cf4a74f315e88/);
  });

  it('definition of a descriptive document opens its fullest mention first', () => {
    const { text, offset } = cursor('Chỉ |thị 12.');
    const locs = definition(seedWorld().ctx, openBrief(text), offset, (p) => p);
    assert.ok(locs.length >= 2);
    assert.match(locs[0].uri, /002_a85f37c5d9189d9a/);
    assert.equal(locs[0].range.start.line, 96);
  });
});

describe('the register behind the Glossary view and Insert List of Cited Documents', () => {
  const brief = 'Thực hiện Chỉ thị 12 và Nghị quyết số 34-NQ/TW.';
  it('the list of cited documents writes the descriptive card out', () => {
    const list = citedDocumentsList(seedWorld().ctx, openBrief(brief), { markdown: false }).text;
    assert.match(list, /1\. Chỉ thị 12 ngày 5\/1\/2022 của Ban Bí thư về nâng cao hiệu đối ngoại nhân dân \(chưa xác định số, ký hiệu\)/);
    assert.match(list, /2\. Nghị quyết số 34-NQ\/TW ngày 9\/1\/2023 của Bộ Chính trị/);
  });
  it('the Glossary view shows the same card', () => {
    const items = glossaryView(seedWorld().ctx, openBrief(brief), { scope: 'document' }).items;
    const ct = items.find((i) => i.label.startsWith('Chỉ thị'));
    assert.equal(ct?.detail, 'Chỉ thị 12 ngày 5/1/2022 của Ban Bí thư về nâng cao hiệu đối ngoại nhân dân');
    assert.match(ct?.uri ?? '', /002_a85f37c5d9189d9a/);
  });
});
