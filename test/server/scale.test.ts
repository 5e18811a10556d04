/**
 * The real server over stdio: a file created, changed or deleted in a corpus folder updates
 * only that file's entries and the persisted index; a warm start then loads the updated
 * cache. Folders outside the workspace are watched by the server itself (chokidar); folders
 * inside it by the client (workspace/didChangeWatchedFiles). Tests wait for status
 * conditions, never for a fixed time.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DidChangeWatchedFilesNotification, FileChangeType, HoverRequest, MarkupContent } from 'vscode-languageserver-protocol/node';
import { StatsRequest, StatsResult } from '../../shared/protocol';
import { positionOf, startServer, TestServer } from '../helpers/lspClient';

const DEFINES_A = 'Tin địa phương\nHội đồng Tư vấn Chính sách Địa phương (HĐTVCSĐP) họp phiên đầu tiên tại Huế.\n';
const DEFINES_B = 'Tin tỉnh\nBan Điều phối Dự án Nông thôn (BĐPDANT) tổng kết năm.\n';

function tempDir(prefix: string): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
}

function writeCorpus(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'a.txt'), 'Kinh tế\nNgân hàng Nhà nước giữ ổn định lãi suất điều hành.\n');
  fs.writeFileSync(path.join(dir, 'b.txt'), 'Xã hội\nNgười dân được hỗ trợ học nghề.\n');
  fs.mkdirSync(path.join(dir, 'sub'));
  fs.writeFileSync(path.join(dir, 'sub', 'c.md'), '# Giáo dục\nKỳ thi trung học phổ thông quốc gia.\n');
}

async function stats(server: TestServer): Promise<StatsResult> {
  return server.connection.sendRequest(StatsRequest, {});
}

/** Asks for the stats until the condition holds (the watcher's initial scan has no status notification). */
async function untilStats(server: TestServer, predicate: (s: StatsResult) => boolean): Promise<StatsResult> {
  for (;;) {
    const s = await stats(server);
    if (predicate(s)) return s;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function hoverText(server: TestServer, uri: string, text: string, needle: string): Promise<string | undefined> {
  const h = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: positionOf(text, needle) });
  return h ? (h.contents as MarkupContent).value : undefined;
}

describe('scale: incremental corpus updates and the persisted index (stdio)', function () {
  this.timeout(60000);
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it('updates one file at a time from the server watcher (corpus outside the workspace), and the cache', async () => {
    const corpus = tempDir('pl-scale-corpus-');
    const workspace = tempDir('pl-scale-ws-');
    const cacheDir = tempDir('pl-scale-cache-');
    writeCorpus(corpus);
    const init = { includeBundledCorpus: false, corpusPaths: [corpus], cacheDir };
    server = await startServer({ initializationOptions: init, rootPath: workspace });
    const first = await server.ready();
    assert.equal(first.documents, 3);
    assert.equal(first.fromCache, false);
    const watching = await untilStats(server, (s) => s.watcher.ready);
    assert.equal(watching.watcher.folders, 1);

    // Created.
    fs.writeFileSync(path.join(corpus, 'd.txt'), DEFINES_A);
    const created = await server.waitForStatus((s) => s.documents === 4);
    const brief = 'Báo cáo\nHĐTVCSĐP và BĐPDANT đã họp.\n';
    const briefUri = pathToFileURL(path.join(workspace, 'brief.md')).href;
    server.open(briefUri, brief);
    assert.match((await hoverText(server, briefUri, brief, 'HĐTVCSĐP')) ?? '', /Hội đồng Tư vấn Chính sách Địa phương/);

    // Changed: a second definition in an existing file.
    fs.appendFileSync(path.join(corpus, 'a.txt'), DEFINES_B);
    await server.waitForStatus((s) => s.acronyms === created.acronyms + 1);
    assert.match((await hoverText(server, briefUri, brief, 'BĐPDANT')) ?? '', /Ban Điều phối Dự án Nông thôn/);

    // Deleted: a file, then a whole folder.
    fs.rmSync(path.join(corpus, 'd.txt'));
    await server.waitForStatus((s) => s.documents === 3 && s.acronyms === created.acronyms);
    assert.equal(await hoverText(server, briefUri, brief, 'HĐTVCSĐP'), undefined);
    fs.rmSync(path.join(corpus, 'sub'), { recursive: true });
    await server.waitForStatus((s) => s.documents === 2);
    const before = await server.waitForStatus(() => true);
    await server.stop(); // shutdown writes the pending cache update

    // A warm start loads the updated cache: nothing to re-index.
    server = await startServer({ initializationOptions: init, rootPath: workspace });
    const warm = await server.ready();
    assert.equal(warm.fromCache, true);
    assert.equal(warm.documents, 2);
    assert.equal(warm.acronyms, before.acronyms);
    assert.equal((await stats(server)).lastBuild.reindexed, 0);
  });

  it('follows workspace/didChangeWatchedFiles for a corpus inside the workspace', async () => {
    const workspace = tempDir('pl-scale-ws-');
    const corpus = path.join(workspace, 'corpus');
    writeCorpus(corpus);
    server = await startServer({
      initializationOptions: { includeBundledCorpus: false, corpusPaths: ['corpus'], cacheDir: tempDir('pl-scale-cache-') },
      rootPath: workspace,
      capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true } } },
    });
    assert.equal((await server.ready()).documents, 3);
    assert.equal((await stats(server)).watcher.folders, 0, 'the client watches this folder, not the server');
    const notify = (file: string, type: FileChangeType) =>
      server!.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToFileURL(file).href, type }] });

    fs.writeFileSync(path.join(corpus, 'd.txt'), DEFINES_A);
    await notify(path.join(corpus, 'd.txt'), FileChangeType.Created);
    const created = await server.waitForStatus((s) => s.documents === 4);

    fs.appendFileSync(path.join(corpus, 'b.txt'), DEFINES_B);
    await notify(path.join(corpus, 'b.txt'), FileChangeType.Changed);
    await server.waitForStatus((s) => s.acronyms === created.acronyms + 1);

    // A deleted folder is reported as the folder alone.
    fs.rmSync(path.join(corpus, 'sub'), { recursive: true });
    await notify(path.join(corpus, 'sub'), FileChangeType.Deleted);
    await server.waitForStatus((s) => s.documents === 3);

    // A change outside the corpus folders is ignored.
    fs.writeFileSync(path.join(workspace, 'notes.txt'), 'Ghi chú\nKhông thuộc kho.\n');
    await notify(path.join(workspace, 'notes.txt'), FileChangeType.Created);
    const s = await untilStats(server, (x) => x.pendingChanges === 0);
    assert.equal((await server.waitForStatus(() => true)).documents, 3);
    assert.equal(s.pendingChanges, 0);
  });
});
