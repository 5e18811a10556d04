/**
 * Peer: FlexSearch 0.8 over the same files, with a Vietnamese folding encoder (NFD, marks
 * removed, đ→d, lower case). Runs in its own process so its heap is measured alone:
 *   node --expose-gc bench/flex.js DIR QUERIES.json
 * prints one JSON object: build time, heap, query times.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { Index, Encoder } = require('flexsearch');

function fold(s) {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, (c) => (c === 'đ' ? 'd' : 'D'))
    .toLowerCase();
}

function listFiles(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) listFiles(full, out);
    else if (/\.(txt|md)$/i.test(e.name)) out.push(full);
  }
  return out;
}

function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Peak resident memory (VmHWM, MB) of this process, from /proc (Linux). */
function peakRssMB() {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    return m ? Math.round((Number(m[1]) / 1024) * 10) / 10 : undefined;
  } catch {
    return undefined;
  }
}

function main() {
  const [dir, queriesFile, roundsArg] = process.argv.slice(2);
  const queries = JSON.parse(fs.readFileSync(queriesFile, 'utf8')).queries.map((q) => q.query);
  const rounds = Number(roundsArg || 5);
  const files = listFiles(dir).sort();
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const encoder = new Encoder({
    normalize: fold,
    // Split on anything that is not a letter or digit (after folding, Vietnamese is ASCII letters).
    split: /[^\p{L}\p{N}]+/u,
    dedupe: false,
  });
  const index = new Index({ tokenize: 'strict', encoder, resolution: 9 });
  let readMs = 0;
  const started = performance.now();
  for (let id = 0; id < files.length; id++) {
    const t = performance.now();
    const text = fs.readFileSync(files[id], 'utf8');
    readMs += performance.now() - t;
    index.add(id, text);
  }
  const buildMs = performance.now() - started;
  global.gc?.();
  const mem = process.memoryUsage();
  const times = [];
  const totals = {};
  for (let r = 0; r <= rounds; r++) {
    for (const q of queries) {
      const t = performance.now();
      const hits = index.search(q, { limit: 20 });
      const ms = performance.now() - t;
      if (r > 0) times.push(ms);
      else totals[q] = hits.length;
    }
  }
  times.sort((a, b) => a - b);
  process.stdout.write(
    JSON.stringify({
      files: files.length,
      buildMs: Math.round(buildMs),
      readMs: Math.round(readMs),
      heapMB: Math.round(((mem.heapUsed - heapBefore) / 1048576) * 10) / 10,
      rssMB: Math.round((mem.rss / 1048576) * 10) / 10,
      peakRssMB: peakRssMB(),
      queryP50Ms: Math.round(percentile(times, 50) * 1000) / 1000,
      queryP99Ms: Math.round(percentile(times, 99) * 1000) / 1000,
      queries: queries.length,
      samples: times.length,
      zeroHitQueries: Object.values(totals).filter((n) => n === 0).length,
    }) + '\n',
  );
}

main();
