/**
 * Everything known about one acronym, gathered from the three places a meaning can come
 * from: the brief itself, the glossaries, and corpus definitions. Shared by hover,
 * definition and (later) completion and diagnostics, so they never disagree.
 */
import type { DefinitionSite } from '../core/analyze';
import type { DefinitionHit } from '../core/corpusIndex';
import type { GlossaryEntry } from '../core/glossary';
import { foldKey } from '../core/text';
import type { FeatureContext, OpenDocument } from './context';

export interface CorpusMeaning {
  longForm: string;
  /** Number of distinct corpus documents defining it this way. */
  documents: number;
  /** The first defining passage (corpus order). */
  first: DefinitionHit;
  hits: DefinitionHit[];
}

export interface AcronymInfo {
  key: string;
  acronym: string;
  inBrief: DefinitionSite[];
  glossary: readonly GlossaryEntry[];
  corpus: CorpusMeaning[];
  /** Source tags such as "(TTXVN) –": the acronym is used as an attribution, not defined. */
  attributions: number;
}

export function acronymInfo(ctx: FeatureContext, doc: OpenDocument | undefined, key: string, acronym: string): AcronymInfo {
  const inBrief = doc ? doc.analysis.definitions.filter((d) => d.key === key) : [];
  return {
    key,
    acronym,
    inBrief,
    glossary: ctx.glossary.lookup(acronym),
    corpus: groupByMeaning(ctx.corpus.definitionsOf(key)),
    attributions: ctx.corpus.attributionsOf(key).length,
  };
}

export function isKnown(info: AcronymInfo): boolean {
  return info.inBrief.length > 0 || info.glossary.length > 0 || info.corpus.length > 0;
}

/** Distinct meanings across all sources (folded long forms), to say when sources disagree. */
export function distinctMeanings(info: AcronymInfo): string[] {
  const seen = new Map<string, string>();
  for (const d of info.inBrief) seen.set(foldKey(d.longForm), d.longForm);
  for (const g of info.glossary) if (!seen.has(foldKey(g.vi))) seen.set(foldKey(g.vi), g.vi);
  for (const c of info.corpus) if (!seen.has(foldKey(c.longForm))) seen.set(foldKey(c.longForm), c.longForm);
  return [...seen.values()];
}

function groupByMeaning(hits: readonly DefinitionHit[]): CorpusMeaning[] {
  const groups = new Map<string, CorpusMeaning>();
  for (const hit of hits) {
    const k = foldKey(hit.def.longForm).replace(/\s+/g, ' ').trim();
    const g = groups.get(k);
    if (!g) {
      groups.set(k, { longForm: hit.def.longForm, documents: 1, first: hit, hits: [hit] });
    } else {
      if (!g.hits.some((h) => h.doc === hit.doc)) g.documents++;
      g.hits.push(hit);
    }
  }
  return [...groups.values()].sort((a, b) => b.documents - a.documents || a.first.doc.id - b.first.doc.id);
}
