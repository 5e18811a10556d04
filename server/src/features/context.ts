/**
 * What every feature receives: the corpus index, the glossary and the analysed open
 * document. Features are functions of (context, document, position) -> plain result; they
 * know nothing of LSP.
 */
import type { DocumentAnalysis } from '../core/analyze';
import type { CorpusIndex } from '../core/corpusIndex';
import type { Glossary } from '../core/glossary';

export interface FeatureContext {
  corpus: CorpusIndex;
  glossary: Glossary;
}

export interface OpenDocument {
  uri: string;
  text: string;
  analysis: DocumentAnalysis;
}

/** A result range as original offsets into the open document's text. */
export interface OffsetRange {
  start: number;
  end: number;
}

/** The site (acronym use, definition, reference ...) whose span contains the offset. */
export function siteAt<T extends { startOffset: number; endOffset: number }>(sites: readonly T[], offset: number): T | undefined {
  return sites.find((s) => s.startOffset <= offset && offset <= s.endOffset);
}
