/**
 * Identifiers the client contributes (package.json `contributes` uses the same strings).
 * Server-side commands (workspace/executeCommand) are in shared/protocol.ts ServerCommands.
 */
export const Commands = {
  showOutput: 'policyLens.showOutput',
  searchCorpus: 'policyLens.searchCorpus',
  searchSelection: 'policyLens.searchSelection',
  insertCitation: 'policyLens.insertCitation',
  exportGlossary: 'policyLens.exportGlossary',
  refreshGlossary: 'policyLens.refreshGlossary',
  /** Internal: open a glossary item's source passage (tree item click). */
  openGlossaryItem: 'policyLens.openGlossaryItem',
} as const;

export const Views = {
  container: 'policyLens',
  glossary: 'policyLens.glossary',
} as const;

/** Client-only settings (section `policyLens`); the server's settings are in shared/protocol.ts. */
export const ClientSettings = {
  citationStyle: 'citationStyle',
  searchMatchDiacritics: 'search.matchDiacritics',
  searchMaxResults: 'search.maxResults',
} as const;

export type CitationStyle = 'footnote' | 'inline';
