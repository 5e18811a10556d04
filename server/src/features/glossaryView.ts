/**
 * `policyLens/glossary`: the acronyms and document references of one brief, or of the
 * whole corpus and glossaries, as a flat list sorted in Vietnamese order, for tree views
 * and the glossary export.
 *
 * - document scope: every acronym the brief uses or defines, with its expansions (from the
 *   brief, the glossaries and the corpus: acronymInfo), and every document reference, with
 *   its canonical citation (a short form such as "Nghị quyết 34" resolved as the hover
 *   resolves it: referenceInfo);
 * - corpus scope: every acronym defined in the corpus or listed in a glossary, and every
 *   full reference (a symbol, a meeting with its term, a law with its year) in the corpus.
 *
 * Items carry where to open them: the source passage (corpus definition or citation), else
 * the brief's own definition or first mention. `prefix` keeps one first letter (letter-
 * exact: "Đ" is its own letter, tone marks do not count, so "Ủy" is under "U"); corpus
 * results also list the letters with counts so a tree can load one letter at a time.
 *
 * Works from the index tables only (definitions, references by key), never rescans texts.
 */
import type { TextRange } from '../core/analyze';
import { acronymKey } from '../core/acronyms';
import type { ReferenceHit } from '../core/corpusIndex';
import type { ReferenceSite } from '../core/analyze';
import { TYPE_NAMES } from '../core/references';
import { vietnameseCollator } from '../core/text';
import { acronymInfo, AcronymInfo, distinctMeanings } from './acronymInfo';
import { CandidateInfo, isShortForm, referenceInfo } from './referenceInfo';
import { cardOfSite } from './documentCard';
import type { FeatureContext, OpenDocument } from './context';

export interface GlossaryViewParams {
  scope: 'document' | 'corpus';
  prefix?: string;
  limit?: number;
}

export interface GlossaryViewItem {
  kind: 'acronym' | 'reference';
  label: string;
  detail: string;
  uri?: string;
  range?: TextRange;
  tooltip?: string;
}

export interface GlossaryViewGroup {
  key: string;
  count: number;
}

export interface GlossaryView {
  items: GlossaryViewItem[];
  total: number;
  groups?: GlossaryViewGroup[];
}

/** Key of the group of labels that start with something other than a letter. */
export const OTHER_GROUP = '#';

export function glossaryView(ctx: FeatureContext, doc: OpenDocument | undefined, params: GlossaryViewParams): GlossaryView {
  const candidates = params.scope === 'document' ? (doc ? documentCandidates(ctx, doc) : []) : corpusCandidates(ctx);
  candidates.sort((a, b) => compareLabels(a.label, b.label) || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
  const prefix = typeof params.prefix === 'string' && params.prefix.length > 0 ? params.prefix : undefined;
  const matching = prefix ? candidates.filter((c) => hasPrefix(c.label, prefix)) : candidates;
  const limit = Number.isFinite(params.limit) ? Math.max(0, Math.floor(params.limit as number)) : Infinity;
  const items = matching.slice(0, limit).map((c) => c.build());
  const view: GlossaryView = { items, total: matching.length };
  if (params.scope === 'corpus') view.groups = groupsOf(candidates);
  return view;
}

/** An item whose label is known cheaply and whose details are built only when kept. */
interface Candidate {
  kind: 'acronym' | 'reference';
  label: string;
  build(): GlossaryViewItem;
}

// ---------------------------------------------------------------------------------------
// Document scope

function documentCandidates(ctx: FeatureContext, doc: OpenDocument): Candidate[] {
  const a = doc.analysis;
  const out: Candidate[] = [];

  const acronyms = new Map<string, { acronym: string; first: TextRange; uses: number }>();
  for (const s of [...a.definitions, ...a.uses].sort((x, y) => x.startOffset - y.startOffset)) {
    const seen = acronyms.get(s.key);
    if (seen) seen.uses++;
    else acronyms.set(s.key, { acronym: s.acronym, first: s.range, uses: 1 });
  }
  for (const [key, { acronym, first, uses }] of acronyms) {
    out.push({
      kind: 'acronym',
      label: acronym,
      build: () => {
        const info = acronymInfo(ctx, doc, key, acronym);
        const item = acronymItem(info, doc.uri);
        if (!item.uri) {
          item.uri = doc.uri;
          item.range = first;
        }
        item.tooltip = [item.tooltip, `${count(uses, 'occurrence', 'occurrences')} in this document`].filter(Boolean).join('\n');
        return item;
      },
    });
  }

  const refs = new Map<string, ReferenceSite[]>();
  for (const r of a.references) {
    const list = refs.get(r.key);
    if (list) list.push(r);
    else refs.set(r.key, [r]);
  }
  for (const sites of refs.values()) {
    out.push({ kind: 'reference', label: referenceLabel(sites[0]), build: () => documentReferenceItem(ctx, doc, sites) });
  }
  return out;
}

function documentReferenceItem(ctx: FeatureContext, doc: OpenDocument, sites: ReferenceSite[]): GlossaryViewItem {
  const first = sites[0];
  const label = referenceLabel(first);
  const tooltip = [`${count(sites.length, 'mention', 'mentions')} in this document`];
  // The same resolution as the hover (referenceInfo), so the view and the hover agree.
  const info = referenceInfo(ctx, doc, first);
  const short = isShortForm(first);
  const best = info.candidates[0];
  const where = (c: CandidateInfo | undefined) =>
    c?.fullest ? { uri: c.fullest.uri, range: c.fullest.site.range } : { uri: doc.uri, range: first.range };
  // The document register's card: descriptive mentions and the status come from there.
  const card = cardOfSite(ctx, doc, first).card;
  if (card.status !== 'unknown') tooltip.push(`status: ${card.status}${card.relations.find((r) => r.kind === 'replacedBy' || r.kind === 'repealedBy') ? ` by ${card.relations.find((r) => r.kind === 'replacedBy' || r.kind === 'repealedBy')!.key}` : ''}`);
  if (!best && card.confidence === 'descriptive') {
    tooltip.push('no symbol known: identified from descriptive mentions (issuer and subject)');
    return { kind: 'reference', label, detail: card.citation, ...(card.sources[0] ?? where(undefined)), tooltip: tooltip.join('\n') };
  }
  if (!best) {
    // No full form anywhere: the fullest mention of the same short form (the corpus often
    // gives its subject: "Chỉ thị 12 về nâng cao hiệu quả đối ngoại nhân dân").
    const own = bestSite(sites);
    const corpus = bestHit(ctx.corpus.referencesOf(first.key));
    const fuller = corpus && citationText(corpus.ref).length > citationText(own).length ? corpus.ref : own;
    tooltip.push(short ? 'no full form with this type and number in the brief or the corpus' : 'not cited in the corpus');
    if (corpus) tooltip.push(`the short form is in ${count(new Set(ctx.corpus.referencesOf(first.key).map((h) => h.doc.id)).size, 'corpus document', 'corpus documents')}`);
    return {
      kind: 'reference',
      label,
      detail: fuller.citation && fuller.citation !== fuller.text ? citationText(fuller) : short ? 'no full form found (give its number/symbol where first cited)' : citationText(fuller),
      ...(corpus ? { uri: corpus.doc.uri, range: corpus.ref.range } : where(undefined)),
      tooltip: tooltip.join('\n'),
    };
  }
  if (short && info.resolution.confidence === 'ambiguous' && info.candidates.length > 1) {
    tooltip.push(`could be ${count(info.candidates.length, 'document', 'documents')}, the most likely first:`, ...info.candidates.map((c) => `- ${oneLine(c.citation)}`));
    return {
      kind: 'reference',
      label,
      detail: `ambiguous: ${info.candidates.map((c) => c.key).join(' · ')}`,
      ...where(best),
      tooltip: tooltip.join('\n'),
    };
  }
  if (short) tooltip.push(`resolved to ${best.key} (${CONFIDENCE[info.resolution.confidence] ?? info.resolution.confidence})`);
  tooltip.push(best.corpusDocuments ? `cited in ${count(best.corpusDocuments, 'corpus document', 'corpus documents')}` : 'not cited in the corpus');
  return {
    kind: 'reference',
    label,
    detail: `${short ? '→ ' : ''}${cleanCitation(best.citation)}`,
    ...where(best),
    tooltip: tooltip.join('\n'),
  };
}

const CONFIDENCE: Readonly<Record<string, string>> = {
  'same-document': 'its full form is given in this document',
  'unique-in-corpus': 'the only matching full form in the corpus',
  ambiguous: 'the most likely of several',
};

// ---------------------------------------------------------------------------------------
// Corpus scope

function corpusCandidates(ctx: FeatureContext): Candidate[] {
  const out: Candidate[] = [];
  const acronyms = new Map<string, string>();
  for (const e of ctx.glossary.entries) {
    const key = acronymKey(e.acronym);
    if (!acronyms.has(key)) acronyms.set(key, e.acronym);
  }
  for (const key of ctx.corpus.acronymKeys()) {
    if (!acronyms.has(key)) acronyms.set(key, ctx.corpus.definitionsOf(key)[0]?.def.acronym ?? key);
  }
  for (const [key, acronym] of acronyms) {
    out.push({ kind: 'acronym', label: acronym, build: () => acronymItem(acronymInfo(ctx, undefined, key, acronym)) });
  }
  for (const [key, hits] of ctx.corpus.referenceKeys()) {
    if (hits.length === 0 || !hits[0].ref.full) continue;
    out.push({
      kind: 'reference',
      label: referenceLabel(hits[0].ref),
      build: () => {
        const best = bestHit(hits) as ReferenceHit;
        return {
          kind: 'reference',
          label: referenceLabel(hits[0].ref),
          detail: citationText(best.ref),
          uri: best.doc.uri,
          range: best.ref.range,
          tooltip: `${key}\n${corpusMentions(hits)}\nfirst cited in ${hits[0].doc.summary.title || hits[0].doc.uri}`,
        };
      },
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Shared pieces

function acronymItem(info: AcronymInfo, briefUri?: string): GlossaryViewItem {
  const meanings = distinctMeanings(info);
  const english = [...new Set(info.glossary.map((g) => g.en).filter((e): e is string => !!e && !meanings.includes(e)))];
  const detail = meanings.length ? [...meanings, ...english].join(' · ') : 'not defined in the brief, the glossaries or the corpus';
  const sources: string[] = [];
  for (const d of info.inBrief) sources.push(`defined in this document, line ${d.range.start.line + 1}: ${d.longForm}`);
  for (const g of info.glossary) {
    sources.push(`${g.origin === 'bundled' ? 'bundled glossary' : `glossary ${g.origin}`}: ${g.vi}${g.en ? ` (${g.en})` : ''}${g.note ? ` — ${g.note}` : ''}`);
  }
  for (const c of info.corpus) sources.push(`corpus, ${count(c.documents, 'document', 'documents')}: ${c.longForm}`);
  if (meanings.length > 1) sources.push(`⚠ defined in ${meanings.length} different ways`);
  const item: GlossaryViewItem = { kind: 'acronym', label: info.acronym, detail, tooltip: sources.join('\n') };
  const brief = info.inBrief[0];
  const corpus = info.corpus[0]?.first;
  if (brief && briefUri) {
    item.uri = briefUri;
    item.range = span(brief.longRange, brief.range);
  } else if (corpus) {
    item.uri = corpus.doc.uri;
    item.range = span(corpus.def.longRange, corpus.def.range);
  }
  return item;
}

/** "Nghị quyết 34-NQ/TW" for symbols, the surface form (first letter capitalised) otherwise. */
export function referenceLabel(r: ReferenceSite): string {
  const typeName = r.typeName ?? (r.type ? TYPE_NAMES[r.type] : undefined);
  if ((r.form === 'party' || r.form === 'state' || r.form === 'admin') && typeName) return `${typeName} ${r.key}`;
  const text = oneLine(r.text);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function citationText(r: ReferenceSite): string {
  return cleanCitation(r.citation || r.text);
}

function cleanCitation(citation: string): string {
  return oneLine(citation).replace(/[\s.,;:]+$/, '');
}

/** The first line of a span of prose, with runs of spaces collapsed. */
function oneLine(text: string): string {
  return (text.split(/\r?\n/)[0] ?? '').replace(/\s+/g, ' ').trim();
}

/** The most informative mention: the one with the longest one-line citation. */
function bestSite(sites: readonly ReferenceSite[]): ReferenceSite {
  let best = sites[0];
  for (const s of sites) if (citationText(s).length > citationText(best).length) best = s;
  return best;
}

function bestHit(hits: readonly ReferenceHit[]): ReferenceHit | undefined {
  let best: ReferenceHit | undefined;
  for (const h of hits) if (!best || citationText(h.ref).length > citationText(best.ref).length) best = h;
  return best;
}

function corpusMentions(hits: readonly ReferenceHit[]): string {
  const docs = new Set(hits.map((h) => h.doc.id)).size;
  return `${count(hits.length, 'mention', 'mentions')} in ${count(docs, 'document', 'documents')}`;
}

function span(a: TextRange, b: TextRange): TextRange {
  const before = (x: TextRange['start'], y: TextRange['start']) => x.line < y.line || (x.line === y.line && x.character <= y.character);
  return { start: before(a.start, b.start) ? a.start : b.start, end: before(a.end, b.end) ? b.end : a.end };
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * The Vietnamese letter a label is filed under: tone marks dropped (Ủ→U), letter marks
 * kept (Ư, Â, Đ are letters of their own), upper case; "#" for digits and symbols.
 */
export function groupOf(label: string): string {
  const first = [...label.normalize('NFC').trimStart()][0] ?? '';
  if (!/\p{L}/u.test(first)) return OTHER_GROUP;
  return first
    .replace(/\u00d0/g, '\u0110')
    .normalize('NFD')
    .replace(/[\u0300\u0301\u0303\u0309\u0323]/g, '')
    .normalize('NFC')
    .toUpperCase();
}

function hasPrefix(label: string, prefix: string): boolean {
  if (prefix === OTHER_GROUP) return groupOf(label) === OTHER_GROUP;
  if ([...prefix].length === 1) return groupOf(label) === groupOf(prefix);
  return label.normalize('NFC').toUpperCase().startsWith(prefix.normalize('NFC').toUpperCase());
}

function compareLabels(a: string, b: string): number {
  return vietnameseCollator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

function groupsOf(candidates: readonly Candidate[]): GlossaryViewGroup[] {
  const counts = new Map<string, number>();
  for (const c of candidates) {
    const g = groupOf(c.label);
    counts.set(g, (counts.get(g) ?? 0) + 1);
  }
  return [...counts.entries()]
    .map(([key, n]) => ({ key, count: n }))
    .sort((a, b) => (a.key === OTHER_GROUP ? 1 : b.key === OTHER_GROUP ? -1 : compareLabels(a.key, b.key)));
}
