/**
 * What every LSP handler gets: the connection, the open documents with their analyses,
 * the feature context and the corpus service. Handlers live in handlers/, one per feature,
 * and are registered by server.ts.
 */
import type { Connection } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { PolicyLensSettings, SearchParams, SearchResult } from '../../../shared/protocol';
import type { FeatureContext, OpenDocument } from '../features/context';
import type { QueryExpansion } from '../core/search';
import type { CorpusService } from '../host/corpusService';
import type { Positions } from './convert';

export interface OpenBrief {
  /** The LSP document (positions, version). */
  text: TextDocument;
  /** The same text analysed by the core. */
  open: OpenDocument;
}

export interface ServerEnv {
  connection: Connection;
  service: CorpusService;
  /**
   * The local corpus's search results merged with the team database's (unchanged without
   * one); `expansions`: the query's other names, so both sides search them alike.
   */
  mergeTeamSearch(params: SearchParams, local: SearchResult, expansions?: QueryExpansion[]): Promise<SearchResult>;
  /** The analysed open document, or undefined when the client has not opened it. */
  brief(uri: string): OpenBrief | undefined;
  /** All open documents, analysed. */
  briefs(): OpenBrief[];
  context(): FeatureContext;
  settings(): PolicyLensSettings;
  /** Positions in and out, in the encoding negotiated at initialize (UTF-16 until then). */
  readonly positions: Positions;
  /** What the client said it supports at initialize. */
  clientCapabilities(): import('vscode-languageserver').ClientCapabilities;
  /** A document was opened or its text changed (any number of listeners). */
  onDocumentChanged(listener: (uri: string) => void): void;
  onDocumentClosed(listener: (uri: string) => void): void;
  /** The corpus is ready after an index, or one of its files was updated. */
  onCorpusChanged(listener: () => void): void;
}

/** One LSP feature: the capabilities it announces and the handlers it registers. */
export interface LspFeature {
  capabilities: import('vscode-languageserver').ServerCapabilities;
  register(env: ServerEnv): void;
}
