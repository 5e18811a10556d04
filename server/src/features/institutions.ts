/**
 * Facts about the institutions a brief names, shared by the outdated-name check, hover and
 * completion so that they never disagree: the bundled register (server/data/institutions),
 * the names found in a brief, the brief's date, and the status and history of one body.
 */
import registerData from '../../data/institutions/institutions.json';
import { briefDate, BriefDate } from '../core/briefDate';
import { Institution, InstitutionMatcher, InstitutionRegister, NameMatch, readRegister } from '../core/institutions';
import type { OpenDocument } from './context';
import { escapeMarkdown } from './markdown';

export interface Institutions {
  register: InstitutionRegister;
  matcher: InstitutionMatcher;
}

let bundled: Institutions | undefined;

/** The register shipped with the product, read once. */
export function bundledInstitutions(): Institutions {
  if (!bundled) {
    const { register } = readRegister(registerData, 'server/data/institutions/institutions.json');
    bundled = { register, matcher: new InstitutionMatcher(register) };
  }
  return bundled;
}

/** Today as YYYY-MM-DD (UTC), for briefs without a date; features may read the clock, core may not. */
export function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}

const namesCache = new WeakMap<OpenDocument, NameMatch[]>();

/** Institution names in an open brief (cached per analysed version). */
export function institutionNames(doc: OpenDocument): NameMatch[] {
  let names = namesCache.get(doc);
  if (!names) {
    names = bundledInstitutions().matcher.find(doc.text);
    namesCache.set(doc, names);
  }
  return names;
}

export function institutionAt(doc: OpenDocument, offset: number): NameMatch | undefined {
  return institutionNames(doc).find((n) => n.start <= offset && offset <= n.end);
}

export function dateOfBrief(doc: OpenDocument, today = todayIso()): BriefDate {
  return briefDate(doc.text, today);
}

/** 2025-03-01 → 1/3/2025, as Vietnamese text writes dates. */
export function viDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${+d}/${+m}/${y}`;
}

/** The names that stand in for a retired body on a date, or [] when none can be named. */
export function successorNames(register: InstitutionRegister, body: Institution, date: string): string[] {
  return register.successorsAt(body.id, date).map((s) => s.body.names.full);
}

/** Hover text: the body's names, its status on the brief's date, what it came from and became. */
export function institutionMarkdown(body: Institution, date: BriefDate): string {
  const { register } = bundledInstitutions();
  const out: string[] = [];
  const acronyms = body.names.acronyms.length ? ` (${body.names.acronyms.map(escapeMarkdown).join(', ')})` : '';
  out.push(`**${escapeMarkdown(body.names.full)}**${acronyms}${body.names.en ? ` — *${escapeMarkdown(body.names.en)}*` : ''}`);
  const parent = body.parent ? register.get(body.parent) : undefined;
  const when = date.source === 'today' ? 'today' : `on this brief's date, ${viDate(date.date)}`;
  if (body.validTo && date.date >= body.validTo) {
    const next = register.successorsAt(body.id, date.date);
    const now = next.length ? ` Now: ${next.map((s) => `**${escapeMarkdown(s.body.names.full)}**${s.moved === 'part' ? ' (in part)' : ''}`).join(', ')}.` : '';
    out.push('', `⚠ No longer exists ${when}: ended ${viDate(body.validTo)}.${now}`);
  } else if (body.validFrom && date.date < body.validFrom) {
    out.push('', `Not yet in existence ${when}: from ${viDate(body.validFrom)}.`);
  } else {
    out.push('', `Current ${when}${parent ? `; part of ${escapeMarkdown(parent.names.full)}` : ''}.`);
  }
  const history: string[] = [];
  for (const p of register.predecessorsOf(body.id)) {
    history.push(`- ${viDate(p.succession.date)}: ${escapeMarkdown(p.body.names.full)} — ${escapeMarkdown(p.succession.what ?? (p.succession.moved === 'whole' ? 'became part of it' : 'part of it moved here'))}`);
  }
  if (body.validFrom && !history.length) history.push(`- ${viDate(body.validFrom)}: established`);
  for (const s of body.successors) {
    const to = register.get(s.id);
    history.push(`- ${viDate(s.date)}: ${escapeMarkdown(s.what ?? `became ${to?.names.full ?? s.id}`)}${to ? ` → ${escapeMarkdown(to.names.full)}` : ''}${s.moved === 'part' ? ' (in part)' : ''}`);
  }
  if (body.validTo && !body.successors.length) history.push(`- ${viDate(body.validTo)}: ended`);
  if (history.length) out.push('', 'History:', ...history);
  if (body.note) out.push('', escapeMarkdown(body.note));
  const sources = body.sources.map((id) => register.sources[id]).filter((s) => s !== undefined);
  // plain text, not links: hovers make only the server's own file: links active
  if (sources.length) out.push('', 'Sources:', ...sources.map((s) => `- ${escapeMarkdown(s.title)} \`${s.url.replace(/`/g, '')}\``));
  return out.join('\n');
}
