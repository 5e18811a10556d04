/**
 * Accuracy of the document register on hand-labelled cards (test/fixtures/documents: a fixed
 * slice of vn-news articles, cards split into a development half and a frozen test half
 * before any rule was tuned; README.md there). The slice is indexed as a corpus; each card's
 * document is looked up by its symbol (else its short form) and the register's card is
 * compared field by field:
 *  - per field (issuer, signed, effective, subject, term, signer): precision = correct values
 *    among the values the register gives, recall = correct values among the labelled ones;
 *  - relations: precision over the relations the register states from the card's files,
 *    recall over the labelled ones;
 *  - every status other than 'unknown' has a source passage.
 * Comparison rules: dates equal; subjects equal after folding, punctuation and a leading
 * "về (việc)" are set aside (or equal to a labelled variant); each labelled issuer contained
 * in the register's (so "Quốc hội khóa XIII" gives "Quốc hội"), common abbreviations
 * expanded; terms as Roman numerals.
 *
 * The floors are what the register reached when this was written (both halves are printed);
 * the test fails below them. The test half is reported, never tuned on.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyzeDocument } from '../../server/src/core/analyze';
import { CorpusIndex } from '../../server/src/core/corpusIndex';
import { TYPE_NAMES } from '../../server/src/core/references';
import { lookupKey } from '../../server/src/core/resolve';
import { foldKey } from '../../server/src/core/text';
import type { FeatureContext } from '../../server/src/features/context';
import { documentCardForKey, DocumentCard } from '../../server/src/features/documentCard';
import { bundledGlossary } from './briefHelpers';

const FIXTURE = path.resolve(__dirname, '..', 'fixtures', 'documents');

interface DocId {
  type: string;
  number: string | null;
  year: number | null;
  symbol: string | null;
  name?: string;
}
interface Card {
  id: string;
  doc: DocId;
  issuer: string[];
  signed: string | null;
  effective: string | null;
  subject: string | null;
  subjectVariants?: string[];
  term: string | null;
  signer: string | null;
  relations: Array<{ kind: string; target: DocId; file: string; quote: string; date: string | null }>;
  files: string[];
}

const FIELDS = ['issuer', 'signed', 'effective', 'subject', 'term', 'signer'] as const;
type Field = (typeof FIELDS)[number];

/** Floors: what the register reached (dev, test); the test fails below. */
const FLOORS: Record<'dev' | 'test', { fields: Partial<Record<Field, { p: number; r: number }>>; relations: { p: number; r: number }; found: number }> = {
  // Reached on 2026-12-07 (106 dev cards, 96 test cards), truncated to two decimals. Later
  // the same day: documents sharing a Party symbol told apart by year (dev signed .90 → .92)
  // and relations to laws named by title alone (dev relations R .64 → .75; on the test
  // half, measured once after the dev tuning, R .44 → .55 and P 1.00 → .83: the floor
  // records that fall, it is not tuned away).
  dev: {
    found: 104,
    fields: { issuer: { p: 0.93, r: 0.9 }, signed: { p: 0.92, r: 0.92 }, effective: { p: 0.93, r: 0.83 }, subject: { p: 0.79, r: 0.78 }, term: { p: 0.82, r: 0.82 }, signer: { p: 1, r: 0 } },
    relations: { p: 1, r: 0.75 },
  },
  test: {
    found: 94,
    fields: { issuer: { p: 0.91, r: 0.88 }, signed: { p: 0.97, r: 0.87 }, effective: { p: 0.81, r: 0.61 }, subject: { p: 0.59, r: 0.59 }, term: { p: 0.92, r: 0.92 }, signer: { p: 1, r: 0.66 } },
    relations: { p: 0.83, r: 0.55 },
  },
};

function readCards(half: 'dev' | 'test'): Card[] {
  return fs
    .readFileSync(path.join(FIXTURE, `cards.${half}.jsonl`), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Card);
}

let world: FeatureContext | undefined;
function sliceContext(): FeatureContext {
  if (world) return world;
  const corpus = new CorpusIndex();
  const dir = path.join(FIXTURE, 'corpus');
  for (const name of fs.readdirSync(dir).sort()) {
    const file = path.join(dir, name);
    const text = fs.readFileSync(file, 'utf8');
    const uri = pathToFileURL(file).href;
    corpus.add({ uri, path: file, bytes: text.length, mtimeMs: 0, analysis: analyzeDocument(uri, text, { kind: 'corpus' }) });
  }
  world = { corpus, glossary: bundledGlossary() };
  return world;
}

const CODE_OF_TYPE = new Map(Object.entries(TYPE_NAMES).map(([code, name]) => [foldKey(name), code]));
CODE_OF_TYPE.set(foldKey('Bộ luật'), 'L');

function typeCode(type: string): string | undefined {
  return CODE_OF_TYPE.get(foldKey(type));
}

/** Keys the register may file the document under, most specific first. */
function keysOf(d: DocId): string[] {
  const keys: string[] = [];
  if (d.symbol) keys.push(d.symbol);
  const code = typeCode(d.type);
  if (code && d.number) {
    const n = d.number.replace(/^0+(?=\d)/, '');
    if (d.year) keys.push(`${code} ${n}/${d.year}`);
    keys.push(`${code} ${n}`);
  }
  if (d.name && d.year) keys.push(`L ${d.name.replace(/^(?:Bộ luật|Luật)\s+/u, '')} ${d.year}`);
  return keys;
}

/**
 * The card's document: by key, and by its year where the label has one (as a writer's
 * mention "Nghị quyết 49-NQ/TW ngày 2/6/2005" gives it), since Party symbols repeat across
 * terms and the register keeps such documents apart by date.
 */
function cardFor(ctx: FeatureContext, d: DocId): DocumentCard | undefined {
  for (const k of keysOf(d)) {
    const card = documentCardForKey(ctx, k, [], d.year ?? undefined);
    if (card && (card.sources.length > 0 || card.relations.length > 0)) return card;
  }
  return undefined;
}

const ABBREVIATIONS: Array<[RegExp, string]> = [
  [/\bubnd\b/g, 'uy ban nhan dan'],
  [/\bhdnd\b/g, 'hoi dong nhan dan'],
  [/\btp\b/g, 'thanh pho'],
  [/\bnhnn\b/g, 'ngan hang nha nuoc'],
  [/\bubtvqh\b/g, 'uy ban thuong vu quoc hoi'],
  [/\btw\b/g, 'trung uong'],
  [/\bhcm\b/g, 'ho chi minh'],
];
function norm(s: string): string {
  let f = foldKey(s).replace(/[^a-z0-9 ]/g, ' ').replace(/\s+/g, ' ').trim();
  for (const [re, full] of ABBREVIATIONS) f = f.replace(re, full);
  return f;
}
function normSubject(s: string): string {
  return norm(s).replace(/^ve viec /, '').replace(/^ve /, '');
}
function normTerm(s: string): string {
  return s.replace(/^kh[oó]a\s+/iu, '').trim().toUpperCase();
}

function correct(field: Field, card: DocumentCard, gold: Card): boolean {
  switch (field) {
    case 'issuer':
      return !!card.issuer && gold.issuer.every((g) => norm(card.issuer!).includes(norm(g)));
    case 'signed':
      return card.signed === gold.signed;
    case 'effective':
      return card.effective === gold.effective;
    case 'subject':
      return !!card.subject && [gold.subject, ...(gold.subjectVariants ?? [])].some((g) => g && normSubject(g) === normSubject(card.subject!));
    case 'term':
      return !!card.term && !!gold.term && normTerm(card.term) === normTerm(gold.term);
    case 'signer':
      return !!card.signer && !!gold.signer && norm(card.signer) === norm(gold.signer);
  }
}

function given(field: Field, card: DocumentCard | undefined): boolean {
  if (!card) return false;
  return card[field] !== undefined;
}

function labelled(field: Field, gold: Card): boolean {
  return field === 'issuer' ? gold.issuer.length > 0 : gold[field] !== null && gold[field] !== undefined;
}

/** Does a relation's key name the labelled target? */
function sameTarget(key: string, t: DocId): boolean {
  const k = lookupKey(key);
  if (keysOf(t).some((x) => lookupKey(x) === k)) return true;
  // A symbol key for a target labelled by type and number only ("Nghị định 171").
  const code = typeCode(t.type);
  if (t.number && code) {
    const n = t.number.replace(/^0+(?=\d)/, '');
    const m = /^(\d+[a-z]?)\/(\d{4})\/([^-]+)/.exec(key) ?? /^(\d+[a-z]?)-([^/]+)\//.exec(key);
    if (m && m[1] === n && (!t.year || /^\d{4}$/.test(m[2]) && Number(m[2]) === t.year)) return true;
  }
  if (t.name && key.startsWith('L ')) return norm(key.slice(2)).startsWith(norm(t.name.replace(/^(?:Bộ luật|Luật)\s+/u, '')));
  return false;
}

interface Measure {
  cards: number;
  found: number;
  fields: Record<Field, { gold: number; predicted: number; correct: number; precision: number; recall: number }>;
  relations: { gold: number; predicted: number; correct: number; matchedGold: number; precision: number; recall: number };
  errors: string[];
}

function measure(half: 'dev' | 'test'): Measure {
  const ctx = sliceContext();
  const cards = readCards(half);
  const fields = Object.fromEntries(FIELDS.map((f) => [f, { gold: 0, predicted: 0, correct: 0, precision: 1, recall: 1 }])) as Measure['fields'];
  const rel = { gold: 0, predicted: 0, correct: 0, matchedGold: 0, precision: 1, recall: 1 };
  const errors: string[] = [];
  let found = 0;
  for (const gold of cards) {
    const card = cardFor(ctx, gold.doc);
    if (card) found++;
    else errors.push(`MISS  ${gold.id} ${keysOf(gold.doc).join(' | ')}`);
    for (const f of FIELDS) {
      const g = labelled(f, gold);
      const p = given(f, card);
      if (g) fields[f].gold++;
      if (p) fields[f].predicted++;
      const ok = !!card && p && g && correct(f, card, gold);
      if (ok) fields[f].correct++;
      else if (card && (g || p)) errors.push(`${f.padEnd(9)} ${gold.id} gold ${JSON.stringify(f === 'issuer' ? gold.issuer : gold[f])} got ${JSON.stringify(card[f as keyof DocumentCard])}`);
    }
    rel.gold += gold.relations.length;
    const files = new Set(gold.files);
    const ours = (card?.relations ?? []).filter((r) => files.has(path.basename(decodeURIComponent(new URL(r.source.uri).pathname))));
    const matched = new Set<number>();
    for (const r of ours) {
      rel.predicted++;
      const i = gold.relations.findIndex((g, j) => !matched.has(j) && g.kind === r.kind && sameTarget(r.key, g.target));
      if (i >= 0) {
        rel.correct++;
        matched.add(i);
      } else errors.push(`REL+     ${gold.id} ${r.kind} ${r.key}`);
    }
    rel.matchedGold += matched.size;
    gold.relations.forEach((g, j) => matched.has(j) || errors.push(`REL-     ${gold.id} ${g.kind} ${keysOf(g.target).join('|') || g.target.name} «${g.quote.slice(0, 90)}»`));
  }
  for (const f of FIELDS) {
    const x = fields[f];
    x.precision = x.predicted ? round(x.correct / x.predicted) : 1;
    x.recall = x.gold ? round(x.correct / x.gold) : 1;
  }
  rel.precision = rel.predicted ? round(rel.correct / rel.predicted) : 1;
  rel.recall = rel.gold ? round(rel.matchedGold / rel.gold) : 1;
  return { cards: cards.length, found, fields, relations: rel, errors };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

describe('document register accuracy on the labelled cards', function () {
  this.timeout(120_000);
  const results: Partial<Record<'dev' | 'test', Measure>> = {};
  before(() => {
    results.dev = measure('dev');
    // While tuning, POLICY_LENS_ACCURACY_DEV_ONLY=1 keeps the test half unseen.
    if (!process.env.POLICY_LENS_ACCURACY_DEV_ONLY) results.test = measure('test');
    for (const half of ['dev', 'test'] as const) {
      const m = results[half];
      if (!m) continue;
      const summary = {
        half,
        cards: m.cards,
        found: m.found,
        fields: Object.fromEntries(FIELDS.map((f) => [f, { p: m.fields[f].precision, r: m.fields[f].recall, gold: m.fields[f].gold, given: m.fields[f].predicted }])),
        relations: { p: m.relations.precision, r: m.relations.recall, gold: m.relations.gold, given: m.relations.predicted },
      };
      console.log(`      ${JSON.stringify(summary)}`);
    }
    if (process.env.POLICY_LENS_ACCURACY_ERRORS) for (const e of results.dev!.errors) console.log(`      dev ${e}`);
  });

  for (const half of ['dev', 'test'] as const) {
    it(`${half}: every field and the relations at or above the floor`, function () {
      const m = results[half];
      if (!m) return this.skip();
      const floor = FLOORS[half];
      assert.ok(m.found >= floor.found, `found ${m.found} < ${floor.found}`);
      for (const [f, fl] of Object.entries(floor.fields) as Array<[Field, { p: number; r: number }]>) {
        assert.ok(m.fields[f].precision >= fl.p, `${f} precision ${m.fields[f].precision} < ${fl.p}`);
        assert.ok(m.fields[f].recall >= fl.r, `${f} recall ${m.fields[f].recall} < ${fl.r}`);
      }
      assert.ok(m.relations.precision >= floor.relations.p, `relation precision ${m.relations.precision} < ${floor.relations.p}`);
      assert.ok(m.relations.recall >= floor.relations.r, `relation recall ${m.relations.recall} < ${floor.relations.r}`);
    });
  }

  it('no status without a source, on every document of the slice', () => {
    const register = sliceContext().corpus.register;
    let statuses = 0;
    for (const key of register.keys()) {
      const rec = register.record(key)!;
      if (rec.status === 'unknown') continue;
      statuses++;
      assert.ok(rec.statusSource, `${key}: status ${rec.status} without a source`);
    }
    assert.ok(statuses > 0);
  });
});
