#!/usr/bin/env node
// End-to-end driver: a real VS Code workbench (code-server) + Debian's chromium via
// playwright-core. Loads one extension in development mode, opens a workspace
// folder and runs steps (open a file, hover, run a palette command, screenshot), or
// runs the extension's own tests inside the extension host (--tests).
// Only dependency: playwright-core (see README.md). Run with --help for usage.
// Policy Lens copy of the team's e2e kit; changes: on failure the workbench's server-side
// logs (extension host, output channels) are copied to ARTIFACTS/logs/user-data; a
// `status` step waits for the status bar to show (and not show) a text.
'use strict';

const fs = require('fs');
const os = require('os');
const net = require('net');
const path = require('path');
const http = require('http');
const { spawn } = require('child_process');

const USAGE = `usage: node run-in-code-server.js --extension DIR --workspace DIR [options] [steps]

  --extension DIR      extension to load (extensionDevelopmentPath); repeatable
  --workspace DIR      folder to open
  --steps FILE.json    steps from a JSON array (see README.md); CLI steps run after them
  --tests DIR|FILE     run extension tests in the extension host (extensionTestsPath):
                       the module's run() is awaited; its result is the exit code
  --artifacts DIR      where failure screenshots and logs go (default: e2e-artifacts)
  --timeout MS         per-step timeout (default 30000)
  --startup-timeout MS code-server + workbench start (default 60000)
  --keep               keep the sandbox (user data, logs) and print its path
  --verbose            echo code-server and browser console output
Steps, in order (each --expect applies to the step before it):
  --open FILE                 Quick Open (Ctrl+P) a file, relative to the workspace
  --hover WORD|LINE:COL       cursor on the first WORD in the open file, or on LINE:COL
                              (1-based), then Ctrl+K Ctrl+I; --expect TEXT: hover contains TEXT
  --command TITLE             F1, type TITLE, run it; --expect ITEM: a quick pick lists ITEM
  --screenshot FILE.png       screenshot of the page
  --escape                    press Escape (close hover / quick pick)
  --status TEXT               wait until the status bar shows TEXT; --absent TEXT: and no
                              longer shows TEXT (e.g. a progress message that must end)
Env: CODE_SERVER_BIN (code-server's out/node/entry.js), E2E_CACHE_DIR, CODE_SERVER_VERSION,
     CHROMIUM (default /usr/bin/chromium), PLAYWRIGHT_CORE_VERSION.`;

// ------------------------------------------------------------------ arguments
function parseArgs(argv) {
  const o = { extensions: [], steps: [], timeout: 30000, startupTimeout: 60000, artifacts: 'e2e-artifacts' };
  const cliSteps = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    switch (a) {
      case '-h': case '--help': console.log(USAGE); process.exit(0); break;
      case '--extension': o.extensions.push(path.resolve(val())); break;
      case '--workspace': o.workspace = path.resolve(val()); break;
      case '--steps': o.stepsFile = path.resolve(val()); break;
      case '--tests': o.tests = path.resolve(val()); break;
      case '--artifacts': o.artifacts = val(); break;
      case '--timeout': o.timeout = Number(val()); break;
      case '--startup-timeout': o.startupTimeout = Number(val()); break;
      case '--keep': o.keep = true; break;
      case '--verbose': o.verbose = true; break;
      case '--open': cliSteps.push({ action: 'open', file: val() }); break;
      case '--hover': {
        const v = val();
        const m = /^(\d+):(\d+)$/.exec(v);
        cliSteps.push(m ? { action: 'hover', line: +m[1], column: +m[2] } : { action: 'hover', word: v });
        break;
      }
      case '--command': cliSteps.push({ action: 'command', title: val() }); break;
      case '--screenshot': cliSteps.push({ action: 'screenshot', path: val() }); break;
      case '--escape': cliSteps.push({ action: 'escape' }); break;
      case '--status': cliSteps.push({ action: 'status', expect: val() }); break;
      case '--absent': {
        const last = cliSteps[cliSteps.length - 1];
        if (!last || last.action !== 'status') throw new Error('--absent must follow --status');
        last.absent = val();
        break;
      }
      case '--expect': {
        const last = cliSteps[cliSteps.length - 1];
        if (!last || !['hover', 'command'].includes(last.action)) throw new Error('--expect must follow --hover or --command');
        last.expect = val();
        break;
      }
      default: throw new Error(`unknown argument ${a}\n\n${USAGE}`);
    }
  }
  if (!o.workspace) throw new Error(`--workspace is required\n\n${USAGE}`);
  if (!o.extensions.length) throw new Error(`--extension is required\n\n${USAGE}`);
  if (o.stepsFile) {
    const fromFile = JSON.parse(fs.readFileSync(o.stepsFile, 'utf8'));
    if (!Array.isArray(fromFile)) throw new Error(`${o.stepsFile}: expected a JSON array of steps`);
    // Paths in a steps file (screenshots) are relative to the steps file.
    for (const s of fromFile) {
      if (s.action === 'screenshot' && s.path) s.path = path.resolve(path.dirname(o.stepsFile), s.path);
    }
    o.steps.push(...fromFile);
  }
  o.steps.push(...cliSteps);
  if (!o.steps.length && !o.tests) throw new Error(`no steps given and no --tests\n\n${USAGE}`);
  return o;
}

// ------------------------------------------------------------------ helpers
function cacheDir() {
  return process.env.E2E_CACHE_DIR || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'vscode-e2e');
}

function findCodeServer() {
  const p = process.env.CODE_SERVER_BIN ||
    path.join(cacheDir(), `code-server-${process.env.CODE_SERVER_VERSION || '4.100.3'}`, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  if (!fs.existsSync(p)) throw new Error(`code-server not found at ${p}: run setup-code-server.sh or set CODE_SERVER_BIN`);
  return p;
}

function loadPlaywright() {
  const candidates = [process.cwd(), __dirname,
    path.join(cacheDir(), `playwright-core-${process.env.PLAYWRIGHT_CORE_VERSION || '1.65.1'}`)];
  for (const base of candidates) {
    try { return require(require.resolve('playwright-core', { paths: [base] })); } catch { /* next */ }
  }
  throw new Error('playwright-core not found: run setup-code-server.sh, or npm install -D playwright-core');
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
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

const ms = (t0) => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

// ------------------------------------------------------------------ code-server
let server = null; // { proc, pgid }
let browser = null;
let sandbox = null;
let keepSandbox = false;

function killServerSync() {
  if (!server || server.exited) return;
  try { process.kill(-server.pgid, 'SIGKILL'); } catch { /* gone */ }
}

// Single-flight: the signal handlers and the normal exit path may both call it.
let cleanupPromise = null;
function cleanup() {
  if (!cleanupPromise) cleanupPromise = doCleanup();
  return cleanupPromise;
}

async function doCleanup() {
  if (browser) { const b = browser; browser = null; await b.close().catch(() => {}); }
  if (server && !server.exited) {
    // The whole process group: code-server, its extension hosts, language servers.
    try { process.kill(-server.pgid, 'SIGTERM'); } catch { /* gone */ }
    await waitFor('code-server to exit', () => server.exited, 5000).catch(() => {});
  }
  // Extension hosts can outlive the server: make sure nothing of the group is left.
  if (server) { try { process.kill(-server.pgid, 'SIGKILL'); } catch { /* gone */ } }
  if (sandbox && !keepSandbox) {
    try {
      fs.rmSync(sandbox, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    } catch (e) {
      console.error(`warning: could not remove sandbox ${sandbox}: ${e.message}`);
    }
  }
}

async function startCodeServer(opts) {
  sandbox = fs.mkdtempSync(path.join(os.tmpdir(), 'vscode-e2e-'));
  const d = (n) => { const p = path.join(sandbox, n); fs.mkdirSync(p, { recursive: true }); return p; };
  const dirs = { home: d('home'), config: d('xdg/config'), data: d('xdg/data'), cache: d('xdg/cache'), state: d('xdg/state'),
    tmp: d('tmp'), userData: d('user-data'), extensions: d('extensions'), logs: d('logs') };
  // Quieter, deterministic workbench.
  const userDir = path.join(dirs.userData, 'User');
  fs.mkdirSync(userDir, { recursive: true });
  fs.writeFileSync(path.join(userDir, 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'extensions.ignoreRecommendations': true,
    'editor.hover.delay': 300,
    'chat.commandCenter.enabled': false,
    'git.enabled': false,
  }, null, 2));

  const port = await freePort();
  const entry = findCodeServer();
  const env = { ...process.env, HOME: dirs.home, XDG_CONFIG_HOME: dirs.config, XDG_DATA_HOME: dirs.data,
    XDG_CACHE_HOME: dirs.cache, XDG_STATE_HOME: dirs.state, TMPDIR: dirs.tmp };
  delete env.PASSWORD; delete env.HASHED_PASSWORD; delete env.VSCODE_IPC_HOOK_CLI;
  const args = [entry, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry',
    '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions, '--ignore-last-opened'];
  const logFile = path.join(dirs.logs, 'code-server.log');
  const log = fs.openSync(logFile, 'a');
  // detached: own process group, so cleanup can kill code-server and everything it forked.
  const proc = spawn(process.execPath, args, { env, cwd: dirs.home, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  server = { proc, pgid: proc.pid, exited: false, logFile, port };
  proc.on('exit', (code, sig) => { server.exited = true; server.exitInfo = `code ${code}, signal ${sig}`; });
  for (const s of [proc.stdout, proc.stderr]) {
    s.on('data', (b) => { fs.writeSync(log, b); if (opts.verbose) process.stderr.write(`[code-server] ${b}`); });
  }
  await waitFor(`code-server on port ${port} (log: ${logFile})`, async () => {
    if (server.exited) throw new Error(`code-server exited (${server.exitInfo}); log:\n${tail(logFile)}`);
    return (await httpStatus(`http://127.0.0.1:${port}/healthz`)) === 200;
  }, opts.startupTimeout, 200);
  return { port, dirs };
}

function tail(file, n = 40) {
  try { return fs.readFileSync(file, 'utf8').split('\n').slice(-n).join('\n'); } catch { return ''; }
}

// ------------------------------------------------------------------ workbench helpers
const QUICK_INPUT = '.quick-input-widget';

async function quickInputRows(page) {
  return page.evaluate((sel) => {
    const w = document.querySelector(sel);
    if (!w || w.style.display === 'none' || !w.offsetParent) return null;
    const input = w.querySelector('input.input, .quick-input-box input');
    const rows = [...w.querySelectorAll('.quick-input-list .monaco-list-row')].map((r) => {
      const label = r.querySelector('.label-name, .monaco-highlighted-label');
      return (label ? label.textContent : r.getAttribute('aria-label') || '').trim();
    });
    return { value: input ? input.value : '', rows };
  }, QUICK_INPUT);
}

async function closeWidgets(page) {
  // Escape until no quick input is visible (bounded).
  for (let i = 0; i < 3; i++) {
    const q = await quickInputRows(page);
    if (!q) break;
    await page.keyboard.press('Escape');
  }
}

async function visibleHoverText(page) {
  return page.evaluate(() => {
    const texts = [...document.querySelectorAll('.monaco-hover')]
      .filter((h) => h.getClientRects().length && !h.classList.contains('hidden') && h.offsetParent !== null)
      .map((h) => h.innerText.trim())
      .filter((t) => t && !/^Loading\.\.\.$/.test(t));
    return texts.length ? texts.join('\n---\n') : null;
  });
}

async function activeEditorFile(page) {
  return page.evaluate(() => {
    const tab = document.querySelector('.editor-group-container.active .tabs-container .tab.active')
      || document.querySelector('.tabs-container .tab.active');
    return tab ? (tab.getAttribute('aria-label') || tab.textContent || '').trim() : null;
  });
}

function findWord(file, word) {
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
  const re = new RegExp(`\\b${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`);
  for (let i = 0; i < lines.length; i++) {
    const m = re.exec(lines[i]) || (lines[i].includes(word) ? { index: lines[i].indexOf(word) } : null);
    if (m) return { line: i + 1, column: m.index + 1 };
  }
  throw new Error(`word "${word}" not found in ${file}`);
}

// ------------------------------------------------------------------ steps
function describe(s) {
  switch (s.action) {
    case 'open': return `open ${s.file}`;
    case 'hover': return `hover ${s.word ? `"${s.word}"` : `${s.line}:${s.column}`}${s.expect ? ` contains "${s.expect}"` : ''}`;
    case 'command': return `command "${s.title}"${s.expect ? ` lists "${s.expect}"` : ''}`;
    case 'screenshot': return `screenshot ${s.path}`;
    case 'escape': return 'escape';
    case 'status': return `status bar shows "${s.expect}"${s.absent ? ` and not "${s.absent}"` : ''}`;
    default: return JSON.stringify(s);
  }
}

async function runStep(page, s, ctx) {
  const timeout = s.timeout || ctx.timeout;
  switch (s.action) {
    case 'open': {
      await closeWidgets(page);
      const base = path.basename(s.file);
      await page.keyboard.press('Control+P');
      await waitFor('Quick Open', async () => (await quickInputRows(page)) !== null, timeout);
      await page.keyboard.type(s.file.replace(/\\/g, '/'));
      await waitFor(`"${base}" in Quick Open`, async () => {
        const q = await quickInputRows(page);
        return q && q.rows.some((r) => r.includes(base));
      }, timeout);
      await page.keyboard.press('Enter');
      await waitFor(`editor tab for ${base}`, async () => {
        const t = await activeEditorFile(page);
        return t && t.includes(base);
      }, timeout);
      await page.waitForSelector('.editor-group-container.active .monaco-editor .view-lines', { timeout });
      ctx.openFile = path.resolve(ctx.workspace, s.file);
      return `active editor: ${base}`;
    }
    case 'hover': {
      let { line, column } = s;
      if (s.word) {
        if (!ctx.openFile) throw new Error('hover on a word needs an --open step first');
        ({ line, column } = findWord(ctx.openFile, s.word));
      }
      const deadline = Date.now() + timeout;
      let attempts = 0;
      let last = null;
      // The language server may still be starting: retry the whole gesture until the
      // expected hover appears (each try waits up to 3 s for a hover to render).
      while (Date.now() < deadline) {
        attempts++;
        await closeWidgets(page);
        await page.keyboard.press('Escape');
        // Go to line:column through Quick Open (":L:C"), which leaves the cursor there.
        await page.keyboard.press('Control+P');
        await waitFor('Quick Open', async () => (await quickInputRows(page)) !== null, timeout);
        await page.keyboard.type(`:${line}:${column}`);
        await page.keyboard.press('Enter');
        await waitFor('Quick Open to close', async () => (await quickInputRows(page)) === null, timeout);
        await waitFor('editor focus', () => page.evaluate(() =>
          !!(document.activeElement && document.activeElement.closest('.monaco-editor'))), timeout);
        if (attempts % 2 === 1) {
          // Keyboard: Show Hover (editor.action.showHover, Ctrl+K Ctrl+I).
          await page.keyboard.press('Control+K');
          await page.keyboard.press('Control+I');
        } else {
          // Mouse: move onto the cursor position (one char to the right of it).
          const box = await page.evaluate(() => {
            const c = document.querySelector('.editor-group-container.active .monaco-editor .cursors-layer .cursor');
            const r = c && c.getBoundingClientRect();
            return r ? { x: r.left, y: r.top + r.height / 2 } : null;
          });
          if (box) { await page.mouse.move(box.x - 40, box.y + 40); await page.mouse.move(box.x + 4, box.y, { steps: 4 }); }
        }
        last = await waitFor('hover', async () => {
          const t = await visibleHoverText(page);
          return t && (!s.expect || t.includes(s.expect)) ? t : null;
        }, Math.min(3000, Math.max(500, deadline - Date.now()))).catch(() => null) || await visibleHoverText(page);
        if (last && (!s.expect || last.includes(s.expect))) {
          return `at ${line}:${column} (${attempts % 2 ? 'keyboard' : 'mouse'}, try ${attempts}): ${JSON.stringify(last.slice(0, 200))}`;
        }
      }
      throw new Error(`no matching hover at ${line}:${column} after ${attempts} tries; last hover text: ${JSON.stringify(last)}`);
    }
    case 'command': {
      await closeWidgets(page);
      await page.keyboard.press('F1');
      await waitFor('command palette', async () => {
        const q = await quickInputRows(page);
        return q && q.value.startsWith('>');
      }, timeout);
      await page.keyboard.type(s.title);
      await waitFor(`"${s.title}" in the command palette`, async () => {
        const q = await quickInputRows(page);
        return q && q.rows.some((r) => r === s.title || r.endsWith(s.title));
      }, timeout);
      // Select the exact row (not just the first one) and run it.
      const q0 = await quickInputRows(page);
      const idx = q0.rows.findIndex((r) => r === s.title || r.endsWith(s.title));
      for (let i = 0; i < idx; i++) await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      // The command's own QuickPick: visible, not the palette any more, has rows.
      let seen = null;
      const q = await waitFor(s.expect ? `quick pick item "${s.expect}"` : 'a quick pick with items', async () => {
        const r = await quickInputRows(page);
        if (!r || r.value.startsWith('>') || !r.rows.length) return null;
        seen = r.rows;
        return !s.expect || r.rows.includes(s.expect) ? r : null;
      }, timeout).catch((e) => { throw new Error(`${e.message}; items listed: ${JSON.stringify(seen)}`); });
      return `quick pick items: ${JSON.stringify(q.rows)}`;
    }
    case 'screenshot': {
      const p = path.resolve(s.path);
      fs.mkdirSync(path.dirname(p), { recursive: true });
      await page.screenshot({ path: p });
      return p;
    }
    case 'escape': {
      await page.keyboard.press('Escape');
      return 'ok';
    }
    case 'status': {
      // The status bar's items (extension items, window progress), as one line of text.
      const text = () => page.evaluate(() => [...document.querySelectorAll('.part.statusbar .statusbar-item')]
        .map((e) => (e.innerText || '').trim()).filter(Boolean).join(' | '));
      let last = '';
      await waitFor(`status bar to show "${s.expect}"${s.absent ? ` and not "${s.absent}"` : ''}`, async () => {
        last = await text();
        return last.includes(s.expect) && !(s.absent && last.includes(s.absent));
      }, timeout).catch((e) => { throw new Error(`${e.message}; status bar: ${JSON.stringify(last)}`); });
      return JSON.stringify(last);
    }
    default:
      throw new Error(`unknown step action ${JSON.stringify(s.action)}`);
  }
}

// ------------------------------------------------------------------ main
async function main() {
  const opts = parseArgs(process.argv.slice(2));
  keepSandbox = !!opts.keep;
  const t0 = Date.now();
  const { chromium } = loadPlaywright();

  const { port, dirs } = await startCodeServer(opts);
  console.log(`code-server ready on 127.0.0.1:${port} (${ms(t0)})`);

  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p.split(path.sep).join('/')}`;
  const payload = opts.extensions.map((e) => ['extensionDevelopmentPath', remote(e)]);
  if (opts.tests) payload.push(['extensionTestsPath', remote(opts.tests)]);
  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(opts.workspace)}` +
    `&payload=${encodeURIComponent(JSON.stringify(payload))}`;

  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    // Our own handlers close the browser, then code-server, then remove the sandbox.
    handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--disable-breakpad'],
    // Sandboxed HOME/XDG too: chromium's crashpad writes ~/.config/chromium/Crash Reports otherwise.
    env: { ...process.env, HOME: dirs.home, XDG_CONFIG_HOME: dirs.config, XDG_CACHE_HOME: dirs.cache,
      XDG_DATA_HOME: dirs.data, TMPDIR: dirs.tmp },
  });
  // A fresh, isolated profile (playwright's new context), clipboard allowed.
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const consoleLines = [];
  page.on('console', (m) => {
    const line = `[browser ${m.type()}] ${m.text()}`;
    consoleLines.push(line);
    if (opts.verbose) process.stderr.write(line + '\n');
  });
  page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.message}`));

  // The workbench calls window.codeAutomationExit(code, logs) when extension tests end.
  let testsExit = null;
  await page.exposeFunction('codeAutomationExit', (code, logs) => {
    testsExit = { code, logs: logs || [] };
  });

  await page.goto(url, { timeout: opts.startupTimeout });
  await page.waitForSelector('.monaco-workbench', { timeout: opts.startupTimeout });
  // Ready when the explorer shows the folder (the remote connection is up).
  await page.waitForSelector('.explorer-folders-view, .explorer-viewlet .monaco-list', { timeout: opts.startupTimeout });
  console.log(`workbench ready (${ms(t0)})`);

  let passed = 0;
  let failed = 0;
  const artifacts = path.resolve(opts.artifacts);
  const ctx = { timeout: opts.timeout, workspace: opts.workspace, openFile: null };

  if (opts.tests) {
    const tt = Date.now();
    await waitFor('extension tests to finish (codeAutomationExit)', () => testsExit, opts.timeout * 10, 200)
      .catch((e) => { testsExit = { code: -1, error: e.message, logs: [] }; });
    // Extension-host console output reaches the page as "%c INFO color: #33f text".
    const rows = consoleLines.map((l) => /^\[browser \w+\] %c\s*(\w+) color: #\w+ ([\s\S]*)$/.exec(l))
      .filter(Boolean).map((m) => `  [${m[1].toLowerCase()}] ${m[2]}`);
    if (rows.length) console.log(rows.join('\n'));
    if (testsExit.code === 0) { passed++; console.log(`PASS tests ${opts.tests} (${ms(tt)})`); } else {
      failed++;
      console.log(`FAIL tests ${opts.tests}: exit code ${testsExit.code}${testsExit.error ? `: ${testsExit.error}` : ''} (${ms(tt)})`);
      fs.mkdirSync(artifacts, { recursive: true });
      for (const l of testsExit.logs) {
        if (l && l.relativePath) {
          const p = path.join(artifacts, 'logs', l.relativePath.replace(/^(\.\.[/\\])+/, ''));
          fs.mkdirSync(path.dirname(p), { recursive: true });
          fs.writeFileSync(p, l.contents || '');
        }
      }
      console.log(`  logs in ${artifacts}/logs`);
    }
  }

  for (let i = 0; i < opts.steps.length && !interrupted; i++) {
    const s = opts.steps[i];
    const ts = Date.now();
    const name = `step ${i + 1}: ${describe(s)}`;
    try {
      const detail = await runStep(page, s, ctx);
      passed++;
      console.log(`PASS ${name} (${ms(ts)})${detail ? ` - ${detail}` : ''}`);
    } catch (e) {
      failed++;
      console.log(`FAIL ${name} (${ms(ts)}): ${e.message.split('\n')[0]}`);
      try {
        fs.mkdirSync(artifacts, { recursive: true });
        const shot = path.join(artifacts, `failed-step-${i + 1}.png`);
        await page.screenshot({ path: shot });
        console.log(`  screenshot: ${shot}`);
      } catch { /* page gone */ }
    }
  }
  if (interrupted) return 130;
  if (failed) {
    fs.mkdirSync(artifacts, { recursive: true });
    fs.copyFileSync(server.logFile, path.join(artifacts, 'code-server.log'));
    fs.writeFileSync(path.join(artifacts, 'browser-console.log'), consoleLines.join('\n') + '\n');
    // The workbench's server-side logs: extension host, remote agent, and the output
    // channels of extensions (exthost*/output_logging_*/N-<channel>.log).
    try {
      fs.cpSync(path.join(dirs.userData, 'logs'), path.join(artifacts, 'logs', 'user-data'), { recursive: true });
    } catch { /* no logs */ }
    console.log(`  code-server, browser and extension host logs in ${artifacts}`);
  }
  if (keepSandbox) console.log(`sandbox kept: ${sandbox} (user data: ${dirs.userData})`);
  console.log(`total ${ms(t0)}`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

let interrupted = false;
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, async () => {
    if (interrupted) return;
    interrupted = true;
    console.error(`\n${sig}: cleaning up`);
    await cleanup();
    process.exit(130);
  });
}
process.on('exit', killServerSync);

main().then(async (code) => {
  await cleanup();
  process.exit(code);
}, async (e) => {
  console.log(`FAIL setup: ${e.message}`);
  if (server) console.log(`code-server log tail:\n${tail(server.logFile, 20)}`);
  await cleanup();
  console.log('0 passed, 1 failed');
  process.exit(1);
});
