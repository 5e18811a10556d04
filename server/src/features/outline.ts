/**
 * Outline of the live buffer (textDocument/documentSymbol): the headings of a brief, nested,
 * or the title, date, source and sections of a corpus page.
 *
 * Brief headings:
 *  - Markdown `#` headings (and setext `===` / `---` underlines);
 *  - Vietnamese legal divisions: "Phần I" / "PHẦN THỨ NHẤT", "Chương II", "Mục 1", "Tiết 2",
 *    "Điều 5." (each followed by its title, or alone on the line);
 *  - numbering: "A.", "I.", "1.", "1.1.", "a)" at the start of a line. Roman numerals and the
 *    legal divisions are always headings; "A.", "1." and "a)" only when the line reads like a
 *    title (short, not a sentence), so numbered paragraphs and list items stay out.
 * Nesting: Markdown headings by level; the rest by a fixed rank (Phần > Chương > Mục > Tiết >
 * Điều > A. > I. > 1. > 1.1. > a)), inside the enclosing Markdown heading. A section runs from
 * its heading to the last non-blank line before the next heading of the same or higher rank.
 *
 * Markdown files: mode 'all' (the server's default: Neovim, Helix and Emacs have no Markdown
 * outline of their own) gives everything; VS Code's built-in Markdown outline already gives
 * `#` headings, so the VS Code extension sends 'numbering', which leaves them out (their
 * numbered children move up a level); 'off' gives nothing. Plain text and corpus pages
 * always get everything.
 *
 * Pure: offsets are UTF-16 offsets into the open document's text (the live buffer).
 */
import { analyzeDocument, DocumentAnalysis } from '../core/analyze';
import type { CorpusDocument, CorpusIndex } from '../core/corpusIndex';
import { LineIndex } from '../core/lineIndex';
import type { FeatureContext, OffsetRange, OpenDocument } from './context';
import { corpusVersion } from './quoteHover';

export type OutlineMarkdownMode = 'numbering' | 'all' | 'off';

export type HeadingStyle =
  | 'markdown'
  | 'part'
  | 'chapter'
  | 'section'
  | 'subsection'
  | 'article'
  | 'upper-letter'
  | 'roman'
  | 'arabic'
  | 'letter'
  /** corpus pages */
  | 'title'
  | 'date'
  | 'source'
  | 'subhead';

export interface OutlineNode {
  name: string;
  detail?: string;
  style: HeadingStyle;
  /** Markdown level (1-6) or numbering depth (1.1.1 is 3); 1 otherwise. */
  level: number;
  /** The whole section: heading line start to the end of its last non-blank line. */
  range: OffsetRange;
  /** The heading text itself (inside `range`). */
  selectionRange: OffsetRange;
  children: OutlineNode[];
}

export interface OutlineOptions {
  /** The document is Markdown (language id or file extension). */
  markdown: boolean;
  /** What to give for Markdown documents (default 'all'). */
  markdownMode?: OutlineMarkdownMode;
}

/** Whether a document is Markdown, from its language id (when the client says) or its URI. */
export function isMarkdown(uri: string, languageId?: string): boolean {
  if (languageId) return languageId === 'markdown';
  return /\.(md|markdown|mdx)$/i.test(uri.replace(/[?#].*$/, ''));
}

export function outline(ctx: FeatureContext, doc: OpenDocument, options: OutlineOptions): OutlineNode[] {
  const corpusDoc = corpusDocumentFor(ctx.corpus, doc.uri);
  if (corpusDoc) return corpusOutline(doc);
  if (options.markdown && options.markdownMode === 'off') return [];
  const nodes = briefOutline(doc.text, { markdown: options.markdown });
  if (options.markdown && (options.markdownMode ?? 'all') === 'numbering') return withoutMarkdownHeadings(nodes);
  return nodes;
}

// ---------------------------------------------------------------------------------------
// Heading lines

interface Line {
  /** 0-based line number. */
  index: number;
  start: number;
  /** End of the line's text (before \r\n). */
  end: number;
  text: string;
}

export interface HeadingMatch {
  style: HeadingStyle;
  level: number;
  /** The numbering or division marker as written ("I.", "1.2.", "a)", "Chương II"); '' for Markdown. */
  marker: string;
  title: string;
}

const RANK: Partial<Record<HeadingStyle, number>> = {
  part: 10,
  chapter: 20,
  section: 30,
  subsection: 35,
  article: 40,
  'upper-letter': 50,
  roman: 60,
  arabic: 70,
  letter: 90,
  subhead: 95,
};

function rankOf(h: { style: HeadingStyle; level: number }): number {
  const r = RANK[h.style] ?? 100;
  return h.style === 'arabic' ? r + (h.level - 1) * 5 : r;
}

const DIVISIONS: Array<[RegExp, HeadingStyle]> = [
  [/^phần$/iu, 'part'],
  [/^chương$/iu, 'chapter'],
  [/^mục$/iu, 'section'],
  [/^tiết$/iu, 'subsection'],
  [/^điều$/iu, 'article'],
];
const DIVISION_LINE =
  /^(Phần|PHẦN|Chương|CHƯƠNG|Mục|MỤC|Tiết|TIẾT|Điều|ĐIỀU)\s+((?:thứ|THỨ|Thứ)\s+\p{L}+(?:\s+\p{L}+)?|[IVXLC]+|\d{1,3}[a-zđ]?)(?=$|[\s.:)\-–—])\s*([.:)\-–—])?\s*(.*)$/u;
const ORDINAL_WORDS = /^(nhất|hai|ba|bốn|tư|năm|sáu|bảy|tám|chín|mười|mười một|mười hai)$/iu;
const ROMAN_NUMERAL = /^(?=[IVXLC])(?:X{0,3})(?:IX|IV|V?I{0,3})$|^(?=[IVXLC])L?X{0,3}(?:IX|IV|V?I{0,3})$/;
const ROMAN_LINE = /^([IVXLC]{1,6})\s*([.)]|\s[-–—])\s*(\S.*)$/u;
const UPPER_LETTER_LINE = /^([A-ZĐ])\.\s+(\S.*)$/u;
const ARABIC_LINE = /^(\d{1,2}(?:\.\d{1,2})*)(\.|\))?\s+(\S.*)$/u;
const LETTER_LINE = /^([a-zđ])\)\s+(\S.*)$/u;

/** Classifies one line (already trimmed, NFC); undefined when it is not a heading. */
export function matchHeading(raw: string, markdown: boolean): HeadingMatch | undefined {
  const atx = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/.exec(raw);
  if (atx) {
    const title = stripEmphasis(atx[2] ?? '');
    if (!title) return undefined;
    return { style: 'markdown', level: atx[1].length, marker: '', title };
  }
  const line = stripEmphasis(markdown ? raw.replace(/^>\s*/, '') : raw);
  if (!line) return undefined;

  const div = DIVISION_LINE.exec(line);
  if (div) {
    const style = DIVISIONS.find(([re]) => re.test(div[1]))![1];
    const num = div[2];
    if (/^thứ/iu.test(num) && !ORDINAL_WORDS.test(num.replace(/^thứ\s+/iu, ''))) return undefined;
    if (/^[IVXLC]+$/.test(num) && !ROMAN_NUMERAL.test(num)) return undefined;
    const sep = div[3];
    const title = div[4].trim();
    // "Điều 5 của Luật ..." in running text is not a heading: a separator, nothing, or a title-like rest
    if (!sep && title && !titleLike(title, 100)) return undefined;
    return { style, level: 1, marker: `${div[1]} ${num}${sep && /[.:)]/.test(sep) ? sep : ''}`, title };
  }
  const roman = ROMAN_LINE.exec(line);
  if (roman && ROMAN_NUMERAL.test(roman[1])) {
    const title = roman[3].trim();
    if (title.length > 200 || /[;,]$/.test(title)) return undefined;
    return { style: 'roman', level: 1, marker: `${roman[1]}${roman[2].trim() === ')' ? ')' : '.'}`, title };
  }
  const upper = UPPER_LETTER_LINE.exec(line);
  if (upper && titleLike(upper[2], 100)) return { style: 'upper-letter', level: 1, marker: `${upper[1]}.`, title: upper[2].trim() };
  const arabic = ARABIC_LINE.exec(line);
  if (arabic && (arabic[2] || arabic[1].includes('.')) && /^[\p{L}“"*_(]/u.test(arabic[3]) && titleLike(arabic[3], 100)) {
    const depth = arabic[1].split('.').length;
    return { style: 'arabic', level: depth, marker: `${arabic[1]}${arabic[2] ?? ''}`, title: arabic[3].trim() };
  }
  const letter = LETTER_LINE.exec(line);
  if (letter && titleLike(letter[2], 100)) return { style: 'letter', level: 1, marker: `${letter[1]})`, title: letter[2].trim() };
  return undefined;
}

/** A title, not a sentence: short, no list punctuation at the end, not a long sentence ending in ".". */
function titleLike(text: string, maxLength: number): boolean {
  const t = stripEmphasis(text.trim());
  if (!t || t.length > maxLength) return false;
  if (/[;,]$/.test(t)) return false;
  const words = t.split(/\s+/).length;
  if (/[.!?…]$/.test(t) && words > 10) return false;
  // two sentences
  if (/[.!?]\s+\p{Lu}/u.test(t) && words > 8) return false;
  return true;
}

function stripEmphasis(s: string): string {
  let t = s.trim();
  for (let i = 0; i < 3; i++) {
    const m = /^(\*\*|__|\*|_)(.+)\1$/.exec(t);
    if (!m) break;
    t = m[2].trim();
  }
  // "**I. Bối cảnh**:" or "**1.** Bối cảnh"
  t = t.replace(/^(\*\*|__)([^*_]+)\1\s*/, '$2 ').replace(/(\*\*|__)$/, '');
  return t.replace(/\s+/g, ' ').trim();
}

// ---------------------------------------------------------------------------------------
// Briefs

export function briefOutline(text: string, options: { markdown: boolean }): OutlineNode[] {
  const lines = splitLines(text);
  const roots: OutlineNode[] = [];
  const stack: OutlineNode[] = [];
  let lastContentEnd = 0;
  let fence: string | undefined;
  let inFrontMatter = false;

  const close = (until: (top: OutlineNode) => boolean) => {
    while (stack.length > 0 && until(stack[stack.length - 1])) {
      const n = stack.pop()!;
      n.range.end = Math.max(n.selectionRange.end, lastContentEnd);
    }
  };
  const open = (node: OutlineNode) => {
    if (node.style === 'markdown') close((top) => top.style !== 'markdown' || top.level >= node.level);
    else close((top) => top.style !== 'markdown' && rankOf(top) >= rankOf(node));
    (stack.length > 0 ? stack[stack.length - 1].children : roots).push(node);
    stack.push(node);
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const trimmed = line.text.trim();
    // fenced code and front matter hold no headings
    if (options.markdown) {
      if (i === 0 && trimmed === '---') {
        inFrontMatter = true;
        continue;
      }
      if (inFrontMatter) {
        if (trimmed === '---' || trimmed === '...') inFrontMatter = false;
        continue;
      }
      const f = /^ {0,3}(```+|~~~+)/.exec(line.text);
      if (fence) {
        if (f && f[1][0] === fence[0] && f[1].length >= fence.length) fence = undefined;
        if (trimmed) lastContentEnd = line.end;
        continue;
      }
      if (f) {
        fence = f[1];
        lastContentEnd = line.end;
        continue;
      }
    }
    if (!trimmed) continue;
    const nfc = line.text.normalize('NFC');
    let h = matchHeading(nfc.trimEnd(), options.markdown);
    // setext: "Title" over "=====" or "-----"
    const next = lines[i + 1];
    if (!h && next && /^ {0,3}(=+|-+)\s*$/.test(next.text) && next.text.trim().length >= 3 && !/^\s*([-*+]|\d+[.)])\s/.test(line.text)) {
      const level = next.text.trim()[0] === '=' ? 1 : 2;
      h = { style: 'markdown', level, marker: '', title: stripEmphasis(nfc.trim()) };
      const sel = trimmedSpan(line);
      open(node(h, sel, { start: line.start, end: next.end }));
      lastContentEnd = next.end;
      i++;
      continue;
    }
    if (h) {
      const sel = trimmedSpan(line);
      const n = node(h, sel, { start: line.start, end: line.end });
      // a division alone on its line ("CHƯƠNG I") with its title on the next line
      if (!h.title && h.style !== 'markdown' && next && next.text.trim() && !matchHeading(next.text.normalize('NFC').trim(), options.markdown)) {
        const t = next.text.normalize('NFC').trim();
        if (t.length <= 150) n.detail = stripEmphasis(t);
      }
      open(n);
    }
    lastContentEnd = line.end;
  }
  close(() => true);
  return roots;
}

function node(h: HeadingMatch, selection: OffsetRange, range: OffsetRange): OutlineNode {
  const name = h.style === 'markdown' ? h.title : h.title ? `${h.marker} ${h.title}` : h.marker;
  return { name: shorten(name), style: h.style, level: h.level, range: { ...range }, selectionRange: selection, children: [] };
}

function shorten(s: string, max = 120): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1).trimEnd()}…` : t || '…';
}

/** Markdown headings removed, their children moved up in their place. */
function withoutMarkdownHeadings(nodes: OutlineNode[]): OutlineNode[] {
  return nodes.flatMap((n) => (n.style === 'markdown' ? withoutMarkdownHeadings(n.children) : [{ ...n, children: withoutMarkdownHeadings(n.children) }]));
}

// ---------------------------------------------------------------------------------------
// Corpus pages

const analyses = new WeakMap<OpenDocument, DocumentAnalysis>();

/** Title (the whole article), with the date, the "Nguồn:" source and the sections under it. */
export function corpusOutline(doc: OpenDocument): OutlineNode[] {
  let a = analyses.get(doc);
  if (!a) {
    a = analyzeDocument(doc.uri, doc.text, { kind: 'corpus' });
    analyses.set(doc, a);
  }
  const text = doc.text;
  const li = new LineIndex(text);
  const lines = splitLines(text);
  const titleStart = li.offsetAt(a.titleRange.start);
  const titleEnd = li.offsetAt(a.titleRange.end);
  const lastEnd = lastNonBlankEnd(lines);
  const title: OutlineNode = {
    name: shorten(a.title || 'Untitled'),
    style: 'title',
    level: 1,
    range: { start: Math.min(titleStart, firstNonBlankStart(lines)), end: Math.max(lastEnd, titleEnd) },
    selectionRange: { start: titleStart, end: titleEnd },
    children: [],
  };
  const titleLine = a.titleRange.start.line;
  if (a.date) {
    // the first occurrence of the date from the title on (else anywhere)
    let at = text.indexOf(a.date, titleStart);
    if (at < 0) at = text.indexOf(a.date);
    if (at >= 0) {
      const line = lines[li.positionAt(at).line];
      title.children.push(leaf(`Ngày ${a.date}`, 'date', trimmedSpan(line), at, at + a.date.length));
    }
  }
  const bodyLines = new Set(a.body.map((s) => li.positionAt(s.start).line));
  const isBody = (i: number) => bodyLines.has(i);
  // sections: numbered headings and short subheads between body paragraphs
  const stack: OutlineNode[] = [];
  let lastContentEnd = titleEnd;
  const closeTo = (rank: number) => {
    while (stack.length > 0 && rankOf(stack[stack.length - 1]) >= rank) {
      const n = stack.pop()!;
      n.range.end = Math.max(n.selectionRange.end, lastContentEnd);
    }
  };
  for (let i = titleLine + 1; i < lines.length; i++) {
    const line = lines[i];
    if (!isBody(i)) continue;
    const t = line.text.normalize('NFC').trim();
    if (!t || t === a.title) continue;
    let h = matchHeading(t, false);
    if (h && h.style === 'markdown') h = undefined;
    if (!h && isSubhead(t, lines, i, isBody)) h = { style: 'subhead', level: 1, marker: '', title: t };
    if (h) {
      closeTo(rankOf(h));
      const n = node(h, trimmedSpan(line), { start: line.start, end: line.end });
      if (h.style === 'subhead') n.name = shorten(t);
      (stack.length > 0 ? stack[stack.length - 1].children : title.children).push(n);
      stack.push(n);
    }
    lastContentEnd = line.end;
  }
  closeTo(-1);
  const source = lines.find((l) => /^\s*Nguồn\s*:/iu.test(l.text.normalize('NFC')));
  if (source) {
    const sel = trimmedSpan(source);
    title.children.push(leaf(shorten(source.text.trim()), 'source', sel, sel.start, sel.end));
    title.range.end = Math.max(title.range.end, sel.end);
  }
  return [title];
}

/** A short line between paragraphs that reads like a subheading, not a caption, credit or sentence. */
function isSubhead(t: string, lines: Line[], i: number, isBody: (i: number) => boolean): boolean {
  const words = t.split(/\s+/).length;
  if (words < 3 || words > 20 || t.length > 140) return false;
  if (/[.,;:!?)\]…"”]$/.test(t) || /\/\.$/.test(t)) return false;
  if (!/^[\p{Lu}“"]/u.test(t)) return false;
  if (/^(Ảnh|Đồ\s*họa|Nguồn|Theo|Phóng viên|Video|Clip|Tin|Bài)\b/iu.test(t)) return false;
  if (/\d{1,2}[/:]\d{1,2}/.test(t)) return false;
  // a paragraph before it (not an image line or a widget), a paragraph soon after it
  // (a photo caption block may come between)
  const prev = neighbour(lines, i, -1);
  if (prev < 0 || !isBody(prev) || lines[prev].text.trim().length < 150) return false;
  for (let j = i, k = 0; k < 4; k++) {
    j = neighbour(lines, j, +1);
    if (j < 0) return false;
    if (isBody(j) && lines[j].text.trim().length >= 150) return true;
  }
  return false;
}

function neighbour(lines: Line[], i: number, step: number): number {
  for (let j = i + step; j >= 0 && j < lines.length; j += step) if (lines[j].text.trim()) return j;
  return -1;
}

function leaf(name: string, style: HeadingStyle, lineSpan: OffsetRange, start: number, end: number): OutlineNode {
  return { name, style, level: 1, range: { ...lineSpan }, selectionRange: { start, end }, children: [] };
}

// ---------------------------------------------------------------------------------------
// Helpers

/** The corpus document an open URI is, if any (URIs compared after decoding, NFC). */
export function corpusDocumentFor(corpus: CorpusIndex, uri: string): CorpusDocument | undefined {
  const exact = corpus.get(uri);
  if (exact) return exact;
  if (!uri.startsWith('file:')) return undefined;
  const version = corpusVersion(corpus);
  let table = uriTables.get(version);
  if (!table) {
    table = new Map();
    for (const d of corpus.documents()) table.set(canonicalUri(d.uri), d);
    uriTables.set(version, table);
  }
  return table.get(canonicalUri(uri));
}
const uriTables = new WeakMap<object, Map<string, CorpusDocument>>();

function canonicalUri(uri: string): string {
  let u = uri;
  try {
    u = decodeURIComponent(uri);
  } catch {
    // keep as is
  }
  // file:///c:/x and file:///C%3A/x
  return u.normalize('NFC').replace(/^file:\/\/\/([A-Za-z]):/, (_, d: string) => `file:///${d.toLowerCase()}:`);
}

export function splitLines(text: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  let index = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text.charCodeAt(i) === 10) {
      const end = i > start && text.charCodeAt(i - 1) === 13 ? i - 1 : i;
      out.push({ index: index++, start, end, text: text.slice(start, end) });
      start = i + 1;
    }
  }
  return out;
}

function trimmedSpan(line: Line): OffsetRange {
  const lead = line.text.length - line.text.trimStart().length;
  const trail = line.text.length - line.text.trimEnd().length;
  return { start: line.start + lead, end: Math.max(line.start + lead, line.end - trail) };
}

function lastNonBlankEnd(lines: Line[]): number {
  for (let i = lines.length - 1; i >= 0; i--) if (lines[i].text.trim()) return lines[i].end;
  return 0;
}

function firstNonBlankStart(lines: Line[]): number {
  for (const l of lines) if (l.text.trim()) return l.start;
  return 0;
}
