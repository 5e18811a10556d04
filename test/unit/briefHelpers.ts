/**
 * Shared by the "writing a brief" unit tests: a feature context over the five seeds (analysed
 * as corpus, with the bundled glossary and an embedded search index), briefs opened from text,
 * and cursor markers in test text.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyzeDocument } from '../../server/src/core/analyze';
import { CorpusIndex } from '../../server/src/core/corpusIndex';
import { Glossary, parseGlossary } from '../../server/src/core/glossary';
import { EmbeddedSearchIndex } from '../../server/src/core/search';
import type { FeatureContext, OpenDocument } from '../../server/src/features/context';
import type { SearchSource } from '../../server/src/features/search';

export const REPO = path.resolve(__dirname, '..', '..');
export const SEEDS = path.join(REPO, 'seeds');

export function bundledGlossary(): Glossary {
  return new Glossary(parseGlossary(fs.readFileSync(path.join(REPO, 'server', 'data', 'glossary.json'), 'utf8'), 'bundled').entries);
}

export interface SeedWorld {
  ctx: FeatureContext;
  search: SearchSource;
}

let world: SeedWorld | undefined;

/** The seeds as corpus, indexed once per test run. */
export function seedWorld(): SeedWorld {
  if (world) return world;
  const glossary = bundledGlossary();
  const corpus = new CorpusIndex();
  const index = new EmbeddedSearchIndex();
  const texts = new Map<number, string>();
  for (const name of fs.readdirSync(SEEDS).sort()) {
    const file = path.join(SEEDS, name);
    const text = fs.readFileSync(file, 'utf8');
    const uri = pathToFileURL(file).href;
    const analysis = analyzeDocument(uri, text, { kind: 'corpus', known: glossary.expansions });
    const doc = corpus.add({ uri, path: file, bytes: Buffer.byteLength(text), mtimeMs: 0, analysis });
    texts.set(doc.id, text);
    index.add({ id: doc.id, text, titleSpan: analysis.body[0], body: analysis.body });
  }
  const ctx: FeatureContext = { corpus, glossary };
  world = { ctx, search: { search: index, corpus, readText: (id) => texts.get(id) ?? '' } };
  return world;
}

/** An empty corpus with the bundled glossary (or none). */
export function emptyContext(withGlossary = true): FeatureContext {
  return { corpus: new CorpusIndex(), glossary: withGlossary ? bundledGlossary() : new Glossary([]) };
}

export function openBrief(text: string, uri = 'file:///tmp/brief.md', ctx?: FeatureContext): OpenDocument {
  return { uri, text, analysis: analyzeDocument(uri, text, { kind: 'brief', known: ctx?.glossary.expansions }) };
}

/** Text with one cursor marker `|` (or `{|}` when the text needs a literal bar): the text without it and the offset. */
export function cursor(marked: string): { text: string; offset: number } {
  const marker = marked.includes('{|}') ? '{|}' : '|';
  const offset = marked.indexOf(marker);
  if (offset < 0) throw new Error(`no cursor marker in ${JSON.stringify(marked)}`);
  return { text: marked.slice(0, offset) + marked.slice(offset + marker.length), offset };
}

/** The text after applying offset edits (applied from the end so offsets stay valid). */
export function applyEdits(text: string, edits: ReadonlyArray<{ range: { start: number; end: number }; newText: string }>): string {
  return [...edits].sort((a, b) => b.range.start - a.range.start).reduce((t, e) => t.slice(0, e.range.start) + e.newText + t.slice(e.range.end), text);
}
