import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  acronymAt,
  acronymKey,
  findAcronymUses,
  isAcronymShape,
  longFormKey,
  mineDefinitions,
  type AcronymDefinition,
  type AttributionKind,
  type DefinitionPattern,
} from '../../server/src/core/acronyms';
import { normalizeText, toOriginalOffset } from '../../server/src/core/text';

/**
 * Data-driven tests of the acronym miner (server/src/core/acronyms/). Each row is an input
 * text and every definition (acronym, long form, pattern) and attribution (acronym, kind)
 * the miner must report for it, nothing more. For every reported definition the offsets
 * are checked to land on the acronym and the long form.
 */

type Def = [acronym: string, longForm: string, pattern?: DefinitionPattern];
type Attr = [acronym: string, kind: AttributionKind];

interface Row {
  name: string;
  text: string;
  defs?: Def[];
  attrs?: Attr[];
  /** glossary expansions by acronym key */
  known?: Record<string, string[]>;
}

const GLOSSARY: Record<string, string[]> = {
  VUFO: ['Liên hiệp các tổ chức hữu nghị Việt Nam'],
  WTO: ['Tổ chức Thương mại Thế giới', 'World Trade Organization'],
  UNCLOS: ['Công ước Liên hợp quốc về Luật Biển'],
  ASEAN: ['Hiệp hội các quốc gia Đông Nam Á'],
  APEC: ['Diễn đàn Hợp tác Kinh tế châu Á - Thái Bình Dương'],
  IS: ['Nhà nước Hồi giáo'],
};

function check(row: Row): void {
  const known = (k: string) => (row.known ?? GLOSSARY)[k] ?? [];
  const { definitions, attributions } = mineDefinitions(row.text, undefined, known);
  const got = definitions.map((d) => [d.acronym, d.longForm, d.pattern]);
  const want = (row.defs ?? []).map(([a, l, p]) => [a, l, p ?? 'long(ACR)']);
  assert.deepEqual(got, want, `definitions of: ${row.text}`);
  for (const d of definitions) assertOffsets(row.text, d);
  const gotAttrs = attributions.map((a) => [a.acronym, a.kind]);
  assert.deepEqual(gotAttrs, row.attrs ?? [], `attributions of: ${row.text}`);
  for (const a of attributions) assert.equal(row.text.slice(a.start, a.end), a.acronym);
}

function assertOffsets(text: string, d: AcronymDefinition): void {
  assert.equal(text.slice(d.start, d.end), d.acronym, 'acronym offsets');
  assert.equal(text.slice(d.longStart, d.longEnd), d.longForm, 'long form offsets');
  assert.equal(d.key, acronymKey(d.acronym));
}

const LETTER_RULES: Row[] = [
  {
    name: 'syllable initials, Ủy → U on the folded key',
    text: 'Chủ tịch Ủy ban nhân dân (UBND) tỉnh Quảng Nam cho biết.',
    defs: [['UBND', 'Ủy ban nhân dân']],
  },
  { name: 'Đ matches Đ', text: 'Đảng Cộng sản Việt Nam (ĐCSVN) lãnh đạo.', defs: [['ĐCSVN', 'Đảng Cộng sản Việt Nam']] },
  { name: 'Đ in the acronym, lower-case long form', text: 'công tác đối ngoại nhân dân (ĐNND) Cụm số 1', defs: [['ĐNND', 'đối ngoại nhân dân']] },
  {
    name: 'Ð (eth) typed for Đ in the acronym',
    text: 'Đảng Cộng sản Việt Nam (\u00d0CSVN) lãnh đạo.',
    defs: [['\u00d0CSVN', 'Đảng Cộng sản Việt Nam']],
  },
  {
    name: 'function words skipped, a comma inside the long form, the head outside (Bộ)',
    text: 'Thứ trưởng Bộ Văn hóa, Thể thao và Du lịch (VHTTDL) Huỳnh Vĩnh Ái.',
    defs: [['VHTTDL', 'Văn hóa, Thể thao và Du lịch']],
  },
  {
    name: '"&" matches "và"',
    text: 'đề nghị bộ Nông nghiệp và Phát triển Nông thôn (NN&PTNT) thỏa thuận.',
    defs: [['NN&PTNT', 'Nông nghiệp và Phát triển Nông thôn']],
  },
  { name: '"và" can also give a letter', text: 'dự án Luật Hỗ trợ doanh nghiệp nhỏ và vừa (DNNVV).', defs: [['DNNVV', 'doanh nghiệp nhỏ và vừa']] },
  { name: 'hyphenated acronym, spaced dash in the long form', text: 'tình hình kinh tế - xã hội (KT-XH) tháng 10.', defs: [['KT-XH', 'kinh tế - xã hội']] },
  { name: 'dotted acronym T.Ư', text: 'Ban Chấp hành Trung ương (BCH T.Ư) họp.', defs: [['BCH T.Ư', 'Ban Chấp hành Trung ương']] },
  {
    name: 'dotted TP.HCM inside a two-token short form',
    text: 'Ủy ban nhân dân Thành phố Hồ Chí Minh (UBND TP.HCM) vừa',
    defs: [['UBND TP.HCM', 'Ủy ban nhân dân Thành phố Hồ Chí Minh']],
  },
  { name: 'digits match a number word', text: 'mở rộng Quốc lộ 1 (QL1) qua tỉnh', defs: [['QL1', 'Quốc lộ 1']] },
  { name: 'mixed case: the lower-case g from inside "tướng"', text: 'theo Quyết định của Thủ tướng (TTg) ban hành', defs: [['TTg', 'Thủ tướng']] },
  {
    name: 'an all-caps word gives its letters',
    text: 'Tại Ngân hàng TMCP Công thương (NHTMCPCT), ông',
    defs: [['NHTMCPCT', 'Ngân hàng TMCP Công thương']],
  },
  {
    name: 'letters with a short trailing gap (a branch name)',
    text: 'làm việc tại Ngân hàng Chính sách Xã hội Chi nhánh TP Đà Nẵng (NHCSXH), ông',
    defs: [['NHCSXH', 'Ngân hàng Chính sách Xã hội']],
  },
  { name: 'English letters', text: 'phuộc Showa Balance Free Fork (BFF) màu vàng', defs: [['BFF', 'Balance Free Fork']] },
  {
    name: 'an inner letter of a foreign word',
    text: 'và giảm xóc Balance Free Cushion (BFRC) phía sau',
    defs: [['BFRC', 'Balance Free Cushion']],
  },
];

const NAME_RULES: Row[] = [
  {
    name: 'known expansion (English acronym after a Vietnamese name)',
    text: 'Ngày 2/12, tại trụ sở Liên hiệp các tổ chức hữu nghị Việt Nam (VUFO), hai bên',
    defs: [['VUFO', 'Liên hiệp các tổ chức hữu nghị Việt Nam']],
  },
  { name: 'known expansion WTO', text: 'gia nhập Tổ chức Thương mại Thế giới (WTO) năm 2007', defs: [['WTO', 'Tổ chức Thương mại Thế giới']] },
  {
    name: 'known expansion compared on folded words (dash spacing differs)',
    text: 'lãnh đạo Diễn đàn Hợp tác Kinh tế châu Á-Thái Bình Dương (APEC) cùng',
    defs: [['APEC', 'Diễn đàn Hợp tác Kinh tế châu Á-Thái Bình Dương']],
  },
  {
    name: 'known expansion with a plain word between it and the parenthesis',
    text: 'tuyển dụng bởi Nhà nước Hồi giáo tự xưng (IS) qua mạng',
    defs: [['IS', 'Nhà nước Hồi giáo']],
  },
  {
    name: 'head noun without a glossary entry',
    text: 'được Liên đoàn bóng đá quốc tế (FIFA) công bố',
    defs: [['FIFA', 'Liên đoàn bóng đá quốc tế']],
    known: {},
  },
  {
    name: 'head noun, the rightmost of two (a board of the exchange)',
    text: 'Chủ tịch Hội đồng quản trị Sở Giao dịch chứng khoán Hà Nội (HNX) cho biết',
    defs: [['HNX', 'Sở Giao dịch chứng khoán Hà Nội']],
    known: {},
  },
  {
    name: 'head noun extended to an earlier head across a capitalised name',
    text: 'Đây là năm thứ 16 Viện Nghiên cứu Chiến lược Quốc tế (IISS) của Anh tổ chức',
    defs: [['IISS', 'Viện Nghiên cứu Chiến lược Quốc tế']],
  },
  {
    name: '"X thuộc Y": the acronym names X',
    text: 'thương mại giữa Mỹ với Tập đoàn Các doanh nghiệp thuộc Lực lượng Vũ trang Cuba (GAESA). Tuy',
    defs: [['GAESA', 'Tập đoàn Các doanh nghiệp thuộc Lực lượng Vũ trang Cuba']],
  },
  {
    name: 'a clause with an auxiliary ("đã được") is not inside a name',
    text: 'biết đến với Cty đã được chủ đầu tư TCty điện lực Việt Nam (EVN) biết đến',
    defs: [['EVN', 'TCty điện lực Việt Nam']],
  },
  {
    name: 'lower-case "đảng" belongs to a foreign party name',
    text: 'nếu đảng Nhân dân Campuchia (CPP) cầm quyền thua cuộc',
    defs: [['CPP', 'đảng Nhân dân Campuchia']],
  },
  {
    name: 'a lower-case classifier is not part of the name',
    text: 'Khu vực do lực lượng Huy động Nhân dân (PM) giành được',
    defs: [['PM', 'Huy động Nhân dân']],
  },
  {
    name: 'a group classifier capitalised only because it opens the sentence',
    text: 'vừa qua. Nhóm Nhà nước Hồi giáo (IS) đã thừa nhận',
    defs: [['IS', 'Nhà nước Hồi giáo']],
    known: {},
  },
  {
    name: '"Lực lượng" opening a sentence is part of the name',
    text: 'tại Iraq và Syria. Lực lượng Dân chủ Syria (SDF) do Mỹ hậu thuẫn',
    defs: [['SDF', 'Lực lượng Dân chủ Syria']],
  },
  {
    name: 'an all-capitalised foreign run whose initials are in the acronym',
    text: 'màn hình 18:9 khá độc đáo. Theo đó, Japan Display (JDI) là nhà cung cấp',
    defs: [['JDI', 'Japan Display']],
  },
  {
    name: 'capitalised run without a head noun',
    text: 'do chiến binh của Nhà nước Hồi giáo (IS) đang chiếm giữ',
    defs: [['IS', 'Nhà nước Hồi giáo']],
    known: {},
  },
  { name: 'quoted name', text: 'thuộc tổ chức "Nhà nước Hồi giáo" (IS) tự xưng', defs: [['IS', 'Nhà nước Hồi giáo']], known: {} },
  {
    name: 'mixed-case foreign acronym after a name with a head noun',
    text: 'Hiệp hội Bất động sản TP.HCM (HoREA) kiến nghị',
    defs: [['HoREA', 'Hiệp hội Bất động sản TP.HCM']],
  },
  {
    name: 'nested definitions',
    text: 'Ngày 12.5, Hiệp hội Bất động sản (BĐS) TP.HCM (HoREA) đã kiến nghị',
    defs: [
      ['BĐS', 'Bất động sản'],
      ['HoREA', 'Hiệp hội Bất động sản (BĐS) TP.HCM'],
    ],
  },
  {
    name: '"gọi tắt là" inside the parenthesis',
    text: 'Hôm nay, Hiệp hội Ngân hàng Việt Nam (gọi tắt là VNBA) tổ chức',
    defs: [['VNBA', 'Hiệp hội Ngân hàng Việt Nam']],
  },
  {
    name: 'a numeric qualifier the long form carries is kept',
    text: 'trong đó có Công ước Liên hợp quốc về Luật Biển năm 1982 (UNCLOS 1982), đóng góp',
    defs: [['UNCLOS 1982', 'Công ước Liên hợp quốc về Luật Biển năm 1982']],
  },
  {
    name: 'a worded qualifier is dropped',
    text: 'Căn cứ điều 88 bộ luật Tố tụng hình sự (BLTTHS năm 2003), việc tạm giam',
    defs: [['BLTTHS', 'bộ luật Tố tụng hình sự']],
  },
  {
    name: 'an ordinal is allowed when the acronym carries the number',
    text: 'Ngày 11/5, ngày làm việc thứ ba của Hội nghị lần thứ hai các quan chức cao cấp (SOM 2) diễn ra',
    defs: [['SOM 2', 'Hội nghị lần thứ hai các quan chức cao cấp']],
  },
  {
    name: 'two acronyms in one parenthesis, paired in order',
    text: 'vừa xét tuyển cao đẳng, đại học (CĐ, ĐH). Đây là',
    defs: [
      ['CĐ', 'cao đẳng'],
      ['ĐH', 'đại học'],
    ],
  },
  {
    name: '"long - ACR" inside a parenthesis',
    text: 'hai cơ chế (Hội nghị Thương mại và Phát triển Thái Bình Dương - PAFTAD và Hội đồng Kinh tế lòng chảo Thái Bình Dương - PBEC). Hội nghị',
    defs: [
      ['PAFTAD', 'Hội nghị Thương mại và Phát triển Thái Bình Dương'],
      ['PBEC', 'Hội đồng Kinh tế lòng chảo Thái Bình Dương'],
    ],
  },
  {
    name: 'acronym with a description after a dash',
    text: 'Theo Reuters, ngày 26/6, đảng Liên minh Dân chủ (DUP - đảng chính trị lớn nhất Bắc Ireland) đã',
    defs: [['DUP', 'đảng Liên minh Dân chủ']],
  },
];

const OTHER_PATTERNS: Row[] = [
  {
    name: 'ACR(long) with letters',
    text: 'nhận chứng chỉ PCI-DSS (Payment Card Industry Data Security Standard) do công ty',
    defs: [['PCI-DSS', 'Payment Card Industry Data Security Standard', 'ACR(long)']],
  },
  {
    name: 'ACR(long) with a known expansion',
    text: 'gia nhập WTO (Tổ chức Thương mại Thế giới) năm 2007',
    defs: [['WTO', 'Tổ chức Thương mại Thế giới', 'ACR(long)']],
  },
  {
    name: 'ACR-long inside a parenthesis',
    text: 'sản phẩm về IoT (IoT – Internet of Things) của công ty',
    defs: [['IoT', 'Internet of Things', 'ACR-long']],
  },
  {
    name: 'ACR-long in running text',
    text: 'Theo báo cáo, WEF – World Economic Forum đã công bố',
    defs: [['WEF', 'World Economic Forum', 'ACR-long']],
  },
  {
    name: 'long(ACR) and ACR-long at one site',
    text: 'Trung tâm Thông tin (TTTT – Trung tâm Thông tin) của',
    defs: [
      ['TTTT', 'Trung tâm Thông tin', 'long(ACR)'],
      ['TTTT', 'Trung tâm Thông tin', 'ACR-long'],
    ],
  },
];

const ATTRIBUTIONS: Row[] = [
  { name: '(Nguồn: …)', text: 'Cuộc họp. (Nguồn: TTXVN) Ngày 17/5', attrs: [['TTXVN', 'source']] },
  { name: '(Nguồn: AFP/TTXVN) keeps the combined credit', text: 'Thủ tướng. (Nguồn: AFP/TTXVN) Reuters đưa tin', attrs: [['AFP/TTXVN', 'source']] },
  { name: '(Ảnh: name/TTXVN)', text: 'Cuộc họp (Ảnh: Văn Điệp/TTXVN) Ngày 15/5', attrs: [['TTXVN', 'photo']] },
  { name: 'lead tag with a dash', text: '(ĐCSVN) – Nhân dịp kỷ niệm 75 năm', attrs: [['ĐCSVN', 'lead']] },
  { name: 'lead tag opening a line, no dash', text: '(CLO) Cơ cấu Giải Báo chí Quốc gia 2024', attrs: [['CLO', 'lead']] },
  { name: 'lead tag without parentheses', text: 'NDO - Sáng 28/10, tại Hà Nội, Ban Đối ngoại', attrs: [['NDO', 'lead']] },
  { name: 'lead tag with "&"', text: 'GD&TĐ - Trong chuyến công tác tại TP Cần Thơ', attrs: [['GD&TĐ', 'lead']] },
  { name: 'byline at the end of a paragraph', text: 'cho đất nước, cho nhân dân. Nguyễn Sự (TTXVN)', attrs: [['TTXVN', 'credit']] },
  { name: 'byline with "Theo"', text: 'Vụ việc đang được điều tra. Theo Phúc Hưng (VNE)', attrs: [['VNE', 'credit']] },
  { name: 'byline with an agency "Tin Tức/TTXVN"', text: 'hộ chiếu ngoại giao. Hồng Hạnh (Tin Tức/TTXVN)', attrs: [['TTXVN', 'credit']] },
  {
    name: 'the same acronym defined in running text',
    text: 'Chủ tịch nước chúc mừng Thông tấn xã Việt Nam (TTXVN) và Tân Hoa xã (THX) vừa ký',
    defs: [
      ['TTXVN', 'Thông tấn xã Việt Nam'],
      ['THX', 'Tân Hoa xã'],
    ],
  },
];

const NOT_DEFINITIONS: Row[] = [
  { name: 'a place after a delegate', text: 'đại biểu Trương Trọng Nghĩa (TP.HCM) cho rằng' },
  { name: 'a place after a title and a name', text: 'Đại biểu Trương Trọng Nghĩa (TPHCM) nói' },
  { name: 'a currency unit', text: 'Giá đặc biệt của Đại lý (VND) áp dụng' },
  { name: 'a Roman numeral', text: 'Đại hội đại biểu toàn quốc lần thứ XIII (XIII) của Đảng' },
  { name: 'a year', text: 'Hội nghị Trung ương 4 khóa XII (2016) đã' },
  { name: 'a brand repeating a word of the name', text: 'Công ty TNHH ZION (ZION) và' },
  { name: 'a brand with a dot after a company', text: 'Công ty cổ phần Ánh Dương Việt Nam (V.CAR), Công ty' },
  { name: 'an English name that is not an acronym', text: 'Cuộc thi phát triển phần mềm APEC (APEC App Challenge) năm nay' },
  { name: 'a person with a birth year', text: 'Bà Hồ Thị Kim Thoa (SN 1960, quê tỉnh Quảng Trị)' },
  { name: 'a lower-case description is not guessed', text: 'bắn một quả tên lửa liên lục địa (ICBM) từ khu vực' },
  { name: 'two acronyms for one gloss', text: 'các phần mềm Quản lý tài chính (FMIS/MMIS); Quản lý nhân lực' },
  { name: 'a place name is not a head noun', text: 'cho phép Đài Loan (TW) tham gia' },
  { name: 'a place after a place', text: 'gửi tại bãi xe của sân bay Tân Sơn Nhất (TPHCM), nhất là' },
  { name: 'a person title opening a run', text: 'Thượng tá Trần Trọng Sơn, Trưởng phòng Cảnh sát Hình sự (PC45) Công an tỉnh' },
  { name: 'a parenthesis glued to a title', text: '[2] ISIS: Made in USA. US State Department Sponsored Training of ISIL(ISIS) Militant' },
  { name: 'not a credit: a draft document', text: 'gây dư luận xấu trong nhân dân. (Theo dự thảo TTLT) (*): Các bài' },
  { name: 'an acronym naming itself after a dash', text: 'Cuộc thi phát triển ứng dụng APEC - APEC App Challenge' },
  { name: 'a sentence-initial common word', text: 'khác. Báo cáo Chỉ số Giá Thế Giới (WPI) do hãng' },
  { name: 'no long form at all', text: '(WHO) cho biết' , attrs: [['WHO', 'lead']] },
];

describe('acronym miner: mineDefinitions', () => {
  for (const [group, rows] of [
    ['letter matching', LETTER_RULES],
    ['known expansions and name phrases', NAME_RULES],
    ['ACR(long) and ACR-long', OTHER_PATTERNS],
    ['attributions', ATTRIBUTIONS],
    ['false positives', NOT_DEFINITIONS],
  ] as const) {
    describe(group, () => {
      for (const row of rows) it(row.name, () => check(row));
    });
  }

  it('offsets are UTF-16 offsets into the text (astral characters before the definition)', () => {
    const text = '😀🇻🇳 Tin: Ủy ban nhân dân (UBND) tỉnh';
    const [d] = mineDefinitions(text).definitions;
    assert.equal(d.start, text.indexOf('UBND'));
    assert.equal(d.longStart, text.indexOf('Ủy'));
    assertOffsets(text, d);
  });

  it('offsets map back to an NFD original through normalizeText', () => {
    const original = 'Chủ tịch Ủy ban nhân dân (UBND) tỉnh'.normalize('NFD');
    const n = normalizeText(original);
    const [d] = mineDefinitions(n.text).definitions;
    assert.equal(original.slice(toOriginalOffset(n, d.longStart), toOriginalOffset(n, d.longEnd)).normalize('NFC'), 'Ủy ban nhân dân');
    assert.equal(original.slice(toOriginalOffset(n, d.start), toOriginalOffset(n, d.end)), 'UBND');
  });

  it('mines only inside the spans, and a long form never crosses a span start', () => {
    const text = 'Ủy ban nhân dân\n(UBND) tỉnh. Ngân hàng Nhà nước (NHNN) cho biết.';
    const second = text.indexOf('\n') + 1;
    const spans = [{ start: second, end: text.length }];
    const got = mineDefinitions(text, spans).definitions.map((d) => d.acronym);
    assert.deepEqual(got, ['NHNN']);
    assert.deepEqual(mineDefinitions(text, [{ start: 0, end: second - 1 }]).definitions, []);
  });

  it('without spans every line is mined', () => {
    const text = 'Ngân hàng Nhà nước (NHNN)\nbảo vệ thực vật (BVTV)';
    assert.deepEqual(
      mineDefinitions(text).definitions.map((d) => d.acronym),
      ['NHNN', 'BVTV'],
    );
  });

  it('never throws on odd input', () => {
    for (const t of ['', '(', ')', '()', '( )', '(A)', '((((ABC))))', 'x'.repeat(5000) + '(ABC)', '(ĐCSVN', 'ABC - ', ' - ABC', '(CĐ, )']) {
      mineDefinitions(t);
      findAcronymUses(t);
      acronymAt(t, 0);
    }
  });
});

describe('acronym keys', () => {
  const rows: Array<[string, string]> = [
    ['TP.HCM', 'TPHCM'],
    ['TP HCM', 'TPHCM'],
    ['T.Ư', 'TW'],
    ['TƯ', 'TW'],
    ['TW', 'TW'],
    ['BCH TƯ', 'BCHTW'],
    ['KT-XH', 'KTXH'],
    ['KT – XH', 'KTXH'],
    ['NN&PTNT', 'NNPTNT'],
    ['\u00d0CSVN', 'ĐCSVN'],
    ['ĐCSVN'.normalize('NFD'), 'ĐCSVN'],
    ['TTg', 'TTG'],
    ['HoREA', 'HOREA'],
    ['SOM -2', 'SOM2'],
    ['SOM 2', 'SOM2'],
    ['C/O', 'C/O'],
    ['ADMM+', 'ADMM+'],
    ['ĐH', 'ĐH'],
  ];
  for (const [input, key] of rows) it(`acronymKey(${JSON.stringify(input)}) = ${key}`, () => assert.equal(acronymKey(input), key));

  it('Đ stays distinct from D', () => assert.notEqual(acronymKey('ĐH'), acronymKey('DH')));

  it('longFormKey folds marks and punctuation', () => {
    assert.equal(longFormKey('Đối tác chiến lược toàn diện'), 'doi tac chien luoc toan dien');
    assert.equal(longFormKey('châu Á-Thái Bình Dương'), longFormKey('châu Á - Thái Bình Dương'));
    assert.equal(longFormKey('Hiệp hội Bất động sản (BĐS) TP.HCM'), 'hiep hoi bat dong san bds tp hcm');
    assert.equal(longFormKey('hoà bình'), longFormKey('hòa bình'));
    assert.equal(longFormKey('Ủy ban'), longFormKey('Uỷ ban'));
    assert.equal(longFormKey('“Nhà nước Hồi giáo”'), 'nha nuoc hoi giao');
  });
});

describe('acronym uses', () => {
  const rows: Array<[string, string[]]> = [
    ['ĐCSVN, KT-XH, T.Ư, COP28, G20, HĐND, TTg, NN&PTNT, TP.HCM', ['ĐCSVN', 'KT-XH', 'T.Ư', 'COP28', 'G20', 'HĐND', 'TTg', 'NN&PTNT', 'TP.HCM']],
    ['Hiệp hội HoREA và IoT, C/O, ADMM+', ['HoREA', 'IoT', 'C/O', 'ADMM+']],
    ['Ngày 14/12, tại Hà Nội, Việt Nam', []],
    ['Đại hội XIII, thế kỷ XXI, quý IV, khóa XII', []],
    ['một chữ A và B', []],
    ['Nghị quyết 34-NQ/TW và Nghị định 30/2020/NĐ-CP', []],
    ['(Nguồn: AFP/TTXVN)', ['AFP', 'TTXVN']],
    ['VietinBank, VnExpress, iPhone', []],
    ['ĐẢNG CỘNG SẢN', []],
    ['Công ty THANH CONG CAR HN', []],
    ['UBND tỉnh.', ['UBND']],
  ];
  for (const [text, acrs] of rows) {
    it(`findAcronymUses(${JSON.stringify(text)})`, () => {
      const uses = findAcronymUses(text);
      assert.deepEqual(
        uses.map((u) => u.acronym),
        acrs,
      );
      for (const u of uses) {
        assert.equal(text.slice(u.start, u.end), u.acronym);
        assert.equal(u.key, acronymKey(u.acronym));
      }
    });
  }

  it('isAcronymShape', () => {
    for (const t of ['UBND', 'ĐCSVN', 'G20', 'COP28', 'TTg', 'HoREA', 'T.Ư', 'KT-XH', 'NN&PTNT', 'C/O']) assert.ok(isAcronymShape(t), t);
    for (const t of ['A', 'Hà', 'XIII', 'IV', 'VietinBank', 'ĐẢNG', '2020', 'iPhone', '34-NQ/TW']) assert.ok(!isAcronymShape(t), t);
  });

  it('acronymAt finds the use under the cursor, or touching its end', () => {
    const text = 'Theo UBND tỉnh và\nBộ NN&PTNT, ...';
    const at = (o: number) => acronymAt(text, o)?.acronym;
    const u = text.indexOf('UBND');
    assert.equal(at(u), 'UBND');
    assert.equal(at(u + 2), 'UBND');
    assert.equal(at(u + 4), 'UBND');
    assert.equal(at(u - 1), undefined);
    assert.equal(at(text.indexOf('tỉnh') + 1), undefined);
    const n = text.indexOf('NN&PTNT');
    assert.deepEqual(acronymAt(text, n + 3), { acronym: 'NN&PTNT', key: 'NNPTNT', start: n, end: n + 7 });
    assert.equal(acronymAt(text, text.length + 5), undefined);
  });
});

describe('acronym module purity', () => {
  it('imports nothing but its own modules, core/text and core/charClass (no vscode, no LSP, no I/O)', () => {
    const dir = path.join(__dirname, '..', '..', 'server', 'src', 'core', 'acronyms');
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.ts'));
    assert.ok(files.includes('index.ts'));
    for (const f of files) {
      const src = fs.readFileSync(path.join(dir, f), 'utf8');
      const imports = [...src.matchAll(/^(?:import|export) .* from '([^']+)';/gm)].map((m) => m[1]);
      for (const i of imports) assert.ok(i === '../text' || i === '../charClass' || /^\.\/[\w]+$/.test(i), `${f} imports ${i}`);
    }
  });
});
