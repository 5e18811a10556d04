/**
 * Where a cold build's memory peaks: runs bench/coldBuild.ts on a corpus and samples the RSS
 * of it and of every child process (index workers, the merging process) every 50 ms. Prints
 * the most they held together, what each process held at that moment, and each process's
 * own peak (VmHWM) with the role it had (an index worker, or the merging process: the one
 * that starts after the others ended).
 *
 *   npm run build && node bench/coldPeak.js <corpus folder> [workers]
 *
 * TIMELINE=1 also prints every process's RSS once a second.
 *
 * Issue 18's figures: test/fixtures/search/QUALITY.md.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { descendants } = require('./processes');

const corpus = process.argv[2];
if (!corpus) {
  console.error('usage: node bench/coldPeak.js <corpus folder> [workers]');
  process.exit(2);
}

function status(pid) {
  try {
    const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(s)?.[1] ?? 0);
    // utime + stime (fields 14 and 15 of /proc/PID/stat), in clock ticks (100 a second on Linux).
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024, cpu: (Number(stat[11]) + Number(stat[12])) / 100 };
  } catch {
    return undefined;
  }
}

const t0 = Date.now();
const child = spawn(process.execPath, ['--require', 'tsx/cjs', path.join(__dirname, 'coldBuild.ts'), corpus, ...process.argv.slice(3)], { stdio: ['ignore', 'pipe', 'inherit'] });
child.stdout.on('data', (d) => process.stdout.write(d));
const seen = new Map(); // pid → { first, last, hwm }
let peak = { sum: 0, at: 0, each: [] };
const timer = setInterval(() => {
  let sum = 0;
  const each = [];
  for (const pid of [child.pid, ...descendants(child.pid)]) {
    const m = status(pid);
    if (!m) continue;
    sum += m.rss;
    each.push(`${pid}:${Math.round(m.rss)}`);
    const p = seen.get(pid) ?? { first: Date.now() - t0, last: 0, hwm: 0, cpu: 0 };
    p.last = Date.now() - t0;
    p.hwm = Math.max(p.hwm, m.hwm);
    p.cpu = m.cpu;
    seen.set(pid, p);
  }
  if (sum > peak.sum) peak = { sum, at: Date.now() - t0, each };
  if (process.env.TIMELINE && ++ticks % 20 === 0) console.log(`  ${Date.now() - t0} ms: ${Math.round(sum)} MB = ${each.join(' ')}`);
}, 50);
let ticks = 0;
child.on('exit', () => {
  clearInterval(timer);
  console.log(`together peak ${Math.round(peak.sum)} MB at ${peak.at} ms: ${peak.each.join(' ')} (pid:MB; the first is the server)`);
  for (const [pid, p] of seen) console.log(`  pid ${pid}: seen ${p.first}-${p.last} ms, VmHWM ${Math.round(p.hwm)} MB, CPU ${p.cpu.toFixed(1)} s (at its last sample)`);
  console.log(`wall ${Date.now() - t0} ms`);
});
