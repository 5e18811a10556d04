/**
 * The glossaries the corpus service loads: the bundled one (a real file, see below) and the
 * user's glossary files. Problems in a user file are logged, never fatal.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GlossaryEntry, parseGlossary } from '../core/glossary';
import type { Logger } from './corpusService';

/**
 * The bundled glossary is a real file (dist/glossary.json beside the bundles, copied by
 * esbuild.js; server/data/glossary.json when run from source), not bundled JSON, so go to
 * definition can open an entry and the server bundle stays small.
 */
export const BUNDLED_GLOSSARY = [path.join(__dirname, 'glossary.json'), path.resolve(__dirname, '..', '..', 'data', 'glossary.json')].find((p) => fs.existsSync(p)) ?? path.join(__dirname, 'glossary.json');
let bundledCache: GlossaryEntry[] | undefined;

/** The bundled glossary's entries (read once), marked `bundled`. */
export function bundledEntries(): GlossaryEntry[] {
  if (!bundledCache) {
    const parsed = parseGlossary(fs.readFileSync(BUNDLED_GLOSSARY, 'utf8'), BUNDLED_GLOSSARY);
    bundledCache = parsed.entries.map((e) => ({ ...e, bundled: true }));
  }
  return bundledCache;
}

/** The entries of the user's glossary files; an unreadable file or a bad entry is a warning. */
export function loadUserGlossaries(paths: readonly string[], log: Logger): GlossaryEntry[] {
  const entries: GlossaryEntry[] = [];
  for (const p of paths) {
    let json: string;
    try {
      json = fs.readFileSync(p, 'utf8');
    } catch (e) {
      log.warn(`Cannot read glossary ${p}: ${(e as Error).message}`);
      continue;
    }
    const parsed = parseGlossary(json, p);
    parsed.problems.forEach((m) => log.warn(m));
    entries.push(...parsed.entries);
  }
  return entries;
}
