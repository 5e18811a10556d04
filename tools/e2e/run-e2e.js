#!/usr/bin/env node
// `npm run test:e2e`: Policy Lens in real editors.
//   1. tools/e2e/setup-code-server.sh (idempotent): apt packages (chromium, neovim, and the
//      build tools while code-server is being installed; `apt-get update` first when some
//      are missing; as root, or through sudo), playwright-core and code-server into
//      ${E2E_CACHE_DIR:-~/.cache/vscode-e2e}. First run on a fresh machine: about 1.5 min.
//   2. `npm run build` (always, it is fast; --no-build skips it).
//   3. vscode: run-in-code-server.js loads this repository as the extension in development
//      mode, opens a copy of test/e2e/workspace/ (a quick fix writes a glossary file there)
//      with the user settings of test/e2e/settings.json, and runs test/e2e/steps.json
//      (named screenshots in e2e-artifacts/, one per step in e2e-artifacts/steps/; on
//      failure also failed-step-N.png and the code-server, browser and extension host logs).
//   3b. vscode-corpus: test/e2e/steps-large-corpus.json on test/e2e/workspace-large-corpus/,
//      whose .vscode/settings.json sets policyLens.corpusPaths (test/fixtures/vn-news, 451
//      pages, and the Word/PDF/HTML sources of test/fixtures/formats/corpus): the brief is shown
//      while the index is built, so the inlay hints must come once it is ready (a bug
//      found here, fixed in 755ec54), and search still finds seed 002 among more pages.
//   4. tests: the extension tests test/extension/ (mocha, TypeScript bundled by its
//      index.js) in the extension host of a second code-server (--tests); each test counts.
//   5. nvim: tools/e2e/nvim-check.sh (the standalone server over stdio: hover, definition,
//      documentSymbol; Neovim's LSP log must have no warning).
//   5b. emacs: tools/e2e/emacs-check.sh (Debian's emacs-nox with elpa-eglot, batch mode:
//      hover, definition through xref, imenu, flymake diagnostics; no eglot warning and no
//      JSON-RPC error).
//   6. desktop: tools/e2e/run-desktop.js (@vscode/test-electron, VS Code 1.91 and stable);
//      skipped, and said so, where VS Code cannot be downloaded.
// The output of each part is prefixed ("vscode| ", "tests| ", "nvim| ", "emacs| ", "desktop| "); then
// one line per part, the skips if any, and the last line is the sum over all parts,
// `N passed, N failed`; the exit code is 1 on any failure (a part that cannot run at all
// counts as one failure).
// Options: --only PART[,PART] (vscode, vscode-corpus, tests, nvim, emacs, desktop), --no-build, --verbose and
//          --keep (passed to the runner), --timeout MS (per step, passed to the runner).
'use strict';

const fs = require('fs');
const path = require('path');
const { ROOT, ms, runSetup, ensureBuilt, runPrefixed, parseSummary } = require('../lib');

const E2E = path.join(ROOT, 'test', 'e2e');
const ARTIFACTS = path.join(ROOT, 'e2e-artifacts');

function parseArgs(argv) {
  const o = { only: null, build: true, runnerArgs: [] };
  const PARTS = ['vscode', 'vscode-corpus', 'tests', 'nvim', 'emacs', 'desktop'];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    switch (a) {
      case '-h': case '--help':
        console.log(fs.readFileSync(__filename, 'utf8').split('\n').slice(1).filter((l) => l.startsWith('//'))
          .map((l) => l.replace(/^\/\/ ?/, '')).join('\n'));
        process.exit(0);
        break;
      case '--only':
        o.only = String(argv[++i] || '').split(',').filter(Boolean);
        if (!o.only.length || o.only.some((p) => !PARTS.includes(p))) throw new Error(`--only ${PARTS.join('|')}[,...]`);
        break;
      case '--no-build': o.build = false; break;
      case '--verbose': case '--keep': o.runnerArgs.push(a); break;
      case '--timeout': o.runnerArgs.push(a, argv[++i]); break;
      default: throw new Error(`unknown argument ${a} (try --help)`);
    }
  }
  return o;
}

let interrupted = null;
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    interrupted = sig;
    // The children clean up after themselves (code-server's process group, nvim's server);
    // a terminal's Ctrl-C reaches them directly, a SIGTERM to us is forwarded.
    const c = runPrefixed.current;
    if (c && c.exitCode === null && sig !== 'SIGINT') c.kill(sig);
  });
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const t0 = Date.now();
  let passed = 0;
  let failed = 0;
  const skips = [];
  // CI shows only the tail of this output: the failing steps and what the server said are
  // repeated there, one short line each (see digest()).
  const digest = [];
  const want = (p) => !opts.only || opts.only.includes(p);
  const finish = () => {
    if (digest.length) {
      console.log('--- failures, in short (the full output is above)');
      for (const l of digest) console.log(l.length > 400 ? `${l.slice(0, 400)}…` : l);
    }
    console.log(`e2e total ${ms(t0)}`);
    if (skips.length) console.log(`${skips.reduce((n, s) => n + s.count, 0)} skipped: ${skips.map((s) => `${s.part} (${s.why})`).join('; ')}`);
    console.log(`${passed} passed, ${failed} failed`);
    return failed || interrupted ? (interrupted ? 130 : 1) : 0;
  };

  let codeServerBin;
  try {
    const ts = Date.now();
    if (want('vscode') || want('vscode-corpus') || want('tests')) { // nvim-check.sh installs neovim by itself
      codeServerBin = runSetup('e2e');
      console.log(`setup ok (${ms(ts)})`);
    }
    if (opts.build) ensureBuilt({ force: true, log: (m) => console.log(m) });
  } catch (e) {
    console.log(`FAIL setup/build: ${e.message}`);
    failed++;
    return finish();
  }

  fs.rmSync(ARTIFACTS, { recursive: true, force: true });
  const parts = [];
  const runner = path.join(__dirname, 'run-in-code-server.js');
  const workspace = ['--extension', ROOT, '--workspace', path.join(E2E, 'workspace'), '--copy-workspace'];
  if (want('vscode')) {
    parts.push({ name: 'vscode', cmd: process.execPath, args: [runner, ...workspace,
      '--user-settings', path.join(E2E, 'settings.json'), '--steps', path.join(E2E, 'steps.json'),
      '--step-screenshots', path.join(ARTIFACTS, 'steps'), '--artifacts', ARTIFACTS, ...opts.runnerArgs] });
  }
  if (want('vscode-corpus')) {
    // A workspace of its own, whose .vscode/settings.json names the corpus. It used to come from
    // the user settings the runner writes, and in about one fresh-clone run in five the
    // extension host never had it: policyLens.corpusPaths is machine-overridable, a scope VS
    // Code does not apply from the user settings of a remote window (code-server's always is),
    // and the workbench never re-reads that file (README.md, "Where the corpus part's settings
    // live"). Workspace settings are the documented place for it. Not a copy: the paths are
    // relative to the folder (these steps write nothing).
    parts.push({ name: 'vscode-corpus', cmd: process.execPath, args: [runner, '--extension', ROOT,
      '--workspace', path.join(E2E, 'workspace-large-corpus'), '--steps', path.join(E2E, 'steps-large-corpus.json'),
      '--artifacts', path.join(ARTIFACTS, 'large-corpus'), ...opts.runnerArgs] });
  }
  if (want('tests')) {
    parts.push({ name: 'tests', cmd: process.execPath, args: [runner, ...workspace,
      '--tests', path.join(ROOT, 'test', 'extension'), '--artifacts', path.join(ARTIFACTS, 'extension-tests'), ...opts.runnerArgs] });
  }
  if (want('nvim')) {
    parts.push({ name: 'nvim', cmd: 'bash', args: [path.join(__dirname, 'nvim-check.sh')] });
  }
  if (want('emacs')) {
    parts.push({ name: 'emacs', cmd: 'bash', args: [path.join(__dirname, 'emacs-check.sh')] });
  }
  if (want('desktop')) {
    parts.push({ name: 'desktop', cmd: process.execPath, args: [path.join(__dirname, 'run-desktop.js'), '--no-build'] });
  }
  const lines = [];
  for (const p of parts) {
    if (interrupted) break;
    const ts = Date.now();
    const env = codeServerBin ? { ...process.env, CODE_SERVER_BIN: codeServerBin } : process.env;
    let r = await runPrefixed(p.cmd, p.args, { prefix: `${p.name}| `, env });
    const missed = r.code !== 0 && p.name === 'vscode-corpus' ? settingsNeverDelivered(path.join(ARTIFACTS, 'large-corpus')) : undefined;
    if (missed) {
      // A last resort, not expected to be needed: while the corpus came from user settings,
      // about one fresh-clone run in five started the extension host without them (see the
      // part's comment above). With the workspace's own settings it has not happened (README.md
      // gives the runs). If the server still starts with no corpus folder and none follows, the
      // part runs once more; every other failure, and a second one, stands. Said here and in
      // the digest, never silently.
      const why = `the extension host had no policyLens.corpusPaths from the workspace settings (server log: "${missed}"); running the part once more`;
      console.log(`RETRY ${p.name}: ${why}`);
      digest.push(`${p.name}: RETRY, ${why}`);
      r = await runPrefixed(p.cmd, p.args, { prefix: `${p.name}| `, env });
    }
    const sum = parseSummary(r.lines);
    if (sum) { passed += sum.passed; failed += sum.failed; }
    if (!sum || (r.code !== 0 && !sum.failed)) {
      failed++;
      console.log(`FAIL ${p.name}: ${interrupted ? `interrupted (${interrupted})` : `exited with ${r.signal || r.code} without a test summary`}`);
    }
    if (sum && sum.skipped) {
      // The reason, as the part said it ("... could not be downloaded: <reason>; skipped").
      const why = r.lines.map((l) => /^SKIP [^:]*: (.*?)(?:; skipped)?$/.exec(l)).filter(Boolean).map((m) => m[1]);
      skips.push({ part: p.name, count: sum.skipped, why: [...new Set(why)].join('; ') || 'see above' });
    }
    lines.push(`${p.name}: ${sum ? `${sum.passed} passed / ${sum.failed} failed${sum.skipped ? ` / ${sum.skipped} skipped` : ''}` : 'no summary'} (${ms(ts)})`);
    console.log(lines[lines.length - 1]);
    for (const l of r.lines) if (/^FAIL /.test(l)) digest.push(`${p.name}: ${l}`);
    if (p.name !== 'nvim' && p.name !== 'emacs' && p.name !== 'desktop' && r.code !== 0) {
      const said = printOutputChannels({ tests: path.join(ARTIFACTS, 'extension-tests'), 'vscode-corpus': path.join(ARTIFACTS, 'large-corpus') }[p.name] || ARTIFACTS);
      for (const l of said) digest.push(`${p.name} server: ${l}`);
    }
  }
  if (lines.length > 1) for (const l of lines) console.log(l);
  return finish();
}

/** The files under a part's saved user-data logs (`<artifacts>/logs/user-data`) whose path `keep` accepts. */
function savedLogs(artifacts, keep) {
  const found = [];
  const walk = (d) => {
    let entries;
    try { entries = fs.readdirSync(d, { withFileTypes: true }); } catch { return; }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (keep(p)) found.push(p);
    }
  };
  walk(path.join(artifacts, 'logs', 'user-data'));
  return found;
}

/**
 * The server's first settings line when the extension host had none of the part's user
 * settings and never got them later: "corpus folders none" from the initialization options,
 * and no settings line after it. Undefined otherwise (any other failure is the product's).
 */
function settingsNeverDelivered(artifacts) {
  const logs = savedLogs(artifacts, (f) => path.basename(f) === 'Policy Lens.log');
  if (logs.length !== 1) return undefined;
  const said = fs.readFileSync(logs[0], 'utf8').split('\n').filter((l) => /Settings from /.test(l));
  return said.length === 1 && /Settings from initialization options: corpus folders none/.test(said[0]) ? said[0].replace(/^.*?\] /, '') : undefined;
}

// On a VS Code failure: the tail of each extension output channel the runner saved (the
// Policy Lens channel last). Returns the server's own lines worth repeating in the digest:
// what it indexed, warnings and errors.
function printOutputChannels(artifacts) {
  const found = savedLogs(artifacts, (p) => /output_logging|Policy Lens|policy-lens/i.test(p) || /remoteexthost\.log$/.test(p));
  found.sort((a, b) => Number(/Policy Lens/.test(a)) - Number(/Policy Lens/.test(b)));
  const said = [];
  for (const f of found) {
    let lines = fs.readFileSync(f, 'utf8').trimEnd().split('\n');
    // The extension host log is long: keep what concerns this extension, and errors.
    if (/remoteexthost\.log$/.test(f)) lines = lines.filter((l) => /policy-lens|policyLens|\[error\]/i.test(l));
    if (!lines.length) continue;
    console.log(`--- ${path.relative(ROOT, f)} (last ${Math.min(25, lines.length)} of ${lines.length} lines)`);
    for (const l of lines.slice(-25)) console.log(`    ${l}`);
    if (/Policy Lens/.test(f)) said.push(...lines.filter((l) => /Indexed|\[(error|warning)\]|roots|settings|trust/i.test(l) && !/looks like (TCVN3|VNI)/.test(l)).slice(-8));
  }
  return said;
}

main().then((code) => process.exit(code), (e) => {
  console.log(`FAIL e2e: ${e.stack || e.message}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
