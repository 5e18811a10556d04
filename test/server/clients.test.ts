/**
 * Capabilities by the book, for every client: the server registers dynamically only what
 * the client says it registers dynamically, and speaks the position encoding the client
 * prefers (UTF-8 byte columns for Helix, eglot and newer Neovim; UTF-16 otherwise). Each
 * row of the encoding table is a client's `general.positionEncodings` and what the server
 * must choose; the UTF-8 session then checks positions in and out on Vietnamese text,
 * where byte and UTF-16 columns differ.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DefinitionRequest, DocumentSymbolRequest, HoverRequest, Location, type Position, SymbolKind, WorkspaceSymbolRequest, type SymbolInformation } from 'vscode-languageserver-protocol/node';
import { SearchRequest } from '../../shared/protocol';
import { positionOf, REPO, startServer, TestServer } from '../helpers/lspClient';

const positionOfText = (text: string, needle: string) => positionOf(text, needle, 0);

/** The LSP position of `needle` (plus `delta` characters) in UTF-8 byte columns. */
function utf8PositionOf(text: string, needle: string, delta = 1): Position {
  const offset = text.indexOf(needle);
  if (offset < 0) throw new Error(`"${needle}" not in text`);
  const before = text.slice(0, offset + delta);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length - 1, character: Buffer.byteLength(before.slice(lineStart), 'utf8') };
}

describe('capabilities by the book', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  const ENCODINGS: Array<{ client: string; offered?: string[]; chosen: string }> = [
    { client: 'no preference (VS Code, older Neovim)', offered: undefined, chosen: 'utf-16' },
    { client: 'eglot (utf-32 first)', offered: ['utf-32', 'utf-8', 'utf-16'], chosen: 'utf-8' },
    { client: 'Helix / Neovim 0.10 (utf-8 first)', offered: ['utf-8', 'utf-32', 'utf-16'], chosen: 'utf-8' },
    { client: 'utf-16 first', offered: ['utf-16', 'utf-8'], chosen: 'utf-16' },
    { client: 'only utf-32 (not spoken: the protocol default)', offered: ['utf-32'], chosen: 'utf-16' },
  ];
  for (const row of ENCODINGS) {
    it(`position encoding for ${row.client}: ${row.chosen}`, async () => {
      server = await startServer({ initializationOptions: { includeBundledCorpus: false }, capabilities: row.offered ? { general: { positionEncodings: row.offered } } : undefined });
      assert.equal(server.initializeResult.capabilities.positionEncoding, row.chosen);
    });
  }

  it('does not register didChangeConfiguration with a client that cannot register it (eglot), and still reads its settings', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-clients-'));
    const corpus = path.join(root, 'corpus');
    try {
      fs.mkdirSync(corpus);
      fs.writeFileSync(path.join(corpus, 'a.txt'), 'Tài liệu\nỦy ban Thử nghiệm (UBTN) họp.\n');
      server = await startServer({
        rootPath: root,
        configuration: () => ({ includeBundledCorpus: false, corpusPaths: [corpus] }),
        capabilities: { workspace: { didChangeConfiguration: { dynamicRegistration: false }, didChangeWatchedFiles: { dynamicRegistration: true } } },
      });
      assert.equal((await server.ready()).documents, 1);
      assert.ok(!server.registrations.includes('workspace/didChangeConfiguration'), server.registrations.join(', '));
      assert.ok(server.registrations.includes('workspace/didChangeWatchedFiles'), server.registrations.join(', '));
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('registers didChangeConfiguration with a client that registers it dynamically (VS Code), and no file watching with one that cannot', async () => {
    server = await startServer({
      configuration: () => ({ includeBundledCorpus: true }),
      capabilities: { workspace: { didChangeConfiguration: { dynamicRegistration: true } } },
    });
    await server.ready();
    assert.deepEqual(server.registrations, ['workspace/didChangeConfiguration']);
  });

  it('workspace/symbol "VUFO" finds its defining passage (any client, no settings)', async () => {
    server = await startServer();
    await server.ready();
    const symbols = (await server.connection.sendRequest(WorkspaceSymbolRequest.type, { query: 'VUFO' })) as SymbolInformation[];
    const seed = path.join(REPO, 'seeds', '004_a7945d2b60266b08.txt');
    const first = symbols[0];
    assert.ok(first, 'no symbol');
    assert.equal(first.name, 'VUFO');
    assert.equal(first.kind, SymbolKind.Constant);
    assert.equal(first.location.uri, pathToFileURL(seed).href);
    assert.deepEqual(first.location.range.start, positionOfText(fs.readFileSync(seed, 'utf8'), 'Liên hiệp các tổ chức hữu nghị Việt Nam (VUFO)'));
  });

  describe('a UTF-8 session (byte columns in and out)', () => {
    const BRIEF = ['# Đề xuất', '', 'Ủy ban Đặc biệt Thử nghiệm (UBĐBTN) được lập. Việc của UBĐBTN và của VUFO.', ''].join('\n');
    const uri = 'untitled:utf8-brief.md';

    beforeEach(async () => {
      server = await startServer({ capabilities: { general: { positionEncodings: ['utf-8', 'utf-16'] } } });
      await server.ready();
      server.open(uri, BRIEF);
    });

    it('hover: the position and the range are byte columns', async () => {
      const h = await server!.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: utf8PositionOf(BRIEF, 'UBĐBTN và') });
      assert.ok(h?.range, JSON.stringify(h));
      assert.deepEqual(h.range, { start: utf8PositionOf(BRIEF, 'UBĐBTN và', 0), end: utf8PositionOf(BRIEF, 'UBĐBTN và', 'UBĐBTN'.length) });
    });

    it('definition in the brief and in a corpus file: byte columns of that file', async () => {
      const inBrief = (await server!.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position: utf8PositionOf(BRIEF, 'UBĐBTN và') })) as Location[];
      assert.deepEqual(inBrief[0]?.range.start, utf8PositionOf(BRIEF, 'Ủy ban Đặc biệt', 0));
      const seed = path.join(REPO, 'seeds', '004_a7945d2b60266b08.txt');
      const seedText = fs.readFileSync(seed, 'utf8');
      const inCorpus = (await server!.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position: utf8PositionOf(BRIEF, 'VUFO.') })) as Location[];
      const vufo = inCorpus.find((l) => l.uri === pathToFileURL(seed).href);
      assert.ok(vufo, JSON.stringify(inCorpus));
      assert.deepEqual(vufo.range.start, utf8PositionOf(seedText, 'Liên hiệp các tổ chức hữu nghị Việt Nam (VUFO)', 0));
    });

    it('an incremental edit given in byte columns lands where the client meant it', async () => {
      const at = utf8PositionOf(BRIEF, 'được lập', 0);
      server!.change(uri, 2, [{ range: { start: at, end: at }, text: 'đã ' }]);
      const edited = BRIEF.replace('được lập', 'đã được lập');
      const symbols = await server!.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });
      assert.ok(symbols);
      const h = await server!.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: utf8PositionOf(edited, 'UBĐBTN và') });
      assert.deepEqual(h?.range, { start: utf8PositionOf(edited, 'UBĐBTN và', 0), end: utf8PositionOf(edited, 'UBĐBTN và', 'UBĐBTN'.length) });
    });

    it('policyLens/search ranges are byte columns of the corpus file (the UTF-16 ones of a UTF-16 client, converted)', async () => {
      const query = { query: 'Liên hiệp các tổ chức hữu nghị Việt Nam', limit: 5 };
      const utf8 = await server!.connection.sendRequest(SearchRequest, query);
      const other = await startServer();
      try {
        await other.ready();
        const utf16 = await other.connection.sendRequest(SearchRequest, query);
        assert.ok(utf16.results.length > 0);
        assert.deepEqual(utf8.results.map((h) => h.uri), utf16.results.map((h) => h.uri));
        utf16.results.forEach((h, i) => {
          const lines = fs.readFileSync(new URL(h.uri), 'utf8').split(/\r\n|\n|\r/);
          const bytes = (p: Position) => ({ line: p.line, character: Buffer.byteLength(lines[p.line].slice(0, p.character), 'utf8') });
          assert.deepEqual(utf8.results[i].range, { start: bytes(h.range.start), end: bytes(h.range.end) }, h.uri);
        });
      } finally {
        await other.stop();
      }
    });
  });
});
