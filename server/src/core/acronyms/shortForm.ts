/**
 * Parenthesised groups of a span and the short form read inside one.
 */
import { isAcronymShape } from './shape';

export interface ShortForm {
  /** as written */
  text: string;
  start: number;
  end: number;
  /** base acronym without a numeric qualifier */
  base: string;
  baseEnd: number;
  /** numeric qualifier (e.g. "2" of "SOM 2", "1982" of "UNCLOS 1982") */
  qualifier?: string;
  /** the qualifier was a worded one ("năm 2003"): dropped unless the long form carries it */
  wordedQualifier?: boolean;
  /** several acronym tokens ("CTCP TS&TM"): letter matching only */
  multi?: boolean;
}

export interface ParenGroup {
  open: number;
  close: number;
  content: string;
}

/** Parenthesised groups inside [from, to), nested groups included (outer first). */
export function parenGroups(text: string, from: number, to: number): ParenGroup[] {
  const out: ParenGroup[] = [];
  const stack: number[] = [];
  // only "(" and ")" matter: jump between them (searching the span only)
  const seg = text.slice(from, to);
  const end = seg.length;
  let nextOpen = seg.indexOf('(');
  let nextClose = seg.indexOf(')');
  if (nextOpen < 0) nextOpen = end;
  if (nextClose < 0) nextClose = end;
  while (nextOpen < end || nextClose < end) {
    if (nextOpen < nextClose) {
      stack.push(from + nextOpen);
      nextOpen = seg.indexOf('(', nextOpen + 1);
      if (nextOpen < 0) nextOpen = end;
    } else {
      const i = from + nextClose;
      if (stack.length) {
        const open = stack.pop()!;
        if (i - open <= 400) out.push({ open, close: i, content: text.slice(open + 1, i) });
      }
      nextClose = seg.indexOf(')', nextClose + 1);
      if (nextClose < 0) nextClose = end;
    }
  }
  return out.sort((a, b) => a.open - b.open);
}

export const SF_TOKEN = /^[\p{L}\p{N}]+(?:[.\-&/][\p{L}\p{N}]+)*\+?/u;

/**
 * Reads a short form at `pos` (the first non-space of a parenthetical's content, or after
 * "gọi tắt là"). What may follow it inside the parenthetical: nothing; a numeric qualifier
 * ("SOM 2", "SOM -2", "UNCLOS 1982"); a worded one ("năm 2003"); a dash and a description
 * ("DUP - đảng …", "IoT – Internet of Thing"); a comma and a description.
 */
export function readShortForm(text: string, pos: number, end: number): { sf: ShortForm; rest: number; restKind: 'end' | 'dash' | 'comma' | 'other' } | undefined {
  const m = SF_TOKEN.exec(text.slice(pos, end));
  if (!m) return undefined;
  const tok = m[0];
  if (!isAcronymShape(tok)) return undefined;
  // "FMIS/MMIS": two acronyms for one gloss cannot be paired
  if (/\//.test(tok) && tok.split('/').every((p) => p.length >= 2)) return undefined;
  let i = pos + tok.length;
  const sf: ShortForm = { text: tok, start: pos, end: i, base: tok, baseEnd: i };
  const tail = text.slice(i, end);
  let q: RegExpExecArray | null;
  if ((q = /^\s*-?\s*(\d{1,4})(?=\s*$|\s*[,;–—-])/u.exec(tail)) && /\s|-/.test(tail[0] ?? '')) {
    sf.qualifier = q[1];
    sf.end = i + q[0].length;
    sf.text = text.slice(pos, sf.end);
    i = sf.end;
  } else if ((q = /^\s+(năm|khóa|khoá)\s+(\d{1,4})(?=\s*$|\s*[,;–—-])/iu.exec(tail))) {
    sf.qualifier = q[2];
    sf.wordedQualifier = true;
    i += q[0].length;
  } else {
    // several acronym tokens in a row ("CTCP TS&TM")
    let j = i;
    let multi = false;
    for (;;) {
      const mm = /^\s+([\p{L}\p{N}]+(?:[.\-&/][\p{L}\p{N}]+)*)/u.exec(text.slice(j, end));
      if (!mm || !isAcronymShape(mm[1])) break;
      j += mm[0].length;
      multi = true;
    }
    if (multi && /^\s*$/.test(text.slice(j, end))) {
      sf.multi = true;
      sf.end = j;
      sf.baseEnd = j;
      sf.text = text.slice(pos, j);
      sf.base = sf.text;
      i = j;
    }
  }
  const after = text.slice(i, end);
  if (/^\s*$/.test(after)) return { sf, rest: end, restKind: 'end' };
  const d = /^\s*[-\u2013\u2014]\s+/u.exec(after);
  if (d) return { sf, rest: i + d[0].length, restKind: 'dash' };
  const c = /^\s*[,;]\s*/u.exec(after);
  if (c) return { sf, rest: i + c[0].length, restKind: 'comma' };
  return { sf, rest: i, restKind: 'other' };
}
