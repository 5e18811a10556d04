/**
 * Relations one sentence states between documents (core/documents/relations.ts), through
 * the analyzer as a corpus page: a sentence in, the relations [kind, from, to] out.
 */
import { strict as assert } from 'node:assert';
import { analyzeDocument } from '../../server/src/core/analyze';

const CASES: Array<{ name: string; text: string; expect: Array<[string, string, string]> }> = [
  {
    name: 'active: A thay thế B',
    text: 'Nghị định 30/2020/NĐ-CP của Chính phủ thay thế Nghị định 110/2004/NĐ-CP về công tác văn thư.',
    expect: [['replaces', '30/2020/NĐ-CP', '110/2004/NĐ-CP']],
  },
  {
    name: 'passive: B được thay thế bởi A',
    text: 'Thông tư 39/2014/TT-BTC đã được thay thế bởi Thông tư 78/2021/TT-BTC.',
    expect: [['replaces', '78/2021/TT-BTC', '39/2014/TT-BTC']],
  },
  {
    name: 'a law by its title alone: the decree guides it',
    text: 'Nghị định số 65/2013/NĐ-CP của Chính phủ quy định chi tiết một số điều của Luật Thuế thu nhập cá nhân có quy định cụ thể về giảm trừ gia cảnh.',
    expect: [['guides', '65/2013/NĐ-CP', 'L Thuế thu nhập cá nhân']],
  },
  {
    name: 'the title ends before "về …" (the decree\'s own subject goes on)',
    text: 'Nghị định 08/2015/NĐ-CP quy định chi tiết và biện pháp thi hành Luật Hải quan về thủ tục hải quan, kiểm tra, giám sát.',
    expect: [['guides', '8/2015/NĐ-CP', 'L Hải quan']],
  },
  {
    name: 'the version the same text cites with its year, not newer than the decree',
    text: 'Luật Đất đai năm 1987 và Luật Đất đai năm 2013 đã khác nhiều. Nghị định số 43/2014/NĐ-CP ngày 15/5/2014 của Chính phủ quy định chi tiết thi hành một số điều của Luật Đất đai.',
    expect: [['guides', '43/2014/NĐ-CP', 'L Đất đai 2013']],
  },
  {
    name: 'an abbreviated title says too little: nothing',
    text: 'Nghị định 105/2014/NĐ-CP hướng dẫn Luật BHYT.',
    expect: [],
  },
  {
    name: 'another actor between: nothing ("dự thảo Nghị định … thay thế Luật …")',
    text: 'Bộ Tư pháp theo Kế hoạch 12/KH-BTP đang xây dựng dự thảo Nghị định thay thế Luật Giám định tư pháp.',
    expect: [],
  },
];

describe('relations between documents', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const a = analyzeDocument('file:///corpus/x.txt', `Tiêu đề\n\n${c.text}`, { kind: 'corpus' });
      assert.deepEqual((a.relations ?? []).map((r) => [r.kind, r.from, r.to]), c.expect);
    });
  }
});
