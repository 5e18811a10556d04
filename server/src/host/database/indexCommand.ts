/**
 * The `index` command of the CLI: `policy-lens index --database URL PATH... [--glossary FILE]
 * [--batch N] [--quiet]`. Parses its own options (cli.ts hands it the arguments) and prints
 * a one-line summary on stdout; exit 2 on a usage or connection error.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDatabaseUrl, safeMessage } from './connection';
import { indexIntoDatabase } from './indexer';

export const INDEX_USAGE = `usage: policy-lens index --database URL PATH... [--glossary FILE] [--batch N] [--quiet]

Builds or updates the team corpus in PostgreSQL from the folders PATH (recursively,
.txt and .md), file by file; unchanged files are not read again. The URL names the
database (postgresql://user@host:port/database?sslmode=...); the password comes from
PGPASSWORD or a PGPASSFILE (~/.pgpass) entry, never from the URL.
`;

export async function runIndexCommand(argv: string[], out: (line: string) => void, err: (line: string) => void): Promise<number> {
  let url: string | undefined;
  const paths: string[] = [];
  const glossaries: string[] = [];
  let batch = 200;
  let quiet = false;
  const usage = (m: string) => {
    err(`policy-lens index: ${m}\n\n${INDEX_USAGE}`);
    return 2;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => argv[++i];
    if (a === '--database') url = value();
    else if (a.startsWith('--database=')) url = a.slice(11);
    else if (a === '--glossary') glossaries.push(value() ?? '');
    else if (a === '--batch') batch = Number(value());
    else if (a === '--quiet' || a === '-q') quiet = true;
    else if (a === '-h' || a === '--help') {
      out(INDEX_USAGE);
      return 0;
    } else if (a.startsWith('-')) return usage(`unknown option ${a}`);
    else paths.push(a);
  }
  if (!url) return usage('--database URL is required');
  if (paths.length === 0) return usage('give at least one folder to index');
  if (!Number.isInteger(batch) || batch < 1) return usage('--batch needs a positive whole number');
  const parsed = parseDatabaseUrl(url);
  if (!parsed.ok) return usage(parsed.message);
  for (const p of paths) if (!fs.existsSync(p) || !fs.statSync(p).isDirectory()) return usage(`not a folder: ${p}`);
  for (const g of glossaries) if (!fs.existsSync(g)) return usage(`glossary file not found: ${g}`);
  const log = { info: (m: string) => void (quiet ? undefined : err(m)), warn: (m: string) => err(`warning: ${m}`) };
  try {
    const r = await indexIntoDatabase({ target: parsed.target, roots: paths.map((p) => path.resolve(p)), glossaryPaths: glossaries.map((g) => path.resolve(g)), log, batchSize: batch });
    out(`indexed ${r.files} files into ${parsed.target.display}: ${r.written} written, ${r.touched} touched, ${r.unchanged} unchanged, ${r.removed} removed, ${r.skipped} skipped in ${r.ms} ms`);
    return 0;
  } catch (e) {
    err(`policy-lens index: ${parsed.target.display}: ${safeMessage(e)}`);
    return 2;
  }
}
