/**
 * Long forms in a brief: "Đối tác chiến lược toàn diện" under the cursor is known as CSP.
 * Looks up every run of words around the cursor (longest first) among the long forms of
 * the brief's own definitions, the glossaries and the corpus definitions.
 *
 * Every hover that is on no acronym or reference comes here and tries up to a hundred runs
 * of words, so the runs are keyed from the words' own keys (`runKey`), not each from its
 * text: keying each run's text three times (once per table) was most of a hover's time and
 * nearly all of its garbage (about 0.5 MB per hover, QUALITY.md "Hover while indexing").
 */
import { words } from '../core/tokenize';
import type { Token } from '../core/tokenize';
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

/**
 * The long-form keys of runs of a line's words, each equal to `longFormKey` of the text the
 * run spans (a property test checks it): the words' keys joined by one space, since what
 * lies between two words folds to no letter or digit and becomes that one space. A capital
 * sigma is the exception (lower case "Σ" depends on the letters around it, across a
 * separator): such a line keys each run's text.
 */
export function runKeys(line: string, tokens: readonly Token[]): (first: number, last: number) => string {
  if (line.includes('Σ')) return (first, last) => longFormKey(line.slice(tokens[first].start, tokens[last].end));
  const keys = tokens.map((t) => longFormKey(t.text));
  return (first, last) => {
    let key = '';
    for (let k = first; k <= last; k++) {
      // A word of marks alone has an empty key: it adds no word to the run's.
      if (keys[k] === '') continue;
      key = key === '' ? keys[k] : `${key} ${keys[k]}`;
    }
    return key;
  };
}

export function longFormAt(ctx: FeatureContext, doc: OpenDocument, offset: number): LongFormMatch | undefined {
  const lineStart = doc.text.lastIndexOf('\n', offset - 1) + 1;
  const nl = doc.text.indexOf('\n', offset);
  const line = doc.text.slice(lineStart, nl < 0 ? doc.text.length : nl);
  const tokens = words(line);
  const at = tokens.findIndex((t) => lineStart + t.start <= offset && offset <= lineStart + t.end);
  if (at < 0) return undefined;
  const briefLongForms = new Map(doc.analysis.definitions.map((d) => [longFormKey(d.longForm), d]));
  const keyOf = runKeys(line, tokens);
  for (let size = Math.min(MAX_WORDS, tokens.length); size >= MIN_WORDS; size--) {
    for (let first = Math.max(0, at - size + 1); first <= at && first + size <= tokens.length; first++) {
      const key = keyOf(first, first + size - 1);
      const acronym = briefLongForms.get(key)?.acronym ?? ctx.glossary.lookupLongFormKey(key)[0]?.acronym ?? ctx.corpus.definitionsByLongFormKey(key)[0]?.def.acronym;
      if (acronym) {
        const start = tokens[first].start;
        const end = tokens[first + size - 1].end;
        const def = briefLongForms.get(key) ?? ctx.corpus.definitionsByLongFormKey(key)[0]?.def;
        return { key: def?.key ?? acronymKey(acronym), acronym, text: line.slice(start, end), range: { start: lineStart + start, end: lineStart + end } };
      }
    }
  }
  return undefined;
}
