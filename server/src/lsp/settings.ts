/**
 * Settings from `initializationOptions` (any LSP client) and `workspace/configuration`
 * (section `policyLens`), resolved to absolute paths.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_SETTINGS, DIAGNOSTIC_CODES, DiagnosticCode, MarkdownOutlineMode, PolicyLensSettings } from '../../../shared/protocol';

/** Takes known keys of the right type from untrusted input; anything else keeps its default. */
export function readSettings(raw: unknown, base: PolicyLensSettings = DEFAULT_SETTINGS): PolicyLensSettings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const strings = (v: unknown, d: string[]) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '') : d);
  return {
    corpusPaths: strings(r.corpusPaths, base.corpusPaths),
    includeBundledCorpus: typeof r.includeBundledCorpus === 'boolean' ? r.includeBundledCorpus : base.includeBundledCorpus,
    // An empty cacheDir (the VS Code default) keeps the client's storage given at start-up.
    cacheDir: typeof r.cacheDir === 'string' && r.cacheDir.trim() !== '' ? r.cacheDir : base.cacheDir,
    glossaryPaths: strings(r.glossaryPaths, base.glossaryPaths),
    outline: { markdown: outlineMode(nested(r, 'outline').markdown, base.outline.markdown) },
    diagnostics: diagnosticSwitches(nested(r, 'diagnostics'), base.diagnostics),
    inlayHints: { enabled: typeof nested(r, 'inlayHints').enabled === 'boolean' ? (nested(r, 'inlayHints').enabled as boolean) : base.inlayHints.enabled },
    database: typeof r.database === 'string' ? r.database.trim() : base.database,
  };
}

const OUTLINE_MODES: readonly MarkdownOutlineMode[] = ['numbering', 'all', 'off'];

function outlineMode(v: unknown, d: MarkdownOutlineMode): MarkdownOutlineMode {
  return OUTLINE_MODES.includes(v as MarkdownOutlineMode) ? (v as MarkdownOutlineMode) : d;
}

/** `{outline: {markdown}}` (VS Code nests dotted keys) or the flat `"outline.markdown"` other clients may send. */
function nested(r: Record<string, unknown>, section: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) if (k.startsWith(section + '.')) out[k.slice(section.length + 1)] = v;
  const inner = r[section];
  if (inner && typeof inner === 'object') Object.assign(out, inner);
  return out;
}

function diagnosticSwitches(raw: Record<string, unknown>, base: Record<DiagnosticCode, boolean>): Record<DiagnosticCode, boolean> {
  const out = { ...DEFAULT_SETTINGS.diagnostics, ...base };
  for (const code of DIAGNOSTIC_CODES) if (typeof raw[code] === 'boolean') out[code] = raw[code] as boolean;
  return out;
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

/** True when `p` is `root` or below it. */
export function isInside(p: string, root: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
