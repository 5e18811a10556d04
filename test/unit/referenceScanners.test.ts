/**
 * The reference parser's hand-written fast paths against the simple versions they replaced
 * (commits 0126c77, 702820a, edaae9e, 3fc42ef), kept here as their specification: on random
 * text (fast-check) and on corpus text, each must give exactly what its specification gives.
 *  - typeWordMatches: a loose pre-scan confirmed by the anchored regex, for the plain global
 *    scan with TYPE_WORD_RE (below, as it was written);
 *  - foldSameLength: code units through a table and a UTF-16 decoder, for "fold each unit
 *    with foldKey, lower-case ASCII runs" concatenated as a string;
 *  - memoExactKey: a bounded memo, for exactKey.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { foldSameLength } from '../../server/src/core/references/fold';
import { memoExactKey, typeWordMatches } from '../../server/src/core/references/typeWords';
import { TYPE_WORD_DEFS } from '../../server/src/core/references/vocabulary';
import { exactKey, foldKey } from '../../server/src/core/text';

const REPO = path.resolve(__dirname, '..', '..');

/** The specification: the regex the scan stands in for, and its plain global scan. */
const TYPE_WORD_RE = new RegExp('(?<![\\p{L}\\p{N}])(?:' + TYPE_WORD_DEFS.map((d) => d.folded.join('\\s+')).join('|') + ')(?![\\p{L}\\p{N}])', 'gu');

function specTypeWordMatches(folded: string): Array<{ index: number; text: string }> {
  const out: Array<{ index: number; text: string }> = [];
  TYPE_WORD_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TYPE_WORD_RE.exec(folded)) !== null) out.push({ index: m.index, text: m[0] });
  return out;
}

/** The specification of the folding: each unit alone through foldKey, ASCII lower-cased, as a string. */
function specFold(text: string): string {
  let out = '';
  let runStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (i > runStart) out += text.slice(runStart, i).toLowerCase();
    const k = foldKey(String.fromCharCode(c));
    out += k.length === 1 ? k : k.length === 0 ? '\u0301' : k[0];
    runStart = i + 1;
  }
  return out + text.slice(runStart).toLowerCase();
}

/** Pieces random text is made of: type words in several spellings, letters, digits, separators, odd units. */
const PIECES = [
  ...TYPE_WORD_DEFS.flatMap((d) => [d.canon.join(' '), d.folded.join(' '), d.folded.join('  '), d.canon.join(' ').toUpperCase()]),
  'a', 'b', 'x', 'Đ', 'đ', 'ð', 'Ð', 'ế', 'ư', 'ơ', 'q', 'ă', 'â', 'ê', 'ô', 'ì', 'ử', '9', '34', '2020', '/', '-', '–', '.', ',', '(', ')',
  ' ', ' ', ' ', '\n', '\t', '\u00a0', 'số', 'so', 'NQ', 'NĐ', 'QĐ', 'TW', 'CP', 'ﬁ', 'İ', 'ẞ', '\u0301', '\u0323', '\ud83d\ude00', '\ud800', '\udc00', '\ufeff',
];
const randomText = fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }).map((xs) => xs.join(''));
const anyText = fc.oneof(randomText, fc.string({ unit: 'binary', maxLength: 40 }));

function corpusTexts(): string[] {
  const dirs = [path.join(REPO, 'test/fixtures/vn-news'), path.join(REPO, 'test/fixtures/documents/corpus'), path.join(REPO, 'seeds')];
  return dirs.filter((d) => fs.existsSync(d)).flatMap((d) => fs.readdirSync(d).sort().map((f) => fs.readFileSync(path.join(d, f), 'utf8')));
}

describe('reference scanners against their specifications', () => {
  it('typeWordMatches finds what TYPE_WORD_RE finds (random text)', () => {
    fc.assert(fc.property(anyText, (t) => {
      const folded = foldSameLength(t);
      assert.deepEqual(typeWordMatches(folded), specTypeWordMatches(folded));
    }), { numRuns: 2000 });
  });

  it('foldSameLength folds as the per-unit specification (random text)', () => {
    fc.assert(fc.property(anyText, (t) => {
      const f = foldSameLength(t);
      assert.equal(f, specFold(t));
      assert.equal(f.length, t.length);
    }), { numRuns: 2000 });
  });

  it('memoExactKey is exactKey (random words)', () => {
    fc.assert(fc.property(fc.constantFrom(...PIECES, ...PIECES.map((p) => p.normalize('NFD'))), (w) => assert.equal(memoExactKey(w), exactKey(w))), { numRuns: 500 });
  });

  it('all three on corpus text (vn-news slices and seeds)', function () {
    this.timeout(60_000); // ~360 articles through the slow specifications; no timing is asserted
    const texts = corpusTexts();
    assert.ok(texts.length > 300, `corpus texts: ${texts.length}`);
    let words = 0;
    for (const t of texts) {
      const nfc = t.normalize('NFC');
      const folded = foldSameLength(nfc);
      assert.equal(folded, specFold(nfc));
      const got = typeWordMatches(folded);
      assert.deepEqual(got, specTypeWordMatches(folded));
      for (const m of got) for (const w of nfc.slice(m.index, m.index + m.text.length).split(/\s+/)) (words++, assert.equal(memoExactKey(w), exactKey(w)));
    }
    assert.ok(words > 1000);
  });
});
