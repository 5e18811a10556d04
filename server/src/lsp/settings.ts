/**
 * Settings from `initializationOptions` (any LSP client) and `workspace/configuration`
 * (section `policyLens`), resolved to absolute paths.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_SETTINGS, PolicyLensSettings } from '../../../shared/protocol';

/** Takes known keys of the right type from untrusted input; anything else keeps its default. */
export function readSettings(raw: unknown, base: PolicyLensSettings = DEFAULT_SETTINGS): PolicyLensSettings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const strings = (v: unknown, d: string[]) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '') : d);
  return {
    corpusPaths: strings(r.corpusPaths, base.corpusPaths),
    includeBundledCorpus: typeof r.includeBundledCorpus === 'boolean' ? r.includeBundledCorpus : base.includeBundledCorpus,
    cacheDir: typeof r.cacheDir === 'string' ? r.cacheDir : base.cacheDir,
    glossaryPaths: strings(r.glossaryPaths, base.glossaryPaths),
  };
}

export function resolveAgainst(p: string, workspaceRoot: string | undefined): string {
  const expanded = p.startsWith('~') ? path.join(os.homedir(), p.slice(1)) : p;
  if (path.isAbsolute(expanded)) return path.normalize(expanded);
  return path.resolve(workspaceRoot ?? process.cwd(), expanded);
}

/** The standalone server's default cache dir (VS Code passes its global storage instead). */
export function defaultCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || (process.platform === 'darwin' ? path.join(os.homedir(), 'Library', 'Caches') : path.join(os.homedir(), '.cache'));
  return path.join(base, 'policy-lens');
}
