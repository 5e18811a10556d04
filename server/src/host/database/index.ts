/**
 * The team database as one object for the language server (entry of dist/teamDatabase.js,
 * loaded only when the `database` setting is used, so node-postgres never loads otherwise):
 * the reader (TeamCorpus), its search (TeamSearch), the local copies behind every location,
 * and the merge of team search results with the local corpus's.
 */
import { pathToFileURL } from 'node:url';
import type { SearchParams, SearchResult } from '../../../../shared/protocol';
import { parseDatabaseUrl } from './connection';
import { TeamCorpus, TeamDocument, TeamLogger, TeamStatus } from './teamCorpus';
import { TeamSearch } from './teamSearch';
import type { QueryExpansion } from '../../core/search';

export type { TeamDocument, TeamStatus } from './teamCorpus';

/** What the corpus service does with the team corpus (implemented by CorpusService). */
export interface TeamHost {
  teamChanged(added: TeamDocument[], removed: string[]): void;
  teamStatus(status: TeamStatus): void;
}

export type TeamLinkResult = { ok: true; link: TeamLink } | { ok: false; status: TeamStatus };

/** A link for a `database` setting, or the reason there is none (a refused URL: password in it, not a postgresql:// URL). */
export function createTeamLink(url: string, cacheDir: string, log: TeamLogger, host: TeamHost): TeamLinkResult {
  const parsed = parseDatabaseUrl(url);
  if (!parsed.ok) return { ok: false, status: { state: 'refused', documents: 0, message: parsed.message } };
  return { ok: true, link: new TeamLink(new TeamCorpus(parsed.target, cacheDir, log, { changed: (a, r) => host.teamChanged(a, r), status: (s) => host.teamStatus(s) })) };
}

export class TeamLink {
  private readonly search: TeamSearch;
  /** file: URI prefix of every local copy. */
  readonly uriPrefix: string;

  constructor(readonly team: TeamCorpus) {
    this.search = new TeamSearch(team);
    this.uriPrefix = pathToFileURL(team.folder).href + '/';
  }

  start(): void {
    this.team.start();
  }

  close(): Promise<void> {
    return this.team.close();
  }

  status(): TeamStatus {
    return this.team.status();
  }

  owns(uri: string): boolean {
    return uri.startsWith(this.uriPrefix);
  }

  documents(): Iterable<TeamDocument> {
    return this.team.documents();
  }

  /**
   * Writes the local copies of the team documents a response points into (URIs anywhere in
   * it: locations, hover links), then gives the response back unchanged.
   */
  async withLocalCopies<T>(value: T): Promise<T> {
    const uris = new Set<string>();
    collectUris(value, this.uriPrefix, uris, 0);
    if (uris.size) await this.team.ensureLocalCopies(uris);
    return value;
  }

  /** The local corpus's results merged with the team corpus's, best score first. */
  async mergeSearch(params: SearchParams, local: SearchResult, expansions: QueryExpansion[] = []): Promise<SearchResult> {
    const started = performance.now();
    const query = typeof params?.query === 'string' ? params.query.slice(0, 1000) : '';
    const limit = Math.max(1, Math.min(200, Number.isFinite(params?.limit) ? Math.floor(params.limit as number) : 20));
    if (!query.trim()) return local;
    const team = await this.search.search(query, limit, params.exact === true, expansions);
    const results = [...local.results, ...team.results].sort((a, b) => b.score - a.score).slice(0, limit);
    return { results, total: local.total + team.total, ...(local.totalExact === false ? { totalExact: false } : {}), tookMs: Math.round((local.tookMs + performance.now() - started) * 100) / 100 };
  }
}

/** URIs under `prefix` in strings of a JSON-like value (markdown links included: the URI ends at a space, a ')' or '#'). */
function collectUris(value: unknown, prefix: string, out: Set<string>, depth: number): void {
  if (depth > 12 || value === null || value === undefined) return;
  if (typeof value === 'string') {
    let i = value.indexOf(prefix);
    while (i >= 0) {
      let j = i + prefix.length;
      while (j < value.length && !/[\s)#"'<>\]]/.test(value[j])) j++;
      out.add(decodeLink(value.slice(i, j)));
      i = value.indexOf(prefix, j);
    }
    return;
  }
  if (Array.isArray(value)) {
    for (const v of value) collectUris(v, prefix, out, depth + 1);
    return;
  }
  if (typeof value === 'object') for (const v of Object.values(value as Record<string, unknown>)) collectUris(v, prefix, out, depth + 1);
}

/** A link may encode characters a file URI leaves alone ( "(" → %28 ); compare in one form. */
function decodeLink(uri: string): string {
  try {
    return pathToFileURL(decodeURIComponent(new URL(uri).pathname)).href;
  } catch {
    return uri;
  }
}
