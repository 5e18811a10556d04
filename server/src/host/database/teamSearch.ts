/**
 * Search over the team corpus in PostgreSQL, ranked like the embedded index.
 *
 *  1. The query is planned by the same parser as the embedded index (core/fulltext/rank.ts):
 *     its lexemes are the embedded index's terms, so the GIN index on the tsvector finds
 *     the same documents.
 *  2. Statistics: document count, average length and each lexeme's / phrase's document
 *     frequency (GIN counts), cached until the corpus changes.
 *  3. Candidates: the documents that pass the ranking's coverage test (the minimal sets of
 *     query words holding half of its idf, as a tsquery for the GIN index) and hold every
 *     phrase, cut to the best `pool` by ts_rank_cd (cover density, title weighted: on the 35k
 *     corpus it keeps the embedded top 10 where ts_rank, which saturates after a few
 *     occurrences, kept 0.62 of it), with the positions of the
 *     query's lexemes; total: all of them.
 *  4. The candidates are ranked exactly as the embedded index ranks (BM25, title weight,
 *     coverage, phrases, symbols, proximity) in this process.
 *  5. The passages: the hit's text (local copy, else the database, which writes the local
 *     copy) and the embedded index's own snippet code, run on that one document.
 */
import type * as Pg from 'pg';
import type { SearchHit } from '../../../../shared/protocol';
import { Candidate, candidateQuery, CorpusStats, phraseKey, planQuery, QueryPlan, rankCandidates, unionKey, unionQuery } from '../../core/fulltext/rank';
import { quoteLexeme } from '../../core/fulltext/lexemes';
import { EmbeddedSearchIndex, QueryExpansion } from '../../core/search';
import { rangeAt } from '../../features/search';
import { titleSpanOf } from '../indexFile';
import { safeMessage } from './connection';
import { isConnectionError, TeamCorpus } from './teamCorpus';
import * as fs from 'node:fs';

export interface TeamSearchResult {
  results: SearchHit[];
  total: number;
  /** Set when the team corpus could not be searched (the caller answers with the local corpus alone). */
  error?: string;
}

/** ts_rank_cd weights {D, C, B, A}: a title occurrence (A) counts three times a body one, as in the embedded index. */
const RANK_WEIGHTS = '{0.1, 0.1, 0.1, 0.3}';

export class TeamSearch {
  private statsVersion = -1;
  private base: { documents: number; averageLength: number } | undefined;
  private readonly df = new Map<string, number>();

  private readonly snippets = new EmbeddedSearchIndex();
  /** Where the last search's time went (ms): statistics, candidates and positions, ranking, passages. */
  lastTimings: Record<string, number> = {};

  constructor(private readonly team: TeamCorpus) {}

  /** `expansions`: the query's other names (acronyms, long forms), ranked as the embedded index ranks them. */
  async search(query: string, limit: number, exact: boolean, expansions: QueryExpansion[] = []): Promise<TeamSearchResult> {
    const pool = this.team.db();
    if (!pool) return { results: [], total: 0, error: this.team.status().message ?? 'not connected' };
    const plan = planQuery(query, exact, expansions);
    if (!plan.tsquery) return { results: [], total: 0 };
    try {
      const t0 = performance.now();
      // Exact search reads the exact spellings' vector; the default, the folded one. (Never user input.)
      const column = exact ? 'exact_tokens' : 'tokens';
      const stats = await this.stats(pool, plan, column);
      const query = candidateQuery(plan, stats);
      if (!query) return { results: [], total: 0 };
      const t1 = performance.now();
      const found = await this.candidates(pool, plan, column, query, Math.max(400, 20 * limit));
      const t2 = performance.now();
      const ranked = rankCandidates(plan, found.candidates, stats, limit);
      const t3 = performance.now();
      const hits = await this.passages(query, exact, exact ? [] : expansions, ranked.map((r) => ({ docId: found.docIds[r.id], score: r.score, expansions: r.expansions })));
      this.lastTimings = { stats: Math.round(t1 - t0), candidates: Math.round(t2 - t1), rank: Math.round(t3 - t2), passages: Math.round(performance.now() - t3) };
      return { results: hits, total: found.total };
    } catch (e) {
      if (isConnectionError(e)) this.team.failed(e);
      return { results: [], total: 0, error: safeMessage(e) };
    }
  }

  private async stats(pool: Pg.Pool, plan: QueryPlan, column: string): Promise<CorpusStats> {
    if (this.statsVersion !== this.team.version) {
      this.statsVersion = this.team.version;
      this.base = undefined;
      this.df.clear();
    }
    if (!this.base) {
      const r = await pool.query(`SELECT count(*)::int AS n, coalesce(avg(doc_len), 1)::float8 AS avg FROM pl_documents`);
      this.base = { documents: r.rows[0].n, averageLength: r.rows[0].avg };
    }
    // Lexemes and symbol part sequences whose document frequency is not known yet (a quoted
    // phrase is weighed by its words' idf: its own count is not needed).
    const wanted = new Map<string, string>();
    for (const l of plan.lexemes) wanted.set(l, quoteLexeme(l));
    for (const p of plan.symbols.map((s) => s.parts)) if (p.length > 1) wanted.set(phraseKey(p), p.map(quoteLexeme).join(' <-> '));
    // Documents holding any other name of an expansion (its idf when the typed form is not in the corpus).
    for (const e of plan.expansions) wanted.set(unionKey(e), unionQuery(e));
    const keys = [...wanted.keys()].filter((k) => !this.df.has(k));
    // One count per lexeme or sequence: a GIN bitmap count on one node, a per-shard count summed by the coordinator under Citus.
    const counts = await Promise.all(keys.map((k) => pool.query(`SELECT count(*)::int AS df FROM pl_documents WHERE ${column} @@ $1::tsquery`, [wanted.get(k)])));
    keys.forEach((k, i) => this.df.set(k, counts[i].rows[0].df));
    return { ...this.base, df: this.df };
  }

  private async candidates(pool: Pg.Pool, plan: QueryPlan, column: string, query: string, poolSize: number): Promise<{ candidates: Candidate[]; total: number; docIds: string[] }> {
    // The best `poolSize` matches by ts_rank_cd (each shard's best, merged), and all matches counted.
    const [top, count] = await Promise.all([
      pool.query(`SELECT doc_id FROM pl_documents WHERE ${column} @@ $1::tsquery ORDER BY ts_rank_cd($3::float4[], ${column}, $1::tsquery, 1) DESC, doc_id LIMIT $2`, [
        query,
        poolSize,
        RANK_WEIGHTS,
      ]),
      pool.query(`SELECT count(*)::int AS n FROM pl_documents WHERE ${column} @@ $1::tsquery`, [query]),
    ]);
    // Their query lexemes' positions, by doc_id (the distribution column: each shard answers for its own documents).
    const rows = await pool.query(
      `SELECT d.doc_id::text AS doc_id, d.doc_len, u.lexeme, u.positions, u.weights
       FROM pl_documents d CROSS JOIN LATERAL unnest(d.${column}) AS u WHERE d.doc_id = ANY($1::bigint[]) AND u.lexeme = ANY($2::text[])`,
      [top.rows.map((r) => r.doc_id), plan.lexemes],
    );
    const byId = new Map<string, Candidate>();
    const ids = new Map<string, number>();
    for (const row of rows.rows) {
      let c = byId.get(row.doc_id);
      if (!c) {
        if (!ids.has(row.doc_id)) ids.set(row.doc_id, ids.size);
        c = { id: ids.get(row.doc_id)!, length: row.doc_len, postings: new Map() };
        byId.set(row.doc_id, c);
      }
      const positions: number[] = row.positions;
      const weights: string[] = row.weights ?? [];
      c.postings.set(row.lexeme, { positions, title: positions.map((_, i) => weights[i] === 'A') });
    }
    // Candidate ids are indexes into docIds.
    return { candidates: [...byId.values()], total: count.rows[0].n, docIds: [...ids.keys()] };
  }

  private async passages(query: string, exact: boolean, expansions: QueryExpansion[], ranked: { docId: string; score: number; expansions?: SearchHit['expansions'] }[]): Promise<SearchHit[]> {
    const docs = ranked.map((r) => ({ r, doc: this.team.byDocId(r.docId) })).filter((x) => x.doc);
    const fetched = await this.team.ensureLocalCopies(docs.map((x) => x.doc!.uri));
    const hits: SearchHit[] = [];
    for (const { r, doc } of docs) {
      let text = fetched.get(doc!.uri);
      if (text === undefined) {
        try {
          text = fs.readFileSync(doc!.path, 'utf8');
        } catch {
          continue;
        }
      }
      const a = doc!.analysis;
      // The embedded index's snippet for this one document (its score is not used). One
      // index serves every passage: its term dictionary stays warm, each document is removed after use.
      const one = this.snippets;
      one.add({ id: 1, text, titleSpan: titleSpanOf(a), body: a.body });
      const snip = one.search(query, { limit: 1, exact, expansions }, () => text!).hits[0];
      one.remove(1);
      const start = snip?.start ?? 0;
      const end = snip?.end ?? Math.min(text.length, 200);
      hits.push({
        uri: doc!.uri,
        range: rangeAt(text, start, end),
        title: a.title,
        snippet: snip?.snippet ?? text.slice(start, end),
        score: Math.round(r.score * 1000) / 1000,
        date: a.date,
        source: a.source,
        highlights: snip?.highlights ?? [],
        ...(r.expansions?.length ? { expansions: r.expansions } : {}),
      });
    }
    return hits;
  }
}
