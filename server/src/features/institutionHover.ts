/**
 * Hover on an institution's name or acronym: its names, its status on the brief's date and
 * its history (what it came from, what it became), from the dated register. On an acronym
 * the glossary and corpus meanings follow, as the plain acronym hover gives them.
 */
import { acronymInfo, isKnown } from './acronymInfo';
import type { FeatureContext, OpenDocument } from './context';
import { siteAt } from './context';
import { acronymMarkdown, HoverResult } from './hover';
import { dateOfBrief, institutionAt, institutionMarkdown } from './institutions';

export function institutionHover(ctx: FeatureContext, doc: OpenDocument, offset: number, today?: string): HoverResult | undefined {
  const name = institutionAt(doc, offset);
  if (!name) return undefined;
  const parts = [institutionMarkdown(name.body, dateOfBrief(doc, today))];
  const site = siteAt(doc.analysis.uses, offset) ?? siteAt(doc.analysis.definitions, offset);
  if (site && site.startOffset >= name.start && site.endOffset <= name.end) {
    const info = acronymInfo(ctx, doc, site.key, site.acronym);
    if (isKnown(info)) parts.push(acronymMarkdown(info));
  }
  return { markdown: parts.join('\n\n---\n\n'), range: { start: name.start, end: name.end } };
}
