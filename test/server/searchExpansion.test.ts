/**
 * Acronym-aware search over stdio (issue 18, "Done when"): "CSP" finds seed 002, which says
 * "Đối tác chiến lược toàn diện"; "đầu tư trực tiếp nước ngoài" finds an article that says
 * only FDI; each such hit says which name matched; quotes and `exact` turn expansion off.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SearchHit, SearchRequest } from '../../shared/protocol';
import { startServer, TestServer } from '../helpers/lspClient';

const FDI_ONLY = path.join(__dirname, '..', 'fixtures', 'vn-news', '21481729.txt');

describe('acronym-aware search over stdio', function () {
  this.timeout(120000);
  let server: TestServer;
  before(async () => {
    const corpus = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-expansion-'));
    fs.copyFileSync(FDI_ONLY, path.join(corpus, 'fdi.txt'));
    server = await startServer({ initializationOptions: { includeBundledCorpus: true, corpusPaths: [corpus] }, rootPath: os.tmpdir() });
    await server.ready();
  });
  after(async () => server?.stop());

  const search = (query: string, exact = false) => server.connection.sendRequest(SearchRequest, { query, limit: 10, exact });
  const highlighted = (h: SearchHit) => (h.highlights ?? []).map(([s, e]) => h.snippet.slice(s, e)).join(' ');

  it('"CSP" finds seed 002 through its long form, and says so', async () => {
    const r = await search('CSP');
    assert.match(r.results[0]?.uri ?? '', /002_a85f37c5d9189d9a\.txt$/, JSON.stringify(r.results));
    assert.deepEqual(r.results[0].expansions, [{ form: 'CSP', matched: 'Đối tác chiến lược toàn diện' }]);
    assert.match(highlighted(r.results[0]), /Đối tác chiến lược toàn diện/i);
  });

  it('"đầu tư trực tiếp nước ngoài" finds the article that says only FDI', async () => {
    assert.ok(!/đầu tư trực tiếp nước ngoài/i.test(fs.readFileSync(FDI_ONLY, 'utf8').normalize('NFC')));
    const r = await search('đầu tư trực tiếp nước ngoài');
    const hit = r.results.find((h) => h.uri.endsWith('/fdi.txt'));
    assert.ok(hit, JSON.stringify(r.results.map((h) => h.uri)));
    assert.deepEqual(hit!.expansions, [{ form: 'đầu tư trực tiếp nước ngoài', matched: 'FDI' }]);
  });

  it('quotes and exact: true turn expansion off', async () => {
    assert.equal((await search('"CSP"')).total, 0);
    assert.equal((await search('CSP', true)).total, 0);
  });
});
