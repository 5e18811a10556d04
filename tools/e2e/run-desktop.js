#!/usr/bin/env node
// `npm run test:desktop`: the extension tests (test/extension) inside VS Code desktop, with
// @vscode/test-electron, on the minimum engine of package.json (engines.vscode, ^1.91.0 ->
// 1.91.0) and on the current stable release.
//   - VS Code is downloaded from update.code.visualstudio.com into
//     ${E2E_CACHE_DIR:-~/.cache/vscode-e2e}/vscode-desktop (once per version). Where it
//     cannot be downloaded (our machines reach only the npm registry and apt), each version
//     prints "SKIP ... VS Code desktop could not be downloaded: <reason>; skipped" and counts
//     as skipped: exit 0.
//   - Linux without a display: runs under Xvfb (installed with apt-get, with VS Code's
//     runtime libraries, as root or through sudo, when missing); without Xvfb and without
//     apt, the version is skipped, saying so.
//   - The workspace is a temporary copy of test/e2e/workspace; user data and extensions
//     directories are temporary too; other extensions are disabled.
// Each test of test/extension/index.js ("ok - ..." / "not ok - ...") is one result.
// Last line: `N passed, N failed, N skipped`; exit 1 on any failure.
// Options: --version V (repeatable; default: the engines minimum and stable),
//          --tests DIR (default test/extension), --workspace DIR (default test/e2e/workspace),
//          --no-build. Env: VSCODE_DESKTOP_VERSIONS=1.91.0,stable, E2E_CACHE_DIR.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn, spawnSync } = require('child_process');
const { ROOT, ms, ensureBuilt } = require('../lib');

function usage() {
  return fs.readFileSync(__filename, 'utf8').split('\n').slice(1).filter((l) => l.startsWith('//'))
    .map((l) => l.replace(/^\/\/ ?/, '')).join('\n');
}

function minimumEngine() {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const range = (pkg.engines && pkg.engines.vscode) || '';
  const m = /(\d+\.\d+\.\d+)/.exec(range);
  if (!m) throw new Error(`package.json engines.vscode is not a version range: ${JSON.stringify(range)}`);
  return m[1];
}

function parseArgs(argv) {
  const o = { versions: [], tests: path.join(ROOT, 'test', 'extension'), workspace: path.join(ROOT, 'test', 'e2e', 'workspace'), build: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => { if (i + 1 >= argv.length) throw new Error(`${a} needs a value`); return argv[++i]; };
    switch (a) {
      case '-h': case '--help': console.log(usage()); process.exit(0); break;
      case '--version': o.versions.push(val()); break;
      case '--tests': o.tests = path.resolve(val()); break;
      case '--workspace': o.workspace = path.resolve(val()); break;
      case '--no-build': o.build = false; break;
      default: throw new Error(`unknown argument ${a} (try --help)`);
    }
  }
  if (!o.versions.length) {
    o.versions = process.env.VSCODE_DESKTOP_VERSIONS
      ? process.env.VSCODE_DESKTOP_VERSIONS.split(',').map((v) => v.trim()).filter(Boolean)
      : [minimumEngine(), 'stable'];
  }
  return o;
}

function cacheDir() {
  return process.env.E2E_CACHE_DIR || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'vscode-e2e');
}

const oneLine = (e) => String((e && (e.message || e)) || 'unknown error').split('\n')[0].trim();

// ------------------------------------------------------------------ display (Linux)
const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;

function aptInstall(packages) {
  if (!has('apt-get')) return false;
  const sudo = process.getuid && process.getuid() !== 0 ? (has('sudo') ? ['sudo'] : null) : [];
  if (!sudo) return false;
  const missing = packages.filter((p) => spawnSync('dpkg', ['-s', p], { stdio: 'ignore' }).status !== 0);
  if (!missing.length) return true;
  console.log(`apt-get install ${missing.join(' ')}`);
  const run = (args) => spawnSync(sudo.length ? 'sudo' : args[0], sudo.length ? args : args.slice(1),
    { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status === 0;
  run(['apt-get', 'update', '-qq']);
  // One by one: runtime library names differ between releases (libasound2 / libasound2t64).
  for (const p of missing) run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', p]);
  return true;
}

let xvfb = null;

/** Ensures a display for Electron; returns null when there is one, else why there is none. */
async function ensureDisplay() {
  if (process.platform !== 'linux' || process.env.DISPLAY || process.env.WAYLAND_DISPLAY) return null;
  if (xvfb) return null;
  if (!has('Xvfb')) {
    aptInstall(['xvfb', 'libnss3', 'libgtk-3-0', 'libxkbfile1', 'libsecret-1-0', 'libgbm1', 'libasound2', 'libasound2t64', 'xauth']);
  }
  if (!has('Xvfb')) return 'no display: DISPLAY is unset and Xvfb is not installed (apt-get install xvfb)';
  // -displayfd: Xvfb picks a free display and writes its number on fd 3 when it is ready.
  const proc = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x800x24', '-nolisten', 'tcp'],
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe'], detached: true });
  let err = '';
  proc.stderr.on('data', (d) => { err += d; });
  const display = await new Promise((resolve) => {
    let out = '';
    proc.stdio[3].on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(out.trim());
    });
    proc.on('exit', () => resolve(null));
  });
  if (!display) return `no display: Xvfb did not start (${err.trim().split('\n').pop() || 'no output'})`;
  xvfb = proc;
  process.env.DISPLAY = `:${display}`;
  console.log(`Xvfb on DISPLAY=:${display}`);
  return null;
}

function stopXvfb() {
  if (xvfb && xvfb.exitCode === null) { try { process.kill(-xvfb.pid, 'SIGTERM'); } catch { /* gone */ } }
  xvfb = null;
}

// ------------------------------------------------------------------ one version
async function runVersion(version, opts, testElectron) {
  const t0 = Date.now();
  let executable;
  try {
    executable = await testElectron.downloadAndUnzipVSCode({ version, cachePath: path.join(cacheDir(), 'vscode-desktop'), timeout: 20000 });
  } catch (e) {
    return { skipped: `VS Code desktop could not be downloaded: ${oneLine(e)}; skipped` };
  }
  const noDisplay = await ensureDisplay();
  if (noDisplay) return { skipped: `VS Code desktop ${version} cannot start: ${noDisplay}; skipped` };
  if (opts.build) { ensureBuilt({ log: (m) => console.log(m) }); opts.build = false; }

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vscode-desktop-'));
  const workspace = path.join(tmp, 'workspace', path.basename(opts.workspace));
  fs.cpSync(opts.workspace, workspace, { recursive: true });
  // Tee VS Code's output (the extension host's console reaches stdout) to count the tests.
  const lines = [];
  let buf = '';
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = (chunk, ...rest) => {
    buf += String(chunk);
    let i;
    while ((i = buf.indexOf('\n')) >= 0) { lines.push(buf.slice(0, i)); buf = buf.slice(i + 1); }
    return write(chunk, ...rest);
  };
  let error = null;
  try {
    await testElectron.runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: opts.tests,
      launchArgs: [workspace, '--disable-extensions', `--user-data-dir=${path.join(tmp, 'user-data')}`,
        `--extensions-dir=${path.join(tmp, 'extensions')}`],
    });
  } catch (e) {
    error = e;
  } finally {
    process.stdout.write = write;
    if (buf) lines.push(buf);
    fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 3, retryDelay: 200 });
  }
  let passed = 0;
  let failed = 0;
  let reported = null;
  for (const l of lines) {
    let m;
    if ((m = /^\s*ok - (.*)$/.exec(l))) { passed++; console.log(`PASS ${version}: ${m[1]}`); }
    else if ((m = /^\s*not ok - (.*)$/.exec(l))) { failed++; console.log(`FAIL ${version}: ${m[1]}`); }
    else if ((m = /extension tests: (\d+) passed, (\d+) failed/.exec(l))) reported = { passed: +m[1], failed: +m[2] };
  }
  if (reported) ({ passed, failed } = reported);
  if (error && !failed) failed++;
  if (!error && !passed && !failed) passed++;
  console.log(`${error ? 'FAIL' : 'PASS'} VS Code desktop ${version}: ${passed} passed, ${failed} failed${error ? ` (${oneLine(error)})` : ''} (${ms(t0)})`);
  return { passed, failed };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const t0 = Date.now();
  let testElectron;
  try {
    testElectron = require('@vscode/test-electron');
  } catch (e) {
    console.log(`FAIL @vscode/test-electron is not installed (npm ci): ${oneLine(e)}`);
    console.log(`0 passed, 1 failed, 0 skipped`);
    return 1;
  }
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const version of opts.versions) {
    let r;
    try {
      r = await runVersion(version, opts, testElectron);
    } catch (e) {
      r = { passed: 0, failed: 1 };
      console.log(`FAIL VS Code desktop ${version}: ${oneLine(e)}`);
    }
    if (r.skipped) { skipped++; console.log(`SKIP VS Code desktop ${version}: ${r.skipped}`); continue; }
    passed += r.passed;
    failed += r.failed;
  }
  stopXvfb();
  console.log(`desktop total ${ms(t0)}`);
  console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
  return failed ? 1 : 0;
}

for (const sig of ['SIGTERM', 'SIGHUP']) process.on(sig, () => { stopXvfb(); process.exit(130); });
process.on('exit', stopXvfb);

main().then((code) => process.exit(code), (e) => {
  console.log(`FAIL desktop: ${e.stack || e.message}`);
  console.log('0 passed, 1 failed, 0 skipped');
  process.exit(1);
});
