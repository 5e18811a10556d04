/**
 * Cancellation inside ranking: the host passes a plain function (`SearchOptions.isCancelled`,
 * the LSP edge's token read through it) and the scorer asks it between the query's words,
 * every few documents whose positions it reads and between snippets; a search it stops
 * throws `SearchCancelled` (its scratch state is reset by the caller's `finally`).
 */

export class SearchCancelled extends Error {
  constructor() {
    super('search cancelled');
    this.name = 'SearchCancelled';
  }
}

/** Throws `SearchCancelled` when the host's callback says so. */
export function stopIfCancelled(isCancelled: (() => boolean) | undefined): void {
  if (isCancelled !== undefined && isCancelled()) throw new SearchCancelled();
}
