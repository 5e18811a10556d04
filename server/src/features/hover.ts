/**
 * Hover: on an acronym, what it stands for (Vietnamese, English) and where each meaning
 * comes from; on a long form, its acronym. Document references are handled by
 * referenceHover.ts; institution names and acronyms (status and history) by institutionHover.ts.
 */
import type { FeatureContext, OffsetRange, OpenDocument } from './context';
import { siteAt } from './context';
import { acronymInfo, AcronymInfo, distinctMeanings, isKnown } from './acronymInfo';
import { escapeMarkdown, plural, sourceLink } from './markdown';
import { cardOfSite } from './documentCard';
import { sourceName } from './sourceName';
import { referenceMarkdown } from './referenceHover';
import { longFormAt } from './longForms';
import { quoteHover } from './quoteHover';
import { institutionHover } from './institutionHover';

export interface HoverResult {
  markdown: string;
  range: OffsetRange;
}

export function hover(ctx: FeatureContext, doc: OpenDocument, offset: number): HoverResult | undefined {
  const a = doc.analysis;
  const ref = siteAt(a.references, offset);
  if (ref) return { markdown: referenceMarkdown(cardOfSite(ctx, doc, ref)), range: { start: ref.startOffset, end: ref.endOffset } };
  const institution = institutionHover(ctx, doc, offset);
  if (institution) return institution;
  const site = siteAt(a.uses, offset) ?? siteAt(a.definitions, offset);
  if (site) {
    const info = acronymInfo(ctx, doc, site.key, site.acronym);
    if (!isKnown(info)) return undefined;
    return { markdown: acronymMarkdown(info), range: { start: site.startOffset, end: site.endOffset } };
  }
  const long = longFormAt(ctx, doc, offset);
  if (long) {
    const info = acronymInfo(ctx, doc, long.key, long.acronym);
    return { markdown: `${escapeMarkdown(long.text)} is abbreviated **${escapeMarkdown(long.acronym)}**\n\n${acronymMarkdown(info)}`, range: long.range };
  }
  return quoteHover(ctx, doc, offset);
}

/** " — ⚠ ended 1/3/2025, now Bộ Tài chính" for a retired body in a glossary. */
function retiredNote(g: { validTo?: string; successor?: string }): string {
  if (!g.validTo && !g.successor) return '';
  const [y, m, d] = (g.validTo ?? '').split('-');
  const ended = g.validTo ? `ended ${+d}/${+m}/${y}` : 'no longer current';
  return ` — ⚠ ${ended}${g.successor ? `, now ${escapeMarkdown(g.successor)}` : ''}`;
}

export function acronymMarkdown(info: AcronymInfo): string {
  const out: string[] = [];
  const meanings = distinctMeanings(info);
  out.push(`**${escapeMarkdown(info.acronym)}** — ${meanings.map(escapeMarkdown).join(' · ')}`);
  const english = [...new Set(info.glossary.map((g) => g.en).filter((e): e is string => !!e))];
  if (english.length) out.push('', `*${english.map(escapeMarkdown).join(' · ')}*`);
  const sources: string[] = [];
  for (const d of info.inBrief) sources.push(`- defined in this document, line ${d.range.start.line + 1}: ${escapeMarkdown(d.longForm)}`);
  for (const g of info.glossary) {
    const where = g.bundled ? 'bundled glossary' : `glossary ${escapeMarkdown(g.origin)}`;
    sources.push(`- ${where}: ${escapeMarkdown(g.vi)}${g.en ? ` (${escapeMarkdown(g.en)})` : ''}${g.note ? ` — ${escapeMarkdown(g.note)}` : ''}${retiredNote(g)}`);
  }
  for (const c of info.corpus) {
    const first = c.first;
    sources.push(
      `- corpus, ${plural(c.documents, 'document', 'documents')}: ${escapeMarkdown(c.longForm)} — first in ${sourceLink(sourceName(first.doc, first.def.longRange.start.line), first.doc.uri, first.def.longRange.start)}`,
    );
  }
  if (info.attributions > 0 && info.corpus.length === 0) sources.push(`- used as a source tag in ${plural(info.attributions, 'place', 'places')} of the corpus (attribution, not a definition)`);
  out.push('', ...sources);
  if (meanings.length > 1) out.push('', `⚠ Sources define ${escapeMarkdown(info.acronym)} in ${meanings.length} different ways.`);
  return out.join('\n');
}
