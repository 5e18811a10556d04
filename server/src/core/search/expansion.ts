/**
 * Acronym-aware queries: which runs of a query's words have other names. An acronym typed
 * in the query ("CSP") is also looked for as its long forms ("Đối tác chiến lược toàn
 * diện", "Comprehensive Strategic Partnership"), and a long form typed in full ("đầu tư
 * trực tiếp nước ngoài") as its acronym ("FDI"). The names come from a lexicon (the
 * glossaries and the corpus's own definitions, joined in the feature layer); the index
 * scores the alternatives (search/index.ts, `expansions`).
 *
 * Pure: the lexicon is passed in.
 */

import { acronymKey, isAcronymShape, longFormKey } from '../acronyms';
import { parseQuery } from './query';
import type { QueryExpansion } from './types';

/** Where the other names of a form come from. */
export interface AcronymLexicon {
  /** Long forms of an acronym as written (any spelling: the lexicon keys it). */
  longFormsOf(acronym: string): readonly string[];
  /** Acronyms whose long form is this run of words (compared folded). */
  acronymsOf(longForm: string): readonly string[];
}

/** Alternatives kept per form (a widely defined acronym has a few long forms: keep the query cheap). */
export const MAX_ALTERNATIVES = 4;
/** Forms expanded per query. */
export const MAX_FORMS = 4;
/** Longest long form looked up, in words (the acronym module's limit for a long form). */
const MAX_LONG_FORM_WORDS = 14;

/**
 * The expansions of a query's unquoted words: every acronym-shaped word with known long
 * forms, and every run of 2+ words that is a known long form (longest first; a run inside
 * an expanded run is not looked up again). Quoted phrases are never expanded.
 */
export function findExpansions(query: string, lexicon: AcronymLexicon): QueryExpansion[] {
  const out: QueryExpansion[] = [];
  const pq = parseQuery(query);
  for (const seg of pq.free) {
    const words = seg.words.map((w) => w.surface);
    const covered = new Uint8Array(words.length);
    for (let size = Math.min(MAX_LONG_FORM_WORDS, words.length); size >= 2; size--) {
      for (let first = 0; first + size <= words.length; first++) {
        if (covered.subarray(first, first + size).every((c) => c === 1)) continue;
        const form = words.slice(first, first + size).join(' ');
        const alternatives = unique(lexicon.acronymsOf(form), acronymKey).filter((a) => !seg.words.some((w) => acronymKey(w.surface) === acronymKey(a)));
        if (!alternatives.length) continue;
        out.push({ form, alternatives: alternatives.slice(0, MAX_ALTERNATIVES) });
        covered.fill(1, first, first + size);
      }
    }
    for (const w of seg.words) {
      if (!isAcronymShape(w.surface)) continue;
      const alternatives = unique(lexicon.longFormsOf(w.surface), longFormKey);
      if (alternatives.length) out.push({ form: w.surface, alternatives: alternatives.slice(0, MAX_ALTERNATIVES) });
    }
  }
  return dedupe(out).slice(0, MAX_FORMS);
}

function unique(items: readonly string[], key: (s: string) => string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const s of items) {
    const k = key(s);
    if (!k || seen.has(k)) continue;
    seen.add(k);
    out.push(s);
  }
  return out;
}

function dedupe(list: QueryExpansion[]): QueryExpansion[] {
  const seen = new Set<string>();
  return list.filter((e) => {
    const k = longFormKey(e.form);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
