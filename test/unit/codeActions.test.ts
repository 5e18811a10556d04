/** Code actions (features/codeActions.ts): brief with a `|` cursor in, action titles and the text after applying each. */
import { strict as assert } from 'node:assert';
import { ServerCommands } from '../../shared/protocol';
import { codeActions, TextEditData } from '../../server/src/features/codeActions';
import { diagnose } from '../../server/src/features/diagnostics';
import { cursor, openBrief, seedWorld } from './briefHelpers';

function apply(text: string, edits: TextEditData[]): string {
  return [...edits].sort((a, b) => b.range.start - a.range.start).reduce((t, e) => t.slice(0, e.range.start) + e.newText + t.slice(e.range.end), text);
}

interface Case {
  name: string;
  text: string;
  /** "kind: title => text after the edits" (or "=> command <id>") for each action, source actions left out. */
  expect: string[];
}

const CASES: Case[] = [
  {
    name: 'defined late: define at the first use, the acronym alone where it was defined',
    text: 'Năm nay |UBND và Ủy ban nhân dân (UBND) họp.',
    expect: [
      'quickfix: Define UBND at its first use: “Ủy ban nhân dân (UBND)” => Năm nay Ủy ban nhân dân (UBND) và UBND họp.',
      'refactor.rewrite: Expand UBND to “Ủy ban nhân dân” => Năm nay Ủy ban nhân dân và Ủy ban nhân dân (UBND) họp.',
    ],
  },
  {
    name: 'a known acronym the brief never defines: define it at its first use, expand it here',
    text: 'Ban chỉ đạo ASEAN họp; đại diện |ASEAN phát biểu.',
    expect: [
      'refactor.rewrite: Define ASEAN at its first use: “Hiệp hội các quốc gia Đông Nam Á (ASEAN)” => Ban chỉ đạo Hiệp hội các quốc gia Đông Nam Á (ASEAN) họp; đại diện ASEAN phát biểu.',
      'refactor.rewrite: Expand ASEAN to “Hiệp hội các quốc gia Đông Nam Á” => Ban chỉ đạo ASEAN họp; đại diện Hiệp hội các quốc gia Đông Nam Á phát biểu.',
    ],
  },
  {
    name: 'defined twice: the acronym alone the second time',
    text: 'Ngân hàng Nhà nước (NHNN) điều hành. Ngân hàng Nhà nước (|NHNN) cho biết.',
    expect: ['quickfix: Write NHNN alone here (it is defined earlier) => Ngân hàng Nhà nước (NHNN) điều hành. NHNN cho biết.'],
  },
  {
    name: 'undefined: add it to the user glossary',
    text: 'Nhóm |XYZQ họp.',
    expect: [`quickfix: Add XYZQ to the user glossary => command ${ServerCommands.addToGlossary} {"acronym":"XYZQ","uri":"file:///tmp/brief.md"}`],
  },
  {
    name: 'a short reference: replace it with its full citation',
    text: 'Thực hiện Nghị quyết |34, các bộ ngành triển khai.',
    expect: [
      'refactor.rewrite: Cite in full: Nghị quyết số 34-NQ/TW ngày 9/1/2023 của Bộ Chính trị về một số định hướng, chủ trương lớ… => Thực hiện Nghị quyết số 34-NQ/TW ngày 9/1/2023 của Bộ Chính trị về một số định hướng, chủ trương lớn triển khai đường lối đối ngoại Đại hội XIII, các bộ ngành triển khai.',
    ],
  },
  {
    name: 'an ambiguous reference: one fix per candidate',
    text: 'Nghị quyết số 15-NQ/TW và Nghị quyết số 15/NQ-CP; Nghị quyết |15 nêu rõ.',
    expect: [
      // the nearest full form before the mention first
      'quickfix: Cite in full: Nghị quyết số 15/NQ-CP => Nghị quyết số 15-NQ/TW và Nghị quyết số 15/NQ-CP; Nghị quyết số 15/NQ-CP nêu rõ.',
      'quickfix: Cite in full: Nghị quyết số 15-NQ/TW => Nghị quyết số 15-NQ/TW và Nghị quyết số 15/NQ-CP; Nghị quyết số 15-NQ/TW nêu rõ.',
    ],
  },
  { name: 'plain words: only the source actions', text: 'Các |địa phương.', expect: [] },
];

describe('code actions', () => {
  const { ctx } = seedWorld();
  for (const c of CASES) {
    it(c.name, () => {
      const { text, offset } = cursor(c.text);
      const doc = openBrief(text, 'file:///tmp/brief.md', ctx);
      const here = diagnose(ctx, doc).filter((d) => d.range.start <= offset && offset <= d.range.end);
      const actions = codeActions(ctx, doc, { start: offset, end: offset }, here);
      const sources = actions.filter((a) => a.kind === 'source');
      assert.deepEqual(
        sources.map((a) => a.command?.command),
        [ServerCommands.insertAbbreviations, ServerCommands.insertCitedDocuments],
      );
      assert.deepEqual(sources[0].command?.arguments, [{ uri: 'file:///tmp/brief.md', at: offset }]);
      const got = actions
        .filter((a) => a.kind !== 'source')
        .map((a) => `${a.kind}: ${a.title} => ${a.edits ? apply(text, a.edits) : `command ${a.command!.command} ${JSON.stringify(a.command!.arguments[0])}`}`);
      assert.deepEqual(got, c.expect);
    });
  }
});
