import { GlossaryParams, GlossaryRequest, GlossaryResult } from '../../../../shared/protocol';
import { glossaryView } from '../../features/glossaryView';
import type { LspFeature } from '../env';

/** `policyLens/glossary`: acronyms and references of a brief or of the corpus (tree views, export). */
export const glossaryFeature: LspFeature = {
  capabilities: {},
  register(env) {
    env.connection.onRequest(GlossaryRequest, (params: GlossaryParams): GlossaryResult => {
      const scope = params?.scope === 'corpus' ? 'corpus' : 'document';
      const doc = scope === 'document' && typeof params?.uri === 'string' ? env.brief(params.uri)?.open : undefined;
      const view = glossaryView(env.context(), doc, {
        scope,
        prefix: typeof params?.prefix === 'string' ? params.prefix : undefined,
        limit: typeof params?.limit === 'number' ? params.limit : undefined,
      });
      return {
        items: view.items.map((i) => ({ ...i, range: i.range && i.uri ? env.positions.textRange(i.uri, i.range) : undefined })),
        total: view.total,
        groups: view.groups,
      };
    });
  },
};
