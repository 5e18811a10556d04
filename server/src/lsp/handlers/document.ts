import { DocumentCardResult, DocumentParams, DocumentRequest } from '../../../../shared/protocol';
import { documentCardAt, documentCardForKey, DocumentCard } from '../../features/documentCard';
import type { Positions } from '../convert';
import type { LspFeature } from '../env';

/** `policyLens/document`: the document card at a position of an open brief, or for a key. */
export const documentFeature: LspFeature = {
  capabilities: {},
  register(env) {
    env.connection.onRequest(DocumentRequest, (params: DocumentParams): DocumentCardResult | null => {
      const briefs = env.briefs().map((b) => b.open);
      if (params && typeof (params as { key?: unknown }).key === 'string') {
        const year = (params as { year?: unknown }).year;
        const card = documentCardForKey(env.context(), (params as { key: string }).key, briefs, typeof year === 'number' && Number.isInteger(year) ? year : undefined);
        return card ? toResult(card, env.positions) : null;
      }
      const p = params as { textDocument?: { uri?: unknown }; position?: { line?: unknown; character?: unknown } } | undefined;
      if (typeof p?.textDocument?.uri !== 'string' || typeof p.position?.line !== 'number' || typeof p.position.character !== 'number') return null;
      const d = env.brief(p.textDocument.uri);
      if (!d) return null;
      const at = documentCardAt(env.context(), d.open, env.positions.offsetAt(d.text, { line: p.position.line, character: p.position.character }), briefs);
      return at ? toResult(at.card, env.positions) : null;
    });
  },
};

/** The card as the contract has it: core ranges are UTF-16 line/character, given in the negotiated position encoding. */
function toResult(card: DocumentCard, positions: Positions): DocumentCardResult {
  const { issuers: _issuers, ...rest } = card;
  if (positions.encoding === 'utf-16') return rest;
  const at = <T extends { uri: string; range: DocumentCardResult['sources'][number]['range'] }>(l: T): T => ({ ...l, range: positions.textRange(l.uri, l.range) });
  return {
    ...rest,
    relations: rest.relations.map((r) => ({ ...r, source: at(r.source) })),
    sources: rest.sources.map(at),
    statusSource: rest.statusSource && at(rest.statusSource),
    citedBy: rest.citedBy?.map(at),
    otherEditions: rest.otherEditions?.map((e) => ({ ...e, source: at(e.source) })),
  };
}
