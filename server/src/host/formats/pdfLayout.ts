/**
 * Reading order for one PDF page's text items (pdf.js gives them in content-stream order,
 * which for two-column layouts and some producers is not the order a reader reads):
 *
 * 1. Columns: a vertical gutter in the middle half of the page that no text line crosses
 *    (items spanning it, like a title over both columns, are laid out above or below).
 * 2. Lines: items on one baseline, left to right, a space where there is a gap.
 * 3. Paragraphs: a new one after a gap larger than the usual line spacing or when the
 *    type size changes; a line in larger type than the page's body is a heading.
 * 4. Joining: "inter-" + "operability" → "interoperability" (a hyphen at a line end between
 *    letters, lower case after it); other line breaks become spaces.
 *
 * Pure: items in, blocks out.
 */
import type { Block } from './types';

export interface PdfItem {
  str: string;
  /** Baseline origin, PDF units (y grows upwards). */
  x: number;
  y: number;
  width: number;
  /** Type size. */
  size: number;
}

interface Line {
  items: PdfItem[];
  y: number;
  x0: number;
  x1: number;
  size: number;
  text: string;
}

export function layoutPage(items: PdfItem[], pageWidth: number): Array<Omit<Block, 'page'>> {
  if (items.length === 0) return [];
  const lines = toLines(items);
  const gutter = findGutter(lines, pageWidth);
  let ordered: Line[][];
  if (gutter === undefined) ordered = [lines];
  else {
    const left = lines.filter((l) => l.x1 <= gutter);
    const right = lines.filter((l) => l.x0 >= gutter);
    const spanning = lines.filter((l) => l.x1 > gutter && l.x0 < gutter);
    const top = Math.max(...[...left, ...right].map((l) => l.y));
    ordered = [spanning.filter((l) => l.y > top), left, right, spanning.filter((l) => l.y <= top)];
  }
  const body = bodySize(lines);
  const blocks: Array<Omit<Block, 'page'>> = [];
  for (const group of ordered) blocks.push(...paragraphs(group, body));
  return blocks;
}

/** Items grouped by baseline (top to bottom), each line left to right. */
function toLines(items: PdfItem[]): Line[] {
  const sorted = [...items].sort((a, b) => b.y - a.y || a.x - b.x);
  const groups: PdfItem[][] = [];
  for (const it of sorted) {
    const g = groups[groups.length - 1];
    if (g && Math.abs(g[0].y - it.y) < Math.min(g[0].size, it.size) * 0.5) g.push(it);
    else groups.push([it]);
  }
  const lines: Line[] = [];
  for (const g of groups) {
    g.sort((a, b) => a.x - b.x);
    // Far-apart runs on one baseline are separate lines when they sit in different columns;
    // split at gaps wider than one and a half type sizes (word spaces are a third of one) so
    // findGutter sees them apart.
    let run: PdfItem[] = [];
    for (const it of g) {
      const prev = run[run.length - 1];
      if (prev && it.x - (prev.x + prev.width) > Math.max(prev.size, it.size) * 1.5) {
        lines.push(makeLine(run));
        run = [];
      }
      run.push(it);
    }
    if (run.length) lines.push(makeLine(run));
  }
  return lines;
}

function makeLine(items: PdfItem[]): Line {
  let text = '';
  let end = -Infinity;
  for (const it of items) {
    const gap = it.x - end;
    if (text && gap > it.size * 0.15 && !/\s$/.test(text) && !/^\s/.test(it.str)) text += ' ';
    text += it.str;
    end = it.x + it.width;
  }
  const size = Math.max(...items.map((i) => i.size));
  return { items, y: items[0].y, x0: items[0].x, x1: end, size, text: text.replace(/\s+/g, ' ').trim() };
}

/**
 * The x of a gutter between two columns: a position in the middle half of the page that
 * at most a few lines cross, with at least three lines wholly on each side. Undefined for
 * a one-column page.
 */
function findGutter(lines: Line[], pageWidth: number): number | undefined {
  let best: { x: number; crossing: number } | undefined;
  for (let x = pageWidth * 0.3; x <= pageWidth * 0.7; x += 2) {
    let left = 0;
    let right = 0;
    let crossing = 0;
    for (const l of lines) {
      if (l.x1 <= x) left++;
      else if (l.x0 >= x) right++;
      else crossing++;
    }
    if (left < 3 || right < 3) continue;
    if (crossing > Math.max(2, lines.length * 0.15)) continue;
    if (!best || crossing < best.crossing) best = { x, crossing };
  }
  return best?.x;
}

/** The most common type size, weighted by text length: the page's body text. */
function bodySize(lines: Line[]): number {
  const weight = new Map<number, number>();
  for (const l of lines) {
    const s = Math.round(l.size * 2) / 2;
    weight.set(s, (weight.get(s) ?? 0) + l.text.length);
  }
  let best = 0;
  let bestWeight = -1;
  for (const [s, w] of weight) {
    if (w > bestWeight) {
      best = s;
      bestWeight = w;
    }
  }
  return best;
}

function paragraphs(lines: Line[], body: number): Array<Omit<Block, 'page'>> {
  const sorted = [...lines].sort((a, b) => b.y - a.y || a.x0 - b.x0);
  const gaps: number[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const g = sorted[i - 1].y - sorted[i].y;
    if (g > 0) gaps.push(g);
  }
  gaps.sort((a, b) => a - b);
  // The lower median: with few lines, one paragraph gap must not count as the usual spacing.
  const usual = gaps.length ? gaps[Math.floor((gaps.length - 1) / 2)] : Infinity;
  const out: Array<Omit<Block, 'page'>> = [];
  let text = '';
  let kind: Block['kind'] = 'paragraph';
  let prev: Line | undefined;
  const flush = () => {
    if (text.trim()) out.push({ kind, text: text.trim() });
    text = '';
  };
  for (const line of sorted) {
    const heading = body > 0 && line.size > body * 1.15;
    const lineKind: Block['kind'] = heading ? 'heading' : 'paragraph';
    const newParagraph = !prev || prev.y - line.y > usual * 1.4 || lineKind !== kind || Math.abs(line.size - prev.size) > prev.size * 0.15;
    if (newParagraph) {
      flush();
      kind = lineKind;
      text = line.text;
    } else {
      text = joinLines(text, line.text);
    }
    prev = line;
  }
  flush();
  return out;
}

/** Joins a line to the text before it: a hyphen splitting a word is dropped, other breaks become a space. */
export function joinLines(before: string, line: string): string {
  if (/\p{L}-$/u.test(before) && /^\p{Ll}/u.test(line)) return before.slice(0, -1) + line;
  return `${before} ${line}`;
}
