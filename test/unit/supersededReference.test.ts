/**
 * The superseded-reference check, its quick fix and the inlay hint, over a small corpus whose
 * articles say which document replaced or repealed which. Brief text in (cursor marker where
 * a fix is asked), findings out.
 */
import { strict as assert } from 'node:assert';
import { analyzeDocument } from '../../server/src/core/analyze';
import { CorpusIndex } from '../../server/src/core/corpusIndex';
import { codeActions } from '../../server/src/features/codeActions';
import type { FeatureContext } from '../../server/src/features/context';
import { diagnose } from '../../server/src/features/diagnostics';
import { inlayHints } from '../../server/src/features/inlayHints';
import { applyEdits, bundledGlossary, cursor, openBrief } from './briefHelpers';

const ARTICLES = [
  'Văn thư\n\nNghị định 30/2020/NĐ-CP ngày 5/3/2020 của Chính phủ về công tác văn thư có hiệu lực từ ngày 5/3/2020 và thay thế Nghị định 110/2004/NĐ-CP.',
  'Hóa đơn\n\nThông tư số 68/2019/TT-BTC đã được thay thế bởi Thông tư 78/2021/TT-BTC của Bộ Tài chính.',
  'Xử phạt\n\nNghị định 123/2020/NĐ-CP bãi bỏ Nghị định 51/2010/NĐ-CP.',
  'Giao thông\n\nNghị định 171/2013/NĐ-CP quy định xử phạt vi phạm hành chính trong lĩnh vực giao thông đường bộ.',
  'Mức phạt mới\n\nNghị định 46/2016/NĐ-CP thay thế Nghị định 171 có hiệu lực thi hành từ 1/8/2016.',
];

function corpusContext(): FeatureContext {
  const corpus = new CorpusIndex();
  ARTICLES.forEach((text, i) => {
    const uri = `file:///corpus/a${i}.txt`;
    corpus.add({ uri, path: `/corpus/a${i}.txt`, bytes: text.length, mtimeMs: 0, analysis: analyzeDocument(uri, text, { kind: 'corpus' }) });
  });
  return { corpus, glossary: bundledGlossary() };
}

const CASES: Array<{ name: string; brief: string; expect: string[] }> = [
  { name: 'a replaced decree names its successor', brief: 'Theo Nghị định 110/2004/NĐ-CP, văn bản phải lưu trữ.', expect: ['superseded-reference Nghị định 110/2004/NĐ-CP → 30/2020/NĐ-CP'] },
  { name: 'replaced, said in the passive voice', brief: 'Thông tư 68/2019/TT-BTC hướng dẫn hóa đơn điện tử.', expect: ['superseded-reference Thông tư 68/2019/TT-BTC → 78/2021/TT-BTC'] },
  { name: 'repealed', brief: 'Căn cứ Nghị định 51/2010/NĐ-CP về hóa đơn.', expect: ['superseded-reference Nghị định 51/2010/NĐ-CP → 123/2020/NĐ-CP'] },
  { name: 'replaced by a short form elsewhere ("… thay thế Nghị định 171"): the only decree 171 of the corpus', brief: 'Theo Nghị định 171/2013/NĐ-CP về giao thông.', expect: ['superseded-reference Nghị định 171/2013/NĐ-CP → 46/2016/NĐ-CP'] },
  { name: 'silent where the brief says so: "đã được thay thế bởi"', brief: 'Nghị định 110/2004/NĐ-CP (đã được thay thế bởi Nghị định 30/2020/NĐ-CP) từng quy định.', expect: [] },
  { name: 'silent where the brief says so: "nay là"', brief: 'Nghị định 110/2004/NĐ-CP, nay là Nghị định 30/2020/NĐ-CP, quy định.', expect: [] },
  { name: 'silent where the brief states the relation itself', brief: 'Nghị định 30/2020/NĐ-CP thay thế Nghị định 110/2004/NĐ-CP.', expect: [] },
  { name: 'the successor itself is fine', brief: 'Theo Nghị định 30/2020/NĐ-CP về công tác văn thư.', expect: [] },
];

describe('superseded-reference', () => {
  const ctx = corpusContext();
  for (const c of CASES) {
    it(c.name, () => {
      const doc = openBrief(c.brief);
      const got = diagnose(ctx, doc, { enabled: { 'unresolved-reference': false, 'ambiguous-reference': false } })
        .filter((d) => d.code === 'superseded-reference')
        .map((d) => `${d.code} ${c.brief.slice(d.range.start, d.range.end)} → ${d.data?.kind === 'superseded' ? d.data.successor?.key : '?'}`);
      assert.deepEqual(got, c.expect);
    });
  }

  it('is information, and switched off by its setting', () => {
    const doc = openBrief('Theo Nghị định 110/2004/NĐ-CP.');
    const d = diagnose(ctx, doc).find((x) => x.code === 'superseded-reference');
    assert.equal(d?.severity, 'information');
    assert.match(d!.message, /replaced by 30\/2020\/NĐ-CP \(5\/3\/2020\) — công tác văn thư/);
    assert.equal(diagnose(ctx, doc, { enabled: { 'superseded-reference': false } }).filter((x) => x.code === 'superseded-reference').length, 0);
  });

  it('its quick fix cites the successor, and the check is then silent', () => {
    const { text, offset } = cursor('Theo Nghị định |110/2004/NĐ-CP, văn bản phải lưu trữ.');
    const doc = openBrief(text);
    const diags = diagnose(ctx, doc).filter((d) => d.code === 'superseded-reference');
    const actions = codeActions(ctx, doc, { start: offset, end: offset }, diags, { sourceActions: false }).filter((a) => a.fixes?.code === 'superseded-reference');
    assert.deepEqual(actions.map((a) => a.title), ['Cite 30/2020/NĐ-CP instead', 'Say it: “(đã được thay thế bởi Nghị định số 30/2020/NĐ-CP)”']);
    const fixed = applyEdits(text, actions[0].edits!);
    assert.equal(fixed, 'Theo Nghị định số 30/2020/NĐ-CP, văn bản phải lưu trữ.');
    assert.equal(diagnose(ctx, openBrief(fixed)).filter((d) => d.code === 'superseded-reference').length, 0);
    const said = applyEdits(text, actions[1].edits!);
    assert.equal(diagnose(ctx, openBrief(said)).filter((d) => d.code === 'superseded-reference').length, 0);
  });

  it('the inlay hint marks the superseded document', () => {
    const doc = openBrief('Theo Nghị định 110/2004/NĐ-CP.');
    assert.deepEqual(inlayHints(ctx, doc, 0, doc.text.length).map((h) => h.label), [' ⚠ replaced by 30/2020/NĐ-CP']);
  });

  it('the status of the replaced document carries its source passage', () => {
    const card = ctx.corpus.register.record('110/2004/NĐ-CP');
    assert.equal(card?.status, 'replaced');
    assert.equal(card?.statusSource?.uri, 'file:///corpus/a0.txt');
    assert.deepEqual(card?.relations.map((r) => [r.kind, r.key, r.date]), [['replacedBy', '30/2020/NĐ-CP', '2020-03-05']]);
  });
});
