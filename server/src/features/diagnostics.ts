/**
 * Editorial checks on a brief (the PerfectIt set for acronyms, plus references and
 * quotations). One function of (context, document, options) → plain diagnostics with
 * original offsets; the LSP handler pushes them, the CLI prints them.
 *
 * Codes (each a setting `policyLens.diagnostics.<code>`):
 *  - undefined-acronym    used, and defined nowhere: not in the brief, a glossary or the corpus;
 *  - defined-late         used before its definition in the brief;
 *  - defined-twice        defined again, the same way;
 *  - defined-differently  defined again, another way;
 *  - unresolved-reference a short reference ("Nghị quyết 34") with no full form anywhere;
 *  - ambiguous-reference  a short reference several documents could be;
 *  - unverified-quote     a quotation the corpus does not contain (fuzzy, accent-insensitive);
 *  - superseded-reference a cited document the corpus says was replaced or repealed (supersededReference.ts).
 *  - outdated-name        a body that had ended by the brief's date (features/outdatedNames.ts).
 *
 * Acronym-shaped tokens that are not acronyms are never flagged: Roman numerals (khóa XIII,
 * quý IV, thế kỷ XXI), units and currencies (MW, kWh, USD), quarters and age groups (Q1, U23),
 * chemical formulas (CO2), words of an all-caps headline, source tags ("(TTXVN) -").
 */
import type { DiagnosticCode } from '../../../shared/protocol';
import type { AcronymSite, DefinitionSite, ReferenceSite } from '../core/analyze';
import { acronymKey, longFormKey } from '../core/acronyms';
import { LineIndex } from '../core/lineIndex';
import { hasDiacritics } from '../core/text';
import { acronymInfo, isKnown } from './acronymInfo';
import type { FeatureContext, OffsetRange, OpenDocument } from './context';
import { matchHeading } from './outline';
import { findQuotations, verifyQuotation } from './quoteHover';
import { isShortForm, referenceInfo, ReferenceInfo } from './referenceInfo';
import type { SearchSource } from './search';
import { supersededReferences, SupersededData } from './supersededReference';
import { OutdatedNameData, outdatedNameDiagnostics } from './outdatedNames';

export type Severity = 'warning' | 'information';

export const SEVERITY: Readonly<Record<DiagnosticCode, Severity>> = {
  'undefined-acronym': 'warning',
  'defined-late': 'warning',
  'defined-twice': 'information',
  'defined-differently': 'warning',
  'unresolved-reference': 'information',
  'ambiguous-reference': 'warning',
  'unverified-quote': 'information',
  'superseded-reference': 'information',
  'outdated-name': 'warning',
};

/** What a quick fix needs, carried in the diagnostic (plain data, JSON-safe). */
export type DiagnosticData =
  | { kind: 'acronym'; acronym: string; key: string }
  | { kind: 'definition'; acronym: string; key: string; longForm: string; definition: OffsetRange; firstUse?: OffsetRange }
  | { kind: 'reference'; key?: string; candidates: Array<{ key: string; citation: string }> }
  | { kind: 'quote' }
  | SupersededData
  | OutdatedNameData;

export interface EditorialDiagnostic {
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  range: OffsetRange;
  data?: DiagnosticData;
}

export interface DiagnoseOptions {
  /** Codes switched off are not computed (missing means on). */
  enabled?: Partial<Record<DiagnosticCode, boolean>>;
  /** The search backend, for unverified-quote; without it quotations are not checked. */
  search?: SearchSource;
  /** Today (YYYY-MM-DD) for briefs with no date of their own; default: the clock. */
  today?: string;
}

export function diagnose(ctx: FeatureContext, doc: OpenDocument, options: DiagnoseOptions = {}): EditorialDiagnostic[] {
  const on = (c: DiagnosticCode) => options.enabled?.[c] !== false;
  const out: EditorialDiagnostic[] = [];
  const lines = new LineIndex(doc.text);
  if (on('undefined-acronym') || on('defined-late') || on('defined-twice') || on('defined-differently')) acronymChecks(ctx, doc, lines, on, out);
  if (on('unresolved-reference') || on('ambiguous-reference')) referenceChecks(ctx, doc, on, out);
  if (on('unverified-quote') && options.search) quoteChecks(doc, options.search, out);
  if (on('superseded-reference')) for (const f of supersededReferences(ctx, doc)) out.push({ code: 'superseded-reference', severity: SEVERITY['superseded-reference'], ...f });
  if (on('outdated-name')) out.push(...outdatedNameDiagnostics(doc, options.today, ctx.glossary));
  return out.sort((a, b) => a.range.start - b.range.start || a.code.localeCompare(b.code));
}

// ---------------------------------------------------------------------------------------
// Acronyms

function acronymChecks(ctx: FeatureContext, doc: OpenDocument, lines: LineIndex, on: (c: DiagnosticCode) => boolean, out: EditorialDiagnostic[]): void {
  const a = doc.analysis;
  const tags = a.attributions.map((t) => t.startOffset);
  const uses = new Map<string, AcronymSite[]>();
  for (const u of a.uses) {
    if (tags.includes(u.startOffset)) continue;
    if (!isAcronymUse(doc.text, u)) continue;
    const list = uses.get(u.key);
    if (list) list.push(u);
    else uses.set(u.key, [u]);
  }
  const defs = new Map<string, DefinitionSite[]>();
  for (const d of a.definitions) {
    const list = defs.get(d.key);
    if (list) list.push(d);
    else defs.set(d.key, [d]);
  }
  const lineOf = (offset: number) => lines.positionAt(offset).line + 1;
  // "TP HCM", "UBND TP.HCM": two tokens that together make a known acronym are known
  const knownTogether = new Set<AcronymSite>();
  for (let i = 0; i + 1 < a.uses.length; i++) {
    const x = a.uses[i];
    const y = a.uses[i + 1];
    if (!/^[\s.\-]{1,2}$/.test(doc.text.slice(x.endOffset, y.startOffset))) continue;
    const joined = acronymKey(x.acronym + y.acronym);
    if (ctx.glossary.lookup(joined).length > 0 || ctx.corpus.definitionsOf(joined).length > 0) {
      knownTogether.add(x);
      knownTogether.add(y);
    }
  }

  for (const [key, list] of uses) {
    const ds = (defs.get(key) ?? []).slice().sort((x, y) => x.startOffset - y.startOffset);
    const first = list[0];
    if (ds.length === 0) {
      if (!on('undefined-acronym')) continue;
      if (list.every((u) => knownTogether.has(u))) continue;
      const info = acronymInfo(ctx, doc, key, first.acronym);
      if (isKnown(info) || info.attributions > 0) continue;
      // glossed in place: "Quản lý nhân lực (HRMS)" explains it even where the letters do not match
      if (list.some((u) => glossedInPlace(doc.text, u))) continue;
      if (list.every((u) => codeOrSource(doc.text, u))) continue;
      // an English plural of a known acronym: FTAs, NGOs
      const singular = /^(.*\p{Lu})s$/u.exec(first.acronym)?.[1];
      if (singular && isKnown(acronymInfo(ctx, doc, acronymKey(singular), singular))) continue;
      out.push({
        code: 'undefined-acronym',
        severity: SEVERITY['undefined-acronym'],
        message: `${first.acronym} is not defined: not in this brief, the glossaries or the corpus${list.length > 1 ? ` (used ${list.length} times)` : ''}.`,
        range: { start: first.startOffset, end: first.endOffset },
        data: { kind: 'acronym', acronym: first.acronym, key },
      });
      continue;
    }
    const def = ds[0];
    // a title or heading may name what the text then defines ("ASEAN" in the title)
    const early = list.find((u) => u.startOffset < def.startOffset && !insideDefinition(u, ds, lines) && !onHeadingLine(lines, u.startOffset));
    if (early && on('defined-late')) {
      out.push({
        code: 'defined-late',
        severity: SEVERITY['defined-late'],
        message: `${early.acronym} is used before its definition on line ${lineOf(def.startOffset)} (${def.longForm}).`,
        range: { start: early.startOffset, end: early.endOffset },
        data: { kind: 'definition', acronym: def.acronym, key, longForm: def.longForm, definition: definitionSpan(doc.text, def, lines), firstUse: { start: early.startOffset, end: early.endOffset } },
      });
    }
  }

  // definitions given again (also for acronyms not otherwise used)
  for (const [key, ds0] of defs) {
    const ds = ds0.slice().sort((x, y) => x.startOffset - y.startOffset);
    for (let i = 1; i < ds.length; i++) {
      const d = ds[i];
      const same = ds.slice(0, i).find((p) => sameMeaning(p.longForm, d.longForm));
      const code: DiagnosticCode = same ? 'defined-twice' : 'defined-differently';
      if (!on(code)) continue;
      const prev = same ?? ds[0];
      out.push({
        code,
        severity: SEVERITY[code],
        message: same
          ? `${d.acronym} is already defined on line ${lineOf(prev.startOffset)}; the acronym alone is enough here.`
          : `${d.acronym} is defined differently on line ${lineOf(prev.startOffset)} (${prev.longForm}); here: ${d.longForm}.`,
        range: { start: d.startOffset, end: d.endOffset },
        data: { kind: 'definition', acronym: d.acronym, key, longForm: prev.longForm, definition: definitionSpan(doc.text, d, lines) },
      });
    }
  }
}

/**
 * Not an abbreviation to define: a model, grade, registration or price-list row followed by
 * its number ("LX 570", "RON 95", "PY 99991", "XLT 790.000.000"), or a source named as such
 * ("Theo AP,", "(Nguồn: EPA)", "(ảnh IT)").
 */
function codeOrSource(text: string, u: AcronymSite): boolean {
  if (/^\s\d/.test(text.slice(u.endOffset, u.endOffset + 2))) return true;
  // letters and digits together: a model, part, road or flight code (Su-27SK, UAV-02, QL1A);
  // the acronyms that carry a number (G20, COP28, ASEAN+3) are in the glossary
  if (/\d/.test(u.acronym)) return true;
  // initials of a person ("T.Đ.H", "N.T.T", "Kh.V") and web sites ("VOV.VN")
  if (/^\p{Lu}\p{Ll}?(?:\.\p{Lu}\p{Ll}?)+\.?$/u.test(u.acronym)) return true;
  if (/\.(VN|COM|NET|ORG)$/i.test(u.acronym)) return true;
  return /(?:^|[\s(])(?:theo|nguồn|ảnh|photo|tin|bài)\s*:?\s*$/iu.test(text.slice(Math.max(0, u.startOffset - 12), u.startOffset).normalize('NFC'));
}

/**
 * The acronym is alone in parentheses (with others: "(FMIS/MMIS)", "(HOME CAR)") right after
 * a phrase: the writer explains it there, in words the miner could not pair letter by letter
 * (an English acronym for a Vietnamese name, a brand).
 */
function glossedInPlace(text: string, u: AcronymSite): boolean {
  const open = text.lastIndexOf('(', u.startOffset);
  if (open < 0 || u.startOffset - open > 40) return false;
  const close = text.indexOf(')', u.endOffset);
  if (close < 0 || close - u.endOffset > 40) return false;
  const inside = text.slice(open + 1, close);
  if (inside.includes('(') || !/^[\p{Lu}\p{N}.\-&+/,\s]+$/u.test(inside.replace(/s(?=[\s/,)]|$)/g, ''))) return false;
  return /[\p{L}\p{N}]\s*$/u.test(text.slice(Math.max(0, open - 3), open));
}

/** Same words, or one wording inside the other ("Đối tác …" / "Nhóm Đối tác …", "Hiệp hội BĐS (BĐS) TP.HCM"). */
function sameMeaning(a: string, b: string): boolean {
  const x = longFormKey(a).split(' ');
  const y = longFormKey(b).split(' ');
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  let k = 0;
  for (const w of long) if (k < short.length && w === short[k]) k++;
  return k === short.length;
}

/** A heading line (Markdown, numbering, divisions), or the first non-blank line when it reads as a title. */
function onHeadingLine(lines: LineIndex, offset: number): boolean {
  const line = lines.positionAt(offset).line;
  const t = lines.lineText(line).normalize('NFC').trim();
  if (matchHeading(t, true)) return true;
  for (let i = 0; i < line; i++) if (lines.lineText(i).trim()) return false;
  return t.length <= 200 && !/[.;:,…]$/.test(t);
}

/** The whole definition text: "Long form (ACR)", "ACR (long form)" or "ACR - long form". */
export function definitionSpan(text: string, d: DefinitionSite, lines: LineIndex): OffsetRange {
  const longStart = lines.offsetAt(d.longRange.start);
  const longEnd = lines.offsetAt(d.longRange.end);
  let start = Math.min(longStart, d.startOffset);
  let end = Math.max(longEnd, d.endOffset);
  // include the closing parenthesis (and an opening one right before the acronym's long form)
  const close = /^\s*\)/.exec(text.slice(end, end + 3));
  if (close) end += close[0].length;
  if (d.pattern === 'long(ACR)') start = longStart;
  return { start, end };
}

function insideDefinition(u: AcronymSite, ds: DefinitionSite[], lines: LineIndex): boolean {
  return ds.some((d) => {
    const s = Math.min(lines.offsetAt(d.longRange.start), d.startOffset);
    const e = Math.max(lines.offsetAt(d.longRange.end), d.endOffset);
    return u.startOffset >= s && u.endOffset <= e + 1;
  });
}

/** Acronym-shaped tokens that are not acronyms (units, Roman numerals in context, headline words ...). */
const NOT_ACRONYMS = new Set([
  // units and currencies
  'MW', 'GW', 'KW', 'TWH', 'MWH', 'GWH', 'KWH', 'MWP', 'KWP', 'KV', 'KVA', 'MVA', 'MHZ', 'GHZ', 'KHZ', 'HZ', 'GB', 'MB', 'KB',
  'USD', 'VND', 'VNĐ', 'EUR', 'JPY', 'CNY', 'RMB', 'KRW', 'GBP', 'AUD', 'SGD', 'THB', 'CHF', 'CAD', 'HKD', 'TWD', 'INR', 'RUB',
  'SEK', 'NOK', 'DKK', 'NZD', 'MYR', 'IDR', 'PHP', 'LAK', 'KHR', 'MMK', 'BRL', 'MXN', 'ZAR', 'TRY', 'SAR', 'AED', 'BTC', 'ETH', 'DWT', 'TEU', 'CCU', 'BTU', 'PPM', 'PPB',
  // times and zones
  'AM', 'PM', 'GMT', 'UTC', 'ICT',
  // chemistry, pollutants
  'CO2', 'NO2', 'SO2', 'CH4', 'H2O', 'O3', 'PM10', 'PM25', 'NOX', 'CO2E',
  // all-caps words of scraped pages and headlines (labels, not abbreviations)
  'VIDEO', 'CLIP', 'PHOTO', 'INFOGRAPHIC', 'INFOGRAPHICS', 'EMAGAZINE', 'MAGAZINE', 'LIVE', 'HOT', 'NEW', 'NEWS', 'TOP', 'OK', 'STOP',
  'MEGASTORY', 'STORY', 'LONGFORM', 'PODCAST', 'TV', 'VS', 'XEM', 'CLICK', 'SAO', 'TIN', 'THEO',
]);
const ROMAN_ANY = /^(?=[IVXLCDM]+$)M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})$/;
const ROMAN_CONTEXT = /(khóa|khoá|thế\s+kỷ|đại\s+hội|quý|lần\s+thứ|phần|chương|mục|tiết|kỳ|hội\s+nghị|trung\s+ương|tw|giai\s+đoạn|số|năm)\s*$/iu;

export function isAcronymUse(text: string, u: Pick<AcronymSite, 'acronym' | 'key' | 'startOffset' | 'endOffset'>): boolean {
  const key = u.key.replace(/\+$/, '');
  if (NOT_ACRONYMS.has(key)) return false;
  // one letter and a number is a code, not an abbreviation: quarters, halves, age groups (Q1, H2,
  // U23), Covid tiers (F0), stations and routes (S8), models (A320)
  if (/^\p{Lu}\d+$/u.test(key)) return false;
  // a photo or source credit is not a use: "Ảnh: Nhan Sáng/TTXVN", "(Nguồn: AFP/TTXVN)"
  if (/(?:ảnh|nguồn|photo|video|clip|đồ\s*họa|đồ\s*hoạ)\s*:[^.;!?:()\n]{0,40}$/iu.test(text.slice(Math.max(0, u.startOffset - 45), u.startOffset).normalize('NFC'))) return false;
  // a capital word with Vietnamese vowel marks (Â Ă Ê Ô Ơ) is a shouted word: "CÔNG", "HƯƠNG"
  if (/[ÂĂÊÔƠ]/u.test(u.acronym.normalize('NFC'))) return false;
  // a capitalised name part: "TP.Nha Trang", "Q.Tân Bình", "VOV-Tây Nguyên", "H.Duy"; a model: "Su-27"
  const parts = u.acronym.split(/[.\-&/]/);
  if (parts.some((p) => /^\p{Lu}\p{Ll}{2,}$/u.test(p))) return false;
  if (!/\p{Lu}.*\p{Lu}/u.test(u.acronym) && /\p{Ll}/u.test(u.acronym)) return false;
  // Roman numerals after "khóa", "thế kỷ", "quý" ...
  if (ROMAN_ANY.test(key)) {
    const before = text.slice(Math.max(0, u.startOffset - 20), u.startOffset).normalize('NFC');
    if (ROMAN_CONTEXT.test(before) || /[–\-—]\s*$/.test(before)) return false;
  }
  // a word of an all-caps headline ("VIỆT NAM", "HÀ NỘI"): a neighbouring word is capitals with marks
  const ls = text.lastIndexOf('\n', u.startOffset - 1) + 1;
  let le = text.indexOf('\n', u.endOffset);
  if (le < 0) le = text.length;
  const prev = /(\S+)\s+$/u.exec(text.slice(Math.max(ls, u.startOffset - 40), u.startOffset))?.[1];
  const next = /^\s+(\S+)/u.exec(text.slice(u.endOffset, Math.min(le, u.endOffset + 40)))?.[1];
  if ([prev, next].some((w) => w !== undefined && isShoutedWord(w))) return false;
  return true;
}

function isShoutedWord(w: string): boolean {
  const letters = w.replace(/[^\p{L}\p{M}]/gu, '');
  if (letters.length < 2 || letters !== letters.toUpperCase()) return false;
  // Vietnamese marks on a capital word: shouting, not an acronym (acronyms keep only Đ)
  return hasDiacritics(letters.replace(/[ĐÐ]/g, 'D'));
}

// ---------------------------------------------------------------------------------------
// References

function referenceChecks(ctx: FeatureContext, doc: OpenDocument, on: (c: DiagnosticCode) => boolean, out: EditorialDiagnostic[]): void {
  const reported = new Set<string>();
  for (const site of doc.analysis.references) {
    if (!isShortForm(site)) continue;
    if (reported.has(site.key)) continue;
    let info: ReferenceInfo;
    try {
      info = referenceInfo(ctx, doc, site);
    } catch {
      continue;
    }
    const conf = info.resolution.confidence;
    const candidates = info.candidates.map((c) => ({ key: c.key, citation: c.citation }));
    if (conf === 'none' && on('unresolved-reference')) {
      reported.add(site.key);
      out.push({
        code: 'unresolved-reference',
        severity: SEVERITY['unresolved-reference'],
        message: `“${site.text}” has no full form in this brief or the corpus: give its number and symbol, date and issuer at first mention.`,
        range: { start: site.startOffset, end: site.endOffset },
        data: { kind: 'reference', key: site.key, candidates },
      });
    } else if (conf === 'ambiguous' && on('ambiguous-reference')) {
      reported.add(site.key);
      const list = info.candidates.slice(0, 4).map((c) => c.key + (c.isoDate ? ` (${c.isoDate.slice(0, 4)})` : ''));
      out.push({
        code: 'ambiguous-reference',
        severity: SEVERITY['ambiguous-reference'],
        message: `“${site.text}” could be ${info.candidates.length} documents: ${list.join(', ')}${info.candidates.length > 4 ? ', …' : ''}. Cite it in full once.`,
        range: { start: site.startOffset, end: site.endOffset },
        data: { kind: 'reference', key: site.key, candidates },
      });
    }
  }
}

/** Short references of the brief that resolve to exactly one full form (for quick fixes and lists). */
export function resolvedReference(ctx: FeatureContext, doc: OpenDocument, site: ReferenceSite): ReferenceInfo | undefined {
  try {
    return referenceInfo(ctx, doc, site);
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------
// Quotations

function quoteChecks(doc: OpenDocument, search: SearchSource, out: EditorialDiagnostic[]): void {
  if (search.corpus.stats().documents === 0) return;
  for (const q of findQuotations(doc.text)) {
    const v = verifyQuotation(search, q.text);
    if (v.found) continue;
    out.push({
      code: 'unverified-quote',
      severity: SEVERITY['unverified-quote'],
      message:
        v.coverage > 0.3
          ? `This quotation is not in the corpus as written (at best ${Math.round(v.coverage * 100)}% of its wording in one passage): check it against its source.`
          : 'This quotation is not in the corpus: check it against its source.',
      range: q.range,
      data: { kind: 'quote' },
    });
  }
}
