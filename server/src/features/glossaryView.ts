/**
 * `policyLens/glossary`: the acronyms and document references of one brief, or of the
 * whole corpus and glossaries, as a flat list sorted in Vietnamese order, for tree views
 * and the glossary export.
 *
 * - document scope: every acronym the brief uses or defines, with its expansions (from the
 *   brief, the glossaries and the corpus: acronymInfo), and every document reference, with
 *   its canonical citation (a short form such as "Nghị quyết 34" is matched to the full
 *   forms of the brief and the corpus with the same type and number);
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
  for (const [key, sites] of refs) {
    out.push({ kind: 'reference', label: referenceLabel(sites[0]), build: () => documentReferenceItem(ctx, doc, key, sites, refs) });
  }
  return out;
}

function documentReferenceItem(
  ctx: FeatureContext,
  doc: OpenDocument,
  key: string,
  sites: ReferenceSite[],
  inDoc: Map<string, ReferenceSite[]>,
): GlossaryViewItem {
  const first = sites[0];
  const mentions = `${count(sites.length, 'mention', 'mentions')} in this document`;
  const own = bestSite(sites);
  if (first.full) {
    const corpus = ctx.corpus.referencesOf(key);
    const source = bestHit(corpus);
    const cited = own.citation && own.citation !== own.text ? own : source ? source.ref : own;
    return {
      kind: 'reference',
      label: referenceLabel(first),
      detail: citationText(cited),
      uri: source ? source.doc.uri : doc.uri,
      range: source ? source.ref.range : first.range,
      tooltip: [mentions, corpus.length ? `${corpusMentions(corpus)} in the corpus` : 'not cited in the corpus'].join('\n'),
    };
  }

  // A short or term-less form: which full documents can it stand for?
  const candidates = new Map<string, { label: string; citation: string; uri: string; range: TextRange }>();
  for (const [k, list] of inDoc) {
    if (k !== key && list[0].full && resolves(first, list[0])) {
      const best = bestSite(list);
      candidates.set(k, { label: referenceLabel(best), citation: citationText(best), uri: doc.uri, range: best.range });
    }
  }
  for (const [k, hits] of ctx.corpus.referenceKeys()) {
    if (k === key || candidates.has(k) || hits.length === 0 || !hits[0].ref.full || !resolves(first, hits[0].ref)) continue;
    const best = bestHit(hits) as ReferenceHit;
    candidates.set(k, { label: referenceLabel(best.ref), citation: citationText(best.ref), uri: best.doc.uri, range: best.ref.range });
  }
  const shortInCorpus = ctx.corpus.referencesOf(key);
  const tooltip = [mentions];
  if (candidates.size === 1) {
    const [c] = candidates.values();
    tooltip.push(`resolved to ${c.label} (the only full form with this type and number in the brief and the corpus)`);
    return { kind: 'reference', label: referenceLabel(first), detail: `→ ${c.citation}`, uri: c.uri, range: c.range, tooltip: tooltip.join('\n') };
  }
  if (candidates.size > 1) {
    const list = [...candidates.values()];
    tooltip.push('several full forms match:', ...list.map((c) => `- ${c.citation}`));
    return {
      kind: 'reference',
      label: referenceLabel(first),
      detail: `ambiguous: ${list.map((c) => c.label).join(' · ')}`,
      uri: list[0].uri,
      range: list[0].range,
      tooltip: tooltip.join('\n'),
    };
  }
  const source = bestHit(shortInCorpus);
  tooltip.push(shortInCorpus.length ? `${corpusMentions(shortInCorpus)} of the short form in the corpus, no full form` : 'not in the corpus');
  return {
    kind: 'reference',
    label: referenceLabel(first),
    detail: own.citation && own.citation !== own.text ? citationText(own) : 'no full form found (add its number/symbol where first cited)',
    uri: source ? source.doc.uri : doc.uri,
    range: source ? source.ref.range : first.range,
    tooltip: tooltip.join('\n'),
  };
}

/** True when the full reference `full` can be what the short or term-less `short` means. */
function resolves(short: ReferenceSite, full: ReferenceSite): boolean {
  if (short.form === 'meeting') return full.form === 'meeting' && full.key.startsWith(short.key + ' ');
  if (!short.type || !short.number || full.type !== short.type || full.number !== short.number) return false;
  return short.year === undefined || full.year === undefined || short.year === full.year;
}

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
          tooltip: `${key}\n${corpusMentions(hits)}\nfirst cited in ${hits[0].doc.analysis.title || hits[0].doc.uri}`,
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
  return oneLine(r.citation || r.text).replace(/[\s.,;:]+$/, '');
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
