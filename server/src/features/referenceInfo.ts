/**
 * Everything known about one document reference in an open brief: how it resolves (same
 * document, unique in the corpus, ambiguous, unknown), the fullest citation of each
 * candidate and where the corpus cites it. Shared by hover, definition, references,
 * inlay hints and diagnostics, so they never disagree.
 */
import type { ReferenceSite } from '../core/analyze';
import { asDocReference, ReferenceHit } from '../core/corpusIndex';
import { needsResolution, resolveReference, Resolution, ResolutionCandidate } from '../core/resolve';
import type { FeatureContext, OpenDocument } from './context';

export interface CandidateInfo {
  key: string;
  score: number;
  sameDocument: boolean;
  /** The fullest prose form known for the key ("Nghị quyết số 34-NQ/TW ngày 9/1/2023 của Bộ Chính trị về ..."). */
  citation: string;
  /** Where that fullest form is: in the corpus, or in the brief itself. */
  fullest?: { uri: string; title: string; site: ReferenceSite };
  /** Corpus mentions of the key (full forms), one per document first. */
  corpusMentions: ReferenceHit[];
  corpusDocuments: number;
  isoDate?: string;
}

export interface ReferenceInfo {
  site: ReferenceSite;
  resolution: Resolution;
  candidates: CandidateInfo[];
}

export function referenceInfo(ctx: FeatureContext, doc: OpenDocument, site: ReferenceSite): ReferenceInfo {
  const resolution = resolveInBrief(ctx, doc, site);
  const candidates = resolution.candidates.map((c) => candidateInfo(ctx, doc, c));
  return { site, resolution, candidates };
}

export function resolveInBrief(ctx: FeatureContext, doc: OpenDocument, site: ReferenceSite): Resolution {
  const references = doc.analysis.references.map(asDocReference);
  const self = references[doc.analysis.references.indexOf(site)] ?? asDocReference(site);
  return resolveReference(self, { docId: doc.uri, isoDate: doc.analysis.isoDate, references }, ctx.corpus.resolverIndex());
}

/** Whether the reference needs a full form found elsewhere (short forms, meetings without a term). */
export function isShortForm(site: ReferenceSite): boolean {
  return needsResolution(site);
}

function candidateInfo(ctx: FeatureContext, doc: OpenDocument, c: ResolutionCandidate): CandidateInfo {
  const mentions = ctx.corpus.referencesOf(c.key);
  const local = doc.analysis.references.filter((r) => r.key === c.key);
  const fromCorpus = mentions.map((m) => ({ uri: m.doc.uri, title: m.doc.summary.title, site: m.ref }));
  const fromBrief = local.map((site) => ({ uri: doc.uri, title: doc.analysis.title, site }));
  const fullest = [...fromBrief, ...fromCorpus].sort((a, b) => richness(b.site) - richness(a.site))[0];
  const documents = new Set(mentions.map((m) => m.doc.uri)).size;
  return {
    key: c.key,
    score: c.score,
    sameDocument: c.sameDocument,
    citation: fullest?.site.citation ?? fullest?.site.text ?? c.key,
    fullest,
    corpusMentions: firstPerDocument(mentions),
    corpusDocuments: documents,
    isoDate: c.isoDate ?? fullest?.site.isoDate,
  };
}

/** How much a mention says about its document: date, issuer and subject beat length. */
function richness(r: ReferenceSite): number {
  return (r.isoDate ? 1000 : 0) + (r.issuerName ? 500 : 0) + (r.subject ? 300 : 0) + (r.full ? 200 : 0) + Math.min((r.citation ?? r.text).length, 199);
}

function firstPerDocument(hits: readonly ReferenceHit[]): ReferenceHit[] {
  const seen = new Set<string>();
  return hits.filter((h) => !seen.has(h.doc.uri) && seen.add(h.doc.uri) !== undefined);
}
