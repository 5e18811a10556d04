import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EmbeddedSearchIndex, IndexedDocInput, SearchCancelled } from '../../server/src/core/search/index';

/**
 * Cancellation inside ranking (cancel.ts): the core asks the host's callback between the
 * query's words, every 16 documents whose positions it reads and between snippets. For
 * every point where it asks, a callback that says "stop" there makes the search throw
 * `SearchCancelled`, and the index answers the next search exactly as before.
 */

const DIR = path.join(__dirname, '..', 'fixtures', 'vn-news');

function doc(id: number, text: string): IndexedDocInput {
  const nl = text.indexOf('\n');
  const titleEnd = nl < 0 ? text.length : nl;
  return { id, text, titleSpan: { start: 0, end: titleEnd }, body: [{ start: 0, end: text.length }] };
}

describe('search: cancellation inside ranking', () => {
  const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.txt')).sort();
  const texts = files.map((f) => fs.readFileSync(path.join(DIR, f), 'utf8'));
  const index = new EmbeddedSearchIndex();
  texts.forEach((t, id) => index.add(doc(id, t)));
  const read = (id: number) => texts[id];

  // Free words with proximity bonuses, a quoted phrase, two words with a limit of 1.
  const table = [
    { query: 'ngân hàng nhà nước', limit: 20, minChecks: 6 },
    { query: 'thi truong bat dong san', limit: 5, minChecks: 6 },
    { query: '"biến đổi khí hậu"', limit: 20, minChecks: 3 },
    { query: 'tham nhũng', limit: 1, minChecks: 3 },
  ];
  for (const row of table) {
    it(`${row.query}: stopped at each of its checks, then answered as before`, () => {
      const want = index.search(row.query, { limit: row.limit }, read);
      let checks = 0;
      assert.deepEqual(index.search(row.query, { limit: row.limit, isCancelled: () => (checks++, false) }, read), want);
      assert.ok(checks >= row.minChecks, `${checks} checks`);
      for (let stopAt = 1; stopAt <= checks; stopAt++) {
        let asked = 0;
        assert.throws(() => index.search(row.query, { limit: row.limit, isCancelled: () => ++asked === stopAt }, read), SearchCancelled);
        assert.equal(asked, stopAt, 'no check after the one that said stop');
        assert.deepEqual(index.search(row.query, { limit: row.limit }, read), want);
      }
    });
  }
});
