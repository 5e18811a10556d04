import { SearchParams, SearchRequest, SearchResult } from '../../../../shared/protocol';
import { searchCorpus } from '../../features/search';
import type { LspFeature } from '../env';

export const searchFeature: LspFeature = {
  capabilities: {},
  register(env) {
    env.connection.onRequest(SearchRequest, (params: SearchParams): SearchResult => searchCorpus(env.service, params));
  },
};
