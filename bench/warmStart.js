#!/usr/bin/env node
/**
 * One server start on a corpus and a cache folder, measured (issue 18, memory once ready and
 * warm start): `node bench/warmStart.js CORPUS CACHEDIR [--runs N] [--server dist/server.js] [--ready-only] [NODE_FLAG...]`
 *
 * Starts `node --expose-gc [NODE_FLAG...] SERVER --stdio` with includeBundledCorpus false,
 * corpusPaths [CORPUS] and cacheDir CACHEDIR, waits for ready, and prints one JSON line per run:
 * wall time from spawn to ready, the status's indexMs and fromCache, the server's CPU time up to
 * ready (/proc/PID/stat, all threads: the figure least bent by a loaded machine) and its minor page
 * faults to ready (pages of fresh memory touched: in a Firecracker VM each costs ~30 µs); after a warm
 * start, the wall and CPU time until the server logged its lookup tables filed (it files a warm
 * start's sites after ready: `tablesWallMs`, `tablesCpuMs`); then policyLens/stats after a GC, and
 * VmRSS/VmHWM (so memory includes the filed tables). `--ready-only`: no wait for the tables (a
 * server older than format 4 never logs them). The first run on an empty CACHEDIR is a cold build; the next ones
 * are warm starts. Node flags pass through (`--cpu-prof --cpu-prof-dir=DIR`,
 * `--heapsnapshot-signal=SIGUSR2` with `--snapshot` to send it once ready). Linux only (/proc).
 */
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const P = require('vscode-languageserver-protocol/node');
const { stopServer } = require('./stats');

const args = process.argv.slice(2);
const positional = [];
const nodeFlags = [];
let runs = 1;
let server = path.join(__dirname, '..', 'dist', 'server.js');
let snapshot = false;
let readyOnly = false;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--runs') runs = Number(args[++i]);
  else if (args[i] === '--server') server = path.resolve(args[++i]);
  else if (args[i] === '--snapshot') snapshot = true;
  else if (args[i] === '--ready-only') readyOnly = true;
  else if (args[i].startsWith('--')) nodeFlags.push(args[i]);
  else positional.push(args[i]);
}
const [corpus, cacheDir] = positional.map((p) => path.resolve(p));
if (!corpus || !cacheDir) {
  console.error('usage: node bench/warmStart.js CORPUS CACHEDIR [--runs N] [--server FILE] [--snapshot] [--ready-only] [NODE_FLAG...]');
  process.exit(2);
}

function statFields(pid) {
  return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
}

/** CPU time (user + system, ms) of a process and its threads. */
function cpuMs(pid) {
  const fields = statFields(pid);
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** Minor page faults of a process so far: pages of fresh memory it touched (costly in some VMs). */
function minorFaults(pid) {
  return Number(statFields(pid)[7]);
}

function procMemory(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const mb = (key) => Math.round(Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024);
  return { vmRssMB: mb('VmRSS'), vmHwmMB: mb('VmHWM') };
}

async function once() {
  const started = performance.now();
  const child = spawn(process.execPath, ['--expose-gc', ...nodeFlags, server, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const c = P.createProtocolConnection(new P.StreamMessageReader(child.stdout), new P.StreamMessageWriter(child.stdin));
  let onStatus = () => undefined;
  let onTables = () => undefined;
  let tablesFiled = false;
  c.onNotification('window/logMessage', (p) => {
    if (/Index cache|Loaded|Indexed|rebuilding/.test(p.message)) console.error(`  server: ${p.message}`);
    if (/lookup tables filed/.test(p.message)) {
      tablesFiled = true;
      onTables();
    }
  });
  c.onNotification('policyLens/statusChanged', (s) => onStatus(s));
  c.onRequest('client/registerCapability', () => null);
  c.onRequest('window/workDoneProgress/create', () => null);
  c.listen();
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-warm-'));
  await c.sendRequest(P.InitializeRequest.type, {
    processId: process.pid,
    rootUri: pathToFileURL(workspace).href,
    workspaceFolders: null,
    capabilities: {},
    initializationOptions: { includeBundledCorpus: false, corpusPaths: [corpus], cacheDir },
  });
  await c.sendNotification(P.InitializedNotification.type, {});
  const ready = await new Promise((resolve) => {
    onStatus = (s) => s.state === 'ready' && resolve(s);
    c.sendRequest('policyLens/status').then(onStatus);
  });
  const wallMs = Math.round(performance.now() - started);
  const cpu = cpuMs(child.pid);
  const faults = minorFaults(child.pid);
  // A warm start files its sites in the lookup tables after ready: wait for that (it logs it).
  let tables = {};
  if (ready.fromCache && !readyOnly) {
    await new Promise((resolve) => {
      onTables = resolve;
      if (tablesFiled) resolve();
      setTimeout(resolve, 60_000).unref();
    });
    tables = tablesFiled ? { tablesWallMs: Math.round(performance.now() - started), tablesCpuMs: cpuMs(child.pid) } : { tablesFiled: 'not logged within 60 s' };
  }
  const stats = await c.sendRequest('policyLens/stats', { gc: true });
  const memory = procMemory(child.pid);
  console.log(
    JSON.stringify({
      wallMs,
      indexMs: ready.indexMs,
      fromCache: ready.fromCache,
      documents: ready.documents,
      cpuMs: cpu,
      minorFaults: faults,
      ...tables,
      heapUsedMB: stats.heapUsedMB,
      heapTotalMB: stats.heapTotalMB,
      externalMB: stats.externalMB,
      arrayBuffersMB: stats.arrayBuffersMB,
      rssMB: stats.rssMB,
      ...memory,
    }),
  );
  if (snapshot) {
    child.kill('SIGUSR2');
    // Node writes the snapshot synchronously on the signal; the next request is answered after it.
    await c.sendRequest('policyLens/status');
  }
  await stopServer(c, child, P);
  fs.rmSync(workspace, { recursive: true, force: true });
}

(async () => {
  for (let i = 0; i < runs; i++) await once();
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
