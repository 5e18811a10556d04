/**
 * Interned terms. A term is a folded key (no marks, đ→d, lower case): "nghi", "34-nq/tw".
 * Each term keeps the list of exact spellings seen for it (exact key: marks kept, tone
 * placement canonical), and a posting stores the index into that list, so `exact` search
 * needs no second index. A surface table maps the raw surface of a token ("Nghị") to its
 * term and spelling without allocating, so each distinct surface is folded only once.
 */

import { exactKey, foldKey } from '../text';
import { hashRange } from './scan';
import { CompactTerms } from './termKeys';

/** Exact key of a symbol: each part on its own, so "Hà-Nội" keeps both tones. */
export function symbolExactKey(symbol: string): string {
  return symbol.replace(/[\p{L}\p{M}\p{N}]+/gu, (w) => exactKey(w));
}

/**
 * i/y spelling variants of open syllables: "tỷ"/"tỉ", "kỹ"/"kĩ", "lý"/"lí", "Mỹ"/"Mĩ" are
 * the same word in two orthographies (both in use since the 1980s reform), as are
 * "quy"/"qui". Accent folding does not bridge them, so the term key does.
 */
const IY_OPEN_SYLLABLE = /^(b|c|ch|d|g|gh|h|k|kh|l|m|n|ng|ngh|nh|p|ph|r|s|t|th|tr|v|x)y$/;

export function spellingKey(folded: string): string {
  if (folded.length > 4) return folded;
  if (IY_OPEN_SYLLABLE.test(folded)) return folded.slice(0, -1) + 'i';
  return folded === 'qui' ? 'quy' : folded;
}

/** Term key of a token: folded (no marks, đ→d, lower case), i/y variants joined; whole symbols keep their joints ("34-nq/tw"). */
export function termKeyOf(surface: string): string {
  return spellingKey(foldKey(surface));
}

export function exactKeyOf(surface: string, isSymbol: boolean): string {
  return isSymbol ? symbolExactKey(surface) : exactKey(surface);
}

const PARTY_REF = /^0*(\d+)-([a-z]+)\//;
const NORMATIVE_REF = /^0*(\d+)\/(\d{4})\/([a-z]+)-/;
const ADMIN_REF = /^0*(\d+)\/([a-z]+)-/;

export interface RefParts {
  number: string;
  code: string;
  year?: string;
}

/** Document reference parts of a folded symbol: "34-nq/tw" → 34, nq; "35/2016/nq-cp" → 35, nq, 2016. */
export function parseRefSymbol(key: string): RefParts | undefined {
  let m = PARTY_REF.exec(key);
  if (m) return { number: m[1] || '0', code: m[2] };
  m = NORMATIVE_REF.exec(key);
  if (m) return { number: m[1] || '0', code: m[3], year: m[2] };
  m = ADMIN_REF.exec(key);
  if (m) return { number: m[1] || '0', code: m[2] };
  return undefined;
}

export function refKey(number: string, code: string): string {
  return `${number.replace(/^0+(?=\d)/, '')}|${code}`;
}

/**
 * The term dictionary: the compact, sorted terms of a search file (ids 0 .. base size - 1,
 * termKeys.ts) and the terms and spellings interned since, in plain JS structures (a fresh
 * index has only these). Both sides answer through the same methods.
 */
export class TermDictionary {
  private base: CompactTerms | undefined;
  private baseSize = 0;
  /** Folded key per term id interned since the base (id - baseSize). */
  private readonly addedKeys: string[] = [];
  /** Exact spellings per term id interned since the base; a posting's variant is an index into the term's list. */
  private readonly addedSpellings: string[][] = [];
  private readonly ids = new Map<string, number>();
  /** Base terms' spellings, decoded when first asked for (with any spelling added since). */
  private readonly baseSpellings = new Map<number, string[]>();
  /** "34|nq" → symbol terms that are references of that number and type; made on first use. */
  private refs: Map<string, number[]> | undefined;

  /**
   * A dictionary over a search file's terms. Opening decodes no key: the reference index,
   * which needs every key, is made when a query first asks for it (`refIndex`), not at a warm
   * start (75k keys decoded and parsed took 15-45 ms of every start).
   */
  static fromCompact(terms: CompactTerms): TermDictionary {
    const d = new TermDictionary();
    d.base = terms;
    d.baseSize = terms.size;
    return d;
  }

  /** "34|nq" → symbol terms that are references of that number and type, in id order (do not modify). */
  get refIndex(): ReadonlyMap<string, readonly number[]> {
    if (!this.refs) {
      const refs = (this.refs = new Map<string, number[]>());
      this.base?.forEach((id, key) => indexRef(refs, key, id));
      this.addedKeys.forEach((key, i) => indexRef(refs, key, this.baseSize + i));
    }
    return this.refs;
  }

  get size(): number {
    return this.baseSize + this.addedKeys.length;
  }

  /** Bytes of the compact part (0 for a fresh index). */
  get compactBytes(): number {
    return this.base?.bytes ?? 0;
  }

  lookup(key: string): number {
    const id = this.ids.get(key);
    if (id !== undefined) return id;
    return this.base ? this.base.lookup(key) : -1;
  }

  keyOf(term: number): string {
    return term < this.baseSize ? this.base!.keyOf(term) : this.addedKeys[term - this.baseSize];
  }

  /** The exact spellings of a term, in variant order (do not modify). */
  spellingsOf(term: number): readonly string[] {
    return this.spellingList(term);
  }

  intern(key: string): number {
    let id = this.lookup(key);
    if (id < 0) {
      id = this.size;
      this.addedKeys.push(key);
      this.addedSpellings.push([]);
      this.ids.set(key, id);
      if (this.refs) indexRef(this.refs, key, id);
    }
    return id;
  }

  variantOf(term: number, exact: string, add: boolean): number {
    const list = this.spellingList(term);
    const v = list.indexOf(exact);
    if (v >= 0 || !add) return v;
    list.push(exact);
    return list.length - 1;
  }

  private spellingList(term: number): string[] {
    if (term >= this.baseSize) return this.addedSpellings[term - this.baseSize];
    let list = this.baseSpellings.get(term);
    if (!list) {
      list = this.base!.spellings(term);
      this.baseSpellings.set(term, list);
    }
    return list;
  }
}

/** Files a term under its reference key when it is a document reference ("34-nq/tw" under "34|nq"). */
function indexRef(refs: Map<string, number[]>, key: string, id: number): void {
  if (!key.includes('/') && !key.includes('-')) return;
  const ref = parseRefSymbol(key);
  if (!ref) return;
  const k = refKey(ref.number, ref.code);
  const list = refs.get(k);
  if (list) list.push(id);
  else refs.set(k, [id]);
}

/**
 * Open-addressing table from a token's raw surface to (term, variant). Lookups compare
 * char codes against the stored surface, so the hot path allocates no substring.
 */
export class SurfaceTable {
  private mask = 1023;
  private hashes = new Int32Array(1024);
  private strs: (string | undefined)[] = new Array(1024);
  private terms = new Int32Array(1024);
  private vars = new Int32Array(1024);
  private count = 0;
  /** Results of the last `resolve`. */
  term = -1;
  variant = -1;

  constructor(private readonly dict: TermDictionary) {}

  /**
   * Sets `term`/`variant` for text[start, end). With `intern`, unseen terms and spellings are
   * added to the dictionary; without, an unknown term gives term -1 (and variant -1 for an
   * unseen spelling of a known term).
   */
  resolve(text: string, start: number, end: number, hash: number, isSymbol: boolean, intern: boolean): void {
    const len = end - start;
    let slot = hash & this.mask;
    for (;;) {
      const s = this.strs[slot];
      if (s === undefined) break;
      if (this.hashes[slot] === hash && s.length === len && sameChars(s, text, start, len)) {
        const t = this.terms[slot];
        const v = this.vars[slot];
        if ((t >= 0 && v >= 0) || !intern) {
          this.term = t;
          this.variant = v;
          return;
        }
        // Cached as unknown by a query; intern it now.
        this.fill(slot, s, isSymbol, true);
        return;
      }
      slot = (slot + 1) & this.mask;
    }
    const surface = text.slice(start, end);
    this.hashes[slot] = hash;
    this.strs[slot] = surface;
    this.fill(slot, surface, isSymbol, intern);
    if (++this.count * 2 > this.mask) this.rehash();
  }

  private fill(slot: number, surface: string, isSymbol: boolean, intern: boolean): void {
    const key = termKeyOf(surface);
    const exact = exactKeyOf(surface, isSymbol);
    const term = intern ? this.dict.intern(key) : this.dict.lookup(key);
    const variant = term < 0 ? -1 : this.dict.variantOf(term, exact, intern);
    this.terms[slot] = term;
    this.vars[slot] = variant;
    this.term = term;
    this.variant = variant;
  }

  private rehash(): void {
    const oldStrs = this.strs;
    const oldTerms = this.terms;
    const oldVars = this.vars;
    const size = (this.mask + 1) * 2;
    this.mask = size - 1;
    this.hashes = new Int32Array(size);
    this.strs = new Array(size);
    this.terms = new Int32Array(size);
    this.vars = new Int32Array(size);
    for (let i = 0; i < oldStrs.length; i++) {
      const s = oldStrs[i];
      if (s === undefined) continue;
      const h = hashRange(s, 0, s.length);
      let slot = h & this.mask;
      while (this.strs[slot] !== undefined) slot = (slot + 1) & this.mask;
      this.hashes[slot] = h;
      this.strs[slot] = s;
      this.terms[slot] = oldTerms[i];
      this.vars[slot] = oldVars[i];
    }
  }
}

function sameChars(s: string, text: string, start: number, len: number): boolean {
  for (let k = 0; k < len; k++) if (s.charCodeAt(k) !== text.charCodeAt(start + k)) return false;
  return true;
}
