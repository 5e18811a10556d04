import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { exactKey, foldKey, hasDiacritics, normalizeText, toNormalizedOffset, toOriginalOffset } from '../../server/src/core/text';

describe('text: keys', () => {
  const sameExact: [string, string][] = [
    ['hoà', 'hòa'],
    ['thuý', 'thúy'],
    ['khoẻ', 'khỏe'],
    ['Hòa', 'HOÀ'],
    ['ÐCSVN', 'ĐCSVN'],
    ['Nghị'.normalize('NFD'), 'Nghị'],
  ];
  for (const [a, b] of sameExact) it(`exact key: ${a} = ${b}`, () => assert.equal(exactKey(a), exactKey(b)));

  const differentExact: [string, string][] = [
    ['hoà', 'hoa'],
    ['biển', 'biến'],
    ['đông', 'dong'],
    ['hòa', 'hóa'],
  ];
  for (const [a, b] of differentExact) it(`exact key: ${a} ≠ ${b}`, () => assert.notEqual(exactKey(a), exactKey(b)));

  const folded: [string, string][] = [
    ['Nghị quyết', 'nghi quyet'],
    ['Biển Đông', 'bien dong'],
    ['ĐCSVN', 'dcsvn'],
    ['ÐCSVN', 'dcsvn'],
    ['Ủy ban', 'uy ban'],
    ['khoẻ'.normalize('NFD'), 'khoe'],
    ['34-NQ/TW', '34-nq/tw'],
  ];
  for (const [input, expected] of folded) it(`fold: ${input} → ${expected}`, () => assert.equal(foldKey(input), expected));

  it('hasDiacritics tells typed marks apart', () => {
    assert.equal(hasDiacritics('nghi quyet'), false);
    assert.equal(hasDiacritics('Nghị quyết'), true);
    assert.equal(hasDiacritics('dong'), false);
    assert.equal(hasDiacritics('đong'), true);
  });

  it('folding is idempotent (property)', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (s) => foldKey(foldKey(s)) === foldKey(s)));
  });

  it('exact key does not depend on NFC/NFD (property over Vietnamese syllables)', () => {
    const syllable = fc.constantFrom('hoà', 'hòa', 'thuý', 'Nghị', 'quyết', 'Đảng', 'Ủy', 'khỏe', 'người', 'Việt');
    fc.assert(fc.property(syllable, (s) => exactKey(s.normalize('NFD')) === exactKey(s.normalize('NFC'))));
  });
});

describe('text: normalization keeps an offset map', () => {
  it('leaves NFC text alone without a map', () => {
    const n = normalizeText('Nghị quyết 34');
    assert.equal(n.text, 'Nghị quyết 34');
    assert.equal(n.map, null);
  });

  it('maps NFD input back to the original characters', () => {
    const original = 'Bộ Ngoại giao (BNG) và ĐNND'.normalize('NFD');
    const n = normalizeText(original);
    assert.equal(n.text, 'Bộ Ngoại giao (BNG) và ĐNND');
    const at = n.text.indexOf('BNG');
    const start = toOriginalOffset(n, at);
    const end = toOriginalOffset(n, at + 3);
    assert.equal(original.slice(start, end), 'BNG');
    const ng = n.text.indexOf('Ngoại');
    assert.equal(original.slice(toOriginalOffset(n, ng), toOriginalOffset(n, ng + 5)).normalize('NFC'), 'Ngoại');
    assert.equal(toNormalizedOffset(n, start), at);
  });

  it('replaces Ð (eth) with Đ without changing lengths', () => {
    const n = normalizeText('ÐCSVN');
    assert.equal(n.text, 'ĐCSVN');
    assert.equal(n.map, null);
  });

  it('mapped offsets are monotone, in range, and land on the original characters (property)', () => {
    const piece = fc.constantFrom('Nghị', 'quyết', ' ', '34', '-NQ/TW', 'hoà', 'Ð', '\n', 'a', '🙂', 'x\u0301');
    const doc = fc.array(piece, { maxLength: 40 }).chain((parts) =>
      fc.array(fc.boolean(), { minLength: parts.length, maxLength: parts.length }).map((nfd) => parts.map((p, i) => (nfd[i] ? p.normalize('NFD') : p)).join('')),
    );
    fc.assert(
      fc.property(doc, (original) => {
        const n = normalizeText(original);
        let prev = 0;
        for (let i = 0; i <= n.text.length; i++) {
          const o = toOriginalOffset(n, i);
          if (o < prev || o > original.length) return false;
          prev = o;
        }
        if (toOriginalOffset(n, n.text.length) !== original.length) return false;
        // Every whole word of the normalized text maps to the same word in the original.
        for (const m of n.text.matchAll(/\p{L}+/gu)) {
          const s = toOriginalOffset(n, m.index!);
          const e = toOriginalOffset(n, m.index! + m[0].length);
          if (original.slice(s, e).normalize('NFC').replace(/Ð/g, 'Đ').replace(/ð/g, 'đ') !== m[0]) return false;
        }
        return true;
      }),
    );
  });
});
