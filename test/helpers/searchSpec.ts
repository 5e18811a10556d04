/**
 * Checks shared by the property tests that hold a search fast path to its specification
 * (the same index with the fast path off): the same hits and scores, and a total that is
 * exact or a lower bound of at least the exact-total bound.
 */
import { strict as assert } from 'node:assert';
import type { EmbeddedSearchIndex, SearchOptions } from '../../server/src/core/search';

export interface IndexWithTexts {
  index: EmbeddedSearchIndex;
  texts: Map<number, string>;
}

/** Asserts that `fast` answers `query` as `spec` does; returns true when its total was a lower bound. */
export function sameAsSpec(fast: IndexWithTexts, spec: IndexWithTexts, query: string, opts: SearchOptions, bound: number): boolean {
  const got = fast.index.search(query, opts, (id) => fast.texts.get(id) ?? '');
  const want = spec.index.search(query, opts, (id) => spec.texts.get(id) ?? '');
  assert.deepEqual(got.hits, want.hits);
  assert.equal(want.totalExact, undefined, 'the specification counts every match');
  if (got.totalExact === false) {
    assert.ok(got.total >= bound && got.total <= want.total, `total ${got.total}, bound ${bound}, exact ${want.total}`);
    return true;
  }
  assert.equal(got.totalExact, undefined);
  assert.equal(got.total, want.total);
  return false;
}

/** Removes every third document (ids 0, 3, 6 ...) from each index, so that deleted postings sit inside blocks. */
export function removeEveryThird(indexes: IndexWithTexts[], count: number): void {
  for (let id = 0; id < count; id += 3) {
    for (const x of indexes) {
      x.index.remove(id);
      x.texts.delete(id);
    }
  }
}
