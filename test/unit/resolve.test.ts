import { strict as assert } from 'node:assert';
import { parseReferences, type DocReference } from '../../server/src/core/references';
import {
  corpusRowsOf,
  indexCorpus,
  needsResolution,
  resolveDocument,
  resolveReference,
  type CorpusReference,
} from '../../server/src/core/resolve';

/** Builds a corpus from small documents given as text, keyed by id. */
function corpusOf(docs: Record<string, string>): CorpusReference[] {
  return Object.entries(docs).flatMap(([id, text]) => corpusRowsOf(id, parseReferences(text)));
}

function refIn(text: string, key: string): { ref: DocReference; refs: DocReference[] } {
  const refs = parseReferences(text);
  const ref = refs.find((r) => r.key === key);
  assert.ok(ref, `${key} not parsed in ${JSON.stringify(text)}: ${refs.map((r) => r.key).join(', ')}`);
  return { ref, refs };
}

const CORPUS = corpusOf({
  'party-2023': 'Nghị quyết số 34-NQ/TW ngày 9/1/2023 của Bộ Chính trị về đối ngoại.',
  'state-2016': 'Nghị quyết số 34/2016/QH14 của Quốc hội về dự toán.',
  'haiphong': 'Nghị quyết 148/2016/NQ-HĐND của HĐND thành phố Hải Phòng.',
  'decree-2014': 'đóng tàu theo Nghị định 67/2014/NĐ-CP của Chính phủ.',
  'decree-2017': 'Nghị định số 67/2017/NĐ-CP quy định xử phạt trong lĩnh vực dầu khí.',
  'decree-2017-b': 'theo Nghị định số 67/2017/NĐ-CP, mức phạt',
  'plenum-xi': 'thực hiện Nghị quyết Trung ương 4 khóa XI về xây dựng Đảng.',
  'plenum-xii': 'thực hiện Nghị quyết Trung ương 4 (khóa XII) về xây dựng, chỉnh đốn Đảng.',
  'directive-x': 'Chỉ thị số 05-CT/TW của Bộ Chính trị (khóa X) về học tập.',
  'directive-ttg': 'Chỉ thị số 05/CT-TTg ngày 3/2/2015 của Thủ tướng Chính phủ về chấn chỉnh.',
});
const INDEX = indexCorpus(CORPUS);

describe('resolveReference', () => {
  it('prefers a full form in the same document', () => {
    const text = 'Chính phủ đã ban hành Nghị quyết số 77/NQ-CP về thí điểm. Nghị quyết 77 cho phép các trường tự chủ.';
    const { ref, refs } = refIn(text, 'NQ 77');
    const r = resolveReference(ref, { docId: 'this', references: refs }, INDEX);
    assert.equal(r.confidence, 'same-document');
    assert.deepEqual(
      r.candidates.map((c) => [c.key, c.sameDocument, c.docIds]),
      [['77/NQ-CP', true, ['this']]],
    );
  });

  it('links a short law to its symbol and a term-less plenum to the named one', () => {
    const law = 'tại Luật số 106/2016/QH13 ... tính đến thời điểm Luật 106 có hiệu lực';
    const a = refIn(law, 'L 106');
    assert.equal(resolveReference(a.ref, { references: a.refs }).candidates[0].key, '106/2016/QH13');
    const plenum = 'thực hiện Nghị quyết Trung ương 4 ... việc chấp hành Nghị quyết Trung ương 4 (khóa XII) của Đảng';
    const b = refIn(plenum, 'NQ TW4');
    const r = resolveReference(b.ref, { references: b.refs });
    assert.equal(r.confidence, 'same-document');
    assert.equal(r.candidates[0].key, 'NQ TW4 XII');
  });

  it('a short form with a year only matches full forms of that year', () => {
    const text = 'Nghị quyết 19-2017 về năng lực cạnh tranh; trước đó Nghị quyết số 19/2016/NQ-CP và Nghị quyết 19-2017/NQ-CP.';
    const { ref, refs } = refIn(text, 'NQ 19/2017');
    const r = resolveReference(ref, { references: refs });
    assert.deepEqual(r.candidates.map((c) => c.key), ['19/2017/NQ-CP']);
  });

  it('ranks several full forms of one document, nearest preceding first, and says it is ambiguous', () => {
    const text = 'Nghị quyết số 19/2016/NQ-CP năm ngoái. Nghị quyết số 19/2017/NQ-CP năm nay. Nghị quyết 19 đưa ra 250 chỉ tiêu.';
    const { ref, refs } = refIn(text, 'NQ 19');
    const r = resolveReference(ref, { references: refs });
    assert.equal(r.confidence, 'ambiguous');
    assert.deepEqual(r.candidates.map((c) => c.key), ['19/2017/NQ-CP', '19/2016/NQ-CP']);
    assert.ok(r.candidates.every((c) => c.sameDocument));
  });

  it('falls back to the corpus, ranking by nearness to the citing date, and lists every candidate', () => {
    const { ref, refs } = refIn('Thực hiện Nghị quyết 34 về đối ngoại.', 'NQ 34');
    const in2023 = resolveReference(ref, { docId: 'brief', isoDate: '2023-05-01', references: refs }, INDEX);
    assert.equal(in2023.confidence, 'ambiguous');
    assert.deepEqual(in2023.candidates.map((c) => c.key), ['34-NQ/TW', '34/2016/QH14']);
    assert.deepEqual(in2023.candidates[0].docIds, ['party-2023']);
    // Written in 2017, it cannot cite a 2023 resolution.
    const in2017 = resolveReference(ref, { docId: 'old', isoDate: '2017-03-01', references: refs }, INDEX);
    assert.deepEqual(in2017.candidates.map((c) => c.key), ['34/2016/QH14', '34-NQ/TW']);
  });

  it('uses the issuer and term named in prose', () => {
    const { ref, refs } = refIn('gắn với Chỉ thị 05 của Bộ Chính trị (khóa X) về học tập', 'CT 5');
    assert.equal(ref.issuerName, 'Bộ Chính trị');
    const r = resolveReference(ref, { isoDate: '2015-06-01', references: refs }, INDEX);
    assert.equal(r.candidates[0].key, '5-CT/TW', JSON.stringify(r.candidates));
    const ttg = refIn('theo Chỉ thị 05 của Thủ tướng Chính phủ về chấn chỉnh', 'CT 5');
    assert.equal(resolveReference(ttg.ref, { isoDate: '2015-06-01', references: ttg.refs }, INDEX).candidates[0].key, '5/CT-TTg');
  });

  it('ranks plenums by term nearness', () => {
    const { ref, refs } = refIn('kiểm điểm việc thực hiện Nghị quyết Trung ương 4 tại cơ quan', 'NQ TW4');
    const r2017 = resolveReference(ref, { isoDate: '2017-06-01', references: refs }, INDEX);
    assert.equal(r2017.confidence, 'ambiguous');
    assert.deepEqual(r2017.candidates.map((c) => c.key), ['NQ TW4 XII', 'NQ TW4 XI']);
    const r2013 = resolveReference(ref, { isoDate: '2013-06-01', references: refs }, INDEX);
    assert.equal(r2013.candidates[0].key, 'NQ TW4 XI');
  });

  it('is unique in the corpus when one key matches, and groups the documents citing it', () => {
    const { ref, refs } = refIn('mức phí tại Nghị quyết 148 quá cao', 'NQ 148');
    const r = resolveReference(ref, { references: refs }, INDEX);
    assert.equal(r.confidence, 'unique-in-corpus');
    assert.deepEqual(r.candidates.map((c) => [c.key, c.docIds]), [['148/2016/NQ-HĐND', ['haiphong']]]);
    const d = refIn('xử phạt theo Nghị định 67/2017 mới', 'NĐ 67/2017');
    const r2 = resolveReference(d.ref, { references: d.refs }, INDEX);
    assert.deepEqual(r2.candidates.map((c) => [c.key, c.docIds]), [['67/2017/NĐ-CP', ['decree-2017', 'decree-2017-b']]]);
  });

  it('says none when nothing matches', () => {
    const { ref, refs } = refIn('theo Thông tư 999 của Bộ', 'TT 999');
    assert.deepEqual(resolveReference(ref, { references: refs }, INDEX), { candidates: [], confidence: 'none' });
    assert.deepEqual(resolveReference(ref, { references: refs }), { candidates: [], confidence: 'none' });
  });

  it('accepts the corpus as a plain array as well as an index', () => {
    const { ref, refs } = refIn('đóng tàu theo Nghị định 67 của Chính phủ', 'NĐ 67');
    const a = resolveReference(ref, { isoDate: '2016-01-01', references: refs }, CORPUS);
    const b = resolveReference(ref, { isoDate: '2016-01-01', references: refs }, INDEX);
    assert.deepEqual(a, b);
    assert.equal(a.candidates[0].key, '67/2014/NĐ-CP');
  });

  it('uses the latest date the document mentions when it has no date of its own', () => {
    const text = 'Ngày 30/5/2017 (Công văn số 1569/HQHCM-TCCB ngày 30-5-2017), kiểm điểm việc thực hiện Nghị quyết Trung ương 4.';
    const { ref, refs } = refIn(text, 'NQ TW4');
    assert.equal(resolveReference(ref, { references: refs }, INDEX).candidates[0].key, 'NQ TW4 XII');
  });

  it('a full reference resolves to itself, with the documents that cite it', () => {
    const { ref, refs } = refIn('theo Nghị định số 67/2017/NĐ-CP', '67/2017/NĐ-CP');
    assert.equal(needsResolution(ref), false);
    const r = resolveReference(ref, { docId: 'me', references: refs }, INDEX);
    assert.equal(r.confidence, 'same-document');
    assert.deepEqual(r.candidates[0].docIds, ['me', 'decree-2017', 'decree-2017-b']);
    const law = refIn('theo luật Đất đai 2013', 'L Đất đai 2013');
    const idx = indexCorpus(corpusOf({ a: 'Luật Đất đai năm 2013 quy định' }));
    assert.deepEqual(resolveReference(law.ref, { docId: 'me', references: law.refs }, idx).candidates[0].docIds, ['me', 'a']);
  });
});

describe('resolveDocument', () => {
  it('resolves exactly the references that need it', () => {
    const text = 'Nghị quyết số 34-NQ/TW và Nghị quyết 34; Nghị quyết Trung ương 4; Luật Đất đai năm 2013; Chỉ thị 12.';
    const refs = parseReferences(text);
    const out = resolveDocument({ docId: 'x', references: refs }, INDEX);
    assert.deepEqual(
      [...out.keys()].map((r) => r.key),
      ['NQ 34', 'NQ TW4', 'CT 12'],
    );
    assert.equal(out.get(refs.find((r) => r.key === 'NQ 34')!)!.confidence, 'same-document');
    assert.equal(out.get(refs.find((r) => r.key === 'CT 12')!)!.confidence, 'none');
  });
});
