/**
 * Where a converted corpus document comes from. A Word, PDF or HTML source is indexed as a
 * text rendition (host/formats/rendition.ts) that every editor can open; the rendition's
 * analysis carries this record so hovers, search results and citations can name the
 * original file and page ("bao-cao.pdf, tr. 2").
 *
 * Plain data, persisted with the analysis.
 */

export interface SourceOrigin {
  /** Absolute path of the original file. */
  file: string;
  /** Its file: URI (a client may offer to open the original). */
  uri: string;
  /** Its file name, as shown to the writer. */
  name: string;
  /** Its format: docx, doc, pdf, html. */
  format: string;
  /** PDF: the 0-based rendition line of each page's marker, page 1 first. */
  pageLines?: number[];
}

/** The 1-based page a rendition line is on, when the source has pages. */
export function pageAt(origin: SourceOrigin, line: number): number | undefined {
  const marks = origin.pageLines;
  if (!marks || marks.length === 0) return undefined;
  let lo = 0;
  let hi = marks.length - 1;
  let page = 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (marks[mid] <= line) {
      page = mid + 1;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return page;
}

/** "bao-cao.pdf, tr. 2" (the page when known), or the file name. */
export function originLabel(origin: SourceOrigin, line?: number): string {
  const page = line === undefined ? undefined : pageAt(origin, line);
  return page === undefined ? origin.name : `${origin.name}, tr. ${page}`;
}

/** The page marker line of a rendition ("[tr. 2]"): a line of its own, left out of the article body as noise. */
export function pageMarker(page: number): string {
  return `[tr. ${page}]`;
}
