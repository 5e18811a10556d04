/**
 * Hover on a document reference: the document card in a few lines (citation; issuer,
 * dates, subject; status with its source; relations), how the mention was resolved, the
 * most relevant citing documents then "and N more" (find references lists them all), and
 * every candidate when a short form is ambiguous.
 */
import type { CardAt, CardRelation, DocumentCard } from './documentCard';
import { formatIsoDate } from './documentCard';
import { escapeMarkdown, plural, sourceLink } from './markdown';

const MAX_LINKS = 3;
const MAX_RELATIONS = 3;

const STATUS_TEXT: Record<DocumentCard['status'], string> = {
  'in-force': 'in force',
  replaced: 'replaced',
  repealed: 'repealed (no longer in force)',
  amended: 'amended',
  unknown: 'unknown',
};

const RELATION_TEXT: Record<CardRelation['kind'], string> = {
  replaces: 'replaces',
  replacedBy: 'replaced by',
  repeals: 'repeals',
  repealedBy: 'repealed by',
  amends: 'amends',
  amendedBy: 'amended by',
  guides: 'guides',
  guidedBy: 'guided by',
};

export function referenceMarkdown(at: CardAt): string {
  const { card, site, info } = at;
  const out: string[] = [];
  const unresolved = card.confidence === 'mentions-only';
  out.push(`**${escapeMarkdown(unresolved && !card.subject && !card.issuer ? site.text : card.citation)}**`);
  const facts = [
    `\`${card.key}\``,
    card.issuer && `issuer: ${escapeMarkdown(card.issuer)}`,
    card.signed && `signed ${formatIsoDate(card.signed)}`,
    card.effective && `in effect from ${formatIsoDate(card.effective)}`,
    how(card, info.site.full),
  ].filter(Boolean);
  out.push('', facts.join(' · '));
  if (card.status !== 'unknown') {
    const src = card.statusSource ? ` (${sourceLink('source', card.statusSource.uri, card.statusSource.range.start)})` : '';
    const successor = card.relations.find((r) => r.kind === 'replacedBy' || r.kind === 'repealedBy');
    out.push('', `Status: **${STATUS_TEXT[card.status]}**${successor ? ` by \`${successor.key}\`` : ''}${src}`);
  }
  if (card.relations.length) {
    const shown = card.relations.slice(0, MAX_RELATIONS).map((r) => `${RELATION_TEXT[r.kind]} \`${r.key}\`${r.date ? ` (${formatIsoDate(r.date)})` : ''} ${sourceLink('↗', r.source.uri, r.source.range.start)}`);
    const more = card.relations.length > MAX_RELATIONS ? ` and ${card.relations.length - MAX_RELATIONS} more` : '';
    out.push('', `Relations: ${shown.join('; ')}${more}`);
  }
  if (card.conflicts) {
    out.push('', `⚠ Sources disagree on ${Object.entries(card.conflicts).map(([f, vs]) => `${f} (also ${vs.slice(0, 2).map((v) => `«${escapeMarkdown(f === 'signed' || f === 'effective' ? formatIsoDate(v) : v)}»`).join(', ')})`).join('; ')}`);
  }
  if (card.otherEditions?.length) out.push('', otherEditions(card));
  if (unresolved) out.push('', `No full form of this reference in this document or the corpus${describeParsed(at)}.`);
  out.push('', citedIn(card));
  if (info.resolution.confidence === 'ambiguous' && info.candidates.length > 1) {
    out.push('', `⚠ «${escapeMarkdown(site.text)}» could be ${plural(info.candidates.length, 'document', 'documents')}; the most likely is listed first:`);
    for (const c of info.candidates) out.push(`- \`${c.key}\` — ${escapeMarkdown(c.citation)} (${c.corpusDocuments ? `cited in ${plural(c.corpusDocuments, 'corpus document', 'corpus documents')}` : 'not cited in the corpus'})`);
  }
  return out.join('\n');
}

function how(card: DocumentCard, full: boolean): string {
  if (full) return 'full reference';
  switch (card.confidence) {
    case 'same-document':
      return 'resolved from its full form in this document';
    case 'unique-in-corpus':
      return 'resolved from the corpus (the only match)';
    case 'ambiguous':
      return 'resolved from the corpus (most likely of several)';
    case 'descriptive':
      return 'no symbol known: identified from descriptive mentions (issuer and subject), not from a full form';
    default:
      return 'unresolved';
  }
}

/** Documents that share the key (Party numbering starts again each term): the writer should check which one is meant. */
function otherEditions(card: DocumentCard): string {
  const list = card.otherEditions!.slice(0, MAX_LINKS).map((e) => {
    const what = [e.signed && formatIsoDate(e.signed), e.issuer, e.subject && `«${e.subject}»`].filter(Boolean).join(', ');
    return `${escapeMarkdown(what || plural(e.mentions, 'mention', 'mentions'))} ${sourceLink('↗', e.source.uri, e.source.range.start)}`;
  });
  return `⚠ \`${card.key}\` also names another document in the corpus (told apart by date): ${list.join('; ')}. Add the date to say which.`;
}

function citedIn(card: DocumentCard): string {
  const n = card.citedBy.length;
  if (n === 0) return 'not cited in the corpus';
  const links = card.citedBy.slice(0, MAX_LINKS).map((m) => sourceLink(m.title, m.uri, m.range.start));
  const more = n > MAX_LINKS ? ` and ${n - MAX_LINKS} more (Find All References lists them)` : '';
  return `cited in ${plural(n, 'corpus document', 'corpus documents')}: ${links.join(', ')}${more}`;
}

function describeParsed(at: CardAt): string {
  const s = at.site;
  const parts = [s.typeName, s.number && `số ${s.number}`, s.year && `năm ${s.year}`, s.term && `khóa ${s.term}`].filter(Boolean);
  return parts.length ? ` (read as ${escapeMarkdown(parts.join(' '))})` : '';
}

/** d/m/yyyy of an ISO date (kept for callers of the old hover module). */
export function formatDate(iso: string): string {
  return formatIsoDate(iso);
}
