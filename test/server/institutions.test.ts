/**
 * Institutions in time over stdio against the real server (issue 15, "Done when"): a brief
 * dated 2026 naming three bodies that ended in 2025 gets three outdated-name warnings, each
 * naming its successor, with quick fixes that work; the same brief dated 2023 gets none;
 * hover tells each body's history; a glossary entry added in 2026-12 shows on hover. Every
 * wait is for a condition (published diagnostics, a response), never a fixed time.
 */
import { strict as assert } from 'node:assert';
import { CodeAction, CodeActionRequest, Diagnostic, HoverRequest, MarkupContent, TextEdit } from 'vscode-languageserver-protocol/node';
import { positionOf, startServer, TestServer } from '../helpers/lspClient';

const BODY = 'Bộ Kế hoạch và Đầu tư chủ trì, phối hợp với Ban Đối ngoại Trung ương và tỉnh Quảng Nam triển khai cơ chế UPR.\n';
const brief = (year: number) => `Hà Nội, ngày 5 tháng 12 năm ${year}\n\n${BODY}`;

/** Applies LSP edits (line/character) to a text. */
function applyEdits(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return [...edits]
    .sort((a, b) => offset(b.range.start) - offset(a.range.start))
    .reduce((t, e) => t.slice(0, offset(e.range.start)) + e.newText + t.slice(offset(e.range.end)), text);
}

describe('institutions in time over stdio', function () {
  let server: TestServer;
  afterEach(async () => server?.stop());

  it('a brief dated 2026 gets three outdated-name warnings, each with its successor and a quick fix that works', async () => {
    server = await startServer();
    await server.ready();
    const uri = 'untitled:brief-2026.md';
    const text = brief(2026);
    server.open(uri, text, 'markdown', 1);
    const published = await server.waitForDiagnostics(uri, 1);
    const outdated = published.diagnostics.filter((d) => d.code === 'outdated-name');
    const named = (d: Diagnostic) => text.split('\n')[d.range.start.line].slice(d.range.start.character, d.range.end.character);
    assert.deepEqual(outdated.map(named), ['Bộ Kế hoạch và Đầu tư', 'Ban Đối ngoại Trung ương', 'tỉnh Quảng Nam']);
    const successors = ['Bộ Tài chính', 'Bộ Ngoại giao', 'thành phố Đà Nẵng'];
    outdated.forEach((d, i) => {
      const message = typeof d.message === 'string' ? d.message : d.message.value;
      assert.equal(d.severity, 2 /* Warning */);
      assert.ok(message.includes(successors[i]), message);
      assert.match(message, /\d{1,2}\/\d{1,2}\/2025/);
    });

    for (const d of outdated) {
      const actions = (await server.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } })) as CodeAction[];
      assert.ok(actions.some((a) => a.kind === 'quickfix' && a.title.startsWith('Replace with')), actions.map((a) => a.title).join(' | '));
      assert.ok(actions.some((a) => a.kind === 'quickfix' && a.title.includes('(nay là')), actions.map((a) => a.title).join(' | '));
    }
    // apply every "Replace with" fix together (ranges do not overlap), then check the brief again
    const allEdits: TextEdit[] = [];
    for (const d of outdated) {
      const actions = (await server.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } })) as CodeAction[];
      allEdits.push(...actions.find((a) => a.title.startsWith('Replace with'))!.edit!.changes![uri]);
    }
    const fixed = applyEdits(text, allEdits);
    assert.ok(fixed.includes('Bộ Tài chính chủ trì, phối hợp với Bộ Ngoại giao và thành phố Đà Nẵng'), fixed);
    server.change(uri, 2, [{ text: fixed }]);
    const after = await server.waitForDiagnostics(uri, 2);
    assert.deepEqual(after.diagnostics.filter((d) => d.code === 'outdated-name'), []);
  });

  it('the same brief dated 2023 gets none', async () => {
    server = await startServer();
    await server.ready();
    const uri = 'untitled:brief-2023.md';
    server.open(uri, brief(2023), 'markdown', 1);
    const published = await server.waitForDiagnostics(uri, 1);
    assert.deepEqual(published.diagnostics.filter((d) => d.code === 'outdated-name'), []);
  });

  it('hover tells each body\'s history; a new glossary entry shows on hover', async () => {
    server = await startServer();
    await server.ready();
    const uri = 'untitled:hover.md';
    const text = brief(2026);
    server.open(uri, text, 'markdown', 1);
    const hoverAt = async (needle: string) => {
      const h = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: positionOf(text, needle, 3) });
      assert.ok(h, `no hover on ${needle}`);
      return (h!.contents as MarkupContent).value;
    };
    const table: Array<[string, string[]]> = [
      ['Bộ Kế hoạch', ['No longer exists', '1/3/2025: merged into the Ministry of Finance → Bộ Tài chính']],
      ['Ban Đối ngoại', ['No longer exists', '→ Bộ Ngoại giao', 'History:']],
      ['tỉnh Quảng Nam', ['No longer exists', '1/7/2025: merged into thành phố Đà Nẵng']],
      ['UPR', ['Cơ chế rà soát định kỳ phổ quát', 'Universal Periodic Review']],
    ];
    for (const [needle, parts] of table) {
      const md = await hoverAt(needle);
      for (const p of parts) assert.ok(md.includes(p), `hover on ${needle} lacks ${JSON.stringify(p)}:\n${md}`);
    }
  });
});
