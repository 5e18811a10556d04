/**
 * Helpers shared by the bench scripts (run.js, database.js): command-line options, the
 * percentile and rounding every figure goes through, and the hover positions of a brief, so
 * that the main bench and the team-database row measure the same way; how the single-run
 * probes (warmStart.js, hoverWhileIndexing.js) end their server.
 */
'use strict';

/** `option('--rounds')` → the value after the flag; `flag('--json')` → whether it is there. */
function argsOf(argv) {
  return {
    flag: (name) => argv.includes(name),
    option: (name) => {
      const i = argv.indexOf(name);
      return i >= 0 ? argv[i + 1] : undefined;
    },
  };
}

/** The nearest-rank percentile (p in 0..100) of unsorted values; 0 for none. */
function percentile(values, p) {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
const r2 = (x) => Math.round(x * 100) / 100;
const r3 = (x) => Math.round(x * 1000) / 1000;

/** Positions of every word of the brief (start and middle), as LSP line/character. */
function briefPositions(text) {
  const out = [];
  text.split('\n').forEach((line, i) => {
    for (const m of line.matchAll(/[\p{L}\p{N}][\p{L}\p{N}&/-]*/gu)) {
      out.push({ line: i, character: m.index });
      if (m[0].length > 2) out.push({ line: i, character: m.index + Math.floor(m[0].length / 2) });
    }
  });
  return out;
}

/** Ends a server started over stdio (`c` its protocol connection): shutdown, exit, then waits for the process to go. */
async function stopServer(c, child, P) {
  try {
    await c.sendRequest(P.ShutdownRequest.type);
    await c.sendNotification(P.ExitNotification.type);
  } catch {
    // gone
  }
  await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)));
  c.dispose();
}

module.exports = { argsOf, percentile, r2, r3, briefPositions, stopServer };
