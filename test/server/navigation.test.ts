/**
 * Hover, definition, references, workspace symbols and inlay hints over the real server,
 * on the bundled seeds plus a small corpus made for ambiguity. Each case: a brief with a
 * `|` cursor and what the answer must contain.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  DefinitionRequest,
  HoverRequest,
  InlayHintRequest,
  Location,
  MarkupContent,
  ReferencesRequest,
  WorkspaceSymbolRequest,
  SymbolInformation,
} from 'vscode-languageserver-protocol/node';
import { withCursor } from '../helpers/markers';
import { startServer, TestServer } from '../helpers/lspClient';

const SEED_002 = 'seeds/002_a85f37c5d9189d9a.txt';
const SEED_004 = 'seeds/004_a7945d2b60266b08.txt';

/** A corpus where "Nghị quyết 34" is ambiguous: a Party resolution and a Government one. */
function ambiguousCorpus(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pl-refs-'));
  fs.writeFileSync(path.join(dir, 'a.txt'), 'Đảng và đối ngoại\nNgày 9/1/2023, Bộ Chính trị ban hành Nghị quyết số 34-NQ/TW ngày 9/1/2023 của Bộ Chính trị về một số định hướng, chủ trương lớn triển khai đường lối đối ngoại Đại hội XIII.\n');
  fs.writeFileSync(path.join(dir, 'b.txt'), 'Chính phủ họp phiên thường kỳ\nChính phủ ban hành Nghị quyết số 34/NQ-CP ngày 3/3/2023 về các nhiệm vụ, giải pháp chủ yếu.\n');
  return dir;
}

let uriCounter = 0;
async function ask<T>(server: TestServer, method: 'hover' | 'definition' | 'references', marked: string): Promise<T> {
  const { text, position } = withCursor(marked);
  const uri = `untitled:brief-${++uriCounter}.md`;
  server.open(uri, text);
  const textDocument = { uri };
  if (method === 'hover') return (await server.connection.sendRequest(HoverRequest.type, { textDocument, position })) as T;
  if (method === 'definition') return (await server.connection.sendRequest(DefinitionRequest.type, { textDocument, position })) as T;
  return (await server.connection.sendRequest(ReferencesRequest.type, { textDocument, position, context: { includeDeclaration: true } })) as T;
}

const hoverText = (h: unknown) => ((h as { contents?: MarkupContent } | null)?.contents?.value ?? '');

describe('navigation on the bundled seeds', function () {
  let server: TestServer;
  before(async () => {
    server = await startServer();
    await server.ready();
  });
  after(async () => server.stop());

  const hovers: { brief: string; contains: (string | RegExp)[]; absent?: RegExp }[] = [
    { brief: 'Thực hiện Nghị quyết |34 của Bộ Chính trị.', contains: ['34-NQ/TW', '9/1/2023', /cited in 1 corpus document/, SEED_002] },
    { brief: 'Triển khai |34-NQ/TW trong năm 2024.', contains: ['34-NQ/TW', 'Bộ Chính trị', 'full reference'] },
    { brief: 'Quán triệt Nghị quyết Đại hội |XIII của Đảng.', contains: ['NQ ĐH XIII', /cited in \d+ corpus documents/] },
    { brief: 'Nâng cấp quan hệ lên Đối tác chiến lược |toàn diện với Hoa Kỳ.', contains: ['CSP', 'Comprehensive Strategic Partnership'] },
    { brief: 'Vai trò của |ĐNND ngày càng lớn.', contains: ['đối ngoại nhân dân', SEED_004] },
    { brief: 'Đối ngoại nhân dân (ĐNND) là trụ cột. |ĐNND phát triển.', contains: ['defined in this document, line 1'] },
    { brief: 'Tin từ |TTXVN cho biết.', contains: ['Thông tấn xã Việt Nam'] },
  ];
  for (const c of hovers) {
    it(`hover: ${c.brief}`, async () => {
      const text = hoverText(await ask(server, 'hover', c.brief));
      for (const needle of c.contains) {
        if (typeof needle === 'string') assert.ok(text.includes(needle), `hover lacks "${needle}":\n${text}`);
        else assert.match(text, needle);
      }
    });
  }

  it('escapes corpus text in hovers (no active markdown from sources)', async () => {
    const text = hoverText(await ask(server, 'hover', 'Nghị quyết |34'));
    assert.ok(!/\]\(command:/.test(text));
    assert.ok(text.includes('34\\-NQ/TW'), 'hyphen escaped in the citation');
  });

  it('definition of a short reference opens the fullest form in seed 002', async () => {
    const locs = (await ask<Location[]>(server, 'definition', 'Nghị quyết |34'))!;
    assert.ok(locs.length >= 1);
    assert.ok(locs[0].uri.endsWith(SEED_002));
    const line = fs.readFileSync(path.join(__dirname, '..', '..', SEED_002), 'utf8').split('\n')[locs[0].range.start.line];
    assert.ok(line.slice(locs[0].range.start.character).startsWith('Nghị quyết số 34-NQ/TW'), line.slice(locs[0].range.start.character, 60));
  });

  it('definition of a corpus-defined acronym opens the defining passage', async () => {
    const locs = (await ask<Location[]>(server, 'definition', 'Hoạt động của |VUFO.'))!;
    const seed = locs.find((l) => l.uri.endsWith(SEED_004));
    assert.ok(seed, JSON.stringify(locs));
    const line = fs.readFileSync(path.join(__dirname, '..', '..', SEED_004), 'utf8').split('\n')[seed!.range.start.line];
    assert.equal(line.slice(seed!.range.start.character, seed!.range.end.character), 'Liên hiệp các tổ chức hữu nghị Việt Nam (VUFO');
  });

  it('definition of a glossary-only acronym opens the glossary entry', async () => {
    const locs = (await ask<Location[]>(server, 'definition', 'Thành viên |APEC.'))!;
    assert.equal(locs.length, 1);
    assert.ok(locs[0].uri.endsWith('glossary.json'));
    const line = fs.readFileSync(new URL(locs[0].uri), 'utf8').split('\n')[locs[0].range.start.line];
    assert.ok(line.includes('"APEC"'), line);
  });

  it('references of a document list corpus and brief mentions', async () => {
    const locs = (await ask<Location[]>(server, 'references', 'Nghị quyết |34 và 34-NQ/TW'))!;
    assert.ok(locs.filter((l) => l.uri.endsWith(SEED_002)).length >= 2, JSON.stringify(locs));
    const thisBrief = `untitled:brief-${uriCounter}.md`;
    assert.equal(locs.filter((l) => l.uri === thisBrief).length, 2, 'both mentions in the brief');
    assert.ok(locs.some((l) => l.uri !== thisBrief && l.uri.startsWith('untitled:')), 'mentions in other open briefs too');
  });

  it('workspace symbols find references by number and documents by title, accent-insensitively', async () => {
    const byNumber = (await server.connection.sendRequest(WorkspaceSymbolRequest.type, { query: '34-nq' })) as SymbolInformation[];
    assert.ok(byNumber.some((s) => s.name === '34-NQ/TW'));
    const byTitle = (await server.connection.sendRequest(WorkspaceSymbolRequest.type, { query: 'van dung linh hoat' })) as SymbolInformation[];
    assert.ok(byTitle.some((s) => s.location.uri.endsWith(SEED_004)));
  });

  it('inlay hint after a short reference shows the canonical symbol and date', async () => {
    const text = 'Theo Nghị quyết 34, công tác đối ngoại ...';
    const uri = 'untitled:inlay.md';
    server.open(uri, text);
    const hints = (await server.connection.sendRequest(InlayHintRequest.type, { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } } }))!;
    assert.equal(hints.length, 1);
    assert.match(String(hints[0].label), /34-NQ\/TW · 9\/1\/2023/);
    assert.deepEqual(hints[0].position, { line: 0, character: 'Theo Nghị quyết 34'.length });
  });
});

describe('navigation with an ambiguous short reference', function () {
  let server: TestServer;
  before(async () => {
    server = await startServer({ initializationOptions: { includeBundledCorpus: false, corpusPaths: [ambiguousCorpus()] } });
    await server.ready();
  });
  after(async () => server.stop());

  it('hover lists every candidate instead of guessing silently', async () => {
    const text = hoverText(await ask(server, 'hover', 'Thực hiện Nghị quyết |34.'));
    assert.match(text, /could be 2 documents/);
    assert.ok(text.includes('34-NQ/TW') && text.includes('34/NQ-CP'), text);
  });

  it('a full form in the brief wins over the corpus', async () => {
    const text = hoverText(await ask(server, 'hover', 'Nghị quyết số 34/NQ-CP ngày 3/3/2023. Sau đó, Nghị quyết |34 được triển khai.'));
    assert.match(text, /`34\/NQ-CP`/);
    assert.match(text, /resolved from its full form in this document/);
  });

  it('definition returns both candidates, the most likely first', async () => {
    const locs = (await ask<Location[]>(server, 'definition', 'Nghị quyết |34'))!;
    assert.equal(locs.length, 2);
  });
});
