/**
 * Reader of laws by title and year: "Luật Đất đai năm 2013", "Bộ luật Dân sự 2015".
 */
import { exactKey, foldKey } from '../../text';
import { isValidYear } from '../numbers';
import { matchAt } from '../symbols';
import { TypeWordMatch } from '../typeWords';

export const LAW_STOP_WORDS = new Set(
  [
    'được', 'vào', 'đã', 'sẽ', 'là', 'có', 'này', 'từ', 'trong', 'tại', 'đến', 'cho', 'với', 'khi', 'sau',
    'trước', 'thì', 'mà', 'những', 'của', 'theo', 'số', 'năm', 'tháng', 'ngày',
    'đang', 'vừa', 'mới', 'nay', 'cũ', 'này', 'đó', 'do', 'bị', 'nêu', 'ghi', 'rằng', 'như',
  ].map(exactKey),
);
/** Two-word phrases that end a law title ("Luật Đất đai có hiệu lực ...", "Luật X hiện hành"). */
export const LAW_STOP_PAIRS = new Set(['ban hành', 'thông qua', 'hiệu lực', 'hiện hành', 'quy định', 'sửa đổi', 'bổ sung'].map((p) => p.split(' ').map(exactKey).join(' ')));
/** Words that, first after "luật", do not start a law title. */
export const LAW_TITLE_BAD_FIRST = new Set(['sư', 'lệ', 'pháp', 'chơi', 'gia', 'học', 'định', 'hóa', 'hoá', 'nào', 'này', 'đó', 'mới', 'cũ', 'chung', 'sửa', 'về', 'và'].map(foldKey));

/** "Luật Đất đai năm 2013", "luật Đất đai 2013", "Luật Cán bộ công chức (năm 2008)". */
export function parseLawTitle(text: string, folded: string, typeWord: TypeWordMatch): { title: string; year: number; end: number } | undefined {
  const words: { start: number; end: number }[] = [];
  let p = typeWord.end;
  for (let i = 0; i < 12; i++) {
    const sep = matchAt(i === 0 ? /\s+/y : /\s+|,\s+/y, text, p);
    if (!sep) return undefined;
    const q = p + sep[0].length;
    if (words.length > 0 && !sep[0].includes(',')) {
      const y = matchAt(/\(\s*(?:năm\s+|nam\s+)?((?:19|20)\d{2})\s*\)|(?:năm\s+|nam\s+)?((?:19|20)\d{2})(?![\p{L}\p{N}])(?![.,]\d)/uy, text, q);
      if (y) {
        const year = Number(y[1] ?? y[2]);
        if (!isValidYear(year)) return undefined;
        const title = text
          .slice(words[0].start, words[words.length - 1].end)
          .replace(/[,;]/g, ' ')
          .replace(/\s+/g, ' ')
          .trim();
        return { title: title[0].toUpperCase() + title.slice(1), year, end: q + y[0].length };
      }
    }
    const w = matchAt(/[\p{L}\p{M}]+/uy, text, q);
    if (!w) return undefined;
    const f = folded.slice(q, q + w[0].length);
    const ek = exactKey(w[0]);
    if (LAW_STOP_WORDS.has(ek)) return undefined;
    if (i > 0) {
      const next = matchAt(/\s+([\p{L}\p{M}]+)/uy, text, q + w[0].length);
      if (next && LAW_STOP_PAIRS.has(ek + ' ' + exactKey(next[1]))) return undefined;
    }
    if (i === 0) {
      if (LAW_TITLE_BAD_FIRST.has(f)) return undefined;
      // Lower-case "luật" needs a capitalised title ("luật Đất đai 2013"), else it is
      // too often the common noun ("vi phạm luật giao thông năm 2016").
      if (!typeWord.capitalized && !/\p{Lu}/u.test(w[0][0])) return undefined;
    }
    words.push({ start: q, end: q + w[0].length });
    p = q + w[0].length;
  }
  return undefined;
}

/** Is the law title inside the name of a treaty ("Công ước Liên hợp quốc về Luật Biển năm 1982")? */
export function insideTreatyName(folded: string, start: number): boolean {
  const before = folded.slice(Math.max(0, start - 80), start);
  const clause = before.split(/[.;:!?()"“”]/).pop() ?? '';
  return /(?:cong uoc|hiep uoc|hiep dinh|cong ước)[^,]*\sve\s+$/.test(clause);
}
