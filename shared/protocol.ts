/**
 * The one definition of everything client and server (and other LSP clients) exchange
 * beyond the LSP specification: custom requests and notifications, their parameters and
 * results, and the settings. Both bundles import this file; nothing else is shared between them.
 *
 * Every custom message is one typed object (RequestType / NotificationType of
 * vscode-languageserver-protocol, the package under both vscode-languageclient and
 * vscode-languageserver): client, server, CLI and tests pass the object, never the method
 * string, so parameters and results are checked by the compiler. Its common entry point
 * has no node, vscode or server code, so anything may import this file.
 *
 * Adding a message: declare `export const XRequest = new RequestType<XParams, XResult, void>('policyLens/x')`
 * next to its params and result types; the server registers `connection.onRequest(XRequest, …)`,
 * the client calls `client.sendRequest(XRequest, params)`.
 */
import { NotificationType, RequestType, RequestType0 } from 'vscode-languageserver-protocol';

/** Settings, section `policyLens` in VS Code, the same keys in `initializationOptions`. */
export interface PolicyLensSettings {
  /** Folders indexed as corpus, recursively (.txt and .md); absolute or relative to the first workspace folder. */
  corpusPaths: string[];
  /** Index the bundled `seeds/` corpus. */
  includeBundledCorpus: boolean;
  /** Where the persisted index lives; empty means the client's storage or an OS cache dir. */
  cacheDir: string;
  /** User glossary files, in the bundled glossary's format. */
  glossaryPaths: string[];
  /** Outline and folding: `policyLens.outline.markdown` (see MarkdownOutlineMode). */
  outline: { markdown: MarkdownOutlineMode };
  /** Editorial checks, each switchable: `policyLens.diagnostics.<code>` true/false. */
  diagnostics: Record<DiagnosticCode, boolean>;
  /** `policyLens.inlayHints.enabled`: show the canonical symbol and date after short references. */
  inlayHints: { enabled: boolean };
  /**
   * `policyLens.database`: a PostgreSQL connection URL (no password: PGPASSWORD or PGPASSFILE)
   * of a team corpus built by `policy-lens index --database`; '' for none.
   */
  database: string;
}

/**
 * What the server's outline (documentSymbol) and folding offer for Markdown files. 'all' (the
 * server's default, right for Neovim, Helix, Emacs and any client that sends no settings)
 * gives `#` headings and Vietnamese numbering. VS Code's built-in Markdown support already
 * outlines `#` headings, so the VS Code extension sends 'numbering' (its setting's default):
 * only what the built-in outline lacks, Vietnamese numbering (I., 1., a), Phần/Chương/Mục/Điều).
 * 'off' gives nothing. Plain-text briefs and corpus files always get the full outline.
 */
export type MarkdownOutlineMode = 'numbering' | 'all' | 'off';

/** Editorial check codes (Diagnostic.code), each a setting `policyLens.diagnostics.<code>`. */
export type DiagnosticCode =
  | 'undefined-acronym'
  | 'defined-late'
  | 'defined-twice'
  | 'defined-differently'
  | 'unresolved-reference'
  | 'ambiguous-reference'
  | 'unverified-quote'
  | 'superseded-reference'
  | 'outdated-name';

export const DIAGNOSTIC_CODES: readonly DiagnosticCode[] = [
  'undefined-acronym',
  'defined-late',
  'defined-twice',
  'defined-differently',
  'unresolved-reference',
  'ambiguous-reference',
  'unverified-quote',
  'superseded-reference',
  'outdated-name',
];

export const SETTINGS_SECTION = 'policyLens';

export const DEFAULT_SETTINGS: PolicyLensSettings = {
  corpusPaths: [],
  includeBundledCorpus: true,
  cacheDir: '',
  glossaryPaths: [],
  outline: { markdown: 'all' },
  diagnostics: Object.fromEntries(DIAGNOSTIC_CODES.map((c) => [c, true])) as Record<DiagnosticCode, boolean>,
  inlayHints: { enabled: true },
  database: '',
};

/**
 * Commands the server executes (workspace/executeCommand), so every LSP client can run them.
 * insertAbbreviations / insertCitedDocuments take one InsertAtArgs (without it: the document
 * and cursor of the last code-action request); addToGlossary takes AddToGlossaryArgs.
 */
export const ServerCommands = {
  insertAbbreviations: 'policyLens.insertAbbreviationsTable',
  insertCitedDocuments: 'policyLens.insertCitedDocuments',
  addToGlossary: 'policyLens.addToGlossary',
} as const;
export interface InsertAtArgs {
  uri: string;
  position: LspPosition;
}
export interface AddToGlossaryArgs {
  acronym: string;
  /** The expansion, when known; otherwise a placeholder the writer fills in. */
  vi?: string;
  /** The brief it came from (its folder is used when no glossary file is configured). */
  uri?: string;
}

/** `policyLens/status`: what the index holds and whether it is ready. */
export interface StatusResult {
  state: 'indexing' | 'ready';
  documents: number;
  bytes: number;
  acronyms: number;
  references: number;
  indexMs: number;
  fromCache: boolean;
  /** Extra, beyond the contract: the team database, when the `database` setting names one. */
  database?: DatabaseStatus;
}

/**
 * The team database's state: `connecting`, `connected`, `unavailable` (down, unreachable,
 * or no corpus in it: `message` says which; retried with backoff), `refused` (the setting
 * was not used: a password in it, not a postgresql:// URL, or an untrusted workspace).
 */
export interface DatabaseStatus {
  state: 'off' | 'connecting' | 'connected' | 'unavailable' | 'refused';
  /** The URL without any secret. */
  url?: string;
  /** Team documents loaded. */
  documents: number;
  message?: string;
}

export const StatusRequest = new RequestType0<StatusResult, void>('policyLens/status');

/** `policyLens/statusChanged`: notification the server sends whenever StatusResult changes. */
export const StatusChangedNotification = new NotificationType<StatusResult>('policyLens/statusChanged');

/** `policyLens/search`: ranked passages of the corpus. */
export interface SearchParams {
  query: string;
  limit?: number;
  /** false (default) folds diacritics; true matches marks exactly. */
  exact?: boolean;
}
export interface LspPosition { line: number; character: number }
export interface LspRange { start: LspPosition; end: LspPosition }
export interface SearchHit {
  uri: string;
  range: LspRange;
  title: string;
  snippet: string;
  score: number;
  /** Extra, beyond the contract: the article date and source ("Nguồn:" line) when known, and match spans inside `snippet`. */
  date?: string;
  source?: string;
  highlights?: [number, number][];
  /**
   * Extra (acronym-aware search): the hit matched part of the query under another name:
   * `form` as typed ("CSP"), `matched` the name found ("Đối tác chiến lược toàn diện"),
   * highlighted in `snippet` where it falls in the passage.
   */
  expansions?: { form: string; matched: string }[];
  /** Extra: for a Word, PDF or HTML source (its `uri` is the text rendition), the original file and page ("bao-cao.pdf, tr. 2") and the original's URI. */
  origin?: string;
  originalUri?: string;
}
export interface SearchResult {
  results: SearchHit[];
  total: number;
  /** Extra: false when `total` is a lower bound (more documents than the exact bound match: show "1,000+"); absent when exact. */
  totalExact?: boolean;
  tookMs: number;
}
export const SearchRequest = new RequestType<SearchParams, SearchResult, void>('policyLens/search');

/**
 * `policyLens/glossary`: the acronyms and document references of one brief
 * (`scope: 'document'`, with `uri`) or of the whole corpus and glossaries
 * (`scope: 'corpus'`), sorted in Vietnamese order (Intl.Collator('vi')).
 * `prefix` keeps the items whose label starts with it (letter-exact: "Đ" is not "D");
 * `limit` caps the items (0: none, only `groups`). For the corpus scope `groups` lists
 * the first letters with their counts, so a tree can load one letter at a time.
 */
export interface GlossaryParams {
  uri?: string;
  scope: 'document' | 'corpus';
  prefix?: string;
  limit?: number;
}
export interface GlossaryItem {
  kind: 'acronym' | 'reference';
  /** The acronym ("ĐCSVN") or the reference in its canonical form ("Nghị quyết 34-NQ/TW"). */
  label: string;
  /** Expansions ("Đảng Cộng sản Việt Nam · Communist Party of Vietnam") or the canonical citation. */
  detail: string;
  /** Where it comes from: the source passage to open (a corpus definition or citation, or the brief itself). */
  uri?: string;
  range?: LspRange;
  /** Extra, beyond the contract: a longer description (sources, other meanings, number of mentions). */
  tooltip?: string;
}
export interface GlossaryGroup {
  /** The first letter ("A", "Đ", "#" for digits and symbols); pass it as `prefix`. */
  key: string;
  count: number;
}
export interface GlossaryResult {
  items: GlossaryItem[];
  /** All items matching scope and prefix, before `limit`. */
  total: number;
  /** corpus scope only: first letters with counts. */
  groups?: GlossaryGroup[];
}
export const GlossaryRequest = new RequestType<GlossaryParams, GlossaryResult, void>('policyLens/glossary');

/**
 * `policyLens/stats`: diagnostics beyond the status contract, for the benchmark and bug
 * reports: memory of the server process, the search index's size, the persisted index.
 * `gc: true` collects garbage first when the server runs with --expose-gc.
 */
export interface StatsParams {
  gc?: boolean;
}
export interface StatsResult {
  /** Bumped on every change of the live index (a build or a file update). */
  version: number;
  heapUsedMB: number;
  heapTotalMB: number;
  rssMB: number;
  externalMB: number;
  arrayBuffersMB: number;
  /** postingMB: all postings; heapPostingMB: those in the heap (the delta when fileBacked: the rest is read from the search file on demand). */
  search?: { documents: number; terms: number; postingMB: number; heapPostingMB?: number; fileBacked?: boolean };
  /** The persisted index: `written` (up to date), `pending` (a write is due), `memory-only` (cache dir not writable), `none` (no cache dir). */
  cache: { file?: string; state: 'written' | 'pending' | 'memory-only' | 'none'; bytes?: number };
  /** Worker threads used by the last build (0: main thread). */
  workers: number;
  /**
   * The last build: files found, how many were (re)indexed rather than loaded from the
   * cache, index workers, whether the search index was built on its own worker, and the main thread's event-loop delay meanwhile (p99 and max, ms): how long a
   * request on an open brief could wait while the corpus was indexing.
   */
  lastBuild: {
    files: number;
    reindexed: number;
    workers: number;
    searchWorker: boolean;
    eventLoopP99Ms: number;
    eventLoopMaxMs: number;
    /**
     * Where a cold build's time went (ms, wall): finding the files; reading, decoding and
     * analysing them with the CorpusIndex merged here; adding documents to the busiest
     * worker's search shard (part of the analysis phase's time); merging the shards on a
     * worker; adopting the merged index on the main thread (in slices).
     */
    phases?: { discoverMs: number; analyseMs?: number; shardMs?: number; mergeMs?: number; adoptMs?: number };
  };
  /** File changes reported and not yet applied. */
  pendingChanges: number;
  /** The server's own file watcher (folders the client does not watch): how many folders, initial scan done. */
  watcher: { folders: number; ready: boolean };
}

/**
 * `policyLens/document`: the card of one cited document, from the document register. Params:
 * the mention at a position of an open document, or a key ("30/2020/NĐ-CP", "NQ TW4 XII",
 * "Chỉ thị 12"). Result: null, or the card (dates ISO YYYY-MM-DD). The status is 'unknown'
 * unless a source says otherwise; each relation and status carries its source passage.
 */
export type DocumentParams =
  | { textDocument: { uri: string }; position: LspPosition }
  /** `year` (extra): the signing year, to pick among documents that share a key ("49-NQ/TW" of 1961 or 2005). */
  | { key: string; year?: number };
export type DocumentStatus = 'in-force' | 'replaced' | 'repealed' | 'amended' | 'unknown';
export type DocumentRelationKind = 'replaces' | 'replacedBy' | 'repeals' | 'repealedBy' | 'amends' | 'amendedBy' | 'guides' | 'guidedBy';
export interface DocumentLocation {
  uri: string;
  range: LspRange;
}
export interface DocumentRelation {
  kind: DocumentRelationKind;
  key: string;
  date?: string;
  source: DocumentLocation;
}
export interface DocumentCardResult {
  key: string;
  type: string;
  number?: string;
  symbol?: string;
  issuer?: string;
  signed?: string;
  effective?: string;
  subject?: string;
  status: DocumentStatus;
  relations: DocumentRelation[];
  sources: DocumentLocation[];
  /** Extra, beyond the contract: the type's name, the citation written out, the term, how the mention was resolved, conflicting values, the status's source, citing documents. */
  typeName?: string;
  citation?: string;
  term?: string;
  signer?: string;
  confidence?: string;
  conflicts?: Record<string, string[]>;
  statusSource?: DocumentLocation;
  citedBy?: Array<{ uri: string; title: string; range: LspRange }>;
  /** Other documents with the same key (Party numbering starts again each term), told apart by the dates their mentions give. */
  otherEditions?: Array<{ signed?: string; issuer?: string; subject?: string; mentions: number; source: DocumentLocation }>;
}
export const DocumentRequest = new RequestType<DocumentParams, DocumentCardResult | null, void>('policyLens/document');
/** Params may be left out (`{}` or none): `policyLens/stats` answers either way. */
export const StatsRequest = new RequestType<StatsParams | undefined, StatsResult, void>('policyLens/stats');
