/** Editorial diagnostics (features/diagnostics.ts) on the seed corpus: brief text in, "code@line:col token" out. */
import { strict as assert } from 'node:assert';
import type { DiagnosticCode } from '../../shared/protocol';
import { LineIndex } from '../../server/src/core/lineIndex';
import { diagnose } from '../../server/src/features/diagnostics';
import { openBrief, seedWorld } from './briefHelpers';

interface Case {
  name: string;
  text: string[];
  expect: string[];
  enabled?: Partial<Record<DiagnosticCode, boolean>>;
}

const CASES: Case[] = [
  { name: 'an acronym defined nowhere', text: ['Nhóm XYZQ họp hằng tháng; XYZQ báo cáo.'], expect: ['undefined-acronym@0:5 XYZQ'] },
  { name: 'known from the glossary, the corpus (VUFO, seed 004) or the brief', text: ['ASEAN, WTO và VUFO.', 'Ban Điều phối Khu vực (BĐPKV) và BĐPKV.'], expect: [] },
  {
    name: 'acronym-shaped tokens that are not acronyms',
    text: [
      'Đại hội XIII, thế kỷ XXI, quý IV, khóa XL, Phần III.',
      'Nhà máy 500 MW, giá 10 USD, 20 SEK, lúc 9 AM (GMT+7), khí CO2, bụi PM10.',
      'TP Hà Nội, TP HCM, TP.Nha Trang, Q.Tân Bình, đội U23, quý Q1, ga S8, máy bay Su-27, xe LX 570.',
      'HỢP TÁC VIỆT NAM LÀO, XEM CLIP: VIDEO. Theo AP, (ảnh IT), các FTAs.',
    ],
    expect: [],
  },
  {
    name: 'a source tag is an attribution, not a use',
    text: ['(ĐCSVN) – Sáng nay, hội nghị khai mạc.'],
    expect: [],
  },
  {
    name: 'used before its definition (the first use is flagged once)',
    text: ['Năm 2024, UBND tỉnh và UBND huyện phối hợp.', 'Ủy ban nhân dân (UBND) họp.'],
    expect: ['defined-late@0:10 UBND'],
  },
  {
    name: 'an acronym in the title may come before its definition',
    text: ['# ASEAN và Việt Nam', '', 'Hiệp hội các quốc gia Đông Nam Á (ASEAN) họp.'],
    expect: [],
  },
  {
    name: 'defined twice the same way, and once more in other words',
    text: ['Ngân hàng Nhà nước (NHNN) điều hành.', 'Ngân hàng Nhà nước (NHNN) cho biết.', 'Ngân hàng Nông nghiệp (NHNN) cho vay.'],
    expect: ['defined-twice@1:20 NHNN', 'defined-differently@2:23 NHNN'],
  },
  {
    name: 'a longer wording of the same definition is not a different one',
    text: ['Đối tác chính sách về khoa học (PPSTI) họp.', 'Nhóm Đối tác chính sách về khoa học (PPSTI) nhất trí.'],
    expect: ['defined-twice@1:37 PPSTI'],
  },
  {
    name: 'short references: resolved in the corpus, unresolved, ambiguous in the brief',
    text: ['Thực hiện Nghị quyết 34 và Chỉ thị 99.', 'Nghị quyết số 15-NQ/TW và Nghị quyết số 15/NQ-CP; Nghị quyết 15 nêu rõ.'],
    expect: ['unresolved-reference@0:27 Chỉ thị 99', 'ambiguous-reference@1:50 Nghị quyết 15'],
  },
  {
    name: 'quotations: found as written, without accents, with a changed word and with an elision; one not in the corpus',
    text: [
      'Chủ đề “Phát huy vai trò tiên phong, xây dựng nền ngoại giao toàn diện, hiện đại, vững mạnh”.',
      'Hoặc “phat huy vai tro tien phong, xay dung nen ngoai giao toan dien, hien dai, vung manh”.',
      'Hoặc “Phát huy vai trò tiên phong, xây dựng nền ngoại giao toàn diện, hiện đại và rất vững mạnh”.',
      'Hoặc “Phát huy vai trò tiên phong, xây dựng nền ngoại giao … thực hiện thắng lợi Nghị quyết Đại hội lần thứ XIII của Đảng”.',
      'Nhưng “chúng ta sẽ đưa tàu vũ trụ lên sao Hỏa trước năm hai nghìn không trăm ba mươi” thì không.',
      'Và “Ngoại giao cây tre” là một tên gọi, không phải trích dẫn.',
    ],
    expect: ['unverified-quote@4:6 “chúng ta sẽ đưa tàu vũ trụ lên sao Hỏa trước năm hai nghìn không trăm ba mươi”'],
  },
  {
    name: 'each check can be switched off',
    text: ['Nhóm XYZQ họp.', 'UBND và Ủy ban nhân dân (UBND).'],
    enabled: { 'undefined-acronym': false },
    expect: ['defined-late@1:0 UBND'],
  },
];

describe('diagnostics', () => {
  const { ctx, search } = seedWorld();
  for (const c of CASES) {
    it(c.name, () => {
      const text = c.text.join('\n');
      const doc = openBrief(text, 'file:///tmp/brief.md', ctx);
      const li = new LineIndex(text);
      const got = diagnose(ctx, doc, { enabled: c.enabled, search }).map((d) => {
        const p = li.positionAt(d.range.start);
        return `${d.code}@${p.line}:${p.character} ${text.slice(d.range.start, d.range.end)}`;
      });
      assert.deepEqual(got, c.expect);
    });
  }

  it('severities: information or warning, and a message for each', () => {
    const text = 'Nhóm XYZQ họp. Chỉ thị 99.';
    for (const d of diagnose(ctx, openBrief(text, 'file:///tmp/b.md', ctx), { search })) {
      assert.ok(d.severity === 'warning' || d.severity === 'information');
      assert.ok(d.message.length > 10);
    }
  });
});
