/**
 * Workspace symbols: corpus documents by title and document references by number
 * ("34-NQ", "30/2020") or subject words, accent-insensitive ("nghi quyet doi ngoai").
 */
import type { TextRange } from '../core/analyze';
import { foldKey } from '../core/text';
import type { FeatureContext } from './context';

export interface WorkspaceSymbolResult {
  name: string;
  kind: 'document' | 'reference';
  detail: string;
  uri: string;
  range: TextRange;
}

const MAX_RESULTS = 200;

export function workspaceSymbols(ctx: FeatureContext, query: string): WorkspaceSymbolResult[] {
  const terms = foldKey(query).split(/\s+/).filter(Boolean);
  if (terms.length === 0) return [];
  const matches = (text: string) => {
    const folded = foldKey(text);
    return terms.every((t) => folded.includes(t));
  };
  const out: WorkspaceSymbolResult[] = [];
  for (const [key, hits] of ctx.corpus.referenceKeys()) {
    const full = hits.find((h) => h.ref.full) ?? hits[0];
    if (!full) continue;
    const label = `${key} ${full.ref.citation ?? full.ref.text}`;
    if (!matches(label)) continue;
    out.push({ name: key, kind: 'reference', detail: full.ref.citation ?? full.ref.text, uri: full.doc.uri, range: full.ref.range });
    if (out.length >= MAX_RESULTS) return out;
  }
  for (const doc of ctx.corpus.documents()) {
    if (!matches(doc.analysis.title)) continue;
    out.push({ name: doc.analysis.title, kind: 'document', detail: doc.analysis.date ?? '', uri: doc.uri, range: doc.analysis.titleRange });
    if (out.length >= MAX_RESULTS) break;
  }
  return out;
}
