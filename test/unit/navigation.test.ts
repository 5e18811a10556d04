/**
 * Hover, definition, references, inlay hints and workspace symbols, in process, over an
 * in-memory corpus (the texts below) and an in-memory glossary. Each row: a brief with a `|`
 * cursor, and the expected output beside it, rendered as text:
 *   - a location as `file:line:col «the text it spans»` (the glossary: `glossary.json:line`);
 *   - a hover as `«the hovered text»` then its Markdown lines;
 *   - an inlay hint as `line:col label`.
 */
import { strict as assert } from 'node:assert';
import { analyzeDocument } from '../../server/src/core/analyze';
import { CorpusIndex } from '../../server/src/core/corpusIndex';
import { Glossary } from '../../server/src/core/glossary';
import { LineIndex } from '../../server/src/core/lineIndex';
import type { FeatureContext, OpenDocument } from '../../server/src/features/context';
import { definition, type SourceLocation } from '../../server/src/features/definition';
import { findReferences } from '../../server/src/features/findReferences';
import { hover } from '../../server/src/features/hover';
import { inlayHints } from '../../server/src/features/inlayHints';
import { workspaceSymbols } from '../../server/src/features/workspaceSymbols';
import { cursor } from './briefHelpers';

const CORPUS: Record<string, string> = {
  'file:///corpus/vufo.txt': [
    'Hữu nghị nhân dân',
    'Ngày 2/12/2021',
    'Tại trụ sở Liên hiệp các tổ chức hữu nghị Việt Nam (VUFO), hội nghị đã diễn ra.',
    'VUFO triển khai Nghị quyết số 34-NQ/TW ngày 9/1/2023 của Bộ Chính trị về đối ngoại.',
    '',
  ].join('\n'),
  'file:///corpus/asean.txt': ['ASEAN và khu vực', 'Hiệp hội các quốc gia Đông Nam Á (ASEAN) họp thường niên.', ''].join('\n'),
  'file:///corpus/ubnd.txt': ['Chính quyền địa phương', 'Ủy ban nhân dân (UBND) tỉnh và Ủy ban Nhân dân (UBND) huyện.', ''].join('\n'),
};
const GLOSSARY_FILE = '/glossary.json';
const BRIEF_URI = 'file:///brief.md';

function world(): FeatureContext {
  const glossary = new Glossary([{ acronym: 'WTO', vi: 'Tổ chức Thương mại Thế giới', en: 'World Trade Organization', origin: GLOSSARY_FILE, line: 3 }]);
  const corpus = new CorpusIndex();
  for (const [uri, text] of Object.entries(CORPUS)) {
    corpus.add({ uri, path: new URL(uri).pathname, bytes: text.length, mtimeMs: 0, analysis: analyzeDocument(uri, text, { kind: 'corpus', known: glossary.expansions }) });
  }
  return { corpus, glossary };
}

const ctx = world();
const toUri = (p: string) => `file://${p}`;

function brief(text: string): OpenDocument {
  return { uri: BRIEF_URI, text, analysis: analyzeDocument(BRIEF_URI, text, { kind: 'brief', known: ctx.glossary.expansions }) };
}

/** `file:line:col «text»` (1-based line, 0-based UTF-16 column, as editors show them). */
function renderLocation(l: SourceLocation, briefText: string): string {
  const name = l.uri.slice(l.uri.lastIndexOf('/') + 1);
  const text = l.uri === BRIEF_URI ? briefText : CORPUS[l.uri];
  const where = `${name}:${l.range.start.line + 1}`;
  if (text === undefined) return where;
  const lines = new LineIndex(text);
  const span = text.slice(lines.offsetAt(l.range.start), lines.offsetAt(l.range.end));
  return `${where}:${l.range.start.character} «${span}»`;
}

describe('navigation over an in-memory corpus', () => {
  describe('hover', () => {
    const CASES: Array<{ name: string; text: string; expect: string[] }> = [
      {
        name: 'an acronym the corpus defines: its long form and the first defining document',
        text: 'Vai trò của VU|FO.',
        expect: ['«VUFO»', '**VUFO** — Liên hiệp các tổ chức hữu nghị Việt Nam', '', '- corpus, 1 document: Liên hiệp các tổ chức hữu nghị Việt Nam — first in [Hữu nghị nhân dân](file:///corpus/vufo.txt#L3,12)'],
      },
      {
        name: 'an acronym only the glossary knows: Vietnamese and English',
        text: 'Gia nhập |WTO.',
        expect: ['«WTO»', '**WTO** — Tổ chức Thương mại Thế giới', '', '*World Trade Organization*', '', '- glossary /glossary\\.json: Tổ chức Thương mại Thế giới (World Trade Organization)'],
      },
      {
        name: 'an acronym defined in the brief, hovered at a later use',
        text: 'Ủy ban Thử nghiệm (UBTN) họp. Sau đó UBT|N báo cáo.',
        expect: ['«UBTN»', '**UBTN** — Ủy ban Thử nghiệm', '', '- defined in this document, line 1: Ủy ban Thử nghiệm'],
      },
      {
        name: 'two spellings of one long form in the corpus count as one meaning',
        text: 'Theo UB|ND tỉnh.',
        expect: ['«UBND»', '**UBND** — Ủy ban nhân dân', '', '- corpus, 1 document: Ủy ban nhân dân — first in [Chính quyền địa phương](file:///corpus/ubnd.txt#L2,1)'],
      },
      {
        name: 'a short document reference resolved from the corpus',
        text: 'Thực hiện Nghị quyết |34 về đối ngoại.',
        expect: [
          '«Nghị quyết 34»',
          '**Nghị quyết số 34\\-NQ/TW ngày 9/1/2023 của Bộ Chính trị về đối ngoại**',
          '',
          '`34-NQ/TW` · issuer: Bộ Chính trị · signed 9/1/2023 · resolved from the corpus (the only match)',
          '',
          'cited in 1 corpus document: [Hữu nghị nhân dân](file:///corpus/vufo.txt#L4,17)',
        ],
      },
      { name: 'an unknown acronym: no hover', text: 'Nhóm XY|ZQ họp.', expect: [] },
      { name: 'an ordinary word: no hover', text: 'Vai t|rò của VUFO.', expect: [] },
    ];
    for (const c of CASES) {
      it(c.name, () => {
        const { text, offset } = cursor(c.text);
        const h = hover(ctx, brief(text), offset);
        assert.deepEqual(h ? [`«${text.slice(h.range.start, h.range.end)}»`, ...h.markdown.split('\n')] : [], c.expect);
      });
    }
  });

  describe('definition', () => {
    const CASES: Array<{ name: string; text: string; expect: string[] }> = [
      { name: 'a corpus acronym: its defining passage', text: 'Vai trò của VUF|O.', expect: ['vufo.txt:3:11 «Liên hiệp các tổ chức hữu nghị Việt Nam (VUFO»'] },
      { name: 'defined in the brief: the brief first, never the glossary', text: 'Tổ chức Thương mại Thế giới (WTO). Gia nhập W|TO.', expect: ['brief.md:1:0 «Tổ chức Thương mại Thế giới (WTO»'] },
      { name: 'only in the glossary: the glossary entry', text: 'Gia nhập W|TO.', expect: ['glossary.json:4'] },
      {
        name: 'an acronym defined twice in the corpus: both passages',
        text: 'Theo UBN|D tỉnh.',
        expect: ['ubnd.txt:2:0 «Ủy ban nhân dân (UBND»', 'ubnd.txt:2:31 «Ủy ban Nhân dân (UBND»'],
      },
      { name: 'a short reference: the passage with its full citation', text: 'Thực hiện Nghị quyết 3|4.', expect: ['vufo.txt:4:16 «Nghị quyết số 34-NQ/TW»'] },
      { name: 'nothing under the cursor', text: 'Vai t|rò.', expect: [] },
    ];
    for (const c of CASES) {
      it(c.name, () => {
        const { text, offset } = cursor(c.text);
        assert.deepEqual(definition(ctx, brief(text), offset, toUri).map((l) => renderLocation(l, text)), c.expect);
      });
    }
  });

  describe('references', () => {
    const CASES: Array<{ name: string; text: string; expect: string[] }> = [
      {
        name: "an acronym: the brief's uses and the corpus definitions (the index keeps no corpus uses)",
        text: 'VUFO và V|UFO.',
        expect: ['brief.md:1:0 «VUFO»', 'brief.md:1:8 «VUFO»', 'vufo.txt:3:52 «VUFO»'],
      },
      { name: 'an acronym defined in the brief: its definition and uses', text: 'Ủy ban Thử nghiệm (UBTN) và UB|TN.', expect: ['brief.md:1:19 «UBTN»', 'brief.md:1:28 «UBTN»'] },
      {
        name: 'a short reference: the corpus citation and the brief mention',
        text: 'Thực hiện Nghị quyết 3|4.',
        expect: ['vufo.txt:4:16 «Nghị quyết số 34-NQ/TW»', 'brief.md:1:10 «Nghị quyết 34»'],
      },
      { name: 'nothing under the cursor', text: 'Vai t|rò.', expect: [] },
    ];
    for (const c of CASES) {
      it(c.name, () => {
        const { text, offset } = cursor(c.text);
        const doc = brief(text);
        assert.deepEqual(findReferences(ctx, doc, offset, [doc]).map((l) => renderLocation(l, text)), c.expect);
      });
    }
  });

  describe('inlay hints', () => {
    const CASES: Array<{ name: string; text: string; expect: string[] }> = [
      { name: 'after a short reference: the canonical symbol and date', text: 'Thực hiện Nghị quyết 34 về đối ngoại.', expect: ['0:23  34-NQ/TW · 9/1/2023'] },
      { name: 'none after a full citation', text: 'Nghị quyết số 34-NQ/TW ngày 9/1/2023 của Bộ Chính trị.', expect: [] },
      { name: 'none for a number the corpus does not know', text: 'Thực hiện Nghị quyết 98765.', expect: [] },
    ];
    for (const c of CASES) {
      it(c.name, () => {
        const hints = inlayHints(ctx, brief(c.text), 0, c.text.length);
        assert.deepEqual(hints.map((h) => `${h.position.line}:${h.position.character} ${h.label}`), c.expect);
      });
    }
  });

  describe('workspace symbols', () => {
    const BRIEF = 'Ủy ban Thử nghiệm (UBTN) họp.';
    const CASES: Array<{ query: string; expect: string[] }> = [
      { query: 'VUFO', expect: ['acronym VUFO — Liên hiệp các tổ chức hữu nghị Việt Nam @ vufo.txt:3:11 «Liên hiệp các tổ chức hữu nghị Việt Nam (VUFO»'] },
      { query: 'vufo', expect: ['acronym VUFO — Liên hiệp các tổ chức hữu nghị Việt Nam @ vufo.txt:3:11 «Liên hiệp các tổ chức hữu nghị Việt Nam (VUFO»'] },
      { query: 'lien hiep huu nghi', expect: ['acronym VUFO — Liên hiệp các tổ chức hữu nghị Việt Nam @ vufo.txt:3:11 «Liên hiệp các tổ chức hữu nghị Việt Nam (VUFO»'] },
      { query: 'WTO', expect: ['acronym WTO — Tổ chức Thương mại Thế giới · World Trade Organization @ glossary.json:4'] },
      { query: 'UBTN', expect: ['acronym UBTN — Ủy ban Thử nghiệm @ brief.md:1:0 «Ủy ban Thử nghiệm (UBTN»'] },
      {
        query: 'ASEAN',
        expect: ['acronym ASEAN — Hiệp hội các quốc gia Đông Nam Á @ asean.txt:2:0 «Hiệp hội các quốc gia Đông Nam Á (ASEAN»', 'document ASEAN và khu vực —  @ asean.txt:1:0 «ASEAN và khu vực»'],
      },
      {
        query: 'uy ban',
        expect: [
          'acronym UBTN — Ủy ban Thử nghiệm @ brief.md:1:0 «Ủy ban Thử nghiệm (UBTN»',
          'acronym UBND — Ủy ban nhân dân @ ubnd.txt:2:0 «Ủy ban nhân dân (UBND»',
        ],
      },
      { query: '34-nq', expect: ['reference 34-NQ/TW — Nghị quyết số 34-NQ/TW ngày 9/1/2023 của Bộ Chính trị về đối ngoại @ vufo.txt:4:16 «Nghị quyết số 34-NQ/TW»'] },
      { query: 'huu nghi nhan dan', expect: ['document Hữu nghị nhân dân — 2/12/2021 @ vufo.txt:1:0 «Hữu nghị nhân dân»'] },
      { query: '', expect: [] },
    ];
    for (const c of CASES) {
      it(`"${c.query}"`, () => {
        const got = workspaceSymbols(ctx, c.query, [brief(BRIEF)], toUri).map((s) => `${s.kind} ${s.name} — ${s.detail} @ ${renderLocation(s, BRIEF)}`);
        assert.deepEqual(got, c.expect);
      });
    }

    it('exact matches first: the acronym itself before symbols that only contain the query', () => {
      const got = workspaceSymbols(ctx, 'asean', [], toUri).map((s) => `${s.kind} ${s.name}`);
      assert.deepEqual(got, ['acronym ASEAN', 'document ASEAN và khu vực']);
      const byTitle = workspaceSymbols(ctx, 'ASEAN và khu vực', [], toUri).map((s) => `${s.kind} ${s.name}`);
      assert.deepEqual(byTitle, ['document ASEAN và khu vực']);
    });
  });
});
