/**
 * What one mention's sentence says about the document it names: issuer, signing date,
 * effective date, subject (trích yếu), signer, and whether the text says it is no longer in
 * force. Read from the prose around the parser's span, never past the next reference.
 *
 * Forms it reads (docs/vietnamese-domain §3, issue 14):
 *  - after the span, in any order: a date ("ngày 5/3/2020", "05-3-2020", "ngày 5 tháng 3
 *    năm 2020", "ký ngày …", "ban hành ngày …"), the issuer ("của Chính phủ", "do Bộ Tài chính
 *    ban hành"), the subject after a marker (về, về việc, quy định, quy định chi tiết, hướng
 *    dẫn, hướng dẫn thi hành, sửa đổi, bổ sung, phê duyệt, ban hành), then "(5/1/2022)";
 *  - before the span: "Ban Bí thư (đã) ban hành Chỉ thị 12", "Ngày 5/3/2020, Chính phủ ban
 *    hành …" (a descriptive mention), carried over a list ("… Chỉ thị 12 … và Đề án 01 …");
 *  - in the rest of the sentence: "có hiệu lực (thi hành) (từ|kể từ) ngày …", "hết hiệu lực".
 *
 * A subject ends where the citation ends: at clause punctuation, at a verb that starts the
 * sentence's predicate ("… là 4,8%/năm", "… đã tạo …"), never mid-word.
 *
 * Pure: offsets are into the text given (NFC, as the parser saw it).
 */
import type { DocReference } from '../references';
import { exactKey } from '../text';

/** A date as read: ISO yyyy-mm-dd and the span of the text that gave it. */
export interface DateFact {
  iso: string;
  start: number;
  end: number;
}

export interface MentionFacts {
  /** Issuing body named in the prose ("Ban Bí thư", "Chính phủ", "UBND tỉnh Quảng Ninh"). */
  issuer?: string;
  /** Where the issuer is named: after the span ("của …", "do …") or before it ("… ban hành"). */
  issuerAt?: 'after' | 'before';
  signed?: DateFact;
  effective?: DateFact;
  subject?: string;
  signer?: string;
  term?: string;
  /** The sentence says the document is no longer in force ("đã hết hiệu lực"). */
  expired?: { start: number; end: number };
  /** The passage the facts come from: the citation with what it says around it. */
  start: number;
  end: number;
}

// ---------------------------------------------------------------------------------------
// Dates

const D = String.raw`(\d{1,2})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{4})(?!\d)`;
const W = String.raw`(\d{1,2})\s+tháng\s+(\d{1,2})\s*,?\s+năm\s+(\d{4})(?!\d)`;
const DATE_RE = new RegExp(`(?:${D})|(?:${W})`, 'uy');

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

const DAY_MONTH_RE = /(\d{1,2})\s*([/.\-])\s*(\d{1,2})(?![\d/\-]|\.\d|\s*[/.\-]\s*\d)|(\d{1,2})\s+tháng\s+(\d{1,2})(?!\s*,?\s*năm|\d)/uy;

/**
 * A bare date at `p` (no "ngày"): "5/3/2020", "05-3-2020", "5 tháng 3 năm 2020". With
 * `year` (the document's own, from its symbol), also a day and month alone ("từ ngày 5-7").
 */
export function bareDateAt(text: string, p: number, year?: number): { iso: string; end: number } | undefined {
  DATE_RE.lastIndex = p;
  const m = DATE_RE.exec(text);
  if (!m) {
    if (year === undefined) return undefined;
    DAY_MONTH_RE.lastIndex = p;
    const dm = DAY_MONTH_RE.exec(text);
    if (!dm) return undefined;
    const [day, month] = dm[1] !== undefined ? [Number(dm[1]), Number(dm[3])] : [Number(dm[4]), Number(dm[5])];
    if (day < 1 || day > 31 || month < 1 || month > 12) return undefined;
    return { iso: `${year}-${pad2(month)}-${pad2(day)}`, end: DAY_MONTH_RE.lastIndex };
  }
  const [day, month, y] = m[1] !== undefined ? [Number(m[1]), Number(m[3]), Number(m[4])] : [Number(m[5]), Number(m[6]), Number(m[7])];
  if (day < 1 || day > 31 || month < 1 || month > 12 || y < 1945 || y > 2099) return undefined;
  return { iso: `${y}-${pad2(month)}-${pad2(day)}`, end: p + m[0].length };
}

const DATE_LEAD = /\s*,?\s*(\(\s*)?(?:(?:được\s+|đã\s+)?(?:ký\s+ban\s+hành|ban\s+hành|ký|thông\s+qua)(?:\s+vào)?\s+)?(ngày\s*)?/uy;

/** A date after `p`, with its lead ("ngày", "ký ngày", "ban hành ngày", "(…)"). */
function dateAfter(text: string, p: number, needsDay: boolean, year?: number): { iso: string; end: number } | undefined {
  DATE_LEAD.lastIndex = p;
  const lead = DATE_LEAD.exec(text);
  if (!lead) return undefined;
  const hasDay = lead[2] !== undefined;
  const paren = lead[1] !== undefined;
  if (needsDay && !hasDay && !paren) return undefined;
  // A day and month alone only after "ngày" (the year is then the document's own).
  const d = bareDateAt(text, p + lead[0].length, hasDay ? year : undefined);
  if (!d) return undefined;
  let end = d.end;
  if (paren) {
    const close = /\s*\)/y;
    close.lastIndex = end;
    if (!close.exec(text)) return undefined;
    end = close.lastIndex;
  }
  return { iso: d.iso, end };
}

// ---------------------------------------------------------------------------------------
// Issuers named in prose

/** Lower-case syllables found inside names of Vietnamese bodies. */
const ORG_LOWER_WORDS = new Set(
  (
    'trị thư tướng phủ ban nhân dân tỉnh thành phố huyện quận xã phường thị trấn trưởng tài chính nguyên môi trường và ' +
    'nông nghiệp phát triển thôn hải quan cục tổng vụ thường chấp hành trung ương hội đồng quốc kiểm sát tra an ninh công ' +
    'thương y tế giáo dục đào tạo xây dựng giao thông vận tải khoa học nghệ ngoại lao động binh tư pháp văn hóa hoá thể thao ' +
    'du lịch nội tin truyền chủ tịch nước đảng ủy uỷ sản cộng quân đội phòng bộ sở viện tòa toà án đạo chỉ đoàn mặt trận tổ ' +
    'ngân hàng nhà kế hoạch đầu tư thuế kho bạc bảo hiểm liên minh hợp tác tôn dân tộc khóa khoá tối cao'
  )
    .split(' ')
    .map(exactKey),
);

const WORD_RE = /[\p{L}\p{M}]+(?:\.[\p{L}\p{M}]+)*/uy;

/** Is `word` part of a body's name (capitalised, an acronym, or a known lower-case syllable)? */
function orgWord(word: string): boolean {
  return /^\p{Lu}/u.test(word) || ORG_LOWER_WORDS.has(exactKey(word));
}

/** "của Bộ Chính trị", "do Chính phủ ban hành" after `p`. */
function issuerAfter(text: string, p: number, limit: number): { name: string; end: number; term?: string } | undefined {
  const lead = /\s*,?\s*(?:của|do)\s+/uy;
  lead.lastIndex = p;
  const m = lead.exec(text);
  if (!m) return undefined;
  let q = lead.lastIndex;
  const words: { word: string; end: number }[] = [];
  for (let i = 0; i < 12; i++) {
    const sp = /\s*/y;
    sp.lastIndex = q;
    sp.exec(text);
    const ws = sp.lastIndex;
    if (i > 0 && ws === q) break;
    if (ws >= limit) break;
    WORD_RE.lastIndex = ws;
    const w = WORD_RE.exec(text);
    if (!w) break;
    const word = w[0];
    if (/^(?:về|khóa|khoá)$/iu.test(word)) break;
    if (i === 0 && !/^\p{Lu}/u.test(word)) return undefined;
    if (!orgWord(word)) break;
    const next = text.slice(ws + word.length, ws + word.length + 8);
    if (word === 'ban' && /^\s+hành/u.test(next)) break;
    if (word === 'và' && !/^\s+\p{Lu}/u.test(next)) break;
    words.push({ word, end: ws + word.length });
    q = ws + word.length;
  }
  while (words.length > 0 && /^(?:và|ban)$/u.test(words[words.length - 1].word)) words.pop();
  if (words.length === 0) return undefined;
  let end = words[words.length - 1].end;
  let term: string | undefined;
  const t = /\s*\(?\s*(?:khóa|khoá|Khóa|Khoá)\s+([IVXLC]+)(?![\p{L}\p{N}])(?:\s*\))?/uy;
  t.lastIndex = end;
  const tm = t.exec(text);
  if (tm) {
    term = tm[1];
    end = t.lastIndex;
  }
  // "do Bộ Tài chính ban hành": the verb belongs to the citation.
  const verb = /\s+(?:vừa\s+|đã\s+)?(?:ký\s+)?ban\s+hành(?![\p{L}])/uy;
  verb.lastIndex = end;
  if (/^\s*do/u.test(m[0]) && verb.exec(text)) end = verb.lastIndex;
  return { name: words.map((w) => w.word).join(' '), end, term };
}

/** Verbs after an issuer that make the next reference its document ("Ban Bí thư đã ban hành Chỉ thị 12"). */
const ISSUING_VERB_BEFORE = /(?:\s+(?:đã|vừa|mới|chính\s+thức|cũng|đã\s+chính\s+thức))*\s+(?:ký\s+)?(?:ban\s+hành|thông\s+qua|ký)\s+(?:các\s+|những\s+)?$/u;

/** "Ban Bí thư đã ban hành " before `start`, within the sentence. */
function issuerBefore(text: string, start: number, floor: number): { name: string; start: number; date?: DateFact } | undefined {
  const from = Math.max(floor, start - 200);
  const before = text.slice(from, start);
  const verb = ISSUING_VERB_BEFORE.exec(before);
  if (!verb) return undefined;
  const head = before.slice(0, verb.index);
  // Words of the name, read backwards while they look like a body's name.
  const words = [...head.matchAll(/[\p{L}\p{M}]+(?:\.[\p{L}\p{M}]+)*/gu)];
  let i = words.length - 1;
  const name: string[] = [];
  let nameStart = -1;
  for (; i >= 0 && name.length < 12; i--) {
    const w = words[i];
    const after = head.slice(w.index! + w[0].length, nameStart < 0 ? head.length : nameStart);
    if (!/^\s*$/u.test(after)) break;
    if (!orgWord(w[0])) break;
    name.unshift(w[0]);
    nameStart = w.index!;
  }
  // The name starts with a capital ("Ban Bí thư", "Chính phủ", "UBND tỉnh").
  while (name.length > 0 && !/^\p{Lu}/u.test(name[0])) {
    name.shift();
    const next = words.find((w) => w.index! > nameStart);
    nameStart = next ? next.index! : -1;
  }
  if (name.length === 0 || nameStart < 0) return undefined;
  const out: { name: string; start: number; date?: DateFact } = { name: name.join(' '), start: from + nameStart };
  // "Ngày 5/1/2022, Ban Bí thư ban hành …"
  const lead = /(?:^|[.;:]\s*|,\s*)(?:[Vv]ào\s+)?[Nn]gày\s+([\d/.\- ]+?\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s*,?\s+năm\s+\d{4})\s*,?\s*$/u.exec(head.slice(0, nameStart));
  if (lead) {
    const at = from + lead.index + lead[0].indexOf(lead[1]);
    const d = bareDateAt(text, at);
    if (d) out.date = { iso: d.iso, start: from + lead.index, end: d.end };
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Subject

/** Markers that introduce a subject; "về"/"về việc" are dropped from it, the others kept. */
const SUBJECT_MARKER =
  /\s*,?\s*([“"]\s*)?(?:(về\s+việc|về|Về\s+việc|Về)\s+|(?=(?:quy\s+định(?:\s+chi\s+tiết)?|hướng\s+dẫn(?:\s+thi\s+hành)?|sửa\s+đổi|bổ\s+sung|phê\s+duyệt|ban\s+hành|thành\s+lập|công\s+bố|điều\s+chỉnh|thí\s+điểm|giao|phân\s+bổ|kiện\s+toàn|triển\s+khai|tăng\s+cường|đẩy\s+mạnh|nâng\s+cao|thực\s+hiện|tiếp\s+tục)\s))/uy;

/**
 * Words that start the sentence's predicate, so the citation (and its subject) ends before
 * them: "… về phát triển nhà ở xã hội trong năm 2017 là 4,8%/năm" ends at "trong năm 2017".
 */
const SUBJECT_END_WORDS = [
  'là', 'đã', 'sẽ', 'đang', 'vừa', 'có hiệu lực', 'hết hiệu lực', 'nhằm', 'thì', 'nên', 'cho biết', 'cho thấy',
  'được ban hành', 'được thông qua', 'được ký', 'được sửa đổi', 'được thay thế', 'được áp dụng', 'được triển khai', 'được thực hiện',
  'bị bãi bỏ', 'bị thay thế',
  'theo đó', 'trong đó', 'tuy nhiên', 'nhưng', 'song', 'vẫn', 'cũng', 'còn', 'chưa', 'không', 'cần', 'yêu cầu', 'nêu rõ', 'chỉ rõ',
  'khẳng định', 'đề ra', 'xác định', 'thay thế', 'bãi bỏ', 'từ ngày', 'kể từ', 'vào ngày', 'ngày', 'tới đây', 'hiện nay', 'đến nay', 'hiện hành',
  'trong năm', 'năm qua', 'thời gian qua', 'vừa qua', 'mới đây', 'gần đây', 'nói trên', 'này', 'đó', 'ấy', 'tại hội nghị', 'tại buổi',
  'với mục tiêu', 'với mức', 'với nhiều', 'mà', 'do đó', 'vì vậy', 'sau khi', 'trước khi', 'như sau', 'gồm', 'bao gồm',
  'có hướng dẫn', 'có các', 'có quy định', 'có nhiều', 'có nội dung', 'theo hướng', 'gắn với', 'xếp bổ sung', 'trình Bộ', 'trình Chính phủ', 'trình Quốc hội',
  'trình Thủ tướng', 'cụ thể', 'nhiều địa phương', 'chính thức', 'và áp dụng',
  'quy định rõ', 'quy định cụ thể', 'nêu', 'ghi rõ', 'đưa ra', 'do Bộ', 'do Chính phủ', 'do Thủ tướng', 'do UBND', 'và quy định', 'và các quy định',
  'tăng mức', 'giảm mức', 'điều chỉnh một số',
];
const SUBJECT_END_RE = new RegExp(`\\s(?:${SUBJECT_END_WORDS.map((w) => w.replace(/ /g, '\\s+')).join('|')})(?![\\p{L}\\p{N}])`, 'u');

const MAX_SUBJECT_WORDS = 40;
const QUOTED_TITLE = /\s*:\s*([“"]\s*)/uy;
/** A subject ending on one of these goes on with the reference that follows ("… của" Luật X). */
const OBJECT_NEEDED = /(?:của|thi\s+hành|về|đối\s+với|sửa\s+đổi|bổ\s+sung|hướng\s+dẫn|thay\s+thế|bãi\s+bỏ|chi\s+tiết|kèm\s+theo)[\s,]*(?:số\s*)?$/u;
/** Marker words that alone say nothing of the subject. */
const MARKER_ONLY = /^(?:quy\s+định(?:\s+chi\s+tiết)?|hướng\s+dẫn(?:\s+thi\s+hành)?|sửa\s+đổi|bổ\s+sung|sửa\s+đổi,?\s+bổ\s+sung|phê\s+duyệt|ban\s+hành|về)(?:\s+(?:về|việc|một\s+số\s+điều(?:\s+của)?))?$/iu;

function subjectAfter(text: string, p: number, limit: number): { subject: string; start: number; end: number; markerOnly: boolean } | undefined {
  // A quoted title after a colon: "Chỉ thị 03 của Bộ Chính trị: “Học tập và làm theo …”".
  QUOTED_TITLE.lastIndex = p;
  const q = QUOTED_TITLE.exec(text);
  SUBJECT_MARKER.lastIndex = p;
  const m = q ?? SUBJECT_MARKER.exec(text);
  if (!m) return undefined;
  const quoted = m[1] !== undefined;
  const start = q ? QUOTED_TITLE.lastIndex : SUBJECT_MARKER.lastIndex;
  const max = Math.min(limit, start + 500, text.length);
  let body = text.slice(start, max);
  if (quoted) {
    const close = body.search(/[”"\n]/u);
    if (close < 0) return undefined;
    body = body.slice(0, close);
  } else {
    // A short parenthesis ("(IVF)", "(giai đoạn 2016 - 2020)") and a dash between words
    // ("giáo dục – đào tạo") belong to the subject; other punctuation ends it, and so does a
    // comma before a capitalised word or a word that starts a new clause.
    const stop = body.search(/\.(?![\p{L}\d])|[;:!?\n"]|“(?![^“”\n]{1,80}”)|(?<!“[^“”\n]{1,80})”|\((?![^()\n]{1,40}\))|\((?=\s*(?:ngày\s*)?\d{1,2}\s*[/.\-]\s*\d{1,2}(?:\s*[/.\-]\s*\d{4})?\s*\))|(?<!\([^()\n]{1,40})\)|\s[-–]\s(?![\p{Ll}\d])|,\s+(?=\p{Lu}(?!\p{Lu})|(?:các|những|trong đó|theo đó|đồng thời|qua đó|từ đó|có|theo|nhiều|cụ thể|nay|được|đã|sẽ|với|nhằm|giúp|thì|là|mà|do|khi|sau|từ|tại|ngày|tuy|song|nhưng|cho|để|đây|này|vừa|cũng|còn|xác định|quy định|hướng dẫn|thay thế|ban hành|áp dụng|góp phần|giải quyết)[\s,])/u);
    if (stop >= 0) body = body.slice(0, stop);
    // The first word may be an end word only when it is the marker itself ("quy định …").
    const first = /^\S+(?:\s+\S+)?/u.exec(body)?.[0].length ?? 0;
    const end = body.slice(first).search(SUBJECT_END_RE);
    if (end >= 0) body = body.slice(0, first + end);
    // A year right after the subject starts the predicate ("… năm 2020 tăng …") only when followed by a verb; keep it.
  }
  // Never mid-word: a cut at `max` drops the partial word.
  if (!quoted && max < limit && start + body.length === max && /[\p{L}\p{N}]/u.test(text[max] ?? '')) body = body.replace(/\s*\S*$/u, '');
  const words = body.split(/\s+/).filter(Boolean);
  if (words.length > MAX_SUBJECT_WORDS) body = words.slice(0, MAX_SUBJECT_WORDS).join(' ');
  body = body.replace(/\s*\(\p{Lu}[\p{Lu}\d&]*\)$/u, '').replace(/[\s,]+$/u, '').replace(/\s+(?:và|của|cho|các|những|với|tại|trong|quy\s+định)$/u, '');
  if (body.split(/\s+/).length < 2) return undefined;
  let end = start + body.length;
  if (quoted && /[”"]/u.test(text[end] ?? '')) end++;
  return { subject: body.replace(/\s+/g, ' '), start, end, markerOnly: MARKER_ONLY.test(body) };
}

// ---------------------------------------------------------------------------------------
// Effective date, expiry, signer: anywhere in the rest of the sentence

const EFFECTIVE_RE = /có\s+hiệu\s+lực(?:\s+thi\s+hành)?(?:\s+chính\s+thức)?\s+(?:(?:(?:kể\s+)?từ|bắt\s+đầu\s+từ)\s+(?:ngày\s+)?|(?:vào\s+)?ngày\s+)/uy;
const EXPIRED_RE = /(?:đã\s+|sẽ\s+)?(?:hết\s+hiệu\s+lực|không\s+còn\s+hiệu\s+lực)/u;

/** The rest of the sentence after `p`, up to the next reference. */
function sentenceRest(text: string, p: number, limit: number): string {
  const rest = text.slice(p, Math.min(limit, p + 300));
  const stop = rest.search(/[.!?;\n](?!\d)/u);
  return stop >= 0 ? rest.slice(0, stop) : rest;
}

/**
 * The effective date a sentence gives its main document: ", có hiệu lực (thi hành) từ …"
 * after citations that go on past other references ("Thông tư A về việc sửa đổi Thông tư B,
 * Thông tư C, có hiệu lực từ ngày 12-6"), or "Từ ngày …, A … (sẽ) có hiệu lực". The main
 * document is the sentence's first reference that has its own citation (issuer or subject).
 */
function effectiveOfSentence(text: string, refs: readonly DocReference[], facts: readonly MentionFacts[], i: number): DateFact | undefined {
  const r = refs[i];
  const lineStart = Math.max(0, text.lastIndexOf('\n', r.start) + 1);
  const before = text.slice(Math.max(lineStart, r.start - 300), r.start);
  const cut = before.search(/[.!?;](?!\d)[^.!?;]*$/u);
  const sentenceStart = cut >= 0 ? r.start - before.length + cut + 1 : r.start - before.length;
  // Not when an earlier reference of the same sentence is the main one.
  if (i > 0 && refs[i - 1].start >= sentenceStart) return undefined;
  const rest = sentenceRest(text, r.end, text.length);
  const lead = /^\s*(?:Kể\s+từ|kể\s+từ|Từ|từ)\s+ngày\s+/u.exec(text.slice(sentenceStart, r.start));
  if (lead && /có\s+hiệu\s+lực/u.test(rest)) {
    const d = bareDateAt(text, sentenceStart + lead[0].length, r.year);
    if (d) return { iso: d.iso, start: sentenceStart, end: d.end };
  }
  if (!facts[i]?.subject && !facts[i]?.issuer) return undefined;
  const m = /,\s*(?=có\s+hiệu\s+lực)/u.exec(rest);
  if (!m) return undefined;
  return effectiveAfter(text, r.end + m.index + m[0].length, text.length, r.year);
}

/**
 * ", có hiệu lực từ …" after a later reference of a sentence belongs to the sentence's main
 * document, its first reference with its own citation ("Thông tư A của Bộ Tài chính về việc
 * sửa đổi Thông tư B, Thông tư C, có hiệu lực từ ngày 12-6": A's date, not C's).
 */
function moveEffectiveToMain(text: string, refs: readonly DocReference[], facts: MentionFacts[]): void {
  for (let j = 1; j < refs.length; j++) {
    const eff = facts[j].effective;
    if (!eff || !/,\s*$/u.test(text.slice(Math.max(0, eff.start - 3), eff.start))) continue;
    let main = -1;
    for (let i = j - 1; i >= 0; i--) {
      if (/[.!?;\n](?!\d)/u.test(text.slice(refs[i].end, refs[i + 1].start))) break;
      if (facts[i].subject || facts[i].issuer) main = i;
    }
    if (main < 0 || facts[main].effective) continue;
    // A day and month alone took the year of the reference it was read for: take the main one's.
    const year = refs[main].year;
    const moved = !/\d{4}/.test(text.slice(eff.start, eff.end)) && year !== undefined ? { ...eff, iso: `${year}${eff.iso.slice(4)}` } : eff;
    facts[main].effective = moved;
    delete facts[j].effective;
  }
}

/** Titles that sign documents, before the signer's name. */
const SIGNER_TITLE = String.raw`(?:Tổng\s+Bí\s+thư|Phó\s+Thủ\s+tướng(?:\s+Chính\s+phủ)?|Thủ\s+tướng(?:\s+Chính\s+phủ)?|Chủ\s+tịch\s+nước|Chủ\s+tịch\s+Quốc\s+hội|Phó\s+Chủ\s+tịch(?:\s+UBND)?|Chủ\s+tịch(?:\s+UBND)?|Thống\s+đốc|Bộ\s+trưởng|Thứ\s+trưởng)`;
/** A personal name: two to four capitalised syllables. */
const PERSON = String.raw`(\p{Lu}\p{Ll}*(?:\s+\p{Lu}\p{Ll}*){1,3})`;
/** "Tổng Bí thư Nguyễn Phú Trọng đã ký ban hành [A]" before the span. */
const SIGNER_BEFORE = new RegExp(`${SIGNER_TITLE}(?:\\s+(?:Bộ|Ngân\\s+hàng)[\\p{L}\\s]{0,40}?)?\\s+${PERSON}\\s+(?:đã\\s+|vừa\\s+|mới\\s+)?ký(?:\\s+ban\\s+hành)?\\s+(?:\\p{L}+\\s+){0,3}$`, 'u');
/** "[A] do Thủ tướng Nguyễn Xuân Phúc ký" after the span. */
const SIGNER_AFTER = new RegExp(`^[^.;!?\\n]{0,160}?\\s(?:do|được)\\s+${SIGNER_TITLE}\\s+${PERSON}\\s+(?:đã\\s+)?ký`, 'u');

const PERSON_WITH_TITLE = new RegExp(`^${SIGNER_TITLE}\\s+${PERSON}$`, 'u');

/** Who signed, as the sentence names them. */
function signerOf(text: string, start: number, end: number, floor: number, limit: number): string | undefined {
  const before = SIGNER_BEFORE.exec(text.slice(Math.max(floor, start - 160), start));
  if (before) return before[1];
  const after = SIGNER_AFTER.exec(text.slice(end, Math.min(limit, end + 220)));
  return after?.[1];
}

function effectiveAfter(text: string, p: number, limit: number, year?: number): DateFact | undefined {
  const rest = sentenceRest(text, p, limit);
  const at = rest.search(/có\s+hiệu\s+lực/u);
  if (at < 0) return undefined;
  // Only when nothing between says it is about another document's clause ("khi Luật … có hiệu lực").
  EFFECTIVE_RE.lastIndex = p + at;
  if (!EFFECTIVE_RE.exec(text)) return undefined;
  const d = bareDateAt(text, EFFECTIVE_RE.lastIndex, year);
  if (!d) return undefined;
  return { iso: d.iso, start: p + at, end: d.end };
}

// ---------------------------------------------------------------------------------------
// API

/**
 * The facts each reference's sentence gives, in the order of `refs` (the parser's output for
 * the same `text`).
 */
export function mentionFacts(text: string, refs: readonly DocReference[]): MentionFacts[] {
  const out: MentionFacts[] = [];
  let carried: { name: string; date?: DateFact; end: number } | undefined;
  for (let i = 0; i < refs.length; i++) {
    const r = refs[i];
    const next = i + 1 < refs.length ? refs[i + 1].start : text.length;
    const prevEnd = i > 0 ? out[i - 1].end : 0;
    const f: MentionFacts = { start: r.start, end: r.end };
    let p = r.end;
    // After the span: date, issuer, date again, in the order the prose gives them.
    for (let step = 0; step < 3; step++) {
      const d = !f.signed ? dateAfter(text, p, true, r.year) : undefined;
      if (d && d.end <= next) {
        f.signed = { iso: d.iso, start: p, end: d.end };
        p = d.end;
        continue;
      }
      const iss = !f.issuer ? issuerAfter(text, p, next) : undefined;
      if (iss && iss.end <= next) {
        f.issuer = iss.name;
        f.issuerAt = 'after';
        if (iss.term) f.term = iss.term;
        p = iss.end;
        continue;
      }
      break;
    }
    const subj = subjectAfter(text, p, next);
    if (subj) {
      // A marker alone ("sửa đổi, bổ sung một số điều của") says nothing unless its object follows.
      if (!subj.markerOnly) f.subject = subj.subject;
      p = subj.end;
      // "quy định chi tiết một số điều của Luật X", "sửa đổi Nghị định Y": the subject goes on
      // through the next reference when it ends on a word that needs its object.
      if (i + 1 < refs.length && /^[\s,]*(?:(?:của|về|đối\s+với|thi\s+hành)\s+)?(?:số\s*)?$/u.test(text.slice(subj.end, next)) && OBJECT_NEEDED.test(text.slice(subj.start, next))) {
        f.subject = text.slice(subj.start, refs[i + 1].end).replace(/\s+/g, ' ');
      }
      // "(5/1/2022)" or ", ngày 5/1/2022" after the subject.
      const d = !f.signed ? dateAfter(text, p, false) : undefined;
      if (d && d.end <= next && (text.slice(p, d.end).includes('(') || /ngày/u.test(text.slice(p, d.end)))) {
        f.signed = { iso: d.iso, start: p, end: d.end };
        p = d.end;
      }
      const iss = !f.issuer ? issuerAfter(text, p, next) : undefined;
      if (iss && iss.end <= next) {
        f.issuer = iss.name;
        f.issuerAt = 'after';
        p = iss.end;
      }
    }
    f.end = Math.max(p, r.end);
    // Before the span: "Ban Bí thư đã ban hành Chỉ thị 12", or carried over a list.
    const before = issuerBefore(text, r.start, prevEnd);
    if (before) {
      if (!f.issuer) {
        f.issuer = before.name;
        f.issuerAt = 'before';
      }
      if (!f.signed && before.date) f.signed = before.date;
      f.start = Math.min(f.start, before.date?.start ?? before.start);
      carried = { name: before.name, date: undefined, end: f.end };
    } else if (carried && i > 0 && /^\s*(?:,|và|cùng|;)\s*(?:các\s+|những\s+)?$/u.test(text.slice(out[i - 1].end, r.start)) && !f.issuer) {
      f.issuer = carried.name;
      f.issuerAt = 'before';
      carried.end = f.end;
    } else carried = undefined;
    const eff = effectiveAfter(text, f.end, next, r.year) ?? effectiveOfSentence(text, refs, out, i);
    if (eff) f.effective = eff;
    const rest = sentenceRest(text, f.end, next);
    const exp = EXPIRED_RE.exec(rest);
    if (exp && !/\s(?:khi|nếu)\s*$/u.test(rest.slice(0, exp.index))) f.expired = { start: f.end + exp.index, end: f.end + exp.index + exp[0].length };
    if (r.term && !f.term) f.term = r.term;
    const signer = signerOf(text, r.start, r.end, prevEnd, next);
    if (signer) f.signer = signer;
    // A person is the signer, not the issuing body ("Tổng Bí thư Nguyễn Phú Trọng đã ký …").
    if (f.issuer && PERSON_WITH_TITLE.test(f.issuer)) {
      f.signer ??= PERSON_WITH_TITLE.exec(f.issuer)![1];
      delete f.issuer;
      delete f.issuerAt;
    }
    out.push(f);
  }
  moveEffectiveToMain(text, refs, out);
  return out;
}
