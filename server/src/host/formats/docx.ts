/**
 * Word 2007+ (.docx) through mammoth: paragraphs, headings, tables, footnotes, endnotes and
 * comments, as mammoth's semantic HTML read back into blocks (htmlBlocks.ts, document
 * mode). Images are not read. The zip is looked at first (zipGuard.ts), so a zip bomb is
 * refused before anything is inflated.
 */
import * as mammoth from 'mammoth';
import { htmlBlocks } from './htmlBlocks';
import { Extracted, UnreadableFile } from './types';
import { checkZipSize } from './zipGuard';

export async function convert(bytes: Uint8Array): Promise<Extracted> {
  checkZipSize(bytes);
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      {
        // Comments are left out by default; this keeps them (as a list after the text).
        styleMap: ['comment-reference => sup'],
        // Never read images: they are not text, and an embedded photo can be megabytes.
        convertImage: mammoth.images.imgElement(async () => ({ src: '' })),
      },
    );
    html = result.value;
  } catch (e) {
    throw new UnreadableFile(wordError(e));
  }
  return { blocks: htmlBlocks(html, 'document').blocks };
}

/** mammoth's (and JSZip's) errors in the words a writer understands. */
function wordError(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  if (/encrypt|password/i.test(m)) return 'it is password-protected';
  if (/zip|central directory|end of data|corrupted/i.test(m)) return `it is damaged or not a Word file (${m})`;
  return `it cannot be read as a Word file (${m})`;
}
