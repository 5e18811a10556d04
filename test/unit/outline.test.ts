/** Outline and folding (features/outline.ts, folding.ts): text in, indented tree out. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LineIndex } from '../../server/src/core/lineIndex';
import { foldingRanges } from '../../server/src/features/folding';
import { isMarkdown, matchHeading, outline, OutlineMarkdownMode, OutlineNode } from '../../server/src/features/outline';
import { emptyContext, openBrief, REPO, seedWorld } from './briefHelpers';

/** "name [style firstLine-lastLine]" per node, two spaces per level. */
function render(text: string, nodes: OutlineNode[]): string {
  const li = new LineIndex(text);
  const out: string[] = [];
  const walk = (ns: OutlineNode[], depth: number) => {
    for (const n of ns) {
      assert.ok(n.range.start <= n.selectionRange.start && n.selectionRange.end <= n.range.end, `selection outside range: ${n.name}`);
      out.push(`${'  '.repeat(depth)}${n.name}${n.detail ? ` (${n.detail})` : ''} [${n.style} ${li.positionAt(n.range.start).line}-${li.positionAt(n.range.end).line}]`);
      walk(n.children, depth + 1);
    }
  };
  walk(nodes, 0);
  return out.join('\n');
}

interface Case {
  name: string;
  text: string[];
  markdown?: boolean;
  mode?: OutlineMarkdownMode;
  expect: string[];
}

const CASES: Case[] = [
  {
    name: 'Roman, Arabic and lettered numbering nest by rank',
    text: ['I. Bối cảnh', '1. Quốc tế', 'Nội dung.', '2. Trong nước', 'a) Kinh tế', 'b) Xã hội', 'II. Đề xuất', 'Nội dung.'],
    expect: [
      'I. Bối cảnh [roman 0-5]',
      '  1. Quốc tế [arabic 1-2]',
      '  2. Trong nước [arabic 3-5]',
      '    a) Kinh tế [letter 4-4]',
      '    b) Xã hội [letter 5-5]',
      'II. Đề xuất [roman 6-7]',
    ],
  },
  {
    name: 'multi-level Arabic numbering, a section ends at its last non-blank line',
    text: ['1. Mục tiêu', '1.1. Mục tiêu chung', 'Nội dung.', '', '1.2. Mục tiêu cụ thể', '', '2. Giải pháp', ''],
    expect: ['1. Mục tiêu [arabic 0-4]', '  1.1. Mục tiêu chung [arabic 1-2]', '  1.2. Mục tiêu cụ thể [arabic 4-4]', '2. Giải pháp [arabic 6-6]'],
  },
  {
    name: 'Phần / Chương / Mục / Điều, title on the next line, Điều in running text is not a heading',
    text: [
      'PHẦN THỨ NHẤT',
      'NHỮNG VẤN ĐỀ CHUNG',
      'Chương I. Quy định chung',
      'Mục 1',
      'Điều 1. Phạm vi điều chỉnh',
      'Điều 2 của Luật này được sửa đổi như sau và có hiệu lực từ ngày ký ban hành cho đến khi có văn bản thay thế.',
      'Điều 3: Đối tượng áp dụng',
      'Chương II',
    ],
    expect: [
      'PHẦN THỨ NHẤT (NHỮNG VẤN ĐỀ CHUNG) [part 0-7]',
      '  Chương I. Quy định chung [chapter 2-6]',
      '    Mục 1 [section 3-6]',
      '      Điều 1. Phạm vi điều chỉnh [article 4-5]',
      '      Điều 3: Đối tượng áp dụng [article 6-6]',
      '  Chương II [chapter 7-7]',
    ],
  },
  {
    name: 'numbered sentences and list items are not headings',
    text: [
      'I. Đề xuất',
      '1. VUFO chủ trì xây dựng kế hoạch ĐNND hằng năm, gắn với đối ngoại Đảng và ngoại giao Nhà nước.',
      '2. Các địa phương rà soát việc triển khai;',
      'a) tăng cường phối hợp,',
      'Mục tiêu là nâng cao hiệu quả.',
      '2020. Một năm khó khăn.',
    ],
    expect: ['I. Đề xuất [roman 0-5]'],
  },
  {
    name: 'Markdown: # and setext headings by level, numbering inside them; fenced code is skipped',
    markdown: true,
    mode: 'all',
    text: ['# Bản tin', '', '## Bối cảnh', '**I. Quốc tế**', 'x', '```', '# not a heading', '```', '## Đề xuất', 'Setext', '------', 'y'],
    expect: ['Bản tin [markdown 0-11]', '  Bối cảnh [markdown 2-7]', '    I. Quốc tế [roman 3-7]', '  Đề xuất [markdown 8-8]', '  Setext [markdown 9-11]'],
  },
  {
    name: "Markdown, mode 'numbering' (what VS Code asks for): # headings left to the editor, their numbered children move up",
    markdown: true,
    mode: 'numbering',
    text: ['# Bản tin', '## I. Bối cảnh', 'x', '1. Quốc tế', 'y', '## II. Đề xuất', 'z', 'III. Tổ chức thực hiện', ''],
    expect: ['1. Quốc tế [arabic 3-4]', 'III. Tổ chức thực hiện [roman 7-7]'],
  },
  { name: "Markdown, mode 'off': nothing", markdown: true, mode: 'off', text: ['# Bản tin', 'I. Bối cảnh'], expect: [] },
  {
    name: "Markdown, no mode given (the server's default 'all'): # headings and Vietnamese numbering",
    markdown: true,
    text: ['# Bản tin', '## I. Bối cảnh', 'x', '1. Quốc tế', 'y'],
    expect: ['Bản tin [markdown 0-4]', '  I. Bối cảnh [markdown 1-4]', '    1. Quốc tế [arabic 3-4]'],
  },
  {
    name: 'plain text: # headings still count',
    text: ['# Bản tin', 'I. Bối cảnh', 'x'],
    expect: ['Bản tin [markdown 0-2]', '  I. Bối cảnh [roman 1-2]'],
  },
];

describe('outline', () => {
  const ctx = emptyContext(false);
  for (const c of CASES) {
    it(c.name, () => {
      const text = c.text.join('\n');
      const doc = openBrief(text, c.markdown ? 'file:///tmp/b.md' : 'file:///tmp/b.txt');
      assert.equal(render(text, outline(ctx, doc, { markdown: !!c.markdown, markdownMode: c.mode })), c.expect.join('\n'));
    });
  }

  it('the fixture brief', () => {
    const text = fs.readFileSync(path.join(REPO, 'test', 'fixtures', 'briefs', 'outline-plain.txt'), 'utf8');
    const rendered = render(text, outline(ctx, openBrief(text, 'file:///tmp/outline-plain.txt'), { markdown: false }));
    assert.equal(
      rendered,
      [
        'BÁO CÁO CHÍNH SÁCH [markdown 0-25]',
        '  PHẦN I (TÌNH HÌNH CHUNG) [part 3-18]',
        '    I. Bối cảnh quốc tế [roman 6-15]',
        '      1. Kinh tế thế giới [arabic 8-9]',
        '      2. Khu vực [arabic 11-15]',
        '        a) Đông Nam Á [letter 12-13]',
        '        b) Đông Bắc Á [letter 14-15]',
        '    II. Bối cảnh trong nước [roman 17-18]',
        '  PHẦN THỨ HAI [part 20-25]',
        '    Chương I. Quy định chung [chapter 21-25]',
        '      Điều 1. Phạm vi điều chỉnh [article 22-24]',
        '      Điều 3. Đối tượng áp dụng [article 25-25]',
      ].join('\n'),
    );
  });

  it('a corpus page open in the editor: title, date, subheads, source', () => {
    const { ctx: seeds } = seedWorld();
    const file = path.join(REPO, 'seeds', '004_a7945d2b60266b08.txt');
    const text = fs.readFileSync(file, 'utf8');
    const nodes = outline(seeds, openBrief(text, pathToFileURL(file).href), { markdown: false });
    assert.equal(
      render(text, nodes).replace(/ \[[^\]]*\]/g, ''),
      [
        'Vận dụng linh hoạt đường lối đối ngoại của Đảng trong cơ chế phối hợp chặt chẽ',
        '  Ngày 14/12/2021',
        '  Sớm xây dựng chiến lược đối ngoại từng ngành, từng địa phương',
        '  Quảng bá hình ảnh Việt Nam ra thế giới',
        '  Nguồn: baotintuc.vn',
      ].join('\n'),
    );
  });

  it('matchHeading: what is and is not a heading line', () => {
    const table: Array<[string, string | undefined]> = [
      ['IV. Tổ chức thực hiện', 'roman IV.'],
      ['V - Kiến nghị', 'roman V.'],
      ['A. PHẦN MỞ ĐẦU', 'upper-letter A.'],
      ['3) Về nhân lực', 'arabic 3)'],
      ['đ) Hợp tác quốc tế', 'letter đ)'],
      ['Chương IV', 'chapter Chương IV'],
      ['Mục tiêu tổng quát', undefined],
      ['Phần lớn các địa phương đã hoàn thành', undefined],
      ['1.000 tỷ đồng được phân bổ', undefined],
      ['XYZ. Công ty', undefined],
    ];
    for (const [line, expected] of table) {
      const h = matchHeading(line, false);
      assert.equal(h ? `${h.style} ${h.marker}` : undefined, expected, line);
    }
  });

  it('isMarkdown from the language id, else from the file name', () => {
    assert.equal(isMarkdown('file:///a/b.txt', 'markdown'), true);
    assert.equal(isMarkdown('file:///a/b.md'), true);
    assert.equal(isMarkdown('untitled:Untitled-1', 'plaintext'), false);
  });
});

describe('folding', () => {
  it('folds each multi-line section from its heading to its last non-blank line', () => {
    const text = ['I. Bối cảnh', '1. Quốc tế', 'x', '', '2. Trong nước', 'y', '', 'II. Đề xuất', 'z'].join('\n');
    const ranges = foldingRanges(emptyContext(false), openBrief(text, 'file:///tmp/b.txt'), { markdown: false });
    assert.deepEqual(
      ranges.map((r) => [r.startLine, r.endLine]),
      [
        [0, 5],
        [1, 2],
        [4, 5],
        [7, 8],
      ],
    );
  });
});
