/**
 * Word 97-2003 (.doc) through word-extractor: the body, footnotes, endnotes and comments
 * (annotations) as paragraphs. The binary format has no heading markup that survives
 * extraction, so everything is a paragraph.
 */
import WordExtractor from 'word-extractor';
import { Block, Extracted, UnreadableFile } from './types';

export async function convert(bytes: Uint8Array): Promise<Extracted> {
  let doc: { getBody(): string; getFootnotes(): string; getEndnotes(): string; getAnnotations(): string };
  try {
    doc = await new WordExtractor().extract(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (e) {
    const m = e instanceof Error ? e.message : String(e);
    throw new UnreadableFile(/encrypt|password/i.test(m) ? 'it is password-protected' : `it is damaged or not a Word 97-2003 file (${m})`);
  }
  const blocks: Block[] = [];
  const add = (text: string, kind: Block['kind'], wrap = (s: string) => s) => {
    for (const p of restoreOptionalHyphens(text).split(/\r?\n|\r/)) {
      const t = p.replace(/\s+/g, ' ').trim();
      if (t) blocks.push({ kind, text: wrap(t) });
    }
  };
  add(doc.getBody(), 'paragraph');
  add(doc.getFootnotes(), 'footnote');
  add(doc.getEndnotes(), 'footnote');
  add(doc.getAnnotations(), 'comment', (s) => `(Nhận xét: ${s})`);
  return { blocks };
}

/**
 * word-extractor 1.0.4 turns Word's optional hyphen (stored as 0x1F) into the text
 * "undefined": its table of control characters lists 0x1F for replacement but has no entry
 * for it. Put the soft hyphen (U+00AD) back where that text sits inside a word. It matters
 * beyond hyphenation: in a .VnTime document the soft hyphen's code, 0xAD, is the letter "ư",
 * which Word stores the same way ("®­îc" = "được").
 */
export function restoreOptionalHyphens(text: string): string {
  return text.replace(/(?<=\p{L})undefined|undefined(?=\p{L})/gu, '\u00ad');
}
