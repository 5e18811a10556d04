/**
 * The curated bilingual glossary (bundled server/data/glossary.json) and the writer's own
 * glossary files in the same format. Parsing is strict about shape and lenient about
 * extras: a bad entry is reported and skipped, never fatal.
 *
 * Entry fields: `acronym`, `vi` (required), `en`, `category`, `note`, and (since 2026-12,
 * optional, ignored by older readers) `validTo` — YYYY-MM-DD, the first day the body no
 * longer exists under this name —, `successor` — what replaced it —, and `source` — where
 * the entry was checked (an address, or `vn-news:<id>` for a file of the vn-news corpus).
 */
import { acronymKey, longFormKey } from './acronyms';
import { pushTo } from './listMap';

export interface GlossaryEntry {
  acronym: string;
  vi: string;
  en?: string;
  category?: string;
  note?: string;
  /** The first day the body no longer exists under this name (YYYY-MM-DD); absent while current. */
  validTo?: string;
  /** What replaced a retired body (a name), when one body did. */
  successor?: string;
  /** Where the entry was checked. */
  source?: string;
  /** Where the entry comes from: the glossary file's path ('bundled' when not from a file). */
  origin: string;
  /** 0-based line of the entry in its file, when parsed from text. */
  line?: number;
  /** True for the glossary shipped with the product. */
  bundled?: boolean;
}

export interface GlossaryParseResult {
  entries: GlossaryEntry[];
  problems: string[];
}

export function parseGlossary(json: string, origin: string): GlossaryParseResult {
  let data: unknown;
  try {
    data = JSON.parse(json.replace(/^\uFEFF/, ''));
  } catch (e) {
    return { entries: [], problems: [`${origin}: not valid JSON (${(e as Error).message})`] };
  }
  const result = readGlossaryData(data, origin);
  locateEntries(json, result.entries);
  return result;
}

/** Records each entry's line: the line of its "acronym" key, found in file order. */
function locateEntries(json: string, entries: GlossaryEntry[]): void {
  const keyPattern = /"acronym"\s*:\s*"((?:[^"\\]|\\.)*)"/g;
  let line = 0;
  let last = 0;
  let i = 0;
  for (let m = keyPattern.exec(json); m && i < entries.length; m = keyPattern.exec(json)) {
    for (let k = last; k < m.index; k++) if (json.charCodeAt(k) === 10) line++;
    last = m.index;
    entries[i++].line = line;
  }
}

/** Entries from already-parsed JSON (the bundled glossary is imported, not read). */
export function readGlossaryData(data: unknown, origin: string): GlossaryParseResult {
  const problems: string[] = [];
  const list = Array.isArray(data) ? data : (data as { entries?: unknown })?.entries;
  if (!Array.isArray(list)) return { entries: [], problems: [`${origin}: expected {"entries": [...]} or an array of entries`] };
  const entries: GlossaryEntry[] = [];
  list.forEach((raw, i) => {
    const e = raw as Record<string, unknown>;
    if (!e || typeof e.acronym !== 'string' || typeof e.vi !== 'string' || !e.acronym.trim() || !e.vi.trim()) {
      problems.push(`${origin}: entry ${i + 1} needs non-empty "acronym" and "vi" strings`);
      return;
    }
    entries.push({
      acronym: e.acronym.normalize('NFC').trim(),
      vi: e.vi.normalize('NFC').trim(),
      en: typeof e.en === 'string' && e.en.trim() ? e.en.trim() : undefined,
      category: typeof e.category === 'string' ? e.category : undefined,
      note: typeof e.note === 'string' && e.note.trim() ? e.note.trim() : undefined,
      validTo: typeof e.validTo === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(e.validTo) ? e.validTo : undefined,
      successor: typeof e.successor === 'string' && e.successor.trim() ? e.successor.normalize('NFC').trim() : undefined,
      source: typeof e.source === 'string' && e.source.trim() ? e.source.trim() : undefined,
      origin,
    });
  });
  return { entries, problems };
}

/** Lookup tables over one or more glossaries. */
export class Glossary {
  private readonly byKey = new Map<string, GlossaryEntry[]>();
  private readonly byLongForm = new Map<string, GlossaryEntry[]>();

  constructor(readonly entries: readonly GlossaryEntry[]) {
    for (const e of entries) {
      pushTo(this.byKey, acronymKey(e.acronym), e);
      pushTo(this.byLongForm, longFormKey(e.vi), e);
      if (e.en) pushTo(this.byLongForm, longFormKey(e.en), e);
    }
  }

  lookup(acronym: string): readonly GlossaryEntry[] {
    return this.byKey.get(acronymKey(acronym)) ?? [];
  }

  lookupLongForm(longForm: string): readonly GlossaryEntry[] {
    return this.lookupLongFormKey(longFormKey(longForm));
  }

  /** The same by a key `longFormKey` made (a caller that tries many spans keys them once). */
  lookupLongFormKey(key: string): readonly GlossaryEntry[] {
    return this.byLongForm.get(key) ?? [];
  }

  /** Vietnamese expansions of an acronym key, for the miner's `known` hint. */
  expansions = (key: string): readonly string[] => (this.byKey.get(key) ?? []).flatMap((e) => (e.en ? [e.vi, e.en] : [e.vi]));

  get size(): number {
    return this.entries.length;
  }
}

