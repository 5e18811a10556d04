/**
 * How a corpus document is named to the writer: its title, and for a Word, PDF or HTML
 * source indexed as a text rendition, the original file and page ("Báo cáo … (bao-cao.pdf,
 * tr. 2)"). One place, so hovers, search results and citations say the same.
 */
import type { DocumentAnalysis } from '../core/analyze';
import { originLabel } from '../core/origin';

/** "Title (bao-cao.pdf, tr. 2)" for a converted source at `line`; the title (or URI) otherwise. */
export function sourceName(doc: { uri: string; summary: Pick<DocumentAnalysis, 'title' | 'origin'> }, line?: number): string {
  const title = doc.summary.title || doc.uri;
  const origin = doc.summary.origin;
  return origin ? `${title} (${originLabel(origin, line)})` : title;
}

/** "bao-cao.pdf, tr. 2", or undefined for a plain text source. */
export function originOf(analysis: Pick<DocumentAnalysis, 'origin'>, line?: number): string | undefined {
  return analysis.origin ? originLabel(analysis.origin, line) : undefined;
}
