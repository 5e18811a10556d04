/**
 * Find references: every mention of the document (or acronym) under the cursor in the
 * corpus and in the open documents. Short forms count when they resolve to it.
 */
import type { ReferenceSite } from '../core/analyze';
import { asDocReference, CorpusDocument } from '../core/corpusIndex';
import { resolveReference } from '../core/resolve';
import type { FeatureContext, OpenDocument } from './context';
import { siteAt } from './context';
import type { SourceLocation } from './definition';
import { referenceInfo, resolveInBrief } from './referenceInfo';

export function findReferences(ctx: FeatureContext, doc: OpenDocument, offset: number, openDocs: readonly OpenDocument[]): SourceLocation[] {
  const ref = siteAt(doc.analysis.references, offset);
  if (ref) {
    const best = referenceInfo(ctx, doc, ref).candidates[0];
    return best ? referenceMentions(ctx, best.key, best.fullest?.site ?? ref, openDocs) : bareMentions(ctx, ref.document, openDocs);
  }
  const site = siteAt(doc.analysis.uses, offset) ?? siteAt(doc.analysis.definitions, offset);
  return site ? acronymMentions(ctx, site.key, openDocs) : [];
}

function referenceMentions(ctx: FeatureContext, key: string, fullest: ReferenceSite, openDocs: readonly OpenDocument[]): SourceLocation[] {
  const out: SourceLocation[] = [];
  // The register is the one place that says which documents cite K: full forms and the
  // short forms that resolve to K in their own file.
  for (const m of ctx.corpus.register.mentionsOf(key)) out.push({ uri: m.uri, range: m.site.range });
  // Short forms in the corpus ("Nghị quyết 34") that resolve to this document.
  if (fullest.type && fullest.number) {
    const shortKeys = [`${fullest.type} ${fullest.number}`, ...(fullest.year ? [`${fullest.type} ${fullest.number}/${fullest.year}`] : [])];
    for (const shortKey of shortKeys) {
      for (const hit of ctx.corpus.referencesOf(shortKey)) {
        if (resolvesInCorpus(ctx, hit.doc, hit.ref) === key) out.push({ uri: hit.doc.uri, range: hit.ref.range });
      }
    }
  }
  for (const open of openDocs) {
    for (const r of open.analysis.references) {
      const resolved = r.key === key ? key : r.full ? undefined : resolveInBrief(ctx, open, r).candidates[0]?.key;
      if (resolved === key) out.push({ uri: open.uri, range: r.range });
    }
  }
  return dedupe(out);
}

/** A document known by no full form: every mention filed under its key. */
function bareMentions(ctx: FeatureContext, key: string, openDocs: readonly OpenDocument[]): SourceLocation[] {
  const out: SourceLocation[] = ctx.corpus.register.mentionsOf(key).map((m) => ({ uri: m.uri, range: m.site.range }));
  for (const open of openDocs) for (const r of open.analysis.references) if (r.document === key) out.push({ uri: open.uri, range: r.range });
  return dedupe(out);
}

function resolvesInCorpus(ctx: FeatureContext, doc: CorpusDocument, site: ReferenceSite): string | undefined {
  const references = doc.sites.references.map(asDocReference);
  const self = references[doc.sites.references.indexOf(site)];
  if (!self) return undefined;
  return resolveReference(self, { docId: doc.uri, isoDate: doc.summary.isoDate, references }, ctx.corpus.resolverIndex()).candidates[0]?.key;
}

function acronymMentions(ctx: FeatureContext, key: string, openDocs: readonly OpenDocument[]): SourceLocation[] {
  const out: SourceLocation[] = [];
  for (const open of openDocs) {
    for (const s of [...open.analysis.definitions, ...open.analysis.uses]) if (s.key === key) out.push({ uri: open.uri, range: s.range });
  }
  for (const hit of ctx.corpus.definitionsOf(key)) out.push({ uri: hit.doc.uri, range: hit.def.range });
  for (const hit of ctx.corpus.attributionsOf(key)) out.push({ uri: hit.doc.uri, range: hit.site.range });
  return dedupe(out);
}

function dedupe(locations: SourceLocation[]): SourceLocation[] {
  const seen = new Set<string>();
  return locations.filter((l) => {
    const k = `${l.uri}:${l.range.start.line}:${l.range.start.character}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
