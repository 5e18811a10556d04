/**
 * Workspace symbols: acronyms (their defining passages in the corpus and the open briefs,
 * and glossary entries), document references by number ("34-NQ", "30/2020") or subject
 * words, and corpus documents by title. Accent-insensitive ("nghi quyet doi ngoai"): every
 * query word must appear, folded, in the symbol's name or detail.
 *
 * Ranked: exact matches first (the query is the acronym, by acronymKey, or the whole name),
 * then names that start with the query, then the rest; within a rank, acronyms, references,
 * documents, each in index order.
 */
import type { TextRange } from '../core/analyze';
import { acronymKey } from '../core/acronyms';
import { foldKey } from '../core/text';
import type { FeatureContext, OpenDocument } from './context';
import { spanOf, type PathToUri } from './definition';

export interface WorkspaceSymbolResult {
  name: string;
  kind: 'acronym' | 'document' | 'reference';
  detail: string;
  uri: string;
  range: TextRange;
}

const MAX_RESULTS = 200;
/** Meanings listed per acronym key and source (a corpus acronym defined 300 times gives a few passages, not 300). */
const MAX_PER_MEANING = 1;

interface Candidate extends WorkspaceSymbolResult {
  /** 0 exact, 1 prefix, 2 contains. */
  rank: number;
}

export function workspaceSymbols(ctx: FeatureContext, query: string, briefs: readonly OpenDocument[] = [], toUri?: PathToUri): WorkspaceSymbolResult[] {
  const foldedQuery = foldKey(query).trim().replace(/\s+/g, ' ');
  const terms = foldedQuery.split(' ').filter(Boolean);
  if (terms.length === 0) return [];
  const queryKey = acronymKey(query.trim());
  const rankOf = (name: string, detail: string, key?: string): number | undefined => {
    const foldedName = foldKey(name);
    const folded = `${foldedName} ${foldKey(detail)}`;
    const keyMatch = key !== undefined && key === queryKey;
    if (!keyMatch && !terms.every((t) => folded.includes(t))) return undefined;
    if (keyMatch || foldedName === foldedQuery) return 0;
    return foldedName.startsWith(foldedQuery) ? 1 : 2;
  };

  const out: Candidate[] = [];
  const add = (c: Omit<Candidate, 'rank'>, key?: string): void => {
    const rank = rankOf(c.name, c.detail, key);
    if (rank !== undefined) out.push({ ...c, rank });
  };

  // Acronyms defined in the open briefs, then in the corpus (one passage per meaning), then glossary entries.
  for (const brief of briefs) {
    const seen = new Set<string>();
    for (const d of brief.analysis.definitions) {
      const meaning = `${d.key}\u0000${foldKey(d.longForm)}`;
      if (seen.has(meaning)) continue;
      seen.add(meaning);
      add({ name: d.acronym, kind: 'acronym', detail: d.longForm, uri: brief.uri, range: spanOf(d.longRange, d.range) }, d.key);
    }
  }
  for (const key of ctx.corpus.acronymKeys()) {
    const perMeaning = new Map<string, number>();
    for (const hit of ctx.corpus.definitionsOf(key)) {
      const meaning = foldKey(hit.def.longForm);
      const n = perMeaning.get(meaning) ?? 0;
      if (n >= MAX_PER_MEANING) continue;
      perMeaning.set(meaning, n + 1);
      add({ name: hit.def.acronym, kind: 'acronym', detail: hit.def.longForm, uri: hit.doc.uri, range: spanOf(hit.def.longRange, hit.def.range) }, key);
    }
  }
  if (toUri) {
    for (const g of ctx.glossary.entries) {
      if (g.line === undefined) continue;
      const line = g.line;
      add(
        { name: g.acronym, kind: 'acronym', detail: g.en ? `${g.vi} · ${g.en}` : g.vi, uri: toUri(g.origin), range: { start: { line, character: 0 }, end: { line, character: 0 } } },
        acronymKey(g.acronym),
      );
    }
  }

  for (const [key, hits] of ctx.corpus.referenceKeys()) {
    const full = hits.find((h) => h.ref.full) ?? hits[0];
    if (!full) continue;
    const detail = full.ref.citation ?? full.ref.text;
    add({ name: key, kind: 'reference', detail, uri: full.doc.uri, range: full.ref.range });
  }
  for (const doc of ctx.corpus.documents()) {
    add({ name: doc.summary.title, kind: 'document', detail: doc.summary.date ?? '', uri: doc.uri, range: doc.summary.titleRange });
  }

  // A stable sort keeps the source order within a rank.
  return out
    .sort((a, b) => a.rank - b.rank)
    .slice(0, MAX_RESULTS)
    .map(({ rank: _rank, ...symbol }) => symbol);
}
