/**
 * `policyLens/search`: ranked corpus passages. Validates the request, runs the search
 * backend and turns its offsets into the contract's line/character ranges.
 */
import type { SearchHit, SearchParams, SearchResult } from '../../../shared/protocol';
import type { CorpusIndex } from '../core/corpusIndex';
import { LineIndex } from '../core/lineIndex';
import type { SearchBackend } from '../core/search';

export interface SearchSource {
  search: SearchBackend;
  corpus: CorpusIndex;
  readText(docId: number): string;
}

export const MAX_LIMIT = 200;
export const MAX_QUERY_LENGTH = 1000;

export function searchCorpus(source: SearchSource, params: SearchParams): SearchResult {
  const started = performance.now();
  const query = typeof params?.query === 'string' ? params.query.slice(0, MAX_QUERY_LENGTH) : '';
  const limit = Math.max(1, Math.min(MAX_LIMIT, Number.isFinite(params?.limit) ? Math.floor(params.limit as number) : 20));
  if (!query.trim()) return { results: [], total: 0, tookMs: 0 };
  const { hits, total } = source.search.search(query, { limit, exact: params.exact === true }, source.readText);
  const results: SearchHit[] = [];
  for (const hit of hits) {
    const doc = source.corpus.getById(hit.docId);
    if (!doc) continue;
    const lines = new LineIndex(source.readText(hit.docId));
    results.push({
      uri: doc.uri,
      range: { start: lines.positionAt(hit.start), end: lines.positionAt(hit.end) },
      title: doc.analysis.title,
      snippet: hit.snippet,
      score: Math.round(hit.score * 1000) / 1000,
      date: doc.analysis.date,
      source: doc.analysis.source,
      highlights: hit.highlights,
    });
  }
  return { results, total, tookMs: Math.round((performance.now() - started) * 100) / 100 };
}
