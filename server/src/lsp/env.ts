/**
 * What every LSP handler gets: the connection, the open documents with their analyses,
 * the feature context and the corpus service. Handlers live in handlers/, one per feature,
 * and are registered by server.ts.
 */
import type { Connection } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { PolicyLensSettings } from '../../../shared/protocol';
import type { FeatureContext, OpenDocument } from '../features/context';
import type { CorpusService } from '../host/corpusService';

export interface OpenBrief {
  /** The LSP document (positions, version). */
  text: TextDocument;
  /** The same text analysed by the core. */
  open: OpenDocument;
}

export interface ServerEnv {
  connection: Connection;
  service: CorpusService;
  /** The analysed open document, or undefined when the client has not opened it. */
  brief(uri: string): OpenBrief | undefined;
  /** All open documents, analysed. */
  briefs(): OpenBrief[];
  context(): FeatureContext;
  settings(): PolicyLensSettings;
}

/** One LSP feature: the capabilities it announces and the handlers it registers. */
export interface LspFeature {
  capabilities: import('vscode-languageserver').ServerCapabilities;
  register(env: ServerEnv): void;
}
