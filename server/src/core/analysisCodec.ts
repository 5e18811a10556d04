/**
 * A corpus document's analysis in three parts, so that the corpus index keeps in memory only
 * what its features read for every document, and the rest as bytes decoded on demand:
 *  - the summary (title, dates, source, origin, line count): workspace symbols, search hits,
 *    hover source names and the renditions read it for any document;
 *  - the sites (definitions, attributions, references, relations): the lookup tables of
 *    corpusIndex.ts and the document register are made of them, so hovers never decode;
 *  - the rest (the body's line spans, acronym uses): read only to rebuild a document's search
 *    entry or when a caller asks for the whole analysis (the team database, a cache write).
 *    `encodeRest` turns it into a few bytes (JSON of flat numbers, UTF-8), `decodeRest` back.
 *
 * `joinAnalysis(splitAnalysis(a))` equals `a` (a property test checks it).
 */
import type { Span } from './article';
import type { AcronymSite, DefinitionSite, DocumentAnalysis, ReferenceSite, RelationSite, TextRange } from './analyze';
import type { SourceOrigin } from './origin';

export type AnalysisSummary = Pick<DocumentAnalysis, 'kind' | 'title' | 'titleRange' | 'date' | 'isoDate' | 'source' | 'lineCount' | 'origin'>;

export interface AnalysisSites {
  definitions: DefinitionSite[];
  attributions: AcronymSite[];
  references: ReferenceSite[];
  relations: RelationSite[];
}

export interface AnalysisRest {
  body: Span[];
  uses: AcronymSite[];
}

export interface SplitAnalysis {
  summary: AnalysisSummary;
  /** Undefined when the document has none (most corpus pages): one shared empty value then. */
  sites: AnalysisSites | undefined;
  rest: AnalysisRest;
}

export const NO_SITES: AnalysisSites = Object.freeze({
  definitions: Object.freeze([]) as unknown as DefinitionSite[],
  attributions: Object.freeze([]) as unknown as AcronymSite[],
  references: Object.freeze([]) as unknown as ReferenceSite[],
  relations: Object.freeze([]) as unknown as RelationSite[],
});

/** Titles read from a cache file: UTF-8 bytes of one shared buffer, decoded when a title is read (most never are). */
export interface TitleBytes {
  bytes: Uint8Array;
  start: number;
  end: number;
}

const titleDecoder = new TextDecoder();

/**
 * A summary as kept for every document: the title's range as four numbers instead of three
 * objects (a range is made when asked for), the title as a string or as bytes of a shared
 * buffer, the optional fields only where set.
 */
export class CompactSummary implements AnalysisSummary {
  date?: string;
  isoDate?: string;
  source?: string;
  origin?: SourceOrigin;
  private readonly startLine: number;
  private readonly startCharacter: number;
  private readonly endLine: number;
  private readonly endCharacter: number;
  private readonly titleText: string | Uint8Array;
  private readonly titleStart: number;
  private readonly titleEnd: number;

  constructor(
    readonly kind: DocumentAnalysis['kind'],
    title: string | TitleBytes,
    titleRange: TextRange,
    readonly lineCount: number,
    optional: Pick<AnalysisSummary, 'date' | 'isoDate' | 'source' | 'origin'> = {},
  ) {
    this.startLine = titleRange.start.line;
    this.startCharacter = titleRange.start.character;
    this.endLine = titleRange.end.line;
    this.endCharacter = titleRange.end.character;
    if (typeof title === 'string') {
      this.titleText = title;
      this.titleStart = this.titleEnd = 0;
    } else {
      this.titleText = title.bytes;
      this.titleStart = title.start;
      this.titleEnd = title.end;
    }
    if (optional.date !== undefined) this.date = optional.date;
    if (optional.isoDate !== undefined) this.isoDate = optional.isoDate;
    if (optional.source !== undefined) this.source = optional.source;
    if (optional.origin !== undefined) this.origin = optional.origin;
  }

  get title(): string {
    const t = this.titleText;
    return typeof t === 'string' ? t : titleDecoder.decode(t.subarray(this.titleStart, this.titleEnd));
  }

  get titleRange(): TextRange {
    return { start: { line: this.startLine, character: this.startCharacter }, end: { line: this.endLine, character: this.endCharacter } };
  }
}

export function splitAnalysis(a: DocumentAnalysis): SplitAnalysis {
  const summary = new CompactSummary(a.kind, a.title, a.titleRange, a.lineCount, a);
  const relations = a.relations ?? [];
  const hasSites = a.definitions.length + a.attributions.length + a.references.length + relations.length > 0;
  return {
    summary,
    sites: hasSites ? { definitions: a.definitions, attributions: a.attributions, references: a.references, relations } : undefined,
    rest: { body: a.body, uses: a.uses },
  };
}

/** The whole analysis again, in the analyzer's field order. */
export function joinAnalysis(uri: string, summary: AnalysisSummary, sites: AnalysisSites | undefined, rest: AnalysisRest): DocumentAnalysis {
  const s = sites ?? NO_SITES;
  const a: DocumentAnalysis = {
    uri,
    kind: summary.kind,
    title: summary.title,
    titleRange: summary.titleRange,
    date: summary.date,
    isoDate: summary.isoDate,
    source: summary.source,
    body: rest.body,
    definitions: s.definitions,
    attributions: s.attributions,
    uses: rest.uses,
    references: s.references,
    relations: s.relations,
    lineCount: summary.lineCount,
  };
  if (summary.date === undefined) delete a.date;
  if (summary.isoDate === undefined) delete a.isoDate;
  if (summary.source === undefined) delete a.source;
  if (summary.origin !== undefined) a.origin = summary.origin;
  return a;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The rest as bytes: body spans as one flat list of offsets (a JSON object per span costs ten times more). */
export function encodeRest(rest: AnalysisRest): Uint8Array {
  const flat: number[] = [];
  for (const s of rest.body) flat.push(s.start, s.end);
  return encoder.encode(rest.uses.length ? JSON.stringify([flat, rest.uses]) : JSON.stringify([flat]));
}

/** Throws on bytes that are not an encoded rest (the caller reports the record as unreadable). */
export function decodeRest(bytes: Uint8Array): AnalysisRest {
  const parsed = JSON.parse(decoder.decode(bytes)) as [number[], AcronymSite[]?];
  const flat = parsed[0];
  if (!Array.isArray(flat) || flat.length % 2 !== 0) throw new Error('not an encoded analysis');
  const body: Span[] = new Array(flat.length / 2);
  for (let i = 0; i < flat.length; i += 2) body[i / 2] = { start: flat[i], end: flat[i + 1] };
  return { body, uses: parsed[1] ?? [] };
}
