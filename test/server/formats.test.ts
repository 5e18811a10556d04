/**
 * Word, PDF and HTML sources over the real server (stdio): a corpus folder of the fixture
 * files (test/fixtures/formats/corpus, made by real producers) indexes; hover, definition,
 * references and search land on the text rendition with exact ranges and name the original
 * file and page; the rendition follows its source (changed, deleted) and an unchanged
 * source is not read again on a warm start.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DefinitionRequest, HoverRequest, Location, MarkupContent, ReferencesRequest } from 'vscode-languageserver-protocol/node';
import { SearchRequest, StatsRequest } from '../../shared/protocol';
import { positionOf, startServer, TestServer } from '../helpers/lspClient';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'formats', 'corpus');

function copyCorpus(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-formats-'));
  for (const f of fs.readdirSync(FIXTURES)) fs.copyFileSync(path.join(FIXTURES, f), path.join(dir, f));
  return dir;
}

/** The text at a location, read from the file the location names (what any client opens). */
function textAt(loc: Location): string {
  const lines = fs.readFileSync(fileURLToPath(loc.uri), 'utf8').split('\n');
  const { start, end } = loc.range;
  if (start.line === end.line) return lines[start.line].slice(start.character, end.character);
  return [lines[start.line].slice(start.character), ...lines.slice(start.line + 1, end.line), lines[end.line].slice(0, end.character)].join('\n');
}

describe('Word, PDF and HTML sources (stdio)', function () {
  this.timeout(60000);
  let server: TestServer;
  let corpus: string;
  let cacheDir: string;
  let init: Record<string, unknown>;
  const brief = 'Ghi chú\nTTDLQG, BQLDACĐS, CSDLDC, HTXTĐT, KHTSLM, CDVCQG và TTPVHCC.\n';
  const briefUri = 'untitled:formats-brief.md';

  before(async () => {
    corpus = copyCorpus();
    cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-formats-cache-'));
    init = { includeBundledCorpus: false, corpusPaths: [corpus], cacheDir };
    server = await startServer({ initializationOptions: init, rootPath: os.tmpdir() });
    const s = await server.ready();
    assert.equal(s.documents, 9);
    server.open(briefUri, brief);
  });
  after(async () => server?.stop());

  const hover = async (needle: string) => {
    const h = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri: briefUri }, position: positionOf(brief, needle) });
    return h ? (h.contents as MarkupContent).value : '';
  };
  const definition = async (needle: string) =>
    (await server.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: briefUri }, position: positionOf(brief, needle) })) as Location[];

  const cases: { acronym: string; longForm: string; file: string; origin: string }[] = [
    { acronym: 'TTDLQG', longForm: 'Trung tâm Dữ liệu quốc gia', file: 'ke-hoach-du-lieu.docx', origin: 'ke-hoach-du-lieu.docx' },
    { acronym: 'BQLDACĐS', longForm: 'Ban Quản lý dự án chuyển đổi số', file: 'cong-van-du-an.doc', origin: 'cong-van-du-an.doc' },
    { acronym: 'CSDLDC', longForm: 'Cơ sở dữ liệu dân cư', file: 'bao-cao-so-lieu.pdf', origin: 'bao-cao-so-lieu.pdf, tr. 2' },
    { acronym: 'HTXTĐT', longForm: 'Hệ thống xác thực điện tử', file: 'trang-tin-xac-thuc.html', origin: 'trang-tin-xac-thuc.html' },
    { acronym: 'KHTSLM', longForm: 'Kế hoạch tuyển sinh lớp mười', file: 'tuyen-sinh-1258.htm', origin: 'tuyen-sinh-1258.htm' },
    { acronym: 'CDVCQG', longForm: 'Cổng Dịch vụ công quốc gia', file: 'thong-bao-vni.docx', origin: 'thong-bao-vni.docx' },
  ];
  for (const c of cases) {
    it(`${c.file}: hover names the original, definition opens the passage in its rendition`, async () => {
      const text = await hover(c.acronym);
      assert.ok(text.includes(c.longForm), text);
      assert.ok(text.includes(c.origin.replace(/[.\-()]/g, (ch) => `\\${ch}`)), `hover lacks the origin "${c.origin}":\n${text}`);
      const locs = await definition(c.acronym);
      assert.equal(locs.length, 1, JSON.stringify(locs));
      const file = fileURLToPath(locs[0].uri);
      assert.ok(file.startsWith(cacheDir) && file.endsWith(`-${c.file}.txt`), file);
      assert.ok(textAt(locs[0]).normalize('NFC').startsWith(c.longForm), textAt(locs[0]));
      // The hover's link opens the same rendition.
      assert.ok(text.includes(locs[0].uri.split('/').pop()!.replace(/[()]/g, (ch) => (ch === '(' ? '%28' : '%29'))), text);
    });
  }

  it('TCVN3 text from a .docx and a .pdf was converted, with the warning naming the file', async () => {
    assert.match(await hover('TTPVHCC'), /Trung tâm Phục vụ hành chính công/);
    const logs = server.logs.join('\n');
    assert.match(logs, /to-trinh-tcvn3\.docx looks like TCVN3/);
    assert.match(logs, /cong-van-tcvn3\.pdf looks like TCVN3/);
    assert.match(logs, /quyet-dinh-tcvn3\.doc looks like TCVN3/);
  });

  it('references land on the renditions', async () => {
    const locs = (await server.connection.sendRequest(ReferencesRequest.type, {
      textDocument: { uri: briefUri },
      position: positionOf(brief, 'TTDLQG'),
      context: { includeDeclaration: true },
    })) as Location[];
    const inCorpus = locs.filter((l) => l.uri !== briefUri);
    assert.ok(inCorpus.length >= 1, JSON.stringify(locs));
    for (const l of inCorpus) assert.ok(textAt(l).includes('TTDLQG') || textAt(l).startsWith('Trung tâm Dữ liệu quốc gia'), textAt(l));
  });

  it('search: hits on the rendition, with the original file and page', async () => {
    const r = await server.connection.sendRequest(SearchRequest, { query: 'xac thuc thong tin cong dan', limit: 5 });
    const hit = r.results.find((h) => h.origin?.startsWith('bao-cao-so-lieu.pdf'));
    assert.ok(hit, JSON.stringify(r.results));
    assert.equal(hit!.origin, 'bao-cao-so-lieu.pdf, tr. 2');
    assert.equal(hit!.originalUri, pathToFileURL(path.join(fs.realpathSync(corpus), 'bao-cao-so-lieu.pdf')).href);
    assert.match(textAt({ uri: hit!.uri, range: hit!.range }).normalize('NFC'), /xác thực/i);
    const page = await server.connection.sendRequest(SearchRequest, { query: 'Nghị định 59/2022/NĐ-CP', limit: 5 });
    const web = page.results.find((h) => h.origin === 'trang-tin-xac-thuc.html');
    assert.ok(web, JSON.stringify(page.results));
    assert.equal(web!.source, 'https://baotintuc.example.vn/cong-nghe/ra-mat-he-thong-xac-thuc-20240312.htm');
  });

  it('a changed .docx is read again, a deleted one takes its rendition with it; unchanged sources are not re-read on a warm start', async () => {
    const docx = path.join(corpus, 'ke-hoach-du-lieu.docx');
    const rendition = fileURLToPath((await definition('TTDLQG'))[0].uri);
    // Changed: replaced by another Word file (the VNI notice): TTDLQG goes, the rendition follows.
    const before = await server.connection.sendRequest(StatsRequest, {});
    fs.copyFileSync(path.join(corpus, 'thong-bao-vni.docx'), docx);
    await server.waitForStatus(() => true);
    for (;;) {
      const s = await server.connection.sendRequest(StatsRequest, {});
      if (s.version > before.version && s.pendingChanges === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    assert.equal(await hover('TTDLQG'), '');
    assert.match(fs.readFileSync(rendition, 'utf8'), /Cổng Dịch vụ công quốc gia/);
    // Deleted: the document and its rendition go.
    fs.rmSync(docx);
    await server.waitForStatus((s) => s.documents === 8);
    for (let i = 0; fs.existsSync(rendition) && i < 400; i++) await new Promise((resolve) => setTimeout(resolve, 25));
    assert.equal(fs.existsSync(rendition), false, 'rendition removed');
    await server.stop();

    server = await startServer({ initializationOptions: init, rootPath: os.tmpdir() });
    const warm = await server.ready();
    assert.equal(warm.fromCache, true);
    assert.equal(warm.documents, 8);
    assert.equal((await server.connection.sendRequest(StatsRequest, {})).lastBuild.reindexed, 0, 'no source read again');
    server.open(briefUri, brief);
    assert.match(await hover('CSDLDC'), /Cơ sở dữ liệu dân cư/);
  });
});
