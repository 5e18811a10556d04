/**
 * The one definition of everything client and server (and other LSP clients) exchange
 * beyond the LSP specification: custom request names, their parameters and results, and
 * the settings. Both bundles import this file; nothing else is shared between them.
 *
 * Plain types only: no import of vscode or vscode-languageserver, so the CLI and tests
 * can use it too.
 */

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
}

export const SETTINGS_SECTION = 'policyLens';

export const DEFAULT_SETTINGS: PolicyLensSettings = {
  corpusPaths: [],
  includeBundledCorpus: true,
  cacheDir: '',
  glossaryPaths: [],
};

/** `policyLens/status`: what the index holds and whether it is ready. */
export const StatusRequest = 'policyLens/status';
export interface StatusResult {
  state: 'indexing' | 'ready';
  documents: number;
  bytes: number;
  acronyms: number;
  references: number;
  indexMs: number;
  fromCache: boolean;
}

/** `policyLens/statusChanged`: notification the server sends whenever StatusResult changes. */
export const StatusChangedNotification = 'policyLens/statusChanged';

/** `policyLens/search`: ranked passages of the corpus. */
export const SearchRequest = 'policyLens/search';
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
}
export interface SearchResult {
  results: SearchHit[];
  total: number;
  tookMs: number;
}
