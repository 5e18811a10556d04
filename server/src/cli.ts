/**
 * `policy-lens` command line: the server's checks, search and glossary without an editor.
 *
 *   policy-lens check <files...>                 editorial diagnostics, `file:line:col: severity code message`
 *   policy-lens search "<query>" [--exact] [--limit N]
 *   policy-lens glossary [--format csv|md]
 *   policy-lens document "<key>" [--json]        the document card (issuer, dates, subject, status, relations, sources)
 * options: --corpus DIR (repeatable), --no-bundled, --glossary FILE (repeatable), --quiet
 *
 * Exit status: check → 1 when any warning was printed, else 0; 2 on a usage error or an
 * unreadable file. Same core and features as the language server (CorpusService.configure,
 * features/diagnostics, features/search, the glossary), no logic of its own.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SETTINGS } from '../../shared/protocol';
import { analyzeDocument } from './core/analyze';
import { LineIndex } from './core/lineIndex';
import { vietnameseCollator } from './core/text';
import { diagnose } from './features/diagnostics';
import { documentCardForKey } from './features/documentCard';
import { documentCardLines } from './features/documentCardText';
import { searchCorpus } from './features/search';
import { CorpusService, fileUri } from './host/corpusService';

const USAGE = `usage: policy-lens <command> [options]

commands:
  check <files...>            print editorial diagnostics (file:line:col: severity code message);
                              exit 1 when any warning is found
  search "<query>"            search the corpus (accent-insensitive unless --exact)
      --exact                 match diacritics exactly
      --limit N               at most N results (default 20)
  glossary                    print the glossaries and the acronyms the corpus defines
      --format csv|md         output format (default md)
  document "<key>"            print the card of a cited document ("30/2020/NĐ-CP", "Chỉ thị 12");
                              exit 1 when nothing is known about it
      --json                  the card as policyLens/document returns it
      --year YYYY             the signing year, when one key names several documents
                              ("49-NQ/TW" of 1961 and of 2005)
  index --database URL PATH...  build or update the team corpus in PostgreSQL
                              (policy-lens index --help for its options)

options:
  --corpus DIR                index DIR as corpus (repeatable)
  --no-bundled                do not index the bundled seed corpus
  --glossary FILE             add a user glossary file (repeatable)
  --quiet                     no progress messages on stderr
  -h, --help                  this help
`;

class UsageError extends Error {}

interface Options {
  command: string;
  args: string[];
  corpus: string[];
  glossaries: string[];
  bundled: boolean;
  exact: boolean;
  limit: number;
  format: 'csv' | 'md';
  quiet: boolean;
  json: boolean;
  year?: number;
}

export function parseArgs(argv: string[]): Options {
  const o: Options = { command: '', args: [], corpus: [], glossaries: [], bundled: true, exact: false, limit: 20, format: 'md', quiet: false, json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === '--corpus') o.corpus.push(value());
    else if (a.startsWith('--corpus=')) o.corpus.push(a.slice(9));
    else if (a === '--glossary') o.glossaries.push(value());
    else if (a === '--no-bundled') o.bundled = false;
    else if (a === '--exact') o.exact = true;
    else if (a === '--json') o.json = true;
    else if (a === '--year' || a.startsWith('--year=')) {
      const v = a.includes('=') ? a.slice(7) : value();
      if (!/^\d{4}$/.test(v)) throw new UsageError(`--year needs a four-digit year, not "${v}"`);
      o.year = Number(v);
    }
    else if (a === '--quiet' || a === '-q') o.quiet = true;
    else if (a === '--limit' || a.startsWith('--limit=')) {
      const v = a.includes('=') ? a.slice(8) : value();
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) throw new UsageError(`--limit needs a positive whole number, not "${v}"`);
      o.limit = n;
    } else if (a === '--format' || a.startsWith('--format=')) {
      const v = a.includes('=') ? a.slice(9) : value();
      if (v !== 'csv' && v !== 'md') throw new UsageError(`--format is csv or md, not "${v}"`);
      o.format = v;
    } else if (a === '-h' || a === '--help') o.command = 'help';
    else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option ${a}`);
    else if (!o.command) o.command = a;
    else o.args.push(a);
  }
  if (o.command === 'help') return o;
  if (!o.command) throw new UsageError('no command');
  if (!['check', 'search', 'glossary', 'document'].includes(o.command)) throw new UsageError(`unknown command "${o.command}"`);
  if (o.command === 'check' && o.args.length === 0) throw new UsageError('check needs at least one file');
  if (o.command === 'search' && o.args.length !== 1) throw new UsageError('search needs one query (quote it)');
  if (o.command === 'glossary' && o.args.length > 0) throw new UsageError('glossary takes no arguments');
  if (o.command === 'document' && o.args.length !== 1) throw new UsageError('document needs one key (quote it): policy-lens document "30/2020/NĐ-CP"');
  return o;
}

/** The bundled seeds: next to dist/ when bundled, at the repository root when run from source. */
function bundledSeeds(): string | undefined {
  for (const dir of [path.resolve(__dirname, '..', 'seeds'), path.resolve(__dirname, '..', '..', 'seeds')]) {
    if (fs.existsSync(dir)) return dir;
  }
  return undefined;
}

const opened: CorpusService[] = [];

async function openCorpus(o: Options): Promise<CorpusService> {
  const log = {
    info: (m: string) => void (o.quiet ? undefined : process.stderr.write(`${m}\n`)),
    warn: (m: string) => void process.stderr.write(`warning: ${m}\n`),
  };
  const service = new CorpusService(log);
  opened.push(service);
  const seeds = o.bundled ? bundledSeeds() : undefined;
  const roots = [...(seeds ? [seeds] : []), ...o.corpus.map((d) => path.resolve(d))];
  for (const d of o.corpus) if (!fs.existsSync(d)) throw new UsageError(`corpus folder not found: ${d}`);
  for (const g of o.glossaries) if (!fs.existsSync(g)) throw new UsageError(`glossary file not found: ${g}`);
  await service.configure({ roots, glossaryPaths: o.glossaries.map((g) => path.resolve(g)) });
  return service;
}

async function check(o: Options, out: (line: string) => void): Promise<number> {
  const texts = o.args.map((f) => {
    try {
      return fs.readFileSync(f, 'utf8').replace(/^\uFEFF/, '');
    } catch (e) {
      throw new UsageError(`cannot read ${f}: ${(e as Error).message}`);
    }
  });
  const service = await openCorpus(o);
  const ctx = { corpus: service.corpus, glossary: service.glossary };
  let warnings = 0;
  o.args.forEach((file, i) => {
    const text = texts[i];
    const uri = fileUri(path.resolve(file));
    const open = { uri, text, analysis: analyzeDocument(uri, text, { kind: 'brief', known: service.glossary.expansions }) };
    const lines = new LineIndex(text);
    for (const d of diagnose(ctx, open, { enabled: DEFAULT_SETTINGS.diagnostics, search: service })) {
      const p = lines.positionAt(d.range.start);
      if (d.severity === 'warning') warnings++;
      out(`${file}:${p.line + 1}:${p.character + 1}: ${d.severity} ${d.code} ${d.message}`);
    }
  });
  return warnings > 0 ? 1 : 0;
}

async function search(o: Options, out: (line: string) => void): Promise<number> {
  const service = await openCorpus(o);
  const result = searchCorpus(service, { query: o.args[0], limit: o.limit, exact: o.exact });
  for (const r of result.results) {
    const file = r.uri.startsWith('file:') ? path.relative(process.cwd(), fileURLToPath(r.uri)) : r.uri;
    out(`${file}:${r.range.start.line + 1}:${r.range.start.character + 1}: ${r.title}${r.date ? ` (${r.date})` : ''}${r.origin ? ` [${r.origin}]` : ''}`);
    out(`    ${r.snippet.replace(/\s+/g, ' ').trim()}`);
  }
  // A lower bound (score pruning stopped counting) reads "20 of 1000+ documents".
  if (!o.quiet) process.stderr.write(`${result.results.length} of ${result.total}${result.totalExact === false ? '+' : ''} documents (${result.tookMs} ms)\n`);
  return 0;
}

interface Row {
  acronym: string;
  vi: string;
  en: string;
  source: string;
}

async function glossary(o: Options, out: (line: string) => void): Promise<number> {
  const service = await openCorpus(o);
  const rows: Row[] = [];
  const inGlossary = new Set<string>();
  for (const e of service.glossary.entries) {
    rows.push({ acronym: e.acronym, vi: e.vi, en: e.en ?? '', source: o.glossaries.some((g) => path.resolve(g) === e.origin) ? e.origin : 'glossary' });
    inGlossary.add(e.acronym.toUpperCase());
  }
  for (const key of service.corpus.acronymKeys()) {
    const hits = service.corpus.definitionsOf(key);
    if (hits.length === 0 || service.glossary.lookup(hits[0].def.acronym).length > 0) continue;
    const docs = new Set(hits.map((h) => h.doc.uri)).size;
    rows.push({ acronym: hits[0].def.acronym, vi: hits[0].def.longForm, en: '', source: `corpus (${docs} ${docs === 1 ? 'document' : 'documents'})` });
  }
  rows.sort((a, b) => vietnameseCollator.compare(a.acronym, b.acronym) || a.acronym.localeCompare(b.acronym) || vietnameseCollator.compare(a.vi, b.vi));
  if (o.format === 'csv') {
    out('acronym,vi,en,source');
    for (const r of rows) out([r.acronym, r.vi, r.en, r.source].map(csvField).join(','));
  } else {
    out('| Từ viết tắt | Tiếng Việt | English | Nguồn |');
    out('|---|---|---|---|');
    for (const r of rows) out(`| ${[r.acronym, r.vi, r.en, r.source].map(mdCell).join(' | ')} |`);
  }
  return 0;
}

async function documentCommand(o: Options, out: (line: string) => void): Promise<number> {
  const service = await openCorpus(o);
  const card = documentCardForKey({ corpus: service.corpus, glossary: service.glossary }, o.args[0], [], o.year);
  if (!card) {
    process.stderr.write(`policy-lens: nothing is known about "${o.args[0]}" (not a document key, and not cited in the corpus)\n`);
    return 1;
  }
  if (o.json) out(JSON.stringify(card, null, 2));
  else for (const line of documentCardLines(card, (uri) => (uri.startsWith('file:') ? path.relative(process.cwd(), fileURLToPath(uri)) : uri))) out(line);
  return 0;
}

/** Stops index workers and watchers, so the process can exit. */
async function closeAll(): Promise<void> {
  const services = opened.splice(0);
  await Promise.all(services.map((s) => (typeof s.dispose === 'function' ? s.dispose().catch(() => undefined) : undefined)));
}

function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function mdCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\s+/g, ' ');
}

export async function main(argv: string[]): Promise<number> {
  const lines: string[] = [];
  const out = (l: string) => lines.push(l);
  const flush = () => {
    if (lines.length) process.stdout.write(lines.join('\n') + '\n');
    lines.length = 0;
  };
  if (argv[0] === 'index') {
    // The team-database indexer (host/database/): its own options; node-postgres is loaded only here.
    const { runIndexCommand } = await import('./host/database/indexCommand');
    return runIndexCommand(argv.slice(1), (l) => process.stdout.write(l + '\n'), (l) => process.stderr.write(l + '\n'));
  }
  try {
    const o = parseArgs(argv);
    let code = 0;
    if (o.command === 'help') process.stdout.write(USAGE);
    else if (o.command === 'check') code = await check(o, out);
    else if (o.command === 'search') code = await search(o, out);
    else if (o.command === 'document') code = await documentCommand(o, out);
    else code = await glossary(o, out);
    await closeAll();
    flush();
    return code;
  } catch (e) {
    flush();
    await closeAll();
    if (e instanceof UsageError) {
      process.stderr.write(`policy-lens: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    process.stderr.write(`policy-lens: ${(e as Error)?.stack ?? e}\n`);
    return 2;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    () => {
      process.exitCode = 2;
    },
  );
}
