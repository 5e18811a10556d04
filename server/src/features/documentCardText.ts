/**
 * The document card as plain text lines (the CLI's `policy-lens document`): the citation,
 * then one field per line, the relations and the source passages as file:line:col.
 */
import type { DocumentCard } from './documentCard';

export function documentCardLines(card: DocumentCard, fileOf: (uri: string) => string): string[] {
  const at = (s: { uri: string; range: { start: { line: number; character: number } } }) => `${fileOf(s.uri)}:${s.range.start.line + 1}:${s.range.start.character + 1}`;
  const lines = [card.citation, ''];
  const field = (name: string, value: string | undefined) => value && lines.push(`${(name + ':').padEnd(11)} ${value}`);
  field('key', card.key);
  field('type', card.typeName ? `${card.type} (${card.typeName})` : card.type);
  field('number', card.number);
  field('symbol', card.symbol);
  field('issuer', card.issuer);
  for (const d of card.issuers ?? []) field('  decoded', `${d.code} → ${d.name} (${d.source.split(' (')[0]})`);
  field('signed', card.signed);
  field('effective', card.effective);
  field('subject', card.subject);
  field('term', card.term);
  field('status', `${card.status}${card.statusSource ? ` (${at(card.statusSource)})` : ''}`);
  field('found as', card.confidence);
  for (const e of card.otherEditions ?? []) field('also', `another document with this key: ${[e.signed, e.issuer, e.subject].filter(Boolean).join(', ') || `${e.mentions} mentions`}  ${at(e.source)}`);
  for (const [name, values] of Object.entries(card.conflicts ?? {})) field(`conflict`, `${name} also given as ${values.map((v) => `«${v}»`).join(', ')}`);
  if (card.relations.length) {
    lines.push('', 'relations:');
    for (const r of card.relations) lines.push(`  ${r.kind} ${r.key}${r.date ? ` ${r.date}` : ''}  ${at(r.source)}`);
  }
  if (card.sources.length) {
    lines.push('', `sources (${card.sources.length}):`);
    for (const s of card.sources.slice(0, 20)) lines.push(`  ${at(s)}`);
    if (card.sources.length > 20) lines.push(`  … and ${card.sources.length - 20} more`);
  }
  return lines;
}
