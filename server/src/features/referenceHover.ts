/**
 * Hover on a document reference: the full citation, how it was resolved, the corpus
 * documents that cite it, and every candidate when the short form is ambiguous.
 */
import type { ReferenceInfo, CandidateInfo } from './referenceInfo';
import { escapeMarkdown, plural, sourceLink } from './markdown';
import { sourceName } from './sourceName';

const MAX_LINKS = 5;

export function referenceMarkdown(info: ReferenceInfo): string {
  const { site, resolution, candidates } = info;
  const out: string[] = [];
  if (candidates.length === 0) {
    out.push(`**${escapeMarkdown(site.text)}**`);
    out.push('', `No full form of this reference in this document or the corpus${describeParsed(info)}.`);
    return out.join('\n');
  }
  const best = candidates[0];
  out.push(`**${escapeMarkdown(best.citation)}**`);
  out.push('', `\`${best.key}\`${best.isoDate ? ` · ${formatDate(best.isoDate)}` : ''} · ${how(info)}`);
  out.push('', citedIn(best));
  if (resolution.confidence === 'ambiguous' && candidates.length > 1) {
    out.push('', `⚠ «${escapeMarkdown(site.text)}» could be ${plural(candidates.length, 'document', 'documents')}; the most likely is listed first:`);
    for (const c of candidates) out.push(`- \`${c.key}\` — ${escapeMarkdown(c.citation)} (${citedIn(c)})`);
  }
  return out.join('\n');
}

function how(info: ReferenceInfo): string {
  if (info.site.full) return 'full reference';
  switch (info.resolution.confidence) {
    case 'same-document':
      return 'resolved from its full form in this document';
    case 'unique-in-corpus':
      return 'resolved from the corpus (the only match)';
    case 'ambiguous':
      return 'resolved from the corpus (most likely of several)';
    default:
      return 'unresolved';
  }
}

function citedIn(c: CandidateInfo): string {
  if (c.corpusDocuments === 0) return 'not cited in the corpus';
  const links = c.corpusMentions.slice(0, MAX_LINKS).map((m) => sourceLink(sourceName(m.doc, m.ref.range.start.line), m.doc.uri, m.ref.range.start));
  const more = c.corpusDocuments > MAX_LINKS ? ` and ${c.corpusDocuments - MAX_LINKS} more` : '';
  return `cited in ${plural(c.corpusDocuments, 'corpus document', 'corpus documents')}: ${links.join(', ')}${more}`;
}

function describeParsed(info: ReferenceInfo): string {
  const s = info.site;
  const parts = [s.typeName, s.number && `số ${s.number}`, s.year && `năm ${s.year}`, s.term && `khóa ${s.term}`].filter(Boolean);
  return parts.length ? ` (read as ${escapeMarkdown(parts.join(' '))})` : '';
}

export function formatDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${Number(m[3])}/${Number(m[2])}/${m[1]}` : iso;
}
