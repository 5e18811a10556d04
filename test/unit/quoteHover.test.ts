/** Quotations (features/quoteHover.ts): finding them, fuzzy alignment, and the hover with the source passage. */
import { strict as assert } from 'node:assert';
import { align, findQuotations, quoteHover, verifyQuotation } from '../../server/src/features/quoteHover';
import { hover } from '../../server/src/features/hover';
import { cursor, openBrief, seedWorld } from './briefHelpers';

describe('quotations', () => {
  it('finds “…”, «…» and "…" quotations of eight syllables or more', () => {
    const text = 'Ông nói “một hai ba bốn năm sáu bảy tám” và «ngắn thôi» rồi "chín mười một hai ba bốn năm sáu bảy".\n“không khép';
    assert.deepEqual(
      findQuotations(text).map((q) => q.text),
      ['một hai ba bốn năm sáu bảy tám', 'chín mười một hai ba bốn năm sáu bảy'],
    );
    assert.deepEqual(
      findQuotations(text, true).map((q) => q.text),
      ['một hai ba bốn năm sáu bảy tám', 'ngắn thôi', 'chín mười một hai ba bốn năm sáu bảy'],
    );
  });

  it('aligns word pairs in order, tolerating an inserted and a changed word', () => {
    const doc = 'x y a b c d e f g h z'.split(' ');
    assert.deepEqual(align('a b c d e f g h'.split(' '), doc), { coverage: 1, from: 2, to: 9 });
    const fuzzy = align('a b c q d e f g h'.split(' '), doc);
    assert.ok(fuzzy.coverage >= 0.7, String(fuzzy.coverage));
    assert.ok(align('h g f e d c b a'.split(' '), doc).coverage < 0.2);
  });

  it('hover on a verified quotation shows the corpus passage and links to it', () => {
    const { ctx, search } = seedWorld();
    const { text, offset } = cursor('Chủ đề “phat huy vai tro tien phong, xay dung nen |ngoai giao toan dien, hien dai, vung manh”.');
    const doc = openBrief(text, 'file:///tmp/brief.md', ctx);
    // nothing cached yet and no search backend in the context: no hover
    const verdict = verifyQuotation(search, findQuotations(text)[0].text);
    assert.equal(verdict.found, true);
    const h = quoteHover(ctx, doc, offset);
    assert.ok(h);
    assert.match(h!.markdown, /^\*\*Quotation found\*\* in \[Hoạt động đối ngoại là điểm sáng/);
    assert.match(h!.markdown, /003_df49104e7df00e0f\.txt#L5,/);
    assert.match(h!.markdown, /> Phát huy vai trò tiên phong, xây dựng nền ngoại giao toàn diện, hiện đại, vững mạnh/);
    assert.deepEqual(h!.range, { start: text.indexOf('“'), end: text.indexOf('”') + 1 });
    // hover.ts falls back to it
    assert.equal(hover(ctx, doc, offset)?.markdown, h!.markdown);
  });

  it('no hover on a quotation the corpus does not contain', () => {
    const { ctx, search } = seedWorld();
    const { text, offset } = cursor('“chúng ta sẽ đưa tàu vũ trụ lên sao |Hỏa trước năm hai nghìn không trăm ba mươi”');
    assert.equal(verifyQuotation(search, findQuotations(text)[0].text).found, false);
    assert.equal(quoteHover(ctx, openBrief(text, 'file:///tmp/b.md', ctx), offset), undefined);
  });
});
