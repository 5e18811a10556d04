import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { longFormKey } from '../../server/src/core/acronyms';
import { words } from '../../server/src/core/tokenize';
import { runKeys } from '../../server/src/features/longForms';

/** The specification: every run of a line's words keyed from the text it spans. */
function everyRun(line: string, key: (first: number, last: number) => string): { run: string; got: string; want: string }[] {
  const tokens = words(line);
  const out = [];
  for (let first = 0; first < tokens.length; first++) {
    for (let last = first; last < tokens.length; last++) {
      out.push({ run: line.slice(tokens[first].start, tokens[last].end), got: key(first, last), want: longFormKey(line.slice(tokens[first].start, tokens[last].end)) });
    }
  }
  return out;
}

describe('long forms: a run of words keyed from its words', () => {
  const lines: [string, string][] = [
    ['Đối tác chiến lược toàn diện', 'doi tac chien luoc toan dien'],
    ['châu Á - Thái Bình Dương', 'chau a thai binh duong'],
    ['châu Á-Thái Bình Dương', 'chau a thai binh duong'],
    ['Ðảng Cộng sản', 'dang cong san'],
    ['Nghị quyết'.normalize('NFD'), 'nghi quyet'],
    ['a \u0301 b', 'a b'],
    ['ΑΣ.Β', 'ασ β'],
    ['İX Y', 'ix y'],
  ];
  for (const [line, whole] of lines) {
    it(`${JSON.stringify(line)}: every run as its text's key (whole: ${whole})`, () => {
      const tokens = words(line);
      const key = runKeys(line, tokens);
      assert.equal(key(0, tokens.length - 1), whole);
      for (const r of everyRun(line, key)) assert.equal(r.got, r.want, r.run);
    });
  }

  // Words, marks alone, separators, and the letters whose folding is unusual (eth, dotted
  // capital I, sigma, ligatures, full-width forms), composed and decomposed.
  const pieces = [
    'Đối', 'tác', 'chiến', 'lược', 'Ủy', 'ban', 'Nghị'.normalize('NFD'), 'quyết', 'ĐCSVN', 'Ðảng', 'ðảng', 'đông', 'NĐ-CP', '34', '2020',
    'İ', 'Σ', 'ΣΑ', 'ς', 'ß', 'ﬁ', 'Ａ', '①', 'Ⅻ', 'x\u0338', '=\u0338', '\u0301', '\u0323\u0302', 'a\u0307',
    ' ', '  ', '-', ' - ', '/', '.', ',', '(', ')', '–', '\u00a0', '\t', "'", '·', '&',
  ];
  it('every run of every line: the same key as its text (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 14 }), (parts) => {
        const line = parts.join('');
        const tokens = words(line);
        for (const r of everyRun(line, runKeys(line, tokens))) assert.equal(r.got, r.want, `${JSON.stringify(line)}: ${JSON.stringify(r.run)}`);
      }),
      { numRuns: 2000 },
    );
  });
});
