/**
 * Search cancellation over stdio, as the Search Corpus box causes it: the writer types on
 * while searches run, each new keystroke cancelling the previous request. A search sent
 * behind running ones and cancelled at once answers RequestCancelled (-32800) without
 * running; the searches before it are answered in full, and so is the next one.
 */
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { CancellationTokenSource, LSPErrorCodes, ResponseError } from 'vscode-languageserver-protocol/node';
import { SearchRequest } from '../../shared/protocol';
import { startServer, TestServer } from '../helpers/lspClient';

const CORPUS = path.join(__dirname, '..', 'fixtures', 'vn-news');

describe('search cancellation over stdio', function () {
  this.timeout(120000);
  let server: TestServer;
  before(async () => {
    server = await startServer({ initializationOptions: { includeBundledCorpus: false, corpusPaths: [CORPUS] } });
    await server.ready();
  });
  after(async () => server?.stop());

  it('a search cancelled while earlier ones run answers RequestCancelled; the others are answered in full', async () => {
    const busy = ['ngân hàng nhà nước', 'thị trường bất động sản', 'biến đổi khí hậu', 'bảo hiểm xã hội'].map((query) => ({ query, limit: 200 }));
    const want = await Promise.all(busy.map((p) => server.connection.sendRequest(SearchRequest, p)));
    const running = busy.map((p) => server.connection.sendRequest(SearchRequest, p));
    const cts = new CancellationTokenSource();
    const cancelled = server.connection.sendRequest(SearchRequest, { query: 'giá xăng dầu', limit: 200 }, cts.token);
    cts.cancel();
    await assert.rejects(cancelled, (e: unknown) => e instanceof ResponseError && e.code === LSPErrorCodes.RequestCancelled);
    const got = await Promise.all(running);
    const withoutTime = (r: { tookMs: number }) => ({ ...r, tookMs: 0 });
    assert.deepEqual(got.map(withoutTime), want.map(withoutTime));
    assert.ok((await server.connection.sendRequest(SearchRequest, { query: 'giá xăng dầu', limit: 200 })).total > 0);
  });
});
