/**
 * Links short and meeting-less document references to full ones (docs/vietnamese-domain.md §3).
 *
 * "Nghị quyết 34" names no issuer and no year; Party numbering restarts each term and every
 * province has its own "Quyết định 480". So a short form is resolved in this order:
 *  1. full forms with the same type and number in the citing document itself
 *     (`same-document`; the nearest one before the mention ranks first);
 *  2. full forms in the corpus with the same type and number, ranked by how near their date
 *     (or term) is to the citing document's date, and by the issuer or term the prose gives
 *     ("Chỉ thị 05 của Bộ Chính trị khóa XII") (`unique-in-corpus` or `ambiguous`);
 *  3. nothing (`none`).
 * Nothing is guessed silently: when several candidates exist all are returned, ranked, each
 * with the documents that cite it, so a hover can list them.
 *
 * Everything here is plain data in and out; no I/O.
 */

import type { DocReference } from './references';
import { pushTo } from './listMap';

/** A full reference somewhere in the corpus (one row per citing document and key). */
export interface CorpusReference {
  /** Canonical key ("34-NQ/TW", "30/2020/NĐ-CP", "NQ TW4 XII"). */
  key: string;
  /** Document that cites it (corpus file id or URI). */
  docId: string;
  type?: string;
  number?: string;
  year?: number;
  issuer?: string;
  /** Issue date (yyyy-mm-dd) when the citing text gives it. */
  isoDate?: string;
  /** Term (khóa) in Roman numerals, for Party documents and meeting-named resolutions. */
  term?: string;
  /** "TW4", "ĐH" for meeting-named resolutions. */
  meeting?: string;
  /** Issuing body as named in prose ("Bộ Chính trị"). */
  issuerName?: string;
}

/** The document that contains the reference being resolved. */
export interface CitingDocument {
  /** Its id in the corpus, if it is part of it (so that its own rows are recognised). */
  docId?: string;
  /** Its date (yyyy-mm-dd), e.g. the article date; when absent, the latest year its references mention is used. */
  isoDate?: string;
  /** All references parsed from it, in order (from `parseReferences`). */
  references: readonly DocReference[];
}

export type ResolutionConfidence = 'same-document' | 'unique-in-corpus' | 'ambiguous' | 'none';

export interface ResolutionCandidate {
  key: string;
  /** Documents that cite this key (the citing document first when it does). */
  docIds: string[];
  /** Ranking score in (0, 1]; only the order is meaningful. */
  score: number;
  /** True when the citing document itself gives this full form. */
  sameDocument: boolean;
  /** Best known issue date or year of the candidate, for display. */
  isoDate?: string;
  year?: number;
  term?: string;
}

export interface Resolution {
  candidates: ResolutionCandidate[];
  confidence: ResolutionConfidence;
}

/** Corpus rows indexed by match key; build once per corpus version with `indexCorpus`. */
export interface CorpusIndex {
  readonly byNumber: ReadonlyMap<string, readonly CorpusReference[]>;
  readonly byMeeting: ReadonlyMap<string, readonly CorpusReference[]>;
  readonly byKey: ReadonlyMap<string, readonly CorpusReference[]>;
  readonly size: number;
}

// ---------------------------------------------------------------------------------------

/** Does this reference need resolving (a short form, or a meeting-named form with no term)? */
export function needsResolution(ref: Pick<DocReference, 'form' | 'term'>): boolean {
  return ref.form === 'short' || (ref.form === 'meeting' && !ref.term);
}

/** The full references of one parsed document, as corpus rows. */
export function corpusRowsOf(docId: string, refs: readonly DocReference[]): CorpusReference[] {
  const out: CorpusReference[] = [];
  for (const r of refs) {
    if (!r.full) continue;
    const row: CorpusReference = { key: r.key, docId };
    if (r.type !== undefined) row.type = r.type;
    if (r.number !== undefined) row.number = r.number;
    if (r.year !== undefined) row.year = r.year;
    if (r.issuer !== undefined) row.issuer = r.issuer;
    if (r.isoDate !== undefined) row.isoDate = r.isoDate;
    if (r.term !== undefined) row.term = r.term;
    if (r.meeting !== undefined) row.meeting = r.meeting;
    if (r.issuerName !== undefined) row.issuerName = r.issuerName;
    out.push(row);
  }
  return out;
}

export function indexCorpus(rows: Iterable<CorpusReference>): CorpusIndex {
  const byNumber = new Map<string, CorpusReference[]>();
  const byMeeting = new Map<string, CorpusReference[]>();
  const byKey = new Map<string, CorpusReference[]>();
  let size = 0;
  for (const r of rows) {
    size++;
    pushTo(byKey, lookupKey(r.key), r);
    const bucket = rowBucket(r);
    if (bucket) pushTo(bucket[0] === 'meeting' ? byMeeting : byNumber, bucket[1], r);
  }
  return { byNumber, byMeeting, byKey, size };
}

/**
 * The resolver's index kept up to date per file: `add` and `remove` touch only that file's
 * rows, so a corpus change never rebuilds it from the whole corpus (CorpusIndex keeps it
 * together with the document register).
 */
export class ResolverIndex implements CorpusIndex {
  readonly byNumber = new Map<string, CorpusReference[]>();
  readonly byMeeting = new Map<string, CorpusReference[]>();
  readonly byKey = new Map<string, CorpusReference[]>();
  private readonly rowsByDoc = new Map<string, CorpusReference[]>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  add(docId: string, refs: readonly DocReference[]): void {
    this.remove(docId);
    const rows = corpusRowsOf(docId, refs);
    if (rows.length === 0) return;
    this.rowsByDoc.set(docId, rows);
    for (const r of rows) {
      pushTo(this.byKey, lookupKey(r.key), r);
      const bucket = rowBucket(r);
      if (bucket) pushTo(bucket[0] === 'meeting' ? this.byMeeting : this.byNumber, bucket[1], r);
    }
    this.count += rows.length;
  }

  remove(docId: string): void {
    const rows = this.rowsByDoc.get(docId);
    if (!rows) return;
    this.rowsByDoc.delete(docId);
    this.count -= rows.length;
    const drop = (m: Map<string, CorpusReference[]>, k: string) => {
      const kept = (m.get(k) ?? []).filter((r) => r.docId !== docId);
      if (kept.length) m.set(k, kept);
      else m.delete(k);
    };
    for (const r of rows) {
      drop(this.byKey, lookupKey(r.key));
      const bucket = rowBucket(r);
      if (bucket) drop(bucket[0] === 'meeting' ? this.byMeeting : this.byNumber, bucket[1]);
    }
  }
}

function rowBucket(r: CorpusReference): ['meeting' | 'number', string] | undefined {
  if (r.meeting && r.term) return ['meeting', r.meeting];
  if (r.number !== undefined && r.type) return ['number', numberKey(typeFamily(r.type), r.number)];
  return undefined;
}

/** Keys compared as the fixture grammar says: law titles case- and punctuation-insensitively. */
export function lookupKey(key: string): string {
  return /^L \D/u.test(key) ? key.toLowerCase().replace(/[^\p{L}\p{N} ]/gu, '').replace(/\s+/g, ' ') : key;
}


/** QĐ/TW is a decision or a regulation; both spellings of regulation are one family. */
function typeFamily(type: string): string {
  return type === 'QĐi' || type === 'QyĐ' ? 'QĐ' : type;
}

function numberKey(family: string, number: string): string {
  return `${family} ${number.replace(/^0+(?=\d)/, '').toLowerCase()}`;
}

// ---------------------------------------------------------------------------------------
// Dates and terms

/** Year each Party term (congress) started. */
const PARTY_TERM_START: Record<string, number> = {
  IV: 1976, V: 1982, VI: 1986, VII: 1991, VIII: 1996, IX: 2001, X: 2006, XI: 2011, XII: 2016, XIII: 2021, XIV: 2026,
};
/** Year each National Assembly term started (QH1 1946 ... QH15 2021). */
const NA_TERM_START: Record<number, number> = {
  1: 1946, 2: 1960, 3: 1964, 4: 1971, 5: 1975, 6: 1976, 7: 1981, 8: 1987, 9: 1992, 10: 1997, 11: 2002, 12: 2007, 13: 2011,
  14: 2016, 15: 2021, 16: 2026,
};

function yearOfIso(iso: string | undefined): number | undefined {
  if (!iso) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return undefined;
  return Number(m[1]) + (Number(m[2]) - 1) / 12 + (Number(m[3]) - 1) / 365;
}

/** Best estimate of when a full reference was issued, as a fractional year. */
function estimatedYear(r: CorpusReference | DocReference): number | undefined {
  const fromDate = yearOfIso(r.isoDate);
  if (fromDate !== undefined) return fromDate;
  if (r.year !== undefined) return r.year + 0.5;
  const qh = r.issuer ? /^(?:UBTV)?QH(\d{1,2})$/.exec(r.issuer) : null;
  if (qh && NA_TERM_START[Number(qh[1])]) return NA_TERM_START[Number(qh[1])] + 2.5;
  if (r.term && PARTY_TERM_START[r.term] !== undefined) {
    const plenum = r.meeting ? /^TW(\d+)$/.exec(r.meeting) : null;
    // Plenums come two or three a year; congress resolutions at the start of the term.
    if (plenum) return PARTY_TERM_START[r.term] + Math.min(4.5, Number(plenum[1]) * 0.35);
    if (r.meeting === 'ĐH') return PARTY_TERM_START[r.term] + 0.1;
    return PARTY_TERM_START[r.term] + 2.5;
  }
  return undefined;
}

/** The citing document's date: given, else the latest date or year its references mention. */
function citingYear(doc: CitingDocument): number | undefined {
  const given = yearOfIso(doc.isoDate);
  if (given !== undefined) return given;
  let latest: number | undefined;
  for (const r of doc.references) {
    const y = yearOfIso(r.isoDate) ?? (r.year !== undefined ? r.year + 0.5 : undefined);
    if (y !== undefined && (latest === undefined || y > latest)) latest = y;
  }
  return latest;
}

/** Issuer codes that a prose issuer name points to ("Bộ Chính trị" → TW). */
function issuerHints(name: string | undefined): RegExp | undefined {
  if (!name) return undefined;
  const n = name.toLowerCase();
  if (/bộ chính trị|ban bí thư|ban chấp hành trung ương|trung ương đảng|^trung ương|^tw\b|^tư\b/.test(n)) return /^TW$/;
  if (/thủ tướng/.test(n)) return /^TTg\b/;
  if (/chính phủ/.test(n)) return /^CP$/;
  if (/ủy ban thường vụ quốc hội|uỷ ban thường vụ quốc hội|ubtvqh/.test(n)) return /^UBTVQH/;
  if (/quốc hội/.test(n)) return /^QH/;
  if (/hội đồng nhân dân|hđnd/.test(n)) return /HĐND/;
  if (/ủy ban nhân dân|uỷ ban nhân dân|ubnd/.test(n)) return /UBND/;
  if (/tỉnh ủy|tỉnh uỷ|thành ủy|thành uỷ/.test(n)) return /^(?:TU|TW)$/;
  if (/bộ tài chính/.test(n)) return /^BTC/;
  if (/ngân hàng nhà nước/.test(n)) return /^NHNN/;
  return undefined;
}

// ---------------------------------------------------------------------------------------
// Resolution

function matchesShort(ref: DocReference, row: CorpusReference): boolean {
  if (!row.type || row.number === undefined || ref.number === undefined || !ref.type) return false;
  if (typeFamily(row.type) !== typeFamily(ref.type)) return false;
  if (row.number.toLowerCase() !== ref.number.toLowerCase()) return false;
  if (ref.year !== undefined) {
    const rowYear = row.year ?? (row.isoDate ? Number(row.isoDate.slice(0, 4)) : undefined);
    if (rowYear !== undefined && rowYear !== ref.year) return false;
  }
  return true;
}

function matchesMeeting(ref: DocReference, row: CorpusReference): boolean {
  return !!row.meeting && row.meeting === ref.meeting && !!row.term;
}

function candidateRows(ref: DocReference, corpus: CorpusIndex | readonly CorpusReference[]): CorpusReference[] {
  const match = ref.form === 'meeting' ? matchesMeeting : matchesShort;
  if (Array.isArray(corpus)) return (corpus as readonly CorpusReference[]).filter((r) => match(ref, r));
  const index = corpus as CorpusIndex;
  if (ref.form === 'meeting') return (ref.meeting ? index.byMeeting.get(ref.meeting) ?? [] : []).filter((r) => match(ref, r));
  if (!ref.type || ref.number === undefined) return [];
  return (index.byNumber.get(numberKey(typeFamily(ref.type), ref.number)) ?? []).filter((r) => match(ref, r));
}

/**
 * Resolve one reference of `doc`. Full references resolve to themselves (`same-document`),
 * with the corpus documents that cite the same key.
 */
export function resolveReference(
  ref: DocReference,
  doc: CitingDocument,
  corpus: CorpusIndex | readonly CorpusReference[] = [],
): Resolution {
  const docId = doc.docId;
  if (!needsResolution(ref)) {
    const docIds = uniq([...(docId !== undefined ? [docId] : []), ...candidateDocIdsForKey(ref, corpus)]);
    return { candidates: [{ key: ref.key, docIds, score: 1, sameDocument: true, isoDate: ref.isoDate, year: ref.year, term: ref.term }], confidence: 'same-document' };
  }
  const asRow = (r: DocReference): CorpusReference => ({ ...r, docId: docId ?? '' });
  const match = ref.form === 'meeting' ? matchesMeeting : matchesShort;

  // 1. The citing document itself.
  const local = doc.references.filter((r) => r.full && r !== ref && match(ref, asRow(r)));
  const corpusRows = candidateRows(ref, corpus);
  if (local.length > 0) {
    const byKey = new Map<string, { distance: number; refs: DocReference[] }>();
    for (const r of local) {
      // Nearest full form before the mention first; one after it counts as farther.
      const distance = r.start <= ref.start ? ref.start - r.start : (r.start - ref.start) * 4;
      const e = byKey.get(r.key);
      if (e) {
        e.distance = Math.min(e.distance, distance);
        e.refs.push(r);
      } else byKey.set(r.key, { distance, refs: [r] });
    }
    const candidates = [...byKey.entries()]
      .map(([key, e]): ResolutionCandidate => {
        const dated = e.refs.find((r) => r.isoDate) ?? e.refs[0];
        return {
          key,
          docIds: uniq([...(docId !== undefined ? [docId] : []), ...corpusRows.filter((r) => r.key === key).map((r) => r.docId)]),
          score: 1 / (1 + e.distance / 2000),
          sameDocument: true,
          isoDate: dated.isoDate,
          year: dated.year,
          term: dated.term,
        };
      })
      .sort((a, b) => b.score - a.score || a.key.localeCompare(b.key));
    return { candidates, confidence: candidates.length === 1 ? 'same-document' : 'ambiguous' };
  }

  // 2. The corpus.
  const rows = corpusRows.filter((r) => r.docId !== docId || docId === undefined);
  if (rows.length === 0) return { candidates: [], confidence: 'none' };
  const when = citingYear(doc);
  const hint = issuerHints(ref.issuerName);
  const groups = new Map<string, CorpusReference[]>();
  for (const r of rows) pushTo(groups, r.key, r);
  const candidates: ResolutionCandidate[] = [];
  for (const [key, group] of groups) {
    const dated = group.find((r) => r.isoDate) ?? group.find((r) => r.year !== undefined) ?? group[0];
    const year = group.map(estimatedYear).find((y) => y !== undefined);
    let score = 0.5;
    if (when !== undefined && year !== undefined) {
      const delta = when - year;
      // A document cannot cite one issued after it (allow for imprecise dates).
      score = delta < -0.5 ? 0.1 / (1 + -delta) : 1 / (1 + Math.max(0, delta) / 3);
    }
    const term = group.find((r) => r.term)?.term;
    if (ref.term && term) score *= ref.term === term ? 1.5 : 0.2;
    const issuer = group.find((r) => r.issuer)?.issuer;
    if (hint && issuer) score *= hint.test(issuer) ? 1.5 : 0.3;
    const docIds = uniq(group.map((r) => r.docId));
    // Cited by more documents: slightly more likely (the well-known one).
    score *= 1 + Math.log10(docIds.length) / 10;
    candidates.push({
      key,
      docIds,
      score: Math.min(1, Number(score.toFixed(4))),
      sameDocument: false,
      isoDate: dated.isoDate,
      year: dated.year,
      term,
    });
  }
  candidates.sort((a, b) => b.score - a.score || b.docIds.length - a.docIds.length || a.key.localeCompare(b.key));
  return { candidates, confidence: candidates.length === 1 ? 'unique-in-corpus' : 'ambiguous' };
}

/** Resolve every reference of a document that needs it; the map is keyed by the reference object. */
export function resolveDocument(doc: CitingDocument, corpus: CorpusIndex | readonly CorpusReference[] = []): Map<DocReference, Resolution> {
  const out = new Map<DocReference, Resolution>();
  for (const r of doc.references) if (needsResolution(r)) out.set(r, resolveReference(r, doc, corpus));
  return out;
}

function candidateDocIdsForKey(ref: DocReference, corpus: CorpusIndex | readonly CorpusReference[]): string[] {
  const k = lookupKey(ref.key);
  if (Array.isArray(corpus)) return (corpus as readonly CorpusReference[]).filter((r) => lookupKey(r.key) === k).map((r) => r.docId);
  return ((corpus as CorpusIndex).byKey.get(k) ?? []).map((r) => r.docId);
}

function uniq<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}
