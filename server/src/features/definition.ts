/**
 * Go to definition: for an acronym, its defining passages (in the brief, then the corpus,
 * then the glossary entry; "COP 28" also reaches the corpus passages of COP28); for a document reference, the passage with the fullest form
 * of each candidate (most likely first).
 */
import type { TextRange } from '../core/analyze';
import type { FeatureContext, OpenDocument } from './context';
import { siteAt } from './context';
import { acronymInfo } from './acronymInfo';
import { referenceInfo } from './referenceInfo';
import { richness } from './documentCard';
import type { ReferenceSite } from '../core/analyze';

export interface SourceLocation {
  uri: string;
  range: TextRange;
}

/** File URI of a glossary file path (the LSP edge gives the bundled glossary a real path). */
export type PathToUri = (path: string) => string;

export function definition(ctx: FeatureContext, doc: OpenDocument, offset: number, toUri: PathToUri): SourceLocation[] {
  const a = doc.analysis;
  const ref = siteAt(a.references, offset);
  if (ref) {
    const here = (loc: SourceLocation) => loc.uri === doc.uri && loc.range.start.line === ref.range.start.line && loc.range.start.character === ref.range.start.character;
    const fullest = referenceInfo(ctx, doc, ref)
      .candidates.flatMap((c) => (c.fullest ? [{ uri: c.fullest.uri, range: c.fullest.site.range }] : []))
      .filter((loc) => !here(loc));
    if (fullest.length > 0) return fullest;
    // No full form anywhere: every mention of the document (the register's record), fullest first.
    return documentMentions(ctx, doc, ref).filter((loc) => !here(loc));
  }
  const site = siteAt(a.uses, offset) ?? siteAt(a.definitions, offset);
  if (!site) return [];
  const info = acronymInfo(ctx, doc, site.key, site.acronym);
  const locations: SourceLocation[] = [];
  for (const d of info.inBrief) locations.push({ uri: doc.uri, range: { start: d.longRange.start, end: d.range.end } });
  // "COP 28" written with a space: the corpus may define the numbered acronym (COP28) itself
  const number = /^[ -]?(\d{1,4})(?!\d)/.exec(doc.text.slice(site.endOffset, site.endOffset + 6));
  const numbered = number ? acronymInfo(ctx, doc, site.key + number[1], site.acronym + number[1]).corpus : [];
  for (const meaning of [...numbered, ...info.corpus]) {
    for (const hit of meaning.hits) locations.push({ uri: hit.doc.uri, range: spanOf(hit.def.longRange, hit.def.range) });
  }
  if (locations.length === 0) {
    for (const g of info.glossary) {
      if (g.line === undefined) continue;
      const line = g.line;
      locations.push({ uri: toUri(g.origin), range: { start: { line, character: 0 }, end: { line, character: 0 } } });
    }
  }
  return locations;
}

/** The passage covering both the long form and the acronym, whichever comes first. */
export function spanOf(a: TextRange, b: TextRange): TextRange {
  const before = (x: TextRange['start'], y: TextRange['start']) => x.line < y.line || (x.line === y.line && x.character <= y.character);
  return { start: before(a.start, b.start) ? a.start : b.start, end: before(a.end, b.end) ? b.end : a.end };
}

/** Every mention of the document a reference names, in the corpus and the brief, the fullest first. */
function documentMentions(ctx: FeatureContext, doc: OpenDocument, ref: ReferenceSite): SourceLocation[] {
  const record = ctx.corpus.register.record(ref.document, [{ uri: doc.uri, title: doc.analysis.title, analysis: doc.analysis }]);
  if (!record) return [];
  return [...record.mentions].sort((a, b) => richness(b.site) - richness(a.site)).map((m) => ({ uri: m.uri, range: m.site.range }));
}
