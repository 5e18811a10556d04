/**
 * A warm start's sites, filed into the corpus index's lookup tables after the server is
 * ready rather than before (corpusIndex.ts `deferSites`): the persisted index hands over the
 * documents' sites as records it decodes one at a time, and the few figures the status
 * reports of the tables (the acronym keys, the count of full references), written with them,
 * so that the status at ready needs none of the tables.
 *
 * Every read of a table (or of a document's sites) files what is left first, so no answer
 * ever comes from half the tables: filing later changes when the work is done, never what
 * a request sees.
 */
import type { AnalysisSites } from './analysisCodec';
import { lookupKey } from './resolve';

/** The sites of restored documents, in id order (the order the tables file them). */
export interface PendingSites {
  readonly count: number;
  /** The document id of entry `i`. */
  id(i: number): number;
  /** Its sites, decoded (throws with a reason when they cannot be). */
  sites(i: number): AnalysisSites;
  /** Called once every entry was filed (the host lets go of the bytes). */
  release(): void;
}

/** What the status reports of the tables: the acronym keys in filing order, and how many reference keys a full reference leads. */
export interface TableFigures {
  acronymKeys: string[];
  references: number;
}

/**
 * The figures the tables have once `sites` (in id order) are filed: the same keys in the same
 * order as the definitions table's, and the count `CorpusIndex.stats` makes of the
 * references table (a key counts when its first mention is a full reference).
 */
export function tableFiguresOf(sites: Iterable<AnalysisSites>): TableFigures {
  const keys = new Set<string>();
  const firstIsFull = new Map<string, boolean>();
  for (const s of sites) {
    for (const def of s.definitions) keys.add(def.key);
    for (const ref of s.references) {
      const key = lookupKey(ref.key);
      if (!firstIsFull.has(key)) firstIsFull.set(key, !!ref.full);
    }
  }
  let references = 0;
  for (const full of firstIsFull.values()) if (full) references++;
  return { acronymKeys: [...keys], references };
}
