/**
 * Reader of short forms: type word, optional "số", a number (and year): "Nghị quyết 34", "Nghị định 155/2016".
 */
import { isValidYear, stripLeadingZeros } from '../numbers';
import { matchAt } from '../symbols';

export const UNIT_AFTER_NUMBER =
  /^\s*(?:tháng|ngày(?!\s*\d)|tuần|giờ|phút|giây|người|triệu|tỷ|tỉ|nghìn|ngàn|đồng(?!\s+(?:ý|thời|bộ|loạt|chí|tình|hành))|usd|lần|trang|km|ha|tấn|kg|m2|m3|điểm|tuổi|bản|câu|mục|chương|loại|nhóm|tỉnh|xã|huyện|trường hợp|năm(?!\s+(?:19|20)\d\d(?!\d)))(?![\p{L}\p{N}])/u;

export function skipSo(folded: string, p: number): { pos: number; so: boolean } {
  let so = false;
  for (;;) {
    const m = matchAt(/\s*so(?![\p{L}])\s*/uy, folded, p);
    if (!m) break;
    // An unaccented "so" ("so với") counts only before a number.
    if (!/\d/.test(folded[p + m[0].length] ?? '')) break;
    so = true;
    p += m[0].length;
  }
  // "số" glued to the type word's following text is handled by the symbol scan.
  return { pos: p, so };
}

export function shortNumberAt(text: string, p: number, afterSo: boolean):
  | { number: string; year?: number; end: number }
  | undefined {
  const m = matchAt(/(\d{1,5})(?:([a-zđ])(?![\p{L}]))?/uy, text, p);
  if (!m) return undefined;
  let end = p + m[0].length;
  const after = text.slice(end, end + 24);
  // Amounts, dates, scores, fractions: 6,5 / 14/12 / 3-1 / 10%.
  if (/^[.,:]\d/.test(after) || /^\s?%/.test(after)) return undefined;
  let year: number | undefined;
  const ym = /^(?:\/|-|\s+năm\s+|\s+nam\s+)((?:19|20)\d{2})(?![\p{N}\/])/u.exec(after);
  if (ym) {
    const y = Number(ym[1]);
    if (isValidYear(y) && !/^[-/]\d/.test(text.slice(end + ym[0].length, end + ym[0].length + 2))) {
      year = y;
      end += ym[0].length;
    }
  } else if (/^[-/–]/.test(after)) {
    // "14/12", "67/CP" after a weak word, "15-16": not a short form.
    return undefined;
  }
  // "Nghị quyết 2 năm qua" is a quantity; after "số" the number is the document's.
  if (year === undefined && !afterSo && UNIT_AFTER_NUMBER.test(text.slice(end, end + 24).toLowerCase())) return undefined;
  return { number: stripLeadingZeros(m[1] + (m[2] ?? '')), year, end };
}
