/**
 * The name-phrase rule: a long form guessed from its shape (a capitalised head noun, or a
 * run of capitalised syllables), only for acronyms that cannot be Vietnamese initials.
 */
import { atSentenceStart, type Ctx, type Found } from './context';
import { CAC, CLASSIFIER_HEADS, CLAUSE_WORDS, HEAD_NOUN_SET, LAN, LEGAL_FORM, MAX_HEAD_SYLLABLES, MEDIA_CLASSIFIERS, MEETING, NAME_BREAK_WORDS, NOT_HEADS, PARTY, PERSON_MARKERS, SURNAMES, THU, THUOC, TITLE_SUFFIXES, titleAt } from './lexicon';
import { isAcronymShape, type Unit } from './shape';
import type { ShortForm } from './shortForm';
import { gapText, isCommaGap, isHardBreakGap, isQuoteGap, isSpacedDashGap, type Word } from './words';

/** Head noun starting at word i (within ..hi): number of syllables, or 0. */
export function headAt(words: Word[], i: number, hi: number): number {
  for (let n = Math.min(MAX_HEAD_SYLLABLES, hi - i + 1); n >= 1; n--) {
    const k = words
      .slice(i, i + n)
      .map((w) => w.exact)
      .join(' ');
    if (HEAD_NOUN_SET.has(k)) {
      const next = i + n <= hi ? words[i + n] : undefined;
      // a title, not an organisation: Cục trưởng, Viện phó, Bộ trưởng
      if (next && TITLE_SUFFIXES.has(next.exact)) return 0;
      // a one-syllable head starts many compounds that are not heads (Phòng thủ, Viện trợ,
      // Sở hữu, Trường hợp, Đài Loan)
      if (n === 1 && (!next || NOT_HEADS.has(`${words[i].exact} ${next.exact}`))) continue;
      return n;
    }
  }
  return 0;
}

/** The head noun covering word i, started as far left as possible (Tổng | Công ty, Hiệp | Hội): its first word, or -1. */
function headCovering(words: Word[], i: number, lo: number, hi: number): number {
  for (let s = Math.max(lo, i - MAX_HEAD_SYLLABLES + 1); s <= i; s++) {
    const n = headAt(words, s, hi);
    if (n && s + n > i) return s;
  }
  return -1;
}

function isPersonMarker(words: Word[], i: number): boolean {
  if (i < 0) return false;
  if (PERSON_MARKERS.has(words[i].exact)) return true;
  return i >= 1 && PERSON_MARKERS.has(`${words[i - 1].exact} ${words[i].exact}`);
}

/**
 * The window of the name-phrase rule: words before "(" back to a hard break, comma, quote
 * or slash; a spaced dash only between capitalised words (châu Á - Thái Bình Dương); an
 * acronym parenthetical inside is transparent (Hiệp hội Bất động sản (BĐS) TP.HCM).
 * Returns the index of the first word; words inside a skipped parenthetical stay in the span.
 */
function nameWindowStart(ctx: Ctx, hi: number): number {
  const { words, text } = ctx;
  let lo = hi;
  while (lo > 0 && hi - lo < 30) {
    const a = words[lo - 1];
    const b = words[lo];
    const gap = gapText(text, a, b);
    // "… sản (BĐS) TP …": a = BĐS inside, gap ") "; step over "(BĐS)"
    if (/^\s*\)\s*$/.test(gap) && lo >= 2 && /^\s*\(\s*$/.test(gapText(text, words[lo - 2], a)) && isAcronymShape(a.text)) {
      lo -= 2;
      continue;
    }
    if (isHardBreakGap(gap) || isCommaGap(gap) || isQuoteGap(gap) || /\//.test(gap)) break;
    if (isSpacedDashGap(gap) && !(a.cap && b.cap)) break;
    lo--;
  }
  return lo;
}

/**
 * The name-phrase rule. A capitalised head noun starts the long form; the rightmost one
 * wins, extended over heads and legal forms directly before it (Tổ chức Hiệp ước …, Công
 * ty cổ phần Tổng công ty …). A lower-case head is a classifier (tổ chức Nhà nước Hồi
 * giáo): the name starts after it. A capitalised "Các" inside a sentence opens a name too
 * (Các tiểu vương quốc Arab thống nhất). Without a head, a run of capitalised syllables
 * (lower-case ones only singly: Nhà nước Hồi giáo, Huy động Nhân dân), never a person.
 */
export function nameBefore(ctx: Ctx, hi: number, sf: ShortForm, units: Unit[]): Found | undefined {
  const { words } = ctx;
  const lo = nameWindowStart(ctx, hi);
  const letters = units.length;
  const maxWords = Math.max(12, 3 * letters + 4);
  const ordinalOk = !!sf.qualifier;

  // rightmost head noun: capitalised, or the lower-case "đảng" of a foreign party's name
  // (đảng Nhân dân Campuchia); a capitalised "Các" inside a sentence opens a name too
  let head = -1;
  for (let i = hi; i >= lo; i--) {
    const s = headCovering(words, i, lo, hi);
    if (s >= 0 && s + headAt(words, s, hi) - 1 >= i && (words[s].cap || words[s].exact === PARTY)) {
      // a group classifier capitalised only because it opens the sentence (Nhóm Nhà nước Hồi giáo):
      // not part of the name
      const n = headAt(words, s, hi);
      const next = words[s + n];
      if (CLASSIFIER_HEADS.has(words.slice(s, s + n).map((w) => w.exact).join(' ')) && next?.cap && atSentenceStart(ctx, words[s].start)) break;
      head = s;
      break;
    }
    if (words[i].cap && words[i].exact === CAC && !atSentenceStart(ctx, words[i].start)) {
      head = i;
      break;
    }
  }
  if (head >= 0) {
    let start = head;
    // "X thuộc Y (ACR)": the acronym names X, the entity that belongs to Y
    // (not across another acronym's parenthetical: "Ban … (CPMB) thuộc Tổng công ty … (EVNNPT)")
    if (start - 2 >= lo && words[start - 1].exact === THUOC) {
      for (let i = start - 2; i >= lo; i--) {
        if (/[()]/.test(gapText(ctx.text, words[i], words[i + 1]))) break;
        const s2 = headCovering(words, i, lo, start - 2);
        if (s2 >= 0 && words[s2].cap) {
          start = s2;
          break;
        }
      }
    }
    // extend over heads / legal forms directly before it
    for (;;) {
      let prev = start - 1;
      // skip a legal form ("Công ty cổ phần | Tổng công ty")
      for (let k = 3; k >= 1; k--) {
        if (start - k < lo) continue;
        const seg = words
          .slice(start - k, start)
          .map((w) => w.exact)
          .join(' ');
        if (LEGAL_FORM.has(seg)) {
          prev = start - k - 1;
          break;
        }
      }
      if (prev < lo) break;
      const h2 = headCovering(words, prev, lo, hi);
      if (h2 >= 0 && (words[h2].cap || words[h2].exact === PARTY) && h2 + headAt(words, h2, hi) - 1 === prev) start = h2;
      else break;
    }
    // extend to an earlier head when only a capitalised name stands between them
    // (Viện Nghiên cứu | Chiến lược Quốc tế, Văn phòng Viện trưởng | Viện Công tố Nga);
    // a meeting (Hội nghị Thượng đỉnh | Nhóm …) is not the body the acronym names
    for (;;) {
      let moved = false;
      for (let i = start - 1; i >= lo; i--) {
        const w = words[i];
        if (NAME_BREAK_WORDS.has(w.exact) || CLAUSE_WORDS.has(w.exact) || /\d/.test(w.fold)) break;
        if (!w.cap && !(i - 1 >= lo && words[i - 1].cap)) break;
        const s2 = headCovering(words, i, lo, hi);
        if (s2 >= 0 && s2 === i && w.cap && words.slice(s2, s2 + headAt(words, s2, hi)).map((x) => x.exact).join(' ') !== MEETING) {
          start = s2;
          moved = true;
          break;
        }
      }
      if (!moved) break;
    }
    for (let i = start; i <= hi; i++) if (CLAUSE_WORDS.has(words[i].exact) && !words[i].cap) return undefined;
    // a capitalised "Các" inside a sentence belongs to the name (Các Lực lượng dân chủ Syria)
    if (start - 1 >= lo && words[start - 1].cap && words[start - 1].exact === CAC && !atSentenceStart(ctx, words[start - 1].start)) start--;
    const n = hi - start + 1;
    if (n < 2 || n > maxWords) return undefined;
    if (!ordinalOk && hasOrdinal(words, start, hi)) return undefined;
    if (isPersonMarker(words, start - 1)) return undefined;
    return { start: words[start].start, end: words[hi].end, method: 'head' };
  }

  // capitalised run
  let start = -1;
  for (let i = hi; i >= lo; i--) {
    const w = words[i];
    if (NAME_BREAK_WORDS.has(w.exact) && !w.cap) break;
    if (w.cap) {
      start = i;
      continue;
    }
    // a lower-case syllable must follow a capitalised one
    if (i - 1 < lo || !words[i - 1].cap) break;
  }
  if (start < 0) return undefined;
  // classifiers and honorifics opening the run are not part of the name
  for (;;) {
    // (a classifier before a lower-case syllable is a compound: Báo cáo)
    if (start < hi && MEDIA_CLASSIFIERS.has(words[start].exact) && words[start + 1].cap) start++;
    else if (start + 1 < hi && CLASSIFIER_HEADS.has(`${words[start].exact} ${words[start + 1].exact}`)) start += 2;
    else if (start < hi && CLASSIFIER_HEADS.has(words[start].exact)) start++;
    else break;
  }
  let person = false;
  while (start < hi && (isPersonMarker(words, start) || isPersonMarker(words, start + 1))) {
    start += isPersonMarker(words, start) ? 1 : 2;
    person = true;
  }
  if (person || titleAt(words, start)) return undefined;
  // a sentence's first word is capitalised anyway: before a lower-case syllable it may be a
  // common word (Báo cáo Chỉ số …), so the name's start is unknown
  if (atSentenceStart(ctx, words[start].start) && start < hi && !words[start + 1].cap) return undefined;
  const run = words.slice(start, hi + 1);
  if (run.length < 2 || run.length > maxWords) return undefined;
  if (!ordinalOk && hasOrdinal(words, start, hi)) return undefined;
  // persons: after an honorific (ông, bà, đại biểu …), or opening with a family name
  if (isPersonMarker(words, start - 1) || isPersonMarker(words, start)) return undefined;
  if (run.slice(0, 2).some((w) => SURNAMES.has(w.exact)) && run.slice(0, 3).every((w) => w.cap)) return undefined;
  // an all-capitalised run (no lower-case syllable) is a foreign name, a place or a person:
  // its initials must appear in order among the acronym's letters, the first one first
  // (Abu Sayyaf (ASG), Japan Display (JDI); not Tân Sơn Nhất (TPHCM))
  if (run.every((w) => w.cap)) {
    const letters = units.filter((u) => u.kind === 'letter').map((u) => u.value);
    if (letters[0] !== run[0].fold[0]) return undefined;
    let k = 0;
    for (const w of run) {
      while (k < letters.length && letters[k] !== w.fold[0]) k++;
      if (k === letters.length) return undefined;
      k++;
    }
  }
  return { start: words[start].start, end: words[hi].end, method: 'name' };
}

/** "lần thứ 24", a bare number: the name of a meeting, not of the body the acronym names. */
function hasOrdinal(words: Word[], a: number, b: number): boolean {
  for (let i = a; i <= b; i++) {
    if (/^\d+$/.test(words[i].fold)) return true;
    if (words[i].exact === LAN && words[i + 1]?.exact === THU) return true;
  }
  return false;
}
