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
  before(async () => {
    server = await startServer();
    await server.ready();
  });
  after(async () => server?.stop());

  /** Opens the brief dated `year` and waits for its first diagnostics. */
  async function openDated(year: number, uri: string): Promise<{ text: string; outdated: Diagnostic[] }> {
    const text = brief(year);
    server.open(uri, text, 'markdown', 1);
    const published = await server.waitForDiagnostics(uri, 1);
    return { text, outdated: published.diagnostics.filter((d) => d.code === 'outdated-name') };
  }

  it('a brief dated 2026 gets three outdated-name warnings, each with its successor and a quick fix that works', async () => {
    const uri = 'untitled:brief-2026.md';
    const { text, outdated } = await openDated(2026, uri);
    const named = (d: Diagnostic) => text.split('\n')[d.range.start.line].slice(d.range.start.character, d.range.end.character);
    assert.deepEqual(outdated.map(named), ['Bộ Kế hoạch và Đầu tư', 'Ban Đối ngoại Trung ương', 'tỉnh Quảng Nam']);
    const successors = ['Bộ Tài chính', 'Bộ Ngoại giao', 'thành phố Đà Nẵng'];
    const replaceEdits: TextEdit[] = [];
    for (const [i, d] of outdated.entries()) {
      const message = typeof d.message === 'string' ? d.message : d.message.value;
      assert.equal(d.severity, 2 /* Warning */);
      assert.ok(message.includes(successors[i]), message);
      assert.match(message, /\d{1,2}\/\d{1,2}\/2025/);
      const actions = (await server.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } })) as CodeAction[];
      const replace = actions.find((a) => a.kind === 'quickfix' && a.title === `Replace with ${successors[i]}`);
      assert.ok(replace, actions.map((a) => a.title).join(' | '));
      assert.ok(actions.some((a) => a.kind === 'quickfix' && a.title.includes('(nay là')), actions.map((a) => a.title).join(' | '));
      replaceEdits.push(...replace!.edit!.changes![uri]);
    }
    // every "Replace with" fix together (the ranges do not overlap), then the brief is checked again
    const fixed = applyEdits(text, replaceEdits);
    assert.ok(fixed.includes('Bộ Tài chính chủ trì, phối hợp với Bộ Ngoại giao và thành phố Đà Nẵng'), fixed);
    server.change(uri, 2, [{ text: fixed }]);
    const after = await server.waitForDiagnostics(uri, 2);
    assert.deepEqual(after.diagnostics.filter((d) => d.code === 'outdated-name'), []);
  });

  it('the same brief dated 2023 gets none', async () => {
    const { outdated } = await openDated(2023, 'untitled:brief-2023.md');
    assert.deepEqual(outdated, []);
  });

  it('hover tells each body\'s history; a new glossary entry shows on hover', async () => {
    const uri = 'untitled:hover.md';
    const { text } = await openDated(2026, uri);
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
