/**
 * The corpus as the features see it: per-document analyses plus the lookup tables built
 * from them (acronym definitions by key, long forms, references by key) and the search
 * backend. Built once per corpus version and updated per changed file: `add` and `remove`
 * touch only that file's entries, never rescan the rest.
 *
 * Memory: a document keeps its summary (title, dates, origin) and its sites (the tables are
 * made of them) as objects; the rest of its analysis (body spans, uses) is bytes in the
 * AnalysisStore, decoded when `analysis` is read (analysisCodec.ts says which part is which).
 *
 * A warm start restores the documents and defers their sites (`deferSites`,
 * deferredSites.ts): the host files them in slices once the server is ready, and any read
 * of a table or of a document's sites files the rest first.
 */
import { AcronymSite, DefinitionSite, DocumentAnalysis, ReferenceSite } from './analyze';
import { AnalysisSites, AnalysisSummary, joinAnalysis, NO_SITES, splitAnalysis } from './analysisCodec';
import { AnalysisStore, RecordSource } from './analysisStore';
import { longFormKey } from './acronyms';
import { CorpusIndex as ReferenceIndex, lookupKey, ResolverIndex } from './resolve';
import { DocumentRegister } from './documents/register';
import type { DocReference } from './references';
import { pullFrom, pushTo } from './listMap';
import { PendingSites, TableFigures } from './deferredSites';

export interface CorpusDocument {
  readonly id: number;
  readonly uri: string;
  /** File system path, for re-reading the text on demand (snippets, source passages). */
  readonly path: string;
  readonly bytes: number;
  /** Updated in place when a file is touched without a change of content. */
  mtimeMs: number;
  /** Title, dates, source, origin: what features read of any document, kept in memory. */
  readonly summary: AnalysisSummary;
  /** Definitions, attributions, references, relations (the lookup tables hold these objects). */
  readonly sites: AnalysisSites;
  /** The whole analysis, assembled on demand (its body is decoded from the store): read `summary` where it suffices. */
  readonly analysis: DocumentAnalysis;
}

/** A document as the host hands it over: its path, key and analysis. */
export interface NewDocument {
  uri: string;
  path: string;
  bytes: number;
  mtimeMs: number;
  analysis: DocumentAnalysis;
}

/** A persisted document (warm start): everything but the rest, which stays in its record. */
export interface RestoredDocument {
  uri: string;
  path: string;
  bytes: number;
  mtimeMs: number;
  summary: AnalysisSummary;
  sites?: AnalysisSites;
}

class StoredDocument implements CorpusDocument {
  constructor(
    readonly id: number,
    readonly uri: string,
    readonly path: string,
    readonly bytes: number,
    public mtimeMs: number,
    readonly summary: AnalysisSummary,
    /** Its sites as filed (NO_SITES until a warm start's deferred sites are filed). */
    public filed: AnalysisSites,
    private readonly index: CorpusIndex,
  ) {}

  get sites(): AnalysisSites {
    this.index.fileAll();
    return this.filed;
  }

  get analysis(): DocumentAnalysis {
    return joinAnalysis(this.uri, this.summary, this.sites, this.index.store.rest(this.id));
  }
}

export interface DefinitionHit {
  doc: CorpusDocument;
  def: DefinitionSite;
}

export interface AttributionHit {
  doc: CorpusDocument;
  site: AcronymSite;
}

export interface ReferenceHit {
  doc: CorpusDocument;
  ref: ReferenceSite;
}

export interface CorpusStats {
  documents: number;
  bytes: number;
  acronyms: number;
  references: number;
}

export class CorpusIndex {
  private readonly byUri = new Map<string, CorpusDocument>();
  /** By id (ids are dense: an array costs a tenth of a Map). */
  private readonly byId: (CorpusDocument | undefined)[] = [];
  private readonly definitions = new Map<string, DefinitionHit[]>();
  private readonly attributions = new Map<string, AttributionHit[]>();
  private readonly longForms = new Map<string, DefinitionHit[]>();
  private readonly references = new Map<string, ReferenceHit[]>();
  private nextId = 1;
  private totalBytes = 0;
  /** Full references of the whole corpus for the resolver, kept per file. */
  private readonly referenceIndex = new ResolverIndex();
  /** One record per cited document, kept per file with the resolver's index. */
  private readonly documentRegister = new DocumentRegister();
  /** A warm start's sites not filed yet, from entry `next` on, and the figures the status reports meanwhile. */
  private pending: { sites: PendingSites; next: number; figures: TableFigures } | undefined;
  /** The documents' analyses beyond summary and sites, as bytes. */
  readonly store: AnalysisStore;

  /** Told when a persisted record cannot be read (the host logs it and re-indexes that file). */
  onUnreadable: (doc: CorpusDocument, reason: string) => void = () => undefined;

  constructor(options: { cacheSize?: number } = {}) {
    this.store = new AnalysisStore(options.cacheSize, (id, reason) => {
      const doc = this.byId[id];
      if (doc) this.onUnreadable(doc, reason);
    });
  }

  /**
   * Adds or replaces a document; returns its id (stable for the index's lifetime). `id`
   * restores a persisted document under the id its persisted search postings use; ids only
   * grow, so it must be above every id given so far.
   */
  add(entry: NewDocument, id?: number): CorpusDocument {
    this.fileAll();
    const { summary, sites, rest } = splitAnalysis(entry.analysis);
    const doc = this.file({ ...entry, summary, sites }, id);
    this.store.put(doc.id, rest);
    return doc;
  }

  /**
   * The same as `add` for an analysis that arrives split (summary, sites) with its rest
   * already encoded (analysisCodec.ts `encodeRest`): what an index worker posts in a cold build.
   */
  addEncoded(entry: RestoredDocument, rest: Uint8Array): CorpusDocument {
    this.fileAll();
    const doc = this.file(entry);
    this.store.putEncoded(doc.id, rest);
    return doc;
  }

  /** Restores a persisted document whose rest is row `row` of `source` (the cache file). */
  restore(entry: RestoredDocument, id: number, source: RecordSource, row: number): CorpusDocument {
    const doc = this.file(entry, id);
    this.store.attach(doc.id, source, row);
    return doc;
  }

  /**
   * The documents just restored get their sites later: the host files them in slices
   * (`fileSome`) once the server is ready; every read of a table or of a document's sites
   * files what is left first. `figures` are what the status reports until then (written with
   * the sites: deferredSites.ts).
   */
  deferSites(sites: PendingSites, figures: TableFigures): void {
    this.fileAll();
    this.pending = { sites, next: 0, figures };
  }

  /** Files up to `count` deferred documents' sites; true once none is left. */
  fileSome(count: number): boolean {
    const p = this.pending;
    if (!p) return true;
    const end = Math.min(p.sites.count, p.next + count);
    while (p.next < end) {
      const i = p.next++;
      const doc = this.byId[p.sites.id(i)];
      if (!(doc instanceof StoredDocument)) continue;
      let sites: AnalysisSites;
      try {
        sites = p.sites.sites(i);
      } catch (e) {
        // The section passed its checksum, so this is a bug, not damage: the file is indexed again.
        this.onUnreadable(doc, (e as Error).message);
        continue;
      }
      doc.filed = sites;
      this.fileSites(doc, sites);
    }
    if (p.next < p.sites.count) return false;
    this.pending = undefined;
    p.sites.release();
    return true;
  }

  /** Files every deferred site now (a read that needs the tables). */
  fileAll(): void {
    if (this.pending) this.fileSome(Infinity);
  }

  /** True while a warm start's sites wait to be filed. */
  get deferred(): boolean {
    return this.pending !== undefined;
  }

  private file(entry: RestoredDocument, id?: number): CorpusDocument {
    if (id !== undefined && id < this.nextId) throw new Error(`document id ${id} is not above the last id given (${this.nextId - 1})`);
    this.remove(entry.uri);
    const doc = new StoredDocument(id ?? this.nextId, entry.uri, entry.path, entry.bytes, entry.mtimeMs, entry.summary, entry.sites ?? NO_SITES, this);
    this.nextId = doc.id + 1;
    this.byUri.set(doc.uri, doc);
    this.byId[doc.id] = doc;
    this.totalBytes += doc.bytes;
    this.fileSites(doc, doc.filed);
    return doc;
  }

  /** Files a document's sites in the lookup tables and the register. */
  private fileSites(doc: StoredDocument, a: AnalysisSites): void {
    if (a === NO_SITES) return;
    for (const def of a.definitions) {
      pushTo(this.definitions, def.key, { doc, def });
      pushTo(this.longForms, longFormKey(def.longForm), { doc, def });
    }
    for (const site of a.attributions) pushTo(this.attributions, site.key, { doc, site });
    for (const ref of a.references) pushTo(this.references, lookupKey(ref.key), { doc, ref });
    const full = a.references.filter((r) => r.full).map(asDocReference);
    if (full.length) this.referenceIndex.add(doc.uri, full);
    this.documentRegister.add(doc.uri, doc.summary.title, { references: a.references, relations: a.relations, origin: doc.summary.origin });
  }

  remove(uri: string): CorpusDocument | undefined {
    const doc = this.byUri.get(uri);
    if (!doc) return undefined;
    this.fileAll();
    this.byUri.delete(uri);
    this.byId[doc.id] = undefined;
    this.totalBytes -= doc.bytes;
    this.store.delete(doc.id);
    const a = doc.sites;
    if (a === NO_SITES) return doc;
    for (const def of a.definitions) {
      pullFrom(this.definitions, def.key, (v) => v.doc === doc);
      pullFrom(this.longForms, longFormKey(def.longForm), (v) => v.doc === doc);
    }
    for (const site of a.attributions) pullFrom(this.attributions, site.key, (v) => v.doc === doc);
    for (const ref of a.references) pullFrom(this.references, lookupKey(ref.key), (v) => v.doc === doc);
    this.referenceIndex.remove(doc.uri);
    this.documentRegister.remove(doc.uri, a);
    return doc;
  }

  /** One record per cited document, kept per file with the resolver's index. */
  get register(): DocumentRegister {
    this.fileAll();
    return this.documentRegister;
  }

  get(uri: string): CorpusDocument | undefined {
    return this.byUri.get(uri);
  }

  getById(id: number): CorpusDocument | undefined {
    return this.byId[id];
  }

  documents(): IterableIterator<CorpusDocument> {
    return this.byUri.values();
  }

  definitionsOf(key: string): readonly DefinitionHit[] {
    this.fileAll();
    return this.definitions.get(key) ?? [];
  }

  attributionsOf(key: string): readonly AttributionHit[] {
    this.fileAll();
    return this.attributions.get(key) ?? [];
  }

  definitionsByLongForm(longForm: string): readonly DefinitionHit[] {
    return this.definitionsByLongFormKey(longFormKey(longForm));
  }

  /** The same by a key `longFormKey` made (a caller that tries many spans keys them once). */
  definitionsByLongFormKey(key: string): readonly DefinitionHit[] {
    this.fileAll();
    return this.longForms.get(key) ?? [];
  }

  /** Mentions written with this key (law titles compared as the resolver compares them). */
  referencesOf(key: string): readonly ReferenceHit[] {
    this.fileAll();
    return this.references.get(lookupKey(key)) ?? [];
  }

  /** Every reference key (as its first mention writes it) with its mentions (for symbols, completion, the glossary). */
  *referenceKeys(): IterableIterator<[string, readonly ReferenceHit[]]> {
    this.fileAll();
    for (const hits of this.references.values()) yield [hits[0].ref.key, hits];
  }

  /** The resolver's view of the corpus: every full reference, by document URI. */
  resolverIndex(): ReferenceIndex {
    this.fileAll();
    return this.referenceIndex;
  }

  /** The acronym keys the corpus defines (while sites wait, the persisted list: the same keys in the same order, so the status at ready needs no table). */
  acronymKeys(): IterableIterator<string> {
    if (this.pending) return this.pending.figures.acronymKeys.values();
    return this.definitions.keys();
  }

  stats(): CorpusStats {
    const p = this.pending;
    if (p) return { documents: this.byUri.size, bytes: this.totalBytes, acronyms: p.figures.acronymKeys.length, references: p.figures.references };
    let fullRefs = 0;
    for (const hits of this.references.values()) if (hits.length > 0 && hits[0].ref.full) fullRefs++;
    return { documents: this.byUri.size, bytes: this.totalBytes, acronyms: this.definitions.size, references: fullRefs };
  }
}


/** A stored reference site in the parser's shape (the resolver works on parser records). */
export function asDocReference(r: ReferenceSite): DocReference {
  return { ...r, start: r.startOffset, end: r.endOffset };
}
