/**
 * A small LSP client for server and robustness tests: starts `node dist/server.js --stdio`
 * as a real child process and speaks JSON-RPC to it. Tests wait for conditions (the status
 * notification, a log line, published diagnostics, a response), never for a fixed time.
 * For fault tests it also takes extra node arguments (a preload module), the environment,
 * another user id, and time limits for its waits (test/robustness/helpers/server.ts sets them).
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  InitializeRequest,
  InitializedNotification,
  ProtocolConnection,
  PublishDiagnosticsParams,
  StreamMessageReader,
  StreamMessageWriter,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ShutdownRequest,
  ExitNotification,
  ConfigurationRequest,
  InitializeResult,
  RegistrationRequest,
  TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { StatusChangedNotification, StatusRequest, StatusResult } from '../../shared/protocol';

export const REPO = path.resolve(__dirname, '..', '..');
export const SERVER = path.join(REPO, 'dist', 'server.js');

export interface TestServer {
  connection: ProtocolConnection;
  process: ChildProcess;
  /** window/logMessage and stderr lines, in arrival order. */
  logs: string[];
  /**
   * Latest published diagnostics per URI. (A test that registers its own
   * textDocument/publishDiagnostics handler replaces the one that fills this map.)
   */
  diagnostics: Map<string, PublishDiagnosticsParams>;
  /** The server's answer to initialize (its capabilities, the position encoding it chose). */
  initializeResult: InitializeResult;
  /** Methods the server registered dynamically (client/registerCapability), in order. */
  registrations: string[];
  /** Resolves once `policyLens/status` says ready. */
  ready(): Promise<StatusResult>;
  /** Resolves once every work-done progress the server began has ended. */
  waitForProgressEnded(): Promise<void>;
  /** Resolves with the first status (asked now, or notified later) that satisfies the predicate. */
  waitForStatus(predicate: (s: StatusResult) => boolean, timeoutMs?: number): Promise<StatusResult>;
  /** Resolves when a log line matches; rejects after `timeoutMs` with the logs so far. */
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves with the diagnostics of `uri` once published for `version` (or any version when undefined). */
  waitForDiagnostics(uri: string, version?: number, timeoutMs?: number): Promise<PublishDiagnosticsParams>;
  open(uri: string, text: string, languageId?: string, version?: number): void;
  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): void;
  stop(): Promise<void>;
}

/**
 * Default time limits (ms) of the waits and of stop()'s shutdown request. A limit not given:
 * no limit of the client's own (the wait lasts as long as the test may run).
 */
export interface Timeouts {
  status?: number;
  log?: number;
  diagnostics?: number;
  shutdown?: number;
}

export interface StartOptions {
  initializationOptions?: Record<string, unknown>;
  /** Answers to workspace/configuration; undefined means the client does not support it. */
  configuration?: () => Record<string, unknown>;
  rootPath?: string;
  /** Extra client capabilities, merged over the defaults (e.g. workspace.didChangeWatchedFiles). */
  capabilities?: { workspace?: Record<string, unknown>; textDocument?: Record<string, unknown>; general?: Record<string, unknown> };
  /**
   * Environment of the server process. By default each server gets its own empty
   * XDG_CACHE_HOME, so a test never reads or writes the user's persisted index (and never
   * sees another test's) unless it passes a cacheDir.
   */
  env?: NodeJS.ProcessEnv;
  /** Node arguments before the script (e.g. ['--require', preload]). */
  nodeArgs?: string[];
  uid?: number;
  gid?: number;
  timeouts?: Timeouts;
}

export async function startServer(options: StartOptions = {}): Promise<TestServer> {
  const env = options.env ?? { ...process.env, XDG_CACHE_HOME: fs.mkdtempSync(path.join(os.tmpdir(), 'pl-test-cache-')) };
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), SERVER, '--stdio'], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env,
    uid: options.uid,
    gid: options.gid,
  });
  const timeouts = options.timeouts ?? {};
  const logs: string[] = [];
  const logListeners = new Set<() => void>();
  const pushLog = (l: string) => {
    logs.push(l);
    logListeners.forEach((f) => f());
  };
  child.stderr!.on('data', (d) => pushLog(String(d)));
  // A server that dies says so in the logs a failing wait prints (else the wait just times out).
  child.on('exit', (code, signal) => pushLog(`[test client] server process exited (code ${code}, signal ${signal})`));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  connection.onNotification('window/logMessage', (p: { message: string }) => pushLog(p.message));
  const listeners = new Set<(s: StatusResult) => void>();
  connection.onNotification(StatusChangedNotification, (s: StatusResult) => listeners.forEach((l) => l(s)));
  const diagnostics = new Map<string, PublishDiagnosticsParams>();
  const diagListeners = new Set<() => void>();
  connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    diagnostics.set(p.uri, p);
    diagListeners.forEach((f) => f());
  });
  if (options.configuration) {
    const conf = options.configuration;
    connection.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => conf()));
  }
  const registrations: string[] = [];
  connection.onRequest(RegistrationRequest.type, (p) => {
    registrations.push(...p.registrations.map((r) => r.method));
  });
  const openProgress = new Set<string | number>();
  const progressListeners = new Set<() => void>();
  connection.onRequest('window/workDoneProgress/create', (p: { token: string | number }) => {
    openProgress.add(p.token);
    return null;
  });
  connection.onNotification('$/progress', (p: { token: string | number; value: { kind: string } }) => {
    if (p.value?.kind === 'end') openProgress.delete(p.token);
    progressListeners.forEach((l) => l());
  });
  connection.listen();

  const waitForStatus = (predicate: (s: StatusResult) => boolean, timeoutMs = timeouts.status) =>
    withTimeout(
      new Promise<StatusResult>((resolve, reject) => {
        let done = false;
        const check = (s: StatusResult) => {
          if (done || !predicate(s)) return;
          done = true;
          listeners.delete(check);
          resolve(s);
        };
        // Listen first, then ask: no notification can slip between the two.
        listeners.add(check);
        connection.sendRequest(StatusRequest).then(check, reject);
      }),
      timeoutMs,
      () => `status condition not met; logs:\n${logs.join('\n')}`,
    );

  const waitForProgressEnded = () =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (openProgress.size > 0) return;
        progressListeners.delete(check);
        resolve();
      };
      progressListeners.add(check);
      check();
    });

  const waitForLog = (pattern: RegExp, timeoutMs = timeouts.log) =>
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

  const waitForDiagnostics = (uri: string, version?: number, timeoutMs = timeouts.diagnostics) =>
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
  const initializeResult = await connection.sendRequest(InitializeRequest.type, {
    // A server run as another user cannot signal this process (EPERM), and
    // vscode-languageserver's parent check would then stop it after 3 s: no processId then.
    processId: options.uid !== undefined && options.uid !== process.getuid?.() ? null : process.pid,
    rootUri: pathToFileURL(root).href,
    workspaceFolders: [{ uri: pathToFileURL(root).href, name: path.basename(root) }],
    capabilities: {
      workspace: { configuration: !!options.configuration, ...options.capabilities?.workspace },
      window: { workDoneProgress: true },
      textDocument: { hover: { contentFormat: ['markdown', 'plaintext'] }, ...options.capabilities?.textDocument },
      ...(options.capabilities?.general ? { general: options.capabilities.general } : {}),
    },
    initializationOptions: options.initializationOptions,
  });
  await connection.sendNotification(InitializedNotification.type, {});

  return {
    connection,
    process: child,
    logs,
    diagnostics,
    initializeResult,
    registrations,
    ready: () => waitForStatus((s) => s.state === 'ready'),
    waitForProgressEnded,
    waitForStatus,
    waitForLog,
    waitForDiagnostics,
    open(uri, text, languageId = 'markdown', version = 1) {
      void connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version, text } });
    },
    change(uri, version, contentChanges) {
      void connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges });
    },
    async stop() {
      try {
        await withTimeout(connection.sendRequest(ShutdownRequest.type), timeouts.shutdown, () => 'shutdown timed out');
        await connection.sendNotification(ExitNotification.type);
      } catch {
        // already gone
      }
      connection.dispose();
      if (child.exitCode === null) child.kill();
    },
  };
}

/** Rejects with `message()` when `p` has not settled after `ms`; `p` itself when `ms` is undefined. */
export function withTimeout<T>(p: Promise<T>, ms: number | undefined, message: () => string): Promise<T> {
  if (ms === undefined) return p;
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(message())), ms);
    }),
  ]);
}

/** The position of the first occurrence of `needle` in `text`, plus `delta` characters. */
export function positionOf(text: string, needle: string, delta = 1): { line: number; character: number } {
  const offset = text.indexOf(needle);
  if (offset < 0) throw new Error(`"${needle}" not in text`);
  const before = text.slice(0, offset + delta);
  const line = before.split('\n').length - 1;
  return { line, character: offset + delta - (before.lastIndexOf('\n') + 1) };
}
