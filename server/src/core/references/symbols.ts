/**
 * Symbols (số, ký hiệu): Party n-TYPE/ISSUER, State n/yyyy/TYPE-ISSUER, administrative n/TYPE-ISSUER, read by hand after a number.
 */
import { foldKey } from '../text';
import { canonicalPiece, isValidYear, stripLeadingZeros } from './numbers';
import { SYMBOL_TYPE_CODES } from './vocabulary';

// ---------------------------------------------------------------------------------------
// Symbols

export interface SymbolMatch {
  start: number;
  end: number;
  form: 'party' | 'state' | 'admin';
  number: string;
  year?: number;
  /** Canonical type code from the symbol, when it has one. */
  code?: string;
  issuer?: string;
  /** Type part of a Party symbol as written, known code or not ("QĐNS"). */
  partyCode?: string;
  /** Court judgment (HS-ST ...). */
  judgment: boolean;
  /** Admin symbol with a single piece and no type code ("67/CP", "464/BNV"): needs prose. */
  bare: boolean;
  key: string;
}

/** A number that may start a symbol; the rest is parsed by hand in `parseSymbolAt`. */
export const SYMBOL_START_RE = /(?<![\p{N}.,:/\-–])(\d{1,5})(?=[a-zđ]?\s?[-–/])/gu;
/** "309 QĐ-TTg", "10/2016 QĐ-UBND": a space in place of the slash, taken only after a type word. */
export const SPACED_TAIL_RE = /\s((?:NQ|NĐ|QĐ|CT|KL|TT|TTLT|TB|HD|KH|CV|CĐ|BC|TTr)\s?[-–]\s?\p{Lu}[\p{Lu}\d&]*(?:[a-zđ]\d*)?(?:[-–]\p{Lu}[\p{Lu}\d&]*)*)(?![\p{L}\p{N}\-/])/uy;
/** A piece of a symbol: an upper-case letter, then upper-case letters, digits or &, and at most one lower-case letter (TTg, QĐi, Qh13). */
export const PIECE_RE = /\p{Lu}[\p{Lu}\d&]*(?:[a-zđ]\d*)?(?![\p{L}\p{N}])|\p{Lu}[\p{Lu}\d&]*(?:[a-zđ]\d*)?(?=[-–/])|(?:Ttg|Ttr|TTG|TTR)(?![\p{L}\p{N}])/uy;
export const JUDGMENT_RE = /^[A-ZĐ]{1,5}-(?:ST|PT|GĐT|TT)$/u;

export function matchAt(re: RegExp, text: string, pos: number): RegExpExecArray | null {
  re.lastIndex = pos;
  return re.exec(text);
}

/** Pieces after a slash: "NĐ-CP", "QĐ- BVHTTDL", "TT – BXD", "CV/HHLTVN", "KL-BNN-TTr". */
export function parsePieces(text: string, pos: number): { pieces: string[]; end: number } | undefined {
  const pieces: string[] = [];
  let p = pos;
  for (;;) {
    const m = matchAt(PIECE_RE, text, p);
    if (!m) break;
    pieces.push(m[0]);
    p += m[0].length;
    // A spaced dash is taken only right after a type code ("QĐ- TTg", "TT – BXD");
    // later ones usually start prose ("480/QĐ-UBND - TP Hà Nội").
    const spacedOk = pieces.length === 1 && SYMBOL_TYPE_CODES.has(m[0].toUpperCase());
    const sep = spacedOk ? /\s?[-–]\s?|\//y : /[-–]|\/(?=\p{Lu})/uy;
    const s = matchAt(sep, text, p);
    if (!s) break;
    const after = matchAt(PIECE_RE, text, p + s[0].length);
    if (!after) break;
    p += s[0].length;
  }
  if (pieces.length === 0) return undefined;
  return { pieces, end: p };
}

export function parseSymbolAt(text: string, numStart: number, numText: string): SymbolMatch | undefined {
  let p = numStart + numText.length;
  let number = numText;
  const suffix = /[a-zđ](?=\s?[-–/])/uy;
  const sm = matchAt(suffix, text, p);
  if (sm) {
    number += sm[0];
    p += sm[0].length;
  }
  number = stripLeadingZeros(number);

  // Party: n-TYPE/ISSUER, with optional spaces around the dash.
  const dash = matchAt(/\s?[-–]\s?/y, text, p);
  if (dash) {
    const q = p + dash[0].length;
    // Hyphen in place of the year slash: 19-2017/NQ-CP.
    const yearM = matchAt(/((?:19|20)\d{2})\//y, text, q);
    if (yearM && dash[0].trim() === dash[0].replace(/\s/g, '') && !/\s/.test(dash[0])) {
      const rest = parsePieces(text, q + yearM[0].length);
      if (rest) return stateSymbol(numStart, rest.end, number, Number(yearM[1]), rest.pieces);
    }
    const typeM = matchAt(/(\p{Lu}[\p{Lu}]{0,4}[a-zđ]?)\s?\/\s?(?=\p{Lu})/uy, text, q);
    if (typeM) {
      // Unknown codes are kept as written ("476-QĐNS/TW", Party personnel decisions).
      const code = SYMBOL_TYPE_CODES.get(typeM[1].toUpperCase()) ?? canonicalPiece(typeM[1]);
      if (code) {
        const rest = parsePieces(text, q + typeM[0].length);
        if (rest) {
          const issuer = rest.pieces.map(canonicalPiece).join('-');
          return {
            start: numStart,
            end: rest.end,
            form: 'party',
            number,
            code: SYMBOL_TYPE_CODES.has(code.toUpperCase()) ? code : undefined,
            partyCode: code,
            issuer,
            judgment: false,
            bare: false,
            key: `${number}-${code}/${issuer}`,
          };
        }
      }
    }
    return undefined;
  }

  const slash = matchAt(/\s?\/(?=\s?(?:19|20)\d{2}\s?[-–/]\s?\p{Lu})|\//uy, text, p);
  if (!slash) return undefined;
  p += slash[0].length;
  // After the year: "/" or, as written in haste, "-" or " - " before an upper-case piece.
  const yearM = matchAt(/((?:19|20)\d{2})(?:\s?\/\s?|\s?[-–]\s?(?=\p{Lu}))/uy, text, p);
  if (yearM) {
    const rest = parsePieces(text, p + yearM[0].length);
    if (!rest) return undefined;
    return stateSymbol(numStart, rest.end, number, Number(yearM[1]), rest.pieces);
  }
  const rest = parsePieces(text, p);
  if (!rest) return undefined;
  const pieces = rest.pieces.map(canonicalPiece);
  const code = SYMBOL_TYPE_CODES.get(pieces[0].toUpperCase());
  if (code && pieces.length >= 2) {
    const issuer = pieces.slice(1).join('-');
    return {
      start: numStart,
      end: rest.end,
      form: 'admin',
      number,
      code,
      issuer,
      judgment: false,
      bare: false,
      key: `${number}/${code}-${issuer}`,
    };
  }
  const issuer = pieces.join('-');
  return {
    start: numStart,
    end: rest.end,
    form: 'admin',
    number,
    issuer,
    judgment: false,
    bare: pieces.length === 1,
    key: `${number}/${issuer}`,
  };
}

export function stateSymbol(start: number, end: number, number: string, year: number, raw: string[]): SymbolMatch | undefined {
  if (!isValidYear(year)) return undefined;
  const pieces = raw.map(canonicalPiece);
  const rest = pieces.join('-');
  const code = SYMBOL_TYPE_CODES.get(pieces[0].toUpperCase());
  const judgment = !code && JUDGMENT_RE.test(rest);
  let issuer: string | undefined;
  if (code) issuer = pieces.length > 1 ? pieces.slice(1).join('-') : undefined;
  else if (!judgment) issuer = rest;
  return { start, end, form: 'state', number, year, code, issuer, judgment, bare: false, key: `${number}/${year}/${rest}` };
}

export function scanSymbols(text: string): SymbolMatch[] {
  const out: SymbolMatch[] = [];
  SYMBOL_START_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = SYMBOL_START_RE.exec(text)) !== null) {
    const start = m.index;
    // A letter right before the number is allowed only for a glued "số" ("số31-QĐ/TW").
    if (start > 0 && /\p{L}/u.test(text[start - 1])) {
      const before = /(\p{L}+)$/u.exec(text.slice(Math.max(0, start - 8), start));
      if (!before || foldKey(before[1]) !== 'so') continue;
    }
    // Technical standards: QCVN 01:2009/BYT, TCVN ...
    if (/\b(?:QCVN|TCVN|ISO)\s*$/.test(text.slice(Math.max(0, start - 6), start))) continue;
    const sym = parseSymbolAt(text, start, m[1]);
    if (sym) {
      out.push(sym);
      SYMBOL_START_RE.lastIndex = sym.end;
    }
  }
  return out;
}
