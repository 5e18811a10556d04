/** Go to definition, find references and workspace symbols. */
import { Location, SymbolInformation, SymbolKind } from 'vscode-languageserver';
import { pathToFileURL } from 'node:url';
import { definition, SourceLocation } from '../../features/definition';
import { findReferences } from '../../features/findReferences';
import { workspaceSymbols, type WorkspaceSymbolResult } from '../../features/workspaceSymbols';
import type { LspFeature, ServerEnv } from '../env';

const toLocation = (env: ServerEnv, l: SourceLocation): Location => ({ uri: l.uri, range: env.positions.textRange(l.uri, l.range) });
const pathToUri = (p: string) => pathToFileURL(p).href;
const SYMBOL_KIND: Record<WorkspaceSymbolResult['kind'], SymbolKind> = { acronym: SymbolKind.Constant, reference: SymbolKind.Key, document: SymbolKind.File };

export const navigationFeature: LspFeature = {
  capabilities: { definitionProvider: true, referencesProvider: true, workspaceSymbolProvider: true },
  register(env) {
    env.connection.onDefinition((params) => {
      const d = env.brief(params.textDocument.uri);
      if (!d) return null;
      return definition(env.context(), d.open, env.positions.offsetAt(d.text, params.position), pathToUri).map((l) => toLocation(env, l));
    });
    env.connection.onReferences((params) => {
      const d = env.brief(params.textDocument.uri);
      if (!d) return null;
      const opens = env.briefs().map((b) => b.open);
      return findReferences(env.context(), d.open, env.positions.offsetAt(d.text, params.position), opens).map((l) => toLocation(env, l));
    });
    env.connection.onWorkspaceSymbol((params): SymbolInformation[] =>
      workspaceSymbols(env.context(), params.query, env.briefs().map((b) => b.open), pathToUri).map((s) => ({
        name: s.name,
        kind: SYMBOL_KIND[s.kind],
        containerName: s.detail,
        location: toLocation(env, s),
      })),
    );
  },
};
