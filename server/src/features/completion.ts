/**
 * Completion on the live buffer:
 *  - an acronym prefix ("UB", "ĐC") offers the acronyms of the glossaries, the corpus and the
 *    brief that start with it; at the first use of an acronym the brief does not define yet,
 *    "Long form (ACR)" comes first;
 *  - the start of a long form ("Ủy ban nh", "uy ban nhan") offers the long forms that start
 *    with the typed words (accent-insensitive), as "Long form (ACR)" at first use, then the
 *    acronym alone once the brief has defined it;
 *  - a document type and the start of a number ("Nghị quyết 3", "nghi quyet 3", "NQ 3")
 *    offers the full references of the corpus and the brief with that type and a number
 *    starting so, each with its full citation;
 *  - the start of an institution's name offers the register's names, current ones first
 *    and retired ones marked (institutionCompletion.ts).
 *
 * Results are marked incomplete: the client asks again as the writer types, since filtering
 * is accent-insensitive here and not in most clients.
 */
import type { ReferenceSite } from '../core/analyze';
import { acronymKey, longFormKey } from '../core/acronyms';
import type { CorpusIndex } from '../core/corpusIndex';
import type { Glossary } from '../core/glossary';
import { foldSameLength, parseReferenceQuery, TYPE_NAMES } from '../core/references';
import { acronymInfo, AcronymInfo } from './acronymInfo';
import { expansionOf } from './briefCommands';
import type { FeatureContext, OffsetRange, OpenDocument } from './context';
import { acronymMarkdown } from './hover';
import { escapeMarkdown, plural } from './markdown';
import { corpusVersion } from './quoteHover';
import { referenceInfo } from './referenceInfo';
import { institutionItems } from './institutionCompletion';
import { dateOfBrief } from './institutions';

export type CompletionKind = 'acronym' | 'definition' | 'long-form' | 'reference' | 'institution';

export interface CompletionData {
  label: string;
  kind: CompletionKind;
  detail?: string;
  /** Markdown. */
  documentation?: string;
  insertText: string;
  /** The text replaced: from the start of what was typed to the cursor. */
  range: OffsetRange;
  filterText: string;
  sortText: string;
  preselect?: boolean;
  /** A name that no longer applies (a retired institution): shown struck through. */
  deprecated?: boolean;
}

export interface CompletionResult {
  items: CompletionData[];
  isIncomplete: boolean;
}

const MAX_ITEMS = 50;
const MAX_LONG_FORM_WORDS = 8;

export function complete(ctx: FeatureContext, doc: OpenDocument, offset: number): CompletionResult {
  const lineStart = doc.text.lastIndexOf('\n', offset - 1) + 1;
  const before = doc.text.slice(lineStart, offset);
  const items = [
    ...referenceItems(ctx, doc, before, lineStart),
    ...acronymItems(ctx, doc, before, lineStart),
    ...institutionItems(doc, before, lineStart),
    ...longFormItems(ctx, doc, before, lineStart),
  ];
  // one item per inserted text
  const seen = new Set<string>();
  const unique = items.filter((i) => !seen.has(i.insertText) && seen.add(i.insertText) !== undefined);
  return { items: unique.slice(0, MAX_ITEMS * 2), isIncomplete: true };
}

// ---------------------------------------------------------------------------------------
// Tables per corpus version (glossary + corpus acronyms and long forms)

interface AcronymEntry {
  key: string;
  acronym: string;
}

interface LongFormEntry {
  /** longFormKey: folded words, one space. */
  fold: string;
  longForm: string;
  acronym: string;
  key: string;
}

interface Tables {
  acronyms: AcronymEntry[];
  longForms: LongFormEntry[];
}

const tables = new WeakMap<object, WeakMap<Glossary, Tables>>();

function tablesFor(corpus: CorpusIndex, glossary: Glossary): Tables {
  const version = corpusVersion(corpus);
  let byGlossary = tables.get(version);
  if (!byGlossary) {
    byGlossary = new WeakMap();
    tables.set(version, byGlossary);
  }
  let t = byGlossary.get(glossary);
  if (t) return t;
  const acronyms = new Map<string, AcronymEntry>();
  const longForms = new Map<string, LongFormEntry>();
  const addLong = (longForm: string, acronym: string, key: string) => {
    const fold = longFormKey(longForm);
    if (fold && !longForms.has(fold + '\u0000' + key)) longForms.set(fold + '\u0000' + key, { fold, longForm, acronym, key });
  };
  for (const e of glossary.entries) {
    const key = acronymKey(e.acronym);
    if (!acronyms.has(key)) acronyms.set(key, { key, acronym: e.acronym });
    addLong(e.vi, e.acronym, key);
  }
  for (const key of corpus.acronymKeys()) {
    const hits = corpus.definitionsOf(key);
    if (hits.length === 0) continue;
    if (!acronyms.has(key)) acronyms.set(key, { key, acronym: hits[0].def.acronym });
    for (const h of hits) addLong(h.def.longForm, h.def.acronym, key);
  }
  t = {
    acronyms: [...acronyms.values()].sort((a, b) => cmp(a.key, b.key)),
    longForms: [...longForms.values()].sort((a, b) => cmp(a.fold, b.fold)),
  };
  byGlossary.set(glossary, t);
  return t;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Entries whose `by` starts with `prefix`, from a list sorted on it. */
function withPrefix<T>(list: T[], by: (t: T) => string, prefix: string, limit: number): T[] {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (by(list[mid]) < prefix) lo = mid + 1;
    else hi = mid;
  }
  const out: T[] = [];
  for (let i = lo; i < list.length && out.length < limit && by(list[i]).startsWith(prefix); i++) out.push(list[i]);
  return out;
}

// ---------------------------------------------------------------------------------------
// Acronyms

/** The acronym-shaped token being typed: capitals (Đ included), digits and . - & inside. */
const ACRONYM_PREFIX = /(?:^|[^\p{L}\p{M}\p{N}.\-&])([\p{Lu}][\p{Lu}\p{N}.\-&]*)$/u;

/** "retired 1/3/2025 → Bộ Tài chính" when every glossary meaning of the acronym had ended by `today`. */
function retiredGlossaryNote(info: AcronymInfo, today: string): string | undefined {
  const g = info.glossary;
  if (g.length === 0 || !g.every((e) => e.validTo && e.validTo <= today)) return undefined;
  const [y, m, d] = g[0].validTo!.split('-');
  return `retired ${+d}/${+m}/${y}${g[0].successor ? ` → ${g[0].successor}` : ''}`;
}

function acronymItems(ctx: FeatureContext, doc: OpenDocument, before: string, lineStart: number): CompletionData[] {
  const m = ACRONYM_PREFIX.exec(before);
  if (!m) return [];
  const typed = m[1];
  const prefix = acronymKey(typed);
  if (prefix.replace(/[^\p{L}]/gu, '').length < 2) return [];
  const start = lineStart + before.length - typed.length;
  const range = { start, end: lineStart + before.length };
  const today = dateOfBrief(doc).date;
  const t = tablesFor(ctx.corpus, ctx.glossary);
  const entries = new Map<string, AcronymEntry>();
  for (const d of doc.analysis.definitions) if (d.key.startsWith(prefix) && !entries.has(d.key)) entries.set(d.key, { key: d.key, acronym: d.acronym });
  for (const e of withPrefix(t.acronyms, (x) => x.key, prefix, MAX_ITEMS)) if (!entries.has(e.key)) entries.set(e.key, e);
  const out: CompletionData[] = [];
  for (const e of entries.values()) {
    const info = acronymInfo(ctx, doc, e.key, e.acronym);
    const expansion = expansionOf(info);
    const exact = e.key === prefix ? '0' : '1';
    if (expansion && isFirstUse(doc, info, start)) {
      out.push({
        label: `${expansion.longForm} (${e.acronym})`,
        kind: 'definition',
        detail: `defines ${e.acronym} at its first use`,
        documentation: acronymMarkdown(info),
        insertText: `${expansion.longForm} (${e.acronym})`,
        range,
        filterText: e.acronym,
        sortText: `0${exact}${e.key}`,
        preselect: e.key === prefix,
      });
    }
    const retired = retiredGlossaryNote(info, today);
    out.push({
      label: e.acronym,
      kind: 'acronym',
      detail: retired ? `${expansion?.longForm ?? ''} — ${retired}` : expansion?.longForm,
      deprecated: retired ? true : undefined,
      documentation: acronymMarkdown(info),
      insertText: e.acronym,
      range,
      filterText: e.acronym,
      sortText: `${retired ? '3' : '1'}${exact}${e.key}`,
    });
  }
  return out;
}

/** No definition of the acronym in the brief and no use of it before `offset`. */
function isFirstUse(doc: OpenDocument, info: AcronymInfo, offset: number): boolean {
  if (info.inBrief.length > 0) return false;
  return !doc.analysis.uses.some((u) => u.key === info.key && u.endOffset < offset);
}

// ---------------------------------------------------------------------------------------
// Long forms

const WORD = /[\p{L}\p{M}\p{N}]+/gu;

function longFormItems(ctx: FeatureContext, doc: OpenDocument, before: string, lineStart: number): CompletionData[] {
  // the words typed, the last one possibly partial (no space after it yet)
  if (!/[\p{L}\p{M}]$/u.test(before)) return [];
  const words = [...before.matchAll(WORD)].slice(-MAX_LONG_FORM_WORDS);
  if (words.length === 0) return [];
  const t = tablesFor(ctx.corpus, ctx.glossary);
  for (let n = words.length; n >= 1; n--) {
    const first = words[words.length - n];
    const typedText = before.slice(first.index!);
    // a word boundary before the window, and nothing but words and spaces/hyphens inside it
    if (!/^[\p{L}\p{M}\p{N}\s\-–]+$/u.test(typedText)) continue;
    const folded = longFormKey(typedText);
    if (n === 1 && (folded.length < 5 || !/^\p{Lu}/u.test(first[0]))) continue;
    if (n >= 2 && folded.replace(/ /g, '').length < 4) continue;
    const matches = withPrefix(t.longForms, (x) => x.fold, folded, MAX_ITEMS);
    const own = doc.analysis.definitions.filter((d) => longFormKey(d.longForm).startsWith(folded));
    if (matches.length === 0 && own.length === 0) continue;
    const start = lineStart + first.index!;
    const range = { start, end: lineStart + before.length };
    const out: CompletionData[] = [];
    const candidates: LongFormEntry[] = [
      ...own.map((d) => ({ fold: longFormKey(d.longForm), longForm: d.longForm, acronym: d.acronym, key: d.key })),
      ...matches,
    ];
    const done = new Set<string>();
    for (const c of candidates) {
      if (done.has(c.fold + '\u0000' + c.key)) continue;
      done.add(c.fold + '\u0000' + c.key);
      const info = acronymInfo(ctx, doc, c.key, c.acronym);
      const longForm = matchCase(c.longForm, typedText);
      const filterText = typedText + c.fold.slice(folded.length);
      const definedAt = info.inBrief[0];
      if (!definedAt && isFirstUse(doc, info, start)) {
        out.push({
          label: `${longForm} (${c.acronym})`,
          kind: 'definition',
          detail: `defines ${c.acronym} at its first use`,
          documentation: acronymMarkdown(info),
          insertText: `${longForm} (${c.acronym})`,
          range,
          filterText,
          sortText: `0${c.fold}`,
        });
      } else if (definedAt && definedAt.startOffset < start) {
        out.push({
          label: c.acronym,
          kind: 'acronym',
          detail: `${c.longForm} — defined on line ${definedAt.range.start.line + 1}`,
          documentation: acronymMarkdown(info),
          insertText: c.acronym,
          range,
          filterText,
          sortText: `0${c.fold}`,
        });
      }
      out.push({
        label: longForm,
        kind: 'long-form',
        detail: c.acronym,
        documentation: acronymMarkdown(info),
        insertText: longForm,
        range,
        filterText,
        sortText: `1${c.fold}`,
      });
    }
    return out;
  }
  return [];
}

/** "ủy ban nhân dân" typed at the start of a sentence as "Ủy ban …": keep the writer's first capital. */
function matchCase(longForm: string, typed: string): string {
  const t0 = typed.trimStart()[0] ?? '';
  const l0 = longForm[0] ?? '';
  if (t0 && t0 === t0.toUpperCase() && t0 !== t0.toLowerCase() && l0 === l0.toLowerCase()) return l0.toUpperCase() + longForm.slice(1);
  return longForm;
}

// ---------------------------------------------------------------------------------------
// References

/** A type word (any case, marks or none) or its code, "số" optionally, and the digits typed so far. */
const REF_PREFIX =
  /(?:^|[^\p{L}\p{N}])((?:nghi quyet lien tich|nghi quyet|nghi dinh|quyet dinh|quy dinh|chi thi|ket luan|thong tu lien tich|thong tu|de an|thong bao|huong dan|ke hoach|chuong trinh|cong dien|cong van|phap lenh|luat|nqlt|ttlt|nq|nd|qd|ct|kl|tt|cd)\s*(?:so\s*)?)(\d{1,5})$/u;

function referenceItems(ctx: FeatureContext, doc: OpenDocument, before: string, lineStart: number): CompletionData[] {
  const folded = foldSameLength(before);
  const m = REF_PREFIX.exec(folded);
  if (!m) return [];
  const typedStart = before.length - m[1].length - m[2].length;
  const typedType = before.slice(typedStart, before.length - m[2].length);
  const digits = m[2];
  const type = parseReferenceQuery(`${typedType.trim()} 1`)?.type;
  if (!type) return [];
  const family = (t: string | undefined) => (t === 'QĐi' || t === 'QyĐ' ? 'QĐ' : t);
  const range = { start: lineStart + typedStart, end: lineStart + before.length };

  // full references with this type and a number starting with the digits: corpus and brief
  const found = new Map<string, { site: ReferenceSite; documents: number; inBrief: boolean }>();
  const consider = (site: ReferenceSite, inBrief: boolean, documents: number) => {
    if (!site.full || site.number === undefined || family(site.type) !== family(type)) return;
    if (!site.number.startsWith(digits.replace(/^0+(?=\d)/, ''))) return;
    const seen = found.get(site.key);
    if (seen) {
      seen.inBrief ||= inBrief;
      return;
    }
    found.set(site.key, { site, documents, inBrief });
  };
  for (const r of doc.analysis.references) consider(r, true, 0);
  for (const [, hits] of ctx.corpus.referenceKeys()) {
    if (hits.length === 0 || !hits[0].ref.full) continue;
    consider(hits[0].ref, false, new Set(hits.map((h) => h.doc.uri)).size);
  }
  const ranked = [...found.values()]
    .sort(
      (a, b) =>
        Number(b.site.number === digits) - Number(a.site.number === digits) ||
        Number(b.inBrief) - Number(a.inBrief) ||
        b.documents - a.documents ||
        (a.site.number ?? '').length - (b.site.number ?? '').length ||
        cmp(a.site.key, b.site.key),
    )
    .slice(0, MAX_ITEMS);
  return ranked.map((r, i) => {
    const info = referenceInfo(ctx, doc, r.site);
    const best = info.candidates[0];
    const citation = (best?.citation ?? r.site.citation ?? r.site.text).replace(/\s+/g, ' ').trim();
    const citedInBrief = doc.analysis.references.some((x) => x.key === r.site.key && x.startOffset < range.start);
    // once the brief has given the full citation, the short symbol form is enough
    const insertText = citedInBrief ? `${TYPE_NAMES[type] ?? typedType.trim()} số ${r.site.key}` : citation;
    const docs = best?.corpusDocuments ?? r.documents;
    return {
      label: r.site.key,
      kind: 'reference' as const,
      detail: citation,
      documentation: [
        `**${escapeMarkdown(citation)}**`,
        '',
        r.inBrief ? 'cited in full in this document' : docs > 0 ? `cited in ${plural(docs, 'corpus document', 'corpus documents')}` : '',
      ].join('\n'),
      insertText,
      range,
      filterText: `${typedType}${r.site.number ?? digits}`,
      sortText: String(i).padStart(3, '0'),
      preselect: i === 0,
    };
  });
}
