/**
 * Search contracts shared by the embedded index and any other backend (OpenSearch,
 * PostgreSQL full text ...). Plain data only: offsets are UTF-16 offsets into the original
 * file text; the LSP edge turns them into positions.
 */

export interface OffsetSpan {
  start: number;
  end: number;
}

export interface IndexedDocInput {
  /** A 32-bit integer, unique in the index; adding an id again replaces that document. */
  id: number;
  /** The original file text (any normalization form). */
  text: string;
  /** Original offsets of the title line, weighted higher. */
  titleSpan?: OffsetSpan;
  /** Original offsets of the content lines; only these (and the title) are indexed. */
  body: OffsetSpan[];
}

export interface SearchOptions {
  /** Maximum number of hits returned (default 20, at most 1000). */
  limit?: number;
  /** Marks must match exactly (tone placement still does not matter); default false: accent-insensitive. */
  exact?: boolean;
  /**
   * Other names of parts of the query (acronym ↔ long forms, found by `findExpansions`):
   * a document holding an alternative also matches that part, ranked below a literal match.
   * Ignored with `exact: true`; parts inside quotes are never expanded.
   */
  expansions?: QueryExpansion[];
  /**
   * Asked between the query's words, every few documents ranked and between snippets:
   * true stops the search, which throws `SearchCancelled` (cancel.ts).
   */
  isCancelled?: () => boolean;
}

/** `form` (a run of words of the query, as typed) is also found as any of `alternatives`. */
export interface QueryExpansion {
  form: string;
  alternatives: string[];
}

export interface SearchHitCore {
  docId: number;
  score: number;
  /** Original offsets of the best passage; `snippet` is exactly `text.slice(start, end)`. */
  start: number;
  end: number;
  snippet: string;
  /** [start, end) spans inside `snippet` of the matched words. */
  highlights: [number, number][];
  /** The expansions this document matched through: the query's form and the alternative found (highlighted in the snippet when in its window). */
  expansions?: { form: string; matched: string }[];
}

export interface SearchResultCore {
  hits: SearchHitCore[];
  /** Number of documents that match the query (not only the returned ones): exact up to `ScoringParams.exactTotalUpTo`, above it possibly a lower bound. */
  total: number;
  /** false when `total` is a lower bound (score pruning skipped documents that might match); absent when exact. */
  totalExact?: boolean;
}

/**
 * The seam between the product and a search engine. The embedded index is the default;
 * a ministry-wide corpus would implement this over an external engine.
 */
export interface SearchBackend {
  add(doc: IndexedDocInput): void;
  remove(docId: number): void;
  /** `readText` returns the original text of an indexed document (for snippets). */
  search(query: string, opts: SearchOptions, readText: (docId: number) => string): SearchResultCore;
  readonly documentCount: number;
}
