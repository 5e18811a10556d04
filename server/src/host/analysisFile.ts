/**
 * The documents' part of the persisted index (indexCache.ts frames the file):
 *  - the documents table: per document its key (path, size, mtime, content hash), its URI,
 *    its summary and where its rest record is, in binary columns (columns.ts): a warm start
 *    takes the numbers as views of the bytes it read and the paths and hashes as slices of
 *    one decoded string each, so nothing is parsed and no object is made per document
 *    (format 3 held JSON columns: their parse, decoding and garbage were a third of a warm start);
 *  - the titles: UTF-8, one after the other, kept as bytes in memory and decoded when read;
 *  - the sites: definitions, attributions, references and relations of the documents that
 *    have any, one JSON record each (the table says where each ends), with the figures the
 *    status reports of the tables: a warm start files them in the lookup tables after ready
 *    (core/deferredSites.ts), decoding one record at a time;
 *  - the rests: one record per document (analysisCodec.ts), read on demand by positional
 *    reads (`ReaderRecords`, the core's RecordSource) and checked against its own CRC-32.
 */
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import { AnalysisSites, AnalysisSummary, CompactSummary } from '../core/analysisCodec';
import type { RecordSource } from '../core/analysisStore';
import { PendingSites, TableFigures, tableFiguresOf } from '../core/deferredSites';
import { ColumnReader, ColumnWriter } from './columns';

/** Positional reads of one file (or of bytes in memory, for tests and tools). */
export interface ByteReader {
  readonly size: number;
  read(offset: number, length: number): Uint8Array;
  /** Fills `target` with the bytes at `offset` (a file reader: reads into a buffer the caller reuses). */
  readInto?(target: Uint8Array, offset: number): void;
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
  const readInto = (target: Uint8Array, offset: number): void => {
    if (!open) throw new Error('the cache file was closed');
    let n = 0;
    while (n < target.length) {
      const got = fs.readSync(fd, target, n, target.length - n, offset + n);
      if (got === 0) throw new Error(`short read at ${offset + n} of ${file}`);
      n += got;
    }
  };
  return {
    size,
    read(offset, length) {
      const buf = Buffer.allocUnsafe(length);
      readInto(buf, offset);
      return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    },
    readInto,
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
    private readonly rows: Uint32Array,
  ) {}

  get count(): number {
    return this.rows.length / 3;
  }

  /** Where record `row` is in the file (tools, tests). */
  where(row: number): { at: number; length: number } {
    if (!(row >= 0 && row < this.count)) throw new Error(`no record ${row}`);
    return { at: this.base + this.rows[3 * row], length: this.rows[3 * row + 1] };
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

/** One document's sites record. */
type SitesRecord = [AnalysisSites['definitions'], AnalysisSites['attributions'], AnalysisSites['references'], AnalysisSites['relations']];

const enc = new TextEncoder();


/** Flags of a document in the table. */
const RACY = 1;
const BRIEF = 2;

/** The summary fields most documents lack, by row, only where set. */
type Extra = Pick<AnalysisSummary, 'date' | 'isoDate' | 'source' | 'origin'>;

/** The table's rare parts, as JSON: URIs that are not the path's own, the extra summary fields, the skipped files. */
interface TableRare {
  uri: Record<number, string>;
  extra: Record<number, Extra>;
  skipped: [string, number, number, string][];
  /** What the status reports of the tables these sites make (deferredSites.ts). */
  figures: TableFigures;
}

/**
 * The three documents' sections. Rests are fetched one document at a time, with `pause`
 * between slices so the caller can yield to the event loop.
 *
 * The documents table (binary, columns.ts), in this order: the row count and a reserved
 * word; ids (u32); sizes and mtimes (f64); line counts, title ends (where each title ends in
 * the titles section) and title ranges (four numbers: start line, character, end line,
 * character) (u32); the rest records (three u32 per document: offset in the rests section,
 * length, CRC-32); where each document's sites record ends in the sites section (u32; equal
 * to the previous end: none); flags (u8: racy, brief); paths and content hashes (strings);
 * the rare parts (JSON).
 */
export async function encodeDocSections(
  docs: readonly DocRecord[],
  skipped: readonly SkipRecord[],
  pause: () => Promise<void>,
  records?: ReaderRecords,
): Promise<{ docs: Uint8Array; titles: Uint8Array; sites: Uint8Array; rests: Uint8Array[]; rows: Uint32Array }> {
  const n = docs.length;
  const titleRange = new Uint32Array(4 * n);
  const rows = new Uint32Array(3 * n);
  const flags = new Uint8Array(n);
  const sites: Uint8Array[] = [];
  const sitesEnd = new Uint32Array(n);
  let sitesLength = 0;
  const rare: TableRare = {
    uri: {},
    extra: {},
    skipped: skipped.map((s) => [s.path, s.size, s.mtimeMs, s.reason]),
    figures: tableFiguresOf(docs.flatMap((d) => (d.sites ? [d.sites] : []))),
  };
  const rests: Uint8Array[] = [];
  const titles: Uint8Array[] = [];
  const titleEnd = new Uint32Array(n);
  let titlesLength = 0;
  let at = 0;
  for (let i = 0; i < n; i++) {
    const d = docs[i];
    const s = d.summary;
    // Most URIs are the path's own (file:// + path): only the others are written.
    if (d.uri !== `file://${d.path}`) rare.uri[i] = d.uri;
    flags[i] = (d.racy ? RACY : 0) | (s.kind === 'brief' ? BRIEF : 0);
    const title = enc.encode(s.title);
    titles.push(title);
    titleEnd[i] = titlesLength += title.length;
    const r = s.titleRange;
    titleRange.set([r.start.line, r.start.character, r.end.line, r.end.character], 4 * i);
    if (s.date !== undefined || s.isoDate !== undefined || s.source !== undefined || s.origin !== undefined) {
      rare.extra[i] = { date: s.date, isoDate: s.isoDate, source: s.source, origin: s.origin };
    }
    const rest = typeof d.rest === 'function' ? d.rest() : d.rest ?? (records && d.record !== undefined ? records.read(d.record) : undefined);
    if (!rest) throw new Error(`no analysis for ${d.path}`);
    if (at + rest.length > 0xffffffff) throw new Error('the analyses exceed 4 GB');
    rows.set([at, rest.length, zlib.crc32(rest) >>> 0], 3 * i);
    rests.push(rest);
    at += rest.length;
    if (d.sites) {
      const record: SitesRecord = [d.sites.definitions, d.sites.attributions, d.sites.references, d.sites.relations];
      const bytes = enc.encode(JSON.stringify(record));
      sites.push(bytes);
      sitesLength += bytes.length;
    }
    sitesEnd[i] = sitesLength;
    if (i % 500 === 499) await pause();
  }
  const table = new ColumnWriter()
    .u32([n, 0])
    .u32(docs.map((d) => d.id))
    .f64(docs.map((d) => d.size))
    .f64(docs.map((d) => d.mtimeMs))
    .u32(docs.map((d) => d.summary.lineCount))
    .u32(titleEnd)
    .u32(titleRange)
    .u32(rows)
    .u32(sitesEnd)
    .u8(flags)
    .strings(docs.map((d) => d.path))
    .strings(docs.map((d) => d.hash))
    .json(rare)
    .finish();
  const titleBytes = concat(titles, titlesLength);
  return { docs: table, titles: titleBytes, sites: concat(sites, sitesLength), rests, rows };
}

function concat(parts: readonly Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * The documents as read back: the table's columns, one row per document. Nothing is made
 * per document until asked for (restoreBuild reads the columns; `records()` makes the
 * encoder's records, for tools and tests).
 */
export class DocTable {
  constructor(
    readonly ids: Uint32Array,
    readonly sizes: Float64Array,
    readonly mtimes: Float64Array,
    private readonly lineCounts: Uint32Array,
    private readonly titleEnds: Uint32Array,
    private readonly titleRanges: Uint32Array,
    private readonly flags: Uint8Array,
    readonly paths: string[],
    /** `file://` + path, for each row (`uri` says which rows have another). */
    private readonly uris: string[],
    readonly hashes: string[],
    private readonly rare: TableRare,
    private readonly titles: Uint8Array,
    /** The documents' sites records, filed after ready (`pendingSites`). */
    readonly sites: SitesRecords,
  ) {}

  /** What the status reports of the tables the sites make. */
  get figures(): TableFigures {
    return this.rare.figures;
  }

  get length(): number {
    return this.ids.length;
  }

  uri(row: number): string {
    return this.rare.uri[row] ?? this.uris[row];
  }

  racy(row: number): boolean {
    return (this.flags[row] & RACY) !== 0;
  }

  summary(row: number): CompactSummary {
    const r = 4 * row;
    const t = this.titleRanges;
    return new CompactSummary(
      this.flags[row] & BRIEF ? 'brief' : 'corpus',
      { bytes: this.titles, start: row > 0 ? this.titleEnds[row - 1] : 0, end: this.titleEnds[row] },
      { start: { line: t[r], character: t[r + 1] }, end: { line: t[r + 2], character: t[r + 3] } },
      this.lineCounts[row],
      this.rare.extra[row],
    );
  }

  /** Every row as the encoder's record (its rest left in the file: `record` is its row). */
  records(): DocRecord[] {
    const out: DocRecord[] = [];
    for (let i = 0; i < this.length; i++) {
      out.push({ id: this.ids[i], path: this.paths[i], uri: this.uri(i), size: this.sizes[i], mtimeMs: this.mtimes[i], hash: this.hashes[i], racy: this.racy(i), summary: this.summary(i), sites: this.sites.ofRow(i), record: i });
    }
    return out;
  }
}

/** The documents back from their sections (throws on content that does not fit; the caller rebuilds). */
export function decodeDocSections(
  docsBytes: Uint8Array,
  titles: Uint8Array,
  sitesBytes: Uint8Array,
  reader: ByteReader,
  rests: { at: number; length: number },
): { table: DocTable; skipped: SkipRecord[]; records: ReaderRecords } {
  const c = new ColumnReader(docsBytes);
  const n = c.u32(2)[0];
  const ids = c.u32(n);
  const sizes = c.f64(n);
  const mtimes = c.f64(n);
  const lineCounts = c.u32(n);
  const titleEnds = c.u32(n);
  const titleRanges = c.u32(4 * n);
  // A copy: the records outlive the table (and the bytes it is a view of).
  const rows = c.u32(3 * n).slice();
  const sitesEnd = c.u32(n);
  const flags = c.u8(n);
  const { paths, uris } = pathsAndUris(c.strings(n));
  const hashes = c.strings(n);
  const rare = c.json<TableRare>();
  c.end();
  if (n > 0 && titleEnds[n - 1] !== titles.length) throw new Error('the titles section does not match the documents table');
  for (let i = 0; i < rows.length; i += 3) if (rows[i] + rows[i + 1] > rests.length) throw new Error(`the record of ${paths[i / 3]} runs past its section`);
  const records = new ReaderRecords(reader, rests.at, rows);
  if (!rare.figures || !Array.isArray(rare.figures.acronymKeys)) throw new Error('the documents table has no table figures');
  const sites = new SitesRecords(sitesBytes, ids, sitesEnd);
  const table = new DocTable(ids, sizes, mtimes, lineCounts, titleEnds, titleRanges, flags, paths, uris, hashes, rare, titles, sites);
  const skipped = rare.skipped.map((s) => ({ path: s[0], size: s[1], mtimeMs: s[2], reason: s[3] }));
  return { table, skipped, records };
}

/**
 * Each path and its `file://` URI as slices of one string ("file://" + path, one after the
 * other): the index's maps hash a slice as it is, where a URI joined per document is
 * first copied into a string of its own, and 35,000 slices of one string are not 70,000
 * strings for the collector to move.
 */
function pathsAndUris(decoded: readonly string[]): { paths: string[]; uris: string[] } {
  const joined = ['', ...decoded].join('file://');
  const paths: string[] = new Array(decoded.length);
  const uris: string[] = new Array(decoded.length);
  let at = 0;
  for (let i = 0; i < decoded.length; i++) {
    const end = at + 7 + decoded[i].length;
    uris[i] = joined.slice(at, end);
    paths[i] = joined.slice(at + 7, end);
    at = end;
  }
  return { paths, uris };
}

const sitesDecoder = new TextDecoder();

/**
 * The sites section read back: the documents that have sites, in table (id) order, each
 * record decoded when asked for (the core's PendingSites). The bytes are let go once the
 * index has filed every record.
 */
export class SitesRecords implements PendingSites {
  /** Per entry: its table row, its document id, and where its record starts and ends (copies: the table's bytes are let go). */
  private readonly rowOf: Uint32Array;
  private readonly idOf: Uint32Array;
  private readonly starts: Uint32Array;
  private readonly ends: Uint32Array;

  constructor(
    private bytes: Uint8Array,
    ids: Uint32Array,
    sitesEnd: Uint32Array,
  ) {
    let count = 0;
    for (let i = 0, prev = 0; i < sitesEnd.length; prev = sitesEnd[i++]) {
      if (sitesEnd[i] < prev || sitesEnd[i] > bytes.length) throw new Error('a sites record runs past its section');
      if (sitesEnd[i] > prev) count++;
    }
    if (sitesEnd.length > 0 && sitesEnd[sitesEnd.length - 1] !== bytes.length) throw new Error('the sites section does not match the documents table');
    this.rowOf = new Uint32Array(count);
    this.idOf = new Uint32Array(count);
    this.starts = new Uint32Array(count);
    this.ends = new Uint32Array(count);
    for (let i = 0, k = 0, prev = 0; i < sitesEnd.length; prev = sitesEnd[i++]) {
      if (sitesEnd[i] === prev) continue;
      this.rowOf[k] = i;
      this.idOf[k] = ids[i];
      this.starts[k] = prev;
      this.ends[k++] = sitesEnd[i];
    }
  }

  get count(): number {
    return this.rowOf.length;
  }

  id(i: number): number {
    return this.idOf[i];
  }

  sites(i: number): AnalysisSites {
    const parsed = JSON.parse(sitesDecoder.decode(this.bytes.subarray(this.starts[i], this.ends[i]))) as SitesRecord;
    if (!Array.isArray(parsed) || parsed.length !== 4 || !parsed.every(Array.isArray)) throw new Error(`the sites of document ${this.id(i)} are not a sites record`);
    const [definitions, attributions, references, relations] = parsed;
    return { definitions, attributions, references, relations };
  }

  /** The sites of table row `row`, if it has any (tools, tests). */
  ofRow(row: number): AnalysisSites | undefined {
    let lo = 0;
    let hi = this.rowOf.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.rowOf[mid] < row) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.rowOf.length && this.rowOf[lo] === row ? this.sites(lo) : undefined;
  }

  release(): void {
    this.bytes = new Uint8Array(0);
  }
}
