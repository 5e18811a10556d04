/**
 * Property and fuzz tests: random Unicode briefs through every feature in process, and
 * 10,000 random incremental edits over the real server. Nothing throws, every range that
 * comes back lies inside the document, and the diagnostics after the edits equal those of
 * a fresh analysis of the final text.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import fc from 'fast-check';
import {
  CompletionRequest,
  DefinitionRequest,
  Diagnostic,
  DocumentSymbol,
  DocumentSymbolRequest,
  FoldingRangeRequest,
  HoverRequest,
  InlayHintRequest,
  Location,
  Position,
  Range,
  ReferencesRequest,
  TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextRange } from '../../server/src/core/analyze';
import { LineIndex } from '../../server/src/core/lineIndex';
import { codeActions } from '../../server/src/features/codeActions';
import { complete } from '../../server/src/features/completion';
import type { OffsetRange } from '../../server/src/features/context';
import { definition } from '../../server/src/features/definition';
import { diagnose } from '../../server/src/features/diagnostics';
import { findReferences } from '../../server/src/features/findReferences';
import { foldingRanges } from '../../server/src/features/folding';
import { hover } from '../../server/src/features/hover';
import { inlayHints } from '../../server/src/features/inlayHints';
import { outline, OutlineNode } from '../../server/src/features/outline';
import { quoteHover } from '../../server/src/features/quoteHover';
import { openBrief, seedWorld } from '../unit/briefHelpers';
import { cleanupTempDirs, knownIssue, RobustServer, startRobustServer } from './helpers/server';

/** Pieces a brief is made of, the awkward ones included. */
const PIECES = [
  'Ủy ban nhân dân (UBND)', 'UBND', 'ĐNND', 'VUFO', 'ASEAN', 'WTO', 'HĐND', 'Đối ngoại nhân dân (ĐNND)', 'ĐNND (đối ngoại nhân dân)', 'KT-XH', 'T.Ư',
  'XKQĐ', 'BQLZ', 'Ban Quản lý (BQL)', 'Bộ Quốc phòng (BQL)', 'Nghị quyết 999', 'Chỉ thị 77', 'Quyết định 480',
  '34-NQ/TW', 'Nghị quyết 34', 'Nghị quyết số 34-NQ/TW ngày 9/1/2023 của Bộ Chính trị', 'Chỉ thị 12', '480/QĐ-UBND', '30/2020/NĐ-CP', 'số31-QĐ/TW', 'Nghị quyết Trung ương 4 khóa XI',
  '“Tăng cường quan hệ hữu nghị”', '"trích dẫn"', '# ', '## Mục ', '1. ', 'a) ', 'Điều 1. ', 'Chương I', 'I. ', 'Phần thứ nhất',
  'hợp tác', 'phát triển', 'quốc tế', 'Việt Nam', 'hoà', 'hòa', 'ÐCSVN', 'ð',
  'Ủy ban'.normalize('NFD'), 'Nghị quyết'.normalize('NFD'), 'ĐNND'.normalize('NFD'),
  ' ', ' ', ' ', '\n', '\n', '\n\n', '\r\n', '\t', ',', '.', '(', ')', '[x](command:workbench.action.quit)', '<img src=x onerror=alert(1)>', '*', '_', '`',
  '😀', '👍🏽', '\u0301', '\u200b', '\u00a0', '\u2028', '\ufeff', '\u0000', '\ud800', '\udc00', 'مرحبا', '中文',
];
/** Lone CR is a line end for LSP but not for the core's line index (known issue, see TESTING.md): kept out of the position checks. */
const LONE_CR = /\r(?!\n)/;

const pieceArb = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...PIECES) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) });
const sepArb = fc.constantFrom(' ', ' ', ' ', '', '\n', ', ', '. ');
const docArb = fc.array(fc.tuple(pieceArb, sepArb), { maxLength: 60 }).map((a) => a.flat().join(''));

function offsetsIn(r: OffsetRange, len: number, what: string): void {
  assert.ok(Number.isInteger(r.start) && Number.isInteger(r.end) && 0 <= r.start && r.start <= r.end && r.end <= len, `${what}: ${JSON.stringify(r)} outside [0, ${len}]`);
}

function lineCharIn(p: { line: number; character: number }, lines: LineIndex, what: string): void {
  assert.ok(p.line >= 0 && p.line < lines.lineCount, `${what}: line ${p.line} of ${lines.lineCount}`);
  const len = lines.lineText(p.line).length + (lines.text.split('\n')[p.line]?.endsWith('\r') ? 1 : 0);
  assert.ok(p.character >= 0 && p.character <= len, `${what}: character ${p.character} of ${len} on line ${p.line}`);
}

const seedTexts = new Map<string, LineIndex>();
function linesOf(uri: string, brief: { uri: string; text: string }): LineIndex | undefined {
  if (uri === brief.uri) return new LineIndex(brief.text);
  if (!uri.startsWith('file:')) return undefined;
  let l = seedTexts.get(uri);
  if (!l) {
    const path = fileURLToPath(uri);
    if (!fs.existsSync(path)) return undefined;
    l = new LineIndex(fs.readFileSync(path, 'utf8'));
    seedTexts.set(uri, l);
  }
  return l;
}

function textRangeIn(uri: string, r: TextRange, brief: { uri: string; text: string }, what: string): void {
  const lines = linesOf(uri, brief);
  if (!lines) return; // glossary entries and other files: not ours to check here
  lineCharIn(r.start, lines, `${what} start`);
  lineCharIn(r.end, lines, `${what} end`);
}

function walk(nodes: OutlineNode[], f: (n: OutlineNode) => void): void {
  for (const n of nodes) {
    f(n);
    walk(n.children, f);
  }
}

const RUNS = Number(process.env.POLICY_LENS_FUZZ_RUNS ?? 200);

describe('fuzz: random briefs through every feature (in process)', function () {
  it('never throws and keeps every range inside the document', () => {
    const stats = { hovers: 0, diagnostics: 0 };
    const world = seedWorld();
    const ctx = world.ctx;
    fc.assert(
      fc.property(docArb, fc.array(fc.nat(), { minLength: 4, maxLength: 4 }), (text, picks) => {
        const doc = openBrief(text, 'file:///tmp/fuzz-brief.md', ctx);
        const len = text.length;
        const lines = new LineIndex(text);
        const offsets = [0, len, ...picks.map((p) => (len === 0 ? 0 : p % (len + 1)))];
        for (const s of [...doc.analysis.uses, ...doc.analysis.references, ...doc.analysis.definitions].slice(0, 3)) offsets.push(s.startOffset, s.endOffset);
        const diags = diagnose(ctx, doc, { search: world.search });
        stats.diagnostics += diags.length;
        diags.forEach((d) => offsetsIn(d.range, len, `diagnostic ${d.code}`));
        for (const o of offsets) {
          const h = hover(ctx, doc, o);
          if (h) stats.hovers++;
          if (h) offsetsIn(h.range, len, 'hover');
          const q = quoteHover(ctx, doc, o);
          if (q) offsetsIn((q as { range: OffsetRange }).range, len, 'quote hover');
          for (const l of definition(ctx, doc, o, (p) => pathToFileURL(p).href)) textRangeIn(l.uri, l.range, doc, 'definition');
          for (const l of findReferences(ctx, doc, o, [doc])) textRangeIn(l.uri, l.range, doc, 'reference');
          for (const i of complete(ctx, doc, o).items) offsetsIn(i.range, len, `completion ${i.label}`);
          for (const a of codeActions(ctx, doc, { start: o, end: o }, diags)) for (const e of a.edits ?? []) offsetsIn(e.range, len, `code action ${a.title}`);
        }
        if (!LONE_CR.test(text)) for (const h of inlayHints(ctx, doc, 0, len)) lineCharIn(h.position, lines, 'inlay hint');
        for (const markdown of [true, false]) {
          walk(outline(ctx, doc, { markdown, markdownMode: 'all' }), (n) => {
            offsetsIn(n.range, len, `outline ${n.name}`);
            offsetsIn(n.selectionRange, len, `outline selection ${n.name}`);
          });
          for (const f of foldingRanges(ctx, doc, { markdown, markdownMode: 'all' })) assert.ok(0 <= f.startLine && f.startLine <= f.endLine && f.endLine < lines.lineCount, `folding ${JSON.stringify(f)}`);
        }
      }),
      { numRuns: RUNS, seed: Number(process.env.POLICY_LENS_FUZZ_SEED ?? 20261124) },
    );
    console.log(`      ${RUNS} random briefs: ${stats.hovers} hovers and ${stats.diagnostics} diagnostics checked`);
    assert.ok(stats.hovers > RUNS && stats.diagnostics > RUNS / 5, 'the generator no longer reaches the features');
  });
});

// ------------------------------------------------------------------ over the real server

/** Small deterministic PRNG (mulberry32): the same edits on every run for one seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function inDoc(doc: TextDocument, p: Position, what: string): void {
  assert.ok(p.line >= 0 && p.line < doc.lineCount, `${what}: line ${p.line} of ${doc.lineCount} (version ${doc.version})`);
  const lineText = doc.getText({ start: { line: p.line, character: 0 }, end: { line: p.line + 1, character: 0 } }).replace(/\r?\n$|\r$/, '');
  assert.ok(p.character >= 0 && p.character <= lineText.length, `${what}: character ${p.character} of ${lineText.length} on line ${p.line} (version ${doc.version})`);
}
const rangeInDoc = (doc: TextDocument, r: Range, what: string) => {
  inDoc(doc, r.start, `${what} start`);
  inDoc(doc, r.end, `${what} end`);
};

const BRIEF_START = [
  '# Báo cáo đối ngoại nhân dân',
  '',
  'Năm 2024, VUFO tiếp tục phối hợp với các địa phương triển khai công tác ĐNND; Đối ngoại nhân dân (ĐNND) là trụ cột.',
  'Thực hiện Nghị quyết 34 và Nghị quyết số 34-NQ/TW ngày 9/1/2023 của Bộ Chính trị; UBND tỉnh báo cáo “kết quả hợp tác quốc tế”.',
  '',
].join('\n');

const EDITS = Number(process.env.POLICY_LENS_FUZZ_EDITS ?? 10_000);
const CHECK_EVERY = Number(process.env.POLICY_LENS_FUZZ_CHECK_EVERY ?? 200);

describe(`fuzz: ${EDITS} random incremental edits over stdio`, function () {
  let server: RobustServer;
  before(async () => {
    server = await startRobustServer({ initializationOptions: { includeBundledCorpus: true } });
    await server.ready();
  });
  after(async () => {
    await server?.stop();
    cleanupTempDirs();
  });

  it('answers every request with ranges inside the edited document; diagnostics equal a fresh analysis', async () => {
    const seed = Number(process.env.POLICY_LENS_FUZZ_SEED ?? 20261124);
    const rnd = prng(seed);
    const pick = <T>(a: readonly T[]) => a[Math.floor(rnd() * a.length)];
    const uri = 'untitled:fuzz-brief.md';
    let doc = TextDocument.create(uri, 'markdown', 1, BRIEF_START);
    server.open(uri, doc.getText(), 'markdown', 1);
    let requests = 0;
    const started = performance.now();
    for (let i = 1; i <= EDITS; i++) {
      const text = doc.getText();
      const big = text.length > 6000;
      const a = Math.floor(rnd() * (text.length + 1));
      const del = rnd() < (big ? 0.7 : 0.35) ? Math.floor(rnd() * (big ? 400 : 20)) : 0;
      let range: Range = { start: doc.positionAt(a), end: doc.positionAt(a + del) };
      // Now and then a range past the end of a line or of the document (clients do send them).
      if (rnd() < 0.02) range = { start: { line: doc.lineCount + 3, character: 5 }, end: { line: doc.lineCount + 9, character: 0 } };
      else if (rnd() < 0.02) range = { start: { line: range.start.line, character: range.start.character + 50 }, end: { line: range.start.line, character: range.start.character + 60 } };
      const insert = rnd() < 0.15 ? '' : Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => pick(PIECES)).join(rnd() < 0.5 ? ' ' : '');
      const change: TextDocumentContentChangeEvent = { range, text: insert };
      doc = TextDocument.update(doc, [change], doc.version + 1);
      server.change(uri, doc.version, [change]);
      if (i % CHECK_EVERY !== 0) continue;
      // Check against the document as it is now.
      const len = doc.getText().length;
      const positions = [0, Math.floor(rnd() * (len + 1)), Math.floor(rnd() * (len + 1)), len].map((o) => doc.positionAt(o));
      const td = { uri };
      const calls: Array<Promise<void>> = [];
      for (const position of positions) {
        calls.push(
          server.connection.sendRequest(HoverRequest.type, { textDocument: td, position }).then((h) => {
            if (h?.range) rangeInDoc(doc, h.range, 'hover');
          }),
          server.connection.sendRequest(DefinitionRequest.type, { textDocument: td, position }).then((r) => {
            for (const l of (r ?? []) as Location[]) if (l.uri === uri) rangeInDoc(doc, l.range, 'definition');
          }),
          server.connection.sendRequest(ReferencesRequest.type, { textDocument: td, position, context: { includeDeclaration: true } }).then((r) => {
            for (const l of r ?? []) if (l.uri === uri) rangeInDoc(doc, l.range, 'reference');
          }),
          server.connection.sendRequest(CompletionRequest.type, { textDocument: td, position }).then((r) => {
            const items = Array.isArray(r) ? r : (r?.items ?? []);
            for (const item of items) if (item.textEdit && 'range' in item.textEdit) rangeInDoc(doc, item.textEdit.range, `completion ${item.label}`);
          }),
        );
      }
      const whole = { start: { line: 0, character: 0 }, end: doc.positionAt(len) };
      calls.push(
        server.connection.sendRequest(InlayHintRequest.type, { textDocument: td, range: whole }).then((r) => {
          if (LONE_CR.test(doc.getText())) return;
          for (const h of r ?? []) inDoc(doc, h.position, 'inlay hint');
        }),
        server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: td }).then((r) => {
          const visit = (s: DocumentSymbol) => {
            rangeInDoc(doc, s.range, `symbol ${s.name}`);
            rangeInDoc(doc, s.selectionRange, `symbol selection ${s.name}`);
            s.children?.forEach(visit);
          };
          for (const s of (r ?? []) as DocumentSymbol[]) visit(s);
        }),
        server.connection.sendRequest(FoldingRangeRequest.type, { textDocument: td }).then((r) => {
          for (const f of r ?? []) assert.ok(f.startLine <= f.endLine && f.endLine < doc.lineCount, `folding ${JSON.stringify(f)} of ${doc.lineCount} lines`);
        }),
      );
      requests += calls.length;
      await Promise.all(calls);
    }
    const editMs = performance.now() - started;

    // Diagnostics for the final version, and for the same text opened fresh.
    const finalText = doc.getText();
    const after = await server.waitForDiagnostics(uri, doc.version, 20_000);
    const freshUri = 'untitled:fuzz-fresh.md';
    server.open(freshUri, finalText, 'markdown', 1);
    const fresh = await server.waitForDiagnostics(freshUri, 1, 20_000);
    const shape = (ds: Diagnostic[]) => ds.map((d) => ({ range: d.range, code: d.code, message: d.message, severity: d.severity }));
    assert.deepEqual(shape(after.diagnostics), shape(fresh.diagnostics));
    for (const d of after.diagnostics) rangeInDoc(doc, d.range, `diagnostic ${d.code}`);
    console.log(
      `      ${EDITS} edits (seed ${seed}), ${requests} checked requests in ${(editMs / 1000).toFixed(1)} s; final text ${finalText.length} chars, ${after.diagnostics.length} diagnostics equal to a fresh analysis`,
    );
    assert.deepEqual(server.errors(), []);
  });

  knownIssue('a change with a stale (repeated) version does not serve the old analysis', 'lsp/server.ts caches the analysis of an open document by version alone; a repeated version with new text gets the old analysis', async () => {
    const uri = 'untitled:stale.md';
    const text = 'Đối ngoại nhân dân (ĐNND) là trụ cột. ĐNND phát triển. Nghị quyết 34-NQ/TW.\n';
    server.open(uri, text, 'markdown', 5);
    const at = { line: 0, character: text.indexOf('34-NQ') + 2 };
    const h1 = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: at });
    assert.ok(h1, 'hover on the reference');
    // A buggy or racing client repeats version 5 with other text: the server must not answer from the analysis of the old text.
    const other = 'Văn bản khác hẳn, không có chữ viết tắt hay số hiệu nào. '.repeat(3);
    server.change(uri, 5, [{ text: other }]);
    const h2 = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: at });
    assert.equal(h2, null, `hover answered from the old text: ${JSON.stringify(h2)}`);
    assert.deepEqual(server.errors(), []);
  });
});
