/**
 * The hand-written scanners against the regexes they replaced. Each regex below is the
 * specification, as it stood in core/acronyms.ts before the fast path (git history:
 * eff756e, c52a5bd, f0cd626 for the span scanner; 58e7c67, 4b398c9, cfbca96, b099186 for the
 * dash and parenthesis hits; 4b398c9 for the parenthesis groups; 6c38e3b for the surrogate
 * look-ahead), and the shared character table (core/charClass.ts) against the Unicode
 * classes it stands for. Each property runs on random text built from the characters that
 * matter (letters with and without marks, combining marks, digits, every kind of space,
 * dashes, parentheses, apostrophes, "&", surrogate pairs and lone surrogates) and on the
 * corpus text of test/fixtures/vn-news.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { dashOrParenHits } from '../../server/src/core/acronyms/dashes';
import { isLower, isUpper } from '../../server/src/core/acronyms/shape';
import { parenGroups } from '../../server/src/core/acronyms/shortForm';
import { wordsIn } from '../../server/src/core/acronyms/words';
import { CHAR_CLASS, hashRange, isJsSpace, LETTER, WORD } from '../../server/src/core/charClass';
import { scanSpan, TokenBuffer } from '../../server/src/core/search/scan';
import { exactKey, foldKey } from '../../server/src/core/text';

// ---------------------------------------------------------------------------------------
// The specifications: the regexes (and the plain loop) the scanners replaced.

/** The words of a span (acronyms.ts before eff756e). */
const WORD_RE = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}]+)*|&/gu;

function wordsBySpec(text: string, from: number, to: number) {
  const out: Array<{ start: number; end: number; text: string }> = [];
  WORD_RE.lastIndex = from;
  let m: RegExpExecArray | null;
  while ((m = WORD_RE.exec(text)) !== null && m.index < to) {
    if (m.index + m[0].length > to) break;
    out.push({ start: m.index, end: m.index + m[0].length, text: m[0] });
  }
  return out;
}

/** What the miner reads of a word (the word memo before c52a5bd / f0cd626). */
function wordFieldsBySpec(text: string) {
  let upper = 0;
  let letters = 0;
  for (const c of text) {
    if (isUpper(c)) upper++;
    if (isUpper(c) || isLower(c)) letters++;
  }
  return { text, fold: foldKey(text), exact: exactKey(text), cap: text.length > 0 && isUpper(text[0]), caps: upper >= 2 && upper === letters, foreign: /^[A-Za-z'’]+$/.test(text) };
}

/** The spaced-dash and parenthesis hits of a span (acronyms.ts before 58e7c67). */
function dashOrParenHitsBySpec(text: string, from: number, to: number): number[] {
  const re = /\s[-\u2013\u2014]\s|\(/g;
  const window = text.slice(from, Math.min(text.length, to + 2));
  const out: number[] = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(window)) !== null && from + m.index < to) out.push(from + m.index);
  return out;
}

/** Parenthesised groups, visiting every character (acronyms.ts before 4b398c9). */
function parenGroupsBySpec(text: string, from: number, to: number) {
  const out: Array<{ open: number; close: number; content: string }> = [];
  const stack: number[] = [];
  for (let i = from; i < to; i++) {
    const c = text[i];
    if (c === '(') stack.push(i);
    else if (c === ')' && stack.length) {
      const open = stack.pop()!;
      if (i - open <= 400) out.push({ open, close: i, content: text.slice(open + 1, i) });
    }
  }
  return out.sort((a, b) => a.open - b.open);
}

// ---------------------------------------------------------------------------------------
// Inputs

const UNITS = [
  ...'aAzZđĐÐðêÊươƯỦủếẾễờỢ0129',
  '\u0301', '\u0323', '\u0309', // combining marks (NFD text)
  ' ', '  ', '\t', '\n', '\r', '\u00a0', '\u2028', '\u3000', '\ufeff', '\u200b', // \u200b is not \s
  '-', '–', '—', '‐', '(', ')', '((', '))', "'", '’', '&', '/', '.', ',', ';', '"', '“', '”',
  ' - ', ' – ', ' — ', '-(', '(-',
  '😀', '𝐀', '𝟙', '\ud835', '\udc00', // astral letter / digit, a lone high and low surrogate
  'UBND', 'Ủy ban', 'TP.HCM', "N'Guyen", 'D’Artagnan', 'KT-XH', 'NN&PTNT',
];
const randomText = fc.array(fc.constantFrom(...UNITS), { maxLength: 60 }).map((a) => a.join(''));
/** A text and a span inside it (the miner scans spans: lines or article paragraphs). */
const textAndSpan = randomText.chain((text) =>
  fc.tuple(fc.constant(text), fc.nat({ max: text.length }), fc.nat({ max: text.length })).map(([t, a, b]) => ({ text: t, from: Math.min(a, b), to: Math.max(a, b) })),
);

const VN_NEWS = path.join(__dirname, '..', 'fixtures', 'vn-news');
const corpusFiles = fs.readdirSync(VN_NEWS).filter((f) => f.endsWith('.txt')).sort();
/** Each line of every fixture page as a span of its whole text (the miner's default spans). */
function* corpusSpans(): Generator<{ file: string; text: string; from: number; to: number }> {
  for (const file of corpusFiles) {
    const text = fs.readFileSync(path.join(VN_NEWS, file), 'utf8').normalize('NFC');
    let from = 0;
    for (;;) {
      const nl = text.indexOf('\n', from);
      const to = nl < 0 ? text.length : nl;
      yield { file, text, from, to };
      if (nl < 0) break;
      from = nl + 1;
    }
  }
}

// ---------------------------------------------------------------------------------------

describe('hand-written scanners equal the regexes they replaced', () => {
  describe('the span scanner (acronyms/words.ts) vs WORD_RE', () => {
    const check = (text: string, from: number, to: number) => {
      const got = wordsIn(text, from, to);
      const want = wordsBySpec(text, from, to);
      assert.deepEqual(got.map((w) => ({ start: w.start, end: w.end, text: w.text })), want, JSON.stringify(text.slice(from, to)));
      // the fields read through the hash-keyed memo are those of the word's own text
      for (const w of got) assert.deepEqual({ text: w.text, fold: w.fold, exact: w.exact, cap: w.cap, caps: w.caps, foreign: w.foreign }, wordFieldsBySpec(w.text));
    };
    it('on random text and spans', () => {
      fc.assert(fc.property(textAndSpan, ({ text, from, to }) => check(text, from, to)), { numRuns: 3000 });
    });
    it(`on every line of the ${corpusFiles.length} vn-news pages`, () => {
      let lines = 0;
      for (const s of corpusSpans()) {
        check(s.text, s.from, s.to);
        lines++;
      }
      assert.ok(lines > 1000, `${lines} lines`);
    });
  });

  describe('the dash and parenthesis hits (acronyms/dashes.ts) vs /\\s[-\\u2013\\u2014]\\s|\\(/g', () => {
    it('on random text and spans', () => {
      fc.assert(fc.property(textAndSpan, ({ text, from, to }) => assert.deepEqual(dashOrParenHits(text, from, to), dashOrParenHitsBySpec(text, from, to), JSON.stringify(text))), { numRuns: 3000 });
    });
    it('on every line of the vn-news pages', () => {
      let hits = 0;
      for (const s of corpusSpans()) {
        const want = dashOrParenHitsBySpec(s.text, s.from, s.to);
        assert.deepEqual(dashOrParenHits(s.text, s.from, s.to), want, `${s.file} ${s.from}`);
        hits += want.length;
      }
      assert.ok(hits > 1000, `${hits} hits`);
    });
  });

  describe('the parenthesis groups (acronyms/shortForm.ts) vs a scan of every character', () => {
    it('on random text and spans', () => {
      fc.assert(fc.property(textAndSpan, ({ text, from, to }) => assert.deepEqual(parenGroups(text, from, to), parenGroupsBySpec(text, from, to))), { numRuns: 3000 });
    });
    it('on every line of the vn-news pages', () => {
      for (const s of corpusSpans()) assert.deepEqual(parenGroups(s.text, s.from, s.to), parenGroupsBySpec(s.text, s.from, s.to), `${s.file} ${s.from}`);
    });
  });

  describe('the shared character table and space test (core/charClass.ts)', () => {
    it('on every UTF-16 code unit: WORD is [\\p{L}\\p{M}\\p{N}], LETTER is [\\p{L}\\p{M}], isJsSpace is \\s', () => {
      const word = /^[\p{L}\p{M}\p{N}]$/u;
      const letter = /^[\p{L}\p{M}]$/u;
      const space = /^\s$/;
      const bad: string[] = [];
      for (let c = 0; c < 0x10000; c++) {
        const ch = String.fromCharCode(c);
        if (((CHAR_CLASS[c] & WORD) !== 0) !== word.test(ch)) bad.push(`WORD ${c.toString(16)}`);
        if (((CHAR_CLASS[c] & LETTER) !== 0) !== letter.test(ch)) bad.push(`LETTER ${c.toString(16)}`);
        if (isJsSpace(c) !== space.test(ch)) bad.push(`space ${c.toString(16)}`);
      }
      assert.deepEqual(bad, []);
    });

    it("the indexer's tokenizer (search/scan.ts) on corpus text: syllables are /[\\p{L}\\p{M}\\p{N}]+/gu, each hashed as hashRange", () => {
      const t = new TokenBuffer();
      for (const file of corpusFiles.slice(0, 60)) {
        const text = fs.readFileSync(path.join(VN_NEWS, file), 'utf8');
        t.reset();
        scanSpan(text, 0, text.length, 0, t);
        const got: string[] = [];
        for (let k = 0; k < t.n; k++) {
          if (t.sym[k]) continue;
          got.push(text.slice(t.start[k], t.end[k]));
          assert.equal(t.hash[k], hashRange(text, t.start[k], t.end[k]));
        }
        assert.deepEqual(got, text.match(/[\p{L}\p{M}\p{N}]+/gu) ?? [], file);
      }
    });
  });
});
