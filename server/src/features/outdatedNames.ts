/**
 * The `outdated-name` check: a brief names a body that had ended by the brief's date
 * (briefDate: date line, front matter, else today), and its quick fixes.
 *
 * Silent where the old name is right or already explained:
 *  - the brief is dated before the change;
 *  - inside a quotation (“…”, «…», "…"): a quotation keeps its words;
 *  - the text already says so: "(nay là …)" / "nay là" / "(cũ)" / "cũ" right after the name,
 *    "trước đây" / "trước kia" earlier in the sentence;
 *  - a former office holder: "nguyên Bộ trưởng Bộ Kế hoạch và Đầu tư";
 *  - the sentence is dated before the change: it names a year before the change year and
 *    none from it on ("Năm 2019, Bộ Kế hoạch và Đầu tư …", "Theo Tổng cục Thống kê, tháng
 *    1/2017 …" are history, not mistakes);
 *  - an issuer code inside a document symbol ("154/QĐ-BLĐTBXH"): a document keeps its number.
 *
 * Acronyms the register does not list are checked against the glossary: when every meaning
 * of an acronym is a retired body with a successor (USAID), it is warned about the same way.
 *
 * Quick fixes: replace the name with its successor (one per successor), or keep it and
 * append "(nay là <successor>)". A body with no single successor (the district level) gets
 * the warning without fixes.
 */
import type { AcronymSite } from '../core/analyze';
import type { Glossary, GlossaryEntry } from '../core/glossary';
import type { Institution, NameMatch } from '../core/institutions';
import type { CodeActionData } from './codeActions';
import type { OpenDocument } from './context';
import type { EditorialDiagnostic } from './diagnostics';
import { bundledInstitutions, dateOfBrief, institutionNames, successorNames, viDate } from './institutions';
import { findQuotations } from './quoteHover';

/** What the quick fixes need, carried in the diagnostic (plain data). */
export interface OutdatedNameData {
  kind: 'outdated-name';
  bodyId: string;
  name: string;
  successors: string[];
  changed: string;
}

export function outdatedNameDiagnostics(doc: OpenDocument, today?: string, glossary?: Glossary): EditorialDiagnostic[] {
  const names = institutionNames(doc);
  const { register } = bundledInstitutions();
  const date = dateOfBrief(doc, today);
  const retiredAcronyms = glossary ? glossaryRetired(doc, glossary, names, date.date) : [];
  // most briefs name no retired body: stop before looking for quotations
  if (retiredAcronyms.length === 0 && !names.some((n) => register.retiredOn(n.body, date.date))) return [];
  const quotes = findQuotations(doc.text, true).map((q) => q.range);
  const out: EditorialDiagnostic[] = [];
  for (const { site, entries } of retiredAcronyms) {
    const validTo = entries.map((e) => e.validTo!).sort()[0];
    if (quotes.some((q) => q.start <= site.startOffset && site.endOffset <= q.end)) continue;
    if (IN_SYMBOL.test(doc.text.slice(Math.max(0, site.startOffset - 12), site.startOffset))) continue;
    if (alreadyExplained(doc.text, site.startOffset, site.endOffset, validTo)) continue;
    const successors = [...new Set(entries.map((e) => e.successor!))];
    const data: OutdatedNameData = { kind: 'outdated-name', bodyId: `glossary:${site.key}`, name: site.acronym, successors, changed: validTo };
    const dated = date.source === 'today' ? 'today' : `the brief's date (${viDate(date.date)})`;
    const message = `${site.acronym} (${entries[0].vi}) no longer exists on ${dated}. ${viDate(validTo)}: ended (glossary). Now: ${successors.join('; ')}.`;
    out.push({ code: 'outdated-name', severity: 'warning', message, range: { start: site.startOffset, end: site.endOffset }, data });
  }
  for (const n of names) {
    const body = n.body;
    if (!body.validTo || !register.retiredOn(body, date.date)) continue;
    if (quotes.some((q) => q.start <= n.start && n.end <= q.end)) continue;
    // a document's number keeps the issuer code it was given
    if (n.form === 'acronym' && IN_SYMBOL.test(doc.text.slice(Math.max(0, n.start - 12), n.start))) continue;
    if (alreadyExplained(doc.text, n.start, n.end, body.validTo)) continue;
    if (explainedFurtherOn(doc.text, names, n)) continue;
    const successors = successorNames(register, body, date.date);
    const data: OutdatedNameData = { kind: 'outdated-name', bodyId: body.id, name: n.surface, successors, changed: body.validTo };
    out.push({ code: 'outdated-name', severity: 'warning', message: message(n.surface, body, successors, date.date, date.source), range: { start: n.start, end: n.end }, data });
  }
  return out;
}

/**
 * Acronyms the register does not know but every glossary meaning of which is a retired body
 * with a successor (USAID): an acronym with a current meaning too (TCT, also tổng công ty) is
 * left alone.
 */
function glossaryRetired(doc: OpenDocument, glossary: Glossary, names: readonly NameMatch[], date: string): Array<{ site: AcronymSite; entries: GlossaryEntry[] }> {
  const out: Array<{ site: AcronymSite; entries: GlossaryEntry[] }> = [];
  for (const site of doc.analysis.uses) {
    const entries = glossary.lookup(site.acronym);
    // every meaning retired by the brief's date, with a successor
    if (entries.length === 0 || !entries.every((e) => e.validTo && e.successor && e.validTo <= date)) continue;
    if (names.some((n) => n.start < site.endOffset && site.startOffset < n.end)) continue;
    out.push({ site, entries: [...entries] });
  }
  return out;
}

function message(surface: string, body: Institution, successors: string[], date: string, source: string): string {
  const change = body.successors[0]?.what ?? 'ended';
  const now = successors.length ? ` Now: ${successors.join('; ')}.` : '';
  const dated = source === 'today' ? 'today' : `the brief's date (${viDate(date)})`;
  return `${surface} no longer exists on ${dated}. ${viDate(body.validTo!)}: ${change}.${now}`;
}

const AFTER_EXPLAINED = /^\s*(?:\(\s*)?(?:nay\s+là|nay\s+thuộc|nay\s+đã|cũ|trước\s+đây|trước\s+kia|đã\s+giải\s+thể|đã\s+kết\s+thúc|đã\s+hợp\s+nhất|đã\s+sáp\s+nhập)(?![\p{L}\p{M}])/iu;
const BEFORE_EXPLAINED = /(?:trước\s+đây|trước\s+kia|trước\s+khi\s+(?:hợp\s+nhất|sáp\s+nhập)|khi\s+còn\s+là)(?![\p{L}\p{M}])/iu;
const FORMER_HOLDER = /(?:^|[^\p{L}\p{M}])nguyên\s+(?:[\p{L}\p{M}]+\s+){0,4}$/iu;
// a year of the sentence: "năm 2019", "tháng 5/2017", "11-2-2017", "quý II-2017"; not the year
// inside a document symbol ("81/2015/NĐ-CP" cited in a current report dates the decree, not the report)
const YEAR = /(?<!\d)(19\d\d|20\d\d)(?!\d)(?!\/\p{L})/gu;
// an issuer code inside a document symbol: "154/QĐ-BLĐTBXH", "24/2014/TT-BTNMT"
const IN_SYMBOL = /[\p{Lu}\d]+[-/]$/u;

function alreadyExplained(text: string, start: number, end: number, validTo: string): boolean {
  if (AFTER_EXPLAINED.test(text.slice(end, end + 40))) return true;
  const { from, to } = sentenceAround(text, start, end);
  const before = text.slice(from, start);
  if (BEFORE_EXPLAINED.test(before)) return true;
  if (FORMER_HOLDER.test(text.slice(Math.max(from, start - 60), start))) return true;
  const changeYear = +validTo.slice(0, 4);
  const years = [...text.slice(from, to).matchAll(YEAR)].map((m) => +m[1]);
  return years.length > 0 && years.every((y) => y < changeYear);
}

/**
 * "BKHĐT, MPI (nay là Bộ Tài chính)": a "(nay là …)" later in the sentence explains every
 * name of the same body before it, as long as no other body's name comes in between.
 */
function explainedFurtherOn(text: string, names: readonly NameMatch[], n: NameMatch): boolean {
  const { to } = sentenceAround(text, n.start, n.end);
  const rest = text.slice(n.end, Math.min(to, n.end + 120));
  const m = /\(\s*nay\s+là/iu.exec(rest);
  if (!m) return false;
  const at = n.end + m.index;
  return names.every((o) => o.start < n.end || o.start >= at || o.body.id === n.body.id);
}

/** The sentence around a span: up to the previous/next ". ", "!", "?", ";" or line break. */
function sentenceAround(text: string, start: number, end: number): { from: number; to: number } {
  let from = start;
  while (from > 0 && !isSentenceEnd(text, from - 1)) from--;
  let to = end;
  while (to < text.length && !isSentenceEnd(text, to)) to++;
  return { from, to };
}

function isSentenceEnd(text: string, i: number): boolean {
  const c = text[i];
  if (c === '\n' || c === '!' || c === '?' || c === ';') return true;
  // a full stop ends a sentence when a space follows (not "TP.HCM", "T.Ư", "5.12.2026")
  return c === '.' && (i + 1 >= text.length || /\s/.test(text[i + 1]));
}

/** Quick fixes of one outdated-name diagnostic. */
export function outdatedNameFixes(doc: OpenDocument, d: EditorialDiagnostic): CodeActionData[] {
  const data = d.data as OutdatedNameData | undefined;
  if (data?.kind !== 'outdated-name' || data.successors.length === 0) return [];
  const written = doc.text.slice(d.range.start, d.range.end);
  const out: CodeActionData[] = data.successors.map((s, i) => ({
    title: `Replace with ${s}`,
    kind: 'quickfix' as const,
    edits: [{ range: d.range, newText: matchCase(written, s) }],
    fixes: d,
    isPreferred: i === 0 && data.successors.length === 1,
  }));
  out.push({
    title: `Keep the name and add “(nay là ${data.successors.join(', ')})”`,
    kind: 'quickfix',
    edits: [{ range: { start: d.range.end, end: d.range.end }, newText: ` (nay là ${data.successors.join(', ')})` }],
    fixes: d,
  });
  return out;
}

/** "Tỉnh Quảng Nam" at a sentence start → "Thành phố Đà Nẵng", not "thành phố Đà Nẵng". */
function matchCase(written: string, replacement: string): string {
  const first = written[0] ?? '';
  if (first !== first.toLowerCase() && replacement[0] === replacement[0].toLowerCase()) return replacement[0].toUpperCase() + replacement.slice(1);
  return replacement;
}
