import { strict as assert } from 'node:assert';
import { EmbeddedSearchIndex, IndexedDocInput, QueryExpansion, findExpansions } from '../../server/src/core/search/index';
import type { AcronymLexicon } from '../../server/src/core/search/index';

/** Acronym-aware search: which parts of a query have other names, and how the index ranks them. */

const LEXICON: Record<string, string[]> = {
  CSP: ['Đối tác chiến lược toàn diện', 'Comprehensive Strategic Partnership'],
  FDI: ['đầu tư trực tiếp nước ngoài'],
};
const lexicon: AcronymLexicon = {
  longFormsOf: (a) => LEXICON[a.toUpperCase()] ?? [],
  acronymsOf: (l) => Object.keys(LEXICON).filter((a) => LEXICON[a].some((f) => f.toLowerCase() === l.toLowerCase())),
};

describe('acronym-aware search', () => {
  describe('findExpansions', () => {
    const cases: [string, QueryExpansion[]][] = [
      ['CSP', [{ form: 'CSP', alternatives: ['Đối tác chiến lược toàn diện', 'Comprehensive Strategic Partnership'] }]],
      ['quan hệ CSP với Nhật', [{ form: 'CSP', alternatives: ['Đối tác chiến lược toàn diện', 'Comprehensive Strategic Partnership'] }]],
      ['thu hút đầu tư trực tiếp nước ngoài', [{ form: 'đầu tư trực tiếp nước ngoài', alternatives: ['FDI'] }]],
      // a lower-case word is not an acronym ("csp" could be a syllable)
      ['csp', []],
      // quoted: the writer asked for this form
      ['"CSP"', []],
      ['"đầu tư trực tiếp nước ngoài"', []],
      // the acronym already typed beside its long form: nothing to add
      ['FDI đầu tư trực tiếp nước ngoài', [{ form: 'FDI', alternatives: ['đầu tư trực tiếp nước ngoài'] }]],
      ['chiến lược', []],
    ];
    for (const [query, expected] of cases) it(JSON.stringify(query), () => assert.deepEqual(findExpansions(query, lexicon), expected));
  });

  describe('ranking and snippets', () => {
    const texts = [
      'Quan hệ Việt Nam - Nhật Bản\nHai nước nâng quan hệ lên Đối tác chiến lược toàn diện.',
      'Quan hệ Việt Nam - Úc\nHai nước là CSP từ năm 2024, CSP mở rộng hợp tác.',
      'Tin kinh tế\nVốn FDI vào bất động sản tăng.',
      'Tin kinh tế khác\nThu hút đầu tư trực tiếp nước ngoài vào công nghiệp.',
      'Tin thể thao\nTrận đấu được truyền hình trực tiếp.',
    ];
    const index = new EmbeddedSearchIndex();
    texts.forEach((text, id) => {
      const body: { start: number; end: number }[] = [];
      let start = 0;
      text.split('\n').forEach((line) => {
        body.push({ start, end: start + line.length });
        start += line.length + 1;
      });
      index.add({ id, text, titleSpan: body[0], body } as IndexedDocInput);
    });
    const search = (query: string, exact = false) => index.search(query, { limit: 10, exact, expansions: findExpansions(query, lexicon) }, (id) => texts[id]);

    it('an acronym finds its long form, ranked below the literal match, and says which form matched', () => {
      const r = search('CSP');
      assert.deepEqual(
        r.hits.map((h) => h.docId),
        [1, 0],
      );
      assert.equal(r.total, 2);
      const viaLongForm = r.hits[1];
      assert.deepEqual(viaLongForm.expansions, [{ form: 'CSP', matched: 'Đối tác chiến lược toàn diện' }]);
      assert.deepEqual(
        viaLongForm.highlights.map(([s, e]) => viaLongForm.snippet.slice(s, e)).join(' '),
        'Đối tác chiến lược toàn diện',
      );
      assert.equal(r.hits[0].expansions, undefined);
    });

    it('a long form finds its acronym, ranked below the literal match', () => {
      const ids = search('đầu tư trực tiếp nước ngoài').hits.map((h) => h.docId);
      assert.deepEqual(ids.slice(0, 2), [3, 2]);
    });

    it('exact: true and a quoted phrase turn expansion off', () => {
      assert.deepEqual(
        search('CSP', true).hits.map((h) => h.docId),
        [1],
      );
      assert.deepEqual(
        search('"CSP"').hits.map((h) => h.docId),
        [1],
      );
      // the index itself ignores expansions in exact mode, whoever passes them
      const forced = index.search('CSP', { exact: true, expansions: [{ form: 'CSP', alternatives: ['Đối tác chiến lược toàn diện'] }] }, (id) => texts[id]);
      assert.deepEqual(
        forced.hits.map((h) => h.docId),
        [1],
      );
    });

    it('an expansion whose form is not in the query is ignored', () => {
      const r = index.search('bất động sản', { expansions: [{ form: 'CSP', alternatives: ['Đối tác chiến lược toàn diện'] }] }, (id) => texts[id]);
      assert.deepEqual(
        r.hits.map((h) => h.docId),
        [2],
      );
    });

    it('a form that is part of a typed document symbol is not expanded (the symbol is matched whole)', () => {
      // "CSP" inside "12/CSP-2024" is a part of an identifier; as a word it still expands.
      const expansions = [{ form: 'CSP', alternatives: ['Đối tác chiến lược toàn diện'] }];
      const inSymbol = index.search('12/CSP-2024', { limit: 10, expansions }, (id) => texts[id]);
      assert.ok(inSymbol.hits.every((h) => h.docId !== 0 && h.expansions === undefined));
      const asWord = index.search('12 CSP 2024', { limit: 10, expansions }, (id) => texts[id]);
      assert.ok(asWord.hits.some((h) => h.docId === 0));
    });
  });
});
