import { Hover, MarkupKind } from 'vscode-languageserver';
import { hover } from '../../features/hover';
import type { LspFeature } from '../env';

export const hoverFeature: LspFeature = {
  capabilities: { hoverProvider: true },
  register(env) {
    env.connection.onHover((params): Hover | null => {
      const d = env.brief(params.textDocument.uri);
      if (!d) return null;
      const result = hover(env.context(), d.open, env.positions.offsetAt(d.text, params.position));
      if (!result) return null;
      return { contents: { kind: MarkupKind.Markdown, value: result.markdown }, range: env.positions.range(d.text, result.range) };
    });
  },
};
