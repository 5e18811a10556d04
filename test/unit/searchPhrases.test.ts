import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { SearchOptions } from '../../server/src/core/search/index';
import { lineIndex as build } from '../helpers/searchDocs';
import { removeEveryThird, sameAsSpec } from '../helpers/searchSpec';

/**
 * Quoted phrases checked on candidates only (core/search/phrases.ts) against their
 * specification: the same index with `lazyPhrases: false`, which reads every candidate's
 * positions. Small `exactTotalUpTo` and limits so that random corpora of a few dozen
 * documents leave candidates unchecked.
 */

// Few words, so that most documents hold every word of a phrase, and some in sequence.
const VOCAB = ['Việt', 'Nam', 'viet', 'nam', 'hoà', 'hòa', 'bình', 'kinh', 'tế', 'của', 'và', 'biển', 'Đông'];
const word = fc.constantFrom(...VOCAB);
const line = fc.array(word, { minLength: 1, maxLength: 14 }).map((ws) => ws.join(' '));
const text = fc.array(line, { minLength: 1, maxLength: 4 }).map((ls) => ls.join('\n'));
const corpus = fc.array(text, { minLength: 8, maxLength: 60 });
const phrase = fc.array(word, { minLength: 1, maxLength: 3 }).map((ws) => `"${ws.join(' ')}"`);
const free = fc.array(word, { minLength: 0, maxLength: 3 }).map((ws) => ws.join(' '));
const query = fc.tuple(fc.array(phrase, { minLength: 1, maxLength: 2 }), free).map(([ps, f]) => [...ps, f].join(' ').trim());

describe('search: quoted phrases checked on candidates only', () => {
  it('gives the hits and scores of reading every candidate; the total is exact up to its bound, else a lower bound of at least the bound', function () {
    this.timeout(120000);
    let lower = 0;
    fc.assert(
      fc.property(corpus, query, fc.boolean(), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), (texts, q, exact, limit, bound) => {
        // No proximity cap in either (the cap makes the order of reading matter).
        const a = build(texts, { lazyPhrases: true, exactTotalUpTo: bound, proximityDocs: 1e9 });
        const b = build(texts, { lazyPhrases: false, proximityDocs: 1e9 });
        const opts: SearchOptions = { limit, exact };
        if (sameAsSpec(a, b, q, opts, bound)) lower++;
        removeEveryThird([a, b], texts.length);
        if (sameAsSpec(a, b, q, opts, bound)) lower++;
      }),
      { numRuns: 300 },
    );
    // Not vacuous: a good share of the runs left candidates unchecked.
    assert.ok(lower > 60, `lower bounds in ${lower} checks`);
  });

  // 20 documents say "Việt Nam y0 y1 ...", 10 say "Nam x0 x1 ... Việt"; each has its own length (distinct scores).
  const filler = (n: number, p: string) => Array.from({ length: n }, (_, j) => `${p}${j}`).join(' ');
  const many = Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? `Nam ${filler(i + 1, 'x')} Việt` : `Việt Nam ${filler(i + 1, 'y')}`));
  const cases: Array<[string, number, { exact: number } | { atLeast: number; of: number }]> = [
    // query, exactTotalUpTo, total
    ['"Việt Nam"', 1000, { exact: 20 }],
    ['"Việt Nam"', 20, { exact: 20 }],
    ['"Việt Nam"', 5, { atLeast: 5, of: 20 }],
    ['"viet nam" y1', 5, { atLeast: 5, of: 20 }],
    ['"Việt Nam" x0', 1000, { exact: 0 }],
    ['"Nam x0"', 3, { atLeast: 3, of: 10 }],
    ['"Nam x0"', 10, { exact: 10 }],
    ['"Việt Nam" "Nam x0"', 1000, { exact: 0 }],
  ];
  for (const [q, bound, want] of cases) {
    const label = 'exact' in want ? `${want.exact}` : `at least ${want.atLeast} of ${want.of} (a lower bound)`;
    it(`${q} over 30 documents, exact up to ${bound}: total ${label}`, () => {
      const { index, texts } = build(many, { exactTotalUpTo: bound });
      const r = index.search(q, { limit: 3 }, (id) => texts.get(id) ?? '');
      if ('exact' in want) {
        assert.equal(r.total, want.exact);
        assert.equal(r.totalExact, undefined);
      } else {
        assert.ok(r.total >= want.atLeast && r.total <= want.of, `total ${r.total}`);
        assert.equal(r.totalExact, false);
      }
      // The hits are the best matches: the spec reads every candidate.
      const spec = build(many, { lazyPhrases: false });
      assert.deepEqual(r.hits, spec.index.search(q, { limit: 3 }, (id) => spec.texts.get(id) ?? '').hits);
    });
  }
});
