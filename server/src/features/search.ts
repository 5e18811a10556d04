/**
 * `policyLens/search`: ranked corpus passages. Validates the request, runs the search
 * backend and turns its offsets into the contract's line/character ranges.
 *
 * Cancellation (`searchCorpusCancellable`): the LSP edge passes the request's token. It is
 * checked before the search starts (a request cancelled while queued, the usual case when
 * the writer keeps typing, never runs), after the backend returns, and between hits while
 * the ranges are built, with a turn of the event loop in between so that a
 * `$/cancelRequest` that arrived meanwhile is seen. The backend's ranking and snippets are
 * one synchronous call that also asks the token (`isCancelled`) between the query's words,
 * every 16 documents whose positions it reads and between snippets: a token cancelled
 * in-process stops it there. A `$/cancelRequest` read from the connection can only flip
 * the token between event-loop turns, i.e. before or after that call.
 */
import type { SearchHit, SearchParams, SearchResult } from '../../../shared/protocol';
import type { CorpusIndex } from '../core/corpusIndex';
import type { LineChar } from '../core/lineIndex';
import type { Glossary } from '../core/glossary';
import { SearchCancelled } from '../core/search/cancel';
import type { QueryExpansion, SearchBackend, SearchHitCore, SearchResultCore } from '../core/search';
import { queryExpansions } from './searchExpansion';
import { originOf } from './sourceName';

export interface SearchSource {
  search: SearchBackend;
  corpus: CorpusIndex;
  readText(docId: number): string;
  /** Acronyms and long forms for acronym-aware search (with the corpus's own definitions). */
  glossary?: Glossary;
}

/** What a feature needs of a cancellation token (the LSP CancellationToken fits). */
export interface Cancellation {
  readonly isCancellationRequested: boolean;
}

export const MAX_LIMIT = 200;
export const MAX_QUERY_LENGTH = 1000;

interface Prepared {
  query: string;
  limit: number;
  exact: boolean;
}

function prepare(params: SearchParams): Prepared | undefined {
  const query = typeof params?.query === 'string' ? params.query.slice(0, MAX_QUERY_LENGTH) : '';
  const limit = Math.max(1, Math.min(MAX_LIMIT, Number.isFinite(params?.limit) ? Math.floor(params.limit as number) : 20));
  if (!query.trim()) return undefined;
  return { query, limit, exact: params.exact === true };
}

function optionsOf(source: SearchSource, p: Prepared, expansions = queryExpansions(p.query, p.exact, source.glossary, source.corpus)) {
  return { limit: p.limit, exact: p.exact, expansions };
}

/**
 * The other names a search's query may mean (acronyms, long forms), read as the search reads
 * its params; computed once per request and given to the local and the team search alike.
 */
export function searchExpansions(source: SearchSource, params: SearchParams): QueryExpansion[] {
  const p = prepare(params);
  return p ? queryExpansions(p.query, p.exact, source.glossary, source.corpus) : [];
}

function toHit(source: SearchSource, hit: SearchHitCore): SearchHit | undefined {
  const doc = source.corpus.getById(hit.docId);
  if (!doc) return undefined;
  const range = rangeAt(source.readText(hit.docId), hit.start, hit.end);
  const origin = doc.summary.origin;
  return {
    uri: doc.uri,
    range,
    title: doc.summary.title,
    snippet: hit.snippet,
    score: Math.round(hit.score * 1000) / 1000,
    date: doc.summary.date,
    source: doc.summary.source,
    highlights: hit.highlights,
    ...(hit.expansions ? { expansions: hit.expansions } : {}),
    ...(origin ? { origin: originOf(doc.summary, range.start.line), originalUri: origin.uri } : {}),
  };
}

/**
 * The line/character of two offsets (start <= end expected, either order works), as
 * `LineIndex.positionAt` gives them (offsets clamped to the text; LSP line breaks \n, \r\n
 * and a lone \r), with one forward scan up to the larger offset instead of indexing every
 * line of the text.
 */
export function rangeAt(text: string, start: number, end: number): { start: LineChar; end: LineChar } {
  const clamp = (o: number) => Math.max(0, Math.min(o, text.length));
  const a = clamp(start);
  const b = clamp(end);
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  // Without a \r before hi the breaks are the \n alone: found by the native indexOf (a
  // third of the time of the char loop below on a news article).
  if (hi === 0 || text.lastIndexOf('\r', hi - 1) < 0) {
    const at = (o: number, from: LineChar): LineChar => {
      let { line, character: lineStart } = from;
      for (let i = text.indexOf('\n', lineStart); i >= 0 && i < o; i = text.indexOf('\n', i + 1)) {
        line++;
        lineStart = i + 1;
      }
      return { line, character: lineStart };
    };
    // `character` holds the line's start offset until the end.
    const loStart = at(lo, { line: 0, character: 0 });
    const hiStart = at(hi, loStart);
    const loP = { line: loStart.line, character: lo - loStart.character };
    const hiP = { line: hiStart.line, character: hi - hiStart.character };
    return a <= b ? { start: loP, end: hiP } : { start: hiP, end: loP };
  }
  let line = 0;
  let lineStart = 0;
  let loPos: LineChar | undefined;
  // A break at i (\n, or \r not followed by \n) starts a line at i + 1; an offset o is on
  // the last line starting at or before o, so breaks at i < o count.
  for (let i = 0; i < hi; i++) {
    if (loPos === undefined && i >= lo) loPos = { line, character: lo - lineStart };
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  const hiPos = { line, character: hi - lineStart };
  const loP = loPos ?? { ...hiPos };
  return a <= b ? { start: loP, end: hiPos } : { start: hiPos, end: loP };
}

const tookSince = (started: number) => Math.round((performance.now() - started) * 100) / 100;

export function searchCorpus(source: SearchSource, params: SearchParams): SearchResult {
  const started = performance.now();
  const p = prepare(params);
  if (!p) return { results: [], total: 0, tookMs: 0 };
  const { hits, total, totalExact } = source.search.search(p.query, optionsOf(source, p), source.readText);
  const results = hits.flatMap((h) => toHit(source, h) ?? []);
  return { results, total, ...lowerBound(totalExact), tookMs: tookSince(started) };
}

/**
 * The same search, cancellable: undefined when `token` was cancelled (the LSP edge answers
 * RequestCancelled). `expansions`: the query's other names when the caller has them already.
 */
export async function searchCorpusCancellable(source: SearchSource, params: SearchParams, token: Cancellation, expansions?: QueryExpansion[]): Promise<SearchResult | undefined> {
  const started = performance.now();
  // Let a cancel already on its way be read before the synchronous search starts.
  await nextTurn();
  if (token.isCancellationRequested) return undefined;
  const p = prepare(params);
  if (!p) return { results: [], total: 0, tookMs: 0 };
  let found: SearchResultCore;
  try {
    // The token is also asked inside the ranking (between words, documents, snippets).
    found = source.search.search(p.query, { ...optionsOf(source, p, expansions), isCancelled: () => token.isCancellationRequested }, source.readText);
  } catch (e) {
    if (e instanceof SearchCancelled) return undefined;
    throw e;
  }
  const { hits, total, totalExact } = found;
  // Between hits (reading a text and indexing its lines), a turn of the event loop every 8 ms.
  await nextTurn();
  if (token.isCancellationRequested) return undefined;
  const results: SearchHit[] = [];
  let slice = performance.now();
  for (const h of hits) {
    if (performance.now() - slice > 8) {
      await nextTurn();
      if (token.isCancellationRequested) return undefined;
      slice = performance.now();
    }
    const hit = toHit(source, h);
    if (hit) results.push(hit);
  }
  return { results, total, ...lowerBound(totalExact), tookMs: tookSince(started) };
}

/** `totalExact: false` when the backend's total is a lower bound; nothing when it is exact. */
function lowerBound(totalExact: boolean | undefined): { totalExact?: false } {
  return totalExact === false ? { totalExact: false } : {};
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
