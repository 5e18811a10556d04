/**
 * The document register: one record per cited document (canonical key), merged from every
 * mention in the corpus (and, on request, the open briefs).
 *
 * Kept per file: `add` files a document's mentions and relations under their document keys,
 * `remove` takes them out again; nothing is rebuilt from the whole corpus. A record is
 * merged on demand from its own mentions only (O(mentions of that key)):
 *  - each field (issuer, dates, subject, term) is voted: the complete form that most mentions
 *    share wins (a mention whose value is a prefix of a longer one supports it), the others
 *    stay as variants and the field is flagged as conflicting;
 *  - the issuer decoded from the symbol (issuerCodes.ts) comes first; prose names the organ
 *    (Bộ Chính trị for /TW) or the place (UBND tỉnh X);
 *  - the status follows from relations and expiry statements, each with its source passage;
 *    without one it is 'unknown'.
 */
import type { DocumentAnalysis, ReferenceSite, RelationSite, TextRange } from '../analyze';
import { TYPE_NAMES } from '../references';
import { lookupKey } from '../resolve';
import { foldKey } from '../text';
import { editionFor, editionOfFile, splitEditions } from './editions';
import { decodeIssuers, DecodedIssuer } from './issuerCodes';
import { pullFrom, pushTo } from '../listMap';

export interface SourceRef {
  uri: string;
  range: TextRange;
}

export interface Fact<T> {
  value: T;
  sources: SourceRef[];
  /** Other values some mentions give, with their sources (a conflict to check). */
  variants?: Array<{ value: T; sources: SourceRef[] }>;
}

export type DocumentStatus = 'in-force' | 'replaced' | 'repealed' | 'amended' | 'unknown';
export type CardRelationKind = 'replaces' | 'replacedBy' | 'repeals' | 'repealedBy' | 'amends' | 'amendedBy' | 'guides' | 'guidedBy';

export interface RecordRelation {
  kind: CardRelationKind;
  key: string;
  date?: string;
  source: SourceRef;
}

export interface RegisterMention {
  uri: string;
  title: string;
  /** The original file and page, when the citing document is a converted Word/PDF/HTML source. */
  origin?: DocumentAnalysis['origin'];
  site: ReferenceSite;
}

export interface DocumentRecord {
  key: string;
  type?: string;
  typeName?: string;
  number?: string;
  year?: number;
  /** The symbol (số, ký hiệu) when the key is one ("30/2020/NĐ-CP", "34-NQ/TW"). */
  symbol?: string;
  /** Bodies decoded from the symbol. */
  decoded: DecodedIssuer[];
  /** Issuing body named in prose, voted. */
  issuerNamed?: Fact<string>;
  /** The issuer to show: the decoded body, made precise by the prose (organ, place). */
  issuer?: string;
  signed?: Fact<string>;
  effective?: Fact<string>;
  subject?: Fact<string>;
  term?: Fact<string>;
  signer?: Fact<string>;
  status: DocumentStatus;
  statusSource?: SourceRef;
  relations: RecordRelation[];
  mentions: RegisterMention[];
  /** Fields on which mentions disagree. */
  conflicts: string[];
  /** True when at least one mention identifies the document on its own (a symbol, a law title with year). */
  full: boolean;
  /** True when the facts come from descriptive mentions ("Ban Bí thư đã ban hành Chỉ thị 12 về …"). */
  descriptive: boolean;
  /**
   * Other documents with the same key (Party numbering starts again each term: "49-NQ/TW"
   * of 1961 and of 2005), told apart by the dates their mentions give (editions.ts).
   */
  otherEditions?: EditionSummary[];
}

/** What the card says of another document that shares the key. */
export interface EditionSummary {
  signed?: string;
  issuer?: string;
  subject?: string;
  mentions: number;
  source: SourceRef;
}

interface FiledRelation {
  uri: string;
  site: RelationSite;
}

/** Extra mentions from open briefs, merged into a record on request. */
export interface ExtraSource {
  uri: string;
  title: string;
  analysis: Pick<DocumentAnalysis, 'references' | 'relations'>;
}

export class DocumentRegister {
  private readonly mentions = new Map<string, RegisterMention[]>();
  private readonly relations = new Map<string, FiledRelation[]>();

  add(uri: string, title: string, analysis: Pick<DocumentAnalysis, 'references' | 'relations' | 'origin'>): void {
    const origin = analysis.origin;
    for (const site of analysis.references) pushTo(this.mentions, lookupKey(site.document ?? site.key), origin ? { uri, title, origin, site } : { uri, title, site });
    for (const site of analysis.relations ?? []) {
      pushTo(this.relations, lookupKey(site.from), { uri, site });
      if (lookupKey(site.to) !== lookupKey(site.from)) pushTo(this.relations, lookupKey(site.to), { uri, site });
    }
  }

  remove(uri: string, analysis: Pick<DocumentAnalysis, 'references' | 'relations'>): void {
    for (const site of analysis.references) pullFrom(this.mentions, lookupKey(site.document ?? site.key), (v) => v.uri === uri);
    for (const site of analysis.relations ?? []) {
      pullFrom(this.relations, lookupKey(site.from), (v) => v.uri === uri);
      pullFrom(this.relations, lookupKey(site.to), (v) => v.uri === uri);
    }
  }

  /** Every mention of the document K (full forms, and short forms that resolve to K in their own file). */
  mentionsOf(key: string): readonly RegisterMention[] {
    return this.mentions.get(lookupKey(key)) ?? [];
  }

  has(key: string): boolean {
    return this.mentions.has(lookupKey(key)) || this.relations.has(lookupKey(key));
  }

  keys(): IterableIterator<string> {
    return this.mentions.keys();
  }

  get size(): number {
    return this.mentions.size;
  }

  /**
   * The merged record of K, or undefined when nothing mentions it. `aliases` are short keys
   * that name K in the corpus ("NĐ 171" when 171/2013/NĐ-CP is the only decree 171): the
   * relations stated with them count for K ("46/2016/NĐ-CP thay thế Nghị định 171").
   * `year`: the year the asking mention gives, to pick among documents sharing a key.
   */
  record(key: string, extra: readonly ExtraSource[] = [], aliases: readonly string[] = [], year?: number): DocumentRecord | undefined {
    const k = lookupKey(key);
    const self = new Set([k, ...aliases.map(lookupKey)]);
    const mentions = [...(this.mentions.get(k) ?? [])];
    const rels: FiledRelation[] = [];
    for (const s of self) for (const r of this.relations.get(s) ?? []) if (!rels.includes(r)) rels.push(r);
    for (const e of extra) {
      for (const site of e.analysis.references) if (lookupKey(site.document ?? site.key) === k) mentions.push({ uri: e.uri, title: e.title, site });
      for (const site of e.analysis.relations ?? []) if (self.has(lookupKey(site.from)) || self.has(lookupKey(site.to))) rels.push({ uri: e.uri, site });
    }
    if (mentions.length === 0 && rels.length === 0) return undefined;
    const ownRels = rels.filter((r) => !(self.has(lookupKey(r.site.from)) && self.has(lookupKey(r.site.to))));
    const editions = splitEditions(mentions, /\b(?:19|20)\d\d\b/.test(k));
    if (editions.length < 2) return mergeRecord(key, mentions, ownRels, self);
    const chosen = editionFor(editions, year);
    const rec = mergeRecord(key, chosen.mentions, ownRels.filter((r) => editionOfFile(editions, r.uri) === chosen), self);
    rec.otherEditions = editions.filter((e) => e !== chosen).map((e) => summarize(mergeRecord(key, e.mentions, [], self)));
    return rec;
  }
}

// ---------------------------------------------------------------------------------------
// Merging

function summarize(rec: DocumentRecord): EditionSummary {
  const out: EditionSummary = { mentions: rec.mentions.length, source: rec.signed?.sources[0] ?? { uri: rec.mentions[0].uri, range: rec.mentions[0].site.facts?.passage ?? rec.mentions[0].site.range } };
  if (rec.signed) out.signed = rec.signed.value;
  if (rec.issuer) out.issuer = rec.issuer;
  if (rec.subject) out.subject = rec.subject.value;
  return out;
}

function mergeRecord(key: string, mentions: RegisterMention[], rels: FiledRelation[], self: ReadonlySet<string>): DocumentRecord {
  const k = lookupKey(key);
  // The mention that best shows the document's identity: a full form first.
  const id = mentions.find((m) => m.site.full && lookupKey(m.site.key) === k) ?? mentions.find((m) => m.site.full) ?? mentions[0];
  const site = id?.site;
  const rec: DocumentRecord = {
    key: site && lookupKey(site.key) === k ? site.key : key,
    decoded: [],
    status: 'unknown',
    relations: [],
    mentions,
    conflicts: [],
    full: mentions.some((m) => m.site.full),
    descriptive: false,
  };
  if (site?.type) {
    rec.type = site.type;
    rec.typeName = TYPE_NAMES[site.type] ?? site.typeName;
  }
  if (site?.number) rec.number = site.number;
  if (site?.year !== undefined) rec.year = site.year;
  if (site && (site.form === 'party' || site.form === 'state' || site.form === 'admin') && lookupKey(site.key) === k) rec.symbol = site.key;
  if (site?.issuer) {
    rec.decoded = decodeIssuers(site.issuer, { joint: /LT$/.test(site.type ?? '') || /^(?:TTLT|NQLT|QĐLT|CTLT)/.test(symbolType(site.key)), party: site.form === 'party' });
  }

  const src = (m: RegisterMention): SourceRef => ({ uri: m.uri, range: m.site.facts?.passage ?? m.site.range });
  const vote = (get: (m: RegisterMention) => string | undefined, norm: (v: string) => string, name: string, prefixSupports: boolean): Fact<string> | undefined => {
    const values = mentions.flatMap((m) => {
      const v = get(m);
      return v ? [{ v, m }] : [];
    });
    if (values.length === 0) return undefined;
    const groups = new Map<string, { value: string; sources: SourceRef[]; count: number }>();
    for (const { v, m } of values) {
      const g = groups.get(norm(v));
      if (g) g.count++, g.sources.push(src(m));
      else groups.set(norm(v), { value: v, sources: [src(m)], count: 1 });
    }
    const list = [...groups.entries()];
    // The form most mentions share: a mention supports every value its own starts with
    // ("công tác văn thư" is shared by "công tác văn thư, trình …").
    const support = (n: string) => list.reduce((s, [o, g]) => s + (o === n || (prefixSupports && o.startsWith(n + ' ')) ? g.count : 0), 0);
    // Ties: for a subject the shorter form (what a mention adds past the citation is usually
    // prose); for a name the longer (it says more: "UBND TP.HCM" over "UBND").
    list.sort(([, ga], [, gb]) => support(norm(gb.value)) - support(norm(ga.value)) || (prefixSupports ? ga.value.length - gb.value.length : gb.value.length - ga.value.length));
    const [winKey, win] = list[0];
    const fact: Fact<string> = { value: win.value, sources: win.sources };
    // Longer forms that start with the winner say the same and more prose, not a conflict.
    const variants = list.slice(1).filter(([n]) => !(prefixSupports && (n.startsWith(winKey + ' ') || winKey.startsWith(n + ' '))));
    if (variants.length) {
      fact.variants = variants.map(([, g]) => ({ value: g.value, sources: g.sources }));
      rec.conflicts.push(name);
    }
    return fact;
  };
  const fold = (v: string) => foldKey(v).replace(/[^a-z0-9 ]/g, ' ').replace(/\s+/g, ' ').trim();
  const same = (v: string) => v;

  rec.issuerNamed = vote((m) => m.site.facts?.issuer ?? m.site.issuerName, fold, 'issuer', false);
  rec.signed = vote((m) => m.site.facts?.signed ?? m.site.isoDate, same, 'signed', false);
  rec.effective = vote((m) => m.site.facts?.effective, same, 'effective', false);
  rec.subject = vote((m) => m.site.facts?.subject ?? m.site.subject, fold, 'subject', true);
  rec.term = vote((m) => m.site.term ?? m.site.facts?.term, same, 'term', false);
  rec.signer = vote((m) => m.site.facts?.signer, fold, 'signer', false);
  rec.issuer = issuerToShow(rec);
  rec.descriptive = !rec.full && mentions.some((m) => !!m.site.facts?.issuer && !!(m.site.facts.subject || m.site.facts.signed));

  // Relations and status.
  const seen = new Set<string>();
  for (const r of rels) {
    const active = self.has(lookupKey(r.site.from));
    const kind = (active ? r.site.kind : PASSIVE_OF[r.site.kind]) as CardRelationKind;
    const other = active ? r.site.to : r.site.from;
    const id = `${kind} ${lookupKey(other)}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const rel: RecordRelation = { kind, key: other, source: { uri: r.uri, range: r.site.range } };
    if (r.site.date) rel.date = r.site.date;
    rec.relations.push(rel);
  }
  // "guides L Hải quan" (a title alone, in one article) says no more than "guides L Hải quan
  // 2014" (the dated version, in another): keep the dated one.
  const dated = new Set(rec.relations.flatMap((r) => {
    const m = /^(L .+) (?:19|20)\d\d$/u.exec(r.key);
    return m ? [`${r.kind} ${foldKey(m[1])}`] : [];
  }));
  rec.relations = rec.relations.filter((r) => !(r.key.startsWith('L ') && dated.has(`${r.kind} ${foldKey(r.key)}`)));
  rec.relations.sort((a, b) => RELATION_ORDER.indexOf(a.kind) - RELATION_ORDER.indexOf(b.kind) || (b.date ?? '').localeCompare(a.date ?? ''));
  const by = (kind: CardRelationKind) => rec.relations.find((r) => r.kind === kind);
  const expired = mentions.find((m) => m.site.facts?.expired);
  const replaced = by('replacedBy');
  const repealed = by('repealedBy');
  const amended = by('amendedBy');
  if (replaced) (rec.status = 'replaced'), (rec.statusSource = replaced.source);
  else if (repealed) (rec.status = 'repealed'), (rec.statusSource = repealed.source);
  else if (expired) (rec.status = 'repealed'), (rec.statusSource = src(expired));
  else if (amended) (rec.status = 'amended'), (rec.statusSource = amended.source);
  else if (rec.effective) (rec.status = 'in-force'), (rec.statusSource = rec.effective.sources[0]);
  return rec;
}

const PASSIVE_OF: Record<string, CardRelationKind> = { replaces: 'replacedBy', repeals: 'repealedBy', amends: 'amendedBy', guides: 'guidedBy' };
const RELATION_ORDER: CardRelationKind[] = ['replacedBy', 'repealedBy', 'amendedBy', 'replaces', 'repeals', 'amends', 'guidedBy', 'guides'];

function symbolType(key: string): string {
  const m = /^[^/]+\/(?:\d{4}\/)?([^-/]+)/.exec(key);
  return m ? m[1] : '';
}

/**
 * The decoded body, made precise by what the prose names: the organ of a Party code
 * ("Bộ Chính trị" for /TW), the place of a local body ("UBND tỉnh Quảng Ninh"). Without a
 * decodable symbol the prose name stands alone.
 */
function issuerToShow(rec: DocumentRecord): string | undefined {
  const named = rec.issuerNamed?.value;
  if (rec.decoded.length === 0) return named;
  if (rec.decoded.length > 1) return rec.decoded.map((d) => d.name).join(', ');
  const d = rec.decoded[0];
  if (d.organs) {
    const organ = named && d.organs.find((o) => foldKey(named).includes(foldKey(o)));
    if (organ) return organ;
    return d.name;
  }
  // A local body: the prose names the place ("UBND TP.HCM", "HĐND tỉnh Quảng Nam").
  if (d.place && named && namesPlace(named)) return named;
  return d.name;
}

/** Does a local body's name say where ("UBND tỉnh Hà Tĩnh", "UBND TP.HCM"), not just which kind ("UBND tỉnh")? */
function namesPlace(named: string): boolean {
  const rest = named
    .replace(/^(?:UBND|HĐND|Ủy\s+ban\s+nhân\s+dân|Uỷ\s+ban\s+nhân\s+dân|Hội\s+đồng\s+nhân\s+dân|Tỉnh\s+ủy|Thành\s+ủy)\s*/iu, '')
    .replace(/^(?:tỉnh|thành\s+phố|TP\.?|huyện|quận|thị\s+xã|xã|phường)\s*/iu, '');
  return /^\p{Lu}/u.test(rest);
}

