/**
 * A small LSP client for server tests: starts `node dist/server.js --stdio` as a real child
 * process and speaks JSON-RPC to it. Tests wait for conditions (the status notification,
 * a response), never for a fixed time.
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
  StreamMessageReader,
  StreamMessageWriter,
  DidOpenTextDocumentNotification,
  ShutdownRequest,
  ExitNotification,
  ConfigurationRequest,
} from 'vscode-languageserver-protocol/node';
import { StatusChangedNotification, StatusRequest, StatusResult } from '../../shared/protocol';

export const REPO = path.resolve(__dirname, '..', '..');
export const SERVER = path.join(REPO, 'dist', 'server.js');

export interface TestServer {
  connection: ProtocolConnection;
  process: ChildProcess;
  logs: string[];
  /** Resolves once `policyLens/status` says ready. */
  ready(): Promise<StatusResult>;
  /** Resolves once every work-done progress the server began has ended. */
  waitForProgressEnded(): Promise<void>;
  /** Resolves with the first status (asked now, or notified later) that satisfies the predicate. */
  waitForStatus(predicate: (s: StatusResult) => boolean): Promise<StatusResult>;
  open(uri: string, text: string, languageId?: string): void;
  stop(): Promise<void>;
}

export interface StartOptions {
  initializationOptions?: Record<string, unknown>;
  /** Answers to workspace/configuration; undefined means the client does not support it. */
  configuration?: () => Record<string, unknown>;
  rootPath?: string;
  /** Extra client capabilities, merged over the defaults (e.g. workspace.didChangeWatchedFiles). */
  capabilities?: { workspace?: Record<string, unknown> };
  /**
   * Environment of the server process. By default each server gets its own empty
   * XDG_CACHE_HOME, so a test never reads or writes the user's persisted index (and never
   * sees another test's) unless it passes a cacheDir.
   */
  env?: NodeJS.ProcessEnv;
}

export async function startServer(options: StartOptions = {}): Promise<TestServer> {
  const env = options.env ?? { ...process.env, XDG_CACHE_HOME: fs.mkdtempSync(path.join(os.tmpdir(), 'pl-test-cache-')) };
  const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env });
  const logs: string[] = [];
  child.stderr!.on('data', (d) => logs.push(String(d)));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  connection.onNotification('window/logMessage', (p: { message: string }) => void logs.push(p.message));
  const listeners = new Set<(s: StatusResult) => void>();
  connection.onNotification(StatusChangedNotification, (s: StatusResult) => listeners.forEach((l) => l(s)));
  const waitForStatus = (predicate: (s: StatusResult) => boolean) =>
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
      connection.sendRequest<StatusResult>(StatusRequest).then(check, reject);
    });
  if (options.configuration) {
    const conf = options.configuration;
    connection.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => conf()));
  }
  connection.onRequest('client/registerCapability', () => null);
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
  connection.listen();
  const root = options.rootPath ?? REPO;
  await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: pathToFileURL(root).href,
    workspaceFolders: [{ uri: pathToFileURL(root).href, name: path.basename(root) }],
    capabilities: {
      workspace: { configuration: !!options.configuration, ...options.capabilities?.workspace },
      window: { workDoneProgress: true },
      textDocument: { hover: { contentFormat: ['markdown', 'plaintext'] } },
    },
    initializationOptions: options.initializationOptions,
  });
  await connection.sendNotification(InitializedNotification.type, {});

  return {
    connection,
    process: child,
    logs,
    ready: () => waitForStatus((s) => s.state === 'ready'),
    waitForProgressEnded,
    waitForStatus,
    open(uri, text, languageId = 'markdown') {
      void connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
    },
    async stop() {
      try {
        await connection.sendRequest(ShutdownRequest.type);
        await connection.sendNotification(ExitNotification.type);
      } catch {
        // already gone
      }
      connection.dispose();
      if (child.exitCode === null) child.kill();
    },
  };
}

/** The position of the first occurrence of `needle` in `text`, plus `delta` characters. */
export function positionOf(text: string, needle: string, delta = 1): { line: number; character: number } {
  const offset = text.indexOf(needle);
  if (offset < 0) throw new Error(`"${needle}" not in text`);
  const before = text.slice(0, offset + delta);
  const line = before.split('\n').length - 1;
  return { line, character: offset + delta - (before.lastIndexOf('\n') + 1) };
}
