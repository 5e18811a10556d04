// One build script: the VS Code client, the language server, its index worker, the CLI and the format converters.
// `node esbuild.js [--watch] [--production]`
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
};

const bundles = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { entryPoints: ['server/src/main.ts'], outfile: 'dist/server.js' },
  // Index worker threads (read, decode, analyze corpus files), started by the server and the CLI.
  { entryPoints: ['server/src/host/indexWorker.ts'], outfile: 'dist/indexWorker.js' },
  // The file discovery thread of a configuration's start (the walk alone: it starts fast).
  { entryPoints: ['server/src/host/discoverWorker.ts'], outfile: 'dist/discoverWorker.js' },
  { entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  // The team database (node-postgres), loaded by the server only when the `database` setting is used.
  { entryPoints: ['server/src/host/database/index.ts'], outfile: 'dist/teamDatabase.js' },
  // Converters of Word, PDF and HTML sources, each its own bundle, loaded by the index workers
  // the first time their format is met (server/src/host/formats/index.ts).
  ...['docx', 'doc', 'pdf', 'html'].map((name) => ({ entryPoints: [`server/src/host/formats/${name}.ts`], outfile: `dist/formats/${name}.js` })),
  // The converter thread: conversions run there so a file that outlasts its time limit can be stopped.
  { entryPoints: ['server/src/host/formats/convertWorker.ts'], outfile: 'dist/formats/convertWorker.js' },
];

/** Data files the server reads at run time, next to dist/server.js. */
function copyData() {
  const fs = require('fs');
  fs.mkdirSync('dist', { recursive: true });
  fs.copyFileSync('server/data/glossary.json', 'dist/glossary.json');
}

/**
 * The analyzer's fingerprint, computed once here rather than at every start: the SHA-1 of
 * dist/indexWorker.js then dist/formats/*.js in name order, with each bundle's size and time,
 * so a start that finds a bundle changed since hashes again (server/src/host/analyzerFingerprint.ts,
 * whose `hashBundles` takes the same steps).
 */
function writeAnalyzerStamp() {
  const fs = require('fs');
  const path = require('path');
  const crypto = require('crypto');
  const formats = fs.existsSync('dist/formats') ? fs.readdirSync('dist/formats').filter((f) => f.endsWith('.js')).sort().map((f) => `formats/${f}`) : [];
  const names = ['indexWorker.js', ...formats];
  const hash = crypto.createHash('sha1');
  const files = names.map((name) => {
    const file = path.join('dist', name);
    hash.update(fs.readFileSync(file));
    const st = fs.statSync(file);
    return [name, st.size, st.mtimeMs];
  });
  fs.writeFileSync('dist/analyzer-fingerprint.json', JSON.stringify({ hash: hash.digest('hex'), files }));
}

async function main() {
  const contexts = await Promise.all(
    bundles.map((b) =>
      esbuild.context({
        ...common,
        ...b,
        // In watch mode, every rebuild of a bundle the fingerprint covers writes the stamp again.
        plugins: watch && /indexWorker|formats/.test(b.outfile) ? [{ name: 'analyzer-stamp', setup: (build) => build.onEnd(() => writeAnalyzerStamp()) }] : [],
      }),
    ),
  );
  if (watch) {
    copyData();
    await Promise.all(contexts.map((c) => c.watch()));
    console.log('esbuild: watching client and server');
    return;
  }
  await Promise.all(contexts.map((c) => c.rebuild()));
  copyData();
  writeAnalyzerStamp();
  await Promise.all(contexts.map((c) => c.dispose()));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
