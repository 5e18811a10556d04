/**
 * Prose fields around a reference: issue date, issuing body, subject ("về …"), and the citation they make.
 */
import { exactKey } from '../text';
import { isValidYear, pad2, termRoman } from './numbers';
import { matchAt } from './symbols';
import { Candidate, DocReference } from './types';
import { TYPE_NAMES } from './vocabulary';

// ---------------------------------------------------------------------------------------
// Prose around a reference: date, issuer, subject

export const DATE_NUMERIC = /\s*,?\s*(?:\(\s*)?(?:(?:được\s+|duoc\s+)?(?:ban hành|ban hanh|ký|ky)\s+)?(?:ngày|ngay)\s*(\d{1,2})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{4})(?!\d)(\s*\))?/uy;
export const DATE_WORDS = /\s*,?\s*(?:\(\s*)?(?:(?:được\s+|duoc\s+)?(?:ban hành|ban hanh|ký|ky)\s+)?(?:ngày|ngay)\s*(\d{1,2})\s+(?:tháng|thang)\s+(\d{1,2})\s*,?\s+(?:năm|nam)\s+(\d{4})(?!\d)(\s*\))?/uy;

export function dateAfter(text: string, p: number): { date: string; iso: string; end: number } | undefined {
  let day: number, month: number, year: number, len: number;
  const m = matchAt(DATE_NUMERIC, text, p);
  if (m) {
    [day, month, year, len] = [Number(m[1]), Number(m[3]), Number(m[4]), m[0].length];
    if (/\(/.test(m[0]) && !m[5]) len = m[0].length; // unbalanced: keep, harmless
  } else {
    const w = matchAt(DATE_WORDS, text, p);
    if (!w) return undefined;
    [day, month, year, len] = [Number(w[1]), Number(w[2]), Number(w[3]), w[0].length];
  }
  if (day < 1 || day > 31 || month < 1 || month > 12 || !isValidYear(year)) return undefined;
  return { date: `${day}/${month}/${year}`, iso: `${year}-${pad2(month)}-${pad2(day)}`, end: p + len };
}

/** Words that end an issuer name ("của Bộ Chính trị về ..."). */
export const ISSUER_STOP = /^(?:về|ve|Về)$/u;

/** Lower-case syllables found inside names of Vietnamese bodies. */
export const ORG_LOWER_WORDS = new Set(
  (
    'trị thư tướng phủ ban nhân dân tỉnh thành phố huyện quận xã phường thị trấn trưởng tài chính nguyên môi trường và ' +
    'nông nghiệp phát triển thôn hải quan cục tổng vụ thường chấp hành trung ương hội đồng quốc kiểm sát tra an ninh công ' +
    'thương y tế giáo dục đào tạo xây dựng giao thông vận tải khoa học nghệ ngoại lao động binh tư pháp văn hóa hoá thể thao ' +
    'du lịch nội tin truyền chủ tịch nước đảng ủy uỷ sản cộng quân đội phòng bộ sở viện tòa toà án đạo chỉ đoàn mặt trận tổ ' +
    'ngân hàng nhà kế hoạch đầu tư thuế kho bạc bảo hiểm liên minh hợp tác'
  )
    .split(' ')
    .map(exactKey),
);

export function issuerAfter(text: string, p: number, limit: number): { name: string; term?: string; end: number } | undefined {
  const m = matchAt(/\s*,?\s*(?:của|do)\s+/uy, text, p);
  if (!m) return undefined;
  let q = p + m[0].length;
  const words: { word: string; end: number }[] = [];
  for (let i = 0; i < 10; i++) {
    const w = matchAt(/(\s*)([\p{L}\p{M}&]+(?:\.[\p{L}\p{M}&]+)*)/uy, text, q);
    if (!w || (i > 0 && !w[1])) break;
    const wordStart = q + w[1].length;
    if (wordStart >= limit) break; // the next reference starts here
    const word = w[2];
    if (ISSUER_STOP.test(word) || /^(?:khóa|khoá)$/iu.test(word)) break;
    if (i === 0 && !/^\p{Lu}/u.test(word)) return undefined;
    // Names of bodies are capitalised words plus a known set of lower-case ones
    // ("Bộ Tài nguyên và Môi trường", "UBND tỉnh Quảng Ninh"); anything else ends the name.
    if (!/^\p{Lu}/u.test(word) && !ORG_LOWER_WORDS.has(exactKey(word))) break;
    const nextWords = text.slice(wordStart + word.length, wordStart + word.length + 6);
    if (word === 'ban' && /^\s+hành/u.test(nextWords)) break; // "... ban hành"
    if (word === 'và' && !/^\s+\p{Lu}/u.test(nextWords)) break; // "... và các cơ quan"
    words.push({ word, end: wordStart + word.length });
    q = wordStart + word.length;
  }
  while (words.length > 0 && words[words.length - 1].word === 'và') words.pop();
  if (words.length === 0) return undefined;
  let end = words[words.length - 1].end;
  let term: string | undefined;
  const t = matchAt(/\s*\(?\s*(?:khóa|khoá|Khóa|Khoá)\s+([IVXLC]+|\d{1,2})(?![\p{L}\p{N}])(?:\s*\))?/uy, text, end);
  if (t) {
    term = termRoman(t[1]);
    if (term) end += t[0].length;
  }
  return { name: words.map((w) => w.word).join(' '), term, end };
}

export function subjectAfter(text: string, p: number, limit: number): { subject: string; end: number } | undefined {
  const m = matchAt(/\s*,?\s*([“"]\s*)?(về|Về)\s+/uy, text, p);
  if (!m) return undefined;
  const quoted = m[1] !== undefined;
  // The subject is the topic after "về" ("về công tác văn thư" → "công tác văn thư").
  const subjectStart = p + m[0].length;
  const max = Math.min(limit, subjectStart + 400, text.length);
  const body = text.slice(subjectStart, max);
  // Unquoted, a subject also ends where a list goes on with a new item: a comma before a
  // capitalised word ("…, Nghị quyết mới về …") or before "các"/"những" ("…, các nghị quyết").
  const stop = quoted ? /[”"\n]/u : /[.;:!?()\n“”"]|\s[-–]\s|,\s+(?=\p{Lu}|(?:các|những)\s)/u;
  const cut = body.search(stop);
  let subject = cut >= 0 ? body.slice(0, cut) : body;
  // Keep at most 30 words.
  const words = subject.split(/(\s+)/);
  if (words.length > 59) subject = words.slice(0, 59).join('');
  subject = subject.replace(/[\s,]+$/u, '');
  if (subject.split(/\s+/).length < 2) return undefined;
  let end = subjectStart + subject.length;
  if (quoted && text[end] && /[”"]/u.test(text[end])) end++;
  return { subject: subject, end };
}

export function enrich(text: string, c: Candidate, nextStart: number): DocReference {
  const ref: DocReference = {
    start: c.start,
    end: c.end,
    text: text.slice(c.start, c.end),
    form: c.form,
    key: c.key,
    full: c.full,
  };
  if (c.type) {
    ref.type = c.type;
    const name = TYPE_NAMES[c.type];
    if (name) ref.typeName = name;
  }
  if (c.number !== undefined) ref.number = c.number;
  if (c.year !== undefined) ref.year = c.year;
  if (c.issuer !== undefined) ref.issuer = c.issuer;
  if (c.meeting !== undefined) ref.meeting = c.meeting;
  if (c.term !== undefined) ref.term = c.term;

  let p = c.tail;
  let citationEnd = c.end;
  const date = dateAfter(text, p);
  if (date && date.end <= nextStart) {
    ref.date = date.date;
    ref.isoDate = date.iso;
    p = citationEnd = date.end;
  }
  const issuer = issuerAfter(text, p, nextStart);
  if (issuer && issuer.end <= nextStart) {
    ref.issuerName = issuer.name;
    if (issuer.term && !ref.term) ref.term = issuer.term;
    p = citationEnd = issuer.end;
    if (!ref.date) {
      const d2 = dateAfter(text, p);
      if (d2 && d2.end <= nextStart) {
        ref.date = d2.date;
        ref.isoDate = d2.iso;
        p = citationEnd = d2.end;
      }
    }
  }
  const subject = subjectAfter(text, p, nextStart);
  if (subject) {
    ref.subject = subject.subject;
    citationEnd = subject.end;
  }
  if (citationEnd > c.end) {
    ref.citation = text.slice(c.start, citationEnd);
    ref.citationEnd = citationEnd;
  }
  return ref;
}
