/**
 * The PostgreSQL full-text side of the team corpus (core/fulltext/): its lexemes are the
 * embedded index's terms (checked against the plain tokenizer, the specification of the
 * scanner), and its ranking is the embedded index's (checked against EmbeddedSearchIndex on
 * the vn-news slice, candidates = every matching document, statistics computed here).
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { analyzeDocument } from '../../server/src/core/analyze';
import { documentLexemes, exactLexeme, foldedLexeme, quoteLexeme, tsvectorLiteral } from '../../server/src/core/fulltext/lexemes';
import { Candidate, candidateQuery, coverageSets, phraseKey, planQuery, rankCandidates, sequenceCount, unionKey } from '../../server/src/core/fulltext/rank';
import type { QueryExpansion } from '../../server/src/core/search/types';
import { EmbeddedSearchIndex, IndexedDocInput, parseQuery } from '../../server/src/core/search/index';
import { normalizeText } from '../../server/src/core/text';
import { symbols, words } from '../../server/src/core/tokenize';
import { titleSpanOf } from '../../server/src/host/indexFile';
import { parseDatabaseUrl, redactUrl, safeMessage } from '../../server/src/host/database/connection';
import { lineDoc } from '../helpers/searchDocs';

/** Lines as body spans, the first one the title. */
const lines = (text: string): IndexedDocInput => lineDoc(0, text);

/** The specification: the plain tokenizer's words and symbols of each line, positions counted across lines (+1 per line break), 1-based. */
function expectedLexemes(text: string): Map<string, number[]> {
  const norm = normalizeText(text).text;
  const out = new Map<string, number[]>();
  const add = (k: string, p: number) => {
    if (k === '' || k === '=') return; // marks alone fold to nothing: PostgreSQL has no empty lexeme
    const list = out.get(k) ?? [];
    if (list[list.length - 1] !== p) list.push(p);
    out.set(k, list);
  };
  let pos = 0;
  for (const line of norm.split('\n')) {
    if (!line) continue;
    const ws = words(line);
    ws.forEach((w, i) => {
      add(foldedLexeme(w.text), pos + i + 1);
      add(exactLexeme(w.text, false), pos + i + 1);
    });
    for (const s of symbols(line)) {
      const first = ws.findIndex((w) => w.start === s.start);
      add(foldedLexeme(s.text), pos + first + 1);
      add(exactLexeme(s.text, true), pos + first + 1);
    }
    pos += ws.length + 1;
  }
  for (const list of out.values()) list.sort((a, b) => a - b);
  return out;
}

describe('team corpus full text (core/fulltext)', () => {
  describe('lexemes are the embedded index terms', () => {
    const cases: [string, string[]][] = [
      ['Nghị quyết 34-NQ/TW\nvề đối ngoại', ['nghi', exactLexeme('Nghị', false), 'quyet', '34', 'nq', 'tw', '34-nq/tw', '=34-nq/tw', 've', 'doi', 'ngoai']],
      ['Hoà bình và hòa bình', ['hoa', '=hoa~\u0300', 'binh', 'va']],
      ['Mỹ và Mĩ, quy và qui', ['mi', 'quy']],
      ['ÐCSVN', ['dcsvn', '=đcsvn']],
      ['a \u0301 b', ['a', 'b']],
    ];
    for (const [text, want] of cases) {
      it(JSON.stringify(text), () => {
        const got = documentLexemes(lines(text)).lexemes;
        for (const w of want) assert.ok(got.has(w), `${w} in ${[...got.keys()].join(' ')}`);
      });
    }

    it('title positions carry weight A, a line break skips a position', () => {
      const lit = tsvectorLiteral(documentLexemes(lines('Ngoại giao\nngoại giao số')));
      assert.match(lit, /'ngoai':1A,4(?!\d)/);
      assert.match(lit, /'so':6(?!\d)/);
    });

    it('quotes lexemes for tsvector input', () => {
      assert.equal(quoteLexeme("a'b\\c"), "'a''b\\\\c'");
    });

    it('equal the plain tokenizer on random text (property)', () => {
      const alphabet = fc.constantFrom(...'aăâbcdđeêghiklmnoôơpqrstuưvxyAĐÊ0123456789 -/.\n'.split(''), 'ạ', 'ế', 'ỳ', 'Ð', '\u0301', ' ', ' ');
      fc.assert(
        fc.property(fc.array(alphabet, { maxLength: 200 }).map((a) => a.join('')), (text) => {
          const got = documentLexemes(lines(text)).lexemes;
          const want = expectedLexemes(text);
          assert.deepEqual(new Map([...got].map(([k, v]) => [k, v.positions])), want);
        }),
        { numRuns: 300 },
      );
    });
  });

  describe('ranking equals the embedded index on the vn-news slice', () => {
    const dir = path.join(__dirname, '..', 'fixtures', 'vn-news');
    const files = fs.readdirSync(dir).sort().slice(0, 150);
    const index = new EmbeddedSearchIndex();
    const texts = new Map<number, string>();
    const docs: { id: number; lex: ReturnType<typeof documentLexemes> }[] = [];
    files.forEach((f, id) => {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      const a = analyzeDocument(`file:///${f}`, text, { kind: 'corpus' });
      const input = { id, text, titleSpan: titleSpanOf(a), body: a.body };
      index.add(input);
      texts.set(id, text);
      docs.push({ id, lex: documentLexemes(input) });
    });
    const avg = docs.reduce((s, d) => s + d.lex.length, 0) / docs.length;
    const queries = ['ngoại giao', 'kinh te', 'Hà Nội', 'đầu tư nước ngoài', '"hợp tác" quốc tế', 'thủ tướng chính phủ', 'Việt Nam', 'COVID-19', 'phát triển bền vững', 'doanh nghiep nha nuoc'];
    // Acronym-aware queries, with the other names a lexicon would give (features/searchExpansion.ts):
    // typed words in the corpus extended by their alternatives, a typed form absent from it
    // (its alternatives count as one term), two expansions in one query, a form inside a longer query.
    const expanded: Array<[string, QueryExpansion[]]> = [
      ['bảo hiểm xã hội', [{ form: 'bảo hiểm xã hội', alternatives: ['BHXH'] }]],
      ['BHXH', [{ form: 'BHXH', alternatives: ['bảo hiểm xã hội', 'Social Insurance'] }]],
      ['quỹ BHXH tăng', [{ form: 'BHXH', alternatives: ['bảo hiểm xã hội'] }]],
      ['UBNDX tỉnh', [{ form: 'UBNDX', alternatives: ['Ủy ban nhân dân', 'UBND'] }]],
      ['WTO ASEAN', [{ form: 'WTO', alternatives: ['Tổ chức Thương mại Thế giới'] }, { form: 'ASEAN', alternatives: ['Hiệp hội các quốc gia Đông Nam Á'] }]],
      ['ngân hàng nhà nước NHNN', [{ form: 'NHNN', alternatives: ['Ngân hàng Nhà nước'] }, { form: 'ngân hàng nhà nước', alternatives: ['NHNN'] }]],
      ['FDI', [{ form: 'FDI', alternatives: ['đầu tư trực tiếp nước ngoài', 'Foreign Direct Investment'] }]],
    ];
    const cases: Array<[string, boolean, QueryExpansion[]]> = [
      ...[false, true].flatMap((exact) => queries.map((q): [string, boolean, QueryExpansion[]] => [q, exact, []])),
      ...expanded.map(([q, e]): [string, boolean, QueryExpansion[]] => [q, false, e]),
    ];
    {
      for (const [query, exact, expansions] of cases) {
        it(`${query}${exact ? ' (exact)' : ''}${expansions.length ? ` (+ ${expansions.map((e) => e.alternatives.join(', ')).join('; ')})` : ''}`, () => {
          assert.equal(parseQuery(query).refs.length, 0, 'reference expansion is not mirrored');
          const want = index.search(query, { limit: 10, exact, expansions }, (id) => texts.get(id) ?? '').hits;
          const plan = planQuery(query, exact, expansions);
          const df = new Map<string, number>();
          for (const l of plan.lexemes) df.set(l, docs.filter((d) => d.lex.lexemes.has(l)).length);
          for (const p of [...plan.phrases, ...plan.symbols.map((s) => s.parts)]) df.set(phraseKey(p), docs.filter((d) => sequenceCount(p, d.lex.lexemes) > 0).length);
          for (const e of plan.expansions) df.set(unionKey(e), docs.filter((d) => e.alts.some((a) => sequenceCount(a.terms, d.lex.lexemes) > 0)).length);
          const candidates: Candidate[] = docs
            .filter((d) => plan.lexemes.some((l) => d.lex.lexemes.has(l)))
            .map((d) => ({ id: d.id, length: d.lex.length, postings: new Map(plan.lexemes.flatMap((l) => (d.lex.lexemes.has(l) ? [[l, d.lex.lexemes.get(l)!]] : []))) }));
          const got = rankCandidates(plan, candidates, { documents: docs.length, averageLength: avg, df }, 10);
          assert.deepEqual(
            got.map((r) => [r.id, r.score.toFixed(6), r.expansions ?? []]),
            want.map((h) => [h.docId, h.score.toFixed(6), h.expansions ?? []]),
          );
          if (expansions.length && query !== 'FDI') assert.ok(got.some((r) => r.expansions?.length), 'some hit came through an expansion');
        });
      }
    }
  });

  describe('candidate query: the coverage test as a tsquery', () => {
    it('a set of present items passes the coverage test exactly when it holds a minimal set (property)', () => {
      fc.assert(
        fc.property(fc.array(fc.double({ min: 0.01, max: 10, noNaN: true }), { minLength: 1, maxLength: 8 }), fc.nat(), (idfs, presentMask) => {
          const items = idfs.map((idf, i) => ({ query: `'t${i}'`, idf }));
          const total = idfs.reduce((a, b) => a + b, 0);
          const present = idfs.map((_, i) => (presentMask & (1 << i)) !== 0);
          const covered = idfs.reduce((x, v, i) => x + (present[i] ? v : 0), 0) >= total * 0.5 - 1e-9;
          const viaSets = coverageSets(items).some((set) => set.every((i) => present[i]));
          assert.equal(viaSets, covered);
        }),
        { numRuns: 500 },
      );
    });

    const cases: [string, Record<string, number>, string][] = [
      // No word alone reaches half of the idf: any two are needed.
      ['giá xăng dầu', { gia: 400, xang: 300, dau: 300 }, "(('gia' & 'xang') | ('gia' & 'dau') | ('xang' & 'dau'))"],
      // A rare word alone is enough; a common one is not.
      ['giá xăng', { gia: 900, xang: 20 }, "'xang'"],
      ['"hợp tác" quốc tế', { quoc: 300, te: 300, hop: 100, tac: 100 }, "('quoc' | 'te') & ('hop' <-> 'tac')"],
      ['COVID-19', { covid: 5, 19: 300, 'covid-19': 4, 'covid 19': 5 }, "('covid-19' | ('covid' <-> '19'))"],
      ['không có', {}, ''],
    ];
    for (const [query, df, want] of cases) {
      it(query, () => {
        const got = candidateQuery(planQuery(query, false), { documents: 1000, averageLength: 500, df: new Map(Object.entries(df)) });
        assert.equal(got, want);
      });
    }
  });

  describe('connection URLs', () => {
    const cases: [string, { ok: boolean; display?: string; message?: RegExp }][] = [
      ['postgresql://writer@db.example:5432/team?sslmode=verify-full', { ok: true, display: 'postgresql://writer@db.example:5432/team?sslmode=verify-full' }],
      ['postgres://db/team', { ok: true, display: 'postgres://db/team' }],
      ['postgresql://writer:s3cret@db/team', { ok: false, message: /contains a password.*PGPASSWORD/ }],
      ['postgresql://writer@db/team?password=s3cret', { ok: false, message: /contains a password/ }],
      ['mysql://writer@db/team', { ok: false, message: /must start with postgresql:/ }],
      ['not a url', { ok: false, message: /not a connection URL/ }],
    ];
    for (const [url, want] of cases) {
      it(url, () => {
        const r = parseDatabaseUrl(url);
        assert.equal(r.ok, want.ok);
        if (r.ok) assert.equal(r.target.display, want.display);
        else {
          assert.match(r.message, want.message!);
          assert.doesNotMatch(r.message, /s3cret/);
        }
      });
    }

    it('redacts passwords and secret parameters', () => {
      assert.equal(redactUrl('postgresql://u:pw@h:1/d?sslmode=require&sslkey=/k&password=x'), 'postgresql://u@h:1/d?sslmode=require');
      assert.equal(safeMessage(new Error('connect to postgresql://u:pw@h/d failed')), 'connect to postgresql://u@h/d failed');
    });
  });
});
