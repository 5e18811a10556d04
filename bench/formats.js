#!/usr/bin/env node
/**
 * Mixed-format benchmark: what reading Word, PDF and HTML sources costs beside plain text.
 *
 *   node bench/formats.js [--corpus DIR] [--files N] [--json]
 *   (also run by `npm run bench`, whose JSON line gets it under "formats")
 *
 * It renders the first N (default 2,000) .txt files of the vn-news corpus, in name order,
 * into .docx (the docx package: first line a heading, each line a paragraph), .pdf (pdfkit
 * with Debian's DejaVu Sans, A4, 11 pt) and .html (a saved-page template with navigation,
 * scripts, a related list and a footer around the article), once, under
 * .bench-cache/formats-N/. Then, for plain text and each format:
 *   - extraction alone, in this process, one file after another: the converter bundles
 *     (dist/formats/*.js) from bytes to blocks, then the text rendition; ms per MB of source
 *     and per MB of extracted text;
 *   - indexing: the CLI (`node dist/cli.js glossary --corpus DIR --no-bundled`, index
 *     workers as in the server, no cache) over the folder: its "Indexed … in X ms" line;
 *     ms per MB of source.
 * Prints a table, then one JSON line.
 */
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const REPO = path.resolve(__dirname, '..');
const DIST = path.join(REPO, 'dist');
const BENCH_CACHE = path.join(REPO, '.bench-cache');
const FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
const FORMATS = ['docx', 'pdf', 'html'];

const r1 = (x) => Math.round(x * 10) / 10;
const r2 = (x) => Math.round(x * 100) / 100;

function pickFiles(corpus, n) {
  const names = fs.readdirSync(corpus).filter((f) => f.endsWith('.txt')).sort();
  return names.slice(0, n).map((f) => path.join(corpus, f));
}

async function renderDocx(text) {
  const { Document, Paragraph, HeadingLevel, Packer } = require('docx');
  const lines = text.split('\n').filter((l) => l.trim());
  const children = lines.map((l, i) => (i === 0 ? new Paragraph({ text: l, heading: HeadingLevel.HEADING_1 }) : new Paragraph(l)));
  return Packer.toBuffer(new Document({ sections: [{ children }] }));
}

function renderPdf(text) {
  const PDFDocument = require('pdfkit');
  return new Promise((resolve, reject) => {
    const d = new PDFDocument({ size: 'A4', margin: 56, compress: true });
    const chunks = [];
    d.on('data', (c) => chunks.push(c));
    d.on('end', () => resolve(Buffer.concat(chunks)));
    d.on('error', reject);
    d.font(FONT).fontSize(11);
    for (const l of text.split('\n').filter((x) => x.trim())) d.text(l, { paragraphGap: 6 });
    d.end();
  });
}

const escapeHtml = (s) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

function renderHtml(text) {
  const lines = text.split('\n').filter((l) => l.trim());
  const [title, ...body] = lines;
  return Buffer.from(`<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>${escapeHtml(title ?? '')} | Báo mẫu</title>
<style>body{font-family:Arial}.menu li{display:inline}</style><script>window.dataLayer=[];</script></head><body>
<header class="site-header"><nav class="main-nav"><ul class="menu"><li><a href="/">Trang chủ</a></li><li><a href="/thoi-su">Thời sự</a></li><li><a href="/kinh-te">Kinh tế</a></li></ul></nav></header>
<main><article class="article-detail"><h1>${escapeHtml(title ?? '')}</h1>
${body.map((l) => `<p>${escapeHtml(l)}</p>`).join('\n')}
</article><section class="related-news"><h3>Tin liên quan</h3><ul><li><a href="/a">Tin một</a></li><li><a href="/b">Tin hai</a></li></ul></section></main>
<footer class="site-footer"><p>&copy; Báo mẫu</p></footer><script>track();</script></body></html>\n`);
}

/** Renders the picked files into one folder per format (once per N). */
async function renderAll(files, target, log) {
  const done = path.join(target, '.rendered');
  if (fs.existsSync(done)) return;
  fs.rmSync(target, { recursive: true, force: true });
  for (const f of ['txt', ...FORMATS]) fs.mkdirSync(path.join(target, f), { recursive: true });
  const started = Date.now();
  for (let i = 0; i < files.length; i++) {
    const text = fs.readFileSync(files[i], 'utf8');
    const base = path.basename(files[i], '.txt');
    fs.writeFileSync(path.join(target, 'txt', `${base}.txt`), text);
    fs.writeFileSync(path.join(target, 'docx', `${base}.docx`), await renderDocx(text));
    fs.writeFileSync(path.join(target, 'pdf', `${base}.pdf`), await renderPdf(text));
    fs.writeFileSync(path.join(target, 'html', `${base}.html`), renderHtml(text));
    if ((i + 1) % 500 === 0) log(`  rendered ${i + 1} of ${files.length} (${Math.round((Date.now() - started) / 1000)} s)`);
  }
  fs.writeFileSync(done, new Date().toISOString());
}

function folderBytes(dir) {
  let bytes = 0;
  for (const f of fs.readdirSync(dir)) if (!f.startsWith('.')) bytes += fs.statSync(path.join(dir, f)).size;
  return bytes;
}

/** Extraction alone, in process, through the built converter bundles (what an index worker runs). */
async function extractionCost(dir, format) {
  const convert = require(path.join(DIST, 'formats', `${format}.js`)).convert;
  let ms = 0;
  let textBytes = 0;
  let failed = 0;
  for (const f of fs.readdirSync(dir)) {
    if (f.startsWith('.')) continue;
    const bytes = fs.readFileSync(path.join(dir, f));
    const t = process.hrtime.bigint();
    try {
      const extracted = await convert(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      ms += Number(process.hrtime.bigint() - t) / 1e6;
      textBytes += Buffer.byteLength(extracted.blocks.map((b) => b.text).join('\n\n'));
    } catch {
      failed++;
    }
  }
  return { ms, textBytes, failed };
}

/** Plain text "extraction": the decode the indexer does (UTF-8, fatal), for the same baseline. */
function decodeCost(dir) {
  let ms = 0;
  let textBytes = 0;
  for (const f of fs.readdirSync(dir)) {
    if (f.startsWith('.')) continue;
    const bytes = fs.readFileSync(path.join(dir, f));
    const t = process.hrtime.bigint();
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    ms += Number(process.hrtime.bigint() - t) / 1e6;
    textBytes += Buffer.byteLength(text);
  }
  return { ms, textBytes, failed: 0 };
}

/** Cold indexing of a folder through the CLI (index workers, no cache). */
function indexCost(dir) {
  const r = spawnSync(process.execPath, [path.join(DIST, 'cli.js'), 'glossary', '--corpus', dir, '--no-bundled'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, TMPDIR: fs.mkdtempSync(path.join(os.tmpdir(), 'pl-bench-fmt-')) } });
  const m = /Indexed (\d+) corpus files \((\d+) bytes\) in (\d+) ms/.exec(r.stderr ?? '');
  if (!m) throw new Error(`no "Indexed" line from the CLI: ${r.stderr?.slice(-500)}`);
  const skipped = (r.stderr.match(/skipped/g) ?? []).length;
  return { files: Number(m[1]), ms: Number(m[3]), skipped };
}

async function runFormatsBench({ corpus, files: n = 2000, log = (...m) => process.stderr.write(m.join(' ') + '\n') }) {
  if (!fs.existsSync(FONT)) return { skipped: `${FONT} is missing (Debian package fonts-dejavu-core): no PDF can be made` };
  const files = pickFiles(corpus, n);
  const target = path.join(BENCH_CACHE, `formats-${files.length}`);
  log(`Formats: rendering ${files.length} vn-news files into .docx, .pdf, .html (once, ${target}) ...`);
  await renderAll(files, target, log);
  const rows = {};
  for (const format of ['txt', ...FORMATS]) {
    const dir = path.join(target, format);
    const bytes = folderBytes(dir);
    log(`Formats: ${format}: extraction ...`);
    const ex = format === 'txt' ? decodeCost(dir) : await extractionCost(dir, format);
    log(`Formats: ${format}: indexing through the CLI ...`);
    const ix = indexCost(dir);
    const mb = bytes / 1048576;
    rows[format] = {
      files: ix.files,
      sourceMB: r2(mb),
      textMB: r2(ex.textBytes / 1048576),
      extractMs: Math.round(ex.ms),
      extractMsPerSourceMB: r1(ex.ms / mb),
      extractMsPerTextMB: r1(ex.ms / (ex.textBytes / 1048576)),
      extractFailed: ex.failed,
      indexMs: ix.ms,
      indexMsPerSourceMB: r1(ix.ms / mb),
      indexMsPerTextMB: r1(ix.ms / (ex.textBytes / 1048576)),
      skipped: ix.skipped,
    };
  }
  const base = rows.txt;
  for (const f of FORMATS) rows[f].indexOverTxtPerTextMB = r2(rows[f].indexMsPerTextMB / base.indexMsPerTextMB);
  return { files: files.length, cores: os.availableParallelism?.() ?? os.cpus().length, loadAvg: r2(os.loadavg()[0]), ...rows };
}

function printTable(r) {
  const head = ['format', 'files', 'source MB', 'text MB', 'extract ms/MB src', 'extract ms/MB text', 'index ms', 'index ms/MB text', 'x txt'];
  const rows = ['txt', ...FORMATS].map((f) => [f, r[f].files, r[f].sourceMB, r[f].textMB, r[f].extractMsPerSourceMB, r[f].extractMsPerTextMB, r[f].indexMs, r[f].indexMsPerTextMB, r[f].indexOverTxtPerTextMB ?? 1]);
  const all = [head, ...rows];
  const widths = head.map((_, c) => Math.max(...all.map((row) => String(row[c]).length)));
  for (const row of all) process.stdout.write(row.map((c, i) => String(c).padEnd(widths[i])).join(' | ') + '\n');
}

module.exports = { runFormatsBench };

if (require.main === module) {
  const args = process.argv.slice(2);
  const option = (name) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const corpus = path.resolve(option('--corpus') ?? path.join(BENCH_CACHE, 'vn-news-35k', 'data'));
  if (!fs.existsSync(corpus)) {
    process.stderr.write(`bench/formats: ${corpus} does not exist; pass --corpus DIR (a folder of vn-news .txt files)\n`);
    process.exit(2);
  }
  if (!fs.existsSync(path.join(DIST, 'formats', 'pdf.js'))) {
    process.stderr.write('bench/formats: dist/formats/*.js is missing: run npm run build\n');
    process.exit(2);
  }
  runFormatsBench({ corpus, files: Number(option('--files') ?? 2000) })
    .then((r) => {
      if (!r.skipped) printTable(r);
      process.stdout.write(JSON.stringify({ formats: r }) + '\n');
    })
    .catch((e) => {
      process.stderr.write(`bench/formats: ${e?.stack ?? e}\n`);
      process.exit(1);
    });
}
