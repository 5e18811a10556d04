/**
 * How the client's features reach the language server: one object that waits for the
 * LanguageClient to be running and forwards typed requests (names and types from
 * shared/protocol.ts). Features take this instead of the LanguageClient, so tests and
 * commands run the same code path.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { GlossaryParams, GlossaryRequest, GlossaryResult, SearchParams, SearchRequest, SearchResult, StatusRequest, StatusResult } from '../../shared/protocol';

export interface PolicyLensServer {
  /** Resolves once the server is up (activation waits for it; commands may run earlier). */
  ready(): Promise<void>;
  search(params: SearchParams, token?: vscode.CancellationToken): Promise<SearchResult>;
  glossary(params: GlossaryParams, token?: vscode.CancellationToken): Promise<GlossaryResult>;
  status(): Promise<StatusResult>;
}

export function serverAccess(client: LanguageClient, started: Promise<void>): PolicyLensServer {
  // Typed requests (shared/protocol.ts) know their number of params, so an undefined token
  // is dropped rather than sent as a second positional parameter.
  return {
    ready: () => started,
    async search(params, token) {
      await started;
      return client.sendRequest(SearchRequest, params, token);
    },
    async glossary(params, token) {
      await started;
      return client.sendRequest(GlossaryRequest, params, token);
    },
    async status() {
      await started;
      return client.sendRequest(StatusRequest);
    },
  };
}

/** True for the error a request gets when its token was cancelled (a stale search). */
export function isCancellation(e: unknown): boolean {
  return e instanceof vscode.CancellationError || (typeof e === 'object' && e !== null && (e as { code?: number }).code === -32800);
}
