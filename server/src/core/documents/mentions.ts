/**
 * One file's contribution to the document register: for each reference, the document it
 * names (its own key, or the full form it resolves to in the same file), the facts its
 * sentence gives, and the relations the file states. Plain data, computed once per file by
 * analyze.ts, so the persisted cache carries it.
 */
import type { DocReference } from '../references';
import { needsResolution, resolveReference } from '../resolve';
import { mentionFacts, MentionFacts } from './facts';
import { mentionRelations, RelationFact } from './relations';

export interface FileDocuments {
  /** For each reference, in order: the key of the document it names. */
  keys: string[];
  facts: MentionFacts[];
  relations: RelationFact[];
}

export function fileDocuments(text: string, refs: readonly DocReference[]): FileDocuments {
  const keys = refs.map((r) => {
    if (!needsResolution(r)) return r.key;
    // Only the file itself: the corpus may change, the file's own full form does not.
    const res = resolveReference(r, { references: refs }, []);
    return res.confidence === 'same-document' && res.candidates.length === 1 ? res.candidates[0].key : r.key;
  });
  const facts = mentionFacts(text, refs);
  return { keys, facts, relations: mentionRelations(text, refs, facts, keys) };
}
