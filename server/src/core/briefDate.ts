/**
 * The date a brief speaks from, for checks that depend on time (outdated-name):
 *  1. the standard date line of Vietnamese documents: "Hà Nội, ngày 5 tháng 12 năm 2026"
 *     (a place, a comma, then the date; the first such line wins);
 *  2. else a front-matter field `date:` (YAML between "---" lines at the top), written
 *     2026-12-05, 5/12/2026 or 5-12-2026 (day first, as Vietnamese text writes it);
 *  3. else today, which the caller passes in: core code never reads the clock.
 */

export type BriefDateSource = 'date-line' | 'front-matter' | 'today';

export interface BriefDate {
  /** YYYY-MM-DD */
  date: string;
  source: BriefDateSource;
  /** Offsets of what the date was read from (not for 'today'). */
  range?: { start: number; end: number };
}

const DATE_LINE = /^[ \t>*_#]*\p{Lu}[\p{L}\p{M}.\s-]{0,40}?,\s*ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})/gmu;
const FRONT_MATTER = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;
const DATE_FIELD = /^date[ \t]*:[ \t]*["']?([^"'\r\n#]+?)["']?[ \t]*(?:#.*)?$/m;

/** `today` is YYYY-MM-DD (the caller's clock). */
export function briefDate(text: string, today: string): BriefDate {
  for (const m of text.matchAll(DATE_LINE)) {
    const iso = isoDate(+m[3], +m[2], +m[1]);
    if (iso) return { date: iso, source: 'date-line', range: { start: m.index!, end: m.index! + m[0].length } };
  }
  const fm = FRONT_MATTER.exec(text);
  if (fm) {
    const field = DATE_FIELD.exec(fm[1]);
    if (field) {
      const iso = parseDateValue(field[1].trim());
      if (iso) {
        const start = fm.index + fm[0].indexOf(fm[1]) + field.index;
        return { date: iso, source: 'front-matter', range: { start, end: start + field[0].length } };
      }
    }
  }
  return { date: today, source: 'today' };
}

/** 2026-12-05 (ISO, also with a time after it), 5/12/2026, 05-12-2026, 5.12.2026. */
export function parseDateValue(value: string): string | undefined {
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T\s].*)?$/.exec(value);
  if (m) return isoDate(+m[1], +m[2], +m[3]);
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value);
  if (m) return isoDate(+m[3], +m[2], +m[1]);
  return undefined;
}

function isoDate(year: number, month: number, day: number): string | undefined {
  if (month < 1 || month > 12 || day < 1 || year < 1900 || year > 2200) return undefined;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > days) return undefined;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
