/**
 * All candidates of a text: each type word tries the form readers in turn; then the symbols with no type word.
 */
import { insideTreatyName, parseLawTitle } from './forms/law';
import { otherPartyAfter, parseMeeting } from './forms/meeting';
import { shortNumberAt, skipSo } from './forms/short';
import { fromSymbol, proseTypeBefore, typeForSymbol } from './forms/symbol';
import { canonicalPiece } from './numbers';
import { SPACED_TAIL_RE, SymbolMatch, matchAt, scanSymbols, stateSymbol } from './symbols';
import { scanTypeWords } from './typeWords';
import { Candidate } from './types';
import { AMBIGUOUS_ABBREVIATIONS, SYMBOL_TYPE_CODES } from './vocabulary';

export function collectCandidates(text: string, folded: string): Candidate[] {
  const symbols = scanSymbols(text);
  const symbolAt = new Map<number, SymbolMatch>();
  for (const s of symbols) symbolAt.set(s.start, s);
  const used = new Set<SymbolMatch>();
  const typeWords = scanTypeWords(text, folded);
  const out: Candidate[] = [];
  let lastEnd = 0;

  for (const tw of typeWords) {
    if (tw.start < lastEnd) continue;
    let p = tw.end;
    // "Nghị quyết (NQ) số 22-NQ/TW"
    const abbr = matchAt(/\s*\(\s*\p{Lu}{1,6}\s*\)/uy, text, p);
    if (abbr) p += abbr[0].length;
    const so = skipSo(folded, p);
    const gap = matchAt(/\s*/y, text, so.pos);
    const q = so.pos + (gap ? gap[0].length : 0);
    const directGap = text.slice(tw.end, q);
    const sym = symbolAt.get(q);
    if (sym && !/\n\s*\n/.test(directGap)) {
      const weakBare = sym.bare && !so.so && tw.strength !== 'strong' && tw.strength !== 'verb';
      if (!weakBare && !(tw.strength === 'generic')) {
        used.add(sym);
        out.push(fromSymbol(sym, tw.start, typeForSymbol(sym, { code: tw.code, generic: false })));
        lastEnd = sym.end;
        continue;
      }
      if (weakBare) {
        used.add(sym); // "Chương trình 67/CP": a programme's name, not a document
        continue;
      }
      continue; // generic: the standalone pass takes the symbol
    }
    if (tw.strength === 'generic') continue;

    if (tw.code === 'NQ' && !so.so) {
      const meeting = parseMeeting(text, folded, tw.end);
      if (meeting && !otherPartyAfter(folded.slice(meeting.end, meeting.end + 60))) {
        const key = meeting.term ? `NQ ${meeting.meeting} ${meeting.term}` : `NQ ${meeting.meeting}`;
        out.push({
          start: tw.start,
          end: meeting.end,
          form: 'meeting',
          type: 'NQ',
          meeting: meeting.meeting,
          term: meeting.term,
          key,
          full: meeting.term !== undefined,
          tail: meeting.end,
        });
        lastEnd = meeting.end;
        for (const extra of meeting.extraTerms) {
          out.push({
            start: extra.start,
            end: extra.end,
            form: 'meeting',
            type: 'NQ',
            meeting: meeting.meeting,
            term: extra.term,
            key: `NQ ${meeting.meeting} ${extra.term}`,
            full: true,
            tail: extra.end,
          });
          lastEnd = extra.end;
        }
        continue;
      }
    }

    if (tw.code === 'L' && !so.so && !tw.abbreviation) {
      const law = parseLawTitle(text, folded, tw);
      if (law && !insideTreatyName(folded, tw.start)) {
        out.push({
          start: tw.start,
          end: law.end,
          form: 'law',
          type: 'L',
          year: law.year,
          key: `L ${law.title} ${law.year}`,
          full: true,
          tail: law.end,
        });
        lastEnd = law.end;
        continue;
      }
    }

    // Short form: type word, optional "số", number.
    if (/\n/.test(directGap)) continue;
    if (q === tw.end && !tw.abbreviation && !so.so) continue; // "Nghị quyết34"? too odd; skip
    if (tw.strength === 'weak' && !so.so) continue;
    // "luật" is also the second syllable of common words: "kỷ luật 7 đảng viên".
    if (tw.code === 'L' && !so.so && !tw.capitalized) continue;
    const num = shortNumberAt(text, q, so.so);
    if (!num) continue;
    if (tw.strength === 'verb' && !so.so && !tw.capitalized) {
      // "quyết định 3099 của UBND", "quyết định 49/2011", but not "quyết định 2 phương án".
      const docLike =
        num.year !== undefined ||
        /^\d{3,}/.test(num.number) ||
        /^\s*(?:của|ngày|về|do|\()/u.test(text.slice(num.end, num.end + 8));
      if (!docLike) continue;
    }
    const glued = text.slice(num.end, num.end + 2);
    // "QĐ108UB", "CT8D": a code, not a document. "Luật 106có" (a missing space) is kept.
    if (/^\p{Lu}/u.test(glued) || (tw.abbreviation && /^\p{L}/u.test(glued))) continue;
    if (tw.abbreviation && AMBIGUOUS_ABBREVIATIONS.has(tw.code) && !so.so && num.year === undefined) continue;
    // A bare year ("Nghị định 2006") is not a document number.
    if (num.year === undefined && /^(?:19|20)\d\d$/.test(num.number)) continue;
    // The Government issues a few hundred decrees a year: "NĐ 1816" is a boat number.
    if (tw.code === 'NĐ' && num.year === undefined && /^\d{4,}/.test(num.number)) continue;
    const spaced = matchAt(SPACED_TAIL_RE, text, num.end);
    if (spaced) {
      // "Quyết định 309 QĐ-TTg", "Nghị định 67/2014 NĐ-CP": the symbol with a space for the slash.
      const pieces = spaced[1].split(/\s?[-–]\s?/);
      const end = num.end + spaced[0].length;
      const sym: SymbolMatch | undefined =
        num.year !== undefined
          ? stateSymbol(tw.start, end, num.number, num.year, pieces)
          : (() => {
              const cp = pieces.map(canonicalPiece);
              const code = SYMBOL_TYPE_CODES.get(cp[0].toUpperCase())!;
              const issuer = cp.slice(1).join('-');
              return { start: tw.start, end, form: 'admin' as const, number: num.number, code, issuer, judgment: false, bare: false, key: `${num.number}/${code}-${issuer}` };
            })();
      if (sym) {
        out.push(fromSymbol(sym, tw.start, typeForSymbol(sym, { code: tw.code, generic: false })));
        lastEnd = end;
        continue;
      }
    }
    out.push({
      start: tw.start,
      end: num.end,
      form: 'short',
      type: tw.code,
      number: num.number,
      year: num.year,
      key: num.year !== undefined ? `${tw.code} ${num.number}/${num.year}` : `${tw.code} ${num.number}`,
      full: false,
      tail: num.end,
    });
    lastEnd = num.end;
  }

  // Symbols with no type word right before them.
  for (const sym of symbols) {
    if (used.has(sym)) continue;
    if (out.some((c) => c.start < sym.end && sym.start < c.end)) continue;
    const prose = proseTypeBefore(text, folded, sym.start, typeWords);
    if (sym.bare && !prose) {
      // "464/BNV" with nothing but "số" before: accept after "số" only.
      if (!/(?:^|[^\p{L}])so\s*$/u.test(folded.slice(Math.max(0, sym.start - 8), sym.start))) continue;
    }
    out.push(fromSymbol(sym, sym.start, typeForSymbol(sym, prose)));
  }

  out.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Candidate[] = [];
  let end = -1;
  for (const c of out) {
    if (c.start < end) continue;
    kept.push(c);
    end = c.end;
  }
  return kept;
}
