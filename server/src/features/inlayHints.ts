/**
 * Inlay hints after a short reference: the canonical symbol and date it resolves to
 * ("Nghị quyết 34" → "34-NQ/TW · 9/1/2023"), with a question mark when ambiguous.
 */
import type { TextRange } from '../core/analyze';
import type { FeatureContext, OpenDocument } from './context';
import { isShortForm, referenceInfo } from './referenceInfo';
import { formatDate } from './referenceHover';

export interface InlayHintResult {
  position: TextRange['end'];
  label: string;
  tooltip: string;
}

export function inlayHints(ctx: FeatureContext, doc: OpenDocument, from: number, to: number): InlayHintResult[] {
  const out: InlayHintResult[] = [];
  for (const site of doc.analysis.references) {
    if (site.endOffset < from || site.startOffset > to || !isShortForm(site)) continue;
    const info = referenceInfo(ctx, doc, site);
    const best = info.candidates[0];
    if (!best) continue;
    const ambiguous = info.resolution.confidence === 'ambiguous';
    out.push({
      position: site.range.end,
      label: ` ${best.key}${best.isoDate ? ` · ${formatDate(best.isoDate)}` : ''}${ambiguous ? ` (?${info.candidates.length})` : ''}`,
      tooltip: ambiguous ? `Most likely of ${info.candidates.length}: ${best.citation}` : best.citation,
    });
  }
  return out;
}
