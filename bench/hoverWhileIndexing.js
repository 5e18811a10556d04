#!/usr/bin/env node
/**
 * Hover latency while a cold build runs, and after it (issue 18 goal 7, "hover p99 ≤ 5 ms,
 * while indexing and after"), without the rest of the bench:
 * `node bench/hoverWhileIndexing.js CORPUS [--every MS] [--after N] [--timeline] [--server dist/server.js] [NODE_FLAG...]`
 *
 * Starts `node [NODE_FLAG...] SERVER --stdio` on an empty cache folder (includeBundledCorpus
 * false, corpusPaths [CORPUS]), opens bench/brief.md and sends a hover on the next word of it
 * every `--every` ms (default 10) from the server's start to ready, each one timed from
 * send to answer. Unlike run.js's probe (one hover, then a 20 ms pause), the hovers go out on a
 * steady clock, whether or not the last one was answered, so a pause of the server's main
 * thread delays every hover that falls into it, as it does for a writer typing. Then `--after`
 * (default 2,000) hovers on the settled server, one after another. Prints one JSON line:
 * p50 / p90 / p99 / max of both (and of the hovers sent in the middle of the build, from 20% to
 * 90% of its time, apart from start-up and the end's adoption), the build's wall and index time, the server's CPU time
 * (/proc: main thread and its threads) and its children's (the index processes), and what
 * policyLens/stats says of the build (phases, event-loop delay); with `--timeline`, per second
 * since the spawn, how many hovers took over 5 ms and the slowest. Node flags pass through
 * (`--cpu-prof --cpu-prof-dir=DIR`, `--max-semi-space-size=N`; not `--trace-gc`, which writes
 * to the server's stdout, the LSP channel). Linux only (/proc).
 */
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const P = require('vscode-languageserver-protocol/node');
const { argsOf, percentile, r2, briefPositions, stopServer } = require('./stats');

const argv = process.argv.slice(2);
const { flag, option } = argsOf(argv);
const everyMs = Number(option('--every') ?? 10);
const afterCount = Number(option('--after') ?? 2000);
const timeline = flag('--timeline');
const server = path.resolve(option('--server') ?? path.join(__dirname, '..', 'dist', 'server.js'));
/** This script's options that take a value; every other `--` argument is a Node flag for the server. */
const WITH_VALUE = new Set(['--every', '--after', '--server']);
const ours = (a, i) => WITH_VALUE.has(a) || WITH_VALUE.has(argv[i - 1]) || a === '--timeline';
const nodeFlags = argv.filter((a, i) => a.startsWith('--') && !ours(a, i));
const positional = argv.filter((a, i) => !a.startsWith('--') && !ours(a, i));
const corpus = positional[0] && path.resolve(positional[0]);
if (!corpus || !fs.existsSync(corpus)) {
  console.error('usage: node bench/hoverWhileIndexing.js CORPUS [--every MS] [--after N] [--timeline] [--server FILE] [NODE_FLAG...]');
  process.exit(2);
}

/** CPU time (ms) of a process and its threads, and of its children that ended (the index processes). */
function cpuOf(pid) {
  const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const tick = 1000 / 100;
  return { ownMs: (Number(f[11]) + Number(f[12])) * tick, childrenMs: (Number(f[13]) + Number(f[14])) * tick };
}

function summary(ms) {
  return { count: ms.length, p50: r2(percentile(ms, 50)), p90: r2(percentile(ms, 90)), p99: r2(percentile(ms, 99)), max: r2(Math.max(0, ...ms)) };
}

async function main() {
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-hover-'));
  const cacheDir = path.join(runDir, 'cache');
  const workspace = path.join(runDir, 'workspace');
  fs.mkdirSync(workspace, { recursive: true });
  const briefText = fs.readFileSync(path.join(__dirname, 'brief.md'), 'utf8');
  const positions = briefPositions(briefText);
  const briefUri = pathToFileURL(path.join(workspace, 'brief.md')).href;

  const started = performance.now();
  const child = spawn(process.execPath, [...nodeFlags, server, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const c = P.createProtocolConnection(new P.StreamMessageReader(child.stdout), new P.StreamMessageWriter(child.stdin));
  let onStatus = () => undefined;
  c.onNotification('window/logMessage', () => undefined);
  c.onNotification('policyLens/statusChanged', (s) => onStatus(s));
  c.onRequest('client/registerCapability', () => null);
  c.onRequest('window/workDoneProgress/create', () => null);
  c.listen();
  await c.sendRequest(P.InitializeRequest.type, {
    processId: process.pid,
    rootUri: pathToFileURL(workspace).href,
    workspaceFolders: [{ uri: pathToFileURL(workspace).href, name: 'probe' }],
    capabilities: { window: { workDoneProgress: true }, textDocument: { hover: { contentFormat: ['markdown'] } } },
    initializationOptions: { includeBundledCorpus: false, corpusPaths: [corpus], cacheDir },
  });
  await c.sendNotification(P.InitializedNotification.type, {});
  await c.sendNotification(P.DidOpenTextDocumentNotification.type, { textDocument: { uri: briefUri, languageId: 'markdown', version: 1, text: briefText } });

  // Hovers on a steady clock while the build runs (from the server's start to ready).
  const during = [];
  /** Per second since the spawn: hovers sent, those over 5 ms, the slowest. */
  const seconds = [];
  /** Every hover while indexing: when it was sent (ms since the spawn) and how long it took. */
  const sent = [];
  const inFlight = new Set();
  let i = 0;
  const hover = () => {
    const pos = positions[i++ % positions.length];
    const t = performance.now();
    const p = c.sendRequest(P.HoverRequest.type, { textDocument: { uri: briefUri }, position: pos }).then(() => {
      const ms = performance.now() - t;
      during.push(ms);
      sent.push([t - started, ms]);
      const s = (seconds[Math.floor((t - started) / 1000)] ??= [0, 0, 0]);
      s[0]++;
      if (ms > 5) s[1]++;
      s[2] = Math.max(s[2], r2(ms));
    });
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  };
  const timer = setInterval(hover, everyMs);
  const status = await new Promise((resolve) => {
    onStatus = (s) => s.state === 'ready' && resolve(s);
    void c.sendRequest('policyLens/status').then(onStatus);
  });
  const wallMs = performance.now() - started;
  clearInterval(timer);
  await Promise.all(inFlight);
  const cpu = cpuOf(child.pid);

  // Wait for the cache write, then hovers one after another on the settled server.
  let stats;
  for (let k = 0; k < 600; k++) {
    stats = await c.sendRequest('policyLens/stats', {});
    if (stats.cache?.state !== 'pending') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const after = [];
  for (let k = 0; k < afterCount; k++) {
    const t = performance.now();
    await c.sendRequest(P.HoverRequest.type, { textDocument: { uri: briefUri }, position: positions[k % positions.length] });
    after.push(performance.now() - t);
  }
  await stopServer(c, child, P);
  fs.rmSync(runDir, { recursive: true, force: true });
  console.log(
    JSON.stringify({
      nodeFlags,
      everyMs,
      documents: status.documents,
      indexMs: status.indexMs,
      wallMs: Math.round(wallMs),
      serverCpuMs: Math.round(cpu.ownMs),
      workersCpuMs: Math.round(cpu.childrenMs),
      loadavg: os.loadavg().map(r2),
      during: summary(during),
      // The middle of the build (20% to 90% of its time): neither start-up nor the end's adoption.
      middle: summary(sent.filter(([at]) => at >= 0.2 * wallMs && at <= 0.9 * wallMs).map(([, ms]) => ms)),
      after: summary(after),
      eventLoopP99Ms: stats?.lastBuild.eventLoopP99Ms,
      eventLoopMaxMs: stats?.lastBuild.eventLoopMaxMs,
      phases: stats?.lastBuild.phases,
      ...(timeline ? { timeline: [...seconds].map((s, k) => `${k}s: ${s ? `${s[1]}/${s[0]} over 5 ms, max ${s[2]}` : '-'}`) } : {}),
    }),
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
