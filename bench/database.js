#!/usr/bin/env node
/**
 * The team corpus in PostgreSQL, measured: `node bench/database.js [--json] --corpus DIR [--rounds N]`
 * (run by `npm run bench` when PostgreSQL 15 is installed; its summary goes under "database").
 *
 * A private PostgreSQL 15 cluster (test/helpers/postgres.ts), then:
 *   - index time of `policy-lens index --database` (owner role) and the database size;
 *   - a server reading it with the read-only role (includeBundledCorpus false, no local
 *     corpus): time until every team document is loaded;
 *   - query p50/p99 through that server (policyLens/search, limit 10: server-side tookMs and
 *     the round trip) over bench/queries.json;
 *   - hover p50/p99 over every word of bench/brief.md;
 *   - top-10 agreement with the embedded index: a second server indexing DIR locally, the
 *     same queries; per query the share of the embedded top 10 (by file name) that the
 *     database top 10 holds, averaged (goal >= 0.8).
 * Prints a table on stderr and, as the last line on stdout, one JSON object.
 */
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL, fileURLToPath } = require('node:url');
require('tsx/cjs');
const { startServer } = require('../test/helpers/lspClient.ts');
const { ensurePostgres, startCluster } = require('../test/helpers/postgres.ts');

const REPO = path.resolve(__dirname, '..');
const { argsOf, percentile, r2, briefPositions } = require('./stats');

const { option } = argsOf(process.argv.slice(2));
const rounds = Number(option('--rounds') ?? 3);
const log = (...m) => process.stderr.write(m.join(' ') + '\n');

function run(cmd, argv, env) {
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function timed(fn) {
  const t = performance.now();
  const result = await fn();
  return { ms: performance.now() - t, result };
}

async function main() {
  const corpus = option('--corpus');
  if (!corpus || !fs.existsSync(corpus)) throw new Error('--corpus DIR is required (a folder of .txt/.md files)');
  const reason = ensurePostgres();
  if (reason) {
    process.stdout.write(JSON.stringify({ skipped: reason }) + '\n');
    return;
  }
  if (!fs.existsSync(path.join(REPO, 'dist', 'cli.js'))) throw new Error('dist/ is missing: npm run build');
  const queries = JSON.parse(fs.readFileSync(path.join(__dirname, 'queries.json'), 'utf8')).queries.map((q) => q.query);
  const briefText = fs.readFileSync(path.join(__dirname, 'brief.md'), 'utf8');
  const positions = briefPositions(briefText);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-bench-db-'));
  const pg = await startCluster();
  const servers = [];
  try {
    log(`database bench: PostgreSQL 15 on port ${pg.port}; indexing ${corpus} ...`);
    const indexed = await timed(() => run(process.execPath, [path.join(REPO, 'dist', 'cli.js'), 'index', '--quiet', '--database', pg.ownerUrl, corpus], { PGPASSWORD: pg.ownerPassword }));
    if (indexed.result.code !== 0) throw new Error(`index failed: ${indexed.result.stderr}`);
    log(`  ${indexed.result.stdout.trim()}`);
    pg.sql('VACUUM ANALYZE', 'team');
    const sizes = pg
      .sql(`SELECT pg_database_size('team'), pg_total_relation_size('pl_documents'), pg_relation_size('pl_documents_tokens'), pg_total_relation_size('pl_texts'), (SELECT count(*) FROM pl_documents)`, 'team')
      .trim()
      .split('|')
      .map(Number);
    const [dbBytes, docsBytes, ginBytes, textsBytes, documents] = sizes;

    log('  team server (read-only role) ...');
    const started = performance.now();
    const team = await startServer({
      initializationOptions: { database: pg.readerUrl, includeBundledCorpus: false, cacheDir: path.join(work, 'team-cache') },
      env: { ...process.env, PGPASSWORD: pg.readerPassword, XDG_CACHE_HOME: path.join(work, 'xdg') },
    });
    servers.push(team);
    await team.waitForStatus((s) => s.state === 'ready' && s.database?.state === 'connected' && s.database.documents === documents);
    const teamLoadMs = performance.now() - started;

    log('  embedded server (same folder, local index) ...');
    const embedded = await startServer({ initializationOptions: { corpusPaths: [corpus], includeBundledCorpus: false, cacheDir: path.join(work, 'embedded-cache') } });
    servers.push(embedded);
    await embedded.ready();

    log('  queries ...');
    const serverMs = [];
    const roundTripMs = [];
    let agreement = 0;
    const perQuery = [];
    const name = (uri) => path.basename(fileURLToPath(uri));
    for (let r = 0; r <= rounds; r++) {
      for (const query of queries) {
        const { ms, result } = await timed(() => team.connection.sendRequest('policyLens/search', { query, limit: 10 }));
        if (r === 0) {
          const local = await embedded.connection.sendRequest('policyLens/search', { query, limit: 10 });
          const want = new Set(local.results.map((x) => name(x.uri)));
          const got = result.results.map((x) => name(x.uri));
          const share = want.size === 0 ? (got.length === 0 ? 1 : 0) : got.filter((g) => want.has(g)).length / want.size;
          agreement += share;
          perQuery.push([query, r2(share)]);
          continue; // warm-up round
        }
        serverMs.push(result.tookMs);
        roundTripMs.push(ms);
      }
    }
    agreement /= queries.length;

    log('  hovers ...');
    const briefUri = pathToFileURL(path.join(work, 'brief.md')).href;
    team.open(briefUri, briefText, 'markdown', 1);
    const hoverMs = [];
    for (let r = 0; r <= rounds; r++) {
      for (const pos of positions) {
        const { ms } = await timed(() => team.connection.sendRequest('textDocument/hover', { textDocument: { uri: briefUri }, position: pos }));
        if (r > 0) hoverMs.push(ms);
      }
    }
    const stats = await team.connection.sendRequest('policyLens/stats', {});
    const summary = {
      documents,
      indexMs: Math.round(indexed.ms),
      databaseMB: r2(dbBytes / 1048576),
      documentsTableMB: r2(docsBytes / 1048576),
      fullTextIndexMB: r2(ginBytes / 1048576),
      textsTableMB: r2(textsBytes / 1048576),
      teamLoadMs: Math.round(teamLoadMs),
      teamServerRssMB: stats.rssMB,
      queryP50Ms: r2(percentile(serverMs, 50)),
      queryP99Ms: r2(percentile(serverMs, 99)),
      queryRoundTripP50Ms: r2(percentile(roundTripMs, 50)),
      queryRoundTripP99Ms: r2(percentile(roundTripMs, 99)),
      hoverP50Ms: r2(percentile(hoverMs, 50)),
      hoverP99Ms: r2(percentile(hoverMs, 99)),
      top10Agreement: r2(agreement),
      lowestAgreement: perQuery.sort((a, b) => a[1] - b[1]).slice(0, 5),
      queries: queries.length,
      rounds,
      loadAvg: r2(os.loadavg()[0]),
    };
    summary.goals = { top10AgreementAtLeast0_8: summary.top10Agreement >= 0.8 };
    for (const [k, v] of Object.entries(summary)) log(`  ${k}: ${JSON.stringify(v)}`);
    process.stdout.write(JSON.stringify(summary) + '\n');
  } finally {
    await Promise.all(servers.map((s) => s.stop().catch(() => undefined)));
    pg.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`bench/database.js: ${e?.stack ?? e}\n`);
  process.exit(1);
});
