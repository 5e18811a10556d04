/**
 * PDF through Mozilla's pdf.js (the `unpdf` build of it: no DOM or canvas needed, worker
 * inlined, so it bundles into one file for an index worker thread). The text layer is read
 * page by page and put in reading order here (layout.ts): lines from baselines, two
 * columns from the gutter between them, paragraphs from line spacing, hyphenation and
 * line breaks joined.
 *
 * Refused with a reason: an encrypted file, a damaged one, and one with no text layer at
 * all (a scan).
 */
import { layoutPage, PdfItem } from './pdfLayout';
import { Block, Extracted, UnreadableFile } from './types';

export async function convert(bytes: Uint8Array): Promise<Extracted> {
  // pdf.js takes ownership of (and detaches) the buffer it is given: hand it a copy.
  const data = new Uint8Array(bytes);
  // A dynamic import: unpdf/pdfjs is an ES module only (esbuild bundles it either way).
  const { getDocument } = await import('unpdf/pdfjs');
  const task = getDocument({ data, useSystemFonts: false, disableFontFace: true, verbosity: 0, stopAtErrors: false });
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (e) {
    await task.destroy().catch(() => undefined);
    throw new UnreadableFile(pdfError(e));
  }
  try {
    const blocks: Block[] = [];
    let chars = 0;
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const { width } = page.getViewport({ scale: 1 });
      const content = await page.getTextContent();
      const items: PdfItem[] = [];
      for (const it of content.items) {
        if (!('str' in it) || !it.str.trim()) continue;
        const size = Math.hypot(it.transform[2], it.transform[3]) || it.height || 10;
        items.push({ str: it.str, x: it.transform[4], y: it.transform[5], width: it.width, size });
        chars += it.str.length;
      }
      for (const p of layoutPage(items, width)) blocks.push({ ...p, page: n });
      page.cleanup();
    }
    if (chars === 0) throw new UnreadableFile(`it has no text layer (${doc.numPages === 1 ? 'a page' : `${doc.numPages} pages`} of images only: a scan?); run OCR on it to index it`);
    return { blocks, pages: doc.numPages };
  } catch (e) {
    if (e instanceof UnreadableFile) throw e;
    throw new UnreadableFile(pdfError(e));
  } finally {
    await task.destroy().catch(() => undefined);
  }
}

function pdfError(e: unknown): string {
  const name = (e as { name?: string })?.name ?? '';
  const m = e instanceof Error ? e.message : String(e);
  if (name === 'PasswordException' || /password/i.test(m)) return 'it is encrypted (password-protected)';
  if (name === 'InvalidPDFException' || /invalid pdf|xref|startxref|unexpected end/i.test(m)) return `it is damaged or not a PDF (${m})`;
  return `it cannot be read as a PDF (${m})`;
}
