/**
 * Long forms in a brief: "Đối tác chiến lược toàn diện" under the cursor is known as CSP.
 * Looks up every run of words around the cursor (longest first) among the long forms of
 * the brief's own definitions, the glossaries and the corpus definitions.
 */
import { words } from '../core/tokenize';
import { acronymKey, longFormKey } from '../core/acronyms';
import type { FeatureContext, OffsetRange, OpenDocument } from './context';

export interface LongFormMatch {
  key: string;
  acronym: string;
  text: string;
  range: OffsetRange;
}

const MAX_WORDS = 14;
const MIN_WORDS = 2;

export function longFormAt(ctx: FeatureContext, doc: OpenDocument, offset: number): LongFormMatch | undefined {
  const lineStart = doc.text.lastIndexOf('\n', offset - 1) + 1;
  const nl = doc.text.indexOf('\n', offset);
  const line = doc.text.slice(lineStart, nl < 0 ? doc.text.length : nl);
  const tokens = words(line);
  const at = tokens.findIndex((t) => lineStart + t.start <= offset && offset <= lineStart + t.end);
  if (at < 0) return undefined;
  const briefLongForms = new Map(doc.analysis.definitions.map((d) => [longFormKey(d.longForm), d]));
  for (let size = Math.min(MAX_WORDS, tokens.length); size >= MIN_WORDS; size--) {
    for (let first = Math.max(0, at - size + 1); first <= at && first + size <= tokens.length; first++) {
      const start = tokens[first].start;
      const end = tokens[first + size - 1].end;
      const text = line.slice(start, end);
      const key = longFormKey(text);
      const acronym = briefLongForms.get(key)?.acronym ?? ctx.glossary.lookupLongForm(text)[0]?.acronym ?? ctx.corpus.definitionsByLongForm(text)[0]?.def.acronym;
      if (acronym) {
        const def = briefLongForms.get(key) ?? ctx.corpus.definitionsByLongForm(text)[0]?.def;
        return { key: def?.key ?? acronymKey(acronym), acronym, text, range: { start: lineStart + start, end: lineStart + end } };
      }
    }
  }
  return undefined;
}
