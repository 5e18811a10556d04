/**
 * One document in, plain data out: what a corpus file or a brief contains that the
 * features need (article, acronym definitions and uses, document references), with every
 * position mapped back to the original text (offsets and line/character).
 *
 * This is the only place that runs the pipeline normalize -> article -> miners; corpus
 * indexing, the cache and live briefs all go through it.
 */
import { extractArticle, Span } from './article';
import { mineDefinitions, findAcronymUses, DefinitionPattern } from './acronyms';
import { parseReferences, DocReference, RefForm } from './references';
import { LineChar, LineIndex } from './lineIndex';
import { fileDocuments } from './documents/mentions';
import type { MentionFacts } from './documents/facts';
import type { RelationKind } from './documents/relations';
import { normalizeText, toOriginalOffset, NormalizedText } from './text';
import type { SourceOrigin } from './origin';

export interface TextRange {
  start: LineChar;
  end: LineChar;
}

/** A span of the original text: offsets and the same as line/character. */
export interface Site {
  startOffset: number;
  endOffset: number;
  range: TextRange;
}

export interface DefinitionSite extends Site {
  acronym: string;
  key: string;
  longForm: string;
  longRange: TextRange;
  pattern: DefinitionPattern;
}

export interface AcronymSite extends Site {
  acronym: string;
  key: string;
}

export interface ReferenceSite extends Site {
  text: string;
  key: string;
  form: RefForm;
  full: boolean;
  type?: string;
  typeName?: string;
  number?: string;
  year?: number;
  issuer?: string;
  issuerName?: string;
  date?: string;
  isoDate?: string;
  subject?: string;
  term?: string;
  meeting?: string;
  citation?: string;
  /** The document this mention names: its own key, or the full form it resolves to in the same file. */
  document: string;
  /** What the mention's sentence says about the document (documents/facts.ts). */
  facts?: SiteFacts;
}

/** A mention's facts, dates as ISO yyyy-mm-dd, with the passage they come from. */
export interface SiteFacts {
  issuer?: string;
  issuerAt?: 'after' | 'before';
  signed?: string;
  effective?: string;
  subject?: string;
  term?: string;
  signer?: string;
  /** The sentence says the document is no longer in force. */
  expired?: boolean;
  passage: TextRange;
}

/** A relation the file states between two documents (documents/relations.ts). */
export interface RelationSite extends Site {
  kind: RelationKind;
  from: string;
  to: string;
  date?: string;
}

export interface DocumentAnalysis {
  uri: string;
  /** Which kind of text: a scraped/corpus page (article extraction applies) or a brief being written. */
  kind: 'corpus' | 'brief';
  title: string;
  titleRange: TextRange;
  date?: string;
  isoDate?: string;
  source?: string;
  /** Original offsets of the content lines (article body for corpus pages, all lines for briefs). */
  body: Span[];
  definitions: DefinitionSite[];
  attributions: AcronymSite[];
  /** Acronym uses, only for briefs (corpus pages would cost memory for no feature). */
  uses: AcronymSite[];
  references: ReferenceSite[];
  /** Relations between cited documents that the text states ("A thay thế B"). */
  relations: RelationSite[];
  lineCount: number;
  /** Set by the host for a Word, PDF or HTML source indexed as a text rendition: the original file (and pages). */
  origin?: SourceOrigin;
}

export interface AnalyzeOptions {
  kind: 'corpus' | 'brief';
  /** Glossary expansions by acronym key, so the miner can pair "Tổ chức Thương mại Thế giới (WTO)". */
  known?: (key: string) => readonly string[];
}

export function analyzeDocument(uri: string, original: string, options: AnalyzeOptions): DocumentAnalysis {
  const norm = normalizeText(original);
  const text = norm.text;
  const lines = new LineIndex(original);
  const toSite = siteMaker(norm, lines);
  const article = options.kind === 'corpus' ? extractArticle(text) : undefined;
  const body = article ? article.body : allLines(text);
  const mined = mineDefinitions(text, body, options.known);
  const title = article?.title ?? firstHeading(text);
  const titleSpan = article?.titleSpan ?? { start: 0, end: 0 };
  return {
    uri,
    kind: options.kind,
    title,
    titleRange: toSite(titleSpan.start, titleSpan.end).range,
    date: article?.date,
    isoDate: article?.isoDate,
    source: article?.source,
    body: body.map((s) => ({ start: toOriginalOffset(norm, s.start), end: toOriginalOffset(norm, s.end) })),
    definitions: mined.definitions.map((d) => ({
      ...toSite(d.start, d.end),
      acronym: d.acronym,
      key: d.key,
      longForm: d.longForm,
      longRange: toSite(d.longStart, d.longEnd).range,
      pattern: d.pattern,
    })),
    attributions: mined.attributions.map((a) => ({ ...toSite(a.start, a.end), acronym: a.acronym, key: a.key })),
    uses: options.kind === 'brief' ? findAcronymUses(text).map((u) => ({ ...toSite(u.start, u.end), acronym: u.acronym, key: u.key })) : [],
    ...referencesOf(text, options.kind === 'brief' ? undefined : body, toSite),
    lineCount: lines.lineCount,
  };
}

function referencesOf(text: string, body: Span[] | undefined, toSite: (s: number, e: number) => Site): { references: ReferenceSite[]; relations: RelationSite[] } {
  const refs = parseReferences(text).filter((r) => !body || inSpans(body, r.start));
  const docs = fileDocuments(text, refs);
  return {
    references: refs.map((r, i) => referenceSite(r, docs.keys[i], docs.facts[i], toSite)),
    relations: docs.relations.map((rel) => {
      const site: RelationSite = { ...toSite(rel.start, rel.end), kind: rel.kind, from: rel.from, to: rel.to };
      if (rel.date) site.date = rel.date;
      return site;
    }),
  };
}

function referenceSite(r: DocReference, document: string, f: MentionFacts, toSite: (s: number, e: number) => Site): ReferenceSite {
  const site: ReferenceSite = {
    ...toSite(r.start, r.end),
    text: r.text,
    key: r.key,
    form: r.form,
    full: r.full,
    type: r.type,
    typeName: r.typeName,
    number: r.number,
    year: r.year,
    issuer: r.issuer,
    issuerName: r.issuerName,
    date: r.date,
    isoDate: r.isoDate,
    subject: r.subject,
    term: r.term,
    meeting: r.meeting,
    citation: r.citation,
    document,
  };
  const facts: SiteFacts = { passage: toSite(f.start, f.end).range };
  if (f.issuer) (facts.issuer = f.issuer), (facts.issuerAt = f.issuerAt);
  if (f.signed) facts.signed = f.signed.iso;
  if (f.effective) facts.effective = f.effective.iso;
  if (f.subject) facts.subject = f.subject;
  if (f.term) facts.term = f.term;
  if (f.signer) facts.signer = f.signer;
  if (f.expired) facts.expired = true;
  if (Object.keys(facts).length > 1) site.facts = facts;
  return site;
}

function siteMaker(norm: NormalizedText, lines: LineIndex): (start: number, end: number) => Site {
  return (start, end) => {
    const s = toOriginalOffset(norm, start);
    const e = toOriginalOffset(norm, end);
    return { startOffset: s, endOffset: e, range: { start: lines.positionAt(s), end: lines.positionAt(e) } };
  };
}

function inSpans(spans: Span[], offset: number): boolean {
  let lo = 0;
  let hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (offset < spans[mid].start) hi = mid - 1;
    else if (offset >= spans[mid].end) lo = mid + 1;
    else return true;
  }
  return false;
}

function allLines(text: string): Span[] {
  const spans: Span[] = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    const i = nl < 0 ? text.length : nl;
    if (i > start) spans.push({ start, end: i });
    if (nl < 0) return spans;
    start = nl + 1;
  }
}

function firstHeading(text: string): string {
  const line = text.split('\n').find((l) => l.trim().length > 0) ?? '';
  return line.replace(/^#+\s*/, '').trim().slice(0, 200);
}
