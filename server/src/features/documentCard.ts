/**
 * The document card: what the register knows about one cited document, in the shape of
 * `policyLens/document` (../shared/docs/architecture.md) plus a few extras for the hover.
 * Hover, definition, references, inlay hints, the superseded-reference check, the Glossary
 * view, Insert List of Cited Documents, the request and the CLI all read it from here, so
 * they never disagree.
 *
 * How a mention finds its document: a full form is its own key; a short form resolves as
 * referenceInfo says (same brief, then corpus full forms); one that resolves nowhere still
 * has a record under its short key, from every mention of it (a descriptive one, "Ban Bí
 * thư đã ban hành Chỉ thị 12 về …", gives issuer, date and subject). With no corpus at all
 * the symbol alone still gives type, number, year and issuer (issuerCodes.ts).
 */
import type { DocumentCardResult, DocumentRelation } from '../../../shared/protocol';
import type { ReferenceSite, TextRange } from '../core/analyze';
import type { DecodedIssuer } from '../core/documents/issuerCodes';
import { mentionYear } from '../core/documents/editions';
import { decodeIssuers } from '../core/documents/issuerCodes';
import type { CardRelationKind, DocumentRecord, DocumentStatus, ExtraSource, RegisterMention, SourceRef } from '../core/documents/register';
import { parseReferences, TYPE_NAMES } from '../core/references';
import { lookupKey, resolveReference } from '../core/resolve';
import type { FeatureContext, OpenDocument } from './context';
import { siteAt } from './context';
import { referenceInfo, ReferenceInfo } from './referenceInfo';
import { sourceName } from './sourceName';

/** How the card was found for the mention asked about. */
export type CardConfidence =
  /** the mention is a full form (symbol, law title with year, meeting with its term) */
  | 'full'
  /** a short form whose full form is in the same brief */
  | 'same-document'
  /** a short form whose only full form is in the corpus */
  | 'unique-in-corpus'
  /** a short form several documents could be; the most likely is shown */
  | 'ambiguous'
  /** no full form anywhere; issuer and subject come from descriptive mentions */
  | 'descriptive'
  /** no full form and no descriptive mention: only bare mentions */
  | 'mentions-only';

export interface CardRelation extends DocumentRelation {
  kind: CardRelationKind;
  source: SourceRef;
}

/** The card: `policyLens/document`'s result (shared/protocol.ts), with the extras the hover uses. */
export interface DocumentCard extends DocumentCardResult {
  status: DocumentStatus;
  relations: CardRelation[];
  sources: SourceRef[];
  /** The citation written out from the merged facts. */
  citation: string;
  /** Bodies decoded from the symbol, with the convention each comes from. */
  issuers?: DecodedIssuer[];
  statusSource?: SourceRef;
  confidence: CardConfidence;
  /** Documents that cite it (other than the brief asked about), most relevant first. */
  citedBy: Array<{ uri: string; title: string; range: TextRange }>;
  otherEditions?: Array<{ signed?: string; issuer?: string; subject?: string; mentions: number; source: SourceRef }>;
}

/**
 * Short keys that name K and nothing else in the corpus ("NĐ 171", "NĐ 171/2013" for
 * 171/2013/NĐ-CP), so relations written with them count for K.
 */
function aliasesOf(ctx: FeatureContext, key: string): string[] {
  const ref = parseKey(key);
  if (!ref || !ref.full || !ref.type || !ref.number) return [];
  const shorts = [`${ref.type} ${ref.number}`, ...(ref.year !== undefined ? [`${ref.type} ${ref.number}/${ref.year}`] : [])];
  return shorts.filter((short, i) => {
    const probe = { start: 0, end: 0, text: short, form: 'short' as const, key: short, full: false, type: ref.type, number: ref.number, ...(i === 1 ? { year: ref.year } : {}) };
    const res = resolveReference(probe, { references: [] }, ctx.corpus.resolverIndex());
    return res.candidates.length === 1 && lookupKey(res.candidates[0].key) === lookupKey(ref.key);
  });
}

/** Briefs whose mentions are merged into records along with the corpus. */
function extras(briefs: readonly OpenDocument[]): ExtraSource[] {
  return briefs.map((b) => ({ uri: b.uri, title: b.analysis.title, analysis: b.analysis }));
}

/**
 * The card of the document a key names (as in the request's `{ key }`), or undefined.
 * `year` picks among documents that share the key ("49-NQ/TW" of 1961 or of 2005).
 */
export function documentCardForKey(ctx: FeatureContext, key: string, briefs: readonly OpenDocument[] = [], year?: number): DocumentCard | undefined {
  const parsed = parseKey(key);
  const canonical = parsed?.key ?? key.trim();
  const record = ctx.corpus.register.record(canonical, extras(briefs), aliasesOf(ctx, canonical), year);
  if (record) return cardOf(record, record.full ? 'full' : record.descriptive ? 'descriptive' : 'mentions-only');
  if (parsed && parsed.full) return cardOf(bareRecord(parsed), 'full');
  return undefined;
}

export interface CardAt {
  card: DocumentCard;
  site: ReferenceSite;
  info: ReferenceInfo;
}

/** The card of the document the mention at `offset` names. */
export function documentCardAt(ctx: FeatureContext, doc: OpenDocument, offset: number, briefs: readonly OpenDocument[] = []): CardAt | undefined {
  const site = siteAt(doc.analysis.references, offset);
  if (!site) return undefined;
  return cardOfSite(ctx, doc, site, briefs);
}

/**
 * Cards already made during one pass over a brief (diagnostics, inlay hints, lists), by
 * document key and confidence: a brief that cites one decree sixty times merges its record once.
 */
export type CardMemo = Map<string, DocumentCard>;

export function cardOfSite(ctx: FeatureContext, doc: OpenDocument, site: ReferenceSite, briefs: readonly OpenDocument[] = [], memo?: CardMemo): CardAt {
  const info = referenceInfo(ctx, doc, site);
  const all = briefs.some((b) => b.uri === doc.uri) ? briefs : [doc, ...briefs];
  const best = info.candidates[0];
  let confidence: CardConfidence;
  let key: string;
  if (site.full) (confidence = 'full'), (key = site.key);
  else if (best) {
    key = best.key;
    confidence = info.resolution.confidence === 'ambiguous' ? 'ambiguous' : info.resolution.confidence === 'unique-in-corpus' ? 'unique-in-corpus' : 'same-document';
  } else {
    key = site.document;
    confidence = 'mentions-only';
  }
  // The year the mention gives picks among documents sharing the key (register editions).
  const year = mentionYear({ site });
  const id = `${lookupKey(key)}\u0000${confidence}\u0000${year ?? ''}`;
  const known = memo?.get(id);
  if (known) return { card: known, site, info };
  const record = ctx.corpus.register.record(key, extras(all), confidence === 'mentions-only' ? [] : aliasesOf(ctx, key), year);
  if (record && confidence === 'mentions-only' && record.descriptive) confidence = 'descriptive';
  const card = record ? cardOf(record, confidence, doc.uri) : cardOf(bareRecordOfSite(site), confidence, doc.uri);
  memo?.set(id, card);
  return { card, site, info };
}

// ---------------------------------------------------------------------------------------

function cardOf(rec: DocumentRecord, confidence: CardConfidence, askingUri?: string): DocumentCard {
  const card: DocumentCard = {
    key: rec.key,
    type: rec.type ?? 'CV',
    status: rec.status,
    relations: rec.relations.map((r) => ({ ...r })),
    sources: sourcesOf(rec),
    citation: '',
    confidence,
    citedBy: citedBy(rec.mentions, askingUri),
  };
  if (rec.number !== undefined) card.number = rec.number;
  if (rec.symbol) card.symbol = rec.symbol;
  if (rec.issuer) card.issuer = rec.issuer;
  if (rec.signed) card.signed = rec.signed.value;
  if (rec.effective) card.effective = rec.effective.value;
  if (rec.subject) card.subject = rec.subject.value;
  if (rec.typeName) card.typeName = rec.typeName;
  if (rec.decoded.length) card.issuers = rec.decoded;
  const term = rec.term?.value ?? rec.decoded.find((d) => d.term)?.term;
  if (term) card.term = term;
  if (rec.statusSource) card.statusSource = rec.statusSource;
  if (rec.signer) card.signer = rec.signer.value;
  if (rec.otherEditions?.length) card.otherEditions = rec.otherEditions.map((e) => ({ ...e }));
  const conflicts: Record<string, string[]> = {};
  for (const [name, fact] of [['issuer', rec.issuerNamed], ['signed', rec.signed], ['effective', rec.effective], ['subject', rec.subject], ['term', rec.term], ['signer', rec.signer]] as const) {
    if (fact?.variants?.length) conflicts[name] = fact.variants.map((v) => v.value);
  }
  if (Object.keys(conflicts).length) card.conflicts = conflicts;
  card.citation = citationOf(card, rec);
  return card;
}

/** Source passages, one per citing document, the fullest mention first. */
function sourcesOf(rec: DocumentRecord): SourceRef[] {
  const ranked = [...rec.mentions].sort((a, b) => richness(b.site) - richness(a.site));
  const seen = new Set<string>();
  const out: SourceRef[] = [];
  for (const m of ranked) {
    const id = `${m.uri}#${m.site.range.start.line}:${m.site.range.start.character}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({ uri: m.uri, range: m.site.facts?.passage ?? m.site.range });
  }
  return out;
}

/** How much a mention says about its document: dates, issuer and subject beat length. */
export function richness(site: ReferenceSite): number {
  const f = site.facts;
  return (
    (f?.signed || site.isoDate ? 1000 : 0) +
    (f?.issuer || site.issuerName ? 500 : 0) +
    (f?.subject || site.subject ? 300 : 0) +
    (f?.effective ? 100 : 0) +
    (site.full ? 200 : 0) +
    Math.min((site.citation ?? site.text).length, 99)
  );
}

/** Citing documents, most relevant first: those that say most about it, then the rest. */
function citedBy(mentions: readonly RegisterMention[], askingUri?: string): DocumentCard['citedBy'] {
  const best = new Map<string, RegisterMention>();
  for (const m of mentions) {
    if (m.uri === askingUri) continue;
    const seen = best.get(m.uri);
    if (!seen || richness(m.site) > richness(seen.site)) best.set(m.uri, m);
  }
  return [...best.values()].sort((a, b) => richness(b.site) - richness(a.site) || a.title.localeCompare(b.title)).map((m) => ({ uri: m.uri, title: sourceName({ uri: m.uri, summary: { title: m.title, origin: m.origin } }, m.site.range.start.line), range: m.site.range }));
}

function citationOf(card: DocumentCard, rec: DocumentRecord): string {
  const name = card.typeName ?? TYPE_NAMES[card.type] ?? '';
  let head: string;
  if (card.symbol) head = `${name} số ${card.symbol}`.trim();
  else if (rec.key.startsWith('L ')) head = `Luật ${rec.key.slice(2).replace(/ (\d{4})$/, ' năm $1')}`;
  else if (rec.mentions.length) head = rec.mentions.find((m) => m.site.full)?.site.text ?? rec.mentions[0].site.text;
  else head = `${name} ${card.number ?? ''}`.trim();
  const parts = [head];
  if (card.signed) parts.push(`ngày ${formatIsoDate(card.signed)}`);
  if (card.issuer) parts.push(`của ${card.issuer}`);
  if (card.subject) parts.push(/^(?:quy định|hướng dẫn|sửa đổi|bổ sung|phê duyệt|ban hành|về)\s/u.test(card.subject) ? card.subject : `về ${card.subject}`);
  return parts.join(' ');
}

export function formatIsoDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${Number(m[3])}/${Number(m[2])}/${m[1]}` : iso;
}

// ---------------------------------------------------------------------------------------
// Without any mention: the key itself

function parseKey(key: string): (ReturnType<typeof parseReferences>[number]) | undefined {
  const text = key.normalize('NFC').replace(/\u00d0/g, 'Đ').trim();
  if (!text) return undefined;
  const refs = parseReferences(text);
  if (refs.length === 1 && refs[0].end - refs[0].start >= text.length - 1) return refs[0];
  // A bare symbol ("94/2015/QH13") reads like one after "số".
  const withSo = parseReferences(`số ${text}`);
  if (withSo.length === 1 && withSo[0].end === text.length + 3) return withSo[0];
  return undefined;
}

function bareRecord(ref: ReturnType<typeof parseReferences>[number]): DocumentRecord {
  const decoded = decodeIssuers(ref.issuer, { joint: /LT$/.test(ref.type ?? ''), party: ref.form === 'party' });
  const rec: DocumentRecord = {
    key: ref.key,
    decoded,
    status: 'unknown',
    relations: [],
    mentions: [],
    conflicts: [],
    full: ref.full,
    descriptive: false,
  };
  if (ref.type) (rec.type = ref.type), (rec.typeName = TYPE_NAMES[ref.type]);
  if (ref.number) rec.number = ref.number;
  if (ref.year !== undefined) rec.year = ref.year;
  if (ref.form === 'party' || ref.form === 'state' || ref.form === 'admin') rec.symbol = ref.key;
  if (decoded.length) rec.issuer = decoded.length > 1 ? decoded.map((d) => d.name).join(', ') : decoded[0].organs ? decoded[0].name : decoded[0].name;
  return rec;
}

function bareRecordOfSite(site: ReferenceSite): DocumentRecord {
  return bareRecord({ ...site, start: site.startOffset, end: site.endOffset });
}

/** The lookup form of a key, for callers comparing keys (law titles case-insensitively). */
export function sameDocument(a: string, b: string): boolean {
  return lookupKey(a) === lookupKey(b);
}
