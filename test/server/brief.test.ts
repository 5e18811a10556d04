/**
 * Writing a brief, over stdio against the real server: outline (documentSymbol) and folding,
 * completion, pushed diagnostics, a quick fix, the brief commands (workspace/applyEdit) and
 * adding an acronym to the user glossary. Every wait is for a condition (a notification or
 * a response), never a fixed time.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  ApplyWorkspaceEditParams,
  ApplyWorkspaceEditRequest,
  CodeAction,
  CodeActionRequest,
  CompletionList,
  CompletionRequest,
  Diagnostic,
  DidChangeTextDocumentNotification,
  DocumentSymbol,
  DocumentSymbolRequest,
  ExecuteCommandRequest,
  FoldingRangeRequest,
  HoverRequest,
  MarkupContent,
  PublishDiagnosticsNotification,
  PublishDiagnosticsParams,
  TextEdit,
} from 'vscode-languageserver-protocol/node';
import { ServerCommands } from '../../shared/protocol';
import { positionOf, startServer, TestServer } from '../helpers/lspClient';

/** Diagnostics as they arrive, and a way to wait for the first batch that satisfies a predicate. */
function diagnosticsOf(server: TestServer) {
  const latest = new Map<string, PublishDiagnosticsParams>();
  const waiters: Array<() => void> = [];
  server.connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
    latest.set(p.uri, p);
    waiters.splice(0).forEach((w) => w());
  });
  return {
    until(uri: string, predicate: (d: Diagnostic[]) => boolean): Promise<Diagnostic[]> {
      return new Promise((resolve) => {
        const check = () => {
          const p = latest.get(uri);
          if (p && predicate(p.diagnostics)) resolve(p.diagnostics);
          else waiters.push(check);
        };
        check();
      });
    },
  };
}

/** workspace/applyEdit requests the server sends, applied to nothing, answered "applied". */
function editsOf(server: TestServer) {
  const edits: ApplyWorkspaceEditParams[] = [];
  server.connection.onRequest(ApplyWorkspaceEditRequest.type, (p) => {
    edits.push(p);
    return { applied: true };
  });
  server.connection.onRequest('window/showDocument', () => ({ success: true }));
  server.connection.onRequest('workspace/workspaceFolders', () => null);
  return edits;
}

const PLAIN = [
  'BÁO CÁO CHÍNH SÁCH ĐỐI NGOẠI NHÂN DÂN',
  '',
  'I. Bối cảnh',
  '1. Quốc tế',
  'Thế giới biến động nhanh.',
  '2. Trong nước',
  'a) Kết quả',
  'Nhiều kết quả.',
  '',
  'II. Đề xuất',
  'Tiếp tục triển khai.',
  '',
].join('\n');

const MARKDOWN = ['# Bản tin', '', '## Bối cảnh', '', 'I. Quốc tế', '', 'Nội dung.', '', 'II. Trong nước', '', 'Nội dung.', ''].join('\n');

const BRIEF = [
  '# Đề xuất về đối ngoại nhân dân',
  '',
  'Năm 2024, UBKTXH tiếp tục phối hợp với VUFO.',
  'Ủy ban Kinh tế Xã hội (UBKTXH) họp định kỳ.',
  'Nhóm XYZQ được thành lập để triển khai Nghị quyết 34.',
  '',
].join('\n');

describe('writing a brief over stdio', function () {
  let server: TestServer;
  afterEach(async () => server?.stop());

  it('outlines a plain-text brief (nested numbering) and folds its sections', async () => {
    server = await startServer();
    const uri = 'untitled:outline.txt';
    server.open(uri, PLAIN, 'plaintext');
    const symbols = (await server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as DocumentSymbol[];
    const show = (s: DocumentSymbol[]): unknown[] => s.map((x) => (x.children?.length ? [x.name, show(x.children)] : x.name));
    assert.deepEqual(show(symbols), [['I. Bối cảnh', ['1. Quốc tế', ['2. Trong nước', ['a) Kết quả']]]], 'II. Đề xuất']);
    const ranges = await server.connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri } });
    assert.deepEqual(
      ranges?.map((r) => [r.startLine, r.endLine]),
      [[2, 7], [3, 4], [5, 7], [6, 7], [9, 10]],
    );
  });

  it('gives Markdown # headings and numbering to a client that sends no settings, and leaves the headings to the editor with outline.markdown = numbering (what VS Code sends)', async () => {
    server = await startServer();
    const uri = 'untitled:outline.md';
    server.open(uri, MARKDOWN, 'markdown');
    const names = (s: DocumentSymbol[]): string[] => s.flatMap((x) => [x.name, ...names(x.children ?? [])]);
    let symbols = (await server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as DocumentSymbol[];
    assert.deepEqual(names(symbols), ['Bản tin', 'Bối cảnh', 'I. Quốc tế', 'II. Trong nước']);
    await server.stop();
    server = await startServer({ initializationOptions: { outline: { markdown: 'numbering' } } });
    server.open(uri, MARKDOWN, 'markdown');
    symbols = (await server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as DocumentSymbol[];
    assert.deepEqual(names(symbols), ['I. Quốc tế', 'II. Trong nước']);
  });

  it('completes "nghi quyet 3" with the full citation of 34-NQ/TW from the corpus', async () => {
    server = await startServer();
    await server.ready();
    const text = 'Thực hiện nghi quyet 3';
    const uri = 'untitled:complete.md';
    server.open(uri, text);
    const list = (await server.connection.sendRequest(CompletionRequest.type, {
      textDocument: { uri },
      position: { line: 0, character: text.length },
    })) as CompletionList;
    const item = list.items.find((i) => i.label === '34-NQ/TW');
    assert.ok(item, `no 34-NQ/TW in ${list.items.map((i) => i.label).join(', ')}`);
    const edit = item!.textEdit as TextEdit;
    assert.match(edit.newText, /^Nghị quyết số 34-NQ\/TW ngày 9\/1\/2023 của Bộ Chính trị/);
    assert.deepEqual(edit.range, { start: { line: 0, character: 10 }, end: { line: 0, character: text.length } });
  });

  it('pushes diagnostics on open and after a change, offers the quick fix, and adds an acronym to the glossary', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-brief-'));
    const glossaryFile = path.join(dir, 'glossary.json');
    server = await startServer({ initializationOptions: { glossaryPaths: [glossaryFile] } });
    const diagnostics = diagnosticsOf(server);
    editsOf(server);
    await server.ready();
    const uri = 'untitled:checks.md';
    server.open(uri, BRIEF);
    const found = await diagnostics.until(uri, (d) => d.length > 0);
    const codes = found.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}`);
    assert.deepEqual(codes.sort(), ['defined-late@2:10', 'undefined-acronym@4:5']);
    for (const d of found) assert.equal(d.source, 'Policy Lens');

    // quick fix: define UBKTXH at its first use
    const late = found.find((d) => d.code === 'defined-late')!;
    const actions = (await server.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: late.range,
      context: { diagnostics: [late] },
    })) as CodeAction[];
    const fix = actions.find((a) => a.kind === 'quickfix' && /^Define UBKTXH at its first use/.test(a.title));
    assert.ok(fix, actions.map((a) => a.title).join(' | '));
    const edits = fix!.edit!.changes![uri];
    assert.deepEqual(
      edits.map((e) => e.newText),
      ['Ủy ban Kinh tế Xã hội (UBKTXH)', 'UBKTXH'],
    );

    // a change is checked again (debounced): XYZQ removed, nothing undefined left
    void server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 4, character: 5 }, end: { line: 4, character: 9 } }, text: 'công tác' }],
    });
    await diagnostics.until(uri, (d) => !d.some((x) => x.code === 'undefined-acronym'));

    // the undefined acronym goes to the user glossary file, and the diagnostic goes away
    server.open('untitled:other.md', 'Nhóm QWRT họp.\n');
    await diagnostics.until('untitled:other.md', (d) => d.some((x) => x.code === 'undefined-acronym'));
    const result = (await server.connection.sendRequest(ExecuteCommandRequest.type, {
      command: ServerCommands.addToGlossary,
      arguments: [{ acronym: 'QWRT', uri: 'untitled:other.md' }],
    })) as { applied: boolean; file: string };
    assert.equal(result.applied, true);
    assert.equal(result.file, glossaryFile);
    const written = JSON.parse(fs.readFileSync(glossaryFile, 'utf8'));
    assert.deepEqual(written.entries.map((e: { acronym: string }) => e.acronym), ['QWRT']);
    await diagnostics.until('untitled:other.md', (d) => !d.some((x) => x.code === 'undefined-acronym'));
  });

  it('hovers a verified quotation with its source passage (checked by the diagnostics)', async () => {
    server = await startServer();
    const diagnostics = diagnosticsOf(server);
    await server.ready();
    const text = 'Chủ đề “phat huy vai tro tien phong, xay dung nen ngoai giao toan dien, hien dai, vung manh”.\n';
    const uri = 'untitled:quote.md';
    server.open(uri, text);
    await diagnostics.until(uri, (d) => !d.some((x) => x.code === 'unverified-quote'));
    const h = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: positionOf(text, 'ngoai giao') });
    const value = (h?.contents as MarkupContent | undefined)?.value ?? '';
    assert.match(value, /^\*\*Quotation found\*\* in \[Hoạt động đối ngoại là điểm sáng/);
    assert.match(value, /> Phát huy vai trò tiên phong/);
  });

  it('inserts the abbreviations table and the list of cited documents at the cursor (workspace/applyEdit)', async () => {
    server = await startServer({ capabilities: { workspace: { applyEdit: true } } });
    const edits = editsOf(server);
    await server.ready();
    const text = ['Hiệp hội các quốc gia Đông Nam Á (ASEAN) và VUFO.', 'Ủy ban nhân dân (UBND) thực hiện Nghị quyết 34.', '', ''].join('\n');
    const uri = 'untitled:commands.md';
    server.open(uri, text);
    const at = { line: 3, character: 0 };
    const r1 = (await server.connection.sendRequest(ExecuteCommandRequest.type, {
      command: ServerCommands.insertAbbreviations,
      arguments: [{ uri, position: at }],
    })) as { applied: boolean; count: number };
    assert.deepEqual(r1, { applied: true, count: 3 });
    const table = edits[0].edit.changes![uri][0];
    assert.deepEqual(table.range.start, at);
    assert.equal(
      table.newText,
      [
        '## Danh mục từ viết tắt',
        '',
        '| Từ viết tắt | Nghĩa đầy đủ |',
        '|---|---|',
        '| ASEAN | Hiệp hội các quốc gia Đông Nam Á |',
        '| UBND | Ủy ban nhân dân |',
        '| VUFO | Liên hiệp các tổ chức hữu nghị Việt Nam |',
        '',
      ].join('\n'),
    );
    await server.connection.sendRequest(ExecuteCommandRequest.type, { command: ServerCommands.insertCitedDocuments, arguments: [{ uri, position: at }] });
    assert.match(edits[1].edit.changes![uri][0].newText, /^## Danh mục văn bản được trích dẫn\n\n1\. Nghị quyết số 34-NQ\/TW ngày 9\/1\/2023 của Bộ Chính trị/);
  });
});
