// Helpers shared by tools/start.js, tools/e2e/run-e2e.js, tools/e2e/run-desktop.js and
// tools/e2e/run-in-code-server.js (no dependencies: Node's own modules only).
'use strict';

const fs = require('fs');
const net = require('net');
const path = require('path');
const http = require('http');
const { spawn, spawnSync } = require('child_process');

const ROOT = path.resolve(__dirname, '..');
const SETUP = path.join(__dirname, 'e2e', 'setup-code-server.sh');
const DIST_FILES = ['dist/extension.js', 'dist/server.js'].map((f) => path.join(ROOT, f));
// What `npm run build` bundles. A change in any of these makes dist/ stale.
const BUILD_INPUTS = ['client', 'server', 'shared', 'esbuild.js', 'tsconfig.json'].map((f) => path.join(ROOT, f));

const ms = (t0) => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

/** Runs setup-code-server.sh (idempotent); its log goes to stderr. Returns CODE_SERVER_BIN. */
function runSetup(mode /* 'start' | 'e2e' */) {
  const args = [SETUP];
  if (mode === 'start') args.push('--start');
  const r = spawnSync('bash', args, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (r.error) throw new Error(`setup-code-server.sh: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`setup-code-server.sh exited with ${r.status}`);
  const m = /^CODE_SERVER_BIN=(.+)$/m.exec(r.stdout);
  if (!m) throw new Error(`setup-code-server.sh printed no CODE_SERVER_BIN line:\n${r.stdout}`);
  return m[1].trim();
}

function newestMtime(p, skip = new Set(['node_modules', '.git', 'dist'])) {
  let st;
  try { st = fs.statSync(p); } catch { return 0; }
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const e of fs.readdirSync(p, { withFileTypes: true })) {
    if (skip.has(e.name)) continue;
    newest = Math.max(newest, newestMtime(path.join(p, e.name), skip));
  }
  return newest;
}

/** Why dist/ needs a build, or null when it is up to date. */
function buildNeeded() {
  const missing = DIST_FILES.filter((f) => !fs.existsSync(f));
  if (missing.length) return `missing ${missing.map((f) => path.relative(ROOT, f)).join(', ')}`;
  const oldestDist = Math.min(...DIST_FILES.map((f) => fs.statSync(f).mtimeMs));
  const newestSrc = Math.max(...BUILD_INPUTS.map((p) => newestMtime(p)));
  return newestSrc > oldestDist ? 'sources are newer than dist/' : null;
}

/** `npm run build` (always when force, else only when dist/ is missing or stale). */
function ensureBuilt({ force = false, log = console.error } = {}) {
  const why = force ? 'requested' : buildNeeded();
  if (!why) { log('dist/ is up to date'); return; }
  if (!fs.existsSync(path.join(ROOT, 'esbuild.js'))) {
    throw new Error(`cannot build (${why}): esbuild.js does not exist yet`);
  }
  const t0 = Date.now();
  log(`npm run build (${why})`);
  const r = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`npm run build failed (exit ${r.status})`);
  const still = DIST_FILES.filter((f) => !fs.existsSync(f));
  if (still.length) throw new Error(`npm run build did not produce ${still.map((f) => path.relative(ROOT, f)).join(', ')}`);
  log(`built in ${ms(t0)}`);
}

function portIsFree(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen(port, host, () => srv.close(() => resolve(true)));
  });
}

function freePort(host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, host, () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
  });
}

function httpStatus(url) {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => { res.resume(); resolve(res.statusCode); });
    req.on('error', () => resolve(0));
    req.setTimeout(2000, () => { req.destroy(); resolve(0); });
  });
}

// Poll a condition (never a fixed sleep): resolves with its truthy value or throws on timeout.
async function waitFor(what, fn, timeoutMs, intervalMs = 100) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * Starts code-server (`entry`: its out/node/entry.js) on 127.0.0.1:`port`, `--auth none`,
 * with a sandboxed HOME and XDG dirs (and TMPDIR when `dirs.tmp` is given) and its own
 * user-data and extensions dirs, in its own process group (detached: kill -pgid stops it
 * and everything it forked). Its output goes to `logFd`, and to stderr too when `verbose`.
 * Returns the child process.
 */
function spawnCodeServer({ entry, port, dirs, logFd, verbose = false }) {
  const env = { ...process.env, HOME: dirs.home, XDG_CONFIG_HOME: dirs.config, XDG_DATA_HOME: dirs.data,
    XDG_CACHE_HOME: dirs.cache, XDG_STATE_HOME: dirs.state };
  if (dirs.tmp) env.TMPDIR = dirs.tmp;
  // No password, no link to a surrounding VS Code; code-server takes PORT over --bind-addr.
  delete env.PASSWORD; delete env.HASHED_PASSWORD; delete env.VSCODE_IPC_HOOK_CLI; delete env.PORT;
  const args = [entry, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry',
    '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions, '--ignore-last-opened'];
  const proc = spawn(process.execPath, args, { env, cwd: dirs.home, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const s of [proc.stdout, proc.stderr]) {
    s.on('data', (b) => { fs.writeSync(logFd, b); if (verbose) process.stderr.write(`[code-server] ${b}`); });
  }
  return proc;
}

/** Runs a command, prefixing each output line; resolves { code, lines }. */
function runPrefixed(cmd, args, { prefix, cwd = ROOT, env = process.env } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines = [];
    const onData = (stream) => {
      let buf = '';
      stream.setEncoding('utf8');
      stream.on('data', (d) => {
        buf += d;
        let i;
        while ((i = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, i);
          buf = buf.slice(i + 1);
          lines.push(line);
          process.stdout.write(`${prefix}${line}\n`);
        }
      });
      stream.on('end', () => { if (buf) { lines.push(buf); process.stdout.write(`${prefix}${buf}\n`); } });
    };
    onData(child.stdout);
    onData(child.stderr);
    child.on('error', (e) => { lines.push(`spawn error: ${e.message}`); });
    child.on('close', (code, signal) => resolve({ code: code === null ? 128 : code, signal, lines, child }));
    runPrefixed.current = child;
  });
}

/** The last "N passed, N failed" (or "N passed, N failed, N skipped") line of some output, or null. */
function parseSummary(lines) {
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = /^\s*(\d+) passed, (\d+) failed(?:, (\d+) skipped)?\s*$/.exec(lines[i]);
    if (m) return { passed: +m[1], failed: +m[2], skipped: m[3] ? +m[3] : 0 };
  }
  return null;
}

module.exports = { ROOT, SETUP, ms, runSetup, buildNeeded, ensureBuilt, portIsFree, freePort, httpStatus, waitFor,
  spawnCodeServer, runPrefixed, parseSummary };
