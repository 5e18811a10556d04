/**
 * The streaming merge of a cold build's segments into a search file, as Lucene and tantivy
 * merge segments: each segment keeps its terms in key order (parts.ts `partsPieces`), so
 * the merge walks every segment's terms side by side, in key order, and hands out each
 * merged term's postings as soon as they are made. It holds one window of postings per
 * segment, one merged term, the segments' dictionary strings and per-document arrays, and
 * the new file's dictionary as it grows; never a whole segment's postings nor the merged
 * image (the in-memory merge, merge.ts, held both: on the 123 MB corpus ~370 MB).
 *
 * The file is exactly the one `searchFilePieces(mergeShards(segments read back))` writes
 * (same bytes: a property test checks it): the per-term work (spellings in sequential
 * order, postings renumbered and interleaved) is merge.ts's own, and the search file's
 * term ids are key ranks, so the in-memory merge's term numbering never reaches the file.
 *
 * Pure: the segments are read through PostingSource (positional reads the host provides).
 */

import { Checksum, crc32, PostingSource } from './diskPostings';
import { DocumentTable, mergeDocuments, mergeTermSpellings, PostingsMerger, TermFeed, Writer } from './merge';
import { ARRAY_PARTS, segmentLayout, SegmentLayout } from './parts';
import { documentArrays } from './postings';
import { Generation, PostingPieces, searchFileHeader, searchFileTail } from './searchFile';
import { SearchState } from './state';
import { SpellingsWriter, TermKeysWriter } from './termKeys';

export interface SegmentMergeOptions {
  /** The CRC-32 implementation (default the core's loop). */
  checksum?: Checksum;
  /** The file is handed out in pieces of about this many bytes (default 1 MB). */
  pieceBytes?: number;
  /** Postings are read from each segment this many bytes at a time (default 512 KB). */
  readBytes?: number;
}

const READ_BYTES = 512 << 10;
const TERM_SEP = '\n';
const SPELLING_SEP = '\u0001';

/**
 * A merge of segments into one search file: opening it reads every segment's header and
 * document table (throwing on a segment that is not one, or on documents two segments
 * share); `pieces` then streams the file.
 */
export class SegmentMerge {
  /** Documents in the merged file. */
  readonly documents: number;
  private readonly cursors: SegmentCursor[];
  private readonly merged = new SearchState();

  constructor(
    sources: readonly PostingSource[],
    private readonly opts: SegmentMergeOptions = {},
  ) {
    const layouts = sources.map((src, i) => {
      try {
        return segmentLayout((offset, length) => src.read(offset, length), src.size);
      } catch (e) {
        throw new Error(`segment ${i}: ${(e as Error).message}`);
      }
    });
    const tables = sources.map((src, i) => documentTable(src, layouts[i]));
    const ordMaps = mergeDocuments(tables, this.merged);
    this.documents = this.merged.nOrd;
    this.cursors = sources.map((src, i) => new SegmentCursor(src, layouts[i], ordMaps[i], i, opts.readBytes ?? READ_BYTES));
  }

  /** The search file's pieces, in order (its generation: `generation`). Once only: it reads the segments through. */
  *pieces(generation: Generation): Generator<Uint8Array> {
    const checksum = this.opts.checksum ?? crc32;
    const cursors = this.cursors.filter((c) => c.key !== undefined);
    let room = 1024;
    let termOff = new Float64Array(room + 1);
    let termCrc = new Uint32Array(room);
    let termDf = new Int32Array(room);
    let lastOrd = new Int32Array(room);
    const keys = new TermKeysWriter();
    const spellings = new SpellingsWriter();
    const out = new Writer(1 << 16);
    const merger = new PostingsMerger();
    const pieces = new PostingPieces(this.opts.pieceBytes);
    const ready: Uint8Array[] = [];
    const feed: TermFeed[] = [];
    const feeding: SegmentCursor[] = [];
    yield searchFileHeader();
    let at = 0;
    let n = 0;
    while (cursors.length > 0) {
      // The smallest key among the segments' current terms, and the segments that hold it.
      let key = cursors[0].key!;
      for (const c of cursors) if (c.key! < key) key = c.key!;
      feed.length = 0;
      feeding.length = 0;
      for (const c of cursors) {
        if (c.key !== key) continue;
        feeding.push(c);
        feed.push(c.feed());
      }
      const names = mergeTermSpellings(feed);
      out.at = 0;
      merger.merge(feed, out);
      const bytes = out.bytes.subarray(0, out.at);
      if (n === room) {
        room *= 2;
        termOff = grown(termOff, room + 1);
        termCrc = grown(termCrc, room);
        termDf = grown(termDf, room);
        lastOrd = grown(lastOrd, room);
      }
      termOff[n] = at;
      termCrc[n] = checksum(bytes) >>> 0;
      termDf[n] = merger.df;
      lastOrd[n] = merger.last;
      n++;
      at += bytes.length;
      keys.add(key);
      spellings.add(names);
      pieces.add(bytes, ready);
      while (ready.length > 0) yield ready.shift()!;
      for (const c of feeding) {
        c.advance();
        if (c.key === undefined) cursors.splice(cursors.indexOf(c), 1);
      }
    }
    termOff[n] = at;
    pieces.flush(ready);
    yield* ready;
    const all = this.merged;
    const doc = documentArrays(all, Int32Array.from({ length: all.nOrd }, (_, o) => o), all.nOrd);
    yield* searchFileTail(
      {
        generation,
        postingBytes: at,
        keyBlob: keys.result(),
        spellBlob: spellings.result(),
        termOff: termOff.subarray(0, n + 1),
        termCrc: termCrc.subarray(0, n),
        termDf: termDf.subarray(0, n),
        lastOrd: lastOrd.subarray(0, n),
        doc,
        live: all.nOrd,
        liveLen: all.liveLen,
      },
      checksum,
    );
  }
}

function grown<T extends Float64Array | Uint32Array | Int32Array>(a: T, size: number): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}

/** Little-endian int32s read from a source (copied when the read is not 4-aligned). */
function int32sAt(src: PostingSource, offset: number, count: number): Int32Array<ArrayBuffer> {
  if (count === 0) return new Int32Array(0);
  const b = src.read(offset, count * 4);
  return b.byteOffset % 4 === 0 ? new Int32Array(b.buffer as ArrayBuffer, b.byteOffset, count) : new Int32Array(b.slice().buffer as ArrayBuffer);
}

/** A segment's per-document arrays. */
function documentTable(src: PostingSource, layout: SegmentLayout): DocumentTable {
  const array = (name: (typeof ARRAY_PARTS)[number]) => {
    const k = ARRAY_PARTS.indexOf(name);
    return int32sAt(src, layout.arrayAt[k], layout.header.lengths[k]);
  };
  return { nOrd: layout.header.nOrd, ordDoc: array('ordDoc'), docLen: array('docLen'), titleEnd: array('titleEnd'), textLen: array('textLen'), spanOff: array('spanOff'), spanData: array('spanData') };
}

/**
 * One segment's terms, one at a time in key order: the key, its spellings and its stream,
 * read through a window of the postings that moves forward only.
 */
class SegmentCursor {
  /** The current term's key; undefined past the last. */
  key: string | undefined;
  private term = -1;
  private readonly terms: number;
  private readonly keys: string;
  private readonly spellings: string;
  private keyAt = 0;
  private spellAt = 0;
  private names: readonly string[] = [];
  private readonly termOff: Int32Array;
  private window: Uint8Array = new Uint8Array(0);
  /** Offset in the postings of window[0]. */
  private windowAt = 0;

  constructor(
    private readonly src: PostingSource,
    private readonly layout: SegmentLayout,
    private readonly ordMap: Int32Array,
    private readonly index: number,
    private readonly readBytes: number,
  ) {
    const k = ARRAY_PARTS.indexOf('termOff');
    this.termOff = int32sAt(src, layout.arrayAt[k], layout.header.lengths[k]);
    this.terms = Math.max(0, this.termOff.length - 1);
    this.keys = layout.header.keys;
    this.spellings = layout.header.spellings;
    if (this.termOff[this.terms] !== layout.header.postingBytes) throw new Error(`segment ${index}: its terms' postings do not add up`);
    this.advance();
  }

  /** Moves to the next term. Throws when the keys are not in ascending order (not a segment of this version). */
  advance(): void {
    if (++this.term >= this.terms) {
      this.key = undefined;
      return;
    }
    const prev = this.key;
    this.key = this.next(this.keys, this.keyAt, (at) => (this.keyAt = at));
    if (prev !== undefined && !(prev < this.key)) throw new Error(`segment ${this.index}: its terms are not in key order`);
    const line = this.next(this.spellings, this.spellAt, (at) => (this.spellAt = at));
    this.names = line === '' ? [] : line.split(SPELLING_SEP);
  }

  /** The current term's feed (its stream is valid until the next `feed`). */
  feed(): TermFeed {
    const from = this.termOff[this.term];
    const length = this.termOff[this.term + 1] - from;
    if (from < this.windowAt || from + length > this.windowAt + this.window.length) {
      const left = this.layout.header.postingBytes - from;
      this.window = this.src.read(this.layout.postingsAt + from, Math.min(left, Math.max(this.readBytes, length)));
      this.windowAt = from;
    }
    const buf = this.window.subarray(from - this.windowAt, from - this.windowAt + length);
    return { buf, end: length, ordMap: this.ordMap, names: this.names, spellings: IDENTITY_NONE };
  }

  /** The text up to the next separator from `at` in a dictionary string, moving `at` past it. */
  private next(text: string, at: number, moved: (at: number) => void): string {
    let end = text.indexOf(TERM_SEP, at);
    if (end < 0) end = text.length;
    moved(end + 1);
    return text.slice(at, end);
  }
}

/** A feed's renumbering before `mergeTermSpellings` sets it. */
const IDENTITY_NONE = new Int32Array(0);
