/**
 * The query path's fast paths (issue 18, i18-query) against the simple versions they
 * replace, which stay their specification.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { scanSpan, TokenBuffer } from '../../server/src/core/search/scan';

/** Syllables, symbols ("30/2020/NĐ-CP", "TP.HCM"), joints, spaces, marks and an astral letter. */
const UNITS = ['a', 'Đ', 'ệ', 'NĐ', 'CP', '30', '2020', 'TP', 'HCM', '-', '/', '.', ' ', '  ', '\n', ',', '\u0301', '😀', '34-NQ/TW', 'KT-XH'];
const text = fc.array(fc.constantFrom(...UNITS), { maxLength: 80 }).map((a) => a.join(''));

function tokens(t: TokenBuffer): string[] {
  const out: string[] = [];
  for (let k = 0; k < t.n; k++) out.push(`${t.start[k]}-${t.end[k]}@${t.pos[k]}${t.sym[k] ? 's' : ''}#${t.hash[k]}`);
  return out;
}

describe('search fast paths', () => {
  it('scanSpan with fromPos gives the tokens of the whole scan numbered fromPos and later, and the same next position', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 5 }), (s, fromPos, stopPos, pos0) => {
        const whole = new TokenBuffer();
        const next = scanSpan(s, 0, s.length, pos0, whole, stopPos);
        const want = tokens(whole).filter((_, k) => whole.pos[k] >= fromPos);
        const fast = new TokenBuffer();
        assert.equal(scanSpan(s, 0, s.length, pos0, fast, stopPos, fromPos), next);
        assert.deepEqual(tokens(fast), want);
      }),
      { numRuns: 3000 },
    );
  });
});
