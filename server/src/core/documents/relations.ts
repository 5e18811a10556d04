/**
 * Relations between documents that one sentence states, between two references next to
 * each other:
 *  - replaces   "A (…) thay thế B", "B (đã) được thay thế bởi/bằng A";
 *  - repeals    "A bãi bỏ B", "B bị bãi bỏ bởi A", "B hết hiệu lực khi/kể từ ngày A có hiệu lực";
 *  - amends     "A sửa đổi, bổ sung (một số điều của) B", "B được sửa đổi, bổ sung bởi/tại A";
 *  - guides     "A hướng dẫn (thi hành) B", "A quy định chi tiết (một số điều của) B".
 * A list after the object ("A thay thế B và C") gives one relation per item.
 *
 * Precision first: the verb must stand between the two spans with nothing but the active
 * document's own citation (date, issuer, a short subject) before it, and the object must
 * follow right after the verb phrase. Anything looser stays unsaid.
 */
import type { DocReference } from '../references';
import { LAW_STOP_PAIRS, LAW_STOP_WORDS } from '../references/forms/law';
import { exactKey, foldKey } from '../text';
import type { MentionFacts } from './facts';

export type RelationKind = 'replaces' | 'repeals' | 'amends' | 'guides';

export interface RelationFact {
  kind: RelationKind;
  /** The acting document (the newer one) and the one acted on, as document keys. */
  from: string;
  to: string;
  /** The acting document's effective date, else its signing date, when the text gives one (ISO). */
  date?: string;
  /** The passage that says so (offsets into the analysed text). */
  start: number;
  end: number;
}

const OBJECT_FILLER = String.raw`(?:\s+(?:toàn\s+bộ|một\s+số\s+điều(?:\s+và\s+biện\s+pháp\s+thi\s+hành)?|một\s+số\s+nội\s+dung|một\s+số\s+khoản|các\s+điều\s+khoản|nội\s+dung|quy\s+định|điều\s+\d+|khoản\s+\d+(?:,?\s+điều\s+\d+)?))?(?:\s+(?:của|tại|trong))?(?:\s+(?:các|những|cả))?(?:\s+(?:Bộ\s+luật|Luật)(?:\s+\p{Lu}[\p{L}\s]{0,40}?)?\s+số)?\s*(?:\(\s*)?$`;

/** The verb of each relation, active voice ("A thay thế B"). */
const VERBS: Array<[RelationKind, string]> = [
  ['replaces', String.raw`(?:để\s+|sẽ\s+|đã\s+|chính\s+thức\s+|nhằm\s+)?thay\s+thế(?:\s+cho)?`],
  ['repeals', String.raw`(?:sẽ\s+|đã\s+|chính\s+thức\s+)?(?:bãi\s+bỏ|huỷ\s+bỏ|hủy\s+bỏ)`],
  ['amends', String.raw`(?:sửa\s+đổi,?\s+bổ\s+sung|sửa\s+đổi|bổ\s+sung)`],
  ['guides', String.raw`(?:hướng\s+dẫn(?:\s+thi\s+hành|\s+thực\s+hiện|\s+chi\s+tiết)?|quy\s+định\s+chi\s+tiết(?:\s+thi\s+hành|\s+và\s+hướng\s+dẫn\s+thi\s+hành|\s+và\s+biện\s+pháp\s+thi\s+hành)?)`],
];

const ACTIVE: Array<[RelationKind, RegExp]> = VERBS.map(([kind, verb]) => [kind, new RegExp(String.raw`(?:^|\s)` + verb + OBJECT_FILLER, 'iu')]);

/** The verb and then a law by its title alone ("… quy định chi tiết một số điều của Luật Thuế thu nhập cá nhân"). */
const PART_OF = String.raw`(?:\s+(?:toàn\s+bộ|một\s+số\s+điều(?:\s+và\s+biện\s+pháp\s+thi\s+hành)?|một\s+số\s+nội\s+dung|một\s+số\s+khoản|các\s+điều\s+khoản|nội\s+dung|điều\s+\d+|khoản\s+\d+(?:,?\s+điều\s+\d+)?))?(?:\s+(?:của|tại|trong))?`;
const ACTIVE_TO_LAW: Array<[RelationKind, RegExp]> = VERBS.map(([kind, verb]) => [kind, new RegExp(String.raw`(?:^|\s)` + verb + PART_OF + String.raw`\s+(?:[Bb]ộ\s+luật|[Ll]uật)\s+(?=\p{Lu})`, 'u')]);

const PASSIVE: Array<[RelationKind, RegExp]> = [
  ['replaces', /^\s*[,(]?\s*(?:(?:đã|sẽ|cũng|chính\s+thức)\s+)*(?:được|đươc|bị)\s+thay\s+thế\s+(?:bởi|bằng)\s+(?:các\s+)?$/iu],
  ['repeals', /^\s*,?\s*(?:(?:đã|sẽ|cũng|chính\s+thức)\s+)*(?:được|bị)\s+(?:bãi\s+bỏ|huỷ\s+bỏ|hủy\s+bỏ)\s+(?:bởi|theo|tại)\s+$/iu],
  ['amends', /^\s*[,(]?\s*(?:(?:đã|sẽ|cũng)\s+)*(?:được|đươc|bị)\s+(?:sửa\s+đổi,?\s+bổ\s+sung|sửa\s+đổi|bổ\s+sung)(?:\s+một\s+số\s+điều)?\s+(?:bởi|bằng|tại|theo)(?:\s+khoản\s+\d+,?)?(?:\s+điều\s+\d+)?(?:\s+(?:của|tại))?\s+$/iu],
  ['guides', /^\s*,?\s*(?:(?:đã|sẽ)\s+)*được\s+(?:hướng\s+dẫn|quy\s+định\s+chi\s+tiết)(?:\s+thi\s+hành)?\s+(?:bởi|bằng|tại|theo)\s+$/iu],
  ['repeals', /^\s*,?\s*(?:(?:đã|sẽ)\s+)*hết\s+hiệu\s+lực(?:\s+thi\s+hành)?\s+(?:kể\s+từ\s+ngày|từ\s+ngày|khi)\s+$/iu],
];

/** What may stand between the active document's citation and its verb: a short clause, no sentence end, no other verb of saying. */
const BETWEEN_OK = /^[^.;:!?\n“”"]{0,160}$/u;
const LIST_GAP = /^\s*(?:,|;|và|,\s*và)\s*(?:các\s+|những\s+)?$/u;

export function mentionRelations(text: string, refs: readonly DocReference[], facts: readonly MentionFacts[], keys: readonly string[]): RelationFact[] {
  const out: RelationFact[] = [];
  for (let i = 0; i + 1 < refs.length; i++) {
    const a = refs[i];
    const b = refs[i + 1];
    const gap = text.slice(a.end, b.start);
    if (!BETWEEN_OK.test(gap)) continue;
    let found: { kind: RelationKind; from: number; to: number } | undefined;
    for (const [kind, re] of PASSIVE) {
      // The passive verb follows the acted-on document's own citation (its date, issuer).
      const tail = text.slice(Math.max(a.end, facts[i].end), b.start);
      if (re.test(tail) || re.test(gap)) {
        found = { kind, from: i + 1, to: i };
        break;
      }
    }
    if (!found) {
      for (const [kind, re] of ACTIVE) {
        const m = re.exec(gap);
        if (!m || !actsItself(text, a.end, facts[i].end, gap.slice(0, m.index))) continue;
        found = { kind, from: i, to: i + 1 };
        break;
      }
    }
    if (!found) continue;
    const actor = found.from;
    const pushRel = (to: number) => {
      if (keys[actor] === keys[to]) return;
      out.push(relation(found!.kind, keys[actor], keys[to], Math.min(refs[actor].start, refs[to].start), Math.max(refs[actor].end, refs[to].end), facts[actor]));
    };
    pushRel(found.to);
    // "A thay thế B, C và D": the list goes on after the object.
    if (found.from === i) {
      for (let j = i + 2; j < refs.length; j++) {
        // Only a bare list item (its date at most) continues the list; one with its own
        // subject ("… B quy định về X và C …") ends it.
        if (facts[j - 1].subject) break;
        const between = text.slice(Math.max(refs[j - 1].end, facts[j - 1].end), refs[j].start);
        if (!LIST_GAP.test(between)) break;
        pushRel(j);
      }
    }
  }
  out.push(...yearlessLawRelations(text, refs, facts, keys));
  return out;
}

/** A relation, dated by the acting document's effective date, else its signing date, when its citation gives one. */
function relation(kind: RelationKind, from: string, to: string, start: number, end: number, acting: MentionFacts): RelationFact {
  const rel: RelationFact = { kind, from, to, start, end };
  const date = acting.effective?.iso ?? acting.signed?.iso;
  if (date) rel.date = date;
  return rel;
}

/**
 * Before the verb only the acting document's own citation (date, issuer, subject) and a few
 * words: never another predicate ("… là …", "… được …"), never another, unnumbered actor.
 * `beforeVerb`: the text from the acting span's end to the verb.
 */
function actsItself(text: string, spanEnd: number, citationEnd: number, beforeVerb: string): boolean {
  const beyond = text.slice(Math.max(spanEnd, citationEnd), spanEnd + beforeVerb.length);
  // "… và Nghị định thay thế B": an unnumbered document right before the verb acts.
  if (/(?:nghị\s+định|thông\s+tư|quyết\s+định|luật|nghị\s+quyết|văn\s+bản|chỉ\s+thị|dự\s+thảo)\s*(?:mới\s*)?$/iu.test(beforeVerb)) return false;
  if (/(?:^|\s)(?:là|được|bị|cho|các|những|nhưng|song)(?:\s|$)/u.test(beyond)) return false;
  // A draft or another (unnumbered) document acts, not A: "… đang dự thảo Nghị định thay thế B".
  if (/(?:^|\s)(?:dự\s+thảo|trình|xây\s+dựng|đang|dự\s+kiến|nghiên\s+cứu|đề\s+xuất|nghị\s+định|thông\s+tư|quyết\s+định|luật|văn\s+bản|nghị\s+quyết|mới)(?:\s|$)/iu.test(beyond)) return false;
  return beyond.split(/\s+/).filter(Boolean).length <= 8;
}

/** Title words that end a law's title when no year closes it ("Luật Hải quan về thủ tục …"). */
const YEARLESS_TITLE_STOPS = new Set(['về', 'và', 'hoặc', 'hay', 'nhằm', 'để', 'đối', 'ở', 'kèm', 'hiện', 'thi', 'liên'].map(exactKey));
const MAX_YEARLESS_TITLE_WORDS = 8;

/**
 * "Nghị định 65/2013/NĐ-CP … quy định chi tiết một số điều của Luật Thuế thu nhập cá nhân":
 * the object is a law named by its title alone, which is no reference of its own (a title
 * without a year names every version of the law). The relation goes to the version the same
 * text cites with its year ("Luật Đất đai 2013"), else to the title alone ("L Thuế thu nhập
 * cá nhân"). The title ends at punctuation, at a word that starts a clause or a following
 * phrase, or after MAX_YEARLESS_TITLE_WORDS words.
 */
function yearlessLawRelations(text: string, refs: readonly DocReference[], facts: readonly MentionFacts[], keys: readonly string[]): RelationFact[] {
  const out: RelationFact[] = [];
  for (let i = 0; i < refs.length; i++) {
    const a = refs[i];
    const limit = i + 1 < refs.length ? refs[i + 1].start : text.length;
    let gap = text.slice(a.end, Math.min(limit, a.end + 400));
    const stop = gap.search(/[.;!?\n](?!\d)/u);
    if (stop >= 0) gap = gap.slice(0, stop);
    for (const [kind, re] of ACTIVE_TO_LAW) {
      const m = re.exec(gap);
      if (!m || !BETWEEN_OK.test(gap.slice(0, m.index + m[0].length)) || !actsItself(text, a.end, facts[i].end, gap.slice(0, m.index))) continue;
      const titleStart = a.end + m.index + m[0].length;
      const title = yearlessTitle(text, titleStart, a.end + gap.length);
      if (!title) break;
      const to = versionCited(refs, title.text, actingYear(keys[i], facts[i])) ?? `L ${title.text}`;
      if (to === keys[i]) break;
      out.push(relation(kind, keys[i], to, a.start, title.end, facts[i]));
      break;
    }
  }
  return out;
}

/** The year of the acting document: in its key ("43/2014/NĐ-CP"), else its signing date. */
function actingYear(key: string, f: MentionFacts): number | undefined {
  const y = /(?:^|\/|\s)((?:19|20)\d\d)(?:\/|$)/u.exec(key)?.[1] ?? f.signed?.iso.slice(0, 4);
  return y ? Number(y) : undefined;
}

/**
 * The version of the law titled `title` that the same text cites with its year: the latest
 * one not newer than the acting document (a 2014 decree guides the Land Law of 2013, not of
 * 1987 or 2024), else the latest.
 */
function versionCited(refs: readonly DocReference[], title: string, year: number | undefined): string | undefined {
  const want = foldKey(`L ${title}`);
  const versions = refs
    .map((r) => /^(L .+) ((?:19|20)\d\d)$/u.exec(r.key))
    .filter((m): m is RegExpExecArray => !!m && foldKey(m[1]) === want)
    .map((m) => ({ key: m[0], year: Number(m[2]) }))
    .sort((x, y) => y.year - x.year);
  return (versions.find((v) => year === undefined || v.year <= year) ?? versions[0])?.key;
}

function yearlessTitle(text: string, start: number, end: number): { text: string; end: number } | undefined {
  const words: Array<{ w: string; end: number }> = [];
  const re = /([\p{L}\p{M}]+)(\s*)/uy;
  re.lastIndex = start;
  for (let m = re.exec(text); m && m.index < end && words.length < MAX_YEARLESS_TITLE_WORDS; m = re.exec(text)) {
    const k = exactKey(m[1]);
    if (words.length > 0 && (LAW_STOP_WORDS.has(k) || YEARLESS_TITLE_STOPS.has(k))) break;
    const next = /^[\p{L}\p{M}]+/u.exec(text.slice(re.lastIndex, end))?.[0];
    if (words.length > 0 && next && LAW_STOP_PAIRS.has(`${k} ${exactKey(next)}`)) break;
    words.push({ w: m[1], end: m.index + m[1].length });
    // Punctuation or a number ends the title ("Luật Hải quan, …", "Luật Thuế 2008" is a reference).
    if (!m[2]) break;
  }
  if (words.length === 0) return undefined;
  // "Luật BHYT": an abbreviated title, too short to say which law without the glossary.
  if (words.length === 1 && !/\p{Ll}/u.test(words[0].w)) return undefined;
  // A year or "số" right after would make it a reference of its own: not this reader's.
  if (/^\s*(?:\(\s*)?(?:năm\s+|số\s+)?\d/u.test(text.slice(words[words.length - 1].end, end))) return undefined;
  return { text: words.map((x) => x.w).join(' '), end: words[words.length - 1].end };
}
