import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { acronymKey, longFormKey, mineDefinitions, type AcronymDefinition } from '../../server/src/core/acronyms';
import { extractArticle } from '../../server/src/core/article';
import { normalizeText } from '../../server/src/core/text';

/**
 * Precision and recall of the acronym miner on the hand-labelled fixture
 * (test/fixtures/acronyms/labels.json, 243 definition sites in 175 fully labelled files).
 *
 * Each file goes through normalizeText + extractArticle + mineDefinitions (mining limited to
 * the article body, `known` from server/data/glossary.json), as the server does. A predicted
 * definition is correct when file, line, acronym key and folded long form match a label
 * (each label matches at most one prediction).
 *
 * Boilerplate: the product mines only the article body, so labels with inBody: false (4
 * definitions in seed-page "Cùng chủ đề" / "Mới nhất" lists) are out of scope and not
 * scored. The whole-file figures (every line mined, every label) are printed for reference.
 *
 * Thresholds sit a little below the measured figures (test/fixtures/acronyms/ACCURACY.md).
 * Set ACRONYM_ACCURACY_VERBOSE=1 to list every error.
 */

const ROOT = path.join(__dirname, '..', '..');
const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'acronyms', 'labels.json');
const GLOSSARY = path.join(ROOT, 'server', 'data', 'glossary.json');

const THRESHOLDS = {
  precision: 0.95,
  recall: 0.82,
  f1: 0.88,
  attributionPrecision: 0.95,
  attributionRecall: 0.95,
};

interface LabelDef {
  file: string;
  line: number;
  character: number;
  acronym: string;
  longForm: string;
  longFormCharacter: number;
  pattern: string;
  inBody: boolean;
}

interface LabelAttr {
  file: string;
  line: number;
  character: number;
  acronym: string;
  kind: string;
  inBody: boolean;
}

interface Labels {
  files: string[];
  definitions: LabelDef[];
  attributions: LabelAttr[];
}

interface Predicted {
  file: string;
  line: number;
  character: number;
  longFormCharacter: number;
  acronym: string;
  longForm: string;
  pattern: string;
  method: string;
}

interface Scores {
  tp: number;
  predicted: number;
  labelled: number;
  precision: number;
  recall: number;
  f1: number;
}

function scores(tp: number, predicted: number, labelled: number): Scores {
  const precision = predicted ? tp / predicted : 1;
  const recall = labelled ? tp / labelled : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { tp, predicted, labelled, precision, recall, f1 };
}

function loadKnown(): (key: string) => readonly string[] {
  const data = JSON.parse(fs.readFileSync(GLOSSARY, 'utf8')) as { entries: Array<{ acronym: string; vi: string; en: string }> };
  const byKey = new Map<string, string[]>();
  for (const e of data.entries) {
    const k = acronymKey(e.acronym);
    const list = byKey.get(k) ?? [];
    list.push(e.vi, e.en);
    byKey.set(k, list);
  }
  return (key) => byKey.get(key) ?? [];
}

/** Line (1-based) and column of an offset. */
function lineIndex(text: string): (offset: number) => { line: number; character: number } {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, character: offset - starts[lo] };
  };
}

function mineFixture(labels: Labels, known: (key: string) => readonly string[], bodyOnly: boolean) {
  const defs: Predicted[] = [];
  const attrs: Array<{ file: string; line: number; character: number; acronym: string; kind: string }> = [];
  for (const file of labels.files) {
    const text = normalizeText(fs.readFileSync(path.join(ROOT, file), 'utf8')).text;
    const spans = bodyOnly ? extractArticle(text).body : undefined;
    const result = mineDefinitions(text, spans, known);
    const at = lineIndex(text);
    for (const d of result.definitions) defs.push(toPredicted(file, d, at));
    for (const a of result.attributions) attrs.push({ file, ...at(a.start), acronym: a.acronym, kind: a.kind });
  }
  return { defs, attrs };
}

function toPredicted(file: string, d: AcronymDefinition, at: (o: number) => { line: number; character: number }): Predicted {
  const a = at(d.start);
  const l = at(d.longStart);
  return {
    file,
    line: a.line,
    character: a.character,
    longFormCharacter: l.line === a.line ? l.character : -1,
    acronym: d.acronym,
    longForm: d.longForm,
    pattern: d.pattern,
    method: d.method ?? '?',
  };
}

const defKey = (x: { file: string; line: number; acronym: string; longForm: string }) =>
  `${x.file}|${x.line}|${acronymKey(x.acronym)}|${longFormKey(x.longForm)}`;

/** One-to-one matching of predictions and labels on defKey. */
function match(preds: Predicted[], labels: LabelDef[]) {
  const pool = new Map<string, LabelDef[]>();
  for (const l of labels) {
    const k = defKey(l);
    pool.set(k, [...(pool.get(k) ?? []), l]);
  }
  const pairs: Array<[Predicted, LabelDef]> = [];
  const falsePositives: Predicted[] = [];
  for (const p of preds) {
    const list = pool.get(defKey(p));
    // prefer the label at the same character (two equal definitions on one line)
    const idx = list ? Math.max(0, list.findIndex((l) => l.character === p.character)) : -1;
    if (list && list.length) pairs.push([p, list.splice(idx, 1)[0]]);
    else falsePositives.push(p);
  }
  const falseNegatives = [...pool.values()].flat();
  return { pairs, falsePositives, falseNegatives };
}

const pct = (x: number) => x.toFixed(3);

function row(name: string, s: Scores): string {
  return `  ${name.padEnd(22)} P ${pct(s.precision)}  R ${pct(s.recall)}  F1 ${pct(s.f1)}   (tp ${s.tp}, predicted ${s.predicted}, labelled ${s.labelled})`;
}

describe('acronym miner accuracy on the labelled fixture (test/fixtures/acronyms)', function () {
  this.timeout(120000);

  const labels = JSON.parse(fs.readFileSync(FIXTURE, 'utf8')) as Labels;
  const known = loadKnown();
  const verbose = !!process.env.ACRONYM_ACCURACY_VERBOSE;

  const body = mineFixture(labels, known, true);
  const bodyLabels = labels.definitions.filter((d) => d.inBody);
  const m = match(body.defs, bodyLabels);
  const overall = scores(m.pairs.length, body.defs.length, bodyLabels.length);

  it('reports precision, recall and F1 (article body; boilerplate labels out of scope)', () => {
    const lines = [`Acronym definitions, ${labels.files.length} files, body-only mining, known = glossary:`, row('overall', overall)];
    const patterns = [...new Set([...bodyLabels.map((l) => l.pattern), ...body.defs.map((p) => p.pattern)])].sort();
    for (const pat of patterns) {
      const predicted = body.defs.filter((p) => p.pattern === pat).length;
      const labelled = bodyLabels.filter((l) => l.pattern === pat).length;
      const tpP = m.pairs.filter(([p]) => p.pattern === pat).length;
      const tpL = m.pairs.filter(([, l]) => l.pattern === pat).length;
      // precision counts predictions of the pattern, recall labels of the pattern
      const precision = predicted ? tpP / predicted : 1;
      const recall = labelled ? tpL / labelled : 1;
      const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
      lines.push(row(`pattern ${pat}`, { tp: tpL, predicted, labelled, precision, recall, f1 }));
    }
    const methods = [...new Set(body.defs.map((p) => p.method))].sort();
    lines.push('  precision by method:');
    for (const method of methods) {
      const predicted = body.defs.filter((p) => p.method === method).length;
      const tp = m.pairs.filter(([p]) => p.method === method).length;
      lines.push(`    ${method.padEnd(8)} ${pct(tp / predicted)}  (${tp}/${predicted})`);
    }
    // whole files, every label (boilerplate included), for reference
    const all = mineFixture(labels, known, false);
    const mAll = match(all.defs, labels.definitions);
    lines.push(row('whole files, all labels', scores(mAll.pairs.length, all.defs.length, labels.definitions.length)));
    console.log(lines.join('\n'));
    if (verbose || overall.precision < THRESHOLDS.precision || overall.recall < THRESHOLDS.recall) {
      console.log('  false positives:');
      for (const p of m.falsePositives) console.log(`    ${p.file}:${p.line} ${p.acronym} = ${p.longForm} [${p.pattern}, ${p.method}]`);
      console.log('  false negatives:');
      for (const l of m.falseNegatives) console.log(`    ${l.file}:${l.line} ${l.acronym} = ${l.longForm} [${l.pattern}]`);
    }
    assert.ok(overall.precision >= THRESHOLDS.precision, `precision ${pct(overall.precision)} < ${THRESHOLDS.precision}`);
    assert.ok(overall.recall >= THRESHOLDS.recall, `recall ${pct(overall.recall)} < ${THRESHOLDS.recall}`);
    assert.ok(overall.f1 >= THRESHOLDS.f1, `F1 ${pct(overall.f1)} < ${THRESHOLDS.f1}`);
  });

  it('correct definitions land on the labelled characters (acronym and long form)', () => {
    const wrong = m.pairs.filter(([p, l]) => p.character !== l.character || p.longFormCharacter !== l.longFormCharacter);
    assert.deepEqual(
      wrong.map(([p, l]) => `${p.file}:${p.line} ${p.acronym} at ${p.character}/${p.longFormCharacter}, label ${l.character}/${l.longFormCharacter}`),
      [],
    );
  });

  it('separates attributions (source tags, photo credits, bylines) from definitions', () => {
    const want = labels.attributions.filter((a) => a.inBody);
    const key = (a: { file: string; line: number; character: number; acronym: string; kind: string }) =>
      `${a.file}|${a.line}|${a.character}|${acronymKey(a.acronym)}|${a.kind}`;
    const wanted = new Set(want.map(key));
    const tp = body.attrs.filter((a) => wanted.has(key(a))).length;
    const s = scores(tp, body.attrs.length, want.length);
    console.log(row('attributions', s));
    if (verbose) {
      const got = new Set(body.attrs.map(key));
      for (const a of body.attrs) if (!wanted.has(key(a))) console.log(`    extra ${key(a)}`);
      for (const a of want) if (!got.has(key(a))) console.log(`    missed ${key(a)}`);
    }
    assert.ok(s.precision >= THRESHOLDS.attributionPrecision, `attribution precision ${pct(s.precision)}`);
    assert.ok(s.recall >= THRESHOLDS.attributionRecall, `attribution recall ${pct(s.recall)}`);
  });

  it('no attribution is also reported as a definition', () => {
    const attrSites = new Set(labels.attributions.map((a) => `${a.file}|${a.line}|${a.character}`));
    const clash = body.defs.filter((d) => attrSites.has(`${d.file}|${d.line}|${d.character}`));
    assert.deepEqual(clash, []);
  });
});
