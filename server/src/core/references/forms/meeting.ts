/**
 * Reader of meeting-named forms: "Nghị quyết Trung ương 4 (khóa XI)", "Nghị quyết Đại hội XIII".
 */
import { ORDINAL_WORDS, termRoman } from '../numbers';
import { matchAt } from '../symbols';

export const TERM_AFTER = /(?:\s+|\s*,\s*|\s*\(\s*)khoa\s+([ivxlc]+|\d{1,2})(?![\p{L}\p{N}])(\s*\))?/uy;

/** "Trung ương 4 (khóa XI)", "Hội nghị Trung ương 8 khóa XII", "Đại hội lần thứ XIII" after "Nghị quyết". */
export function parseMeeting(text: string, folded: string, p: number): { meeting: string; term?: string; end: number; extraTerms: { start: number; end: number; term: string }[] } | undefined {
  const tw = matchAt(
    /\s+(?:hoi nghi\s+)?(?:(?:lan thu\s+)?(\d{1,2}|muoi (?:mot|hai|ba|bon|lam|sau|bay|tam|chin)|nhat|hai|ba|tu|nam|sau|bay|tam|chin|muoi)\s+ban chap hanh\s+trung uong(?:\s+dang)?|(trung uong|t\.u|tu|tw|t\.w)\s*(?:lan thu\s+)?(\d{1,2}|muoi (?:mot|hai|ba|bon|lam|sau|bay|tam|chin)|nhat|hai|ba|tu|nam|sau|bay|tam|chin|muoi))(?![\p{L}\p{N}])/uy,
    folded,
    p,
  );
  if (tw) {
    const spelled = tw[1] ?? tw[3];
    const n = /^\d+$/.test(spelled) ? Number(spelled) : ORDINAL_WORDS[spelled];
    if (tw[2] !== undefined) {
      // "TƯ"/"T.Ư"/"TW" must be upper case in the text; "tu" alone is a common word.
      const orig = text.slice(p, p + tw[0].length).trim().replace(/^\S+\s+\S+\s+(?=\S)/u, (h) => (/^h/i.test(h) ? '' : h));
      if (tw[2] !== 'trung uong' && !/^(?:TƯ|T\.Ư|TW|T\.W)/u.test(orig)) return undefined;
      // A spelled ordinal needs "lần thứ" ("Trung ương tư" is not a plenum).
      if (!/^\d+$/.test(spelled) && !/lan thu/.test(tw[0])) return undefined;
    }
    if (!n || n > 20) return undefined;
    let end = p + tw[0].length;
    let term: string | undefined;
    const t = matchAt(TERM_AFTER, folded, end);
    if (t) {
      const roman = termRoman(t[1]);
      const opened = /\(/.test(t[0]);
      if (roman && (!opened || t[2])) {
        term = roman;
        end += t[0].length;
      }
    }
    const extraTerms: { start: number; end: number; term: string }[] = [];
    if (term) {
      // "Nghị quyết Trung ương 4 khóa XI, khóa XII": the second is its own (elliptical) mention.
      let q = end;
      for (;;) {
        const e = matchAt(/\s*(?:,\s*(?:va\s+)?|\s+va\s+)(khoa\s+([ivxlc]+|\d{1,2}))(?![\p{L}\p{N}])/uy, folded, q);
        if (!e) break;
        const roman = termRoman(e[2]);
        if (!roman) break;
        const s = q + e[0].length - e[1].length;
        extraTerms.push({ start: s, end: q + e[0].length, term: roman });
        q += e[0].length;
      }
    }
    return { meeting: `TW${n}`, term, end, extraTerms };
  }
  const dh = matchAt(
    /\s+dai hoi\s+(?:(?:dai bieu\s+)?(?:dang\s+)?(?:(?:cong san viet nam|toan quoc)\s+)?)?(?:lan thu\s+)?([ivxlc]+|\d{1,2})(?![\p{L}\p{N}])/uy,
    folded,
    p,
  );
  if (dh) {
    const term = termRoman(dh[1]);
    if (!term) return undefined;
    // Roman numerals written in capitals ("XIII"), as the Congress is always named.
    const raw = text.slice(p + dh[0].length - dh[1].length, p + dh[0].length);
    if (/^[ivxlc]+$/.test(raw)) return undefined;
    return { meeting: 'ĐH', term, end: p + dh[0].length, extraTerms: [] };
  }
  return undefined;
}

/**
 * After "Nghị quyết Đại hội X": a provincial congress ("... Đảng bộ thành phố") or another
 * party ("của Đảng Nhân dân Cách mạng Lào") — not the national Congress of the CPV.
 */
export function otherPartyAfter(foldedAfter: string): boolean {
  if (/^\s*\)?\s*,?\s*(?:cua\s+)?(?:dang bo|doan|cong doan|hoi)(?![a-z])/.test(foldedAfter)) return true;
  const party = /^\s*\)?\s*(?:cua\s+)?dang\s+([a-z ]{0,40})/.exec(foldedAfter);
  if (party && /^(?:cong san|nhan dan|lao dong|xa hoi|dan chu)/.test(party[1]) && !/^cong san viet nam/.test(party[1])) return true;
  return false;
}
