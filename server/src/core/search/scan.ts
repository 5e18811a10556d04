/**
 * The indexer's tokenizer: the same syllables as `words` in ../tokenize.ts
 * ([\p{L}\p{M}\p{N}]+) and the same whole symbols as `symbols` ("34-NQ/TW",
 * "30/2020/NĐ-CP": word parts joined by - / . with at least one - or /), written as a
 * char-code loop that allocates nothing per token and hashes each surface on the way, so
 * that a 100 MB corpus tokenizes in well under a second. The character table and the hash
 * are the shared ones of ../charClass.ts (the acronym miner's scanner uses them too).
 */
import { CHAR_CLASS, HASH_SEED, hashRange, hashStep, WORD } from '../charClass';

export { hashRange };

const ASTRAL_WORD = /^[\p{L}\p{M}\p{N}]$/u;
const astralCache = new Map<number, boolean>();

function isAstralWord(cp: number): boolean {
  let v = astralCache.get(cp);
  if (v === undefined) {
    v = ASTRAL_WORD.test(String.fromCodePoint(cp));
    astralCache.set(cp, v);
  }
  return v;
}

/** Number of code units of the word character at i (0: not a word character). */
export function wordUnitsAt(text: string, i: number, to: number): number {
  const c = text.charCodeAt(i);
  if ((CHAR_CLASS[c] & WORD) !== 0) return 1;
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < to) {
    const d = text.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff && isAstralWord(((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000)) return 2;
  }
  return 0;
}

function isJoint(c: number): boolean {
  return c === 45 /* - */ || c === 47 /* / */ || c === 46 /* . */;
}

/** Reusable token arrays for one document (or one query). */
export class TokenBuffer {
  n = 0;
  start = new Int32Array(1024);
  end = new Int32Array(1024);
  hash = new Int32Array(1024);
  pos = new Int32Array(1024);
  /** 1 for a whole symbol (emitted after its parts, at the position of its first part). */
  sym = new Uint8Array(1024);

  reset(): void {
    this.n = 0;
  }

  push(start: number, end: number, hash: number, pos: number, sym: number): void {
    if (this.n === this.start.length) this.grow();
    const k = this.n++;
    this.start[k] = start;
    this.end[k] = end;
    this.hash[k] = hash;
    this.pos[k] = pos;
    this.sym[k] = sym;
  }

  private grow(): void {
    const size = this.start.length * 2;
    const g32 = (a: Int32Array) => {
      const b = new Int32Array(size);
      b.set(a);
      return b;
    };
    this.start = g32(this.start);
    this.end = g32(this.end);
    this.hash = g32(this.hash);
    this.pos = g32(this.pos);
    const s = new Uint8Array(size);
    s.set(this.sym);
    this.sym = s;
  }
}

/**
 * Appends the syllables of text[from, to) to `out`, numbered from `pos`, and after each
 * run of joined parts that contains - or / the whole symbol. Returns the next position.
 * With `stopPos`, stops after the syllable numbered `stopPos` (and its symbol, if any).
 * With `fromPos`, the syllables numbered below it (and symbols starting there) are only
 * counted, neither hashed nor appended: a snippet reads a few dozen syllables late in a
 * long line (the same tokens as without it from fromPos on: property test).
 */
export function scanSpan(text: string, from: number, to: number, pos: number, out: TokenBuffer, stopPos = Infinity, fromPos = -Infinity): number {
  let i = from;
  let runStart = -1;
  let runPos = 0;
  let runEnd = 0;
  let runParts = 0;
  let runSlash = false;
  let joinNext = false;
  let joinSlash = false;
  while (i < to && (pos <= stopPos || joinNext)) {
    let u = wordUnitsAt(text, i, to);
    if (u === 0) {
      i++;
      continue;
    }
    const s = i;
    if (pos >= fromPos) {
      let h = HASH_SEED;
      while (u !== 0) {
        h = hashStep(h, text.charCodeAt(i));
        if (u === 2) h = hashStep(h, text.charCodeAt(i + 1));
        i += u;
        u = i < to ? wordUnitsAt(text, i, to) : 0;
      }
      out.push(s, i, h, pos, 0);
    } else {
      while (u !== 0) {
        i += u;
        u = i < to ? wordUnitsAt(text, i, to) : 0;
      }
    }
    if (joinNext) {
      runParts++;
      runEnd = i;
      if (joinSlash) runSlash = true;
    } else {
      if (runParts >= 2 && runSlash && runPos >= fromPos) out.push(runStart, runEnd, hashRange(text, runStart, runEnd), runPos, 1);
      runStart = s;
      runPos = pos;
      runEnd = i;
      runParts = 1;
      runSlash = false;
    }
    pos++;
    joinNext = false;
    if (i + 1 < to) {
      const c = text.charCodeAt(i);
      if (isJoint(c) && wordUnitsAt(text, i + 1, to) !== 0) {
        joinNext = true;
        joinSlash = c !== 46;
        i++;
      }
    }
  }
  if (runParts >= 2 && runSlash && runPos >= fromPos) out.push(runStart, runEnd, hashRange(text, runStart, runEnd), runPos, 1);
  return pos;
}
