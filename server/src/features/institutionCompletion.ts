/**
 * Completion of institution names: the start of a name ("Bộ Kế h", "bo ke hoach", "tỉnh Quảng")
 * offers the register's full names that start with the typed words (accent-insensitive).
 * Bodies that exist on the brief's date come first; retired ones follow, marked deprecated
 * and labelled with their end date and successor, so a writer sees the current name before
 * the old one.
 */
import { longFormKey } from '../core/acronyms';
import type { Institution } from '../core/institutions';
import type { CompletionData } from './completion';
import type { OpenDocument } from './context';
import { bundledInstitutions, dateOfBrief, institutionMarkdown, successorNames, viDate } from './institutions';

const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const MAX_WORDS = 8;
const MAX_ITEMS = 30;

let table: Array<{ fold: string; body: Institution }> | undefined;

function names(): Array<{ fold: string; body: Institution }> {
  if (!table) table = bundledInstitutions().register.bodies.map((body) => ({ fold: longFormKey(body.names.full), body }));
  return table;
}

export function institutionItems(doc: OpenDocument, before: string, lineStart: number, today?: string): CompletionData[] {
  if (!/[\p{L}\p{M}]$/u.test(before)) return [];
  const words = [...before.matchAll(WORD)].slice(-MAX_WORDS);
  for (let n = words.length; n >= 1; n--) {
    const first = words[words.length - n];
    const typed = before.slice(first.index!);
    if (!/^[\p{L}\p{M}\p{N}\s\-–,]+$/u.test(typed)) continue;
    const folded = longFormKey(typed);
    if (folded.replace(/ /g, '').length < 4 || (n === 1 && !/^\p{Lu}/u.test(first[0]))) continue;
    const hits = names().filter((x) => x.fold.startsWith(folded));
    if (hits.length === 0) continue;
    const { register } = bundledInstitutions();
    const date = dateOfBrief(doc, today);
    const range = { start: lineStart + first.index!, end: lineStart + before.length };
    return hits.slice(0, MAX_ITEMS).map(({ fold, body }) => {
      const retired = register.retiredOn(body, date.date);
      const next = retired ? successorNames(register, body, date.date) : [];
      return {
        label: body.names.full,
        kind: 'institution',
        detail: retired ? `retired ${viDate(body.validTo!)}${next.length ? ` → ${next.join('; ')}` : ''}` : (body.names.en ?? body.kind),
        documentation: institutionMarkdown(body, date),
        insertText: body.names.full,
        range,
        filterText: typed + fold.slice(folded.length),
        sortText: `${retired ? 'z' : '0'}${fold}`,
        deprecated: retired || undefined,
      };
    });
  }
  return [];
}
