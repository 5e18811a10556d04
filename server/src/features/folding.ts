/**
 * Folding ranges (textDocument/foldingRange) by section: every outline section that spans
 * more than one line folds from its heading line to its last non-blank line. Uses the same
 * outline as documentSymbol (and the same Markdown mode), so the two always agree.
 */
import { LineIndex } from '../core/lineIndex';
import type { FeatureContext, OpenDocument } from './context';
import { outline, OutlineNode, OutlineOptions } from './outline';

export interface FoldRange {
  /** 0-based lines. */
  startLine: number;
  endLine: number;
}

export function foldingRanges(ctx: FeatureContext, doc: OpenDocument, options: OutlineOptions): FoldRange[] {
  const lines = new LineIndex(doc.text);
  const out: FoldRange[] = [];
  const seen = new Set<number>();
  const visit = (nodes: OutlineNode[]) => {
    for (const n of nodes) {
      const startLine = lines.positionAt(n.selectionRange.start).line;
      const endLine = lines.positionAt(n.range.end).line;
      if (endLine > startLine && !seen.has(startLine)) {
        seen.add(startLine);
        out.push({ startLine, endLine });
      }
      visit(n.children);
    }
  };
  visit(outline(ctx, doc, options));
  return out.sort((a, b) => a.startLine - b.startLine);
}
