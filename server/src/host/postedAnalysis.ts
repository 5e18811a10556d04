/**
 * A file's analysis as an index worker posts it to the server in a sharded build, already
 * split the way the corpus index keeps it (core/analysisCodec.ts): the summary and the sites
 * as plain objects (the server keeps the sites' objects in its lookup tables), the rest (body
 * spans, acronym uses) as the bytes the analysis store keeps. So the server deserializes only
 * what it keeps and never re-encodes the rest, and the analysis objects it would have thrown
 * away after filing are never made on its thread (QUALITY.md, "Hover while a cold build runs").
 *
 * `CorpusIndex.addEncoded` files it; the filed state is the one `CorpusIndex.add` gives for
 * the whole analysis (a test compares them).
 */
import { AnalysisSites, AnalysisSummary, CompactSummary, encodeRest, splitAnalysis } from '../core/analysisCodec';
import type { RestoredDocument } from '../core/corpusIndex';
import type { FileResult, IndexedFile } from './indexFile';

/** The summary's fields as plain data (a CompactSummary does not survive a structured clone). */
type SummaryFields = Pick<AnalysisSummary, 'kind' | 'title' | 'titleRange' | 'lineCount' | 'date' | 'isoDate' | 'source' | 'origin'>;

export interface PostedFile extends Omit<IndexedFile, 'analysis' | 'text'> {
  summary: SummaryFields;
  /** None when the document has no sites (most corpus pages). */
  sites?: AnalysisSites;
  /** The rest, encoded (analysisCodec.ts `encodeRest`). */
  rest: Uint8Array;
}

/** What an index worker posts for one file of a chunk. */
export type ChunkResult = FileResult | PostedFile;

export function isPosted(r: ChunkResult): r is PostedFile {
  return 'rest' in r;
}

/** The worker's side: an analysed file, split and encoded for the post (its text stays with the worker). */
export function toPosted(r: IndexedFile): PostedFile {
  const { summary, sites, rest } = splitAnalysis(r.analysis);
  const fields: SummaryFields = { kind: summary.kind, title: summary.title, titleRange: summary.titleRange, lineCount: summary.lineCount };
  if (summary.date !== undefined) fields.date = summary.date;
  if (summary.isoDate !== undefined) fields.isoDate = summary.isoDate;
  if (summary.source !== undefined) fields.source = summary.source;
  if (summary.origin !== undefined) fields.origin = summary.origin;
  const posted: PostedFile = { path: r.path, uri: r.uri, size: r.size, mtimeMs: r.mtimeMs, hash: r.hash, readMs: r.readMs, summary: fields, rest: encodeRest(rest) };
  if (sites) posted.sites = sites;
  if (r.warning !== undefined) posted.warning = r.warning;
  return posted;
}

/**
 * Puts the rests of a chunk's posted files in one buffer, each file's rest a view of it: a
 * structured clone writes a buffer once for all its views, so the server gets one buffer and
 * a view per file instead of a buffer each.
 */
export function shareRests(files: readonly ChunkResult[]): void {
  let length = 0;
  for (const f of files) if (isPosted(f)) length += f.rest.length;
  const all = new Uint8Array(length);
  let at = 0;
  for (const f of files) {
    if (!isPosted(f)) continue;
    all.set(f.rest, at);
    f.rest = all.subarray(at, at + f.rest.length);
    at += f.rest.length;
  }
}

/** The server's side: the document as the corpus index files it (its rest is `posted.rest`). */
export function postedDocument(p: PostedFile): RestoredDocument {
  const s = p.summary;
  return { uri: p.uri, path: p.path, bytes: p.size, mtimeMs: p.mtimeMs, summary: new CompactSummary(s.kind, s.title, s.titleRange, s.lineCount, s), sites: p.sites };
}
