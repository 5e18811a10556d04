/**
 * The shape of a parsed reference (from the parser to the hover) and of a candidate before its prose is read.
 */

export type RefForm = 'party' | 'state' | 'admin' | 'short' | 'meeting' | 'law';

export interface DocReference {
  /** Span in the given text, per the fixture's span rules (type word to end of symbol/number/term). */
  start: number;
  end: number;
  text: string;
  form: RefForm;
  /** Type code: NQ, QĐ, QĐi, CT, KL, QC, TB, HD, CTr, KH, ĐA, BC, CĐ, L, NĐ, TT, TTLT, PL, CV, TTr, BA ... Prose wins over the symbol. */
  type?: string;
  /** Vietnamese name of the type ("Nghị quyết"). */
  typeName?: string;
  /** Number without leading zeros, with its letter suffix ("30c"). */
  number?: string;
  /** Year from the symbol, the short form or the law title. */
  year?: number;
  /** Issuer from the symbol only (TW, CP, TTg, QH13, UBND, BTC-TCDN ...). */
  issuer?: string;
  /** Issue date given right after the span, as d/m/yyyy. */
  date?: string;
  /** `date` as yyyy-mm-dd. */
  isoDate?: string;
  /** Issuing body named in prose after the span: "Bộ Chính trị" from "của Bộ Chính trị". */
  issuerName?: string;
  /** The "về ..." phrase after the reference, trimmed at a sensible end. */
  subject?: string;
  /** Party or National Assembly term (khóa) in Roman numerals: "XIII". */
  term?: string;
  /** Meeting for meeting-named forms: "TW4" (4th plenum), "ĐH" (national congress). */
  meeting?: string;
  /** Canonical key (see test/fixtures/references/README.md). */
  key: string;
  /** True when the text identifies the document on its own (a symbol, a law title with year, a meeting with its term). */
  full: boolean;
  /** The longest prose form around it, for hovers: span + date + issuer + subject. */
  citation?: string;
  /** End offset of `citation` (its start is `start`). */
  citationEnd?: number;
}

export interface Candidate extends Omit<DocReference, 'text' | 'typeName'> {
  /** Offset where the prose around the reference (date, issuer, subject) starts being read. */
  tail: number;
}
