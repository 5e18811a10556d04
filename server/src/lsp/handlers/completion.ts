/** textDocument/completion from features/completion.ts: acronyms, long forms, references. */
import { CompletionItem, CompletionItemKind, CompletionItemTag, CompletionList, InsertTextFormat, MarkupKind } from 'vscode-languageserver';
import { complete, CompletionKind } from '../../features/completion';
import type { LspFeature } from '../env';

const KIND: Record<CompletionKind, CompletionItemKind> = {
  acronym: CompletionItemKind.Constant,
  definition: CompletionItemKind.Snippet,
  'long-form': CompletionItemKind.Text,
  reference: CompletionItemKind.Reference,
  institution: CompletionItemKind.Class,
};

export const completionFeature: LspFeature = {
  capabilities: { completionProvider: { resolveProvider: false } },
  register(env) {
    env.connection.onCompletion((params): CompletionList => {
      const d = env.brief(params.textDocument.uri);
      if (!d) return { isIncomplete: false, items: [] };
      const result = complete(env.context(), d.open, env.positions.offsetAt(d.text, params.position));
      const items = result.items.map(
        (i): CompletionItem => ({
          label: i.label,
          kind: KIND[i.kind],
          detail: i.detail,
          documentation: i.documentation ? { kind: MarkupKind.Markdown, value: i.documentation } : undefined,
          textEdit: { range: env.positions.range(d.text, i.range), newText: i.insertText },
          insertTextFormat: InsertTextFormat.PlainText,
          filterText: i.filterText,
          sortText: i.sortText,
          preselect: i.preselect,
          tags: i.deprecated ? [CompletionItemTag.Deprecated] : undefined,
        }),
      );
      return { isIncomplete: result.isIncomplete, items };
    });
  },
};
