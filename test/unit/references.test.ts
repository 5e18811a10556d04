import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { parseReferenceQuery, parseReferences, referenceAt, type DocReference } from '../../server/src/core/references';
import { normalizeText } from '../../server/src/core/text';

/**
 * Data-driven parser tests: each case is an input sentence and the references expected in
 * it, in order (only the fields given are compared), or none. Spans and keys follow
 * test/fixtures/references/README.md.
 */

type Expected = Partial<DocReference>;
interface Case {
  name: string;
  text: string;
  refs: Expected[];
}

const CASES: Case[] = [
  // --- Party symbols -------------------------------------------------------------------
  {
    name: 'full Party resolution with date, issuer and subject',
    text: 'Nghị quyết số 34-NQ/TW ngày 9/1/2023 của Bộ Chính trị về một số định hướng, chủ trương lớn triển khai đường lối đối ngoại Đại hội XIII. Tiếp theo',
    refs: [
      {
        text: 'Nghị quyết số 34-NQ/TW',
        key: '34-NQ/TW',
        form: 'party',
        type: 'NQ',
        typeName: 'Nghị quyết',
        number: '34',
        issuer: 'TW',
        date: '9/1/2023',
        isoDate: '2023-01-09',
        issuerName: 'Bộ Chính trị',
        subject: 'một số định hướng, chủ trương lớn triển khai đường lối đối ngoại Đại hội XIII',
        full: true,
        citation:
          'Nghị quyết số 34-NQ/TW ngày 9/1/2023 của Bộ Chính trị về một số định hướng, chủ trương lớn triển khai đường lối đối ngoại Đại hội XIII',
      },
    ],
  },
  {
    name: 'type spelled out and abbreviated',
    text: 'Thực hiện Nghị quyết (NQ) số 22-NQ/TW của Bộ Chính trị.',
    refs: [{ text: 'Nghị quyết (NQ) số 22-NQ/TW', key: '22-NQ/TW', type: 'NQ', issuerName: 'Bộ Chính trị' }],
  },
  { name: '"số số" and glued "số31"', text: 'theo Quyết định số số31-QĐ/TW ngày22/3/2016', refs: [{ key: '31-QĐ/TW', date: '22/3/2016', isoDate: '2016-03-22' }] },
  { name: 'spaces around the Party dash', text: 'ban hành Quyết định số 367 - QĐ/TWĐTN về', refs: [{ text: 'Quyết định số 367 - QĐ/TWĐTN', key: '367-QĐ/TWĐTN', issuer: 'TWĐTN' }] },
  { name: 'TƯ in place of TW', text: 'Chỉ thị số 12-CT/TƯ của Ban Bí thư', refs: [{ key: '12-CT/TW', issuer: 'TW', issuerName: 'Ban Bí thư' }] },
  { name: 'prose "Quy định" over the symbol\'s QĐ', text: 'theo Quy định số 181-QĐ/TW của Bộ Chính trị', refs: [{ key: '181-QĐ/TW', type: 'QĐi', typeName: 'Quy định' }] },
  { name: 'Party symbol alone', text: 'Hướng dẫn (số 36-HD/VPTW) đã nêu', refs: [{ text: '36-HD/VPTW', key: '36-HD/VPTW', type: 'HD', issuer: 'VPTW' }] },
  { name: 'term after the issuer', text: 'Chỉ thị số 05-CT/TW của Bộ Chính trị (khóa XII) về đẩy mạnh học tập', refs: [{ key: '5-CT/TW', term: 'XII', issuerName: 'Bộ Chính trị' }] },

  // --- State symbols with a year -------------------------------------------------------
  {
    name: 'subject ends where a list goes on with another document',
    text: 'Nghị quyết số 34-NQ/TW của Bộ Chính trị về định hướng đối ngoại Đại hội XIII, Nghị quyết mới về Chiến lược bảo vệ Tổ quốc, các nghị quyết khác',
    refs: [{ key: '34-NQ/TW', subject: 'định hướng đối ngoại Đại hội XIII' }],
  },
  {
    name: 'subject keeps a comma-separated lower-case list',
    text: 'Chỉ thị 12 về nâng cao hiệu quả, chất lượng đối ngoại nhân dân, các địa phương',
    refs: [{ key: 'CT 12', subject: 'nâng cao hiệu quả, chất lượng đối ngoại nhân dân' }],
  },
  { name: 'decree', text: 'Nghị định 30/2020/NĐ-CP của Chính phủ về công tác văn thư', refs: [{ key: '30/2020/NĐ-CP', form: 'state', type: 'NĐ', number: '30', year: 2020, issuer: 'CP', issuerName: 'Chính phủ', subject: 'công tác văn thư' }] },
  { name: 'law symbol', text: 'Luật số 94/2015/QH13 đã quy định', refs: [{ key: '94/2015/QH13', type: 'L', issuer: 'QH13' }] },
  { name: 'NA Standing Committee', text: 'theo Nghị quyết 351/2017/UBTVQH14 ngày 14/3/2017', refs: [{ key: '351/2017/UBTVQH14', type: 'NQ', issuer: 'UBTVQH14', date: '14/3/2017' }] },
  { name: 'circular, date in words', text: 'Thông tư 36/2017/TT-BTC ngày 20 tháng 4 năm 2017 của Bộ Tài chính', refs: [{ key: '36/2017/TT-BTC', type: 'TT', issuer: 'BTC', date: '20/4/2017', isoDate: '2017-04-20', issuerName: 'Bộ Tài chính' }] },
  { name: 'hyphen in place of the year slash', text: 'Nghị quyết 19-2017/NQ-CP về', refs: [{ key: '19/2017/NQ-CP', year: 2017 }] },
  { name: 'lower-case term, leading zero', text: 'Luật số 06/2016/Qh13 có hiệu lực', refs: [{ key: '6/2016/QH13', number: '6' }] },
  { name: 'spaced en dash', text: 'Thông tư số 15/2016/TT – BXD, ngày 30/6/2016', refs: [{ key: '15/2016/TT-BXD', date: '30/6/2016' }] },
  { name: 'date with dots', text: 'Nghị định số 109/2010/NĐ-CP ngày 4.11.2010 của Chính phủ', refs: [{ key: '109/2010/NĐ-CP', date: '4/11/2010' }] },
  { name: 'date with dashes', text: 'Kết luận số 2517/KL-TCHQ ngày 14-4-2017 của Tổng cục Hải quan', refs: [{ key: '2517/KL-TCHQ', date: '14/4/2017', issuerName: 'Tổng cục Hải quan' }] },
  { name: 'joint circular', text: 'Thông tư liên tịch số 03/2000/TTLT-BYT-BGDĐT hướng dẫn', refs: [{ key: '3/2000/TTLT-BYT-BGDĐT', type: 'TTLT', issuer: 'BYT-BGDĐT' }] },
  { name: 'court judgment', text: 'Tại bản án hình sự sơ thẩm số 14/2009/HS-ST ngày 29/7/2009, Tòa án', refs: [{ text: '14/2009/HS-ST', key: '14/2009/HS-ST', type: 'BA', issuer: undefined, date: '29/7/2009' }] },
  { name: 'type word separated by a title', text: 'Luật thuế GTGT số 13/2008/QH12 ngày 3/6/2008 quy định', refs: [{ text: '13/2008/QH12', type: 'L', date: '3/6/2008' }] },
  { name: 'truncated type word', text: 'thực hiện theo Nghị 43/2006/NĐ-CP của Chính phủ', refs: [{ text: '43/2006/NĐ-CP', type: 'NĐ' }] },
  { name: 'space in place of the slash after a type word', text: 'theo Nghị định 67/2014 NĐ-CP bị kém chất lượng', refs: [{ key: '67/2014/NĐ-CP' }] },

  // --- Administrative symbols ----------------------------------------------------------
  { name: 'provincial decision', text: 'UBND tỉnh ra Quyết định số 480/QĐ-UBND về việc', refs: [{ key: '480/QĐ-UBND', form: 'admin', type: 'QĐ', issuer: 'UBND' }] },
  { name: 'Prime Minister decision, spaced dash', text: 'phê duyệt tại Quyết định số 649/QĐ- TTg, ngày 6/5/2014.', refs: [{ key: '649/QĐ-TTg', date: '6/5/2014' }] },
  { name: 'official letter without a type code', text: 'UBND tỉnh có văn bản số 4912/UBND-NC báo cáo', refs: [{ text: '4912/UBND-NC', key: '4912/UBND-NC', type: 'CV', issuer: 'UBND-NC' }] },
  { name: 'slash in place of the type-issuer hyphen', text: 'Theo báo cáo số 25/BC/UBND, ngày 16/4/2015 của UBND xã', refs: [{ key: '25/BC-UBND', type: 'BC', date: '16/4/2015' }] },
  { name: 'letter suffix', text: 'Chính phủ đã có Nghị quyết 30c/NQ-CP ngày 08 tháng 11 năm 2011', refs: [{ key: '30c/NQ-CP', number: '30c', date: '8/11/2011' }] },
  { name: 'bare issuer after a decree word', text: 'đóng tàu theo Nghị định 67/CP về một số chính sách', refs: [{ key: '67/CP', type: 'NĐ', issuer: 'CP' }] },
  { name: 'two symbols after one type word', text: 'vừa ký các quyết định số 138/QĐ-BGDĐT và số 322/QĐ-BGDĐT cho phép', refs: [{ text: 'quyết định số 138/QĐ-BGDĐT' }, { text: '322/QĐ-BGDĐT', type: 'QĐ' }] },
  { name: 'Central disaster committee telegram', text: 'phát đi Công điện số 05/CĐ-TW yêu cầu', refs: [{ key: '5/CĐ-TW', form: 'admin', type: 'CĐ' }] },
  { name: 'mixed-case issuer', text: 'Thủ tướng đã có quyết định số 601/QĐ-Ttg trao tặng', refs: [{ key: '601/QĐ-TTg' }] },

  // --- Short forms ---------------------------------------------------------------------
  {
    name: 'list of short forms',
    text: 'nổi bật là Nghị quyết 34, Kết luận 71, Đề án 01, Chỉ thị 12… và cụ thể hóa',
    refs: [
      { text: 'Nghị quyết 34', key: 'NQ 34', form: 'short', full: false },
      { key: 'KL 71' },
      { key: 'ĐA 1', number: '1' },
      { key: 'CT 12' },
    ],
  },
  { name: 'short form with a year', text: 'Theo Nghị định 155/2016 về xử phạt', refs: [{ key: 'NĐ 155/2016', year: 2016, subject: 'xử phạt' }] },
  { name: 'short form with "năm"', text: 'căn cứ Thông tư số 15 năm 2015 về tổ chức lễ hội', refs: [{ text: 'Thông tư số 15 năm 2015', key: 'TT 15/2015' }] },
  { name: 'short form with a hyphenated year', text: 'Nghị quyết 19-2017 đưa ra tới 250 chỉ tiêu', refs: [{ key: 'NQ 19/2017' }] },
  { name: 'abbreviation glued to the number', text: 'hỗ trợ ngư dân theo NĐ67. Đáng nói', refs: [{ text: 'NĐ67', key: 'NĐ 67' }] },
  { name: 'abbreviation with year', text: 'áp dụng TT36/2017 của Bộ', refs: [{ text: 'TT36/2017', key: 'TT 36/2017' }] },
  { name: 'lower case type word', text: 'thời gian ban hành thông tư 130 (ngày 12/8) chỉ hơn 1 tháng', refs: [{ text: 'thông tư 130', key: 'TT 130', date: undefined }] },
  { name: 'any case', text: 'theo Nghị Quyết 35 của Chính phủ', refs: [{ key: 'NQ 35', issuerName: 'Chính phủ' }] },
  { name: 'short form with a date', text: 'Nghị quyết số 26 ngày 30/7/2013 của Bộ Chính trị về phương hướng', refs: [{ key: 'NQ 26', date: '30/7/2013', issuerName: 'Bộ Chính trị' }] },
  { name: 'glued text after the number', text: 'Tính đến thời điểm Luật 106có hiệu lực', refs: [{ text: 'Luật 106', key: 'L 106' }] },
  { name: 'date in parentheses after the subject is not the issue date', text: 'Ban Bí thư đã ban hành Chỉ thị 12 về nâng cao hiệu quả đối ngoại nhân dân (5/1/2022) và', refs: [{ key: 'CT 12', date: undefined, subject: 'nâng cao hiệu quả đối ngoại nhân dân' }] },
  { name: 'unaccented writing', text: 'theo nghi quyet 34 cua Bo Chinh tri ve doi ngoai', refs: [{ text: 'nghi quyet 34', key: 'NQ 34' }] },
  { name: 'missing mark in a type word', text: 'thực hiện Nghi quyết 35 về', refs: [{ key: 'NQ 35' }] },
  { name: 'lower-case decision with a document-like number', text: 'dự án mở rộng theo quyết định 3099 của UBND TP Hà Nội', refs: [{ key: 'QĐ 3099' }] },
  { name: 'weak type word with "số"', text: 'UBND thành phố ban hành Kế hoạch số 23 về', refs: [{ key: 'KH 23' }] },

  // --- Meeting-named resolutions -------------------------------------------------------
  { name: 'plenum with term', text: 'thực hiện Nghị quyết Trung ương 4 khóa XI về xây dựng Đảng', refs: [{ text: 'Nghị quyết Trung ương 4 khóa XI', key: 'NQ TW4 XI', form: 'meeting', meeting: 'TW4', term: 'XI', full: true }] },
  { name: 'T.Ư, khoá', text: 'quán triệt Nghị quyết T.Ư 8 khoá XII.', refs: [{ key: 'NQ TW8 XII' }] },
  { name: 'term in parentheses', text: 'gắn với Nghi quyết Trung ương 4 (khóa XI) "Một số vấn đề"', refs: [{ text: 'Nghi quyết Trung ương 4 (khóa XI)', key: 'NQ TW4 XI' }] },
  { name: 'elliptical second term', text: 'thực hiện có hiệu quả Nghị quyết Trung ương 4 khóa XI, khóa XII về xây dựng', refs: [{ key: 'NQ TW4 XI' }, { text: 'khóa XII', key: 'NQ TW4 XII' }] },
  { name: 'plenum without term', text: 'Chưa thực hiện nghiêm túc Nghị quyết Trung ương 4 Điều 4', refs: [{ key: 'NQ TW4', full: false, term: undefined }] },
  { name: 'plenum spelled out', text: 'triển khai Nghị quyết Hội nghị lần thứ năm Ban Chấp hành Trung ương Đảng khóa XII về hoàn thiện', refs: [{ key: 'NQ TW5 XII' }] },
  { name: 'congress', text: 'thực hiện thắng lợi Nghị quyết Đại hội XIII của Đảng', refs: [{ text: 'Nghị quyết Đại hội XIII', key: 'NQ ĐH XIII', meeting: 'ĐH', term: 'XIII' }] },
  { name: 'congress, long form', text: 'triển khai Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng', refs: [{ text: 'Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII', key: 'NQ ĐH XIII' }] },
  { name: 'congress in Arabic numerals', text: 'năm thứ hai thực hiện Nghị quyết Đại hội 12 của Đảng', refs: [{ key: 'NQ ĐH XII' }] },

  // --- Laws by title -------------------------------------------------------------------
  { name: 'law title with năm', text: 'theo quy định của Luật Ngân sách Nhà nước năm 2015, thành phố', refs: [{ text: 'Luật Ngân sách Nhà nước năm 2015', key: 'L Ngân sách Nhà nước 2015', form: 'law', year: 2015, full: true }] },
  { name: 'code (Bộ luật)', text: 'đặc biệt là Bộ luật Dân sự năm 2015, có những sửa đổi', refs: [{ key: 'L Dân sự 2015' }] },
  { name: 'lower-case luật, capitalised title', text: 'hướng dẫn thi hành luật Đất đai 2013 chính thức', refs: [{ text: 'luật Đất đai 2013', key: 'L Đất đai 2013' }] },
  { name: 'year in parentheses', text: 'khi xây dựng Luật Cán bộ công chức (năm 2008) nhiều ý kiến', refs: [{ text: 'Luật Cán bộ công chức (năm 2008)', key: 'L Cán bộ công chức 2008' }] },
  { name: 'lower-case title', text: 'vi phạm Điều 10, Luật xử lý vi phạm hành chính năm 2012.', refs: [{ key: 'L Xử lý vi phạm hành chính 2012' }] },
  { name: 'title with a comma', text: 'theo Luật Phòng, chống tham nhũng năm 2018 thì', refs: [{ key: 'L Phòng chống tham nhũng 2018' }] },

  // --- Not references ------------------------------------------------------------------
  { name: 'dates', text: 'sáng 14/12/2021, tại Hà Nội; ngày 9-1-2023 và 09.01.2023', refs: [] },
  { name: 'scores and amounts', text: 'thắng 3-1, tỷ lệ 6,5%, giá 1.930 đồng, tỉ số 2/3', refs: [] },
  { name: 'phone numbers', text: 'Liên hệ 0243.8234.567 hoặc 0912-345-678', refs: [] },
  { name: 'congress alone', text: 'Đại hội XIII của Đảng đã xác định đường lối Đại hội XIII', refs: [] },
  { name: 'plenum alone', text: 'Hội nghị Trung ương 8 khóa XIII đã thảo luận', refs: [] },
  { name: 'lottery', text: 'giải Jackpot của Mega 6/45 lên tới', refs: [] },
  { name: 'technical regulation', text: 'vượt QCVN 28:2010/BTNMT về nước thải', refs: [] },
  { name: 'film title', text: 'tài tử Kế hoạch 99 đóng vai chính', refs: [] },
  { name: 'programme name', text: 'thực hiện Chương trình 67/CP đóng tàu', refs: [] },
  { name: 'newspaper issue, form, land parcel', text: 'Báo Hải quan số 17, Biểu số 03 và thửa đất số 16', refs: [] },
  { name: 'press release', text: 'Thông cáo báo chí số 17 của Quốc hội', refs: [] },
  { name: 'generic document with a bare number', text: 'đã ký văn bản hỏa tốc số 449 gửi Sở', refs: [] },
  { name: 'building codes', text: 'tại tòa nhà CT2, chung cư CT8D và ô đất B5-CT2', refs: [] },
  { name: 'licence plate and boat number', text: 'xe BKS 43B - 017.08 và tàu TH-90870TS', refs: [] },
  { name: 'discipline, not a law', text: 'đã thi hành kỷ luật 7 đảng viên', refs: [] },
  { name: 'foreign act', text: 'chiến dịch chống Đạo luật Magnitsky 2012 của Mỹ', refs: [] },
  { name: 'provincial congress', text: 'Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XVIII và Nghị quyết Đại hội lần thứ XXI Đảng bộ thành phố', refs: [] },
  { name: 'foreign party congress', text: 'Nghị quyết Đại hội X của Đảng Nhân dân Cách mạng Lào', refs: [] },
  { name: 'treaty title', text: 'Công ước Liên hợp quốc về Luật Biển năm 1982', refs: [] },
  { name: 'verb, not a document', text: 'ông quyết định 2 phương án và quy định 5 năm', refs: [] },
  { name: 'five-year plan', text: 'Kế hoạch 5 năm 2016-2020', refs: [] },
  { name: 'different marks', text: 'đủ để ăn 2 bữa và chỉ thi 2 môn', refs: [] },
  { name: 'bare year', text: 'Nghị định 2006 đã hết hiệu lực', refs: [] },
  { name: 'resolution by subject only', text: 'Nghị quyết mới về Chiến lược bảo vệ Tổ quốc', refs: [] },
];

function check(c: Case): void {
  const got = parseReferences(c.text);
  const summary = got.map((r) => `${JSON.stringify(r.text)} ${r.key}`).join('; ');
  assert.equal(got.length, c.refs.length, `${c.name}: got ${summary || 'nothing'}`);
  c.refs.forEach((exp, i) => {
    const r = got[i];
    for (const [k, v] of Object.entries(exp)) {
      assert.deepEqual((r as unknown as Record<string, unknown>)[k], v, `${c.name}: ref ${i} field ${k} (${summary})`);
    }
    assert.equal(c.text.slice(r.start, r.end), r.text, `${c.name}: span text`);
  });
}

describe('parseReferences', () => {
  for (const c of CASES) it(c.name, () => check(c));

  it('NFD input gives the same references after normalizeText', () => {
    const nfc = 'Nghị quyết số 34-NQ/TW ngày 9/1/2023 của Bộ Chính trị và Luật Đất đai năm 2013';
    const norm = normalizeText(nfc.normalize('NFD'));
    assert.deepEqual(
      parseReferences(norm.text).map((r) => r.key),
      parseReferences(nfc).map((r) => r.key),
    );
  });

  it('spans are in order, do not overlap and equal their text (property)', () => {
    const pieces = [
      'Nghị quyết', 'nghị định', 'Quyết định', 'số', 'số ', '34', '-NQ/TW', '/2020/NĐ-CP', '/QĐ-UBND', ' khóa XII', 'Trung ương 4',
      'Đại hội', ' XIII', 'Luật Đất đai', ' năm 2013', ' ngày 9/1/2023', ' của Bộ Chính trị', ' về ', ', ', '. ', '(', ')', 'NĐ', '67', '\n',
      'Ð', 'đ', 'ạ', '\u0301', ' ',
    ];
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 4 })), { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        const refs = parseReferences(text);
        let last = 0;
        for (const r of refs) {
          assert.ok(r.start >= last && r.end > r.start && r.end <= text.length);
          assert.equal(text.slice(r.start, r.end), r.text);
          if (r.citationEnd !== undefined) assert.ok(r.citationEnd >= r.end && r.citationEnd <= text.length);
          last = r.end;
        }
      }),
      { numRuns: 500 },
    );
  });

  // Speed is measured by `npm run bench`, never asserted here (a shared machine is noisy).
  // This checks that a megabyte of dense prose parses completely: every citation of every
  // repeated paragraph is found, the same as in one paragraph alone.
  it('parses 1 MB of dense prose completely (each paragraph gives the same references)', () => {
    const para =
      'Theo Nghị định số 30/2020/NĐ-CP ngày 5/3/2020 của Chính phủ về công tác văn thư, Nghị quyết 34 và Luật Đất đai năm 2013, ' +
      'các cơ quan thực hiện theo hướng dẫn; ngày 14/12/2021 tỷ lệ đạt 6,5% với 1.930 đơn vị. ';
    const copies = Math.ceil(1_000_000 / para.length);
    const one = parseReferences(para).map((r) => r.key);
    const refs = parseReferences(para.repeat(copies));
    assert.ok(one.length > 0);
    assert.equal(refs.length, one.length * copies);
    assert.deepEqual(refs.slice(-one.length).map((r) => r.key), one);
  });
});

describe('referenceAt', () => {
  const text = 'Mở đầu.\n\nThực hiện Nghị quyết số 34-NQ/TW ngày 9/1/2023 của Bộ Chính trị và Chỉ thị 12.\n\nHết.';
  it('finds the reference under the cursor, with offsets in the whole text', () => {
    const at = text.indexOf('34-NQ');
    const r = referenceAt(text, at)!;
    assert.equal(r.key, '34-NQ/TW');
    assert.equal(text.slice(r.start, r.end), 'Nghị quyết số 34-NQ/TW');
    assert.equal(text.slice(r.start, r.citationEnd), 'Nghị quyết số 34-NQ/TW ngày 9/1/2023 của Bộ Chính trị');
  });
  it('accepts the offset right after the span', () => {
    const end = text.indexOf('Chỉ thị 12') + 'Chỉ thị 12'.length;
    assert.equal(referenceAt(text, end)?.key, 'CT 12');
  });
  it('returns undefined elsewhere', () => {
    assert.equal(referenceAt(text, 2), undefined);
    assert.equal(referenceAt(text, text.length), undefined);
    assert.equal(referenceAt(text, -1), undefined);
  });
});

describe('parseReferenceQuery', () => {
  const cases: [string, ReturnType<typeof parseReferenceQuery>][] = [
    ['34-NQ', { number: '34', type: 'NQ' }],
    ['34-NQ/TW', { type: 'NQ', number: '34', issuer: 'TW' }],
    ['nghi quyet 34', { type: 'NQ', number: '34' }],
    ['Nghị quyết số 34', { type: 'NQ', number: '34' }],
    ['30/2020', { number: '30', year: 2020 }],
    ['NĐ 30/2020', { type: 'NĐ', number: '30', year: 2020 }],
    ['nd 30/2020', { type: 'NĐ', number: '30', year: 2020 }],
    ['30/2020/NĐ-CP', { type: 'NĐ', number: '30', year: 2020, issuer: 'CP' }],
    ['480/QĐ-UBND', { type: 'QĐ', number: '480', issuer: 'UBND' }],
    ['thong tu 36/2017', { type: 'TT', number: '36', year: 2017 }],
    ['TT36/2017', { type: 'TT', number: '36', year: 2017 }],
    ['05', { number: '5' }],
    ['nghị quyết', undefined],
    ['ngoại giao', undefined],
    ['', undefined],
  ];
  for (const [q, exp] of cases) it(JSON.stringify(q), () => assert.deepEqual(parseReferenceQuery(q), exp));
});
