/**
 * The `database` setting at the LSP edge: starts, replaces or stops the team database link
 * (host/database/, loaded from dist/teamDatabase.js only when a database is set), refuses
 * it in an untrusted workspace, and makes sure every answer that points into a team
 * document has its local copy on disk before it is sent (`wrapConnection`).
 */
import * as path from 'node:path';
import type { Connection } from 'vscode-languageserver';
import type { DatabaseStatus, SearchParams, SearchResult } from '../../../shared/protocol';
import type { TeamLink } from '../host/database';
import type { QueryExpansion } from '../core/search';
import type { CorpusService, TeamDocuments } from '../host/corpusService';

type TeamModule = typeof import('../host/database');
let teamModule: TeamModule | undefined;

/** The team database code: its own bundle next to dist/server.js (the .ts module when run from source). */
function loadTeamModule(): TeamModule {
  // A computed path, so that esbuild leaves node-postgres out of the server bundle.
  teamModule ??= (__filename.endsWith('.ts') ? require(path.join(__dirname, '..', 'host', 'database', 'index.ts')) : require(path.join(__dirname, 'teamDatabase.js'))) as TeamModule;
  return teamModule;
}

/** A team "corpus" that is only a status: a refused setting. */
function refused(message: string): TeamDocuments {
  const status: DatabaseStatus = { state: 'refused', documents: 0, message };
  return { documents: () => [], owns: () => false, status: () => status };
}

export interface TeamLog {
  info(message: string): void;
  warn(message: string): void;
}

export class TeamDatabase {
  private link: TeamLink | undefined;
  private key = '';

  constructor(
    private readonly service: CorpusService,
    private readonly log: TeamLog,
    private readonly warnUser: (message: string) => void,
  ) {}

  /** Applies the setting (called on start and on every settings change; unchanged settings do nothing). */
  async configure(url: string, trusted: boolean, cacheDir: string): Promise<void> {
    const key = JSON.stringify([url, trusted, cacheDir]);
    if (key === this.key) return;
    this.key = key;
    const old = this.link;
    this.link = undefined;
    await old?.close();
    if (!url) {
      this.service.attachTeam(undefined);
      return;
    }
    if (!trusted) {
      const message = 'Untrusted workspace: not connecting to the team database (trust the workspace to use it)';
      this.log.warn(message);
      this.service.attachTeam(refused(message));
      return;
    }
    let made: ReturnType<TeamModule['createTeamLink']>;
    try {
      made = loadTeamModule().createTeamLink(url, cacheDir, this.log, this.service);
    } catch (e) {
      made = { ok: false, status: { state: 'refused', documents: 0, message: `The team database support cannot be loaded: ${(e as Error).message}` } };
    }
    if (!made.ok) {
      const message = made.status.message ?? 'The database setting was refused';
      this.log.warn(message);
      this.warnUser(`Policy Lens: ${message}`);
      this.service.attachTeam(refused(message));
      return;
    }
    this.link = made.link;
    this.service.attachTeam(made.link);
    made.link.start();
  }

  async dispose(): Promise<void> {
    const old = this.link;
    this.link = undefined;
    await old?.close();
  }

  /** Local results merged with the team database's (the local ones alone when there is none). */
  async mergeSearch(params: SearchParams, local: SearchResult, expansions: QueryExpansion[] = []): Promise<SearchResult> {
    const link = this.link;
    return link ? link.withLocalCopies(await link.mergeSearch(params, local, expansions)) : local;
  }

  /**
   * The connection the features register on: each handler's answer (and each diagnostics
   * message) waits for the local copies of the team documents it names. Without a team
   * database, answers pass through untouched.
   */
  wrapConnection(connection: Connection): Connection {
    const self = this;
    const after = (result: unknown) => {
      const link = self.link;
      if (!link) return result;
      return result instanceof Promise ? result.then((r) => link.withLocalCopies(r)) : link.withLocalCopies(result);
    };
    const wrapHandler =
      (handler: (...a: unknown[]) => unknown) =>
      (...a: unknown[]) =>
        after(handler(...a));
    return new Proxy(connection, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (typeof value !== 'function') return value;
        if (prop === 'sendDiagnostics') {
          return (params: unknown) => {
            const link = self.link;
            return link ? link.withLocalCopies(params).then((p) => value.call(target, p)) : value.call(target, params);
          };
        }
        if (typeof prop === 'string' && /^on[A-Z]/.test(prop)) {
          return (...args: unknown[]) => value.apply(target, args.map((x) => (typeof x === 'function' ? wrapHandler(x as (...a: unknown[]) => unknown) : x)));
        }
        return value.bind(target);
      },
    });
  }
}
