/**
 * The real server for robustness tests: test/helpers/lspClient.ts (stdio, JSON-RPC, wait
 * for conditions, extra node arguments, environment, another user id, published
 * diagnostics, log waits) with the settings fault tests rely on: every wait and the
 * shutdown have a time limit, the server gets the caller's environment and its own cache
 * folder, the client announces versioned diagnostics, and `errors()` lists the log lines
 * that mean a bug reached the top. Plus temporary folders and `knownIssue()`.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SERVER, startServer, TestServer, Timeouts } from '../../helpers/lspClient';

export { positionOf, REPO, SERVER, withTimeout } from '../../helpers/lspClient';

/**
 * Whether this user can start the server: node runs as them and the server bundle is
 * readable through every folder above it (a checkout in a private folder, such as one made
 * by mktemp -d, is not). Tests that run the server as an unprivileged user skip otherwise.
 */
export function canRunServerAs(user: { uid: number; gid: number }): boolean {
  try {
    execFileSync(process.execPath, ['-e', `require('fs').accessSync(${JSON.stringify(SERVER)}, require('fs').constants.R_OK)`], { ...user, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export interface RobustServer extends TestServer {
  /** Log lines that say the server hit an unexpected error (must stay empty). */
  errors(): string[];
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

/** Default time limits (ms) of a robust server's waits (each call may pass its own) and of its shutdown request. */
export const ROBUST_TIMEOUTS: Readonly<Timeouts> = { status: 50_000, log: 30_000, diagnostics: 30_000, shutdown: 5000 };

export async function startRobustServer(options: RobustStartOptions = {}): Promise<RobustServer> {
  const server = await startServer({
    rootPath: options.rootPath,
    nodeArgs: options.nodeArgs,
    env: options.env ?? process.env,
    uid: options.uid,
    gid: options.gid,
    capabilities: {
      workspace: { didChangeWatchedFiles: { dynamicRegistration: !!options.watchedFilesClient } },
      textDocument: { publishDiagnostics: { versionSupport: true } },
    },
    // Each server gets its own cache folder unless the test names one: no test reads another's cache (or the user's).
    initializationOptions: { cacheDir: path.join(tempDir('plr-cache-'), 'cache'), ...options.initializationOptions },
    timeouts: { ...ROBUST_TIMEOUTS },
  });
  return Object.assign(server, { errors: () => server.logs.filter((l) => ERROR_LINE.test(l)) });
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
