#!/usr/bin/env node
/**
 * Scale benchmark: `npm run bench -- [--json] [--corpus DIR] [--rounds N] [--no-build] [--no-peers] [--no-formats] [--sizes 0.25,0.5,1,4] [--no-growth] [--no-database]`
 *
 * Without --corpus it unpacks ../shared/corpora/vn-news-35k.tar.gz (next to the repository)
 * into .bench-cache/ once. It measures the real server (node dist/server.js --stdio,
 * includeBundledCorpus false, corpusPaths [DIR], a fresh cacheDir):
 *   - cold index: status.indexMs and wall time from spawn to ready; hover latency on an
 *     open brief while indexing;
 *   - memory at ready (policyLens/stats after a GC; the server runs with --expose-gc);
 *   - query p50/p99 over bench/queries.json (server-side tookMs, and the round trip);
 *   - hover p50/p99 over every word of bench/brief.md;
 *   - warm start: a second server on the same cacheDir, spawn to ready;
 * and, in the same run, the peers: FlexSearch 0.8 (bench/flex.js, own process) and ripgrep
 * (`rg -il QUERY DIR` per query, as a user would type it).
 * Then the growth table: the same measurements at 1/4, 1/2 and 4 times the corpus (subsets
 * and copies of hard links; FlexSearch up to 1x, ours alone at 4x) with the fitted growth;
 * then the extra rows other issues add (`extraMeasures`).
 *
 * It prints a table, then as its last line one JSON object (see `summary` below).
 */
'use strict';
const { spawn, spawnSync, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  InitializeRequest,
  InitializedNotification,
  DidOpenTextDocumentNotification,
  HoverRequest,
  CompletionRequest,
  ShutdownRequest,
  ExitNotification,
} = require('vscode-languageserver-protocol/node');

const REPO = path.resolve(__dirname, '..');
const TARBALL = path.resolve(REPO, '..', 'shared', 'corpora', 'vn-news-35k.tar.gz');
const BENCH_CACHE = path.join(REPO, '.bench-cache');
const DIST = path.join(REPO, 'dist');

const { argsOf, percentile, r2, r3, briefPositions } = require('./stats');
const { descendants } = require('./processes');

const { flag, option } = argsOf(process.argv.slice(2));
const json = flag('--json');
const rounds = Number(option('--rounds') ?? 5);
const log = (...m) => process.stderr.write(m.join(' ') + '\n');

// ------------------------------------------------------------------ helpers

function corpusDir() {
  const given = option('--corpus');
  if (given) {
    const dir = path.resolve(given);
    if (!fs.existsSync(dir)) fail(`--corpus ${dir} does not exist`);
    return dir;
  }
  const target = path.join(BENCH_CACHE, 'vn-news-35k');
  const done = path.join(target, '.unpacked');
  if (fs.existsSync(done)) return path.join(target, 'data');
  if (!fs.existsSync(TARBALL)) {
    fail(
      `The benchmark corpus is missing: ${TARBALL}\n` +
        `Put vn-news-35k.tar.gz there (see ../shared/corpora/README.md), or run on your own folder:\n` +
        `  npm run bench -- --json --corpus /path/to/folder-of-txt-files`,
    );
  }
  log(`Unpacking ${TARBALL} into ${target} (once) ...`);
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(target, { recursive: true });
  const r = spawnSync('tar', ['xzf', TARBALL, '-C', target], { stdio: 'inherit' });
  if (r.status !== 0) fail(`tar failed (${r.error?.message ?? `exit ${r.status}`}); unpack it yourself and pass --corpus DIR`);
  fs.writeFileSync(done, new Date().toISOString());
  return path.join(target, 'data');
}

function fail(message) {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}

function corpusSize(dir) {
  let files = 0;
  let bytes = 0;
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory() && !e.name.startsWith('.')) walk(full);
      else if (e.isFile() && /\.(txt|md)$/i.test(e.name)) {
        files++;
        bytes += fs.statSync(full).size;
      }
    }
  };
  walk(dir);
  return { files, bytes };
}

/**
 * CPU time (user + system, ms) of a process and its threads, from /proc (Linux), with that of
 * its children that have ended and been waited for (the server's index processes).
 */
function cpuMs(pid) {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    return Math.round((ticks * 1000) / 100);
  } catch {
    return undefined;
  }
}

/** Peak resident memory (VmHWM, MB) of a live process, from /proc (Linux). */
function peakRss(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? r2(Number(m[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

/** VmRSS and VmHWM (MB) of a live process, or undefined. */
function memoryOf(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
    return { rssMB: kb('VmRSS') / 1024, hwmMB: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

/**
 * Memory of the server and its child processes (index workers run as processes) while it
 * indexes, sampled every `everyMs`: the most they held at one sample together, and the sum
 * of each one's own peak (VmHWM), an upper bound of the true peak that sampling cannot miss.
 */
function sampleTree(root, everyMs = 50) {
  const peaks = new Map();
  let together = 0;
  const tick = () => {
    let sum = 0;
    for (const pid of [root, ...descendants(root)]) {
      const m = memoryOf(pid);
      if (!m) continue;
      sum += m.rssMB;
      peaks.set(pid, Math.max(peaks.get(pid) ?? 0, m.hwmMB));
    }
    together = Math.max(together, sum);
  };
  tick();
  const timer = setInterval(tick, everyMs);
  return {
    stop() {
      clearInterval(timer);
      tick();
      let sumOfPeaks = 0;
      for (const mb of peaks.values()) sumOfPeaks += mb;
      return { togetherMB: r2(together), sumOfPeaksMB: r2(sumOfPeaks), processes: peaks.size };
    },
  };
}

// ------------------------------------------------------------------ the server

async function startServer(server, corpus, cacheDir, workspace) {
  const started = performance.now();
  const child = spawn(process.execPath, ['--expose-gc', server, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const logs = [];
  child.stderr.on('data', (d) => logs.push(String(d)));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  connection.onNotification('window/logMessage', (p) => void logs.push(p.message));
  const listeners = new Set();
  connection.onNotification('policyLens/statusChanged', (s) => listeners.forEach((l) => l(s)));
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.listen();
  const init = await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: pathToFileURL(workspace).href,
    workspaceFolders: [{ uri: pathToFileURL(workspace).href, name: 'bench' }],
    capabilities: { window: { workDoneProgress: true }, textDocument: { hover: { contentFormat: ['markdown'] } } },
    initializationOptions: { includeBundledCorpus: false, corpusPaths: [corpus], cacheDir },
  });
  await connection.sendNotification(InitializedNotification.type, {});
  const waitFor = (pred) =>
    new Promise((resolve, reject) => {
      let done = false;
      const check = (s) => {
        if (done || !pred(s)) return;
        done = true;
        listeners.delete(check);
        resolve(s);
      };
      listeners.add(check);
      connection.sendRequest('policyLens/status').then(check, reject);
    });
  return {
    child,
    connection,
    logs,
    started,
    capabilities: init.capabilities,
    ready: () => waitFor((s) => s.state === 'ready'),
    async stop() {
      try {
        await connection.sendRequest(ShutdownRequest.type);
        await connection.sendNotification(ExitNotification.type);
      } catch {
        // gone
      }
      await new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        const t = setTimeout(() => child.kill(), 10000);
        child.once('exit', () => (clearTimeout(t), resolve()));
      });
      connection.dispose();
    },
  };
}

async function timed(fn) {
  const t = performance.now();
  const result = await fn();
  return { ms: performance.now() - t, result };
}

async function pollStats(server, pred, timeoutMs = 120000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const s = await server.connection.sendRequest('policyLens/stats', {});
    if (pred(s) || Date.now() > until) return s;
    await new Promise((r) => setTimeout(r, 100));
  }
}

// ------------------------------------------------------------------ peers

function runFlex(corpus, queriesFile, peerRounds = rounds) {
  if (flag('--no-peers')) return { skipped: 'disabled (--no-peers)' };
  try {
    require.resolve('flexsearch');
  } catch {
    return { skipped: 'flexsearch is not installed (npm install)' };
  }
  log('FlexSearch: building ...');
  const r = spawnSync(process.execPath, ['--expose-gc', path.join(__dirname, 'flex.js'), corpus, queriesFile, String(peerRounds)], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (r.status !== 0) return { skipped: `flex.js failed: ${r.stderr || r.error?.message}` };
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

function ensureRipgrep() {
  const has = () => spawnSync('rg', ['--version'], { encoding: 'utf8' });
  let v = has();
  if (v.status === 0) return v.stdout.split('\n')[0];
  if (process.platform === 'linux' && fs.existsSync('/usr/bin/apt-get') && process.getuid?.() === 0) {
    log('ripgrep not found; installing the Debian package ...');
    spawnSync('apt-get', ['install', '-y', '-q', 'ripgrep'], { stdio: 'ignore' });
    v = has();
    if (v.status === 0) return v.stdout.split('\n')[0];
  }
  return undefined;
}

function runRipgrep(corpus, queries) {
  if (flag('--no-peers')) return { skipped: 'disabled (--no-peers)' };
  const version = ensureRipgrep();
  if (!version) return { skipped: 'ripgrep (rg) is not installed and could not be installed: apt-get install ripgrep, or see https://github.com/BurntSushi/ripgrep' };
  log('ripgrep: one run per query ...');
  const times = [];
  let zero = 0;
  for (const q of queries) {
    const t = performance.now();
    const r = spawnSync('rg', ['-il', '--', q, corpus], { encoding: 'utf8', maxBuffer: 64 << 20 });
    times.push(performance.now() - t);
    if (!r.stdout || r.stdout.trim() === '') zero++;
  }
  return { version, queryP50Ms: r2(percentile(times, 50)), queryP99Ms: r2(percentile(times, 99)), samples: times.length, zeroHitQueries: zero };
}

/**
 * Our server on one corpus: cold index (with hovers on an open brief meanwhile), memory at
 * ready and the peak (VmHWM), queries and hovers on the settled server, then a warm start
 * on the same cache.
 */
async function measureOurs({ server, corpus, runDir, queries, positions, briefText, rounds }) {
  const cacheDir = fs.mkdtempSync(path.join(runDir, 'cache-'));
  const workspace = path.join(runDir, 'workspace');
  fs.mkdirSync(workspace, { recursive: true });
  const briefUri = pathToFileURL(path.join(workspace, 'brief.md')).href;
  // Cold index, with hovers on an open brief meanwhile.
  log('Cold index ...');
  const cold = await startServer(server, corpus, cacheDir, workspace);
  const coldTree = sampleTree(cold.child.pid);
  cold.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: briefUri, languageId: 'markdown', version: 1, text: briefText } });
  const duringHover = [];
  const duringCompletion = [];
  let indexing = true;
  const hasCompletion = !!cold.capabilities.completionProvider;
  const prober = (async () => {
    let i = 0;
    while (indexing) {
      const pos = positions[i++ % positions.length];
      duringHover.push((await timed(() => cold.connection.sendRequest(HoverRequest.type, { textDocument: { uri: briefUri }, position: pos }))).ms);
      if (hasCompletion) {
        duringCompletion.push((await timed(() => cold.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: briefUri }, position: pos }))).ms);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const coldStatus = await cold.ready();
  const coldWallMs = performance.now() - cold.started;
  indexing = false;
  await prober;
  const coldCpuMs = cpuMs(cold.child.pid);
  const tree = coldTree.stop();
  const atReady = await cold.connection.sendRequest('policyLens/stats', { gc: true });
  log(`  ready: ${coldStatus.documents} documents in ${coldStatus.indexMs} ms (wall ${Math.round(coldWallMs)} ms)`);

  // Wait for the cache write, then queries and hovers on a quiet server.
  const settled = await pollStats(cold, (s) => s.cache.state !== 'pending');
  const settledStats = await cold.connection.sendRequest('policyLens/stats', { gc: true });
  log('Queries ...');
  const serverMs = [];
  const roundTripMs = [];
  const totals = new Map();
  const slowest = new Map();
  for (let r = 0; r <= rounds; r++) {
    for (const q of queries) {
      const { ms, result } = await timed(() => cold.connection.sendRequest('policyLens/search', { query: q, limit: 20 }));
      if (r === 0) {
        totals.set(q, result.total);
        continue; // warm-up round
      }
      serverMs.push(result.tookMs);
      roundTripMs.push(ms);
      slowest.set(q, Math.max(slowest.get(q) ?? 0, result.tookMs));
    }
  }
  log('Hovers ...');
  const hoverMs = [];
  let hoversWithContent = 0;
  for (let r = 0; r <= rounds; r++) {
    for (const pos of positions) {
      const { ms, result } = await timed(() => cold.connection.sendRequest(HoverRequest.type, { textDocument: { uri: briefUri }, position: pos }));
      if (r === 0) {
        if (result) hoversWithContent++;
        continue;
      }
      hoverMs.push(ms);
    }
  }
  const coldLog = cold.logs.filter((l) => /Indexed|Search index|Index cache|rebuild/.test(l));
  // The goal's figure: the most the server and its index processes held together (sampled
  // every 50 ms), or the server's own peak (VmHWM) if that is more. The sum of each process's
  // own peak is reported beside it: an upper bound, since the processes do not peak at once
  // (a worker ends once its shard is written, before the merge's peak).
  const serverPeakRssMB = peakRss(cold.child.pid);
  const peakRssMB = tree.processes > 1 ? Math.max(serverPeakRssMB ?? 0, tree.togetherMB) : serverPeakRssMB;
  await cold.stop();

  // Warm start on the same cache.
  log('Warm start ...');
  const warm = await startServer(server, corpus, cacheDir, workspace);
  const warmStatus = await warm.ready();
  const warmWallMs = performance.now() - warm.started;
  // A warm start files its sites in the lookup tables after ready (it logs when): its memory
  // is taken once they are filed, so the figure holds the whole index.
  const filed = () => warm.logs.some((l) => /lookup tables filed/.test(l));
  for (const limit = performance.now() + 60_000; !filed() && performance.now() < limit; ) await new Promise((r) => setTimeout(r, 50));
  if (!filed()) log('  warm start: the lookup tables were not logged as filed within 60 s; memory taken now');
  const warmStats = await warm.connection.sendRequest('policyLens/stats', { gc: true });
  const warmLog = warm.logs.filter((l) => /Loaded|Indexed|Index cache|rebuild/.test(l));
  const warmPeakRssMB = peakRss(warm.child.pid);
  await warm.stop();
  for (const l of [...coldLog, ...warmLog]) log(`  server: ${l}`);
  log(`  ready from cache: ${warmStatus.fromCache} in ${warmStatus.indexMs} ms (wall ${Math.round(warmWallMs)} ms)`);

  return {
    coldStatus,
    coldWallMs,
    coldCpuMs,
    atReady,
    settled,
    settledStats,
    serverMs,
    roundTripMs,
    totals,
    slowest,
    hoverMs,
    hoversWithContent,
    duringHover,
    duringCompletion,
    hasCompletion,
    peakRssMB,
    serverPeakRssMB,
    tree,
    warmStatus,
    warmWallMs,
    warmStats,
    warmPeakRssMB,
  };
}

// ------------------------------------------------------------------ growth

/**
 * The corpus at another size, made of hard links (a copy where links fail): a factor
 * below 1 takes the first files in name order, a factor above 1 puts that many copies of
 * every file in sub-folders (copy0/, copy1/ ...), so the server indexes each as its own file.
 */
function scaledCorpus(corpus, factor, runDir) {
  const files = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory() && !e.name.startsWith('.')) walk(full);
      else if (e.isFile() && /\.(txt|md)$/i.test(e.name)) files.push(full);
    }
  };
  walk(corpus);
  files.sort();
  const dir = path.join(runDir, `corpus-x${factor}`);
  const place = (from, to) => {
    try {
      fs.linkSync(from, to);
    } catch {
      fs.copyFileSync(from, to);
    }
  };
  const copies = Math.max(1, Math.round(factor));
  const take = factor < 1 ? files.slice(0, Math.round(files.length * factor)) : files;
  for (let c = 0; c < (factor < 1 ? 1 : copies); c++) {
    const target = factor < 1 ? dir : path.join(dir, `copy${c}`);
    fs.mkdirSync(target, { recursive: true });
    take.forEach((f, i) => place(f, path.join(target, `${i}-${path.basename(f)}`)));
  }
  return dir;
}

/** One row of the growth table from a measurement of ours (and FlexSearch's, when run). */
function growthRow(factor, size, m, flex) {
  return {
    factor,
    files: size.files,
    bytes: size.bytes,
    coldIndexMs: m.coldStatus.indexMs,
    warmStartMs: Math.round(m.warmWallMs),
    rssMB: m.atReady.rssMB,
    heapMB: m.atReady.heapUsedMB,
    peakRssMB: m.peakRssMB,
    warmRssMB: m.warmStats.rssMB,
    warmPeakRssMB: m.warmPeakRssMB,
    queryP50Ms: r3(percentile(m.serverMs, 50)),
    queryP99Ms: r3(percentile(m.serverMs, 99)),
    hoverP99Ms: r3(percentile(m.hoverMs, 99)),
    hoverDuringIndexP99Ms: r2(percentile(m.duringHover, 99)),
    flex: flex && !flex.skipped ? { buildMs: flex.buildMs, rssMB: flex.rssMB, peakRssMB: flex.peakRssMB, queryP50Ms: flex.queryP50Ms } : flex?.skipped ?? null,
  };
}

/**
 * Fitted growth of each figure against the corpus bytes: the exponent of a power law
 * (least squares on logs: 1 = linear, 0 = flat) and the slope of a straight line (per MB
 * of text), over the rows that have the figure.
 */
function fitGrowth(rows) {
  const fit = (get) => {
    const pts = rows.map((r) => [r.bytes / 1e6, get(r)]).filter(([x, y]) => x > 0 && typeof y === 'number' && y > 0);
    if (pts.length < 2) return null;
    const line = (xs, ys) => {
      const n = xs.length;
      const mx = xs.reduce((a, b) => a + b, 0) / n;
      const my = ys.reduce((a, b) => a + b, 0) / n;
      let sxy = 0;
      let sxx = 0;
      for (let i = 0; i < n; i++) {
        sxy += (xs[i] - mx) * (ys[i] - my);
        sxx += (xs[i] - mx) ** 2;
      }
      const slope = sxx > 0 ? sxy / sxx : 0;
      return { slope, intercept: my - slope * mx };
    };
    const log = line(
      pts.map((p) => Math.log(p[0])),
      pts.map((p) => Math.log(p[1])),
    );
    const lin = line(
      pts.map((p) => p[0]),
      pts.map((p) => p[1]),
    );
    return { exponent: r3(log.slope), perMB: r3(lin.slope), atZero: r2(lin.intercept), points: pts.length };
  };
  return {
    coldIndexMs: fit((r) => r.coldIndexMs),
    warmStartMs: fit((r) => r.warmStartMs),
    rssMB: fit((r) => r.rssMB),
    peakRssMB: fit((r) => r.peakRssMB),
    warmRssMB: fit((r) => r.warmRssMB),
    queryP50Ms: fit((r) => r.queryP50Ms),
    flexRssMB: fit((r) => (typeof r.flex === 'object' && r.flex ? r.flex.rssMB : undefined)),
    flexBuildMs: fit((r) => (typeof r.flex === 'object' && r.flex ? r.flex.buildMs : undefined)),
  };
}

// ------------------------------------------------------------------ extra rows

/**
 * Measurements other issues add to the same run (a "formats" row, a "database" row ...):
 * push `{ key, title, run }` here from a small block; `run(ctx)` gets
 * `{ server, corpus, runDir, queries, queriesFile, rounds, log }`, returns a plain object
 * that lands under `summary[key]` and as one line of the table (`title: JSON`).
 */
const extraMeasures = [];

/** The team corpus in PostgreSQL (bench/database.js), when PostgreSQL 15 is installed; --no-database skips it. */
extraMeasures.push({
  key: 'database',
  title: 'team database (PostgreSQL)',
  run: ({ corpus, rounds }) => {
    if (flag('--no-database')) return { skipped: 'disabled (--no-database)' };
    if (!fs.existsSync('/usr/lib/postgresql/15/bin/initdb')) return { skipped: 'PostgreSQL 15 is not installed (apt-get install postgresql-15)' };
    log('Team database (PostgreSQL) ...');
    const r = spawnSync(process.execPath, [path.join(__dirname, 'database.js'), '--corpus', corpus, '--rounds', String(rounds)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 16 << 20 });
    if (r.status !== 0) return { skipped: `database.js failed (exit ${r.status})` };
    return JSON.parse(r.stdout.trim().split('\n').pop());
  },
});

// ------------------------------------------------------------------ main

async function main() {
  if (!flag('--no-build')) {
    log('Building (node esbuild.js) ...');
    execFileSync(process.execPath, [path.join(REPO, 'esbuild.js')], { cwd: REPO, stdio: 'inherit' });
  }
  if (!fs.existsSync(path.join(DIST, 'server.js'))) fail(`${DIST}/server.js is missing: run npm run build`);
  const corpus = corpusDir();
  const { files, bytes } = corpusSize(corpus);
  const queriesFile = path.join(__dirname, 'queries.json');
  const queries = JSON.parse(fs.readFileSync(queriesFile, 'utf8')).queries.map((q) => q.query);
  const briefText = fs.readFileSync(path.join(__dirname, 'brief.md'), 'utf8');
  const positions = briefPositions(briefText);
  fs.mkdirSync(BENCH_CACHE, { recursive: true });
  const runDir = fs.mkdtempSync(path.join(BENCH_CACHE, 'run-'));
  // Run a private copy of the build: a rebuild of dist/ during the run (another terminal,
  // npm test) would change the analyzer fingerprint and make the warm start rebuild.
  const server = path.join(runDir, 'dist', 'server.js');
  fs.cpSync(DIST, path.join(runDir, 'dist'), { recursive: true });
  const loadBefore = os.loadavg()[0];
  log(`Corpus ${corpus}: ${files} files, ${(bytes / 1e6).toFixed(1)} MB; ${os.availableParallelism?.() ?? os.cpus().length} cores, load ${loadBefore.toFixed(2)}`);

  const m = await measureOurs({ server, corpus, runDir, queries, positions, briefText, rounds });
  const { coldStatus, coldWallMs, coldCpuMs, atReady, settled, settledStats, serverMs, roundTripMs, totals, slowest, hoverMs, hoversWithContent, duringHover, duringCompletion, hasCompletion } = m;
  const { warmStatus, warmWallMs, warmStats } = m;

  const flex = runFlex(corpus, queriesFile);
  const rg = runRipgrep(corpus, queries);

  // Growth: the same corpus at other sizes (default 1/4, 1/2, 1 and 4 times), ours and
  // FlexSearch up to 1x, ours alone above; fewer rounds than the 1x run.
  const sizes = flag('--no-growth') ? [1] : (option('--sizes') ?? '0.25,0.5,1,4').split(',').map(Number).filter((f) => f > 0);
  const growthRows = [];
  for (const factor of sizes) {
    if (factor === 1) {
      growthRows.push(growthRow(1, { files, bytes }, m, flex));
      continue;
    }
    log(`Growth: ${factor}x ...`);
    const dir = scaledCorpus(corpus, factor, runDir);
    const size = corpusSize(dir);
    const sm = await measureOurs({ server, corpus: dir, runDir, queries, positions, briefText, rounds: Math.min(rounds, 2) });
    const peer = factor < 1 ? runFlex(dir, queriesFile, Math.min(rounds, 2)) : { skipped: 'ours alone above 1x' };
    growthRows.push(growthRow(factor, size, sm, peer));
    fs.rmSync(dir, { recursive: true, force: true });
  }
  growthRows.sort((a, b) => a.factor - b.factor);

  const extras = {};
  for (const x of extraMeasures) {
    // Each says what it runs itself (a skipped one runs nothing).
    extras[x.key] = await x.run({ server, corpus, runDir, queries, queriesFile, rounds, log });
  }
  fs.rmSync(runDir, { recursive: true, force: true });

  const ours = {
    queryP50Ms: r3(percentile(serverMs, 50)),
    queryP99Ms: r3(percentile(serverMs, 99)),
  };
  const summary = {
    files,
    bytes,
    documents: coldStatus.documents,
    coldIndexMs: coldStatus.indexMs,
    coldWallMs: Math.round(coldWallMs),
    coldCpuMs,
    warmStartMs: Math.round(warmWallMs),
    warmIndexMs: warmStatus.indexMs,
    warmFromCache: warmStatus.fromCache,
    heapMB: atReady.heapUsedMB,
    rssMB: atReady.rssMB,
    settledHeapMB: settledStats.heapUsedMB,
    settledRssMB: settledStats.rssMB,
    warmHeapMB: warmStats.heapUsedMB,
    warmRssMB: warmStats.rssMB,
    searchIndex: atReady.search,
    cacheMB: r2((settled.cache.bytes ?? 0) / 1048576),
    workers: atReady.workers,
    queryP50Ms: ours.queryP50Ms,
    queryP99Ms: ours.queryP99Ms,
    queryRoundTripP50Ms: r3(percentile(roundTripMs, 50)),
    queryRoundTripP99Ms: r3(percentile(roundTripMs, 99)),
    zeroHitQueries: [...totals.values()].filter((n) => n === 0).length,
    hoverP50Ms: r3(percentile(hoverMs, 50)),
    hoverP99Ms: r3(percentile(hoverMs, 99)),
    hoverPositions: positions.length,
    hoversWithContent,
    hoverDuringIndexP99Ms: r2(percentile(duringHover, 99)),
    hoverDuringIndexMaxMs: r2(Math.max(0, ...duringHover)),
    completionDuringIndexP99Ms: hasCompletion ? r2(percentile(duringCompletion, 99)) : undefined,
    hoversDuringIndex: duringHover.length,
    eventLoopDuringIndexP99Ms: atReady.lastBuild.eventLoopP99Ms,
    eventLoopDuringIndexMaxMs: atReady.lastBuild.eventLoopMaxMs,
    searchOnWorker: atReady.lastBuild.searchWorker,
    buildPhasesMs: atReady.lastBuild.phases,
    slowestQueries: [...slowest].sort((a, b) => b[1] - a[1]).slice(0, 5),
    queries: queries.length,
    rounds,
    loadAvg: [r2(loadBefore), r2(os.loadavg()[0])],
    peakRssMB: m.peakRssMB,
    serverPeakRssMB: m.serverPeakRssMB,
    indexProcesses: { count: m.tree.processes - 1, sumOfPeaksMB: m.tree.sumOfPeaksMB, sampledTogetherMB: m.tree.togetherMB },
    warmPeakRssMB: m.warmPeakRssMB,
    peers: { flexsearch: flex, ripgrep: rg },
    growth: { rows: growthRows, fit: fitGrowth(growthRows) },
    ...extras,
  };
  summary.ratios = {
    coldIndexOverFlexBuild: flex.buildMs ? r3(summary.coldIndexMs / flex.buildMs) : null,
    queryP50OverFlexP50: flex.queryP50Ms ? r3(summary.queryP50Ms / flex.queryP50Ms) : null,
    queryP99OverFlexP99: flex.queryP99Ms ? r3(summary.queryP99Ms / flex.queryP99Ms) : null,
    rgP50OverOurP50: rg.queryP50Ms && summary.queryP50Ms ? Math.round(rg.queryP50Ms / summary.queryP50Ms) : null,
  };
  // Issue 18's goals, each against the same run's peers.
  const flexRss = flex.rssMB;
  summary.goals = {
    rssAtMost0_8xFlex: flexRss ? summary.rssMB <= 0.8 * flexRss : null,
    peakRssAtMost1_5xFlexRss: flexRss && summary.peakRssMB ? summary.peakRssMB <= 1.5 * flexRss : null,
    queryP50AtMost1ms: summary.queryP50Ms <= 1,
    queryP50AtMost0_7xFlex: flex.queryP50Ms ? summary.queryP50Ms <= 0.7 * flex.queryP50Ms : null,
    queryP99AtMostFlex: flex.queryP99Ms ? summary.queryP99Ms <= flex.queryP99Ms : null,
    coldIndexAtMost0_3xFlex: summary.ratios.coldIndexOverFlexBuild !== null ? summary.ratios.coldIndexOverFlexBuild <= 0.3 : null,
    warmStartAtMost500ms: summary.warmStartMs <= 500,
    rgAtLeast100xSlower: summary.ratios.rgP50OverOurP50 !== null ? summary.ratios.rgP50OverOurP50 >= 100 : null,
    hoverP99AtMost5ms: summary.hoverP99Ms <= 5,
    hoverDuringIndexP99AtMost5ms: summary.hoverDuringIndexP99Ms <= 5,
  };

  // Mixed formats (bench/formats.js): .docx, .pdf and .html made from 2,000 of these files, extraction cost beside plain text.
  if (!flag('--no-formats')) summary.formats = await require('./formats').runFormatsBench({ corpus, log });

  printTable(summary);
  process.stdout.write(JSON.stringify(summary) + '\n');
  if (!json) process.stderr.write('(--json: the last line above is the machine-readable summary)\n');
}

function printTable(s) {
  const f = s.peers.flexsearch;
  const g = s.peers.ripgrep;
  const rows = [
    ['corpus', `${s.files} files, ${(s.bytes / 1e6).toFixed(1)} MB`, '', ''],
    ['', 'Policy Lens', 'FlexSearch 0.8', 'ripgrep'],
    ['cold index (ms)', `${s.coldIndexMs} (wall ${s.coldWallMs}, cpu ${s.coldCpuMs ?? '?'})`, f.buildMs ?? f.skipped ?? '', '-'],
    ['warm start (ms)', `${s.warmStartMs} (index ${s.warmIndexMs}, fromCache ${s.warmFromCache})`, '-', '-'],
    ['heap at ready (MB)', `${s.heapMB} (warm ${s.warmHeapMB})`, f.heapMB ?? '', '-'],
    ['RSS at ready (MB)', `${s.rssMB} (settled ${s.settledRssMB}, warm ${s.warmRssMB})`, f.rssMB ?? '', '-'],
    ['peak RSS (MB)', `${s.peakRssMB ?? '?'} with ${s.indexProcesses?.count ?? 0} index processes, sampled (server VmHWM ${s.serverPeakRssMB ?? '?'}; sum of each one's VmHWM ${s.indexProcesses?.sumOfPeaksMB ?? '?'}; warm ${s.warmPeakRssMB ?? '?'})`, f.peakRssMB ?? '', '-'],
    ['search index', s.searchIndex ? `${s.searchIndex.terms} terms, postings ${s.searchIndex.postingMB} MB; cache file ${s.cacheMB} MB` : '-', '', ''],
    ['query p50 (ms)', `${s.queryP50Ms} (round trip ${s.queryRoundTripP50Ms})`, f.queryP50Ms ?? '', g.queryP50Ms ?? g.skipped ?? ''],
    ['query p99 (ms)', `${s.queryP99Ms} (round trip ${s.queryRoundTripP99Ms})`, f.queryP99Ms ?? '', g.queryP99Ms ?? ''],
    ['zero-hit queries', `${s.zeroHitQueries}/${s.queries}`, f.zeroHitQueries ?? '', g.zeroHitQueries ?? ''],
    ['hover p50 / p99 (ms)', `${s.hoverP50Ms} / ${s.hoverP99Ms} (${s.hoverPositions} positions)`, '-', '-'],
    ['hover while indexing', `p99 ${s.hoverDuringIndexP99Ms} ms, max ${s.hoverDuringIndexMaxMs} ms (${s.hoversDuringIndex})`, '-', '-'],
    ['event loop while indexing', `p99 ${s.eventLoopDuringIndexP99Ms} ms, max ${s.eventLoopDuringIndexMaxMs} ms`, '-', '-'],
    ['load average', `${s.loadAvg[0]} -> ${s.loadAvg[1]}`, '', ''],
  ];
  const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => String(r[c]).length)));
  for (const r of rows) process.stdout.write(r.map((c, i) => String(c).padEnd(widths[i])).join(' | ') + '\n');
  if (s.growth.rows.length > 1) {
    process.stdout.write('\ngrowth (same corpus at other sizes; FlexSearch up to 1x):\n');
    const g = [['size', 'MB', 'cold ms', 'warm ms', 'RSS ready', 'peak RSS', 'warm RSS', 'query p50/p99', 'hover p99', 'FlexSearch build ms / RSS / peak']];
    for (const r of s.growth.rows) {
      const fx = typeof r.flex === 'object' && r.flex ? `${r.flex.buildMs} / ${r.flex.rssMB} / ${r.flex.peakRssMB ?? '?'}` : (r.flex ?? '-');
      g.push([`${r.factor}x`, (r.bytes / 1e6).toFixed(1), r.coldIndexMs, r.warmStartMs, r.rssMB, r.peakRssMB ?? '?', r.warmRssMB, `${r.queryP50Ms} / ${r.queryP99Ms}`, r.hoverP99Ms, fx]);
    }
    const gw = g[0].map((_, c) => Math.max(...g.map((r) => String(r[c]).length)));
    for (const r of g) process.stdout.write(r.map((c, i) => String(c).padEnd(gw[i])).join(' | ') + '\n');
    const fits = Object.entries(s.growth.fit)
      .filter(([, v]) => v)
      .map(([k, v]) => `${k} ~ bytes^${v.exponent} (${v.perMB}/MB)`)
      .join(', ');
    process.stdout.write(`fitted growth: ${fits}\n`);
  }
  for (const x of extraMeasures) process.stdout.write(`${x.title}: ${JSON.stringify(s[x.key])}\n`);
  const goals = Object.entries(s.goals)
    .map(([k, v]) => `${v === null ? '?' : v ? 'met' : 'MISSED'} ${k}`)
    .join(', ');
  process.stdout.write(`goals: ${goals}\n`);
}

main().catch((e) => {
  process.stderr.write(`bench: ${e?.stack ?? e}\n`);
  process.exit(1);
});
