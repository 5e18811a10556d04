/**
 * Reader of symbol forms: the type a symbol gets from the prose before it or from its own type code.
 */
import { SymbolMatch } from '../symbols';
import { TypeWordMatch } from '../typeWords';
import { Candidate } from '../types';

/** Nearest type word before "số" in the same clause, for symbols whose type word is separated ("Luật thuế GTGT số 13/2008/QH12"). */
export function proseTypeBefore(text: string, folded: string, symStart: number, typeWords: TypeWordMatch[]): { code: string; generic: boolean } | undefined {
  const so = /(?:^|[^\p{L}])so\s*$/u.exec(folded.slice(Math.max(0, symStart - 12), symStart));
  if (!so) return undefined;
  const windowStart = Math.max(0, symStart - 90);
  const before = text.slice(windowStart, symStart);
  // Stop at clause punctuation and at digits (another number or symbol).
  const cut = Math.max(before.search(/[^.,;:!?()"“”\d]*$/u), 0);
  const from = windowStart + cut;
  let best: TypeWordMatch | undefined;
  for (const tw of typeWords) {
    if (tw.start >= from && tw.end <= symStart) {
      const words = text.slice(tw.end, symStart).trim().split(/\s+/).filter(Boolean);
      if (words.length <= 9) best = tw;
    }
  }
  if (!best) return undefined;
  return { code: best.code, generic: best.strength === 'generic' };
}

export function typeForSymbol(sym: SymbolMatch, prose: { code: string; generic: boolean } | undefined): string {
  if (prose && !prose.generic) {
    if (prose.code === 'BA' && !sym.judgment) return sym.code ? normalType(sym.code) : 'BA';
    return prose.code;
  }
  if (sym.judgment) return 'BA';
  if (prose?.code === 'BA') return 'BA';
  if (sym.code) return normalType(sym.code);
  if (sym.partyCode) {
    // "QĐNS" (quyết định nhân sự) → QĐ
    const prefix = ['QĐ', 'NQ', 'CT', 'KL', 'HD', 'TB', 'KH', 'BC', 'QC'].find((c) => sym.partyCode!.toUpperCase().startsWith(c));
    if (prefix) return prefix;
  }
  if (sym.issuer && /^QH\d*$/.test(sym.issuer)) return 'L';
  if (sym.issuer && /^UBTVQH\d*$/.test(sym.issuer)) return 'NQ';
  return 'CV';
}

export function normalType(code: string): string {
  return code === 'QyĐ' ? 'QĐi' : code;
}

export function fromSymbol(sym: SymbolMatch, start: number, type: string): Candidate {
  return {
    start,
    end: sym.end,
    form: sym.form,
    type,
    number: sym.number,
    year: sym.year,
    issuer: sym.issuer,
    key: sym.key,
    full: true,
    tail: sym.end,
  };
}
