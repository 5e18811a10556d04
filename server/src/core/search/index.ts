/**
 * Embedded search index: an inverted index with positions over syllables (folded keys),
 * ranked by BM25 with a title boost and proximity bonuses for adjacent query syllables.
 *
 * Layout (compact from the start; figures in test/fixtures/search/QUALITY.md):
 *  - terms are interned folded keys; each term keeps its exact spellings (variants);
 *  - one append-only byte stream per term, in document-ordinal order (postings.ts);
 *  - per document ordinal: external id, length, title length, normalized text length and
 *    the indexed spans (start, end, first position) for snippets;
 *  - remove() marks the ordinal deleted (statistics are for live documents); the streams
 *    are compacted when a fifth of the ordinals are dead.
 *
 * The parts, along their seams: state.ts (the shared arrays), postings.ts (writer and
 * cursor), plan.ts (query → plan), scorer.ts (BM25, clauses, top-k, snippets),
 * proximity.ts (pairs, sequences, snippet focus), image.ts (serialized form).
 *
 * Pure: no I/O. Texts come in with `add` and, for snippets, through `readText`.
 */

import { searchIndex } from './plan';
import { addDocument, compactIndex, removeDocument } from './postings';
import { readImage, writeImage } from './image';
import { PostingSource, SearchFileOptions } from './diskPostings';
import { FileWriteOptions, Generation, openSearchFile, searchFilePieces } from './searchFile';
import { ScoringParams, SearchState } from './state';
import { IndexedDocInput, SearchBackend, SearchOptions, SearchResultCore } from './types';

export * from './types';
export { parseQuery } from './query';
export { SearchCancelled } from './cancel';
export { findExpansions } from './expansion';
export type { AcronymLexicon } from './expansion';
export { DEFAULT_SCORING } from './state';
export type { ScoringParams } from './state';
export { kthLargest } from './scorer';
export { SearchFileError, bufferSource, DEFAULT_POSTING_CACHE_BYTES } from './diskPostings';
export type { Checksum, PostingSource, SearchFileOptions } from './diskPostings';
export { SEARCH_FILE_VERSION } from './searchFile';
export type { FileWriteOptions, Generation } from './searchFile';

export class EmbeddedSearchIndex implements SearchBackend {
  private readonly s: SearchState;

  constructor(state?: SearchState) {
    this.s = state ?? new SearchState();
  }

  get params(): ScoringParams {
    return this.s.params;
  }

  get documentCount(): number {
    return this.s.documentCount;
  }

  /** Number of distinct terms (folded syllables and symbols). */
  get termCount(): number {
    return this.s.termCount;
  }

  /** Bytes of postings in use. */
  get postingBytes(): number {
    return this.s.postingBytes;
  }

  /**
   * True when a fifth of the ordinals belong to removed documents: `search` will compact
   * first (about a second for 35k files), so a host may prefer to call `compact()` when idle.
   */
  get needsCompaction(): boolean {
    return this.s.needsCompaction;
  }

  has(docId: number): boolean {
    return this.s.has(docId);
  }

  add(doc: IndexedDocInput): void {
    addDocument(this.s, doc);
  }

  remove(docId: number): void {
    removeDocument(this.s, docId);
  }

  /**
   * Drops deleted documents from the streams and renumbers ordinals densely; with nothing
   * deleted, trims the spare capacity of the streams (call it after a bulk build).
   */
  compact(): void {
    compactIndex(this.s);
  }

  search(query: string, opts: SearchOptions, readText: (docId: number) => string): SearchResultCore {
    return searchIndex(this.s, query, opts, readText);
  }

  /** The versioned binary image (image.ts); deleted documents are compacted away first. */
  serialize(): Uint8Array {
    return writeImage(this.s);
  }

  static deserialize(bytes: Uint8Array): EmbeddedSearchIndex {
    return new EmbeddedSearchIndex(readImage(bytes));
  }

  /**
   * The search file (searchFile.ts) holding this index as it is now, deleted documents left
   * out, as byte pieces (the snapshot is taken when the first piece is asked for).
   */
  filePieces(generation: Generation, opts?: FileWriteOptions): Generator<Uint8Array> {
    return searchFilePieces(this.s, generation, opts);
  }

  /**
   * An index over a search file: dictionary and per-document arrays in memory, postings
   * read through `source` on demand (at most `opts.cacheBytes` of them kept). Adds and removes
   * go to an in-memory delta until the host writes a merged file. Throws SearchFileError.
   */
  static open(source: PostingSource, opts?: SearchFileOptions): { index: EmbeddedSearchIndex; generation: Generation } {
    const { state, generation } = openSearchFile(source, opts);
    return { index: new EmbeddedSearchIndex(state), generation };
  }

  /** Adds and removes so far (a snapshot taken at count n still holds everything when the count is still n). */
  get changeCount(): number {
    return this.s.changes;
  }

  /** True while postings are read from a search file. */
  get fileBacked(): boolean {
    return this.s.disk !== undefined;
  }

  /** Memory held by the index's parts, and the file reads (stats, bench). */
  get memory(): { heapPostingBytes: number; cachedPostingBytes: number; postingReads: number; compactDictionaryBytes: number } {
    const disk = this.s.disk;
    return {
      heapPostingBytes: this.s.heapPostingBytes,
      cachedPostingBytes: disk?.cachedBytes ?? 0,
      postingReads: disk?.reads ?? 0,
      compactDictionaryBytes: this.s.dict.compactBytes,
    };
  }
}
