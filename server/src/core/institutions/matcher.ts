/**
 * Finds institution names in a text: full names, short forms and acronyms of the register,
 * longest match first, left to right.
 *
 * Names are compared token by token on the exact key (case-folded, tone placement
 * canonical, marks kept: "Uỷ ban" = "Ủy ban", "Hoà Bình" = "Hòa Bình", but "Quang Nam" is
 * not "Quảng Nam"). Spaces do not matter around punctuation ("TP.HCM" = "TP. HCM",
 * "Bà Rịa-Vũng Tàu" = "Bà Rịa - Vũng Tàu"). Acronyms must match with their case ("MPI", not
 * "mpi"). Current and retired names compete for the longest match, so "Ủy ban Công tác đại
 * biểu" (current) is never read as "ban Công tác đại biểu" (retired) inside it.
 *
 * A name followed by a country ("Tổng cục Hải quan Trung Quốc", "Bộ Kế hoạch và Đầu tư Lào")
 * is another country's body and is left out; so is a name continued by a dash and another
 * name ("tỉnh Quảng Nam - Đà Nẵng", the province of 1976-1996).
 */
import { exactKey } from '../text';
import type { Institution, InstitutionRegister } from './register';

export type NameForm = 'full' | 'short' | 'acronym';

export interface NameMatch {
  start: number;
  end: number;
  /** The text as written. */
  surface: string;
  body: Institution;
  form: NameForm;
}

interface Token {
  key: string;
  start: number;
  end: number;
}

interface NameEntry {
  body: Institution;
  form: NameForm;
  /** For acronyms: the spelling that must match exactly. */
  exact?: string;
}

interface TrieNode {
  next: Map<string, TrieNode>;
  ends: NameEntry[];
}

// Letters, marks, digits and "&" make one token; each other non-space character is a token of its own.
const TOKEN = /[\p{L}\p{M}\p{N}&]+|[^\s\p{L}\p{M}\p{N}&]/gu;

/**
 * The connectors between the parts of a name are one key: "Bộ Kế hoạch và Đầu tư" = "Bộ Kế
 * hoạch - Đầu tư", "Bộ Tài nguyên - Môi trường", "Bộ Nông nghiệp & Phát triển nông thôn",
 * "Ủy ban Tài chính, Ngân sách" = "Ủy ban Tài chính - Ngân sách".
 */
const CONNECTOR = '+';
const VA = exactKey('và');

/** Keys of the words seen so far: a brief repeats its words, and exactKey normalizes twice. */
const keyCache = new Map<string, string>();
const KEY_CACHE_LIMIT = 100_000;

function tokenKey(raw: string): string {
  if (raw === '-' || raw === '–' || raw === '—' || raw === '&' || raw === ',') return CONNECTOR;
  // plain ASCII words need no normalization
  if (/^[\x00-\x7f]*$/.test(raw)) return raw.toLowerCase();
  let key = keyCache.get(raw);
  if (key === undefined) {
    key = exactKey(raw.normalize('NFC'));
    if (key === VA) key = CONNECTOR;
    if (keyCache.size >= KEY_CACHE_LIMIT) keyCache.clear();
    keyCache.set(raw, key);
  }
  return key;
}

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(TOKEN)) out.push({ key: tokenKey(m[0]), start: m.index!, end: m.index! + m[0].length });
  return out;
}

/** Names that follow a body's name when it is another country's body. */
const COUNTRIES = [
  'Trung Quốc', 'Mỹ', 'Hoa Kỳ', 'Lào', 'Campuchia', 'Nhật Bản', 'Hàn Quốc', 'Triều Tiên', 'Thái Lan', 'Nga', 'Liên bang Nga', 'Ấn Độ',
  'Indonesia', 'Singapore', 'Malaysia', 'Philippines', 'Myanmar', 'Brunei', 'Đông Timor', 'Australia', 'Úc', 'New Zealand', 'Anh',
  'Pháp', 'Đức', 'Italy', 'Tây Ban Nha', 'Canada', 'Cuba', 'Mông Cổ', 'Đài Loan', 'Hong Kong', 'Hồng Kông', 'Ukraine', 'Belarus',
  'Kazakhstan', 'Israel', 'Iran', 'Ai Cập', 'Nam Phi', 'Brazil', 'Mexico', 'Argentina', 'Chile', 'Peru', 'Venezuela', 'Thụy Điển',
  'Na Uy', 'Phần Lan', 'Đan Mạch', 'Hà Lan', 'Bỉ', 'Ba Lan', 'Séc', 'Hungary', 'Thổ Nhĩ Kỳ', 'Saudi Arabia', 'Qatar', 'UAE',
  'Pakistan', 'Bangladesh', 'Sri Lanka', 'Nepal', 'các nước', 'nước bạn', 'nước ngoài',
].map((c) => tokenize(c).map((t) => t.key));

export class InstitutionMatcher {
  private readonly root: TrieNode = { next: new Map(), ends: [] };

  constructor(register: InstitutionRegister) {
    for (const body of register.bodies) {
      this.add(body.names.full, { body, form: 'full' });
      for (const s of body.names.short) this.add(s, { body, form: 'short' });
      for (const a of body.names.acronyms) this.add(a, { body, form: 'acronym', exact: a });
    }
  }

  private add(name: string, entry: NameEntry): void {
    let node = this.root;
    for (const t of tokenize(name)) {
      let child = node.next.get(t.key);
      if (!child) node.next.set(t.key, (child = { next: new Map(), ends: [] }));
      node = child;
    }
    node.ends.push(entry);
  }

  /** Every institution name in `text`, left to right, longest first, not overlapping. */
  find(text: string): NameMatch[] {
    const tokens = tokenize(text);
    const out: NameMatch[] = [];
    let i = 0;
    while (i < tokens.length) {
      const hit = this.longestAt(text, tokens, i);
      if (!hit) {
        i++;
        continue;
      }
      const { entry, last } = hit;
      const start = tokens[i].start;
      const end = tokens[last].end;
      if (!foreignOrCompound(text, tokens, last + 1)) {
        out.push({ start, end, surface: text.slice(start, end), body: entry.body, form: entry.form });
      }
      i = last + 1;
    }
    return out;
  }

  private longestAt(text: string, tokens: Token[], i: number): { entry: NameEntry; last: number } | undefined {
    let node: TrieNode | undefined = this.root;
    let best: { entry: NameEntry; last: number } | undefined;
    for (let j = i; j < tokens.length && node; j++) {
      node = node.next.get(tokens[j].key);
      if (!node) break;
      // tokens of one name are separated by spaces or nothing; never by a line break
      if (j > i && /\n/.test(text.slice(tokens[j - 1].end, tokens[j].start))) break;
      const surface = text.slice(tokens[i].start, tokens[j].end);
      const entry = node.ends.find((e) => e.form !== 'acronym' || e.exact === surface.normalize('NFC'));
      if (entry) best = { entry, last: j };
    }
    return best;
  }
}

function foreignOrCompound(text: string, tokens: Token[], k: number): boolean {
  if (k >= tokens.length) return false;
  if (COUNTRIES.some((country) => country.every((key, n) => tokens[k + n]?.key === key))) return true;
  // "tỉnh Quảng Nam - Đà Nẵng": a dash and a capitalised word continue the name
  const after = tokens[k + 1];
  return /^[-–]$/.test(text.slice(tokens[k].start, tokens[k].end)) && after !== undefined && /^\p{Lu}/u.test(text.slice(after.start, after.end));
}
