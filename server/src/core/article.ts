/**
 * Finds the article in a scraped news page: title, date, source URL and the body lines,
 * leaving out site navigation, "Cùng chủ đề" / "Mới nhất" / related-article lists,
 * widgets and counters. Everything is returned as offsets into the text it was given, so
 * the caller can map them back to the original file.
 *
 * The rules are line based because scraped pages keep one block element per line.
 */

export interface Span {
  start: number;
  end: number;
}

export interface Article {
  title: string;
  titleSpan: Span;
  /** The article date as written ("14/12/2021"), when the page gives one near the top. */
  date?: string;
  /** ISO form of `date` (yyyy-mm-dd). */
  isoDate?: string;
  /** From a "Nguồn: <url or site>" line. */
  source?: string;
  /** Content lines (title first), in order; boilerplate lines are not in here. */
  body: Span[];
}

interface Line extends Span {
  text: string;
}

/** Lines that end the article: what follows is related links, ratings or site furniture. */
const END_MARKERS = [
  /^Nguồn\s*:/i,
  /^(Cùng chủ đề|Mới nhất|Tin liên quan|Bài liên quan|Tin cùng chuyên mục|Tin khác|Tin mới|Đọc thêm|Xem thêm|Xem tiếp|Các tin khác|Tin bài liên quan|Có thể bạn quan tâm|Từ khóa|Từ khoá|Tags?)\s*:?\s*$/i,
  /^Tác giả\s*:/i,
  /^Tổng số điểm của bài viết/i,
];

/** Lines before the title that are navigation, not the title. */
const NAVIGATION = /^(Trang chủ|Back to|Home\b)/i;
const DATE = /\b(\d{1,2})[/-](\d{1,2})[/-](\d{4})\b/;
/** A line that is only a date/time stamp, e.g. "10:08 | 13/12/2021", "Thứ ba - 19/12/2023 16:44". */
const DATE_LINE = /^[\p{L}\s,|:-]{0,20}\d{1,2}[:/]\d{1,2}.{0,40}$/u;
const LETTER_WORD = /\p{L}{2,}/gu;

export function extractArticle(text: string): Article {
  const lines = splitLines(text);
  const titleIndex = findTitle(lines);
  const titleLine = lines[titleIndex] ?? { start: 0, end: 0, text: '' };
  const date = findDate(lines, titleIndex);
  const { body, source } = collectBody(lines, titleIndex);
  return {
    title: titleLine.text.trim(),
    titleSpan: trimSpan(titleLine),
    date: date?.text,
    isoDate: date?.iso,
    source,
    body,
  };
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    const i = nl < 0 ? text.length : nl;
    let end = i;
    if (end > start && text.charCodeAt(end - 1) === 13) end--;
    lines.push({ start, end, text: text.slice(start, end) });
    if (nl < 0) return lines;
    start = nl + 1;
  }
}

/** How many words of two or more letters `s` has, counting no further than `limit`. */
function letterWordCount(s: string, limit: number): number {
  LETTER_WORD.lastIndex = 0;
  let n = 0;
  while (n < limit && LETTER_WORD.exec(s) !== null) n++;
  return n;
}

/** The first line near the top that reads like a headline. */
function findTitle(lines: Line[]): number {
  const limit = Math.min(lines.length, 15);
  for (let i = 0; i < limit; i++) {
    const t = lines[i].text.trim();
    if (!t || NAVIGATION.test(t) || /(\.\.\.|…)$/.test(t) || DATE_LINE.test(t) || t.startsWith('(')) continue;
    const n = letterWordCount(t, 61);
    if (n >= 4 && n <= 60) return i;
  }
  return lines.findIndex((l) => l.text.trim().length > 0);
}

/**
 * The article date: any date above the title (bylines and time stamps sit there), or a
 * line below it that is only a date stamp ("Thứ ba - 19/12/2023 16:44"). A date inside
 * the lead's prose ("(1/11/1949-1/11/2024)") is not the article's.
 */
function findDate(lines: Line[], titleIndex: number): { text: string; iso: string } | undefined {
  const limit = Math.min(lines.length, Math.max(titleIndex, 0) + 6);
  for (let i = 0; i < limit; i++) {
    if (i > titleIndex && !DATE_LINE.test(lines[i].text.trim())) continue;
    const m = DATE.exec(lines[i].text);
    if (!m) continue;
    const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (d < 1 || d > 31 || mo < 1 || mo > 12) continue;
    return { text: m[0], iso: `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}` };
  }
  return undefined;
}

/**
 * Body: from the title to the first end marker. Inside it, lines that carry no prose are
 * dropped: image file names, "Chú thích ảnh", single words, a related-article widget that
 * prints its headline twice on one line, and exact repeats of an earlier line.
 */
function collectBody(lines: Line[], titleIndex: number): { body: Span[]; source?: string } {
  const body: Span[] = [];
  const seen = new Set<string>();
  let source: string | undefined;
  for (let i = Math.max(titleIndex, 0); i < lines.length; i++) {
    const line = lines[i];
    const t = line.text.trim();
    if (i > titleIndex && END_MARKERS.some((re) => re.test(t))) {
      const m = /^Nguồn\s*:\s*(\S.*)$/i.exec(t);
      if (m) source = m[1].trim();
      break;
    }
    if (!t || seen.has(t) || isNoise(t)) continue;
    seen.add(t);
    body.push(trimSpan(line));
  }
  return { body, source };
}

function isNoise(t: string): boolean {
  if (letterWordCount(t, 2) < 2) return true;
  if (/^(Chú thích ảnh|Ảnh minh họa|Ảnh minh hoạ)$/i.test(t)) return true;
  if (isDoubledHeadline(t)) return true;
  return false;
}

/** "X Y X Y" where the line is one headline printed twice (a related-link widget). */
function isDoubledHeadline(t: string): boolean {
  if (t.length < 20) return false;
  const half = Math.floor(t.length / 2);
  for (let cut = half - 2; cut <= half + 2; cut++) {
    const a = t.slice(0, cut).trim();
    const b = t.slice(cut).trim();
    if (a.length > 10 && a === b) return true;
  }
  return false;
}

function trimSpan(line: Line): Span {
  const lead = line.text.length - line.text.trimStart().length;
  const trail = line.text.length - line.text.trimEnd().length;
  return { start: line.start + lead, end: Math.max(line.start + lead, line.end - trail) };
}
