/**
 * Acronym forms of foreign-affairs text (issue 15, item 6): a year or number inside the
 * parentheses ("(UNCLOS 1982)", "(COP 28)"), a long form that ends in "năm 1982", an ordinal
 * "lần thứ 28" written before or after the name, and go to definition reaching the corpus
 * passage of an acronym the glossary also has. Tables of text and expected results.
 */
import { strict as assert } from 'node:assert';
import { analyzeDocument } from '../../server/src/core/analyze';
import { mineDefinitions } from '../../server/src/core/acronyms';
import { CorpusIndex } from '../../server/src/core/corpusIndex';
import { definition } from '../../server/src/features/definition';
import { bundledGlossary, cursor } from './briefHelpers';

const glossary = bundledGlossary();

describe('acronym forms with years and numbers', () => {
  const CASES: Array<[string, string[]]> = [
    ['Việt Nam là thành viên của Công ước Liên hợp quốc về Luật Biển (UNCLOS 1982) từ năm 1994.', ['UNCLOS = Công ước Liên hợp quốc về Luật Biển']],
    ['Việt Nam là thành viên của Công ước Liên hợp quốc về Luật Biển năm 1982 (UNCLOS) từ năm 1994.', ['UNCLOS = Công ước Liên hợp quốc về Luật Biển']],
    ['Việt Nam tôn trọng Công ước Liên hợp quốc về Luật biển năm 1982 (UNCLOS 1982).', ['UNCLOS 1982 = Công ước Liên hợp quốc về Luật biển năm 1982']],
    ['Thủ tướng dự Hội nghị lần thứ 28 các Bên tham gia Công ước khung của Liên hợp quốc về biến đổi khí hậu (COP 28) tại Dubai.', ['COP 28 = Hội nghị lần thứ 28 các Bên tham gia Công ước khung của Liên hợp quốc về biến đổi khí hậu']],
    ['Thủ tướng dự Hội nghị các Bên tham gia Công ước khung của Liên hợp quốc về biến đổi khí hậu lần thứ 28 (COP28) tại Dubai.', ['COP28 = Hội nghị các Bên tham gia Công ước khung của Liên hợp quốc về biến đổi khí hậu lần thứ 28']],
    ['Việt Nam ủng hộ Tuyên bố về ứng xử của các bên ở Biển Đông năm 2002 (DOC).', ['DOC = Tuyên bố về ứng xử của các bên ở Biển Đông']],
  ];
  for (const [text, expected] of CASES) {
    it(text, () => {
      const mined = mineDefinitions(text, [{ start: 0, end: text.length }], glossary.expansions);
      assert.deepEqual(mined.definitions.map((d) => `${d.acronym} = ${d.longForm}`), expected);
    });
  }
});

describe('go to definition reaches the corpus passage of an acronym the glossary also has', () => {
  const corpus = new CorpusIndex();
  const CORPUS = [
    'Tin\n\nViệt Nam là thành viên Công ước Liên hợp quốc về Luật Biển (UNCLOS 1982) từ năm 1994.\n',
    'Tin\n\nThủ tướng dự Hội nghị lần thứ 28 các bên tham gia Công ước khung của Liên hợp quốc về biến đổi khí hậu (COP 28) tại Dubai.\n',
  ];
  CORPUS.forEach((text, i) => {
    const uri = `file:///corpus/${i}.txt`;
    corpus.add({ uri, path: `/corpus/${i}.txt`, bytes: text.length, mtimeMs: 0, analysis: analyzeDocument(uri, text, { kind: 'corpus', known: glossary.expansions }) });
  });
  const ctx = { corpus, glossary };
  const CASES: Array<[string, string[]]> = [
    ['U|NCLOS quy định rõ.', ['file:///corpus/0.txt:2']],
    ['C|OP28 bàn về khí hậu.', ['file:///corpus/1.txt:2']],
    ['C|OP 28 bàn về khí hậu.', ['file:///corpus/1.txt:2']],
  ];
  for (const [marked, expected] of CASES) {
    it(marked, () => {
      const { text, offset } = cursor(marked);
      const doc = { uri: 'file:///brief.md', text, analysis: analyzeDocument('file:///brief.md', text, { kind: 'brief', known: glossary.expansions }) };
      assert.deepEqual(definition(ctx, doc, offset, (p) => `file://${p}`).map((l) => `${l.uri}:${l.range.start.line}`), expected);
    });
  }
});
