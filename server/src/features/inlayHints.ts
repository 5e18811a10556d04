/**
 * Inlay hints after a reference:
 *  - a short form: the canonical symbol and date it resolves to ("Nghị quyết 34" →
 *    "34-NQ/TW · 9/1/2023"), with a question mark when ambiguous;
 *  - a superseded document (replaced or repealed, per the document register): "⚠ replaced
 *    by 30/2020/NĐ-CP", with the passage that says so in the tooltip.
 */
import type { TextRange } from '../core/analyze';
import type { FeatureContext, OpenDocument } from './context';
import { CardMemo, cardOfSite } from './documentCard';
import { isShortForm } from './referenceInfo';
import { formatDate } from './referenceHover';

export interface InlayHintResult {
  position: TextRange['end'];
  label: string;
  tooltip: string;
}

export function inlayHints(ctx: FeatureContext, doc: OpenDocument, from: number, to: number): InlayHintResult[] {
  const out: InlayHintResult[] = [];
  const memo: CardMemo = new Map();
  for (const site of doc.analysis.references) {
    if (site.endOffset < from || site.startOffset > to) continue;
    const { card, info } = cardOfSite(ctx, doc, site, [], memo);
    const labels: string[] = [];
    const tips: string[] = [];
    const best = info.candidates[0];
    if (isShortForm(site) && best) {
      const ambiguous = info.resolution.confidence === 'ambiguous';
      labels.push(`${best.key}${best.isoDate ? ` · ${formatDate(best.isoDate)}` : ''}${ambiguous ? ` (?${info.candidates.length})` : ''}`);
      tips.push(ambiguous ? `Most likely of ${info.candidates.length}: ${best.citation}` : best.citation);
    }
    if ((card.status === 'replaced' || card.status === 'repealed') && card.confidence !== 'ambiguous' && card.confidence !== 'mentions-only') {
      const successor = card.relations.find((r) => r.kind === 'replacedBy' || r.kind === 'repealedBy');
      labels.push(`⚠ ${card.status}${successor ? ` by ${successor.key}` : ''}`);
      tips.push(`${card.key} is ${card.status === 'replaced' ? 'replaced' : 'repealed'}${successor ? ` by ${successor.key}` : ''}${card.statusSource ? ` (${card.statusSource.uri}, line ${card.statusSource.range.start.line + 1})` : ''}`);
    }
    if (labels.length) out.push({ position: site.range.end, label: ` ${labels.join(' · ')}`, tooltip: tips.join('\n') });
  }
  return out;
}
