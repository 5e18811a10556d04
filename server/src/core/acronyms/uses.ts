/**
 * Acronym uses in a text, for hover and editorial checks.
 */
import { acronymKey } from './keys';
import { isAcronymShape, isUpper } from './shape';
import type { AcronymUse } from './types';

/**
 * Every token that looks like an acronym (ĐCSVN, KT-XH, T.Ư, COP28, G20, HĐND, TTg,
 * NN&PTNT, TP.HCM), for hover and editorial checks. Not ordinary capitalised words, not
 * Roman numerals alone (XIII), not single letters, not document numbers (34-NQ/TW), not a
 * run of three or more all-caps words (a shouted headline). "AFP/TTXVN" gives two uses.
 */
export function findAcronymUses(text: string): AcronymUse[] {
  const out: AcronymUse[] = [];
  // candidates: tokens that start with a capital (the rest cannot be acronyms)
  const re = /[\p{L}\p{M}\p{N}]+(?:[.\-&/][\p{L}\p{M}\p{N}]+)*\+?/gu;
  const toks: Array<{ t: string; s: number }> = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) if (isUpper(m[0][0])) toks.push({ t: m[0], s: m.index });
  const shouty = (k: number) => {
    const t = toks[k].t;
    return t === t.toUpperCase() && t.replace(/[^\p{L}]/gu, '').length >= 2;
  };
  const adjacent = (a: number, b: number) => /^\s+$/.test(text.slice(toks[a].s + toks[a].t.length, toks[b].s));
  for (let k = 0; k < toks.length; k++) {
    const { t, s } = toks[k];
    if (t.length < 2) continue;
    // a document number: "34-NQ/TW", "30/2020/NĐ-CP"
    if (/\d/.test(t) && /\//.test(t)) continue;
    // a run of three all-caps words is a shouted headline, not acronyms
    if (shouty(k)) {
      let run = 1;
      for (let j = k - 1; j >= 0 && shouty(j) && adjacent(j, j + 1); j--) run++;
      for (let j = k + 1; j < toks.length && shouty(j) && adjacent(j - 1, j); j++) run++;
      if (run >= 3) continue;
    }
    // "AFP/TTXVN": split at "/" unless a side is a single letter (C/O)
    const parts = t.includes('/') && t.split('/').every((p) => p.length >= 2) ? t.split('/') : [t];
    let off = s;
    for (const p of parts) {
      if (isAcronymShape(p)) out.push({ acronym: p, key: acronymKey(p), start: off, end: off + p.length });
      off += p.length + 1;
    }
  }
  return out;
}

/** The acronym use at an offset (inside it, or touching its end), if any. */
export function acronymAt(text: string, offset: number): AcronymUse | undefined {
  if (offset < 0 || offset > text.length) return undefined;
  // the line around the offset is enough context (a token never spans lines)
  const ls = text.lastIndexOf('\n', Math.max(0, offset - 1)) + 1;
  let le = text.indexOf('\n', offset);
  if (le < 0) le = text.length;
  const line = text.slice(ls, le);
  const uses = findAcronymUses(line);
  let touching: AcronymUse | undefined;
  for (const u of uses) {
    const s = u.start + ls;
    const e = u.end + ls;
    if (offset >= s && offset < e) return { ...u, start: s, end: e };
    if (offset === e) touching = { ...u, start: s, end: e };
  }
  return touching;
}
