/**
 * Owns the corpus for one server: which folders, the glossaries, indexing them into a
 * CorpusIndex and a search backend, and the status the client sees. Indexing yields to the
 * event loop between files so requests on open briefs keep being answered meanwhile.
 *
 * Node I/O lives here and in files.ts; the analysis itself is core code.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyzeDocument } from '../core/analyze';
import { CorpusIndex, CorpusDocument } from '../core/corpusIndex';
import { Glossary, GlossaryEntry, parseGlossary } from '../core/glossary';
import { EmbeddedSearchIndex, SearchBackend } from '../core/search';
import type { StatusResult } from '../../../shared/protocol';
import { CorpusFileInfo, discoverCorpusFiles, readCorpusFile } from './files';

export interface CorpusConfig {
  /** Absolute folders to index (bundled seeds included when enabled). */
  roots: string[];
  /** Absolute paths of user glossary files. */
  glossaryPaths: string[];
}

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
}

export interface IndexProgress {
  done: number;
  total: number;
}

export class CorpusService {
  corpus = new CorpusIndex();
  search: SearchBackend = new EmbeddedSearchIndex();
  glossary: Glossary;
  private state: StatusResult['state'] = 'indexing';
  private indexMs = 0;
  private generation = 0;
  private readyWaiters: Array<() => void> = [];
  private readonly textCache = new Map<number, string>();

  constructor(
    private readonly log: Logger,
    private readonly onStatus: (status: StatusResult) => void = () => {},
    private readonly onProgress: (p: IndexProgress) => void = () => {},
  ) {
    this.glossary = new Glossary(bundledEntries());
  }

  status(): StatusResult {
    const s = this.corpus.stats();
    return {
      state: this.state,
      documents: s.documents,
      bytes: s.bytes,
      acronyms: new Set([...this.corpus.acronymKeys(), ...this.glossary.entries.map((e) => e.acronym)]).size,
      references: s.references,
      indexMs: this.indexMs,
      fromCache: false,
    };
  }

  whenReady(): Promise<void> {
    if (this.state === 'ready') return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /** (Re)builds everything for a configuration; a newer call supersedes a running one. */
  async configure(config: CorpusConfig): Promise<void> {
    const generation = ++this.generation;
    const started = Date.now();
    this.setState('indexing');
    this.glossary = new Glossary([...bundledEntries(), ...this.loadUserGlossaries(config.glossaryPaths)]);
    const files = await discoverCorpusFiles(config.roots, (m) => this.log.warn(m));
    if (generation !== this.generation) return;
    const corpus = new CorpusIndex();
    const search = new EmbeddedSearchIndex();
    // Keep answering from the previous index until the new one is complete.
    let done = 0;
    for (const info of files) {
      if (generation !== this.generation) return;
      await this.indexFile(info, corpus, search);
      done++;
      if (done % 25 === 0 || done === files.length) {
        this.onProgress({ done, total: files.length });
        await yieldToEventLoop();
      }
    }
    if (generation !== this.generation) return;
    this.corpus = corpus;
    this.search = search;
    this.textCache.clear();
    this.indexMs = Date.now() - started;
    this.log.info(`Indexed ${files.length} corpus files (${this.corpus.stats().bytes} bytes) in ${this.indexMs} ms from ${config.roots.join(', ') || 'no folder'}`);
    this.setState('ready');
  }

  /** The file text of a corpus document, read on demand (whole corpus texts are not kept in memory). */
  readText = (docId: number): string => {
    const cached = this.textCache.get(docId);
    if (cached !== undefined) return cached;
    const doc = this.corpus.getById(docId);
    if (!doc) return '';
    let text = '';
    try {
      text = fs.readFileSync(doc.path, 'utf8').replace(/^\uFEFF/, '');
    } catch (e) {
      this.log.warn(`Cannot re-read ${doc.path}: ${(e as Error).message}`);
    }
    if (this.textCache.size >= 64) this.textCache.delete(this.textCache.keys().next().value as number);
    this.textCache.set(docId, text);
    return text;
  };

  private async indexFile(info: CorpusFileInfo, corpus: CorpusIndex, search: SearchBackend): Promise<CorpusDocument | undefined> {
    const decoded = await readCorpusFile(info);
    if ('skip' in decoded) {
      this.log.warn(decoded.skip);
      return undefined;
    }
    if (decoded.warning) this.log.warn(decoded.warning);
    try {
      const uri = fileUri(info.path);
      const analysis = analyzeDocument(uri, decoded.text, { kind: 'corpus', known: this.glossary.expansions });
      const doc = corpus.add({ uri, path: info.path, bytes: info.size, mtimeMs: info.mtimeMs, analysis });
      search.add({ id: doc.id, text: decoded.text, titleSpan: titleSpanOf(analysis), body: analysis.body });
      return doc;
    } catch (e) {
      this.log.warn(`Skipped ${info.path}: analysis failed (${(e as Error).message})`);
      return undefined;
    }
  }

  private loadUserGlossaries(paths: readonly string[]): GlossaryEntry[] {
    const entries: GlossaryEntry[] = [];
    for (const p of paths) {
      let json: string;
      try {
        json = fs.readFileSync(p, 'utf8');
      } catch (e) {
        this.log.warn(`Cannot read glossary ${p}: ${(e as Error).message}`);
        continue;
      }
      const parsed = parseGlossary(json, p);
      parsed.problems.forEach((m) => this.log.warn(m));
      entries.push(...parsed.entries);
    }
    return entries;
  }

  private setState(state: StatusResult['state']): void {
    this.state = state;
    if (state === 'ready') {
      const waiters = this.readyWaiters;
      this.readyWaiters = [];
      waiters.forEach((w) => w());
    }
    this.onStatus(this.status());
  }
}

/**
 * The bundled glossary ships as dist/glossary.json beside the server bundle (esbuild.js
 * copies it), so go-to-definition can open the entry in a real file.
 */
export const BUNDLED_GLOSSARY = path.join(__dirname, 'glossary.json');
let bundledCache: GlossaryEntry[] | undefined;

function bundledEntries(): GlossaryEntry[] {
  if (!bundledCache) {
    const parsed = parseGlossary(fs.readFileSync(BUNDLED_GLOSSARY, 'utf8'), BUNDLED_GLOSSARY);
    bundledCache = parsed.entries.map((e) => ({ ...e, bundled: true }));
  }
  return bundledCache;
}

function titleSpanOf(a: CorpusDocument['analysis']): { start: number; end: number } | undefined {
  return a.body.length > 0 && a.title ? a.body[0] : undefined;
}

export function fileUri(p: string): string {
  return pathToFileURL(p).href;
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
