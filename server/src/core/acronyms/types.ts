/**
 * What the acronym miner produces: definitions, attributions (source tags) and uses.
 */
export type DefinitionPattern = 'long(ACR)' | 'ACR(long)' | 'ACR-long';

export interface AcronymDefinition {
  /** The short form as written (a numeric qualifier the long form carries is kept: "SOM 2"). */
  acronym: string;
  /** acronymKey(acronym). */
  key: string;
  /** Offsets of the acronym in the text. */
  start: number;
  end: number;
  /** The long form as written (case, diacritics and inner punctuation kept). */
  longForm: string;
  longStart: number;
  longEnd: number;
  pattern: DefinitionPattern;
  /** How the long form was found (for diagnostics and confidence display). */
  method?: MatchMethod;
}

/** letters: syllable initials; known: a glossary expansion; quoted / head / name: name-phrase rules. */
export type MatchMethod = 'letters' | 'known' | 'quoted' | 'head' | 'name';

export type AttributionKind = 'lead' | 'source' | 'photo' | 'credit';

export interface AcronymAttribution {
  acronym: string;
  key: string;
  start: number;
  end: number;
  /** lead: tag opening an article or paragraph; source: "(Nguồn: …)"; photo: "(Ảnh: …)"; credit: byline. */
  kind: AttributionKind;
}

export interface AcronymUse {
  acronym: string;
  key: string;
  start: number;
  end: number;
}

export interface MinedAcronyms {
  definitions: AcronymDefinition[];
  attributions: AcronymAttribution[];
}
