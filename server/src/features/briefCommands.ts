/**
 * Text the brief commands insert at the cursor:
 *  - the table of abbreviations (Danh mục từ viết tắt): every acronym the brief uses or
 *    defines, with its expansion (the brief's own definition first, then the glossaries, then
 *    the most common corpus meaning), in Vietnamese alphabetical order;
 *  - the list of cited documents: every document reference of the brief, once, in order of
 *    first mention, each as its fullest known citation (a short form is resolved first).
 * Also the one place that says which expansion of an acronym to use (completion and code
 * actions share it).
 */
import { vietnameseCollator } from '../core/text';
import { acronymInfo, AcronymInfo } from './acronymInfo';
import type { FeatureContext, OpenDocument } from './context';
import { isAcronymUse } from './diagnostics';
import { isShortForm, referenceInfo } from './referenceInfo';
import { cardOfSite } from './documentCard';

export interface Expansion {
  longForm: string;
  source: 'brief' | 'glossary' | 'corpus';
}

/** The expansion to write for an acronym: the brief's own definition, else the glossary's, else the corpus's most common. */
export function expansionOf(info: AcronymInfo): Expansion | undefined {
  if (info.inBrief.length > 0) return { longForm: info.inBrief[0].longForm, source: 'brief' };
  if (info.glossary.length > 0) return { longForm: info.glossary[0].vi, source: 'glossary' };
  if (info.corpus.length > 0) return { longForm: info.corpus[0].longForm, source: 'corpus' };
  return undefined;
}

export interface InsertedText {
  text: string;
  /** Rows written (acronyms or documents); 0 means there was nothing to list. */
  count: number;
}

export interface BriefCommandOptions {
  markdown: boolean;
  /** Where the text goes: it starts on a fresh line when the cursor is inside a line. */
  offset?: number;
}

const UNKNOWN = '(chưa rõ nghĩa)';

export function abbreviationsTable(ctx: FeatureContext, doc: OpenDocument, options: BriefCommandOptions): InsertedText {
  const a = doc.analysis;
  const tags = new Set(a.attributions.map((t) => t.startOffset));
  const defined = new Set<object>(a.definitions);
  const seen = new Map<string, string>();
  for (const s of [...a.definitions, ...a.uses].sort((x, y) => x.startOffset - y.startOffset)) {
    if (seen.has(s.key)) continue;
    if (tags.has(s.startOffset)) continue;
    if (!defined.has(s) && !isAcronymUse(doc.text, s)) continue;
    seen.set(s.key, s.acronym);
  }
  const rows = [...seen].map(([key, acronym]) => {
    const e = expansionOf(acronymInfo(ctx, doc, key, acronym));
    return { acronym, longForm: e?.longForm ?? UNKNOWN };
  });
  rows.sort((x, y) => vietnameseCollator.compare(x.acronym, y.acronym) || (x.acronym < y.acronym ? -1 : x.acronym > y.acronym ? 1 : 0));
  const lines: string[] = [];
  if (options.markdown) {
    lines.push('## Danh mục từ viết tắt', '', '| Từ viết tắt | Nghĩa đầy đủ |', '|---|---|');
    for (const r of rows) lines.push(`| ${cell(r.acronym)} | ${cell(r.longForm)} |`);
  } else {
    lines.push('DANH MỤC TỪ VIẾT TẮT', '');
    const width = Math.max(0, ...rows.map((r) => r.acronym.length));
    for (const r of rows) lines.push(`${r.acronym.padEnd(width)}  ${r.longForm}`);
  }
  return { text: block(doc, lines, options), count: rows.length };
}

export function citedDocumentsList(ctx: FeatureContext, doc: OpenDocument, options: BriefCommandOptions): InsertedText {
  const entries = new Map<string, string>();
  for (const site of doc.analysis.references) {
    let key = site.key;
    let citation = site.citation ?? site.text;
    let info;
    try {
      info = referenceInfo(ctx, doc, site);
    } catch {
      info = undefined;
    }
    const best = info?.candidates[0];
    const resolved = best && (!isShortForm(site) || info!.resolution.confidence === 'same-document' || info!.resolution.confidence === 'unique-in-corpus');
    if (resolved) {
      key = best.key;
      citation = best.citation;
    } else if (isShortForm(site)) {
      // No full form: the register may still know issuer, date and subject from descriptive mentions.
      const card = cardOfSite(ctx, doc, site).card;
      citation = card.confidence === 'descriptive' ? `${card.citation} (chưa xác định số, ký hiệu)` : `${site.text} (chưa xác định số, ký hiệu)`;
    }
    if (!entries.has(lookup(key))) entries.set(lookup(key), tidy(citation));
  }
  const list = [...entries.values()];
  const lines = [options.markdown ? '## Danh mục văn bản được trích dẫn' : 'DANH MỤC VĂN BẢN ĐƯỢC TRÍCH DẪN', ''];
  list.forEach((c, i) => lines.push(`${i + 1}. ${options.markdown ? cell(c) : c}`));
  return { text: block(doc, lines, options), count: list.length };
}

function lookup(key: string): string {
  return /^L \D/u.test(key) ? key.toLowerCase() : key;
}

function tidy(citation: string): string {
  const t = citation.replace(/\s+/g, ' ').trim().replace(/[,;:]$/, '');
  return /[.!?]$/.test(t) ? t.slice(0, -1) : t;
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();
}

/** The lines as a block: on a line of its own, a blank line before and after it. */
function block(doc: OpenDocument, lines: string[], options: BriefCommandOptions): string {
  const at = options.offset ?? doc.text.length;
  const before = doc.text.slice(0, at);
  const after = doc.text.slice(at);
  let prefix = '';
  if (before.length > 0 && !before.endsWith('\n')) prefix = '\n\n';
  else if (before.length > 0 && !before.endsWith('\n\n') && before.trim()) prefix = '\n';
  let suffix = '\n';
  if (after.startsWith('\n\n') || after.startsWith('\r\n\r\n')) suffix = '';
  else if (after.length > 0 && !after.startsWith('\n') && !after.startsWith('\r\n')) suffix = '\n\n';
  return prefix + lines.join('\n') + suffix;
}
