import { InlayHint, InlayHintKind } from 'vscode-languageserver';
import { inlayHints } from '../../features/inlayHints';
import type { LspFeature } from '../env';

export const inlayHintsFeature: LspFeature = {
  capabilities: { inlayHintProvider: true },
  register(env) {
    // Hints of short references change when the corpus does (e.g. the first index is ready).
    env.onCorpusChanged(() => {
      if (env.clientCapabilities().workspace?.inlayHint?.refreshSupport) void env.connection.languages.inlayHint.refresh().catch(() => undefined);
    });
    env.connection.languages.inlayHint.on((params): InlayHint[] => {
      if (!env.settings().inlayHints.enabled) return [];
      const d = env.brief(params.textDocument.uri);
      if (!d) return [];
      const from = env.positions.offsetAt(d.text, params.range.start);
      const to = env.positions.offsetAt(d.text, params.range.end);
      return inlayHints(env.context(), d.open, from, to).map((h) => ({
        position: env.positions.lineChar(d.text, h.position),
        label: h.label,
        tooltip: h.tooltip,
        kind: InlayHintKind.Type,
        paddingLeft: false,
      }));
    });
  },
};
