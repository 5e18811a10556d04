/**
 * Connecting to the team database: the connection URL as settings give it (checked and
 * redacted), and node-postgres loaded only when a database is configured, so servers
 * without one never load it.
 *
 * Security rules (issue 19):
 *  - a password never comes from settings: a URL with one is refused with a message that
 *    says where passwords go (PGPASSWORD, or a PGPASSFILE / ~/.pgpass entry, which
 *    node-postgres reads itself);
 *  - a URL is never logged or shown as given: `redactUrl` keeps scheme, host, port,
 *    database and user only;
 *  - TLS is whatever the URL asks for (`sslmode=require|verify-ca|verify-full`, with
 *    `sslrootcert`, `sslcert`, `sslkey`), as node-postgres reads it;
 *  - every statement has a time limit; the session can be made read-only.
 */
import type * as Pg from 'pg';

export type PgModule = typeof Pg;

let pgModule: PgModule | undefined;

/** node-postgres, required on first use (kept out of servers that never connect). */
export function loadPg(): PgModule {
  // A plain require that esbuild bundles into this chunk; callers reach it only with a database configured.
  pgModule ??= require('pg') as PgModule;
  return pgModule;
}

export interface DatabaseTarget {
  /** The URL to connect with (never logged). */
  url: string;
  /** scheme://user@host:port/database?sslmode=…: safe to log and show. */
  display: string;
  /** A key for this database (host, port, database), for folder names: no credentials. */
  key: string;
}

export type TargetResult = { ok: true; target: DatabaseTarget } | { ok: false; message: string };

/**
 * Checks a connection URL from settings or the command line. `allowPassword` is for the
 * command line only when the caller says so; settings never carry one.
 */
export function parseDatabaseUrl(raw: string, allowPassword = false): TargetResult {
  const text = raw.trim();
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    return { ok: false, message: 'The database setting is not a connection URL (expected postgresql://user@host:port/database)' };
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') return { ok: false, message: `The database URL must start with postgresql:// (not ${u.protocol}//)` };
  const display = redactUrl(text);
  if (!allowPassword && (u.password !== '' || u.searchParams.has('password'))) {
    return {
      ok: false,
      message: `The database URL ${display} contains a password; passwords are not read from settings. Remove it and put it in PGPASSWORD or a PGPASSFILE (~/.pgpass) entry instead.`,
    };
  }
  const key = `${u.hostname || 'local'}-${u.port || '5432'}-${decodeURIComponent(u.pathname.replace(/^\//, '')) || 'postgres'}`.replace(/[^A-Za-z0-9._-]+/g, '_');
  return { ok: true, target: { url: text, display, key } };
}

const SAFE_PARAMS = new Set(['sslmode', 'application_name', 'connect_timeout', 'options', 'target_session_attrs']);

/** The URL without password or any parameter that could hold a secret; "(unparsable URL)" when it cannot be parsed. */
export function redactUrl(raw: string): string {
  try {
    const u = new URL(raw.trim());
    const params = [...u.searchParams.entries()].filter(([k]) => SAFE_PARAMS.has(k));
    const query = params.length ? '?' + params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&') : '';
    const user = u.username ? `${u.username}@` : '';
    return `${u.protocol}//${user}${u.host}${u.pathname}${query}`;
  } catch {
    return '(unparsable URL)';
  }
}

/** An error message with any URL in it redacted (drivers may echo the connection string). */
export function safeMessage(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m.replace(/postgres(?:ql)?:\/\/[^\s'"]+/g, (url) => redactUrl(url)) || 'unknown error';
}

export interface ConnectOptions {
  /** Per statement (ms). */
  statementTimeoutMs?: number;
  /** Refuse any write in this session (writers' servers). */
  readOnly?: boolean;
  applicationName?: string;
  /** Connection attempt limit (ms). */
  connectTimeoutMs?: number;
}

function clientConfig(target: DatabaseTarget, o: ConnectOptions): Pg.ClientConfig {
  return {
    connectionString: target.url,
    application_name: o.applicationName ?? 'policy-lens',
    statement_timeout: o.statementTimeoutMs ?? 10_000,
    query_timeout: (o.statementTimeoutMs ?? 10_000) + 2_000,
    connectionTimeoutMillis: o.connectTimeoutMs ?? 5_000,
    keepAlive: true,
    // A read-only session: the server refuses any write, whatever the role may do.
    options: o.readOnly ? '-c default_transaction_read_only=on' : undefined,
  };
}

/** A pool; its idle-client errors (database gone) are reported, never thrown. */
export function createPool(target: DatabaseTarget, o: ConnectOptions & { max?: number }, onError: (message: string) => void): Pg.Pool {
  const pg = loadPg();
  const pool = new pg.Pool({ ...clientConfig(target, o), max: o.max ?? 4, idleTimeoutMillis: 30_000 });
  pool.on('error', (e) => onError(safeMessage(e)));
  return pool;
}

/** One client (LISTEN needs a dedicated connection); connected, with errors reported, never thrown. */
export async function connectClient(target: DatabaseTarget, o: ConnectOptions, onError: (message: string) => void): Promise<Pg.Client> {
  const pg = loadPg();
  const client = new pg.Client(clientConfig(target, o));
  client.on('error', (e) => onError(safeMessage(e)));
  try {
    await client.connect();
  } catch (e) {
    client.end().catch(() => undefined);
    throw new Error(safeMessage(e));
  }
  return client;
}
