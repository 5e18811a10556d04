/**
 * The real server for robustness tests: like test/helpers/lspClient.ts (stdio, JSON-RPC,
 * wait for conditions), plus what fault tests need: extra node arguments (a preload
 * module), environment, another user id (root reads chmod 000 files), published
 * diagnostics, and waiting on log lines.
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  ProtocolConnection,
  PublishDiagnosticsParams,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { StatusChangedNotification, StatusRequest, StatusResult } from '../../../shared/protocol';

export const REPO = path.resolve(__dirname, '..', '..', '..');
export const SERVER = path.join(REPO, 'dist', 'server.js');

export interface RobustServer {
  connection: ProtocolConnection;
  process: ChildProcess;
  /** window/logMessage and stderr lines, in arrival order. */
  logs: string[];
  /** Latest published diagnostics per URI. */
  diagnostics: Map<string, PublishDiagnosticsParams>;
  ready(): Promise<StatusResult>;
  waitForStatus(predicate: (s: StatusResult) => boolean, timeoutMs?: number): Promise<StatusResult>;
  /** Resolves when a log line matches; rejects after `timeoutMs` with the logs so far. */
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves with the diagnostics of `uri` once published for `version` (or any version when undefined). */
  waitForDiagnostics(uri: string, version?: number, timeoutMs?: number): Promise<PublishDiagnosticsParams>;
  open(uri: string, text: string, languageId?: string, version?: number): void;
  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): void;
  /** Log lines that say the server hit an unexpected error (must stay empty). */
  errors(): string[];
  stop(): Promise<void>;
}

export interface RobustStartOptions {
  initializationOptions?: Record<string, unknown>;
  rootPath?: string;
  /** Node arguments before the script (e.g. ['--require', preload]). */
  nodeArgs?: string[];
  env?: NodeJS.ProcessEnv;
  uid?: number;
  gid?: number;
  /** The client watches files for the server (dynamic didChangeWatchedFiles registration), as VS Code does. */
  watchedFilesClient?: boolean;
}

/** Log lines that mean a bug reached the top (main.ts's handlers, failed requests, failed features). */
export const ERROR_LINE = /Unexpected error|Unhandled rejection|Request .* failed|failed with message|diagnostics of .* failed|TypeError|RangeError|ReferenceError/;

export async function startRobustServer(options: RobustStartOptions = {}): Promise<RobustServer> {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), SERVER, '--stdio'], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: options.env ?? process.env,
    uid: options.uid,
    gid: options.gid,
  });
  const logs: string[] = [];
  const logListeners = new Set<() => void>();
  const pushLog = (l: string) => {
    logs.push(l);
    logListeners.forEach((f) => f());
  };
  child.stderr!.on('data', (d) => pushLog(String(d)));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  connection.onNotification('window/logMessage', (p: { message: string }) => pushLog(p.message));
  const statusListeners = new Set<(s: StatusResult) => void>();
  connection.onNotification(StatusChangedNotification, (s: StatusResult) => statusListeners.forEach((l) => l(s)));
  const diagnostics = new Map<string, PublishDiagnosticsParams>();
  const diagListeners = new Set<() => void>();
  connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    diagnostics.set(p.uri, p);
    diagListeners.forEach((f) => f());
  });
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.onNotification('$/progress', () => undefined);
  connection.listen();

  const waitForStatus = (predicate: (s: StatusResult) => boolean, timeoutMs = 60_000) =>
    withTimeout(
      new Promise<StatusResult>((resolve, reject) => {
        let done = false;
        const check = (s: StatusResult) => {
          if (done || !predicate(s)) return;
          done = true;
          statusListeners.delete(check);
          resolve(s);
        };
        statusListeners.add(check);
        connection.sendRequest<StatusResult>(StatusRequest).then(check, reject);
      }),
      timeoutMs,
      () => `status condition not met; logs:\n${logs.join('\n')}`,
    );

  const waitForLog = (pattern: RegExp, timeoutMs = 30_000) =>
    withTimeout(
      new Promise<string>((resolve) => {
        const check = () => {
          const hit = logs.find((l) => pattern.test(l));
          if (hit === undefined) return;
          logListeners.delete(check);
          resolve(hit);
        };
        logListeners.add(check);
        check();
      }),
      timeoutMs,
      () => `no log line matches ${pattern}; logs:\n${logs.join('\n')}`,
    );

  const waitForDiagnostics = (uri: string, version?: number, timeoutMs = 30_000) =>
    withTimeout(
      new Promise<PublishDiagnosticsParams>((resolve) => {
        const check = () => {
          const d = diagnostics.get(uri);
          if (!d || (version !== undefined && d.version !== version)) return;
          diagListeners.delete(check);
          resolve(d);
        };
        diagListeners.add(check);
        check();
      }),
      timeoutMs,
      () => `no diagnostics for ${uri} version ${version}; latest: ${JSON.stringify(diagnostics.get(uri)?.version)}`,
    );

  const root = options.rootPath ?? REPO;
  await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: pathToFileURL(root).href,
    workspaceFolders: [{ uri: pathToFileURL(root).href, name: path.basename(root) }],
    capabilities: {
      workspace: { configuration: false, didChangeWatchedFiles: { dynamicRegistration: !!options.watchedFilesClient } },
      window: { workDoneProgress: true },
      textDocument: { hover: { contentFormat: ['markdown', 'plaintext'] }, publishDiagnostics: { versionSupport: true } },
    },
    // Each server gets its own cache folder unless the test names one: no test reads another's cache (or the user's).
    initializationOptions: { cacheDir: path.join(tempDir('plr-cache-'), 'cache'), ...options.initializationOptions },
  });
  await connection.sendNotification(InitializedNotification.type, {});

  return {
    connection,
    process: child,
    logs,
    diagnostics,
    ready: () => waitForStatus((s) => s.state === 'ready'),
    waitForStatus,
    waitForLog,
    waitForDiagnostics,
    open(uri, text, languageId = 'markdown', version = 1) {
      void connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version, text } });
    },
    change(uri, version, contentChanges) {
      void connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges });
    },
    errors: () => logs.filter((l) => ERROR_LINE.test(l)),
    async stop() {
      try {
        await withTimeout(connection.sendRequest(ShutdownRequest.type), 5000, () => 'shutdown timed out');
        await connection.sendNotification(ExitNotification.type);
      } catch {
        // already gone
      }
      connection.dispose();
      if (child.exitCode === null) child.kill();
    },
  };
}

/** Rejects with `message()` when `p` has not settled after `ms`. */
export function withTimeout<T>(p: Promise<T>, ms: number, message: () => string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(message())), ms);
    }),
  ]);
}

/** A fresh temporary folder (removed by `cleanupTempDirs`). Readable by everyone so an unprivileged server can read it. */
const made: string[] = [];
export function tempDir(prefix = 'plr-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(dir, 0o755);
  made.push(dir);
  return dir;
}

export function cleanupTempDirs(): void {
  for (const d of made.splice(0)) {
    try {
      // Folders made unreadable by a test must be readable again to be removed.
      fs.chmodSync(d, 0o755);
      fs.rmSync(d, { recursive: true, force: true });
    } catch {
      // best effort
    }
  }
}

/** The position of the first occurrence of `needle` in `text`, plus `delta` characters. */
export function positionOf(text: string, needle: string, delta = 1): { line: number; character: number } {
  const offset = text.indexOf(needle);
  if (offset < 0) throw new Error(`"${needle}" not in text`);
  const before = text.slice(0, offset + delta);
  const line = before.split('\n').length - 1;
  return { line, character: offset + delta - (before.lastIndexOf('\n') + 1) };
}

/**
 * A test of a known bug owned elsewhere: runs the check; a failure marks the test pending
 * with the reason (listed by mocha, does not fail the suite); a pass passes.
 */
export function knownIssue(title: string, issue: string, fn: (this: Mocha.Context) => Promise<void> | void): Mocha.Test {
  return it(`${title} [known issue: ${issue}]`, async function () {
    try {
      await fn.call(this);
    } catch (e) {
      console.log(`      known issue still open: ${issue}\n        ${(e as Error).message.split('\n')[0]}`);
      this.skip();
    }
  });
}
