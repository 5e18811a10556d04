/** Completion (features/completion.ts) on the seed corpus: text with a `|` cursor in, the first items out. */
import { strict as assert } from 'node:assert';
import { complete } from '../../server/src/features/completion';
import { cursor, openBrief, seedWorld } from './briefHelpers';

interface Case {
  name: string;
  text: string;
  /** "kind | inserted text | replaced text", first items in order. */
  expect: string[];
  /** Only compare this many items (default: expect.length). */
  first?: number;
}

const CASES: Case[] = [
  {
    name: 'a reference by type and number prefix: full citation from the corpus',
    text: 'Thực hiện Nghị quyết 3|',
    expect: [
      'reference | Nghị quyết số 34-NQ/TW ngày 9/1/2023 của Bộ Chính trị về một số định hướng, chủ trương lớn triển khai đường lối đối ngoại Đại hội XIII | Nghị quyết 3',
    ],
  },
  {
    name: 'the same typed without marks, with "so"',
    text: 'thuc hien nghi quyet so 34|',
    expect: [
      'reference | Nghị quyết số 34-NQ/TW ngày 9/1/2023 của Bộ Chính trị về một số định hướng, chủ trương lớn triển khai đường lối đối ngoại Đại hội XIII | nghi quyet so 34',
    ],
  },
  {
    name: 'once cited in full, the symbol form is enough',
    text: 'Nghị quyết số 34-NQ/TW ngày 9/1/2023 của Bộ Chính trị.\nTheo NQ 3|',
    expect: ['reference | Nghị quyết số 34-NQ/TW | NQ 3'],
  },
  { name: 'no reference of that number', text: 'Chỉ thị 98765|', expect: [] },
  {
    name: 'an acronym prefix at first use: "Long form (ACR)" first',
    text: 'Vai trò của VUF|',
    expect: [
      'definition | Liên hiệp các tổ chức hữu nghị Việt Nam (VUFO) | VUF',
      'acronym | VUFO | VUF',
    ],
  },
  {
    name: 'an acronym the brief has defined: the acronym alone',
    text: 'Tổ chức Thương mại Thế giới (WTO).\nGia nhập WT|',
    expect: ['acronym | WTO | WT'],
  },
  {
    name: 'the start of a long form, accent-insensitive: "Long form (ACR)" at first use',
    text: 'Cùng với Lien hiep cac to chuc huu nghi V|',
    expect: [
      'definition | Liên hiệp các tổ chức hữu nghị Việt Nam (VUFO) | Lien hiep cac to chuc huu nghi V',
      'long-form | Liên hiệp các tổ chức hữu nghị Việt Nam | Lien hiep cac to chuc huu nghi V',
    ],
  },
  {
    name: 'the start of a long form the brief has defined: the acronym',
    text: 'Tổ chức Thương mại Thế giới (WTO) và ASEAN.\nSau khi gia nhập Tổ chức Thương mại T|',
    expect: ['acronym | WTO | Tổ chức Thương mại T', 'long-form | Tổ chức Thương mại Thế giới | Tổ chức Thương mại T'],
  },
  { name: 'an ordinary word offers nothing', text: 'Trong năm qua, các|', expect: [] },
  { name: 'one capital letter is not enough', text: 'Theo U|', expect: [] },
];

describe('completion', () => {
  const { ctx } = seedWorld();
  for (const c of CASES) {
    it(c.name, () => {
      const { text, offset } = cursor(c.text);
      const result = complete(ctx, openBrief(text, 'file:///tmp/brief.md', ctx), offset);
      const got = result.items.slice(0, c.first ?? c.expect.length).map((i) => `${i.kind} | ${i.insertText} | ${text.slice(i.range.start, i.range.end)}`);
      assert.deepEqual(got, c.expect);
      for (const i of result.items) assert.equal(i.range.end, offset);
    });
  }
});
