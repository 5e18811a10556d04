import { DocumentCardResult, DocumentParams, DocumentRequest } from '../../../../shared/protocol';
import { documentCardAt, documentCardForKey, DocumentCard } from '../../features/documentCard';
import type { LspFeature } from '../env';

/** `policyLens/document`: the document card at a position of an open brief, or for a key. */
export const documentFeature: LspFeature = {
  capabilities: {},
  register(env) {
    env.connection.onRequest(DocumentRequest, (params: DocumentParams): DocumentCardResult | null => {
      const briefs = env.briefs().map((b) => b.open);
      if (params && typeof (params as { key?: unknown }).key === 'string') {
        const card = documentCardForKey(env.context(), (params as { key: string }).key, briefs);
        return card ? toResult(card) : null;
      }
      const p = params as { textDocument?: { uri?: unknown }; position?: { line?: unknown; character?: unknown } } | undefined;
      if (typeof p?.textDocument?.uri !== 'string' || typeof p.position?.line !== 'number' || typeof p.position.character !== 'number') return null;
      const d = env.brief(p.textDocument.uri);
      if (!d) return null;
      const at = documentCardAt(env.context(), d.open, d.text.offsetAt({ line: p.position.line, character: p.position.character }), briefs);
      return at ? toResult(at.card) : null;
    });
  },
};

/** The card as the contract has it (core ranges are already line/character, like LSP's). */
function toResult(card: DocumentCard): DocumentCardResult {
  const { issuers: _issuers, ...rest } = card;
  return rest;
}
