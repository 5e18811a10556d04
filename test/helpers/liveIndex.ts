import { strict as assert } from 'node:assert';
import { EmbeddedSearchIndex } from '../../server/src/core/search';
import type { CorpusService } from '../../server/src/host/corpusService';

/** A service's live search index itself (`search` wraps it to catch a damaged search file). */
export function liveIndex(s: CorpusService): EmbeddedSearchIndex {
  const index = (s as unknown as { live: { search: unknown } }).live.search;
  assert.ok(index instanceof EmbeddedSearchIndex);
  return index;
}
