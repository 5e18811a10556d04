/** The text the brief commands insert (features/briefCommands.ts). */
import { strict as assert } from 'node:assert';
import { abbreviationsTable, citedDocumentsList } from '../../server/src/features/briefCommands';
import { cursor, openBrief, seedWorld } from './briefHelpers';

const BRIEF = [
  'Đảng Cộng sản Việt Nam (ĐCSVN) và VUFO thực hiện Nghị quyết 34.',
  'Ủy ban nhân dân (UBND) các tỉnh; ASEAN và ĐNND; nhóm XYZQ; Đại hội XIII; 500 MW.',
  'Nghị định số 30/2020/NĐ-CP ngày 5/3/2020 của Chính phủ về công tác văn thư; Chỉ thị 99.',
  'Lại Nghị quyết 34 và ĐCSVN.',
  '|',
].join('\n');

describe('brief commands', () => {
  const { ctx } = seedWorld();
  const { text, offset } = cursor(BRIEF);
  const doc = openBrief(text, 'file:///tmp/brief.md', ctx);

  it('abbreviations table, Markdown: every acronym used, its expansion, Vietnamese order (Đ after D)', () => {
    const t = abbreviationsTable(ctx, doc, { markdown: true, offset });
    assert.equal(t.count, 6);
    assert.equal(
      t.text,
      [
        '',
        '## Danh mục từ viết tắt',
        '',
        '| Từ viết tắt | Nghĩa đầy đủ |',
        '|---|---|',
        '| ASEAN | Hiệp hội các quốc gia Đông Nam Á |',
        '| ĐCSVN | Đảng Cộng sản Việt Nam |',
        '| ĐNND | đối ngoại nhân dân |',
        '| UBND | Ủy ban nhân dân |',
        '| VUFO | Liên hiệp các tổ chức hữu nghị Việt Nam |',
        '| XYZQ | (chưa rõ nghĩa) |',
        '',
      ].join('\n'),
    );
  });

  it('abbreviations table, plain text, in the middle of a line', () => {
    const plain = openBrief('Hiệp hội các quốc gia Đông Nam Á (ASEAN) và WTO.', 'file:///tmp/b.txt', ctx);
    const t = abbreviationsTable(ctx, plain, { markdown: false, offset: 5 });
    assert.equal(t.text, ['', '', 'DANH MỤC TỪ VIẾT TẮT', '', 'ASEAN  Hiệp hội các quốc gia Đông Nam Á', 'WTO    Tổ chức Thương mại Thế giới', '', ''].join('\n'));
  });

  it('cited documents: each once, in order of first mention, resolved to its fullest citation', () => {
    const t = citedDocumentsList(ctx, doc, { markdown: true, offset });
    assert.equal(t.count, 3);
    assert.equal(
      t.text,
      [
        '',
        '## Danh mục văn bản được trích dẫn',
        '',
        '1. Nghị quyết số 34-NQ/TW ngày 9/1/2023 của Bộ Chính trị về một số định hướng, chủ trương lớn triển khai đường lối đối ngoại Đại hội XIII',
        '2. Nghị định số 30/2020/NĐ-CP ngày 5/3/2020 của Chính phủ về công tác văn thư',
        '3. Chỉ thị 99 (chưa xác định số, ký hiệu)',
        '',
      ].join('\n'),
    );
  });

  it('nothing to list', () => {
    const empty = openBrief('Không có gì.', 'file:///tmp/b.md', ctx);
    assert.equal(abbreviationsTable(ctx, empty, { markdown: true }).count, 0);
    assert.equal(citedDocumentsList(ctx, empty, { markdown: true }).count, 0);
  });
});
