#!/usr/bin/env node
/**
 * Bundles bench/queryLatency.ts as the server is bundled (esbuild.js: cjs, node20) into
 * --out DIR, with the bundled glossary and the query set beside it (see that file's header).
 */
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const i = process.argv.indexOf('--out');
const out = i >= 0 ? process.argv[i + 1] : path.join(require('node:os').tmpdir(), 'pl-query-latency');
const root = path.resolve(__dirname, '..');
fs.mkdirSync(out, { recursive: true });
esbuild.buildSync({
  entryPoints: [path.join(__dirname, 'queryLatency.ts')],
  outfile: path.join(out, 'queryLatency.js'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: false,
  logLevel: 'warning',
});
fs.copyFileSync(path.join(root, 'server/data/glossary.json'), path.join(out, 'glossary.json'));
fs.copyFileSync(path.join(__dirname, 'queries.json'), path.join(out, 'queries.json'));
console.log(`node ${path.join(out, 'queryLatency.js')} --file <search file> [--build] [--rounds N] [--dump out.json]`);
