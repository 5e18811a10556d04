/**
 * Legacy Vietnamese fonts inside Word and PDF files. A document typeset in a TCVN3
 * (.VnTime) or VNI (VNI-Times) font stores the font's 8-bit codes, which Word and a PDF's
 * text layer report as the Windows-1252 characters of those codes ("Céng hoµ" for "Cộng
 * hoà", "Vieät Nam" for "Việt Nam"). Turned back into those bytes, the text is what a
 * legacy .txt file holds, so the same detector (legacyEncoding.ts) decides and converts.
 *
 * Pure: strings in, strings out.
 */
import { detectLegacyVietnamese, LegacyDecoded } from './legacyEncoding';

const CP1252 = new TextDecoder('windows-1252');
/** Windows-1252 character → byte (the 0x80-0x9F specials included). */
const BYTE_OF = new Map<string, number>();
for (let b = 0; b < 256; b++) BYTE_OF.set(CP1252.decode(Uint8Array.of(b)), b);
// PDF text layers (pdf.js) normalize the micro sign µ (0xB5, "à" in TCVN3) to the Greek μ.
BYTE_OF.set('\u03bc', 0xb5);

/** The Windows-1252 bytes of `s`, or undefined when a character is outside that code page (then it is real Unicode). */
export function windows1252Bytes(s: string): Uint8Array | undefined {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const b = BYTE_OF.get(s[i]);
    if (b === undefined) return undefined;
    out[i] = b;
  }
  return out;
}

export interface LegacyFontResult {
  /** The pieces, those in the legacy font converted. */
  pieces: string[];
  decoded: Omit<LegacyDecoded, 'text'>;
  /** How many pieces were converted. */
  converted: number;
}

/**
 * Finds and converts the pieces (paragraphs) written in a legacy font: those with 8-bit
 * characters and none outside Windows-1252 are read together, so that short lines borrow
 * the evidence of the long ones. Undefined when no legacy font is found.
 */
export function convertLegacyFontText(pieces: readonly string[]): LegacyFontResult | undefined {
  const candidates: number[] = [];
  const bytes: Uint8Array[] = [];
  for (let i = 0; i < pieces.length; i++) {
    if (!/[\u0080-\uffff]/.test(pieces[i]) || pieces[i].includes('\n')) continue;
    const b = windows1252Bytes(pieces[i]);
    if (!b) continue;
    candidates.push(i);
    bytes.push(b);
  }
  if (candidates.length === 0) return undefined;
  const joined = new Uint8Array(bytes.reduce((n, b) => n + b.length + 1, 0));
  let at = 0;
  for (const b of bytes) {
    joined.set(b, at);
    joined[at + b.length] = 10;
    at += b.length + 1;
  }
  const decoded = detectLegacyVietnamese(joined);
  if (!decoded) return undefined;
  const converted = decoded.text.split('\n');
  // Both encodings keep \n as it is; a different count means something else happened: leave the text.
  if (converted.length !== candidates.length + 1) return undefined;
  const out = [...pieces];
  candidates.forEach((p, k) => (out[p] = converted[k]));
  return { pieces: out, decoded: { encoding: decoded.encoding, confidence: decoded.confidence }, converted: candidates.length };
}
