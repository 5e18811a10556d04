/**
 * `policy-lens index --database URL PATH...`: builds or updates the team corpus in
 * PostgreSQL, file by file.
 *
 *  - Incremental: a file whose path, size and time match its row is not read again; one
 *    whose content hash matches only has its time updated; files gone from the indexed
 *    folders are removed.
 *  - The analysis is the server's own (the index workers, as for a local corpus); the
 *    full-text vector is built from the same tokens and folded keys as the embedded
 *    index (core/fulltext/lexemes.ts).
 *  - Each batch is one transaction holding the corpus write lock (an advisory
 *    transaction lock), so concurrent indexers interleave whole batches and never
 *    half-apply one; rows are upserted by doc_id (a hash of the path), so two indexers
 *    indexing the same file agree. Each batch ends with a NOTIFY that readers follow.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import type * as Pg from 'pg';
import { documentLexemes, tsvectorLiteral } from '../../core/fulltext/lexemes';
import { bundledEntries, loadUserGlossaries } from '../corpusGlossaries';
import { CorpusFileInfo, discoverCorpusFiles, isInside } from '../files';
import { FileResult, IndexedFile, isSkipped, titleSpanOf } from '../indexFile';
import { IndexPool } from '../indexPool';
import { connectClient, DatabaseTarget, safeMessage } from './connection';
import { isConnectionError } from './teamCorpus';
import { CHANGE_CHANNEL, migrate, WRITE_LOCK } from './schema';

export interface IndexLogger {
  info(message: string): void;
  warn(message: string): void;
}

export interface IndexOptions {
  target: DatabaseTarget;
  /** Folders (or files' folders) to index, absolute. */
  roots: string[];
  glossaryPaths: string[];
  log: IndexLogger;
  /** Files per transaction (default 200). */
  batchSize?: number;
  /** Index worker threads (default: one per core). */
  workers?: number;
}

export interface IndexReport {
  files: number;
  written: number;
  touched: number;
  unchanged: number;
  removed: number;
  skipped: number;
  ms: number;
}

/** The stable id of a path in every table: 60 bits of its SHA-1, as a decimal string (bigint). */
export function docIdOf(file: string): string {
  return BigInt('0x' + createHash('sha1').update(file).digest('hex').slice(0, 15)).toString();
}

interface Existing {
  docId: string;
  path: string;
  size: number;
  mtimeMs: number;
  hash: string;
}

export async function indexIntoDatabase(o: IndexOptions): Promise<IndexReport> {
  const started = Date.now();
  const client = await connectClient(o.target, { statementTimeoutMs: 300_000, applicationName: 'policy-lens index' }, (m) => o.log.warn(`Database: ${m}`));
  const pool = new IndexPool([...bundledEntries(), ...loadUserGlossaries(o.glossaryPaths, o.log)], o.log, { workers: o.workers });
  try {
    // Bulk writes: a large GIN pending list merged in big steps costs less than many small merges.
    await client.query(`SET gin_pending_list_limit = '32MB'`);
    const applied = await migrate(client);
    if (applied.length) o.log.info(`Database ${o.target.display}: schema migrated to version ${applied[applied.length - 1]}`);
    const roots = o.roots.map((r) => fs.realpathSync(r));
    const files = await discoverCorpusFiles(roots, (m) => o.log.warn(m));
    const existing = await existingRows(client, roots);
    const report: IndexReport = { files: files.length, written: 0, touched: 0, unchanged: 0, removed: 0, skipped: 0, ms: 0 };
    const changed: CorpusFileInfo[] = [];
    const seen = new Set<string>();
    for (const f of files) {
      seen.add(f.path);
      const row = existing.get(f.path);
      if (row && row.size === f.size && row.mtimeMs === f.mtimeMs) report.unchanged++;
      else changed.push(f);
    }
    o.log.info(`${files.length} corpus files under ${roots.join(', ')}: ${changed.length} to index, ${report.unchanged} unchanged`);
    const batchSize = o.batchSize ?? 200;
    let batch: IndexedFile[] = [];
    let done = 0;
    // One batch is written while the next is prepared (lexemes, JSON): the database and this thread work at once.
    let writing: Promise<void> = Promise.resolve();
    const flush = async () => {
      if (batch.length === 0) return;
      const prepared = prepareBatch(batch, existing);
      batch = [];
      await writing;
      writing = sendBatchOrEach(client, prepared, existing, o.log).then((r) => {
        report.written += r.written;
        report.touched += r.touched;
        report.skipped += r.failed;
      });
      // A failed write surfaces at the next flush or at the end; never unobserved.
      writing.catch(() => undefined);
    };
    await pool.run(
      changed,
      async (results: FileResult[]) => {
        for (const r of results) {
          if (isSkipped(r)) {
            report.skipped++;
            o.log.warn(r.skip);
            continue;
          }
          if (r.warning) o.log.warn(r.warning);
          batch.push(r);
        }
        done += results.length;
        if (batch.length >= batchSize) {
          await flush();
          o.log.info(`${done}/${changed.length} files indexed`);
        }
      },
      () => false,
    );
    await flush();
    await writing;
    const gone = [...existing.values()].filter((row) => !seen.has(row.path));
    if (gone.length) report.removed = await removeRows(client, gone);
    report.ms = Date.now() - started;
    return report;
  } finally {
    await pool.close();
    await client.end().catch(() => undefined);
  }
}

/** Rows of documents under `roots` (what this run is responsible for). */
async function existingRows(client: Pg.Client, roots: string[]): Promise<Map<string, Existing>> {
  const r = await client.query(`SELECT doc_id::text AS doc_id, path, size, mtime_ms, hash FROM pl_documents`);
  const out = new Map<string, Existing>();
  for (const row of r.rows) {
    if (!roots.some((root) => isInside(row.path, root))) continue;
    out.set(row.path, { docId: row.doc_id, path: row.path, size: Number(row.size), mtimeMs: Number(row.mtime_ms), hash: row.hash });
  }
  return out;
}

/** PostgreSQL text cannot hold NUL: U+FFFD keeps every offset where it was. */
function storable(text: string): string {
  return text.includes('\u0000') ? text.replace(/\u0000/g, '\uFFFD') : text;
}

/** JSON with any NUL escape (\u0000, which jsonb refuses) written as U+FFFD; an escaped backslash before "u0000" is left alone. */
function storableJson(value: unknown): string {
  const json = JSON.stringify(value);
  return json.includes('\\u0000') ? json.replace(/(?<!\\)((?:\\\\)*)\\u0000/g, '$1\\ufffd') : json;
}

/** tsvector input is limited to 1 MB: a file whose vector is larger is stored without full text (found by its analyses only). */
const MAX_VECTOR_CHARS = 900_000;

interface PreparedBatch {
  files: { path: string; size: number; mtimeMs: number; hash: string }[];
  write: number;
  touch: { ids: string[]; mtimes: number[] };
  cols: Record<string, unknown[]>;
}

/** The rows of a batch, ready to send: lexemes and vectors computed, texts made storable. */
function prepareBatch(files: IndexedFile[], existing: Map<string, Existing>): PreparedBatch {
  const write: IndexedFile[] = [];
  const touch: IndexedFile[] = [];
  for (const f of files) {
    const row = existing.get(f.path);
    if (row && row.hash === f.hash && row.size === f.size) touch.push(f);
    else write.push(f);
  }
  const cols = {
    id: [] as string[],
    path: [] as string[],
    title: [] as string[],
    date: [] as (string | null)[],
    iso: [] as (string | null)[],
    source: [] as (string | null)[],
    size: [] as number[],
    mtime: [] as number[],
    hash: [] as string[],
    len: [] as number[],
    analysis: [] as string[],
    tokens: [] as (string | null)[],
    exact: [] as (string | null)[],
    text: [] as string[],
  };
  for (const f of write) {
    const a = f.analysis;
    const lex = documentLexemes({ text: f.text, titleSpan: titleSpanOf(a), body: a.body });
    const vector = tsvectorLiteral(lex, 'folded');
    const exact = tsvectorLiteral(lex, 'exact');
    cols.id.push(docIdOf(f.path));
    cols.path.push(f.path);
    cols.title.push(storable(a.title));
    cols.date.push(a.date ?? null);
    cols.iso.push(a.isoDate ?? null);
    cols.source.push(a.source ? storable(a.source) : null);
    cols.size.push(f.size);
    cols.mtime.push(f.mtimeMs);
    cols.hash.push(f.hash);
    cols.len.push(lex.length);
    cols.analysis.push(storableJson(a));
    cols.tokens.push(vector.length <= MAX_VECTOR_CHARS ? vector : null);
    cols.exact.push(exact.length <= MAX_VECTOR_CHARS ? exact : null);
    cols.text.push(storable(f.text));
  }
  return {
    files: files.map((f) => ({ path: f.path, size: f.size, mtimeMs: f.mtimeMs, hash: f.hash })),
    write: write.length,
    touch: { ids: touch.map((f) => docIdOf(f.path)), mtimes: touch.map((f) => f.mtimeMs) },
    cols,
  };
}

/**
 * A batch in one transaction; if the database refuses it (a document it cannot store), each
 * document in its own transaction, and the ones refused are reported and skipped. A lost
 * connection is not retried here: the run stops with its message.
 */
async function sendBatchOrEach(client: Pg.Client, batch: PreparedBatch, existing: Map<string, Existing>, log: IndexLogger): Promise<{ written: number; touched: number; failed: number }> {
  try {
    return { ...(await sendBatch(client, batch, existing)), failed: 0 };
  } catch (e) {
    if (isConnectionError(e) || batch.files.length === 1) throw e;
    log.warn(`A batch of ${batch.files.length} files was refused (${safeMessage(e)}); writing them one by one`);
  }
  const out = { written: 0, touched: 0, failed: 0 };
  for (let i = 0; i < batch.files.length; i++) {
    const one = oneOf(batch, i);
    try {
      const r = await sendBatch(client, one, existing);
      out.written += r.written;
      out.touched += r.touched;
    } catch (e) {
      if (isConnectionError(e)) throw e;
      out.failed++;
      log.warn(`Skipped ${batch.files[i].path}: the database refused it (${safeMessage(e)})`);
    }
  }
  return out;
}

/** The i-th file of a prepared batch as a batch of its own. */
function oneOf(batch: PreparedBatch, i: number): PreparedBatch {
  const file = batch.files[i];
  const id = docIdOf(file.path);
  const w = (batch.cols.id as string[]).indexOf(id);
  const t = batch.touch.ids.indexOf(id);
  return {
    files: [file],
    write: w >= 0 ? 1 : 0,
    touch: t >= 0 ? { ids: [id], mtimes: [batch.touch.mtimes[t]] } : { ids: [], mtimes: [] },
    cols: Object.fromEntries(Object.entries(batch.cols).map(([k, v]) => [k, w >= 0 ? [v[w]] : []])),
  };
}

/** One transaction under the corpus write lock: upsert documents and texts, touch times, NOTIFY readers. */
async function sendBatch(client: Pg.Client, batch: PreparedBatch, existing: Map<string, Existing>): Promise<{ written: number; touched: number }> {
  const cols = batch.cols;
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [WRITE_LOCK]);
    if (batch.write) {
      await client.query(
        `INSERT INTO pl_documents (doc_id, path, title, date, iso_date, source, size, mtime_ms, hash, doc_len, analysis, tokens, exact_tokens, seq)
         SELECT t.doc_id, t.path, t.title, t.date, t.iso_date, t.source, t.size, t.mtime_ms, t.hash, t.doc_len, t.analysis, t.tokens::tsvector, t.exact::tsvector, nextval('pl_change_seq')
         FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::float8[], $9::text[], $10::int[], $11::jsonb[], $12::text[], $13::text[])
           AS t(doc_id, path, title, date, iso_date, source, size, mtime_ms, hash, doc_len, analysis, tokens, exact)
         ON CONFLICT (doc_id) DO UPDATE SET path = EXCLUDED.path, title = EXCLUDED.title, date = EXCLUDED.date, iso_date = EXCLUDED.iso_date,
           source = EXCLUDED.source, size = EXCLUDED.size, mtime_ms = EXCLUDED.mtime_ms, hash = EXCLUDED.hash, doc_len = EXCLUDED.doc_len,
           analysis = EXCLUDED.analysis, tokens = EXCLUDED.tokens, exact_tokens = EXCLUDED.exact_tokens, seq = EXCLUDED.seq, indexed_at = now()`,
        [cols.id, cols.path, cols.title, cols.date, cols.iso, cols.source, cols.size, cols.mtime, cols.hash, cols.len, cols.analysis, cols.tokens, cols.exact],
      );
      await client.query(
        `INSERT INTO pl_texts (doc_id, text) SELECT * FROM unnest($1::bigint[], $2::text[]) ON CONFLICT (doc_id) DO UPDATE SET text = EXCLUDED.text`,
        [cols.id, cols.text],
      );
      await client.query(`DELETE FROM pl_removed WHERE doc_id = ANY($1::bigint[])`, [cols.id]);
    }
    if (batch.touch.ids.length) {
      await client.query(`UPDATE pl_documents d SET mtime_ms = t.mtime_ms FROM unnest($1::bigint[], $2::float8[]) AS t(doc_id, mtime_ms) WHERE d.doc_id = t.doc_id`, [
        batch.touch.ids,
        batch.touch.mtimes,
      ]);
    }
    if (batch.write) await client.query(`SELECT pg_notify($1, json_build_object('seq', (SELECT last_value FROM pl_change_seq))::text)`, [CHANGE_CHANNEL]);
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
  for (const f of batch.files) existing.set(f.path, { docId: docIdOf(f.path), path: f.path, size: f.size, mtimeMs: f.mtimeMs, hash: f.hash });
  return { written: batch.write, touched: batch.touch.ids.length };
}

async function removeRows(client: Pg.Client, rows: Existing[]): Promise<number> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [WRITE_LOCK]);
    const ids = rows.map((r) => r.docId);
    await client.query(
      `INSERT INTO pl_removed (doc_id, path, seq) SELECT doc_id, path, nextval('pl_change_seq') FROM pl_documents WHERE doc_id = ANY($1::bigint[])
       ON CONFLICT (doc_id) DO UPDATE SET seq = EXCLUDED.seq, path = EXCLUDED.path`,
      [ids],
    );
    await client.query(`DELETE FROM pl_texts WHERE doc_id = ANY($1::bigint[])`, [ids]);
    const r = await client.query(`DELETE FROM pl_documents WHERE doc_id = ANY($1::bigint[])`, [ids]);
    await client.query(`SELECT pg_notify($1, json_build_object('seq', (SELECT last_value FROM pl_change_seq))::text)`, [CHANGE_CHANNEL]);
    await client.query('COMMIT');
    return r.rowCount ?? 0;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}
