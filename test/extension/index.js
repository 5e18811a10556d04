// Extension tests, run inside the VS Code extension host (extensionTestsPath = this folder):
//   node tools/e2e/run-in-code-server.js --extension . --workspace test/e2e/workspace --tests test/extension
// The host calls run() and waits for its promise (resolved: pass, rejected: fail).
//
// The tests are TypeScript (*.test.ts, type-checked by `npm run typecheck`); this entry
// bundles them with esbuild (a devDependency) into one CommonJS file in a temp folder,
// `vscode` and `mocha` left external, and runs them with mocha's BDD interface.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');

async function run() {
  const esbuild = require('esbuild');
  const mochaModule = require('mocha');
  const Mocha = mochaModule.default || mochaModule.Mocha || mochaModule;
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.ts')).sort();
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-lens-exttests-'));
  await esbuild.build({
    entryPoints: files.map((f) => path.join(__dirname, f)),
    outdir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  const mocha = new Mocha({ ui: 'bdd', timeout: 60000, color: false, reporter: PlainReporter });
  for (const f of files) {
    const file = path.join(outdir, f.replace(/\.ts$/, '.js'));
    // What mocha.loadFiles does for a CommonJS file: expose describe/it, then require it.
    mocha.suite.emit('pre-require', globalThis, file, mocha);
    require(file);
    mocha.suite.emit('post-require', globalThis, file, mocha);
  }
  const failures = await new Promise((resolve) => mocha.run(resolve));
  fs.rmSync(outdir, { recursive: true, force: true });
  if (failures > 0) throw new Error(`${failures} extension test(s) failed`);
}

/**
 * One plain line per test: the host's console reaches the runner through the browser
 * console, which does not apply mocha's printf-style formats ("%s (%dms)").
 */
function PlainReporter(runner) {
  let passed = 0;
  const failed = [];
  runner.on('pass', (t) => {
    passed++;
    console.log(`  ok - ${t.fullTitle()} (${t.duration} ms)`);
  });
  runner.on('fail', (t, err) => {
    failed.push(t.fullTitle());
    console.error(`  not ok - ${t.fullTitle()}: ${err && err.message}\n${err && err.stack}`);
  });
  runner.on('end', () => {
    console.log(`extension tests: ${passed} passed, ${failed.length} failed${failed.length ? `: ${failed.join('; ')}` : ''}`);
  });
}

module.exports = { run };
