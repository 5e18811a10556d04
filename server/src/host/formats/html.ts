/**
 * Saved web pages (.html, .htm): the article text, without scripts, styles, navigation,
 * menus, footers and related-link lists (htmlBlocks.ts), entities decoded, in the charset
 * the page declares: a byte-order mark first, then `<meta charset>` or the http-equiv
 * Content-Type, else UTF-8 (Windows-1258, the old Vietnamese Windows code page, when the
 * bytes are not UTF-8).
 */
import { htmlBlocks } from './htmlBlocks';
import type { Extracted } from './types';

export async function convert(bytes: Uint8Array): Promise<Extracted> {
  const { text, notes } = decodeHtml(bytes);
  const content = htmlBlocks(text, 'article');
  return { blocks: content.blocks, sourceUrl: content.url, notes };
}

/** The page's text in its declared charset. */
export function decodeHtml(bytes: Uint8Array): { text: string; charset: string; notes?: string[] } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), charset: 'utf-8' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), charset: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), charset: 'utf-16be' };
  const declared = declaredCharset(bytes);
  if (declared) {
    try {
      return { text: new TextDecoder(declared).decode(bytes), charset: declared };
    } catch {
      // an unknown label: fall through to the default
    }
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), charset: 'utf-8' };
  } catch {
    const note = declared ? `declares the unknown charset "${declared}"` : 'declares no charset and is not UTF-8';
    return { text: new TextDecoder('windows-1258').decode(bytes), charset: 'windows-1258', notes: [`${note}; read as Windows-1258`] };
  }
}

/** The charset of a `<meta>` in the first 4 KB (the HTML standard's prescan looks at 1 KB; saved pages put long scripts first). */
export function declaredCharset(bytes: Uint8Array): string | undefined {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
  const direct = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head);
  return direct ? direct[1].toLowerCase() : undefined;
}
