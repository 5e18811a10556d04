#!/usr/bin/env node
// End-to-end driver: a real VS Code workbench (code-server) + Debian's chromium via
// playwright-core. Loads one extension in development mode, opens a workspace
// folder and runs steps (open a file, hover, run a palette command, screenshot), or
// runs the extension's own tests inside the extension host (--tests).
// Dependencies: playwright-core (see README.md) and ../lib.js (the helpers it shares with
// tools/start.js, Node's own modules only). Run with --help for usage.
// Policy Lens copy of the team's e2e kit; changes: on failure the workbench's server-side
// logs (extension host, output channels) are copied to ARTIFACTS/logs/user-data; a
// `status` step waits for the status bar to show (and not show) a text; steps
// `gotoDefinition`, `outline`, `problems`, `quickFix`, `paletteSearch`; any step may save a
// screenshot when it passes (`screenshot`), --step-screenshots saves one after every step;
// --copy-workspace opens a copy of the workspace (steps that write files leave the
// repository alone); --tests counts the extension tests one by one (`ok -` / `not ok -`
// lines and the `extension tests: N passed, N failed` line of test/extension/index.js).
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
// The repository's tools/lib.js (Node's own modules only): ports, HTTP, polling, code-server launch.
const { ms, freePort, httpStatus, waitFor, spawnCodeServer } = require('../lib');

const USAGE = `usage: node run-in-code-server.js --extension DIR --workspace DIR [options] [steps]

  --extension DIR      extension to load (extensionDevelopmentPath); repeatable
  --workspace DIR      folder to open
  --steps FILE.json    steps from a JSON array (see README.md); CLI steps run after them
  --tests DIR|FILE     run extension tests in the extension host (extensionTestsPath):
                       the module's run() is awaited; its result is the exit code
  --artifacts DIR      where failure screenshots and logs go (default: e2e-artifacts)
  --timeout MS         per-step timeout (default 30000)
  --startup-timeout MS code-server + workbench start (default 60000)
  --copy-workspace     open a copy of the workspace folder (in the sandbox), so steps that
                       write files (a quick fix creating a glossary) leave DIR unchanged
  --step-screenshots DIR  a screenshot after every step: DIR/NN-<action>.png
  --user-settings FILE.json  user settings merged over the runner's quiet defaults
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
Steps only in a --steps file (JSON; see README.md for every field):
  editor          wait until the active tab is expectTab, the rendered text (inlay hints
                  included) contains expectText, the cursor line contains expectLine
  gotoDefinition  cursor on word, F12; the active tab becomes expectTab and the cursor line
                  contains expectLine
  outline         Outline view focused; its rows include every text of expect (an array)
  problems        Problems view focused; a row contains expect, and/or none contains absent
  quickFix        cursor on word, Ctrl+.; pick the row containing pick; optionally click a
                  notification button; then the active tab is expectTab and/or the editor
                  text contains expectText
  paletteSearch   palette command title, type query, the row containing expect, Enter; the
                  active tab becomes expectTab (and the cursor line contains expectLine)
  Every step may carry "timeout" (ms) and "screenshot" (saved when the step passes).
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
      case '--copy-workspace': o.copyWorkspace = true; break;
      case '--user-settings': o.userSettings = path.resolve(val()); break;
      case '--step-screenshots': o.stepScreenshots = path.resolve(val()); break;
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
    const rel = (p) => path.resolve(path.dirname(o.stepsFile), p);
    for (const s of fromFile) {
      if (s.action === 'screenshot' && s.path) s.path = rel(s.path);
      if (s.screenshot) s.screenshot = rel(s.screenshot);
      if (s.menuScreenshot) s.menuScreenshot = rel(s.menuScreenshot);
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
  if (opts.copyWorkspace) {
    const copy = path.join(sandbox, 'workspace', path.basename(opts.workspace));
    fs.cpSync(opts.workspace, copy, { recursive: true });
    opts.workspace = copy;
  }
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
    ...(opts.userSettings ? JSON.parse(fs.readFileSync(opts.userSettings, 'utf8')) : {}),
  }, null, 2));

  const port = await freePort();
  const entry = findCodeServer();
  const logFile = path.join(dirs.logs, 'code-server.log');
  const log = fs.openSync(logFile, 'a');
  // Its own process group, so cleanup can kill code-server and everything it forked.
  const proc = spawnCodeServer({ entry, port, dirs, logFd: log, verbose: opts.verbose });
  server = { proc, pgid: proc.pid, exited: false, logFile, port };
  proc.on('exit', (code, sig) => { server.exited = true; server.exitInfo = `code ${code}, signal ${sig}`; });
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
    const list = [...w.querySelectorAll('.quick-input-list .monaco-list-row')];
    const rows = list.map((r) => {
      const label = r.querySelector('.label-name, .monaco-highlighted-label');
      return (label ? label.textContent : r.getAttribute('aria-label') || '').trim();
    });
    const focused = list.findIndex((r) => r.classList.contains('focused'));
    const title = w.querySelector('.quick-input-title');
    return { value: input ? input.value : '', rows, focused, title: title ? title.textContent.trim() : '' };
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

// Cursor to LINE:COLUMN (1-based) through Quick Open (":L:C"), then wait for editor focus.
async function gotoPosition(page, line, column, timeout) {
  await closeWidgets(page);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+P');
  await waitFor('Quick Open', async () => (await quickInputRows(page)) !== null, timeout);
  await page.keyboard.type(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  await waitFor('Quick Open to close', async () => (await quickInputRows(page)) === null, timeout);
  await waitFor('editor focus', () => page.evaluate(() =>
    !!(document.activeElement && document.activeElement.closest('.monaco-editor'))), timeout);
}

// The position of a step's `word` (first occurrence in the open file) or its line/column.
function stepPosition(s, ctx) {
  if (s.word) {
    if (!ctx.openFile) throw new Error(`${s.action} on a word needs an open step first`);
    return findWord(ctx.openFile, s.word);
  }
  if (s.line && s.column) return { line: s.line, column: s.column };
  throw new Error(`${s.action} needs "word" or "line" and "column"`);
}

// F1, type TITLE, wait for its row, select exactly that row, Enter; waits for the palette to go.
async function runPalette(page, title, timeout) {
  await closeWidgets(page);
  await page.keyboard.press('F1');
  await waitFor('command palette', async () => {
    const q = await quickInputRows(page);
    return q && q.value.startsWith('>');
  }, timeout);
  await page.keyboard.type(title);
  const matches = (r) => r === title || r.endsWith(title);
  let seen = null;
  await waitFor(`"${title}" in the command palette`, async () => {
    const q = await quickInputRows(page);
    seen = q && q.rows;
    return q && q.rows.some(matches);
  }, timeout).catch((e) => { throw new Error(`${e.message}; rows: ${JSON.stringify(seen)}`); });
  await selectQuickInputRow(page, matches, timeout);
  await page.keyboard.press('Enter');
  await waitFor(`the palette to close after "${title}"`, async () => {
    const q = await quickInputRows(page);
    return !q || !q.value.startsWith('>');
  }, timeout);
}

// Move the quick input's focus (arrow keys) onto the first row matching; bounded. The
// list may still be changing (results arriving): after each key, wait (up to 1 s) for the
// focus or the rows to change, then look again.
async function selectQuickInputRow(page, matches, timeout) {
  const deadline = Date.now() + timeout;
  let q = null;
  while (Date.now() < deadline) {
    q = await quickInputRows(page);
    if (!q) throw new Error('the quick input closed');
    if (q.focused >= 0 && matches(q.rows[q.focused])) return q;
    const target = q.rows.findIndex(matches);
    const before = JSON.stringify(q);
    if (target >= 0) await page.keyboard.press(q.focused > target ? 'ArrowUp' : 'ArrowDown');
    await waitFor('the quick input to change', async () => JSON.stringify(await quickInputRows(page)) !== before, 1000)
      .catch(() => {});
  }
  throw new Error(`could not focus a matching row: ${JSON.stringify(q)}`);
}

// The active editor: its tab, the rendered text, and the text of the cursor's line (found
// from the status bar's "Ln N" and the line number in the gutter).
async function editorState(page) {
  return page.evaluate(() => {
    const tab = document.querySelector('.editor-group-container.active .tabs-container .tab.active');
    const ed = document.querySelector('.editor-group-container.active .editor-container .monaco-editor');
    if (!ed) return { tab: tab ? (tab.getAttribute('aria-label') || tab.textContent || '').trim() : null, text: null, line: null };
    const rect = (e) => e.getBoundingClientRect();
    const lines = [...ed.querySelectorAll('.view-lines .view-line')]
      .map((e) => ({ top: rect(e).top, text: e.textContent.replace(/\u00a0/g, ' ') }))
      .sort((a, b) => a.top - b.top);
    const sel = [...document.querySelectorAll('.part.statusbar .statusbar-item')]
      .map((e) => /Ln (\d+), Col (\d+)/.exec(e.innerText || '')).find(Boolean);
    let cursorLine = null;
    if (sel) {
      // The gutter numbers the first visual row of each line; a wrapped line's rows run
      // until the next number.
      const nums = [...ed.querySelectorAll('.margin-view-overlays .line-numbers')]
        .map((e) => ({ n: e.textContent.trim(), top: rect(e).top })).filter((x) => x.n);
      const num = nums.find((x) => x.n === sel[1]);
      if (num) {
        const next = Math.min(...nums.map((x) => x.top).filter((t) => t > num.top + 1));
        const rows = lines.filter((x) => x.top > num.top - 2 && x.top < next - 1);
        if (rows.length) cursorLine = rows.map((x) => x.text).join('');
      }
    }
    return {
      tab: tab ? (tab.getAttribute('aria-label') || tab.textContent || '').trim() : null,
      text: lines.map((l) => l.text).join('\n'),
      line: cursorLine,
      position: sel ? `${sel[1]}:${sel[2]}` : null,
    };
  });
}

// Wait until the active tab names `tab` and (optionally) the cursor line contains `line`.
async function waitForEditor(page, { tab, line, text }, timeout) {
  let last = null;
  const what = [tab && `the active tab to be ${tab}`, line && `the cursor line to contain "${line}"`,
    text && `the editor text to contain "${text}"`].filter(Boolean).join(' and ');
  return waitFor(what, async () => {
    last = await editorState(page);
    return (!tab || (last.tab && last.tab.includes(tab))) && (!line || (last.line && last.line.includes(line))) &&
      (!text || (last.text && last.text.includes(text))) ? last : null;
  }, timeout).catch((e) => {
    throw new Error(`${e.message}; tab ${JSON.stringify(last && last.tab)}, cursor ${last && last.position}, line ${
      JSON.stringify(last && last.line && last.line.slice(0, 160))}`);
  });
}

// The rows of a view pane (Outline, ...), by the pane's title; null when not shown/expanded.
async function paneRows(page, title) {
  return page.evaluate((title) => {
    const pane = [...document.querySelectorAll('.pane')].find((p) => {
      const h = p.querySelector(':scope > .pane-header .title');
      return h && h.textContent.trim().toLowerCase() === title.toLowerCase();
    });
    if (!pane || !pane.querySelector(':scope > .pane-header.expanded') || !pane.getClientRects().length) return null;
    return [...pane.querySelectorAll('.pane-body .monaco-list-row')].map((r) => (r.innerText || r.getAttribute('aria-label') || '').trim());
  }, title);
}

// The Problems view's rows; null when it is not shown.
async function problemRows(page) {
  return page.evaluate(() => {
    const panel = document.querySelector('.markers-panel');
    if (!panel || !panel.getClientRects().length || !panel.offsetParent) return null;
    return [...panel.querySelectorAll('.monaco-list-row')].map((r) => `${r.getAttribute('aria-label') || ''} ${r.innerText || ''}`.trim());
  });
}

// The click point of the first visible element matching selector whose text contains `text`.
async function findClickable(page, selector, text) {
  return page.evaluate(({ selector, text }) => {
    for (const e of document.querySelectorAll(selector)) {
      const r = e.getBoundingClientRect();
      if (!r.width || !r.height) continue;
      if (((e.innerText || '') + ' ' + (e.getAttribute('aria-label') || '')).includes(text)) {
        return { x: r.left + r.width / 2, y: r.top + r.height / 2, text: (e.innerText || e.getAttribute('aria-label') || '').trim() };
      }
    }
    return null;
  }, { selector, text });
}

async function screenshot(page, file) {
  const p = path.resolve(file);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  // Hovers and toasts fade in: wait (bounded) until no finite CSS animation or transition
  // is running, so the picture is not half transparent. Endless ones (spinners) are ignored.
  await waitFor('animations to finish', () => page.evaluate(() => document.getAnimations()
    .every((a) => a.playState !== 'running' || !a.effect || a.effect.getComputedTiming().iterations === Infinity)), 2000, 50)
    .catch(() => {});
  await page.screenshot({ path: p });
  return p;
}

// ------------------------------------------------------------------ steps
function describe(s) {
  switch (s.action) {
    case 'open': return `open ${s.file}`;
    case 'hover': return `hover ${s.word ? `"${s.word}"` : `${s.line}:${s.column}`}${s.expect ? ` contains "${s.expect}"` : ''}`;
    case 'command': return `command "${s.title}"${s.expect ? ` lists "${s.expect}"` : ''}`;
    case 'screenshot': return `screenshot ${s.path}`;
    case 'escape': return 'escape';
    case 'status': return `status bar shows ${JSON.stringify(s.expect)}${s.absent ? ` and not ${JSON.stringify(s.absent)}` : ''}`;
    case 'editor': return `editor${s.expectTab ? ` ${s.expectTab}` : ''}${s.expectText ? ` shows "${s.expectText}"` : ''}${s.expectLine ? ` cursor line has "${s.expectLine}"` : ''}${s.note ? ` (${s.note})` : ''}`;
    case 'gotoDefinition': return `go to definition on "${s.word || `${s.line}:${s.column}`}" opens ${s.expectTab}${s.expectLine ? ` at "${s.expectLine}"` : ''}`;
    case 'outline': return `outline lists ${JSON.stringify(s.expect)}${s.absent ? ` and not ${JSON.stringify(s.absent)}` : ''}${s.note ? ` (${s.note})` : ''}`;
    case 'problems': return `problems${s.expect ? ` list "${s.expect}"` : ''}${s.absent ? ` and not "${s.absent}"` : ''}`;
    case 'quickFix': return `quick fix on "${s.word || `${s.line}:${s.column}`}": "${s.pick}"${s.button ? `, then "${s.button}"` : ''}`;
    case 'paletteSearch': return `"${s.title}" for "${s.query}" lists "${s.expect}" and opens ${s.expectTab}`;
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
      const typed = s.file.replace(/\\/g, '/');
      await page.keyboard.type(typed);
      const matches = (r) => r === base;
      let seen = null;
      await waitFor(`"${base}" in Quick Open`, async () => {
        const q = await quickInputRows(page);
        seen = q;
        return q && q.value === typed && q.rows.some(matches);
      }, timeout).catch((e) => { throw new Error(`${e.message}; quick open: ${JSON.stringify(seen)}`); });
      await selectQuickInputRow(page, matches, timeout);
      seen = await quickInputRows(page);
      await page.keyboard.press('Enter');
      await waitFor(`editor tab for ${base}`, async () => {
        const t = await activeEditorFile(page);
        return t && t.includes(base);
      }, timeout).catch((e) => { throw new Error(`${e.message}; quick open before Enter: ${JSON.stringify(seen)}`); });
      await page.waitForSelector('.editor-group-container.active .monaco-editor .view-lines', { timeout });
      ctx.openFile = path.resolve(ctx.workspace, s.file);
      return `active editor: ${base}`;
    }
    case 'hover': {
      const { line, column } = stepPosition(s, ctx);
      const deadline = Date.now() + timeout;
      let attempts = 0;
      let last = null;
      // The language server may still be starting: retry the whole gesture until the
      // expected hover appears (each try waits up to 3 s for a hover to render).
      while (Date.now() < deadline) {
        attempts++;
        await gotoPosition(page, line, column, timeout);
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
      await runPalette(page, s.title, timeout);
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
    case 'editor': {
      // Wait for the active editor: its tab, its rendered text (inlay hints included), the
      // cursor line.
      const st = await waitForEditor(page, { tab: s.expectTab, line: s.expectLine, text: s.expectText }, timeout);
      return `${st.tab} at ${st.position}`;
    }
    case 'gotoDefinition': {
      // F12 (editor.action.revealDefinition). Retried while the server may still answer
      // nothing (it is indexing): each try waits up to 3 s for the editor to move.
      const { line, column } = stepPosition(s, ctx);
      const deadline = Date.now() + timeout;
      let attempts = 0;
      let lastError = null;
      while (Date.now() < deadline) {
        attempts++;
        await gotoPosition(page, line, column, timeout);
        await page.keyboard.press('F12');
        try {
          const st = await waitForEditor(page, { tab: s.expectTab, line: s.expectLine },
            Math.min(3000, Math.max(500, deadline - Date.now())));
          return `try ${attempts}: ${st.tab} at ${st.position}: ${JSON.stringify(st.line.slice(0, 160))}`;
        } catch (e) { lastError = e; }
      }
      throw new Error(`after ${attempts} tries: ${lastError && lastError.message}`);
    }
    case 'outline': {
      // Focus the Outline view (Explorer), then wait for rows with every expected text.
      const expect = [].concat(s.expect || []);
      const absent = [].concat(s.absent || []); // rows that must not be listed (exact text)
      if ((await paneRows(page, 'Outline')) === null) {
        await runPalette(page, s.command || 'Explorer: Focus on Outline View', timeout);
      }
      let rows = null;
      await waitFor(`outline rows ${JSON.stringify(expect)}`, async () => {
        rows = await paneRows(page, 'Outline');
        return rows && rows.length && expect.every((x) => rows.some((r) => r.includes(x))) &&
          !absent.some((x) => rows.includes(x));
      }, timeout).catch((e) => { throw new Error(`${e.message}; rows: ${JSON.stringify(rows)}`); });
      return `rows: ${JSON.stringify(rows)}`;
    }
    case 'problems': {
      if ((await problemRows(page)) === null) {
        await runPalette(page, s.command || 'Problems: Focus on Problems View', timeout);
      }
      let rows = null;
      await waitFor(`the Problems view${s.expect ? ` to list "${s.expect}"` : ''}${s.absent ? ` and not "${s.absent}"` : ''}`, async () => {
        rows = await problemRows(page);
        return rows && (!s.expect || rows.some((r) => r.includes(s.expect))) && (!s.absent || !rows.some((r) => r.includes(s.absent)));
      }, timeout).catch((e) => { throw new Error(`${e.message}; rows: ${JSON.stringify(rows)}`); });
      return `rows: ${JSON.stringify(rows.map((r) => r.slice(0, 160)))}`;
    }
    case 'quickFix': {
      // Ctrl+. (editor.action.quickFix) on the word; retried while the lightbulb menu does
      // not list the action yet (diagnostics follow indexing).
      const { line, column } = stepPosition(s, ctx);
      const ROWS = '.action-widget .monaco-list-row';
      const deadline = Date.now() + timeout;
      let attempts = 0;
      let rows = null;
      let row = null;
      while (!row && Date.now() < deadline) {
        attempts++;
        await page.keyboard.press('Escape');
        await gotoPosition(page, line, column, timeout);
        await page.keyboard.press('Control+.');
        row = await waitFor(`a code action "${s.pick}"`, async () => {
          rows = await page.evaluate((sel) => [...document.querySelectorAll(sel)]
            .filter((r) => r.getClientRects().length).map((r) => (r.innerText || r.getAttribute('aria-label') || '').trim()), ROWS);
          return rows.some((r) => r.includes(s.pick)) ? findClickable(page, ROWS, s.pick) : null;
        }, Math.min(3000, Math.max(500, deadline - Date.now()))).catch(() => null);
      }
      if (!row) throw new Error(`no code action "${s.pick}" at ${line}:${column} after ${attempts} tries; actions: ${JSON.stringify(rows)}`);
      if (s.menuScreenshot) await screenshot(page, s.menuScreenshot);
      await page.mouse.move(row.x, row.y);
      await page.mouse.click(row.x, row.y);
      let detail = `picked ${JSON.stringify(row.text)} (try ${attempts})`;
      if (s.button) {
        // The toast slides in: wait until the button is inside the viewport and has not
        // moved since the previous poll (a click during the animation lands elsewhere).
        const sel = '.notifications-toasts .notification-toast .monaco-button';
        let prev = null;
        const b = await waitFor(`a notification button "${s.button}" (settled)`, async () => {
          const c = await findClickable(page, sel, s.button);
          const vp = page.viewportSize();
          const settled = c && prev && c.x === prev.x && c.y === prev.y && c.y < vp.height && c.x < vp.width;
          prev = c;
          return settled ? c : null;
        }, timeout);
        await page.mouse.click(b.x, b.y);
        detail += `, clicked ${JSON.stringify(b.text)}`;
      }
      if (s.expectTab || s.expectText || s.expectLine) {
        const st = await waitForEditor(page, { tab: s.expectTab, line: s.expectLine, text: s.expectText }, timeout);
        detail += `; ${st.tab} at ${st.position}${st.line ? `: ${JSON.stringify(st.line.slice(0, 160))}` : ''}`;
      }
      return detail;
    }
    case 'paletteSearch': {
      await runPalette(page, s.title, timeout);
      const titleText = s.title.replace(/^.*?: /, '');
      await waitFor(`the "${s.title}" quick pick`, async () => {
        const q = await quickInputRows(page);
        return q && !q.value.startsWith('>') && q.title.includes(titleText);
      }, timeout);
      await page.keyboard.type(s.query);
      let seen = null;
      const matches = (r) => r.includes(s.expect);
      await waitFor(`a row "${s.expect}" for "${s.query}"`, async () => {
        const q = await quickInputRows(page);
        seen = q && q.rows;
        return q && q.value === s.query && q.rows.some(matches);
      }, timeout).catch((e) => { throw new Error(`${e.message}; rows: ${JSON.stringify(seen)}`); });
      const q = await quickInputRows(page);
      await selectQuickInputRow(page, matches, timeout);
      if (s.menuScreenshot) await screenshot(page, s.menuScreenshot);
      await page.keyboard.press('Enter');
      const st = await waitForEditor(page, { tab: s.expectTab, line: s.expectLine }, timeout);
      return `rows ${JSON.stringify(q.rows.slice(0, 5))}; opened ${st.tab} at ${st.position}${st.line ? `: ${JSON.stringify(st.line.slice(0, 160))}` : ''}`;
    }
    case 'screenshot':
      return screenshot(page, s.path);
    case 'escape': {
      await page.keyboard.press('Escape');
      return 'ok';
    }
    case 'status': {
      // The status bar's items (extension items, window progress), as one line of text.
      const text = () => page.evaluate(() => [...document.querySelectorAll('.part.statusbar .statusbar-item')]
        .map((e) => (e.innerText || '').trim()).filter(Boolean).join(' | '));
      let last = '';
      await waitFor(`status bar to show ${JSON.stringify(s.expect)}${s.absent ? ` and not ${JSON.stringify(s.absent)}` : ''}`, async () => {
        last = await text();
        // expect may be a list (steps file): every text must show
        return [].concat(s.expect).every((x) => last.includes(x)) && ![].concat(s.absent || []).some((x) => last.includes(x));
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
    const hostLines = consoleLines.map((l) => /^\[browser \w+\] %c\s*(\w+) color: #\w+ ([\s\S]*)$/.exec(l)).filter(Boolean);
    const rows = hostLines.map((m) => `  [${m[1].toLowerCase()}] ${m[2]}`);
    if (opts.verbose && rows.length) console.log(rows.join('\n'));
    // One result per test: "  ok - TITLE (N ms)" / "  not ok - TITLE: message" (the reporter
    // of test/extension/index.js), and its "extension tests: N passed, N failed" line.
    let okCount = 0;
    let notOk = 0;
    let reported = null;
    for (const m of hostLines) {
      const text = m[2];
      let r;
      if ((r = /^\s*ok - (.*)$/.exec(text))) { okCount++; console.log(`PASS extension test: ${r[1]}`); }
      else if ((r = /^\s*not ok - ([^\n]*)/.exec(text))) { notOk++; console.log(`FAIL extension test: ${r[1]}`); }
      else if ((r = /extension tests: (\d+) passed, (\d+) failed/.exec(text))) reported = { passed: +r[1], failed: +r[2] };
      else if (!opts.verbose && m[1] === 'ERR' && !/open-vsx\.org|ENOTFOUND/.test(text)) console.log(`  [err] ${text.split('\n')[0]}`);
    }
    const counted = reported || (okCount || notOk ? { passed: okCount, failed: notOk } : null);
    if (counted) { passed += counted.passed; failed += counted.failed; }
    if (testsExit.code === 0) {
      if (!counted) passed++;
      console.log(`PASS tests ${opts.tests}${counted ? `: ${counted.passed} passed, ${counted.failed} failed` : ''} (${ms(tt)})`);
    } else {
      if (!counted || !counted.failed) failed++;
      if (!opts.verbose && rows.length) console.log(rows.join('\n'));
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
    const shotName = () => `${String(i + 1).padStart(2, '0')}-${[s.action, s.word || s.query || s.file || '']
      .join('-').normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').replace(/[^A-Za-z0-9]+/g, '-').replace(/-+$/, '')}.png`;
    try {
      const detail = await runStep(page, s, ctx);
      if (s.screenshot) await screenshot(page, s.screenshot);
      if (opts.stepScreenshots) {
        const each = path.join(opts.stepScreenshots, shotName());
        if (s.screenshot) { fs.mkdirSync(opts.stepScreenshots, { recursive: true }); fs.copyFileSync(s.screenshot, each); }
        else await screenshot(page, each);
      }
      passed++;
      console.log(`PASS ${name} (${ms(ts)})${detail ? ` - ${detail}` : ''}`);
    } catch (e) {
      if (opts.stepScreenshots) await screenshot(page, path.join(opts.stepScreenshots, shotName())).catch(() => {});
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
