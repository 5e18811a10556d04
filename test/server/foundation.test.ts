/**
 * The real server over stdio: initialize, status until ready, hover mined from the corpus,
 * settings from initializationOptions and from workspace/configuration.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { HoverRequest, DidChangeConfigurationNotification, MarkupContent } from 'vscode-languageserver-protocol/node';
import { positionOf, startServer, TestServer } from '../helpers/lspClient';

const BRIEF = [
  '# Báo cáo đối ngoại nhân dân',
  '',
  'Năm 2024, VUFO tiếp tục phối hợp với các địa phương triển khai công tác ĐNND.',
  '',
].join('\n');

async function hoverText(server: TestServer, uri: string, text: string, needle: string): Promise<string | undefined> {
  const h = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: positionOf(text, needle) });
  return h ? (h.contents as MarkupContent).value : undefined;
}

describe('language server over stdio', function () {
  let server: TestServer;
  afterEach(async () => server?.stop());

  it('indexes the bundled seeds and reports status per the contract', async () => {
    server = await startServer();
    const status = await server.ready();
    assert.equal(status.state, 'ready');
    assert.equal(status.documents, 5);
    assert.ok(status.bytes > 100_000, `bytes ${status.bytes}`);
    assert.ok(status.acronyms > 0);
    assert.equal(typeof status.references, 'number');
    assert.equal(typeof status.indexMs, 'number');
    assert.equal(status.fromCache, false);
    assert.deepEqual(Object.keys(status).sort(), ['acronyms', 'bytes', 'documents', 'fromCache', 'indexMs', 'references', 'state']);
  });

  it('hovers an acronym with the long form mined from seed 004 and a link to the defining line', async () => {
    server = await startServer();
    await server.ready();
    const uri = 'untitled:brief-1.md';
    server.open(uri, BRIEF);
    const text = await hoverText(server, uri, BRIEF, 'VUFO');
    assert.ok(text, 'no hover on VUFO');
    assert.match(text!, /Liên hiệp các tổ chức hữu nghị Việt Nam/);
    const seed = pathToFileURL(path.join(__dirname, '..', '..', 'seeds', '004_a7945d2b60266b08.txt')).href;
    // The link opens the defining line of seed 004 (1-based in the fragment).
    const seedText = fs.readFileSync(path.join(__dirname, '..', '..', 'seeds', '004_a7945d2b60266b08.txt'), 'utf8');
    const line = seedText.slice(0, seedText.indexOf('Liên hiệp các tổ chức hữu nghị Việt Nam (VUFO)')).split('\n').length;
    assert.ok(text!.includes(`${seed}#L${line},`), `expected a link to ${seed}#L${line}: ${text}`);
  });

  it('gives no hover on an ordinary word', async () => {
    server = await startServer();
    await server.ready();
    const uri = 'untitled:brief-2.md';
    server.open(uri, BRIEF);
    assert.equal(await hoverText(server, uri, BRIEF, 'phối hợp'), undefined);
  });

  it('reads corpusPaths from initializationOptions and includeBundledCorpus', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-corpus-'));
    fs.writeFileSync(path.join(dir, 'a.txt'), 'Hội nghị quốc tế\nỦy ban Kinh tế và Xã hội (UBKTXH) họp phiên thứ nhất tại Hà Nội.\n');
    fs.writeFileSync(path.join(dir, 'b.md'), '# Ghi chú\nKhông có gì.\n');
    fs.writeFileSync(path.join(dir, 'skip.pdf'), 'not indexed');
    server = await startServer({ initializationOptions: { corpusPaths: [dir], includeBundledCorpus: false } });
    const status = await server.ready();
    assert.equal(status.documents, 2);
  });

  it('in an untrusted workspace reads nothing outside it', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-outside-'));
    fs.writeFileSync(path.join(outside, 'secret.txt'), 'Tài liệu ngoài\nKhông được đọc.\n');
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-ws-'));
    fs.mkdirSync(path.join(root, 'corpus'));
    fs.writeFileSync(path.join(root, 'corpus', 'inside.txt'), 'Tài liệu trong\nĐược đọc.\n');
    server = await startServer({ rootPath: root, initializationOptions: { trusted: false, includeBundledCorpus: false, corpusPaths: ['corpus', outside] } });
    const status = await server.ready();
    assert.equal(status.documents, 1);
    assert.ok(server.logs.some((l) => l.includes('Untrusted workspace') && l.includes(outside)), server.logs.join('\n'));
  });

  it('ends every progress report it begins, even when indexing runs twice at start-up', async () => {
    let conf: Record<string, unknown> = { includeBundledCorpus: true };
    server = await startServer({ configuration: () => conf });
    // A configuration change right after initialized, as VS Code sends it.
    await server.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    await server.waitForStatus((s) => s.state === 'ready');
    conf = { includeBundledCorpus: true };
    await server.waitForProgressEnded();
  });

  it('follows workspace/configuration and reacts to didChangeConfiguration', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-corpus-'));
    fs.writeFileSync(path.join(dir, 'one.txt'), 'Một văn bản\nNội dung ngắn về hợp tác quốc tế.\n');
    let conf: Record<string, unknown> = { includeBundledCorpus: true, corpusPaths: [] };
    server = await startServer({ configuration: () => conf });
    assert.equal((await server.ready()).documents, 5);
    conf = { includeBundledCorpus: false, corpusPaths: [dir] };
    await server.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    // Wait for the re-index to finish: status goes indexing -> ready with the new count.
    const status = await server.waitForStatus((s) => s.state === 'ready' && s.documents === 1);
    assert.equal(status.documents, 1);
  });
});

