import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { SearchOptions } from '../../server/src/core/search/index';
import { lineIndex as build } from '../helpers/searchDocs';
import { removeEveryThird, sameAsSpec } from '../helpers/searchSpec';

/**
 * Score pruning (maxScore.ts with block-max bounds, blockMax.ts) against its
 * specification: the same index with `pruneByScore: false` (and, for the skip data, the
 * streams read whole). Small `exactTotalUpTo`, limits and blocks so that random corpora of
 * a few dozen documents prune.
 */

// Few words, so that most documents hold several query words (long streams, many matches).
const VOCAB = ['hoà', 'hòa', 'bình', 'biển', 'đông', 'động', 'giá', 'của', 'và', 'Việt', 'Nam', 'kinh', 'tế'];
const word = fc.constantFrom(...VOCAB);
const line = fc.array(word, { minLength: 1, maxLength: 14 }).map((ws) => ws.join(' '));
const text = fc.array(line, { minLength: 1, maxLength: 4 }).map((ls) => ls.join('\n'));
const corpus = fc.array(text, { minLength: 8, maxLength: 70 });
const freeQuery = fc.array(word, { minLength: 2, maxLength: 5 }).map((ws) => ws.join(' '));

describe('search: score pruning (block-max, maxScore) against the unpruned scorer', () => {
  it('gives the same hits with the same scores; the total is exact up to its bound, else a lower bound of at least the bound', function () {
    this.timeout(120000);
    let pruned = 0;
    fc.assert(
      fc.property(corpus, freeQuery, fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 8 }), fc.constantFrom(0, 1, 2, 3, 8), (texts, q, limit, bound, block) => {
        const a = build(texts, { pruneByScore: true, exactTotalUpTo: bound, skipBlock: block });
        const b = build(texts, { pruneByScore: false, skipBlock: block });
        const opts: SearchOptions = { limit };
        const check = () => {
          if (sameAsSpec(a, b, q, opts, bound)) pruned++;
        };
        check();
        // Deleted postings inside blocks, then a compacted index.
        removeEveryThird([a, b], texts.length);
        check();
        a.index.compact();
        b.index.compact();
        check();
      }),
      { numRuns: 300 },
    );
    // Not vacuous: a good share of the runs did prune.
    assert.ok(pruned > 100, `pruned in ${pruned} checks`);
  });

});
