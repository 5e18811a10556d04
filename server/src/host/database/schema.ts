/**
 * The team corpus schema, versioned. `migrate` brings a database to SCHEMA_VERSION, one
 * migration per transaction, under an advisory lock so that two indexers starting at once
 * do not both migrate; `pl_schema` records what was applied. Readers only check the version.
 *
 * Every table is keyed by `doc_id`, a 63-bit hash of the document's path computed by the
 * indexer: the same path always has the same id on every indexer, and `doc_id` is the
 * distribution column when the schema is spread over Citus workers (ARCHITECTURE.md).
 *
 *  pl_documents   one row per document: path, title, date, source, size, time, content
 *                 hash, BM25 length, the analysis (JSONB, as the server's analyzer made
 *                 it: acronym definitions, references, article facts; new analysis fields
 *                 flow through), the full-text vectors (GIN): `tokens` (folded terms)
 *                 and `exact_tokens` (exact spellings), and `seq`, the change
 *                 counter readers follow.
 *  pl_texts       the document text (read on demand: snippets, local copies).
 *  pl_removed     documents deleted, with the `seq` of their deletion (readers follow it).
 */
import type * as Pg from 'pg';

export const SCHEMA_VERSION = 1;

/** Channel of NOTIFY after each committed batch (payload: {"seq": N}). */
export const CHANGE_CHANNEL = 'policy_lens_corpus';

/** Advisory lock keys (pg_advisory_xact_lock): one for migrations, one for corpus writes. */
export const MIGRATION_LOCK = 0x504c0001;
export const WRITE_LOCK = 0x504c0002;

const MIGRATIONS: Record<number, string> = {
  1: `
    CREATE SEQUENCE pl_change_seq;
    CREATE TABLE pl_documents (
      doc_id     bigint PRIMARY KEY,
      path       text NOT NULL,
      title      text NOT NULL DEFAULT '',
      date       text,
      iso_date   text,
      source     text,
      size       bigint NOT NULL,
      mtime_ms   double precision NOT NULL,
      hash       text NOT NULL,
      doc_len    integer NOT NULL,
      analysis   jsonb NOT NULL,
      tokens     tsvector,
      exact_tokens tsvector,
      seq        bigint NOT NULL,
      indexed_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX pl_documents_tokens ON pl_documents USING gin (tokens);
    CREATE INDEX pl_documents_exact_tokens ON pl_documents USING gin (exact_tokens);
    CREATE INDEX pl_documents_seq ON pl_documents (seq);
    CREATE TABLE pl_texts (
      doc_id bigint PRIMARY KEY,
      text   text NOT NULL
    );
    CREATE TABLE pl_removed (
      doc_id bigint PRIMARY KEY,
      path   text NOT NULL,
      seq    bigint NOT NULL
    );
    CREATE INDEX pl_removed_seq ON pl_removed (seq);
  `,
};

/** The schema version of a database (0: none yet). */
export async function schemaVersion(db: Pg.ClientBase | Pg.Pool): Promise<number> {
  const exists = await db.query(`SELECT to_regclass('pl_schema') IS NOT NULL AS present`);
  if (!exists.rows[0].present) return 0;
  const r = await db.query(`SELECT coalesce(max(version), 0) AS v FROM pl_schema`);
  return Number(r.rows[0].v);
}

/** Applies the missing migrations; returns the versions applied. */
export async function migrate(client: Pg.ClientBase): Promise<number[]> {
  const applied: number[] = [];
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS pl_schema (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    const current = await schemaVersion(client);
    if (current > SCHEMA_VERSION) throw new Error(`the database schema is version ${current}, newer than this Policy Lens (${SCHEMA_VERSION}); update Policy Lens`);
    for (let v = current + 1; v <= SCHEMA_VERSION; v++) {
      await client.query(MIGRATIONS[v]);
      await client.query('INSERT INTO pl_schema (version) VALUES ($1)', [v]);
      applied.push(v);
    }
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
  return applied;
}
