/**
 * The other names a search query may mean, for acronym-aware search: the glossaries'
 * entries and the corpus's own definitions ("Đối tác chiến lược toàn diện (CSP)"), joined
 * into the lexicon the search core's `findExpansions` reads.
 */
import { acronymKey } from '../core/acronyms';
import type { CorpusIndex } from '../core/corpusIndex';
import type { Glossary } from '../core/glossary';
import { findExpansions, type AcronymLexicon, type QueryExpansion } from '../core/search';

export function acronymLexicon(glossary: Glossary | undefined, corpus: CorpusIndex): AcronymLexicon {
  return {
    longFormsOf: (acronym) => [
      ...(glossary?.lookup(acronym) ?? []).flatMap((e) => (e.en ? [e.vi, e.en] : [e.vi])),
      ...corpus.definitionsOf(acronymKey(acronym)).map((h) => h.def.longForm),
    ],
    acronymsOf: (longForm) => [...(glossary?.lookupLongForm(longForm) ?? []).map((e) => e.acronym), ...corpus.definitionsByLongForm(longForm).map((h) => h.def.acronym)],
  };
}

/** The expansions of a query (none in exact mode: the writer asked for these marks, this form). */
export function queryExpansions(query: string, exact: boolean, glossary: Glossary | undefined, corpus: CorpusIndex): QueryExpansion[] {
  return exact ? [] : findExpansions(query, acronymLexicon(glossary, corpus));
}
