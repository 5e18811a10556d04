/**
 * The corpus as the features see it: per-document analyses plus the lookup tables built
 * from them (acronym definitions by key, long forms, references by key) and the search
 * backend. Built once per corpus version and updated per changed file: `add` and `remove`
 * touch only that file's entries, never rescan the rest.
 */
import { AcronymSite, DefinitionSite, DocumentAnalysis, ReferenceSite } from './analyze';
import { longFormKey } from './acronyms';
import { CorpusIndex as ReferenceIndex, lookupKey, ResolverIndex } from './resolve';
import { DocumentRegister } from './documents/register';
import type { DocReference } from './references';

export interface CorpusDocument {
  id: number;
  uri: string;
  /** File system path, for re-reading the text on demand (snippets, source passages). */
  path: string;
  bytes: number;
  mtimeMs: number;
  analysis: DocumentAnalysis;
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
  private readonly byId = new Map<number, CorpusDocument>();
  private readonly definitions = new Map<string, DefinitionHit[]>();
  private readonly attributions = new Map<string, AttributionHit[]>();
  private readonly longForms = new Map<string, DefinitionHit[]>();
  private readonly references = new Map<string, ReferenceHit[]>();
  private nextId = 1;
  private totalBytes = 0;
  /** Full references of the whole corpus for the resolver, kept per file. */
  private readonly referenceIndex = new ResolverIndex();
  /** One record per cited document, kept per file with the resolver's index. */
  readonly register = new DocumentRegister();

  /**
   * Adds or replaces a document; returns its id (stable for the index's lifetime). `id`
   * restores a persisted document under the id its persisted search postings use; ids only
   * grow, so it must be above every id given so far.
   */
  add(entry: Omit<CorpusDocument, 'id'>, id?: number): CorpusDocument {
    if (id !== undefined && id < this.nextId) throw new Error(`document id ${id} is not above the last id given (${this.nextId - 1})`);
    this.remove(entry.uri);
    const doc: CorpusDocument = { ...entry, id: id ?? this.nextId };
    this.nextId = doc.id + 1;
    this.byUri.set(doc.uri, doc);
    this.byId.set(doc.id, doc);
    this.totalBytes += doc.bytes;
    const a = doc.analysis;
    for (const def of a.definitions) {
      push(this.definitions, def.key, { doc, def });
      push(this.longForms, longFormKey(def.longForm), { doc, def });
    }
    for (const site of a.attributions) push(this.attributions, site.key, { doc, site });
    for (const ref of a.references) push(this.references, lookupKey(ref.key), { doc, ref });
    this.referenceIndex.add(doc.uri, a.references.filter((r) => r.full).map(asDocReference));
    this.register.add(doc.uri, a.title, a);
    return doc;
  }

  remove(uri: string): CorpusDocument | undefined {
    const doc = this.byUri.get(uri);
    if (!doc) return undefined;
    this.byUri.delete(uri);
    this.byId.delete(doc.id);
    this.totalBytes -= doc.bytes;
    const a = doc.analysis;
    for (const def of a.definitions) {
      pull(this.definitions, def.key, doc);
      pull(this.longForms, longFormKey(def.longForm), doc);
    }
    for (const site of a.attributions) pull(this.attributions, site.key, doc);
    for (const ref of a.references) pull(this.references, lookupKey(ref.key), doc);
    this.referenceIndex.remove(doc.uri);
    this.register.remove(doc.uri, a);
    return doc;
  }

  get(uri: string): CorpusDocument | undefined {
    return this.byUri.get(uri);
  }

  getById(id: number): CorpusDocument | undefined {
    return this.byId.get(id);
  }

  documents(): IterableIterator<CorpusDocument> {
    return this.byUri.values();
  }

  definitionsOf(key: string): readonly DefinitionHit[] {
    return this.definitions.get(key) ?? [];
  }

  attributionsOf(key: string): readonly AttributionHit[] {
    return this.attributions.get(key) ?? [];
  }

  definitionsByLongForm(longForm: string): readonly DefinitionHit[] {
    return this.longForms.get(longFormKey(longForm)) ?? [];
  }

  /** Mentions written with this key (law titles compared as the resolver compares them). */
  referencesOf(key: string): readonly ReferenceHit[] {
    return this.references.get(lookupKey(key)) ?? [];
  }

  /** Every reference key (as its first mention writes it) with its mentions (for symbols, completion, the glossary). */
  *referenceKeys(): IterableIterator<[string, readonly ReferenceHit[]]> {
    for (const hits of this.references.values()) yield [hits[0].ref.key, hits];
  }

  /** The resolver's view of the corpus: every full reference, by document URI. */
  resolverIndex(): ReferenceIndex {
    return this.referenceIndex;
  }

  acronymKeys(): IterableIterator<string> {
    return this.definitions.keys();
  }

  stats(): CorpusStats {
    let fullRefs = 0;
    for (const hits of this.references.values()) if (hits.length > 0 && hits[0].ref.full) fullRefs++;
    return { documents: this.byUri.size, bytes: this.totalBytes, acronyms: this.definitions.size, references: fullRefs };
  }
}

function push<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function pull<V extends { doc: CorpusDocument }>(map: Map<string, V[]>, key: string, doc: CorpusDocument): void {
  const list = map.get(key);
  if (!list) return;
  const kept = list.filter((v) => v.doc !== doc);
  if (kept.length) map.set(key, kept);
  else map.delete(key);
}

/** A stored reference site in the parser's shape (the resolver works on parser records). */
export function asDocReference(r: ReferenceSite): DocReference {
  return { ...r, start: r.startOffset, end: r.endOffset };
}
