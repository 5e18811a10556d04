/**
 * The team corpus as a writer's server reads it (setting `database`). It never writes:
 * its sessions are read-only (`default_transaction_read_only`), so a read-only role is
 * enough.
 *
 *  - On connect it checks the schema version, then loads every document's analysis (small:
 *    offsets and facts, no text) in pages ordered by `seq`, and hands them to the corpus
 *    service, which puts them in the same CorpusIndex the features use: hover, definition,
 *    references, the document card, checks and status work unchanged.
 *  - Each document is addressed by a local copy under the cache folder
 *    (`<cacheDir>/team/<host-port-db>/<doc_id>/<file name>`), written from the database on
 *    demand (`ensureLocalCopies`) before an answer that points into it leaves the server,
 *    so any LSP client can open it.
 *  - LISTEN on the change channel: a batch committed by any indexer is read within a
 *    moment (documents with a larger `seq`, and removals), without a restart.
 *  - Faults: a database down at start or lost mid-session sets the state `unavailable`
 *    with the reason; the documents already loaded stay; reconnection is retried with
 *    backoff (1 s doubling to 30 s); every statement has a time limit. Nothing throws out
 *    of here.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as Pg from 'pg';
import type { DatabaseStatus } from '../../../../shared/protocol';
import type { DocumentAnalysis } from '../../core/analyze';
import { fileUri } from '../indexFile';
import { connectClient, createPool, DatabaseTarget, safeMessage } from './connection';
import { CHANGE_CHANNEL, schemaVersion, SCHEMA_VERSION } from './schema';

export type TeamState = DatabaseStatus['state'];

/** `policyLens/status` extra (additive): the team database. */
export type TeamStatus = DatabaseStatus;

/** One document of the team corpus, as the corpus service adds it. */
export interface TeamDocument {
  docId: string;
  /** The local copy (written on demand). */
  path: string;
  uri: string;
  /** Path on the machine that indexed it. */
  originalPath: string;
  bytes: number;
  mtimeMs: number;
  docLen: number;
  analysis: DocumentAnalysis;
}

export interface TeamListener {
  /** Documents added or replaced, and removed (by local URI). */
  changed(added: TeamDocument[], removed: string[]): void;
  status(status: TeamStatus): void;
}

export interface TeamLogger {
  info(message: string): void;
  warn(message: string): void;
}

const PAGE = 2000;
/** How often a reader that cannot LISTEN (a read replica) looks for changes. */
const POLL_MS = 3000;
const MAX_BACKOFF_MS = 30_000;

export class TeamCorpus {
  private pool: Pg.Pool | undefined;
  private listener: Pg.Client | undefined;
  private state: TeamState = 'connecting';
  private message: string | undefined;
  private lastSeq = '0';
  private readonly docs = new Map<string, TeamDocument>();
  private readonly byUri = new Map<string, TeamDocument>();
  private syncing: Promise<void> | undefined;
  private syncAgain = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private backoffMs = 1000;
  private closed = false;
  readonly folder: string;
  /** Bumped by every applied change: caches of statistics key on it. */
  version = 0;

  constructor(
    readonly target: DatabaseTarget,
    cacheDir: string,
    private readonly log: TeamLogger,
    private readonly events: TeamListener,
    private readonly options: { statementTimeoutMs?: number } = {},
  ) {
    this.folder = path.join(cacheDir, 'team', target.key);
  }

  status(): TeamStatus {
    return { state: this.state, url: this.target.display, documents: this.docs.size, message: this.message };
  }

  documents(): IterableIterator<TeamDocument> {
    return this.docs.values();
  }

  byLocalUri(uri: string): TeamDocument | undefined {
    return this.byUri.get(uri);
  }

  byDocId(docId: string): TeamDocument | undefined {
    return this.docs.get(docId);
  }

  /** The pool, when connected (search); undefined while unavailable. */
  db(): Pg.Pool | undefined {
    return this.state === 'connected' ? this.pool : undefined;
  }

  start(): void {
    void this.connect();
  }

  private startPolling(): void {
    if (this.pollTimer) return;
    this.pollTimer = setInterval(() => {
      if (this.state === 'connected') this.scheduleSync();
    }, POLL_MS);
    this.pollTimer.unref?.();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.pollTimer) clearInterval(this.pollTimer);
    const l = this.listener;
    const p = this.pool;
    this.listener = undefined;
    this.pool = undefined;
    await l?.end().catch(() => undefined);
    await p?.end().catch(() => undefined);
  }

  /** A query failed mid-session: report it and reconnect (the caller answers without the team corpus). */
  failed(e: unknown): void {
    this.lost(safeMessage(e));
  }

  private setState(state: TeamState, message?: string): void {
    const changed = state !== this.state || message !== this.message;
    this.state = state;
    this.message = message;
    if (changed) this.events.status(this.status());
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    this.setState('connecting', this.message);
    const timeouts = { statementTimeoutMs: this.options.statementTimeoutMs ?? 5000, readOnly: true, applicationName: 'policy-lens server' };
    try {
      this.pool ??= createPool(this.target, { ...timeouts, max: 4 }, (m) => this.lost(m));
      const version = await schemaVersion(this.pool);
      if (version === 0) throw new Error('no Policy Lens corpus in this database yet (run policy-lens index --database URL PATH...)');
      if (version > SCHEMA_VERSION) throw new Error(`the database schema is version ${version}, newer than this Policy Lens reads (${SCHEMA_VERSION}); update Policy Lens`);
      // LISTEN before reading, so that no batch committed in between is missed.
      const listener = await connectClient(this.target, timeouts, (m) => this.lost(m));
      listener.on('notification', () => this.scheduleSync());
      listener.on('end', () => {
        if (this.listener === listener) this.lost('connection closed');
      });
      try {
        await listener.query(`LISTEN ${CHANGE_CHANNEL}`);
        this.listener = listener;
      } catch (e) {
        // A read replica (hot standby) refuses LISTEN: look for changes every few seconds instead.
        listener.removeAllListeners('end');
        await listener.end().catch(() => undefined);
        if ((e as { code?: string }).code !== '25006' && !/recovery|read-only/i.test(safeMessage(e))) throw e;
        this.log.info(`Team database ${this.target.display}: no LISTEN here (${safeMessage(e)}); checking for changes every ${POLL_MS / 1000} s`);
        this.startPolling();
      }
      this.backoffMs = 1000;
      this.setState('connected');
      this.log.info(`Team database ${this.target.display}: connected`);
      this.scheduleSync();
    } catch (e) {
      this.lost(safeMessage(e));
    }
  }

  /** The database went away (or never came): keep what is loaded, say why, retry with backoff. */
  private lost(reason: string): void {
    if (this.closed) return;
    const wasConnected = this.state === 'connected';
    const listener = this.listener;
    this.listener = undefined;
    listener?.removeAllListeners('end');
    listener?.end().catch(() => undefined);
    const pool = this.pool;
    this.pool = undefined;
    pool?.end().catch(() => undefined);
    if (this.state !== 'unavailable' || this.message !== reason) {
      this.log.warn(`Team database ${this.target.display} unavailable: ${reason}. Answering from the local corpus${this.docs.size ? ` and the ${this.docs.size} team documents already loaded` : ''}; retrying in ${Math.round(this.backoffMs / 1000)} s`);
    }
    this.setState('unavailable', reason);
    if (this.retryTimer) return;
    const delay = wasConnected ? 1000 : this.backoffMs;
    this.backoffMs = Math.min(MAX_BACKOFF_MS, this.backoffMs * 2);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.connect();
    }, delay);
  }

  private scheduleSync(): void {
    if (this.syncing) {
      this.syncAgain = true;
      return;
    }
    this.syncing = this.sync().finally(() => {
      this.syncing = undefined;
      if (this.syncAgain) {
        this.syncAgain = false;
        this.scheduleSync();
      }
    });
  }

  /** Reads what changed since `lastSeq`: documents added or replaced, then removals. */
  private async sync(): Promise<void> {
    const pool = this.pool;
    if (!pool || this.state !== 'connected') return;
    try {
      let total = 0;
      for (;;) {
        const since = this.lastSeq;
        const r = await pool.query(
          `SELECT doc_id::text AS doc_id, path, size, mtime_ms, doc_len, analysis, seq::text AS seq FROM pl_documents WHERE seq > $1 ORDER BY seq LIMIT ${PAGE}`,
          [since],
        );
        const removed = await pool.query(`SELECT doc_id::text AS doc_id, seq::text AS seq FROM pl_removed WHERE seq > $1 ORDER BY seq LIMIT ${PAGE}`, [since]);
        if (r.rows.length === 0 && removed.rows.length === 0) break;
        const added: TeamDocument[] = [];
        const gone: string[] = [];
        let maxSeq = BigInt(since);
        for (const row of r.rows) {
          added.push(this.put(row));
          if (BigInt(row.seq) > maxSeq) maxSeq = BigInt(row.seq);
        }
        for (const row of removed.rows) {
          const doc = this.docs.get(row.doc_id);
          if (doc && BigInt(row.seq) > BigInt(this.seqOf.get(row.doc_id) ?? '0')) {
            this.docs.delete(row.doc_id);
            this.byUri.delete(doc.uri);
            this.dropCopy(doc);
            gone.push(doc.uri);
          }
          if (BigInt(row.seq) > maxSeq) maxSeq = BigInt(row.seq);
        }
        // Pages of both tables end at different seqs: continue from the smaller full page.
        const fullDocs = r.rows.length === PAGE ? BigInt(r.rows[r.rows.length - 1].seq) : undefined;
        const fullRemoved = removed.rows.length === PAGE ? BigInt(removed.rows[removed.rows.length - 1].seq) : undefined;
        const next = [fullDocs, fullRemoved].filter((x): x is bigint => x !== undefined);
        this.lastSeq = (next.length ? next.reduce((a, b) => (a < b ? a : b)) : maxSeq).toString();
        this.version++;
        total += added.length + gone.length;
        this.events.changed(added, gone);
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (total > 0) this.log.info(`Team database ${this.target.display}: ${total} document change${total === 1 ? '' : 's'} read (${this.docs.size} team documents)`);
      this.events.status(this.status());
    } catch (e) {
      this.lost(safeMessage(e));
    }
  }

  private readonly seqOf = new Map<string, string>();

  private put(row: { doc_id: string; path: string; size: string; mtime_ms: number; doc_len: number; analysis: DocumentAnalysis; seq: string }): TeamDocument {
    const old = this.docs.get(row.doc_id);
    if (old) {
      this.byUri.delete(old.uri);
      this.dropCopy(old);
    }
    const local = path.join(this.folder, row.doc_id, safeFileName(row.path));
    const uri = fileUri(local);
    const doc: TeamDocument = {
      docId: row.doc_id,
      path: local,
      uri,
      originalPath: row.path,
      bytes: Number(row.size),
      mtimeMs: Number(row.mtime_ms),
      docLen: row.doc_len,
      analysis: { ...row.analysis, uri },
    };
    this.docs.set(row.doc_id, doc);
    this.byUri.set(uri, doc);
    this.seqOf.set(row.doc_id, row.seq);
    return doc;
  }

  /** A changed or removed document's local copy is stale: delete it (the next use fetches it again). */
  private dropCopy(doc: TeamDocument): void {
    fs.rm(path.dirname(doc.path), { recursive: true, force: true }, () => undefined);
  }

  /**
   * Writes the local copies of these team documents that are not on disk yet (others are
   * ignored). Texts come from the database; while it is unavailable the copies that exist
   * are all there is. Returns the texts read, by local URI.
   */
  async ensureLocalCopies(uris: Iterable<string>): Promise<Map<string, string>> {
    const texts = new Map<string, string>();
    const missing: TeamDocument[] = [];
    for (const uri of uris) {
      const doc = this.byUri.get(uri);
      if (doc && !fs.existsSync(doc.path)) missing.push(doc);
    }
    const pool = this.db();
    if (missing.length === 0 || !pool) return texts;
    try {
      const r = await pool.query(`SELECT doc_id::text AS doc_id, text FROM pl_texts WHERE doc_id = ANY($1::bigint[])`, [missing.map((d) => d.docId)]);
      for (const row of r.rows) {
        const doc = this.docs.get(row.doc_id);
        if (!doc) continue;
        writeAtomically(doc.path, row.text);
        texts.set(doc.uri, row.text);
      }
    } catch (e) {
      this.log.warn(`Team database: cannot fetch ${missing.length} document text${missing.length === 1 ? '' : 's'} (${safeMessage(e)})`);
      if (isConnectionError(e)) this.failed(e);
    }
    return texts;
  }
}

/**
 * The indexed file's name, safe as a single path segment here. The copy holds text (a Word
 * or PDF source's text rendition), so a name that does not end in .txt or .md gets .txt.
 */
function safeFileName(original: string): string {
  const base = original.split(/[\\/]/).pop() || 'document.txt';
  const clean = base.replace(/[\u0000-\u001f<>:"|?*]/g, '_').slice(0, 200);
  if (clean === '.' || clean === '..' || clean === '') return 'document.txt';
  return /\.(txt|md)$/i.test(clean) ? clean : `${clean}.txt`;
}

function writeAtomically(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

/** Errors that mean the connection is gone (as opposed to a bad statement). */
export function isConnectionError(e: unknown): boolean {
  const code = (e as { code?: string })?.code ?? '';
  const m = e instanceof Error ? e.message : String(e);
  return /^(08|57P)/.test(code) || /ECONNREFUSED|ECONNRESET|terminat|Connection terminated|not queryable|timeout/i.test(m);
}
