/**
 * The index workers are child processes of the server (host/indexProcess.ts): none may
 * outlive it. A server killed outright (SIGKILL: no handler runs) or stopped in the middle
 * of a cold build leaves no index process behind: each ends when its IPC link closes.
 * Processes are found through /proc (Linux); elsewhere the test is skipped.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { StatusRequest } from '../../shared/protocol';
import { cleanupTempDirs, startRobustServer } from './helpers/server';

const CORPUS = path.join(__dirname, '..', 'fixtures', 'vn-news');

/** The live (not zombie) processes whose parent is `pid`. */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const fields = fs.readFileSync(`/proc/${name}/stat`, 'utf8').split(') ')[1].split(' ');
      if (Number(fields[1]) === pid && fields[0] !== 'Z') out.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

function alive(pid: number): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Polls `condition` every 20 ms until it holds, failing with `what` after `limitMs`. */
async function until<T>(what: string, condition: () => T | undefined, limitMs: number): Promise<T> {
  const end = Date.now() + limitMs;
  for (;;) {
    const value = condition();
    if (value !== undefined) return value;
    assert.ok(Date.now() < end, `${what}: not seen within ${limitMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const ways: [string, (server: Awaited<ReturnType<typeof startRobustServer>>) => void][] = [
  // how the server goes, mid-build
  ['killed outright (SIGKILL)', (server) => server.process.kill('SIGKILL')],
  ['ended by a signal it handles (SIGTERM)', (server) => server.process.kill('SIGTERM')],
];

describe('index worker processes', function () {
  this.timeout(120_000);
  before(function () {
    if (!fs.existsSync('/proc/self/stat')) this.skip();
  });
  afterEach(() => cleanupTempDirs());

  for (const [how, stop] of ways) {
    it(`none outlives a server ${how} in the middle of a cold build`, async () => {
      const server = await startRobustServer({
        initializationOptions: { corpusPaths: [CORPUS], includeBundledCorpus: false },
        env: { ...process.env, POLICY_LENS_WORKERS: '2' },
      });
      const pid = server.process.pid!;
      let workers: number[] = [];
      try {
        // The build starts its index processes once the files are found (446 files: more than a chunk).
        workers = await until('the index worker processes', () => {
          const found = childrenOf(pid);
          return found.length >= 1 ? found : undefined;
        }, 60_000);
        assert.notEqual((await server.connection.sendRequest(StatusRequest)).state, 'ready', 'still indexing when the server is stopped');
        stop(server);
        await until('the server and its index processes gone', () => (alive(pid) || workers.some(alive) ? undefined : true), 30_000);
      } finally {
        if (alive(pid)) server.process.kill('SIGKILL');
        for (const w of workers) if (alive(w)) process.kill(w, 'SIGKILL');
      }
    });
  }
});
