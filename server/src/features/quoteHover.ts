/**
 * Quotations in a brief (“…”, «…», "…"): finding them, checking them against the corpus
 * (accent-insensitive and fuzzy: a few changed, missing or extra words, and elisions "…"
 * are tolerated) and, on hover, showing the corpus passage a quotation comes from.
 *
 * The check runs the search backend (SearchBackend via features/search.ts's SearchSource)
 * for candidate documents, then aligns the quotation's folded syllables with each candidate
 * text. Verdicts are cached per corpus version (a CorpusIndex object), so diagnostics
 * computed on every change and hovers reuse them.
 *
 * Pure: corpus texts come through `readText`.
 */
import { LineIndex } from '../core/lineIndex';
import type { CorpusIndex } from '../core/corpusIndex';
import { foldKey } from '../core/text';
import { words } from '../core/tokenize';
import type { FeatureContext, OffsetRange, OpenDocument } from './context';
import { escapeMarkdown, sourceLink } from './markdown';
import { originOf } from './sourceName';
import type { SearchSource } from './search';

export interface Quotation {
  /** The quotation marks included. */
  range: OffsetRange;
  /** Inside the marks. */
  inner: OffsetRange;
  text: string;
  /** Number of syllables. */
  syllables: number;
}

export interface QuoteSource {
  found: true;
  docId: number;
  uri: string;
  title: string;
  /** The matching passage in the corpus file (original offsets and line/character). */
  start: number;
  end: number;
  line: number;
  character: number;
  passage: string;
  /** Share of the quotation's word pairs found in order there (0..1). */
  coverage: number;
  /** A converted source's original file and page ("bao-cao.pdf, tr. 2"). */
  origin?: string;
}

export type QuoteVerdict = QuoteSource | { found: false; coverage: number };

/** A quotation shorter than this is a name or a term ("Ngoại giao cây tre"), not a quote to verify. */
export const MIN_QUOTE_SYLLABLES = 8;
/** Share of word pairs that must be found, in order, in one corpus passage. */
export const MIN_COVERAGE = 0.7;
const CANDIDATE_DOCS = 8;
const QUERY_WORDS = 24;

const PAIRS: Array<[string, string]> = [
  ['“', '”'],
  ['«', '»'],
  ['"', '"'],
];

/** Quotations in a text, in order; only those of at least MIN_QUOTE_SYLLABLES syllables unless `all`. */
export function findQuotations(text: string, all = false): Quotation[] {
  const out: Quotation[] = [];
  // paragraph by paragraph (a quotation never spans a blank line)
  let lineStart = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i < text.length && text.charCodeAt(i) !== 10) continue;
    scanLine(text, lineStart, i, out, all);
    lineStart = i + 1;
  }
  return out;
}

function scanLine(text: string, from: number, to: number, out: Quotation[], all: boolean): void {
  let i = from;
  while (i < to) {
    const c = text[i];
    const pair = PAIRS.find(([o]) => o === c);
    if (!pair) {
      i++;
      continue;
    }
    const close = text.indexOf(pair[1], i + 1);
    if (close < 0 || close >= to) {
      i++;
      continue;
    }
    const inner = text.slice(i + 1, close);
    const syllables = words(inner).length;
    if (all || syllables >= MIN_QUOTE_SYLLABLES) {
      out.push({ range: { start: i, end: close + 1 }, inner: { start: i + 1, end: close }, text: inner, syllables });
    }
    i = close + 1;
  }
}

// ---------------------------------------------------------------------------------------
// Verification

/**
 * An object that changes whenever the corpus changes, for caches of derived tables. A new
 * CorpusIndex comes with each full index, and `add` / `remove` (incremental updates) drop its
 * resolver index, which is rebuilt on the next call: so the resolver index object is one per
 * corpus version. (A version number on CorpusIndex would say this more plainly.)
 */
export function corpusVersion(corpus: CorpusIndex): object {
  return corpus.resolverIndex();
}

const verdicts = new WeakMap<object, Map<string, QuoteVerdict>>();

/** The cached verdict for a quotation, if it was checked against this corpus version. */
export function cachedVerdict(corpus: CorpusIndex, quote: string): QuoteVerdict | undefined {
  return verdicts.get(corpusVersion(corpus))?.get(quoteKey(quote));
}

export function verifyQuotation(source: SearchSource, quote: string): QuoteVerdict {
  const version = corpusVersion(source.corpus);
  let cache = verdicts.get(version);
  if (!cache) {
    cache = new Map();
    verdicts.set(version, cache);
  }
  const key = quoteKey(quote);
  const hit = cache.get(key);
  if (hit) return hit;
  const verdict = check(source, quote);
  if (cache.size > 2000) cache.clear();
  cache.set(key, verdict);
  return verdict;
}

function quoteKey(quote: string): string {
  return foldKey(quote.normalize('NFC')).replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** Fragments of a quotation split at elisions ("…", "...", "[…]", "(...)"), as folded syllables. */
function fragments(quote: string): string[][] {
  return quote
    .normalize('NFC')
    .split(/\s*[[(]?(?:\.{3,}|…)[\])]?\s*/u)
    .map((f) => words(f).map((w) => foldKey(w.text)))
    .filter((f) => f.length >= 3);
}

function check(source: SearchSource, quote: string): QuoteVerdict {
  const frags = fragments(quote);
  if (frags.length === 0) return { found: false, coverage: 0 };
  const longest = frags.reduce((a, b) => (b.length > a.length ? b : a));
  const query = longest.slice(0, QUERY_WORDS).join(' ');
  let hits;
  try {
    hits = source.search.search(query, { limit: CANDIDATE_DOCS, exact: false }, source.readText).hits;
  } catch {
    return { found: false, coverage: 0 };
  }
  let best: QuoteVerdict = { found: false, coverage: 0 };
  const seen = new Set<number>();
  for (const h of hits) {
    if (seen.has(h.docId)) continue;
    seen.add(h.docId);
    const text = source.readText(h.docId);
    if (!text) continue;
    // syllables of the original text (marks, composed or not, are part of a syllable): offsets stay original
    const toks = words(text);
    const folded = toks.map((t) => foldKey(t.text));
    let worst = 1;
    let first: { from: number; to: number } | undefined;
    for (const f of frags) {
      const m = align(f, folded);
      worst = Math.min(worst, m.coverage);
      if (!first && m.coverage >= MIN_COVERAGE) first = m;
      if (m.coverage < MIN_COVERAGE) break;
    }
    if (worst >= MIN_COVERAGE && first) {
      const doc = source.corpus.getById(h.docId);
      if (!doc) continue;
      const start = toks[first.from].start;
      const end = toks[first.to].end;
      const pos = new LineIndex(text).positionAt(start);
      const verdict: QuoteSource = {
        found: true,
        docId: h.docId,
        uri: doc.uri,
        title: doc.summary.title,
        start,
        end,
        line: pos.line,
        character: pos.character,
        passage: text.slice(start, end).normalize('NFC'),
        coverage: round(worst),
        origin: originOf(doc.summary, pos.line),
      };
      if (!best.found || verdict.coverage > best.coverage) best = verdict;
      if (verdict.coverage >= 0.99) break;
    } else if (!best.found && worst > best.coverage) {
      best = { found: false, coverage: round(worst) };
    }
  }
  return best;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

/**
 * Best in-order match of a fragment's word pairs in a document: votes per diagonal
 * (document position minus fragment position), summed over a small band so a few inserted
 * or dropped words still count. Coverage is the share of the fragment's pairs in the band.
 */
export function align(fragment: string[], doc: string[]): { coverage: number; from: number; to: number } {
  const pairs = new Map<string, number[]>();
  const n = fragment.length - 1;
  if (n < 1) return { coverage: 0, from: 0, to: 0 };
  for (let i = 0; i < n; i++) {
    const k = fragment[i] + ' ' + fragment[i + 1];
    const list = pairs.get(k);
    if (list) list.push(i);
    else pairs.set(k, [i]);
  }
  const votes: Array<{ d: number; i: number; j: number }> = [];
  for (let j = 0; j + 1 < doc.length; j++) {
    const list = pairs.get(doc[j] + ' ' + doc[j + 1]);
    if (!list) continue;
    for (const i of list) votes.push({ d: j - i, i, j });
  }
  if (votes.length === 0) return { coverage: 0, from: 0, to: 0 };
  votes.sort((a, b) => a.d - b.d || a.i - b.i);
  const BAND = 4;
  let bestCount = 0;
  let bestLo = 0;
  let bestHi = 0;
  let lo = 0;
  for (let hi = 0; hi < votes.length; hi++) {
    while (votes[hi].d - votes[lo].d > BAND) lo++;
    // distinct fragment positions in the band
    const seen = new Set<number>();
    for (let k = lo; k <= hi; k++) seen.add(votes[k].i);
    if (seen.size > bestCount) {
      bestCount = seen.size;
      bestLo = lo;
      bestHi = hi;
    }
  }
  let from = Infinity;
  let to = -1;
  for (let k = bestLo; k <= bestHi; k++) {
    from = Math.min(from, votes[k].j);
    to = Math.max(to, votes[k].j + 1);
  }
  return { coverage: bestCount / n, from, to };
}

// ---------------------------------------------------------------------------------------
// Hover

export interface QuoteHoverResult {
  markdown: string;
  range: OffsetRange;
}

/**
 * Hover on a quotation that the corpus contains: the source passage and a link to it. Uses
 * the verdict cached by the diagnostics; checks on the spot when the context also carries
 * the search backend (`search`, `readText`).
 */
export function quoteHover(ctx: FeatureContext, doc: OpenDocument, offset: number): QuoteHoverResult | undefined {
  const ls = doc.text.lastIndexOf('\n', Math.max(0, offset - 1)) + 1;
  let le = doc.text.indexOf('\n', offset);
  if (le < 0) le = doc.text.length;
  const q = findQuotations(doc.text.slice(ls, le)).find((x) => ls + x.range.start <= offset && offset <= ls + x.range.end);
  if (!q) return undefined;
  const source = ctx as FeatureContext & Partial<SearchSource>;
  const verdict =
    cachedVerdict(ctx.corpus, q.text) ??
    (source.search && source.readText ? verifyQuotation({ search: source.search, corpus: ctx.corpus, readText: source.readText }, q.text) : undefined);
  if (!verdict || !verdict.found) return undefined;
  return { markdown: quoteMarkdown(verdict), range: { start: ls + q.range.start, end: ls + q.range.end } };
}

export function quoteMarkdown(v: QuoteSource): string {
  const exact = v.coverage >= 0.99 ? 'Quotation found' : `Quotation found (${Math.round(v.coverage * 100)}% of its wording)`;
  const passage = v.passage.length > 600 ? `${v.passage.slice(0, 600)}…` : v.passage;
  return [`**${exact}** in ${sourceLink(v.origin ? `${v.title || v.uri} (${v.origin})` : v.title || v.uri, v.uri, { line: v.line, character: v.character })}`, '', `> ${escapeMarkdown(passage)}`].join('\n');
}
