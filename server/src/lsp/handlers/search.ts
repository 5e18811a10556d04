import { CancellationToken, LSPErrorCodes, ResponseError } from 'vscode-languageserver';
import { SearchParams, SearchRequest, SearchResult } from '../../../../shared/protocol';
import { searchCorpusCancellable, searchExpansions } from '../../features/search';
import type { LspFeature } from '../env';

export const searchFeature: LspFeature = {
  capabilities: {},
  register(env) {
    // `$/cancelRequest` is honoured: a cancelled search answers RequestCancelled (-32800).
    env.connection.onRequest(SearchRequest, async (params: SearchParams, token: CancellationToken): Promise<SearchResult> => {
      // A client that sends params by position shifts the token: never trust its shape.
      // The team corpus searches the same other names (acronyms, long forms) as the local one.
      const expansions = searchExpansions(env.service, params);
      const result = await searchCorpusCancellable(env.service, params, CancellationToken.is(token) ? token : CancellationToken.None, expansions);
      if (!result) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'search cancelled');
      const merged = await env.mergeTeamSearch(params, result, expansions);
      // Ranges in the negotiated position encoding, like every other location.
      if (env.positions.encoding === 'utf-16') return merged;
      return { ...merged, results: merged.results.map((hit) => ({ ...hit, range: env.positions.textRange(hit.uri, hit.range) })) };
    });
  },
};
