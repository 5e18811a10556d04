/**
 * The Word, PDF and HTML converters (server/src/host/formats) on files made by real
 * producers (test/fixtures/formats/make-fixtures.js: the docx and pdfkit packages,
 * LibreOffice for .doc, saved pages with real boilerplate), through the text rendition
 * the index analyses. Tables: file → what the rendition must hold, what it must not.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { analyzeDocument } from '../../server/src/core/analyze';
import { encodeTcvn3, encodeVni } from '../../server/src/core/legacyEncoding';
import { convertLegacyFontText, windows1252Bytes } from '../../server/src/core/legacyFontText';
import { originLabel, pageAt } from '../../server/src/core/origin';
import { extract, formatOf } from '../../server/src/host/formats';
import { restoreOptionalHyphens } from '../../server/src/host/formats/doc';
import { layoutPage, joinLines, PdfItem } from '../../server/src/host/formats/pdfLayout';
import { renderRendition, renditionPathFor } from '../../server/src/host/formats/rendition';
import { indexAnyFile, isSkipped, IndexedFile } from '../../server/src/host/indexFile';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'formats');
const GOOD = path.join(FIXTURES, 'corpus');
const BAD = path.join(FIXTURES, 'bad');

async function rendition(file: string) {
  const format = formatOf(file)!;
  return renderRendition(file, format, await extract(format, fs.readFileSync(file)));
}

describe('format converters on files from real producers', function () {
  this.timeout(30000);

  const cases: { file: string; contains: string[]; absent?: string[]; warning?: RegExp; acronym: [string, string]; title: string }[] = [
    {
      file: 'ke-hoach-du-lieu.docx',
      title: 'Kế hoạch phát triển hạ tầng dữ liệu quốc gia giai đoạn 2024 - 2025',
      acronym: ['TTDLQG', 'Trung tâm Dữ liệu quốc gia'],
      contains: [
        'I. Mục tiêu chung', // heading
        'Ủy ban nhân dân các tỉnh', // written in NFD, read back (the analysis normalizes; the rendition keeps the source's form)
        'Cơ sở dữ liệu kết nối TTDLQG | 60% | 100%', // a table row
        'Chú thích\n\n[1] Theo Quyết định số 06/QĐ-TTg', // the footnote
        '(Nhận xét [1]: Cần dẫn nguồn Quyết định 06/QĐ-TTg ở đây.)', // the comment
      ],
      absent: ['↑'],
    },
    {
      file: 'cong-van-du-an.doc',
      title: 'Công văn về việc triển khai dự án chuyển đổi số năm 2024',
      acronym: ['BQLDACĐS', 'Ban Quản lý dự án chuyển đổi số'],
      contains: ['BQLDACĐS phối hợp với các vụ, cục liên quan'],
    },
    {
      file: 'bao-cao-so-lieu.pdf',
      title: 'Báo cáo tình hình số hoá dữ liệu dân cư năm 2023',
      acronym: ['CSDLDC', 'Cơ sở dữ liệu dân cư'],
      contains: [
        '[tr. 1]',
        '[tr. 2]',
        // two columns: the left one whole, then the right one
        'Cột trái. Cơ sở dữ liệu dân cư (CSDLDC) đã được kết nối với 13 bộ, ngành và 63 địa phương. Mọi thủ tục dùng CSDLDC để xác thực thông tin công dân thay cho giấy tờ.\n\nCột phải.',
        // hyphenation and line breaks joined
        'The platform keeps the interoperability of ministries and provinces in real time.',
      ],
    },
    {
      file: 'cong-van-tcvn3.pdf',
      title: 'Cộng hoà xã hội chủ nghĩa Việt Nam Trung tâm Phục vụ hành chính công (TTPVHCC) tiếp nhận hồ sơ của tổ chức và công dân. TTPVHCC trả kết quả trong ngày làm việc.',
      acronym: ['TTPVHCC', 'Trung tâm Phục vụ hành chính công'],
      contains: ['Cộng hoà xã hội chủ nghĩa Việt Nam'],
      warning: /looks like TCVN3 \(ABC, \.VnTime fonts\): converted to Unicode/,
    },
    {
      file: 'to-trinh-tcvn3.docx',
      title: 'Tờ trình về việc thành lập trung tâm mới',
      acronym: ['TTPVHCC', 'Trung tâm Phục vụ hành chính công'],
      contains: ['Mọi hồ sơ hành chính được tiếp nhận tại một nơi.'],
      warning: /looks like TCVN3/,
    },
    {
      file: 'quyet-dinh-tcvn3.doc',
      title: 'Tờ trình về việc thành lập trung tâm mới',
      acronym: ['TTPVHCC', 'Trung tâm Phục vụ hành chính công'],
      // "được": Word stores the .VnTime "ư" (0xAD, the soft hyphen's code) as an optional hyphen
      contains: ['Mọi hồ sơ hành chính được tiếp nhận tại một nơi.'],
      absent: ['undefined', '\u00ad'],
      warning: /quyet-dinh-tcvn3\.doc looks like TCVN3/,
    },
    {
      file: 'thong-bao-vni.docx',
      title: 'Thông báo về việc vận hành cổng dịch vụ công mới',
      acronym: ['CDVCQG', 'Cổng Dịch vụ công quốc gia'],
      contains: ['Người dân nộp hồ sơ qua CDVCQG'],
      warning: /looks like VNI \(VNI-Windows fonts\)/,
    },
    {
      file: 'trang-tin-xac-thuc.html',
      title: 'Ra mắt Hệ thống xác thực điện tử cho dịch vụ công',
      acronym: ['HTXTĐT', 'Hệ thống xác thực điện tử'],
      contains: [
        'cổng dịch vụ công & ứng dụng của cơ quan nhà nước', // &amp; and numeric entities decoded
        'định danh và xác thực điện tử của Chính phủ', // &nbsp;
        'Nguồn: https://baotintuc.example.vn/cong-nghe/ra-mat-he-thong-xac-thuc-20240312.htm',
      ],
      absent: ['Trang chủ', 'Thời sự', 'dataLayer', 'font-family', 'Giá vàng', 'Tin liên quan', 'Hà Nội thí điểm', 'Chia sẻ', 'Giấy phép', 'BTDQC', 'Đọc nhiều'],
    },
    {
      file: 'tuyen-sinh-1258.htm',
      title: 'Công bố kế hoạch tuyển sinh lớp mười năm học mới',
      acronym: ['KHTSLM', 'Kế hoạch tuyển sinh lớp mười'],
      contains: ['KHTSLM áp dụng cho mọi trường trung học phổ thông công lập'],
      absent: ['Kinh tế', 'Liên hệ quảng cáo'],
    },
  ];

  for (const c of cases) {
    it(`${c.file}: text, title and the acronym it defines`, async () => {
      const file = path.join(GOOD, c.file);
      const r = await rendition(file);
      assert.ok(r.text.startsWith(`(Bản văn bản của tệp `) && r.text.includes(`«${c.file}»`) && r.text.includes(file), 'the first line names the original');
      for (const s of c.contains) assert.ok(r.text.normalize('NFC').includes(s), `lacks ${JSON.stringify(s)}:\n${r.text}`);
      for (const s of c.absent ?? []) assert.ok(!r.text.includes(s), `boilerplate ${JSON.stringify(s)} kept:\n${r.text}`);
      if (c.warning) assert.match(r.warnings.join('\n'), c.warning);
      else assert.deepEqual(r.warnings, []);
      const a = analyzeDocument('file:///r.txt', r.text, { kind: 'corpus' });
      assert.equal(a.title.normalize('NFC'), c.title);
      const def = a.definitions.find((d) => d.acronym === c.acronym[0]);
      assert.ok(def, `no definition of ${c.acronym[0]}: ${JSON.stringify(a.definitions.map((d) => d.acronym))}`);
      assert.equal(def!.longForm.normalize('NFC'), c.acronym[1]);
      // The definition's range is on the rendition's text.
      assert.ok(r.text.slice(def!.startOffset, def!.endOffset).includes(c.acronym[0]), r.text.slice(def!.startOffset, def!.endOffset));
    });
  }

  it('a PDF definition is on the page its marker says', async () => {
    const r = await rendition(path.join(GOOD, 'bao-cao-so-lieu.pdf'));
    const a = analyzeDocument('file:///r.txt', r.text, { kind: 'corpus' });
    const def = a.definitions.find((d) => d.acronym === 'CSDLDC')!;
    assert.equal(originLabel(r.origin, def.range.start.line), 'bao-cao-so-lieu.pdf, tr. 2');
    assert.equal(originLabel(r.origin, a.titleRange.start.line), 'bao-cao-so-lieu.pdf, tr. 1');
  });

  const bad: { file: string; reason: RegExp }[] = [
    { file: 'ban-scan.pdf', reason: /no text layer .*a scan\?/ },
    { file: 'mat-khau.pdf', reason: /encrypted \(password-protected\)/ },
    { file: 'hong.pdf', reason: /damaged or not a PDF/ },
    { file: 'hong.docx', reason: /not a valid Word file/ },
    { file: 'bom-nen.docx', reason: /expand to 80 MB of text parts, over the 64 MB limit \(a zip bomb/ },
  ];
  for (const c of bad) {
    it(`bad file ${c.file}: skipped with the file and the reason`, async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-rend-'));
      const file = path.join(BAD, c.file);
      const st = fs.statSync(file);
      const r = await indexAnyFile({ path: file, size: st.size, mtimeMs: st.mtimeMs }, () => [], dir);
      assert.ok(isSkipped(r), 'skipped');
      assert.ok(r.skip.startsWith(`${file} skipped: `), r.skip);
      assert.match(r.skip, c.reason);
      assert.equal(fs.existsSync(renditionPathFor(dir, file)), false, 'no rendition written');
    });
  }

  it('indexAnyFile writes the rendition and points the analysis at it, keeping the original as the key', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-rend-'));
    const file = path.join(GOOD, 'ke-hoach-du-lieu.docx');
    const st = fs.statSync(file);
    const r = (await indexAnyFile({ path: file, size: st.size, mtimeMs: st.mtimeMs }, () => [], dir)) as IndexedFile;
    assert.ok(!isSkipped(r));
    const target = renditionPathFor(dir, file);
    assert.equal(r.path, file);
    assert.equal(r.size, st.size);
    assert.equal(r.uri, new URL(`file://${target}`).href);
    assert.equal(fs.readFileSync(target, 'utf8'), r.text);
    assert.equal(r.analysis.origin?.name, 'ke-hoach-du-lieu.docx');
    assert.ok(path.basename(target).endsWith('-ke-hoach-du-lieu.docx.txt'));
  });
});

describe('.doc optional hyphens (word-extractor writes "undefined" for them)', () => {
  const table: [string, string][] = [
    ['®undefinedîc', '®\u00adîc'],
    ['the value is undefined.', 'the value is undefined.'],
    ['undefined', 'undefined'],
    ['co-undefinedoperate', 'co-\u00adoperate'],
  ];
  for (const [input, want] of table) it(JSON.stringify(input), () => assert.equal(restoreOptionalHyphens(input), want));
});

describe('PDF reading order (pdfLayout)', () => {
  const item = (str: string, x: number, y: number, size = 10): PdfItem => ({ str, x, y, width: str.length * size * 0.5, size });

  it('reads a two-column page column by column, a spanning title first', () => {
    const items: PdfItem[] = [item('Tiêu đề chung của trang báo cáo hai cột', 150, 800, 14)];
    for (let i = 0; i < 5; i++) {
      items.push(item(`trái ${i}`, 50, 760 - i * 12));
      items.push(item(`phải ${i}`, 320, 760 - i * 12));
    }
    const blocks = layoutPage(items, 600);
    assert.deepEqual(
      blocks.map((b) => `${b.kind}:${b.text}`),
      ['heading:Tiêu đề chung của trang báo cáo hai cột', 'paragraph:trái 0 trái 1 trái 2 trái 3 trái 4', 'paragraph:phải 0 phải 1 phải 2 phải 3 phải 4'],
    );
  });

  it('splits paragraphs at a larger gap and keeps one column as it is', () => {
    const items = [item('Đoạn một dòng một', 50, 700), item('dòng hai.', 50, 688), item('Đoạn hai.', 50, 660)];
    assert.deepEqual(
      layoutPage(items, 600).map((b) => b.text),
      ['Đoạn một dòng một dòng hai.', 'Đoạn hai.'],
    );
  });

  const joins: [string, string, string][] = [
    ['the interoper-', 'ability', 'the interoperability'],
    ['giai đoạn 2024 -', '2025', 'giai đoạn 2024 - 2025'],
    ['Covid-', '19 vaccine', 'Covid- 19 vaccine'],
    ['North-', 'South', 'North- South'],
    ['một dòng', 'dòng sau', 'một dòng dòng sau'],
  ];
  for (const [a, b, want] of joins) it(`joins "${a}" + "${b}"`, () => assert.equal(joinLines(a, b), want));
});

describe('legacy fonts in Word and PDF text (legacyFontText)', () => {
  const asFont = (b: Uint8Array) => new TextDecoder('windows-1252').decode(b);

  it('converts TCVN3 and VNI paragraphs and leaves Unicode ones alone', () => {
    const tcvn = asFont(encodeTcvn3('Trung tâm Phục vụ hành chính công của tỉnh được thành lập', 'abc'));
    const r = convertLegacyFontText(['Tiêu đề bằng Unicode', tcvn, 'Plain ASCII line'])!;
    assert.equal(r.decoded.encoding, 'tcvn3');
    assert.deepEqual(r.pieces, ['Tiêu đề bằng Unicode', 'Trung tâm Phục vụ hành chính công của tỉnh được thành lập', 'Plain ASCII line']);
    const vni = asFont(encodeVni('Cổng Dịch vụ công quốc gia cung cấp thủ tục trực tuyến'));
    assert.equal(convertLegacyFontText([vni])!.pieces[0], 'Cổng Dịch vụ công quốc gia cung cấp thủ tục trực tuyến');
  });

  const negatives: string[][] = [['Café crème brûlée à la française, très élégant'], ['Größe und Übermaß der Straße'], ['Việt Nam đã sẵn sàng'], ['ASCII only text']];
  for (const pieces of negatives) it(`leaves ${JSON.stringify(pieces[0])} alone`, () => assert.equal(convertLegacyFontText(pieces), undefined));

  it('property: Windows-1252 bytes of text made of code-page characters round-trip', () => {
    const chars = [...Array(256).keys()].map((b) => new TextDecoder('windows-1252').decode(Uint8Array.of(b)));
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...chars), { maxLength: 40 }), (cs) => {
        const s = cs.join('');
        assert.equal(new TextDecoder('windows-1252').decode(windows1252Bytes(s)!), s);
      }),
    );
  });
});

describe('origin labels', () => {
  const origin = { file: '/x/bao-cao.pdf', uri: 'file:///x/bao-cao.pdf', name: 'bao-cao.pdf', format: 'pdf', pageLines: [2, 10, 30] };
  const table: [number, number | undefined, string][] = [
    [0, 1, 'bao-cao.pdf, tr. 1'],
    [2, 1, 'bao-cao.pdf, tr. 1'],
    [9, 1, 'bao-cao.pdf, tr. 1'],
    [10, 2, 'bao-cao.pdf, tr. 2'],
    [31, 3, 'bao-cao.pdf, tr. 3'],
  ];
  for (const [line, page, label] of table) {
    it(`line ${line} → ${label}`, () => {
      assert.equal(pageAt(origin, line), page);
      assert.equal(originLabel(origin, line), label);
    });
  }
  it('no pages: the file name', () => assert.equal(originLabel({ ...origin, pageLines: undefined, name: 'a.docx' }, 5), 'a.docx'));
});
