/**
 * The text rendition of a converted source: a UTF-8 text file kept with the index (under
 * the cache folder) that any LSP client can open, so every location into a Word, PDF or
 * HTML source (hover links, definition, references, search results, citations) points at
 * readable text with exact ranges. It names the original file on its first line, puts a
 * blank line between paragraphs and a "[tr. N]" line before each PDF page, lists footnotes
 * and comments after the text, and ends with "Nguồn: <url>" for a saved web page.
 *
 * The first line is in parentheses and the page markers are too short to be prose, so the
 * article reader (core/article.ts) takes neither for the title or the body.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { convertLegacyFontText } from '../../core/legacyFontText';
import { legacyWarning } from '../../core/legacyEncoding';
import { pageMarker, SourceOrigin } from '../../core/origin';
import type { FormatName } from './index';
import type { Block, Extracted } from './types';

export interface Rendition {
  text: string;
  origin: SourceOrigin;
  /** Legacy-font conversion and other notes for the log. */
  warnings: string[];
}

const FORMAT_LABEL: Record<FormatName, string> = { docx: 'Word', doc: 'Word 97-2003', pdf: 'PDF', html: 'trang web' };

export function renderRendition(file: string, format: FormatName, extracted: Extracted): Rendition {
  const name = path.basename(file);
  const warnings = (extracted.notes ?? []).map((n) => `${file} ${n}`);
  let blocks = extracted.blocks;
  const legacy = convertLegacyFontText(blocks.map((b) => b.text));
  if (legacy) {
    blocks = blocks.map((b, i) => ({ ...b, text: legacy.pieces[i] }));
    warnings.push(legacyWarning(file, { ...legacy.decoded, text: '' }));
  }
  const lines: string[] = [`(Bản văn bản của tệp ${FORMAT_LABEL[format]} «${name}», Policy Lens trích từ ${file} để mọi trình soạn thảo mở được. Tệp gốc là nguồn; các đoạn cách nhau một dòng trống${format === 'pdf' ? ', [tr. N] đánh dấu đầu trang N' : ''}.)`, ''];
  const pageLines: number[] = [];
  const notes: Block[] = [];
  let page = 0;
  for (const b of blocks) {
    if (b.kind === 'footnote' || b.kind === 'comment') {
      notes.push(b);
      continue;
    }
    if (format === 'pdf' && b.page !== undefined) {
      while (page < b.page) {
        page++;
        pageLines.push(lines.length);
        lines.push(pageMarker(page), '');
      }
    }
    lines.push(oneLine(b.text), '');
  }
  // Pages with no text still get their marker, so page numbers stay true.
  while (format === 'pdf' && page < (extracted.pages ?? 0)) {
    page++;
    pageLines.push(lines.length);
    lines.push(pageMarker(page), '');
  }
  const footnotes = notes.filter((n) => n.kind === 'footnote');
  const comments = notes.filter((n) => n.kind === 'comment');
  if (footnotes.length) lines.push('Chú thích', '', ...footnotes.flatMap((n) => [oneLine(n.text), '']));
  if (comments.length) lines.push('Nhận xét trong tệp', '', ...comments.flatMap((n) => [oneLine(n.text), '']));
  if (extracted.sourceUrl) lines.push(`Nguồn: ${oneLine(extracted.sourceUrl)}`, '');
  const origin: SourceOrigin = { file, uri: pathToFileURL(file).href, name, format, ...(format === 'pdf' ? { pageLines } : {}) };
  return { text: lines.join('\n'), origin, warnings };
}

/** One line of the rendition: line breaks become spaces; soft hyphens (invisible, but they split words for search) go, after the legacy-font pass has read them. */
function oneLine(s: string): string {
  return s.replace(/[\r\n\u2028\u2029]+/g, ' ').replace(/\u00ad/g, '').trim();
}

/** Where the rendition of `file` lives in `dir`: a short hash of the path (unique) and the file's name (readable in an editor tab). */
export function renditionPathFor(dir: string, file: string): string {
  const key = createHash('sha1').update(file).digest('hex').slice(0, 10);
  return path.join(dir, `${key}-${path.basename(file)}.txt`);
}

/** Writes atomically (temporary file, then rename), so an editor never opens half a rendition. */
export function writeRendition(target: string, text: string): void {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, target);
}
