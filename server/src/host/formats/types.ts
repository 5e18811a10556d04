/**
 * What a converter gives back: the readable content of a Word, PDF or HTML file as plain
 * blocks in reading order. Plain data, so it crosses nothing but a function call (the
 * converters run in the index workers; the rendition is written there too).
 */

export type BlockKind = 'heading' | 'paragraph' | 'row' | 'footnote' | 'comment';

export interface Block {
  kind: BlockKind;
  text: string;
  /** 1-based page (PDF only). */
  page?: number;
}

export interface Extracted {
  blocks: Block[];
  /** Pages in the file (PDF only). */
  pages?: number;
  /** The page's own address (HTML: canonical link or og:url), cited as the source. */
  sourceUrl?: string;
  /** Notes for the log that do not stop indexing (e.g. an HTML charset that was guessed). */
  notes?: string[];
}

/** A file a converter refuses: `reason` completes "<file> skipped: …" in the log. */
export class UnreadableFile extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'UnreadableFile';
  }
}

/**
 * By name, not `instanceof`: each converter is its own bundle (dist/formats/*.js) with its
 * own copy of the class.
 */
export function unreadableReason(e: unknown): string | undefined {
  return e instanceof Error && e.name === 'UnreadableFile' ? (e as UnreadableFile).reason ?? e.message : undefined;
}

/** One format's converter: bytes in, blocks out. */
export type Converter = (bytes: Uint8Array) => Promise<Extracted>;
