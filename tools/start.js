#!/usr/bin/env node
// `npm start`: try Policy Lens in a real VS Code workbench (code-server) in your browser.
//
//   npm start                      # http://127.0.0.1:8080/... (or a free port if 8080 is taken)
//   PORT=9000 npm start            # a fixed port (fails if it is taken)
//   npm start -- --workspace DIR   # open another folder instead of the bundled seeds/
//   npm start -- --verbose         # echo code-server's own output
//
// What it does, each step idempotent:
//   1. bash tools/e2e/setup-code-server.sh --start: installs code-server 4.100.3 (VS Code
//      1.100.3) from npm into ${E2E_CACHE_DIR:-~/.cache/vscode-e2e} the first time (about
//      1-2 minutes; Debian build packages via apt if missing); later runs only check (<0.1 s).
//      Nothing for the e2e tests (chromium, neovim, playwright-core) is installed here.
//   2. `npm run build` when dist/extension.js or dist/server.js is missing or older than
//      client/, server/, shared/, esbuild.js or tsconfig.json.
//   3. Starts code-server on 127.0.0.1 only, `--auth none` (anyone who can reach that port
//      on this machine can use the workbench: do not forward it to others), with
//      sandboxed HOME, XDG dirs, user-data dir and extensions dir under
//      ${POLICY_LENS_START_DIR:-<repo>/.cache/start} (kept between runs, so settings you
//      change in the workbench stay; delete the folder to start afresh).
//   4. Prints the URL to open. It carries the workspace folder and the extension in
//      development mode (extensionDevelopmentPath = this repository, exactly as F5 would):
//      `/?folder=ABS&payload=[["extensionDevelopmentPath","vscode-remote://HOST:PORT/ABS"]]`.
//      On a remote machine, forward the port (ssh -L 8080:127.0.0.1:8080 ...) and open the
//      same URL locally.
//   5. Reports when the extension host and the language server (node dist/server.js) start
//      (it watches code-server's process group), and where the logs are.
// Ctrl-C (or SIGTERM/SIGHUP, or the death of the parent npm) stops everything: code-server
// runs in its own process group, which is sent SIGTERM, then SIGKILL after 5 s (extension
// hosts and language servers included).
// After changing the code: `npm run build` in another terminal, then "Developer: Reload
// Window" in the workbench (or restart npm start, which rebuilds when needed).
'use strict';

const fs = require('fs');
const path = require('path');
const { ROOT, ms, runSetup, ensureBuilt, portIsFree, freePort, httpStatus, waitFor, spawnCodeServer } = require('./lib');

function usage() {
  const header = fs.readFileSync(__filename, 'utf8').split('\n').slice(1).filter((l) => l.startsWith('//'))
    .map((l) => l.replace(/^\/\/ ?/, ''));
  return header.join('\n');
}

function parseArgs(argv) {
  const o = { workspace: path.join(ROOT, 'seeds'), verbose: false, build: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => { if (i + 1 >= argv.length) throw new Error(`${a} needs a value`); return argv[++i]; };
    switch (a) {
      case '-h': case '--help': console.log(usage()); process.exit(0); break;
      case '--workspace': o.workspace = path.resolve(val()); break;
      case '--port': o.port = Number(val()); break;
      case '--verbose': o.verbose = true; break;
      case '--no-build': o.build = false; break;
      default: throw new Error(`unknown argument ${a} (try --help)`);
    }
  }
  if (o.port === undefined && process.env.PORT) o.port = Number(process.env.PORT);
  if (o.port !== undefined && !(Number.isInteger(o.port) && o.port > 0 && o.port < 65536)) {
    throw new Error(`invalid port ${o.port}`);
  }
  return o;
}

const log = (m) => console.error(`[start] ${m}`);

function sandboxDirs() {
  const base = path.resolve(process.env.POLICY_LENS_START_DIR || path.join(ROOT, '.cache', 'start'));
  const d = (n) => { const p = path.join(base, n); fs.mkdirSync(p, { recursive: true }); return p; };
  const dirs = { base, home: d('home'), config: d('xdg/config'), data: d('xdg/data'), cache: d('xdg/cache'),
    state: d('xdg/state'), userData: d('user-data'), extensions: d('extensions'), logs: d('logs') };
  const settings = path.join(dirs.userData, 'User', 'settings.json');
  if (!fs.existsSync(settings)) {
    fs.mkdirSync(path.dirname(settings), { recursive: true });
    fs.writeFileSync(settings, JSON.stringify({
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'workbench.enableExperiments': false,
      'telemetry.telemetryLevel': 'off',
      'update.mode': 'none',
      'extensions.autoUpdate': false,
      'extensions.autoCheckUpdates': false,
      'extensions.ignoreRecommendations': true,
      'chat.commandCenter.enabled': false,
      'git.enabled': false,
    }, null, 2) + '\n');
  }
  return dirs;
}

// Processes of one process group (Linux /proc), as [{ pid, cmd }].
function groupProcesses(pgid) {
  const out = [];
  let pids;
  try { pids = fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p)); } catch { return out; }
  for (const pid of pids) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Fields after the ")" that closes the command name: state ppid pgrp ...
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(rest[2]) !== pgid) continue;
      out.push({ pid: Number(pid), cmd: fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim() });
    } catch { /* gone */ }
  }
  return out;
}

let server = null; // { proc, pgid, exited }
let stopping = null;

async function stop(code) {
  if (stopping) return stopping;
  stopping = (async () => {
    if (server && !server.exited) {
      log('stopping code-server and everything it started');
      try { process.kill(-server.pgid, 'SIGTERM'); } catch { /* gone */ }
      await waitFor('code-server to exit', () => server.exited, 5000).catch(() => {});
    }
    if (server) { try { process.kill(-server.pgid, 'SIGKILL'); } catch { /* gone */ } }
    process.exit(code);
  })();
  return stopping;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const t0 = Date.now();
  if (!fs.existsSync(opts.workspace)) throw new Error(`workspace folder ${opts.workspace} does not exist`);

  const entry = runSetup('start');
  if (opts.build) ensureBuilt({ log });

  let port = opts.port;
  if (port === undefined) {
    port = (await portIsFree(8080)) ? 8080 : await freePort();
    if (port !== 8080) log(`port 8080 is taken, using ${port}`);
  } else if (!(await portIsFree(port))) {
    throw new Error(`port ${port} on 127.0.0.1 is already in use`);
  }

  const dirs = sandboxDirs();
  const logFile = path.join(dirs.logs, 'code-server.log');
  const logFd = fs.openSync(logFile, 'w');
  // Its own process group, so Ctrl-C can stop code-server and all it forked.
  const proc = spawnCodeServer({ entry, port, dirs, logFd, verbose: opts.verbose });
  server = { proc, pgid: proc.pid, exited: false };
  proc.on('exit', (code, sig) => {
    server.exited = true;
    if (!stopping) {
      log(`code-server exited (code ${code}, signal ${sig}); log: ${logFile}`);
      stop(code || 1);
    }
  });
  await waitFor(`code-server on port ${port} (log: ${logFile})`,
    async () => (await httpStatus(`http://127.0.0.1:${port}/healthz`)) === 200, 60000, 200);

  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p.split(path.sep).join('/')}`;
  const payload = [['extensionDevelopmentPath', remote(ROOT)]];
  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(opts.workspace)}` +
    `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  const status = await httpStatus(url);
  if (status !== 200) throw new Error(`the workbench URL answered HTTP ${status}`);

  console.log([
    '',
    `Policy Lens is running in code-server (ready in ${ms(t0)}). Open this URL in a browser:`,
    '',
    `  ${url}`,
    '',
    `  workspace: ${opts.workspace}`,
    `  extension: ${ROOT} (development mode)`,
    `  logs:      ${logFile}; the extension's output: View > Output > Policy Lens;`,
    `             extension host logs under ${path.join(dirs.userData, 'logs')}`,
    '',
    'Press Ctrl-C to stop.',
    '',
  ].join('\n'));

  // Report the extension host and the language server as they come and go.
  const seen = new Map();
  const parent = process.ppid;
  const watch = setInterval(() => {
    if (server.exited) return;
    // Orphaned (npm killed without passing the signal on): do not leave code-server behind.
    if (process.ppid !== parent) { log('parent process gone'); stop(1); return; }
    const procs = groupProcesses(server.pgid);
    const now = new Map();
    for (const p of procs) {
      const kind = /dist[/\\]server\.js/.test(p.cmd) ? 'language server'
        : /--type=extensionHost/.test(p.cmd) ? 'extension host' : null;
      if (kind) now.set(p.pid, kind);
    }
    for (const [pid, kind] of now) if (!seen.has(pid)) log(`${kind} started (pid ${pid})`);
    for (const [pid, kind] of seen) if (!now.has(pid)) log(`${kind} stopped (pid ${pid})`);
    seen.clear();
    for (const [pid, kind] of now) seen.set(pid, kind);
  }, 1000);
  watch.unref();
}

for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => stop(sig === 'SIGINT' ? 130 : 143));
process.on('exit', () => { if (server && !server.exited) { try { process.kill(-server.pgid, 'SIGKILL'); } catch { /* gone */ } } });

main().catch((e) => {
  console.error(`[start] error: ${e.message}`);
  stop(1);
});
