/**
 * The documents' part of the persisted index (indexCache.ts frames the file):
 *  - the documents table: per document its key (path, size, mtime, content hash), its URI,
 *    its summary and where its rest record is, as JSON columns (one array per field parses
 *    several times faster than one object per document, and keeps no per-field key); kept
 *    mostly ASCII (a JSON text with one Vietnamese letter decodes and parses as two-byte text);
 *  - the titles: UTF-8, one after the other, kept as bytes in memory and decoded when read;
 *  - the sites: definitions, attributions, references and relations of the documents that
 *    have any (the lookup tables are rebuilt from these alone, never from every analysis);
 *  - the rests: one record per document (analysisCodec.ts), read on demand by positional
 *    reads (`ReaderRecords`, the core's RecordSource) and checked against its own CRC-32.
 */
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import { AnalysisSites, AnalysisSummary, CompactSummary } from '../core/analysisCodec';
import type { RecordSource } from '../core/analysisStore';

/** Positional reads of one file (or of bytes in memory, for tests and tools). */
export interface ByteReader {
  readonly size: number;
  read(offset: number, length: number): Uint8Array;
  close(): void;
}

export function bufferReader(bytes: Uint8Array): ByteReader {
  return { size: bytes.length, read: (offset, length) => bytes.slice(offset, offset + length), close: () => undefined };
}

/** Reads a file by positional reads through one descriptor (kept open while documents read their records from it). */
export function fileReader(file: string): ByteReader {
  const fd = fs.openSync(file, 'r');
  let size: number;
  try {
    size = fs.fstatSync(fd).size;
  } catch (e) {
    fs.closeSync(fd);
    throw e;
  }
  let open = true;
  return {
    size,
    read(offset, length) {
      if (!open) throw new Error('the cache file was closed');
      const buf = Buffer.allocUnsafe(length);
      let n = 0;
      while (n < length) {
        const got = fs.readSync(fd, buf, n, length - n, offset + n);
        if (got === 0) throw new Error(`short read at ${offset + n} of ${file}`);
        n += got;
      }
      return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    },
    close() {
      if (open) fs.closeSync(fd);
      open = false;
    },
  };
}

/**
 * The rest records of one cache file: `base` is where its rests section starts, `rows` holds
 * three numbers per record (offset in the section, length, CRC-32).
 */
export class ReaderRecords implements RecordSource {
  constructor(
    private readonly reader: ByteReader,
    private readonly base: number,
    private readonly rows: Float64Array,
  ) {}

  get count(): number {
    return this.rows.length / 3;
  }

  read(row: number): Uint8Array {
    const offset = this.rows[3 * row];
    const length = this.rows[3 * row + 1];
    if (!(row >= 0 && row < this.count)) throw new Error(`no record ${row}`);
    const bytes = this.reader.read(this.base + offset, length);
    if ((zlib.crc32(bytes) >>> 0) !== this.rows[3 * row + 2]) throw new Error(`record at ${this.base + offset} fails its checksum`);
    return bytes;
  }

  release(): void {
    this.reader.close();
  }
}

/** One indexed file, as written and as read back. `racy`: its mtime was too close to the moment it was read to be trusted alone. */
export interface DocRecord {
  id: number;
  path: string;
  uri: string;
  size: number;
  mtimeMs: number;
  hash: string;
  racy: boolean;
  summary: AnalysisSummary;
  sites?: AnalysisSites;
  /** The encoded rest (analysisCodec.ts); a function when it is read from another file as it is written; none when read back (`record` says where). */
  rest?: Uint8Array | (() => Uint8Array);
  /** Read back: the row of its rest record (ReaderRecords). */
  record?: number;
}

/** A file that was skipped (binary, too large, unreadable); kept so a warm start does not re-read it. */
export interface SkipRecord {
  path: string;
  size: number;
  mtimeMs: number;
  reason: string;
}

interface DocColumns {
  id: number[];
  path: string[];
  uri: string[];
  size: number[];
  mtime: number[];
  hash: string[];
  racy: number[];
  kind: number[];
  /** Where each title ends in the titles section (UTF-8; the previous end is where it starts). */
  titleEnd: number[];
  /** Four numbers per document: start line, character, end line, character. */
  titleRange: number[];
  lineCount: number[];
  /** The optional summary fields, by row, only where set. */
  extra: Record<number, Pick<AnalysisSummary, 'date' | 'isoDate' | 'source' | 'origin'>>;
  /** Three numbers per document: offset in the rests section, length, CRC-32. */
  rest: number[];
  skipped: [string, number, number, string][];
}

type SitesRow = [number, AnalysisSites['definitions'], AnalysisSites['attributions'], AnalysisSites['references'], AnalysisSites['relations']];

const enc = new TextEncoder();

/**
 * The three documents' sections. Rests are fetched one document at a time, with `pause`
 * between slices so the caller can yield to the event loop.
 */
export async function encodeDocSections(
  docs: readonly DocRecord[],
  skipped: readonly SkipRecord[],
  pause: () => Promise<void>,
  records?: ReaderRecords,
): Promise<{ docs: Uint8Array; titles: Uint8Array; sites: Uint8Array; rests: Uint8Array[]; rows: Float64Array }> {
  const c: DocColumns = { id: [], path: [], uri: [], size: [], mtime: [], hash: [], racy: [], kind: [], titleEnd: [], titleRange: [], lineCount: [], extra: {}, rest: [], skipped: [] };
  const sites: SitesRow[] = [];
  const rests: Uint8Array[] = [];
  const titles: Uint8Array[] = [];
  let titlesLength = 0;
  let at = 0;
  for (let i = 0; i < docs.length; i++) {
    const d = docs[i];
    const s = d.summary;
    c.id.push(d.id);
    c.path.push(d.path);
    // Most URIs are the path's own (file:// + path): written as '' (a sixth of the table).
    c.uri.push(d.uri === `file://${d.path}` ? '' : d.uri);
    c.size.push(d.size);
    c.mtime.push(d.mtimeMs);
    c.hash.push(d.hash);
    c.racy.push(d.racy ? 1 : 0);
    c.kind.push(s.kind === 'brief' ? 1 : 0);
    const title = enc.encode(s.title);
    titles.push(title);
    titlesLength += title.length;
    c.titleEnd.push(titlesLength);
    c.titleRange.push(s.titleRange.start.line, s.titleRange.start.character, s.titleRange.end.line, s.titleRange.end.character);
    c.lineCount.push(s.lineCount);
    if (s.date !== undefined || s.isoDate !== undefined || s.source !== undefined || s.origin !== undefined) {
      c.extra[i] = { date: s.date, isoDate: s.isoDate, source: s.source, origin: s.origin };
    }
    const rest = typeof d.rest === 'function' ? d.rest() : d.rest ?? (records && d.record !== undefined ? records.read(d.record) : undefined);
    if (!rest) throw new Error(`no analysis for ${d.path}`);
    c.rest.push(at, rest.length, zlib.crc32(rest) >>> 0);
    rests.push(rest);
    at += rest.length;
    if (d.sites) sites.push([d.id, d.sites.definitions, d.sites.attributions, d.sites.references, d.sites.relations]);
    if (i % 500 === 499) await pause();
  }
  c.skipped = skipped.map((s) => [s.path, s.size, s.mtimeMs, s.reason]);
  const titleBytes = new Uint8Array(titlesLength);
  let t = 0;
  for (const title of titles) {
    titleBytes.set(title, t);
    t += title.length;
  }
  return { docs: enc.encode(JSON.stringify(c)), titles: titleBytes, sites: enc.encode(JSON.stringify(sites)), rests, rows: Float64Array.from(c.rest) };
}

/** The documents back from their sections (throws on content that does not fit; the caller rebuilds). */
export function decodeDocSections(
  docsBytes: Uint8Array,
  titles: Uint8Array,
  sitesBytes: Uint8Array,
  reader: ByteReader,
  rests: { at: number; length: number },
): { docs: DocRecord[]; skipped: SkipRecord[]; records: ReaderRecords } {
  const dec = new TextDecoder();
  const c = JSON.parse(dec.decode(docsBytes)) as DocColumns;
  const n = c.id.length;
  for (const col of [c.path, c.uri, c.size, c.mtime, c.hash, c.racy, c.kind, c.titleEnd, c.lineCount]) if (col.length !== n) throw new Error('document columns of unequal length');
  if (c.titleRange.length !== 4 * n || c.rest.length !== 3 * n) throw new Error('document columns of unequal length');
  if (n > 0 && c.titleEnd[n - 1] !== titles.length) throw new Error('the titles section does not match the documents table');
  const rows = Float64Array.from(c.rest);
  for (let i = 0; i < rows.length; i += 3) if (!(rows[i] >= 0 && rows[i] + rows[i + 1] <= rests.length)) throw new Error(`the record of ${c.path[i / 3]} runs past its section`);
  const records = new ReaderRecords(reader, rests.at, rows);
  const sitesById = new Map<number, AnalysisSites>();
  for (const [id, definitions, attributions, references, relations] of JSON.parse(dec.decode(sitesBytes)) as SitesRow[]) {
    sitesById.set(id, { definitions, attributions, references, relations });
  }
  const docs: DocRecord[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const r = 4 * i;
    const summary = new CompactSummary(
      c.kind[i] === 1 ? 'brief' : 'corpus',
      { bytes: titles, start: i > 0 ? c.titleEnd[i - 1] : 0, end: c.titleEnd[i] },
      { start: { line: c.titleRange[r], character: c.titleRange[r + 1] }, end: { line: c.titleRange[r + 2], character: c.titleRange[r + 3] } },
      c.lineCount[i],
      c.extra[i],
    );
    docs[i] = {
      id: c.id[i],
      path: c.path[i],
      uri: c.uri[i] || `file://${c.path[i]}`,
      size: c.size[i],
      mtimeMs: c.mtime[i],
      hash: c.hash[i],
      racy: c.racy[i] === 1,
      summary,
      sites: sitesById.get(c.id[i]),
      record: i,
    };
  }
  const skipped = c.skipped.map((s) => ({ path: s[0], size: s[1], mtimeMs: s[2], reason: s[3] }));
  return { docs, skipped, records };
}
