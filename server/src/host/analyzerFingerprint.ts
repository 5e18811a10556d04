/**
 * The analyzer's fingerprint, part of the cache's (corpusCache.ts `cacheFingerprint`): a hash
 * of the index worker bundle and of the converter bundles beside it (dist/formats/), which
 * hold all the code that makes analyses, so a cache written by another analyzer is never read.
 *
 * Hashing those bundles took about 27 ms of every start (a few MB read and hashed). The build
 * (esbuild.js) now writes the same hash beside them, in `analyzer-fingerprint.json`, with the
 * size and modification time of each bundle it covers; a start reads that stamp and stats the
 * bundles (a few calls), and uses the stamp's hash only when the same files are there with the
 * same size and time. Anything else (no stamp, a damaged one, a bundle added, removed, rebuilt
 * or copied over) hashes the bundles as before, so a changed analyzer still changes the
 * fingerprint. As with make, the one change missed is a bundle rewritten to the same size with
 * the same modification time to the fraction of a millisecond (a build writes each file anew). esbuild.js computes the hash with the same steps as `hashBundles` (a unit test
 * checks the two agree on the built dist/).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The stamp's name, beside the index worker bundle. */
export const STAMP_FILE = 'analyzer-fingerprint.json';

/** [path relative to the worker's folder, size, mtimeMs] of each bundle the hash covers. */
type Stamp = [string, number, number];

export interface AnalyzerStamp {
  hash: string;
  files: Stamp[];
}

/** The bundles whose code makes analyses: the worker, then the converters in name order (relative to the worker's folder). */
export function analyzerBundles(workerScript: string): string[] {
  const dir = path.dirname(workerScript);
  const formats = path.join(dir, 'formats');
  const converters = fs.existsSync(formats) ? fs.readdirSync(formats).filter((f) => f.endsWith('.js')).sort().map((f) => `formats/${f}`) : [];
  return [path.basename(workerScript), ...converters];
}

/** SHA-1 of the bundles, in `analyzerBundles` order. */
export function hashBundles(workerScript: string, bundles = analyzerBundles(workerScript)): string {
  const dir = path.dirname(workerScript);
  const h = createHash('sha1');
  for (const b of bundles) h.update(fs.readFileSync(path.join(dir, b)));
  return h.digest('hex');
}

/** The stamp of the bundles as they are now (esbuild.js writes the same). */
export function stampOf(workerScript: string): AnalyzerStamp {
  const dir = path.dirname(workerScript);
  const bundles = analyzerBundles(workerScript);
  const files = bundles.map((b): Stamp => {
    const st = fs.statSync(path.join(dir, b));
    return [b, st.size, st.mtimeMs];
  });
  return { hash: hashBundles(workerScript, bundles), files };
}

/** The stamp's hash when it describes the bundles beside it exactly (same names, sizes, times), else undefined. */
export function stampedHash(workerScript: string): string | undefined {
  const dir = path.dirname(workerScript);
  let stamp: AnalyzerStamp;
  try {
    stamp = JSON.parse(fs.readFileSync(path.join(dir, STAMP_FILE), 'utf8')) as AnalyzerStamp;
  } catch {
    return undefined;
  }
  if (typeof stamp?.hash !== 'string' || !Array.isArray(stamp.files)) return undefined;
  const bundles = analyzerBundles(workerScript);
  if (bundles.length !== stamp.files.length) return undefined;
  for (let i = 0; i < bundles.length; i++) {
    const [name, size, mtimeMs] = stamp.files[i] ?? [];
    if (name !== bundles[i]) return undefined;
    const st = fs.statSync(path.join(dir, name), { throwIfNoEntry: false });
    if (!st || st.size !== size || st.mtimeMs !== mtimeMs) return undefined;
  }
  return stamp.hash;
}

/** The analyzer's fingerprint for a worker script: the build's stamp when it still holds, else the bundles hashed now. */
export function analyzerFingerprintOf(workerScript: string): string {
  return stampedHash(workerScript) ?? hashBundles(workerScript);
}
