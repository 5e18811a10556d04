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

const ACTIVE: Array<[RelationKind, RegExp]> = [
  ['replaces', new RegExp(String.raw`(?:^|\s)(?:để\s+|sẽ\s+|đã\s+|chính\s+thức\s+|nhằm\s+)?thay\s+thế(?:\s+cho)?` + OBJECT_FILLER, 'iu')],
  ['repeals', new RegExp(String.raw`(?:^|\s)(?:sẽ\s+|đã\s+|chính\s+thức\s+)?(?:bãi\s+bỏ|huỷ\s+bỏ|hủy\s+bỏ)` + OBJECT_FILLER, 'iu')],
  ['amends', new RegExp(String.raw`(?:^|\s)(?:sửa\s+đổi,?\s+bổ\s+sung|sửa\s+đổi|bổ\s+sung)` + OBJECT_FILLER, 'iu')],
  ['guides', new RegExp(String.raw`(?:^|\s)(?:hướng\s+dẫn(?:\s+thi\s+hành|\s+thực\s+hiện|\s+chi\s+tiết)?|quy\s+định\s+chi\s+tiết(?:\s+thi\s+hành|\s+và\s+hướng\s+dẫn\s+thi\s+hành)?)` + OBJECT_FILLER, 'iu')],
];

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
        if (!m) continue;
        // Before the verb only the active document's own citation (date, issuer, subject)
        // and a few words: never another predicate ("… là …", "… được …").
        const beyond = text.slice(Math.max(a.end, facts[i].end), a.end + m.index);
        // "… và Nghị định thay thế B": an unnumbered document right before the verb acts.
        if (/(?:nghị\s+định|thông\s+tư|quyết\s+định|luật|nghị\s+quyết|văn\s+bản|chỉ\s+thị|dự\s+thảo)\s*(?:mới\s*)?$/iu.test(gap.slice(0, m.index))) continue;
        if (/(?:^|\s)(?:là|được|bị|cho|các|những|nhưng|song)(?:\s|$)/u.test(beyond)) continue;
        // A draft or another (unnumbered) document acts, not A: "… đang dự thảo Nghị định thay thế B".
        if (/(?:^|\s)(?:dự\s+thảo|trình|xây\s+dựng|đang|dự\s+kiến|nghiên\s+cứu|đề\s+xuất|nghị\s+định|thông\s+tư|quyết\s+định|luật|văn\s+bản|nghị\s+quyết|mới)(?:\s|$)/iu.test(beyond)) continue;
        if (beyond.split(/\s+/).filter(Boolean).length > 8) continue;
        found = { kind, from: i, to: i + 1 };
        break;
      }
    }
    if (!found) continue;
    const actor = found.from;
    const pushRel = (to: number) => {
      if (keys[actor] === keys[to]) return;
      const f = facts[actor];
      const rel: RelationFact = { kind: found!.kind, from: keys[actor], to: keys[to], start: Math.min(refs[actor].start, refs[to].start), end: Math.max(refs[actor].end, refs[to].end) };
      const date = f.effective?.iso ?? f.signed?.iso;
      if (date) rel.date = date;
      out.push(rel);
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
  return out;
}
