/**
 * A private PostgreSQL 15 cluster for the database tests: Debian's postgresql-15
 * (installed with apt-get when absent and we are root, as on CI), initdb in a temporary
 * folder, listening on 127.0.0.1 on a free port (and a Unix socket in that folder), with
 *  - `pl_owner` (password, owns database `team`): the indexer's role;
 *  - `pl_reader` (password, SELECT only): the writers' servers' role.
 * Passwords are handed over in PGPASSWORD, never in a URL. `stop()` stops the server and
 * removes the folder; `pause()`/`resume()` stop and restart it (fault tests).
 * PostgreSQL refuses to run as root, so as root it runs as the `postgres` system user.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

const PG_BIN = '/usr/lib/postgresql/15/bin';

export interface PgCluster {
  port: number;
  dir: string;
  /** postgresql://pl_owner@127.0.0.1:PORT/team (no password). */
  ownerUrl: string;
  readerUrl: string;
  ownerPassword: string;
  readerPassword: string;
  /** Runs SQL as the superuser over the Unix socket; returns psql's unaligned output. */
  sql(query: string, database?: string): string;
  pause(): void;
  resume(): void;
  stop(): void;
  /** A streaming replica (hot standby, pg_basebackup -R) on another port; stopped and removed by its own stop(). */
  startReplica(): Promise<{ port: number; readerUrl: string; stop(): void }>;
}

/** postgresql-15 present, or installed (root only); else a reason to skip. */
export function ensurePostgres(): string | undefined {
  if (fs.existsSync(path.join(PG_BIN, 'initdb'))) return undefined;
  if (process.getuid?.() !== 0) return `PostgreSQL 15 is not installed (${PG_BIN}) and installing it needs root: apt-get install postgresql-15`;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
  const install = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'postgresql-15'], { stdio: 'inherit', env });
  if (update.status !== 0 || install.status !== 0 || !fs.existsSync(path.join(PG_BIN, 'initdb'))) return 'apt-get install postgresql-15 failed';
  return undefined;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export async function startCluster(): Promise<PgCluster> {
  const asRoot = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-pg-'));
  const data = path.join(dir, 'data');
  const run = (cmd: string, args: string[], input?: string) => runAs(asRoot, dir, cmd, args, input);
  if (asRoot) execFileSync('chown', ['postgres:postgres', dir]);
  fs.chmodSync(dir, 0o700);
  run('initdb', ['-D', data, '-U', 'postgres', '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--locale=C.UTF-8']);
  const port = await freePort();
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  const start = () => run('pg_ctl', ['-D', data, '-o', opts, '-l', path.join(dir, 'log'), '-w', '-t', '60', 'start']);
  start();
  const sql = (query: string, database = 'postgres') => run('psql', ['-h', dir, '-p', String(port), '-U', 'postgres', '-d', database, '-v', 'ON_ERROR_STOP=1', '-qAt', '-c', query]);
  const ownerPassword = 'owner-' + Math.random().toString(36).slice(2);
  const readerPassword = 'reader-' + Math.random().toString(36).slice(2);
  sql(`CREATE ROLE pl_owner LOGIN PASSWORD '${ownerPassword}'`);
  sql(`CREATE ROLE pl_reader LOGIN PASSWORD '${readerPassword}'`);
  sql(`CREATE DATABASE team OWNER pl_owner`);
  sql(`GRANT CONNECT ON DATABASE team TO pl_reader`);
  sql(`GRANT USAGE ON SCHEMA public TO pl_reader; ALTER DEFAULT PRIVILEGES FOR ROLE pl_owner IN SCHEMA public GRANT SELECT ON TABLES TO pl_reader; ALTER DEFAULT PRIVILEGES FOR ROLE pl_owner IN SCHEMA public GRANT SELECT ON SEQUENCES TO pl_reader`, 'team');
  let running = true;
  const stopServer = () => {
    if (!running) return;
    running = false;
    try {
      run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // already stopped
    }
  };
  return {
    port,
    dir,
    ownerUrl: `postgresql://pl_owner@127.0.0.1:${port}/team`,
    readerUrl: `postgresql://pl_reader@127.0.0.1:${port}/team`,
    ownerPassword,
    readerPassword,
    sql,
    pause: stopServer,
    resume: () => {
      if (running) return;
      start();
      running = true;
    },
    stop: () => {
      stopServer();
      fs.rmSync(dir, { recursive: true, force: true });
    },
    startReplica: async () => {
      const rdir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-pg-replica-'));
      if (asRoot) execFileSync('chown', ['postgres:postgres', rdir]);
      fs.chmodSync(rdir, 0o700);
      const rdata = path.join(rdir, 'data');
      const runR = (cmd: string, args: string[]) => runAs(asRoot, rdir, cmd, args);
      runR('pg_basebackup', ['-h', dir, '-p', String(port), '-U', 'postgres', '-D', rdata, '-R', '-X', 'stream', '--checkpoint=fast']);
      const rport = await freePort();
      runR('pg_ctl', ['-D', rdata, '-o', `-p ${rport} -k ${rdir} -c listen_addresses=127.0.0.1 -c hot_standby=on`, '-l', path.join(rdir, 'log'), '-w', '-t', '60', 'start']);
      return {
        port: rport,
        readerUrl: `postgresql://pl_reader@127.0.0.1:${rport}/team`,
        stop: () => {
          try {
            runR('pg_ctl', ['-D', rdata, '-m', 'immediate', '-w', 'stop']);
          } catch {
            // already stopped
          }
          fs.rmSync(rdir, { recursive: true, force: true });
        },
      };
    },
  };
}

/** Runs a PostgreSQL program (as the postgres system user when we are root: PostgreSQL refuses root). */
function runAs(asRoot: boolean, cwd: string, cmd: string, args: string[], input?: string): string {
  const full = path.join(PG_BIN, cmd);
  const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', full, ...args]] : [full, args];
  return execFileSync(file, argv, { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], cwd });
}
