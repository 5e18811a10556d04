/**
 * A look at a zip's central directory before a .docx is inflated: the declared size of
 * every part, so a "zip bomb" (a small file that inflates to gigabytes) is refused before
 * any of it is inflated. Media parts (images) are left out of the sum: the converter does
 * not read them.
 *
 * The layout read here is the zip format's (APPNOTE.TXT 4.3.12, 4.3.16): the end record
 * at the end of the file gives the directory's offset and entry count; each directory
 * entry gives the uncompressed size at offset 24 and the name length at 28.
 */
import { UnreadableFile } from './types';

/** Text parts of a .docx inflating past this are refused (a 1,000-page report is about 10 MB of XML). */
export const MAX_DOCX_XML_BYTES = 64 * 1024 * 1024;

export interface ZipPart {
  name: string;
  size: number;
  packed: number;
}

export function zipParts(bytes: Uint8Array): ZipPart[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end record is in the last 22 + 65,535 bytes (its comment is at most 65,535 bytes).
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new UnreadableFile('it is not a valid Word file (no zip directory; damaged or not a .docx)');
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const parts: ZipPart[] = [];
  for (let n = 0; n < count; n++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) throw new UnreadableFile('it is not a valid Word file (damaged zip directory)');
    const packed = view.getUint32(at + 20, true);
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extra = view.getUint16(at + 30, true);
    const comment = view.getUint16(at + 32, true);
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    parts.push({ name, size, packed });
    at += 46 + nameLength + extra + comment;
  }
  return parts;
}

/** Throws UnreadableFile when the text parts would inflate past `limit`. */
export function checkZipSize(bytes: Uint8Array, limit = MAX_DOCX_XML_BYTES): void {
  let total = 0;
  for (const p of zipParts(bytes)) {
    if (/^word\/media\//.test(p.name)) continue;
    // 0xFFFFFFFF means the size is in a zip64 record: far past any limit here anyway.
    total += p.size;
  }
  if (total > limit) throw new UnreadableFile(`it would expand to ${(total / 1048576).toFixed(0)} MB of text parts, over the ${limit / 1048576} MB limit (a zip bomb, or not a normal document)`);
}
