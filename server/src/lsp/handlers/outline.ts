/** textDocument/documentSymbol and textDocument/foldingRange from features/outline.ts and folding.ts. */
import { DocumentSymbol, FoldingRange, SymbolKind } from 'vscode-languageserver';
import { foldingRanges } from '../../features/folding';
import { HeadingStyle, isMarkdown, outline, OutlineNode, OutlineOptions } from '../../features/outline';
import type { LspFeature, OpenBrief, ServerEnv } from '../env';

const KIND: Record<HeadingStyle, SymbolKind> = {
  markdown: SymbolKind.String,
  part: SymbolKind.Module,
  chapter: SymbolKind.Namespace,
  section: SymbolKind.Namespace,
  subsection: SymbolKind.Namespace,
  article: SymbolKind.Field,
  'upper-letter': SymbolKind.String,
  roman: SymbolKind.String,
  arabic: SymbolKind.String,
  letter: SymbolKind.String,
  title: SymbolKind.File,
  date: SymbolKind.Event,
  source: SymbolKind.Key,
  subhead: SymbolKind.String,
};

function options(env: ServerEnv, d: OpenBrief): OutlineOptions {
  return { markdown: isMarkdown(d.text.uri, d.text.languageId), markdownMode: env.settings().outline.markdown };
}

export const outlineFeature: LspFeature = {
  capabilities: { documentSymbolProvider: { label: 'Policy Lens' }, foldingRangeProvider: true },
  register(env) {
    env.connection.onDocumentSymbol((params): DocumentSymbol[] => {
      const d = env.brief(params.textDocument.uri);
      if (!d) return [];
      const toSymbol = (n: OutlineNode): DocumentSymbol => ({
        name: n.name,
        detail: n.detail,
        kind: KIND[n.style],
        range: env.positions.range(d.text, n.range),
        selectionRange: env.positions.range(d.text, n.selectionRange),
        children: n.children.map(toSymbol),
      });
      return outline(env.context(), d.open, options(env, d)).map(toSymbol);
    });
    env.connection.onFoldingRanges((params): FoldingRange[] => {
      const d = env.brief(params.textDocument.uri);
      if (!d) return [];
      return foldingRanges(env.context(), d.open, options(env, d)).map((r) => ({ startLine: r.startLine, endLine: r.endLine }));
    });
  },
};
